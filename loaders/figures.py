"""Figures in an answer's sentences and tables: counts with what they count, money, percentages,
ranges, durations, lower bounds and stated zeros ("there have been no convictions"), each with the
period words near it; and the cells of tables, whether printed one cell a line, run into one line
("Number of referrals UKBA 238 Police 166 …") or as a label and its value ("Agency Staff: 3").

What is not a figure: dates and years, question and column numbers, cross-references and labels
("Police Research Series 125", "WA 115", "sections 145 and 146", "Impact 1 and 2", "chapter 5"),
ordinals, the numbers inside period words ("the last six months"), and a count with nothing
counted ("four pronged approach": a count needs a plural noun after it).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from commitments.record.numbers import SCALE_PATTERN, SCALES, word_value, words_pattern

from .citations import MONTH_PATTERN
from .model import Candidate, Span
from .periods import Found, find_periods

_WORD = f"(?:{words_pattern(2)})"
"""A number in words from two up ("one" is too often not a count: "one of the …")."""
_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MENTION = re.compile(
    r"(?<![\w.,/£$€\-–'’])(?P<currency>£|€|\$|US\$)?\s?"
    r"(?:(?P<numeral>" + _NUMERAL + r")(?![\w,]*\d)(?!(?!(?:" + SCALE_PATTERN + r")\b)[A-Za-z])"
    r"|(?P<word>\b(?:" + _WORD + r"|one(?=[\-–](?:day|week|month|year)\b))\b))"
    r"(?:\s?(?P<scale>" + SCALE_PATTERN + r")\b)?"
    r"(?:\s?(?P<percent>per\s?cent\b(?:\.(?=\s+[a-z]))?|percent\b|%))?",
    re.IGNORECASE,
)
_DATE_SPANS = re.compile(
    rf"\b[0-3]?\d(?:st|nd|rd|th)?\s+{MONTH_PATTERN}(?:\s*,?\s*(?:19|20)\d\d)?"
    rf"|\b{MONTH_PATTERN}\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\b{MONTH_PATTERN}\s+(?:19|20)\d\d"
    r"|\b(?:19|20)\d\d\s*[–\-/]\s*(?:(?:19|20)\d\d|\d\d)\b"
    r"|\b\d{1,2}[.:]\d\d\s*(?:am|pm|a\.m\.|p\.m\.)"
    r"|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_URL = re.compile(r"https?://\S+|www\.\S+|[\w.+\-]+@[\w\-]+\.[\w.]+")
_BRACKETED = re.compile(r"\[[^\]]{1,20}\]")

_LABEL_WORDS = {
    "section", "sections", "chapter", "chapters", "paragraph", "paragraphs", "para", "paras",
    "clause", "clauses", "article", "articles", "regulation", "regulations", "schedule",
    "schedules", "part", "parts", "page", "pages", "column", "columns", "col", "cols", "c",
    "cc", "vol", "volume", "table", "tables", "annex", "annexes", "figure", "figures", "series",
    "number", "no", "nos", "rule", "rules", "phase", "stage", "tier", "level", "grade", "band",
    "category", "type", "class", "form", "protocol", "directive", "convention", "act", "bill",
    "order", "route", "question", "questions", "item", "items", "point", "note", "box", "line",
    "version", "edition", "step", "option", "priority", "objective", "target", "hc", "hl", "cm",
    "wa", "w", "ws", "reference", "ref", "session", "report", "appendix", "window", "room",
}  # fmt: skip
_NOT_LABELS = {
    "over", "some", "about", "around", "nearly", "almost", "only", "all", "of", "in", "since",
    "by", "approximately", "at", "to", "for", "with", "between", "from", "under", "another",
    "the", "these", "those", "its", "their", "our", "each", "every", "just", "a", "further",
    "and", "or", "than", "more", "less", "fewer", "up", "currently", "there", "were", "are",
    "estimated", "least", "total", "additional", "extra", "had", "have", "has", "now", "on",
    "when", "where", "while", "after", "before", "during", "within", "across", "we",
    "they", "that", "which", "who", "but", "also",
}  # fmt: skip
_FUNCTION = {
    "the", "a", "an", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
    "but", "have", "has", "had", "were", "was", "are", "is", "be", "been", "being", "which",
    "who", "that", "this", "these", "those", "their", "its", "our", "we", "they", "it", "he",
    "she", "per", "cent", "will", "would", "could", "should", "may", "might", "can", "not",
    "than", "as", "into", "over", "under", "between", "since", "during", "across", "through",
    "after", "before", "up", "out", "about", "around", "such", "there", "here", "so", "if",
    "then", "also", "each", "all", "any", "some", "more", "most", "less", "fewer", "further",
    "whom", "whose", "where", "when", "while", "currently", "now", "only", "just", "alone",
    "including", "included", "against", "within", "among", "amongst", "via", "both",
}  # fmt: skip
_IRREGULAR_PLURALS = {
    "people", "children", "women", "men", "staff", "personnel", "police", "cattle", "sheep",
    "data", "criteria", "media", "aircraft", "youth", "livestock", "deer", "poultry", "crew",
}  # fmt: skip
_LOWER_BOUND = re.compile(
    r"(?:\bover|\bmore than|\bin excess of|\bat least|\bupwards of|\babove|\bexceeding)\s*$",
    re.IGNORECASE,
)
_PENALTY = re.compile(
    r"\b(?:penalty|penalties|sentence|sentences|imprisonment|custody|custodial|jail|prison|term)\b",
    re.IGNORECASE,
)
_RATE = re.compile(
    r"^\s*(?:people\s+|persons\s+|victims\s+)?(?:per\s+(?:year|annum)|a\s+year|each\s+year|every\s+year|annually)\b",
    re.IGNORECASE,
)
_RATE_ANYWHERE = re.compile(
    r"\b(?:per\s+(?:year|annum)|a\s+year|each\s+year|every\s+year|annually)\b", re.IGNORECASE
)
_FRACTION = re.compile(
    r"^[\-\s](?:halves|thirds?|quarters?|fifths?|sixths?|tenths?)\b", re.IGNORECASE
)
_COMPOUND_DURATION = re.compile(
    r"^[\-–\s](day|week|month|year)\b(?=\s*,?\s*(?:£|[a-z]))(?!\s+(?:of|in|to|and|or)\b)",
    re.IGNORECASE,
)
"""A duration written before what it qualifies: "two-year" agreement, "45 day" period."""
_DURATION = re.compile(
    r"^\s*(?:(?:calendar|working|clear)\s+)?(?:days|weeks|months)\b", re.IGNORECASE
)
_VAGUE_DURATION = re.compile(
    r"\b(?:the|these|those|or|past|last|next|first|every|each|recent|previous)\s*$", re.IGNORECASE
)
"""Words before a duration that make it a period or a guess: "the last two weeks", "one or two
months"."""
_PEOPLE = re.compile(
    r"\b(?:people|persons|women|men|children|girls|boys|victims|migrants|individuals|trafficked|adults|minors)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A number in a sentence, with its currency or per cent, and its words as written."""

    start: int
    end: int
    value: float
    currency: str | None
    percent: bool
    text: str


def figures_in(
    sentence: str, offset: int, answered: dt.date | None, context: str = ""
) -> list[Candidate]:
    """The figures in one sentence; ``offset`` is where the sentence starts in the answer.

    ``context`` is the sentence before, read only to tell what an estimate counts ("some women
    and children are trafficked …. This was estimated at between 140 and 1,400 per year").
    """
    if " | " in sentence:
        return []  # a table row from a page's markup: read by the table's own reader, not here
    labelled = _LABELLED_VALUE.match(sentence)
    if labelled and labelled.group("label").split()[-1].lower() in _LABEL_WORDS | {"uin", "year"}:
        return []  # "Question: 48814", "UIN: 3373": a reference, not a figure
    if labelled:  # "Agency Staff: 3 (all full time)": a table of one row, on its own line
        cells = [(*labelled.span("label"), True), (*labelled.span("value"), False)]
        return _cell_figures(cells, sentence, offset, answered)
    if not MENTION.search(sentence) and not _NO.search(sentence):
        return []
    periods = find_periods(sentence, answered)
    blocked = _blocked_spans(sentence, periods)
    flat = _flattened_cells(sentence, blocked)
    table = _cell_figures(flat, sentence, offset, answered)
    if table:  # "Number of referrals UKBA 238 Police 166 …": a table run into one line
        blocked.append((flat[0][0], flat[-1][1]))
    mentions = [m for m in mentions_in(sentence) if not _inside(m, blocked)]
    candidates: list[Candidate] = []
    labels: list[Mention] = []
    used: set[int] = set()
    for index, mention in enumerate(mentions):
        if index in used:
            continue
        if _is_label(sentence, mention, labels):
            labels.append(mention)
            continue
        candidate = _range(sentence, mentions, index, used, periods, offset, context)
        if candidate is None:
            candidate = _single(sentence, mention, periods, offset, context)
        if candidate is None and candidates:
            candidate = _next_in_series(sentence, mention, candidates[-1], periods)
        if candidate is not None:
            candidates.append(candidate)
    spread = _spread_over(sentence, offset, candidates)
    return table + candidates + spread + _stated_zeros(sentence, offset, periods, blocked)


_SPREAD = re.compile(
    rf"\b(?:over|across)\s+the\s+next\s+(?P<number>\d+|{_WORD})\s+(?P<unit>years|months)\b",
    re.IGNORECASE,
)
"""The time a sum is spread over: "£2.4 million over the next two years"."""


def _spread_over(sentence: str, offset: int, found: list[Candidate]) -> list[Candidate]:
    """The duration a sum of money is given for, when the sentence states the sum."""
    if not any(c.unit == "GBP" for c in found):
        return []
    out: list[Candidate] = []
    for match in _SPREAD.finditer(sentence):
        number = match.group("number")
        value = float(number) if number.isdigit() else float(word_value(number))
        years = match.group("unit").lower() == "years"
        out.append(
            Candidate(
                kind="figure",
                quote=sentence,
                offset=offset,
                value=value,
                unit="years" if years else "count",
                number=number,
                counts="years of funding" if years else "months of funding",
                basis="point_in_time",
            )
        )
    return out


# --- tables ---------------------------------------------------------------------------------------

Cell = tuple[int, int, bool]
"""A table cell: where it starts and ends in its text, and whether it starts a row."""

_CELL_NUMBER = (
    r"(?:£\s?)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
    r"(?:\s?(?:million|billion|bn|m)\b)?(?:\s?%|\s?per\s?cent\b\.?)?"
)
_VALUE_CELL = re.compile(rf"^(?P<number>{_CELL_NUMBER}|[-–—]|[Nn]il)(?:\s*\((?P<inner>[^()]*)\))?$")
"""A cell that is a value: "534", "1,297", "£2.4 million", "12%", "nil", a nil "-", "225 (181
full time …)"."""
_LABELLED_VALUE = re.compile(
    rf"^(?P<label>[A-Z][^:.;\d]{{0,60}}?):\s*(?P<value>{_CELL_NUMBER}(?:\s*\([^()]*\))?)\.?$"
)
"""A line that is a label and its value: "Home Office Staff: 225 (181 full time and 44 part
time)"."""
_LABEL_COUNT = re.compile(r"^(?P<words>[A-Za-z][^()\d]*?)\s\((?P<number>\d{1,3}(?:,\d{3})+|\d+)\)$")
"""A row label that carries its own count: "Adult (385)"."""
_INNER = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)\s+(?P<what>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,3}?)"
    r"(?=\s*(?:,|;|\band\b|\bor\b|$))"
)
"""A count inside a value's brackets: "225 (181 full time and 44 part time)"."""
_NIL = re.compile(r"(?:^|\s)[-–—]\s*=\s*nil\b", re.IGNORECASE | re.MULTILINE)
"""The legend that makes a table's lone dash a zero: "- = nil"."""
_CELL_LINE = re.compile(r"[^\n]+")
_PROSE = re.compile(r"[.!?:;](?:\s|$)|\b(?:was|were|is|are|has|have|had|been|will)\b")


def table_figures(
    text: str, answered: dt.date | None, end: int | None = None
) -> tuple[list[Candidate], list[tuple[int, int]]]:
    """The figures of the tables printed one cell a line (as most pages print them), and the
    spans of those tables (their cells are read here, not as sentences).

    A table is a run of at least four short lines, two or more of them values. A value counts
    what the nearest label line before it names (a row's first cell, or a year), and its quote
    runs from that label to the value: ``Adult (385)\n\n2\n\n12`` for the 12. A lone "-" is a
    zero only where the answer says "- = nil". Lines from ``end`` on (an excerpt's unfinished
    last sentence) are not read.
    """
    limit = len(text) if end is None else end
    runs: list[list[Cell]] = [[]]
    for match in _CELL_LINE.finditer(text, 0, limit):
        line = match.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        if len(stripped) <= 100 and (_VALUE_CELL.match(stripped) or not _PROSE.search(stripped)):
            runs[-1].append((start, start + len(stripped), False))
        elif runs[-1]:
            runs.append([])
    candidates: list[Candidate] = []
    spans: list[tuple[int, int]] = []
    for cells in runs:
        values = sum(1 for start, end_, _ in cells if _is_value(text[start:end_], nil=True))
        if len(cells) < 4 or values < 2:
            continue
        candidates.extend(_cell_figures(cells, text, 0, answered))
        spans.append((cells[0][0], cells[-1][1]))
    return candidates, spans


def _is_value(cell: str, nil: bool) -> bool:
    match = _VALUE_CELL.match(cell.strip())
    if not match:
        return False
    number = match.group("number")
    if number in {"-", "–", "—"}:
        return nil
    if re.match(r"[£\d]", number) and re.search(r"\d(?:\s?(?:m|bn)\b)", number):
        return number.startswith("£")  # "m" or "bn" with no currency is not a sum
    return not _YEAR.match(number)


_FLAT_TOKEN = re.compile(r"\S+")
_BARE_NUMBER = re.compile(r"(?<!\S)(?:\d[\d,.]*%?|[-–—])(?!\S)")
_FLAT_VALUE = re.compile(r"^(?:£?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?|[-–—])$")
_FLAT_LABEL = re.compile(r"^(?:[A-Za-z‘’'][\w‘’'\-]*|\(\d[\d,]*\)|\d+[-–]\d+|\d+\+|(?:19|20)\d\d)$")


def _flattened_cells(sentence: str, blocked: list[tuple[int, int]]) -> list[Cell]:
    """The cells of a table run into one line (``Number of referrals UKBA 238 Police 166 …``,
    ``2009 534 Adult (385) 2 12``): the longest stretch of short labels (five words at most, the
    first capitalised; a year is a label of its own) each followed by values, with no
    punctuation, verb or date in it. Fewer than three labels and three values: none."""
    if len(_BARE_NUMBER.findall(sentence)) < 3:
        return []  # a table's values stand alone: three at least, or there is no table
    best: list[Cell] = []
    cells: list[Cell] = []
    pending: list[Cell] = []  # labels not yet followed by a value
    words: list[tuple[int, int]] = []  # the words of the label being read

    def flush_words() -> None:
        nonlocal words
        if words:
            pending.append((words[0][0], words[-1][1], False))
            words = []

    def close() -> None:
        nonlocal best, cells, pending, words
        labels = sum(1 for start, end, _ in cells if not _FLAT_VALUE.match(sentence[start:end]))
        if labels >= 3 and len(cells) - labels >= 3 and len(cells) > len(best):
            best = cells
        cells, pending, words = [], [], []

    for token in _FLAT_TOKEN.finditer(sentence):
        word = token.group(0)
        span = (token.start(), token.end())
        if any(start < span[1] and span[0] < end for start, end in blocked):
            close()
        elif _YEAR.match(word):  # a year labels what follows it
            flush_words()
            pending.append((*span, False))
        elif _FLAT_VALUE.match(word):
            flush_words()
            if pending or cells:
                cells.extend(pending)
                cells.append((*span, False))
            pending = []
        elif not _FLAT_LABEL.match(word) or word.lower() in _VERBS | {"been", "will"}:
            close()
        elif not words and not (word[0].isupper() or word[0].isdigit() or word[0] in "‘’'("):
            close()
        else:
            words.append(span)
            if len(words) > 5:
                close()
    close()
    return best


def _cell_figures(
    cells: list[Cell], text: str, offset: int, answered: dt.date | None
) -> list[Candidate]:
    """Every value among ``cells``, counting what its row's label names, quoted from the label.
    In a table whose rows are years (its first heading "Year"), the value right after a row's
    year counts what the next heading names ("Year | Total Number of Potential Victims Referred
    to NRM | …": 534 after 2009)."""
    nil = bool(_NIL.search(text))
    found: list[Candidate] = []
    label: tuple[int, int] | None = None
    column = _year_column(cells, text, nil)
    first_after_label = False
    for start, end, row_start in cells:
        cell = text[start:end]
        if row_start:
            label = None
        value = _VALUE_CELL.match(cell)
        if not _is_value(cell, nil) or value is None:
            label = (start, end)
            first_after_label = True
            own = _LABEL_COUNT.match(cell)
            if own:
                found.append(
                    _cell_candidate(
                        text, offset, start, end, own.group("number"), own.group("words"), answered
                    )
                )
            continue
        first = label[0] if label else start
        words = text[label[0] : label[1]] if label else None
        number = value.group("number")
        heading = column if first_after_label else None
        first_after_label = False
        found.append(_cell_candidate(text, offset, first, end, number, words, answered, heading))
        for inner in _INNER.finditer(value.group("inner") or ""):
            found.append(
                _cell_candidate(
                    text, offset, first, end, inner.group("number"), inner.group("what"), answered
                )
            )
    return found


_YEAR_HEADING = re.compile(r"^(?:calendar\s+|financial\s+)?years?$", re.IGNORECASE)


def _year_column(cells: list[Cell], text: str, nil: bool) -> str | None:
    """What the column after a table's "Year" heading names: its heading is the table's first
    cell, the next cell is the next heading, and both come before the first value."""
    headings = []
    for start, end, _ in cells:
        cell = text[start:end]
        if _is_value(cell, nil) or _YEAR.match(cell.strip()):
            break
        headings.append(cell.strip())
    if len(headings) >= 2 and _YEAR_HEADING.match(headings[0]):
        return headings[1]
    return None


def _cell_candidate(
    text: str,
    offset: int,
    start: int,
    end: int,
    number: str,
    label: str | None,
    answered: dt.date | None,
    column: str | None = None,
) -> Candidate:
    parts = re.match(
        r"£?\s?(?P<numeral>[\d,.]+)\s?(?P<scale>million|billion|bn|m)?\b\s?(?P<percent>%|per)?",
        number,
    )
    if parts is None:  # a nil cell: "-" or "nil"
        value, unit = 0.0, "count"
    else:
        scale = SCALES.get((parts.group("scale") or "").lower(), 1)
        value = float(parts.group("numeral").replace(",", "")) * scale
        percent = bool(parts.group("percent"))
        unit = "GBP" if number.startswith("£") else "percent" if percent else "count"
    quote = text[start:end]
    label = label.strip() if label else None
    periods = find_periods(label or "", answered)
    counts = label
    if label and _YEAR.match(label):  # a row of a year: the year is its period, not its count
        year = int(label)
        period, basis = Span(label, dt.date(year, 1, 1), dt.date(year, 12, 31)), "within_period"
        counts = column  # what its column's heading names, where the table says
    elif periods:
        period, basis = periods[0].span, periods[0].basis
    else:
        period, basis = None, "point_in_time"
    own = _LABEL_COUNT.match(label or "")
    if own:  # "Adult (385)" counts adults
        counts = own.group("words").strip()
    return Candidate(
        kind="figure",
        quote=quote,
        offset=offset + start,
        value=value,
        unit=unit,
        number=number.strip(),
        counts=counts,
        period=period,
        basis=basis,
    )


_NO = re.compile(r"\b[Nn]o\s+(?:such\s+|further\s+|new\s+)?(?=[A-Za-z])")
_ZERO_BEFORE = re.compile(
    r"\bthere\s+(?:have|has|had)\s+(?:yet\s+|so\s+far\s+)?been\s+$"
    r"|\bthere\s+(?:were|was)\s+$"
    r"|\bthere\s+(?:have\s+been|has\s+been|were|was)\s+[^.;:]*?(?:,|\band|\bbut)\s+$"
    r"|\b(?:have|has|had)\s+(?:been\s+)?(?:recorded|found|identified|made|received|brought)\s+$",
    re.IGNORECASE,
)
_ZERO_AFTER = re.compile(
    r"^[^,.;:]{0,80}?\b(?:have|has|had)\s+(?:yet\s+)?been\s+(?:[a-z]+ed|found|made|brought|seen)\b"
    r"|^[^,.;:]{0,80}?\b(?:were|was)\s+(?:[a-z]+ed|found|made|brought|seen)\b"
)


_NOT_COUNTED = {
    "figures", "statistics", "data", "details", "records", "plans", "proposals", "estimates",
    "reports", "arrangements", "powers", "grounds", "means", "ways", "questions", "comments",
}  # fmt: skip
"""What "no" and a plural say is not held or not intended, not a count of none: "there were no
figures collected", "no plans were made"."""


def _stated_zeros(
    sentence: str, offset: int, periods: list[Found], blocked: list[tuple[int, int]]
) -> list[Candidate]:
    """``There have been no convictions yet``, ``no such offences were recorded``: a count of
    none, stated as fact ("no" and a plural noun, with "there have been" before it or a verb of
    finding or recording after it)."""
    found: list[Candidate] = []
    for match in _NO.finditer(sentence):
        counted = _counted_noun(sentence[match.end() :])
        if not counted or counted.split()[0].lower() in _NOT_COUNTED:
            continue
        rest = sentence[match.end() + len(counted) :]
        if not (
            _ZERO_BEFORE.search(sentence[: match.start()])
            or _ZERO_AFTER.match(counted.split()[-1] + rest)
        ):
            continue
        mention = Mention(match.start(), match.start() + 2, 0.0, None, False, match.group(0)[:2])
        if _inside(mention, blocked):
            continue
        period, basis = _period_for(sentence, mention, periods, "count", rest)
        found.append(
            Candidate(
                kind="figure",
                quote=sentence,
                offset=offset,
                value=0.0,
                unit="count",
                number=mention.text,
                counts=counted,
                period=period,
                basis=basis,
            )
        )
    return found


def _next_in_series(
    sentence: str, mention: Mention, previous: Candidate, periods: list[Found]
) -> Candidate | None:
    """``37,665 cases were removed in 2000, 39,850 in 2001 and 54,720 in 2002``: the later
    numbers count what the first one counts, each for its own period."""
    if previous.unit != "count" or mention.currency or mention.percent:
        return None
    following = [p for p in periods if 0 <= p.start - mention.end <= 2]
    if not following:
        return None
    period = following[0]
    return replace(
        previous,
        value=mention.value,
        value_high=None,
        lower_bound=bool(_LOWER_BOUND.search(sentence[: mention.start])),
        number=mention.text,
        period=period.span,
        basis=period.basis,
    )


def mentions_in(sentence: str) -> list[Mention]:
    """Every number in ``sentence`` as the extractor reads it: its value, a scale applied ("£3
    million" is 3000000), and its words as written. Years are left out, and so is a number with
    "m" or "bn" after it but no currency. Which of them are figures is for ``figures_in`` to say."""
    found: list[Mention] = []
    for match in MENTION.finditer(sentence):
        currency = match.group("currency")
        numeral = match.group("numeral")
        word = match.group("word")
        if numeral:
            value = float(numeral.replace(",", ""))
            if _YEAR.match(numeral) and not currency and not match.group("percent"):
                continue
        else:
            value = float(word_value(word))
        scale = (match.group("scale") or "").lower()
        if scale in {"m", "bn"} and not currency:
            continue
        multiplier = SCALES.get(scale, 1)
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        found.append(
            Mention(
                start=start,
                end=match.end(),
                value=value * multiplier,
                currency=currency,
                percent=bool(match.group("percent")),
                text=sentence[start : match.end()].strip(),
            )
        )
    return found


def _blocked_spans(sentence: str, periods: list[Found]) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for p in periods]
    for pattern in (_DATE_SPANS, _URL, _BRACKETED):
        spans.extend((m.start(), m.end()) for m in pattern.finditer(sentence))
    # "the last five years", "each of the last three years": period words the patterns missed.
    for match in re.finditer(
        r"\b(?:last|past|previous|next|first|coming)\s+\w+\s+(?:days?|weeks?|months?|years?|quarters?)\b",
        sentence,
        re.IGNORECASE,
    ):
        spans.append((match.start(), match.end()))
    return spans


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans) or any(
        start <= mention.start < end for start, end in spans
    )


def _is_label(sentence: str, mention: Mention, labels: list[Mention]) -> bool:
    """A number that names or refers to something rather than stating a quantity."""
    if mention.currency or mention.percent:
        return False
    before = sentence[: mention.start]
    after = sentence[mention.end :]
    word = re.search(r"([A-Za-z][\w'’\-]*)\.?\s*\(?$", before)
    if word:
        token = word.group(1)
        if token.lower() in _LABEL_WORDS:
            return True
        if (
            token[0].isupper()
            and token.lower() not in _NOT_LABELS
            and not re.match(MONTH_PATTERN + "$", token)
        ):
            return True
    if labels:
        gap = sentence[labels[-1].end : mention.start]
        if re.fullmatch(r"\s*(?:,|and|or|to|&|[–\-])\s*(?:,|and|or)?\s*", gap) and not (
            gap.strip() == "," and _counted_noun(after)
        ):  # "Pentameter 2, 31 victims …": a count after a label, not the next label
            return True
    if re.match(r"^[\-–]\w", after) and not _COMPOUND_DURATION.match(after):
        # "24-hour", "four-pronged": part of a compound word (a "two-year" agreement is a duration)
        return True
    return bool(re.match(r"^\s*\)", after) and re.search(r"\(\s*[A-Z][\w\s]*$", before))


def _range(
    sentence: str,
    mentions: list[Mention],
    index: int,
    used: set[int],
    periods: list[Found],
    offset: int,
    context: str,
) -> Candidate | None:
    if index + 1 >= len(mentions):
        return None
    low, high = mentions[index], mentions[index + 1]
    gap = sentence[low.end : high.start]
    if not re.fullmatch(r"\s*(?:and|to|[–\-])\s*", gap):
        return None
    lead = sentence[: low.start]
    if not re.search(r"\b(?:between|from)\s*$", lead, re.IGNORECASE):
        if not re.fullmatch(r"\s*to\s*", gap):
            return None
    currency = low.currency or high.currency
    percent = low.percent or high.percent
    if high.value < low.value:
        return None
    used.add(index + 1)
    start = low.start
    words = re.search(r"\b(?:between|from)\s*$", lead, re.IGNORECASE)
    if words:
        start = words.start()
    tail = sentence[high.end :]
    unit, counts = _unit_and_counts(
        sentence, high, currency, percent, tail, context, prefer_rate=True
    )
    if unit is None:
        return None
    period, basis = _period_for(sentence, low, periods, unit, tail)
    return Candidate(
        kind="figure",
        quote=sentence,
        offset=offset,
        value=low.value,
        value_high=high.value,
        unit=unit,
        number=sentence[start : high.end].strip(),
        counts=counts,
        period=period,
        basis=basis,
    )


def _single(
    sentence: str, mention: Mention, periods: list[Found], offset: int, context: str
) -> Candidate | None:
    if mention.value == 0:
        return None
    tail = sentence[mention.end :]
    unit, counts = _unit_and_counts(
        sentence, mention, mention.currency, mention.percent, tail, context
    )
    if unit is None:
        return None
    lower_bound = bool(_LOWER_BOUND.search(sentence[: mention.start]))
    period, basis = _period_for(sentence, mention, periods, unit, tail)
    return Candidate(
        kind="figure",
        quote=sentence,
        offset=offset,
        value=mention.value,
        unit=unit,
        lower_bound=lower_bound,
        number=mention.text,
        counts=counts,
        period=period,
        basis=basis,
    )


def _unit_and_counts(
    sentence: str,
    mention: Mention,
    currency: str | None,
    percent: bool,
    tail: str,
    context: str,
    prefer_rate: bool = False,
) -> tuple[str | None, str | None]:
    if currency:
        if currency != "£":
            return None, None
        return "GBP", _phrase_after(tail) or _clause_before(sentence, mention.start)
    if percent:
        if re.match(r"^\s*of\b", tail):
            return "percent", _phrase_after(tail, stop_at_verb=True)
        if re.search(r"\bby\s+(?:about\s+|around\s+|some\s+|over\s+)?$", sentence[: mention.start]):
            return "percent", _clause_before(sentence, mention.start)
        bracket = re.search(
            r"([A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,5})\s*\(\s*$", sentence[: mention.start]
        )
        if bracket:  # "grants of asylum (10 per cent.)"
            words = bracket.group(1).split()
            while words and words[0].lower() in _FUNCTION:
                words.pop(0)
            return "percent", " ".join(words) or None
        return "percent", _phrase_after(tail) or _clause_before(sentence, mention.start)
    duration = re.match(r"^\s*(years?)(?:'|’)?\b", tail, re.IGNORECASE)
    if duration:
        context = sentence[max(0, mention.start - 60) : mention.end + 40]
        if _PENALTY.search(context) and duration.group(1).lower().startswith("year"):
            return "years", _penalty_words(sentence, mention.start)
        return None, None
    if _FRACTION.match(tail):  # "two thirds of local authorities": a share, not a count
        return None, None
    compound = _COMPOUND_DURATION.match(tail)
    if compound:  # "a two-year funding agreement", "a 30 day reflection period"
        unit = "years" if compound.group(1).lower() == "year" else "count"
        what = _phrase_after(tail[compound.end() :])
        if what:  # "a 45 day minimum reflection period and one-year permits": up to "and"
            what = re.split(r"\s+(?:and|or|which|that|during|where|when)\b", what)[0]
        return unit, f"{compound.group(1).lower()} {what}" if what else compound.group(1).lower()
    if re.match(r"^\s*(?:hours?|minutes?)\b", tail, re.IGNORECASE):
        return None, None
    if _DURATION.match(tail):  # "support for four weeks", "a stay of 81 days"
        if _VAGUE_DURATION.search(sentence[: mention.start]):
            return None, None
        return "count", _phrase_after(tail)
    rate = _RATE.match(tail)
    if rate or (prefer_rate and _RATE_ANYWHERE.search(tail)):
        if _PEOPLE.search(sentence) or _PEOPLE.search(context):
            return "people_per_year", _people_words(sentence, context)
        return "count", _phrase_after(tail)
    counted = _counted_noun(tail)
    if counted:
        return "count", counted
    if re.match(r"^\s*(?:in total|in all|altogether)\b", tail, re.IGNORECASE):
        before = _noun_before(sentence, mention.start)
        if before:
            return "count", f"{before.split()[-1]} in total"
    if re.search(
        r"\b(?:currently|now|a total of|totalling)\s*\(?\s*$",
        sentence[: mention.start],
        re.IGNORECASE,
    ):
        before = _noun_before(sentence, mention.start)
        if before:
            return "count", before
    change = re.search(r"\b(?:from|to)\s*$", sentence[: mention.start])
    if change and re.match(r"^\s+(?:in|at|by|on)\s+\S", tail):
        # "operations rose from 188 in December 2016 to 4,114 in December 2021"
        start = [m.start() for m in re.finditer(r"\bfrom\b", sentence[: mention.start])]
        before = _noun_before(sentence, start[-1]) if start else None
        if before:
            return "count", before
    if prefer_rate:
        counted = _counted_noun(re.sub(r"^\s*(?:were|was|are|have been)\s+", " ", tail))
        if counted:
            return "count", counted
    if re.match(r"^\s*(?:$|[.,;:)]|in\b|during\b|since\b|over\b|at\b|as at\b|for\b)", tail):
        stated = _stated_count(sentence[: mention.start])
        if stated:
            return "count", stated
    return None, None


_APPROXIMATELY = (
    r"(?:(?:about|around|approximately|some|over|more than|almost|nearly|just over)\s+)?"
)
_NUMBER_OF = re.compile(
    r"\bnumber\s+of\s+(?P<what>[A-Za-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,5})"
    r"[^.;]{0,100}?\b(?:was|were|is|are|stood\s+at|totalled|came\s+to|reached|amounted\s+to"
    r"|rose\s+to|fell\s+to)\s+" + _APPROXIMATELY + r"$",
    re.IGNORECASE,
)
_SUBJECT_VERB = re.compile(
    r"(?:^|[,;:]\s*)(?P<what>(?:[A-Za-z][\w\-]*\s+){0,3}[A-Za-z][\w\-]*s)\s+"
    r"(?:totalled|numbered|reached|stood\s+at|came\s+to|rose\s+to|fell\s+to)\s+"
    + _APPROXIMATELY
    + r"$",
    re.IGNORECASE,
)


def _stated_count(before: str) -> str | None:
    """What a count with no noun after it counts: ``the number of people arrested … was 1,234``."""
    match = _NUMBER_OF.search(before)
    if match:
        words: list[str] = []
        for word in match.group("what").split():
            if word.lower() in _FUNCTION:
                break
            words.append(word)
        return " ".join(words) or None
    match = _SUBJECT_VERB.search(before)
    if match:
        words = [w for w in match.group("what").split() if w.lower() not in _FUNCTION]
        return " ".join(words) if words and _is_plural(words[-1]) else None
    return None


_TOKEN = re.compile(r"\s*((?:right\s+)?hon\.|[A-Za-z][\w'’\-/]*|\d[\d,.]*\d|\d|\S)")


def _tokens(text: str, limit: int = 24) -> list[str]:
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        out.append(match.group(1))
        if len(out) >= limit:
            break
    return out


def _is_plural(word: str) -> bool:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    return (
        len(lower) > 2
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "is", "'s", "’s", "ous"))
        and lower not in _FUNCTION
    )


def _counted_noun(tail: str) -> str | None:
    """``27 operations which have reached the arrest phase``: the noun phrase after a count."""
    tokens = [t for t in _tokens(tail) if t not in {"“", "”", '"', "‘"}]  # “step-down” places
    run: list[str] = []
    head = None
    for index, token in enumerate(tokens):
        if not re.match(r"[A-Za-z]", token) or token.lower() in _FUNCTION:
            break
        run.append(token)
        if _is_plural(token):
            head = index
            break
        if len(run) >= 5:
            break
    if head is None:
        return None
    phrase = tokens[: head + 1]
    rest = tokens[head + 1 :]
    if rest and rest[0].lower() in {"which", "who", "that"}:
        clause: list[str] = []
        for token in rest:
            if token in {",", ";", ":", ".", "(", ")"} or len(clause) >= 10:
                break
            if (
                token.lower() == "and"
                and clause
                and clause[-1].lower() not in {"which", "who", "that"}
            ):
                break
            clause.append(token)
        phrase += clause
    elif rest and rest[0].lower() in {
        "of",
        "for",
        "involved",
        "identified",
        "arrested",
        "convicted",
    }:
        extra: list[str] = [rest[0]]
        for token in rest[1:]:
            if (
                not re.match(r"[A-Za-z]", token)
                or token.lower() in _FUNCTION - {"in"}
                or len(extra) >= 5
            ):
                break
            extra.append(token)
        if len(extra) > 1:
            phrase += extra
    return " ".join(phrase)


def _noun_before(sentence: str, position: int) -> str | None:
    """The plural noun phrase before a bracket: ``Immigration Liaison Officers (currently 12)``."""
    text = re.sub(
        r"\(?\s*(?:currently|now|a total of|totalling)?\s*\(?\s*$",
        "",
        sentence[:position],
        flags=re.IGNORECASE,
    )
    words = re.findall(r"[A-Za-z][\w'’\-]*|\S", text)
    for index in range(len(words) - 1, max(len(words) - 8, -1), -1):
        if _is_plural(words[index]):
            phrase = [words[index]]
            for word in reversed(words[max(0, index - 4) : index]):
                if not re.match(r"[A-Za-z]", word) or word.lower() in _FUNCTION:
                    break
                phrase.insert(0, word)
            return " ".join(phrase)
    return None


_VERBS = {"was", "were", "is", "are", "has", "have", "had", "will", "would", "resulted"}


def _phrase_after(tail: str, stop_at_verb: bool = False) -> str | None:
    words: list[str] = []
    for token in _tokens(tail, 10):
        if token in {",", ";", ":", ".", "(", ")"} or token[0].isdigit():
            break
        if stop_at_verb and token.lower() in _VERBS:
            break
        words.append(token)
    while words and words[-1].lower() in _FUNCTION:
        words.pop()
    return " ".join(words).strip() or None


def _clause_before(sentence: str, position: int) -> str | None:
    text = sentence[:position]
    text = re.sub(
        r"\b(?:by|of|to|at|about|around|over|some|nearly|almost|approximately)\s*$",
        "",
        text.rstrip(),
        flags=re.IGNORECASE,
    )
    clause = re.split(r",(?!\d{3})|[;:(]", text)[-1]
    words = clause.split()[-10:]
    return " ".join(words).strip() or None


def _penalty_words(sentence: str, position: int) -> str:
    before = sentence[max(0, position - 60) : position]
    match = re.search(
        r"((?:\w+\s+){0,2}(?:penalty|sentence|term|imprisonment|custody))\s+(?:of\s+)?(?:up\s+to\s+)?$",
        before,
        re.IGNORECASE,
    )
    return match.group(1).strip() if match else "maximum penalty"


def _people_words(sentence: str, context: str) -> str:
    """What a yearly estimate of people counts, in the answer's words where it says."""
    for text in (sentence, context):
        match = re.search(
            r"\b((?:some\s+)?(?:women|men|children|people|persons|victims|migrants|girls|boys)"
            r"(?:\s+and\s+(?:women|men|children|girls|boys))?)\s+(?:are|were|being)\s+(trafficked[^,.;]*)",
            text,
            re.IGNORECASE,
        )
        if match:
            return f"{match.group(1)} {match.group(2)}".strip()
        if re.search(r"\btrafficked\b", text):
            return "people trafficked"
    return "people"


def _period_for(
    sentence: str, mention: Mention, periods: list[Found], unit: str, tail: str
) -> tuple[Span | None, str]:
    """The period words for a figure: in its own clause, else the nearest before it.

    A penalty has no period; a yearly rate's period is its rate words ("per year", "annually").
    """
    if unit == "years":
        return None, "point_in_time"
    rate = _RATE_ANYWHERE.search(tail)
    if unit == "people_per_year" and rate:
        own = [p for p in periods if p.kind in {"fy", "year", "between", "last"}]
        if own:
            return own[0].span, own[0].basis
        return Span(rate.group(0)), "within_period"
    if not periods:
        return None, "point_in_time"
    start, end = _clause(sentence, mention.start)
    inside = [p for p in periods if start <= p.start and p.end <= end]
    if inside:
        nearest = min(
            inside, key=lambda p: min(abs(p.start - mention.end), abs(mention.start - p.end))
        )
        return nearest.span, nearest.basis
    before = [p for p in periods if p.end <= mention.start]
    if before:
        chosen = before[-1]
        return chosen.span, chosen.basis
    return None, "point_in_time"


def clause_around(sentence: str, words: str) -> str:
    """The clause of ``sentence`` that holds ``words`` (the sentence when they are not in it)."""
    position = sentence.find(words) if words else -1
    if position < 0:
        return sentence
    start, end = _clause(sentence, position)
    return sentence[start:end]


def _clause(sentence: str, position: int) -> tuple[int, int]:
    """The clause around ``position``: bounded by punctuation and by ``and`` not before a number."""
    bounds = [0]
    for match in re.finditer(
        r",(?!\d{3})|[;:()]|\s(?:and|but|while|whereas)\s(?!\s*(?:£|\d|" + _WORD + r"\b))",
        sentence,
    ):
        bounds.append(match.start())
        bounds.append(match.end())
    bounds.append(len(sentence))
    bounds = sorted(set(bounds))
    start, end = 0, len(sentence)
    for b in bounds:
        if b <= position:
            start = b
        elif b > position:
            end = b
            break
    return start, end
