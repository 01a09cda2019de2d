"""Historic Hansard written answers as text, in the three renderings met in real use.

- **header style** (api.parliament.uk/historic-hansard pages): a citation line, the asker's name
  on its own line, the question ending in its number, the minister's name, the answer.
- **§ style**: each speech starts with ``§ Name`` glued to its text; no citation, date or house.
- **TheyWorkForYou page text**: page furniture (``Alert me about debates like this``,
  ``Photo of Lord Patten Lord Patten Conservative``) around the speeches.

The header reader also takes two renderings of 2002–2010 copies:

- **publications.parliament.uk daily pages**: ``Previous Section Index Home Page`` furniture,
  in-flow column headings (``22 May 2006 : Column 1515W``, ``… Column 1514W—continued``) that give
  the date, run-in ``Name: To ask …``, several answers to a page, ``Name [holding answer …]:``.
- **hansard.parliament.uk pages**: ``Skip to main content``, the title above ``Volume 447: debated
  on Thursday 8 June 2006`` (heading and date), question numbers in round brackets ``(74839)``,
  askers' and ministers' names not printed (recorded as not printed).

Pages may start or end inside another answer: a tail under a "continued" column heading is an
answer of its own, its table debris is set aside as a flag, and a question cut off by the end of
the copy is set aside as a flag, never made an answer. Post-2014 renderings go to
``modern_pages.parse_modern_page`` first.

All of them become the same sequence of names and paragraphs, which one reader turns into
question-and-answer groups: several pairs on a page, grouped questions answered together, and
a speech by someone else inside an answer (a spliced fragment, handled by ``cleaning``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from commitments.record.model import FlagKind, House

from .citations import (
    CITATION,
    PageAddress,
    PrintedCitation,
    house_of,
    parse_citation,
    parse_day_month_year,
    read_page_address,
)
from .cleaning import UIN, Block, clean_answer
from .departments import answering_body
from .model import (
    PARAGRAPH_BREAK,
    Columns,
    Extent,
    Flag,
    ParsedAnswer,
    address_disagreements,
    is_complete,
    missing_flags,
    ordered_flags,
)
from .modern_pages import parse_modern_page
from .names import (
    QUESTION_OPENERS,
    continues_name,
    name_like,
    office_and_name,
    read_photo_caption,
    split_glued,
)
from .tagging import Tagger

_TWFY_ANSWERED = re.compile(
    r"^(?P<body>.+?)\s+written (?:question|answer)s?\s*[–—-]+\s*answered (?:at|on)\s+"
    r"(?P<date>.+?)\.?$",
    re.IGNORECASE,
)
_TWFY_SOURCE = re.compile(r"^Hansard source\s*\(Citation:\s*(?P<citation>.+?)\)\s*$", re.IGNORECASE)
_FURNITURE = re.compile(
    r"^(?:Alert me about debates like this|Hide full answer|Show full answer|Link to this|"
    r"Link to this speech|Share|Share this|Tweet|Email me|Email|Facebook|Individually|Speech|"
    r"In context|Previous answer|Next answer|Ask a question|Mentions:?|Comments|"
    r"Get alerts.*|Sign up.*|Copy link.*|Report this.*|Written answers|Written Answers|"
    r"See (?:this|the) .* in context|Watch this|Hansard source.*)$",
    re.IGNORECASE,
)
_DATE_LINE = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?[0-3]?\d(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+\d{4}\.?$"
)
_TERMINAL = (".", "?", "!", ".”", '."', ".'", ".)", ":", "]")
# publications.parliament.uk daily pages and hansard.parliament.uk pages: site furniture, the
# in-flow column headings ("22 May 2006 : Column 1515W", "… Column 1514W—continued") and the
# "Volume 447: debated on Thursday 8 June 2006" line, which give the page's date.
_SITE_FURNITURE = re.compile(
    r"^(?:Previous Section\W+Index\W+Home Page\W*|Skip to main content|Next Section\W+Index\W+"
    r"Home Page\W*|Index\W+Home Page\W*)$",
    re.IGNORECASE,
)
_COLUMN_HEADING = re.compile(
    r"^(?P<date>[0-3]?\d\s+[A-Z][a-z]{2,8}\.?\s+\d{4})\s*:\s*Columns?\s+(?P<column>\d{1,4})"
    r"(?P<series>WA|WS|W)\s*(?:[—–-]\s*)?(?:continued)?$"
)
_DEBATED = re.compile(
    r"^Volume\s+(?P<volume>\d+)\s*:\s*debated on\s+(?:[A-Z][a-z]+day\s+)?(?P<date>.+?)\s*$"
)
# A question number printed in round brackets at the end of the question, "… Consultation.
# (74839)": the square-bracket form's meaning in the hansard.parliament.uk rendering.
_ROUND_UIN = re.compile(r"\s*\((?P<uin>HL\s?\d{2,6}|\d{3,7})\)\s*$")
# The speaker line with its holding answer: "Mr. Coaker [holding answer 12 September 2007]: As …".
_SPEAKER_HOLDING = re.compile(
    r"^(?P<name>[A-Z][^:\[\]]{1,60}?)\s*(?P<holding>\[\s*holding answers?\s[^\]]{3,40}\])\s*:\s*"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
# A later part of a grouped question met before any question opener: "(2) what schemes …".
_QUESTION_PART = re.compile(
    r"^\(\d{1,2}\)\s+(?:what|how|whether|if|when|which|why|who|where|for what|on what|"
    r"to what|with what|by what)\b"
)
_BARE_COLUMN = re.compile(r"^\d{1,4}(?:WA|WS|W)$")
_ENUMERATED = re.compile(r"^\((?:\d{1,2}|[a-h]|[ivx]{1,4})\)\s")
_OPENS_WITH_HOLDING = re.compile(r"^\[\s*holding answers?\s[^\]]{3,40}\]\s*[:.]?\s*")
_ROLE_LINE = re.compile(
    r"^(?:Conservative|Labour|Liberal Democrats?|Crossbench|Non-affiliated|Bishops?|Independent"
    r"|Scottish National Party|SNP|Plaid Cymru|DUP|Democratic Unionist|UUP|Ulster Unionist|SDLP"
    r"|Green|Alliance|Speaker|Deputy Speaker|Minister|Parliamentary|Secretary|Under-Secretary"
    r"|The (?:Minister|Parliamentary|Secretary|Solicitor|Attorney|Lord)|Solicitor|Attorney"
    r"|Chancellor|Deputy|Shadow|Whip|Lord Chancellor|Leader|Chair)\b[^.]{0,200}$"
)
_LORDS_OPENER = re.compile(r"(?:asked|To ask) (?:Her|His) Majesty's Government")
_COMMONS_OPENER = re.compile(
    r"(?:asked|To ask) the (?:Secretary|Prime|Chancellor|Minister|Solicitor|Attorney|Leader"
    r"|President|Chairman|hon)"
)


@dataclass
class _Item:
    kind: str  # "name" | "text"
    text: str
    role: str | None = None
    explicit: bool = False  # a § mark or a photo caption says a speech starts here


@dataclass
class _Group:
    headings: list[str] = field(default_factory=list)
    askers: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    minister: str | None = None
    role: str | None = None
    blocks: list[Block] = field(default_factory=list)
    parts_only: bool = False  # the page starts at a later part of a grouped question
    set_aside: list[str] = field(default_factory=list)  # an earlier answer's table debris


@dataclass(frozen=True)
class _Page:
    citation: PrintedCitation | None = None
    date: dt.date | None = None
    house: House | None = None
    department: str | None = None
    heading: str | None = None
    volume: int | None = None  # "Volume 447: debated on …" (hansard.parliament.uk pages)
    continues: bool = False  # the page opens in a column "…—continued": inside an earlier answer


def parse_hansard_text(
    text: str | bytes,
    *,
    date: dt.date | None = None,
    house: str | None = None,
    url: str | None = None,
    extent: Extent = Extent.UNKNOWN,
    tagger: Tagger | None = None,
) -> list[ParsedAnswer]:
    """Every written answer on a page of historic Hansard text, cleaned, without candidates.

    Date and house come from the text where it prints them; ``date``, ``house`` and ``url``
    supply them where it does not. ``extent`` says whether the text is the whole answer (see
    ``Extent``); the tagger gives the ministers' names and departments.
    """
    text = normalise_text(text)
    modern = parse_modern_page(text, url=url, date=date, house=house, extent=extent, tagger=tagger)
    if modern is not None:
        return modern
    rendering = detect_rendering(text)
    known = tagger.minister_names if tagger else ()
    if rendering == "twfy":
        page, items = _twfy_items(text)
    elif rendering == "section":
        page, items = _section_items(text, known)
    else:
        page, items = _header_items(text, known)
    groups = _groups(items, continues=page.continues)
    cut_question = _cut_question(groups)
    address = read_page_address(url)
    answers = [
        _answer(group, page, address, rendering, date, house, url, extent, tagger)
        for group in groups
    ]
    answers = [answer for answer in answers if answer.answer or answer.question]
    if cut_question and answers:
        answers[-1] = replace(
            answers[-1],
            flags=(
                *answers[-1].flags,
                Flag(
                    FlagKind.OTHER_ANSWER,
                    "the next item's question, cut off by the end of the copy with no answer:"
                    " set aside, not part of this answer",
                    text=cut_question,
                ),
            ),
        )
    return _one_house(_only_the_last_cut(answers, extent))


def _only_the_last_cut(answers: list[ParsedAnswer], extent: Extent) -> list[ParsedAnswer]:
    """Only a page's last answer can be cut off by the end of its copy: an answer another
    follows is whole, however it ends (a table's last row has no full stop), whether the copy
    is said to be the first part only or nothing is said of it."""
    if extent is Extent.COMPLETE:
        return answers
    return [
        replace(answer, complete=True) if number < len(answers) - 1 else answer
        for number, answer in enumerate(answers)
    ]


def _cut_question(groups: list[_Group]) -> str | None:
    """The page's last question when the copy stops inside it, before any answer: removed from
    ``groups`` and returned, so it is kept as a flag and never made an answer."""
    if len(groups) < 2:
        return None
    last = groups[-1]
    if last.blocks or not last.questions:
        return None
    question = PARAGRAPH_BREAK.join(last.questions)
    if UIN.search(question) or question.rstrip().endswith(_TERMINAL):
        return None
    groups.pop()
    asker = f"{', '.join(last.askers)}: " if last.askers else ""
    return PARAGRAPH_BREAK.join([*last.headings, f"{asker}{question}"])


def _one_house(answers: list[ParsedAnswer]) -> list[ParsedAnswer]:
    """A page of Hansard is one House's: an answer whose House nothing else gives takes the
    House its page's other answers agree on."""
    houses = {answer.house for answer in answers if answer.house is not None}
    if len(houses) != 1:
        return answers
    (page_house,) = houses
    return [a if a.house is not None else replace(a, house=page_house) for a in answers]


def normalise_text(text: str | bytes) -> str:
    """Decode, and make line ends and spaces plain; nothing else of the text changes."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = text.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")


def detect_rendering(text: str) -> str:
    """``twfy``, ``section`` (§ marks) or ``header`` (the citation-header style)."""
    if (
        re.search(r"written (?:question|answer)s?\s*[–—-]+\s*answered", text, re.IGNORECASE)
        or "Alert me about debates like this" in text
        or re.search(r"^Photo of ", text, re.MULTILINE)
    ):
        return "twfy"
    if re.search(r"^\s*§", text, re.MULTILINE):
        return "section"
    return "header"


# --- renderings to items --------------------------------------------------------------------------


def _header_items(text: str, known: Iterable[str]) -> tuple[_Page, list[_Item]]:
    citation = None
    date = None
    heading = None
    continues = False
    volume: int | None = None
    items: list[_Item] = []
    blank = True
    per_line = _paragraph_per_line(text)
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            blank = True
            continue
        blank = blank or per_line
        if _is_citation_line(line):
            citation = citation or parse_citation(line)
            blank = True
            continue
        if _DATE_LINE.match(line) and date is None:
            date = parse_day_month_year(line)
            blank = True
            continue
        if _SITE_FURNITURE.match(line):
            blank = True
            continue
        heading_line = _COLUMN_HEADING.match(line)
        if heading_line:
            date = date or parse_day_month_year(heading_line.group("date"))
            continues = continues or (not items and line.lower().endswith("continued"))
            blank = True
            continue
        debated = _DEBATED.match(line)
        if debated:
            date = date or parse_day_month_year(debated.group("date"))
            volume = volume or int(debated.group("volume"))
            if items and heading is None and not _is_question(items[-1].text):
                heading = items.pop().text  # the title printed above "Volume …: debated on"
            blank = True
            continue
        line = _square_round_uin(line)
        held = _SPEAKER_HOLDING.match(line)
        if held and name_like(held.group("name")):
            items.append(_Item("name", held.group("name").strip()))
            _add_line(
                items, f"{held.group('holding')} {held.group('rest')}".strip(), True, (), False
            )
            blank = False
            continue
        _add_line(items, line, blank, known, explicit=False)
        blank = False
    page = _Page(citation=citation, date=date, heading=heading, volume=volume, continues=continues)
    return page, items


def _section_items(text: str, known: Iterable[str]) -> tuple[_Page, list[_Item]]:
    citation = None
    date = None
    items: list[_Item] = []
    lines = text.split("\n")
    seen_mark = False
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            continue
        if not seen_mark and not line.startswith("§"):
            if _is_citation_line(line):
                citation = citation or parse_citation(line)
            elif _DATE_LINE.match(line):
                date = date or parse_day_month_year(line)
            elif name_like(line) or (len(line) < 120 and not line.endswith(".")):
                items.append(_Item("name" if name_like(line) else "text", line))
            continue
        if line.startswith("§"):
            seen_mark = True
            body = line.lstrip("§").strip()
            office = office_and_name(body)
            name, rest = split_glued(body, known)
            if (name is None or not rest) and name_like(body) and i < len(lines):
                # A name broken across lines: "§ Beverley" / "HughesWe set out…".
                more, more_rest = split_glued(lines[i].strip(), known)
                if more and continues_name(more):
                    name, rest = f"{body} {more}", more_rest
                    i += 1
                elif name is None:
                    name, rest = body, ""
            if name is None:
                items.append(_Item("text", body))
                continue
            role = office[1] if office else None
            items.append(_Item("name", name.rstrip(":").strip(), role=role, explicit=True))
            if rest.strip():
                items.append(_Item("text", rest.strip()))
            continue
        if _BARE_COLUMN.match(line) and items and items[-1].kind == "text":
            # A column number on a line of its own between speeches ("763W") belongs to the
            # flow of the speech before; it is not a paragraph that would open a new speech.
            items[-1].text = f"{items[-1].text} {line}"
            continue
        items.append(_Item("text", line))
    return _Page(citation=citation, date=date), items


def _twfy_items(text: str) -> tuple[_Page, list[_Item]]:
    citation = None
    date = None
    house = None
    department = None
    heading = None
    items: list[_Item] = []
    blank = True
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line:
            blank = True
            continue
        answered = _TWFY_ANSWERED.match(line)
        if answered:
            date = parse_day_month_year(answered.group("date"))
            body = answered.group("body").strip()
            if re.search(r"House of Lords|Lords", body):
                house = House.LORDS
            elif re.search(r"House of Commons", body):
                house = House.COMMONS
            else:
                house, department = House.COMMONS, body
            blank = True
            continue
        source = _TWFY_SOURCE.match(line)
        if source:
            citation = parse_citation(source.group("citation"))
            continue
        if _FURNITURE.match(line):
            blank = True
            continue
        caption = read_photo_caption(line)
        if caption is None and line.startswith("Photo of ") and i < len(lines):
            # A caption broken across lines.
            caption = read_photo_caption(f"{line} {lines[i].strip()}")
            if caption:
                i += 1
        if caption:
            name, role = caption
            items.append(_Item("name", name, role=role or None, explicit=True))
            blank = True
            continue
        if items and items[-1].kind == "name" and items[-1].role is None and _ROLE_LINE.match(line):
            items[-1].role = line  # "Conservative, Totnes"; "Minister of State (Home Office)"
            blank = True
            continue
        if heading is None and not items and not _is_citation_line(line):
            heading = line
            continue
        _add_line(items, line, blank, (), explicit=False)
        blank = False
    page = _Page(citation=citation, date=date, house=house, department=department, heading=heading)
    return page, items


def _paragraph_per_line(text: str) -> bool:
    """Whether the page prints one paragraph a line (no blank line, lines of paragraph length):
    then a line is never the wrapped continuation of the one before."""
    lines = text.strip().split("\n")
    if len(lines) < 2 or any(not line.strip() for line in lines):
        return False
    return max(len(line) for line in lines) >= 160  # hard-wrapped text is never this wide


def _square_round_uin(line: str) -> str:
    """``To ask … (74839)`` → ``To ask … [74839]``: a question's number in round brackets."""
    if "(" not in line or not QUESTION_OPENERS.search(line[:200]):
        return line
    match = _ROUND_UIN.search(line)
    if not match:
        return line
    return f"{line[: match.start()]} [{match.group('uin')}]"


def _is_citation_line(line: str) -> bool:
    match = CITATION.match(line)
    return bool(match) and len(line) - len(match.group(0)) < 40


def _add_line(
    items: list[_Item], line: str, blank: bool, known: Iterable[str], explicit: bool
) -> None:
    """Add one printed line, telling names from speech and mending names broken across lines."""
    previous = items[-1] if items else None
    office = office_and_name(line)
    if office:
        name, role, rest = office
        items.append(_Item("name", name, role=role, explicit=explicit))
        if rest:
            _add_line(items, rest, True, known, explicit)
        return
    opener = QUESTION_OPENERS.search(line)
    if opener and opener.start() > 0:
        prefix = line[: opener.start()].strip().rstrip(":").strip()
        if (
            previous
            and previous.kind == "name"
            and prefix
            and continues_name(prefix)
            and prefix[0].islower()
        ):
            previous.text = f"{previous.text} {prefix}"
            items.append(_Item("text", line[opener.start() :]))
            return
        if prefix and name_like(prefix):
            items.append(_Item("name", prefix, explicit=explicit))
            items.append(_Item("text", line[opener.start() :]))
            return
    if name_like(line):
        name = line.rstrip(":").strip()
        if previous and previous.kind == "name" and not blank and _continues(previous.text, name):
            previous.text = f"{previous.text} {name}"
            return
        items.append(_Item("name", name, explicit=explicit))
        return
    if (
        previous
        and previous.kind == "name"
        and not blank
        and line[:1].islower()
        and continues_name(line.split(" asked")[0])
    ):
        previous.text = f"{previous.text} {line}"
        return
    name, rest = (None, line)
    if not opener:
        colon = line.find(":")
        if 0 < colon <= 60 and name_like(line[:colon]) and _subheading(line[colon + 1 :]):
            items.append(_Item("name", line))  # "Human Trafficking: Children", a heading
            return
        if 0 < colon <= 60 and name_like(line[:colon]) and len(line[:colon].split()) >= 2:
            name, rest = line[:colon].strip(), line[colon + 1 :].strip()
        else:
            glued_name, glued_rest = split_glued(line, known)
            if glued_name and known and glued_name in set(known):
                name, rest = glued_name, glued_rest
    if name:
        items.append(_Item("name", name, explicit=explicit))
        if rest:
            items.append(_Item("text", rest))
        return
    if previous and previous.kind == "text" and not blank and not previous.text.endswith(_TERMINAL):
        previous.text = f"{previous.text} {line}"  # a paragraph wrapped across lines
        return
    items.append(_Item("text", line))


def _subheading(rest: str) -> bool:
    """Whether what follows a colon is the second part of a heading ("Children"), not speech."""
    words = rest.split()
    return (
        0 < len(words) <= 4
        and not rest.rstrip().endswith(_TERMINAL)
        and all(w[:1].isupper() or w.lower() in {"and", "of", "in", "the", "for"} for w in words)
    )


def _continues(previous: str, name: str) -> bool:
    """Whether two name lines with no blank between are one name broken across lines."""
    prev_words, words = previous.split(), name.split()
    if prev_words[-1].lower() in {"of", "and", "de", "la", "le", "van", "von"}:
        return True
    if words[0].lower() in {"of", "and", "de", "la", "le", "van", "von"}:
        return True
    title = words[0].rstrip(".").lower() in {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "sir",
        "lord",
        "baroness",
        "lady",
    }
    return not title and (len(prev_words) == 1 or len(words) == 1)


# --- items to question-and-answer groups ---------------------------------------------------------


def _is_question(text: str) -> bool:
    return bool(QUESTION_OPENERS.match(text.strip()))


def _groups(items: list[_Item], continues: bool = False) -> list[_Group]:
    """Question-and-answer groups; ``continues`` says the page opens inside an earlier answer."""
    groups: list[_Group] = []
    current: _Group | None = None
    state = "start"
    loose_names: list[_Item] = []
    preamble: list[str] = []
    debris: list[str] = []
    any_question = any(i.kind == "text" and _is_question(i.text) for i in items)

    def next_text(index: int) -> _Item | None:
        for later in items[index + 1 :]:
            return later if later.kind == "text" else None
        return None

    for index, item in enumerate(items):
        if item.kind == "name":
            following = next_text(index)
            asks = following is not None and _is_question(following.text)
            if asks:
                if state == "answer" or current is None or state == "start":
                    current = _Group(headings=[n.text for n in loose_names] + preamble)
                    groups.append(current)
                    loose_names, preamble = [], []
                current.askers.append(item.text)
                state = "asking"
                continue
            if state in {"question", "asking"} and following is not None and current is not None:
                current.minister, current.role = item.text, item.role
                state = "answer"
                continue
            if state == "answer" and current is not None and following is not None:
                previous = current.blocks[-1].text if current.blocks else ""
                if item.explicit or _ends_with_foreign_uin(previous, current):
                    current.blocks.append(Block(following.text, speaker=item.text))
                    following.kind = "consumed"
                else:
                    current.blocks.append(Block(item.text))
                continue
            if state == "start" and following is not None and not any_question:
                current = _Group(headings=[n.text for n in loose_names] + preamble)
                current.minister, current.role = item.text, item.role
                groups.append(current)
                loose_names, preamble = [], []
                state = "answer"
                continue
            loose_names.append(item)
            continue
        if item.kind == "consumed":
            continue
        text = item.text
        if state == "start" and current is None and _QUESTION_PART.match(text):
            # The page starts at a later part of a grouped question: "(2) what schemes …".
            current = _Group(headings=[n.text for n in loose_names] + preamble)
            groups.append(current)
            loose_names, preamble = [], []
            current.questions.append(text)
            current.parts_only = True
            state = "question"
            continue
        if (
            continues
            and state == "start"
            and not preamble
            and _is_prose(text)
            and not (_is_question(text))
        ):
            # The page starts inside an answer whose question is on an earlier page.
            current = _Group(headings=[n.text for n in loose_names])
            groups.append(current)
            loose_names = []
            current.blocks.append(Block(text))
            state = "answer"
            continue
        if (
            state == "answer"
            and current is not None
            and not current.questions
            and current.blocks
            and _repeats_an_opening(text, groups)
        ):
            # Sibling answers printed without their questions open alike ("Between 1 April
            # 2009 and 31 December 2009 there have been …"): the repeat starts the next answer.
            current = _Group()
            groups.append(current)
            current.blocks.append(Block(text))
            continue
        if state == "answer" and current is not None and _OPENS_WITH_HOLDING.match(text):
            if current.blocks and not current.questions:
                # A holding answer's mark opens an answer: with no question printed, it is
                # the next answer on the page, not more of this one.
                current = _Group()
                groups.append(current)
                current.blocks.append(Block(text))
                continue
        if _is_question(text):
            if current is None or state in {"start", "answer"}:
                current = _Group(headings=[n.text for n in loose_names] + preamble)
                groups.append(current)
                loose_names, preamble = [], []
            current.questions.append(text)
            state = "question"
            continue
        if state in {"question", "asking"} and current is not None:
            last = current.questions[-1] if current.questions else ""
            enumerated = _ENUMERATED.match(text)
            numbered_parts = (
                UIN.search(last)
                and _ENUMERATED.match(last.rsplit(PARAGRAPH_BREAK, 1)[-1])
                and not enumerated
            )
            if (current.parts_only and not enumerated) or numbered_parts:
                # The parts (2), (3) … of a grouped question end where a paragraph that is no
                # part starts: the answer's first.
                state = "answer"
            elif last and (not UIN.search(last[-20:]) or enumerated):
                current.questions[-1] = (
                    f"{last} {text}" if last.endswith(":") else f"{last}{PARAGRAPH_BREAK}{text}"
                )
                continue
            else:
                state = "answer"
        if state == "answer" and current is not None:
            current.blocks.append(Block(text))
            continue
        if not any_question:
            current = _Group(headings=[n.text for n in loose_names] + preamble)
            groups.append(current)
            loose_names, preamble = [], []
            current.blocks.append(Block(text))
            state = "answer"
            continue
        if continues and state == "start" and len(re.findall(r"\d[\d,.]*", text)) >= 2:
            # Table cells left over from an answer on an earlier column: set aside.
            debris.append(text)
            continue
        preamble.append(text)
    if debris and groups:
        groups[0].set_aside.extend(debris)
    return groups


def _opening(text: str) -> str:
    """The first eight words of a paragraph, without a holding answer's mark."""
    text = _OPENS_WITH_HOLDING.sub("", text, count=1).strip()
    return " ".join(text.split()[:8]).casefold()


def _repeats_an_opening(text: str, groups: list[_Group]) -> bool:
    """Whether ``text`` opens with the first eight words of an earlier question-less answer."""
    opening = _opening(text)
    if len(opening.split()) < 8:
        return False
    return any(
        not group.questions and group.blocks and _opening(group.blocks[0].text) == opening
        for group in groups
    )


def _is_prose(text: str) -> bool:
    """A sentence of an answer, not a heading: six words or more, ending as a sentence does."""
    return len(text.split()) >= 6 and text.rstrip().endswith(_TERMINAL)


def _ends_with_foreign_uin(text: str, group: _Group) -> bool:
    match = re.search(r"\[(HL\s?\d+|\d{1,7})\]\s*$", text)
    if not match:
        return False
    own = {u for q in group.questions for u in (m.group("uin") for m in UIN.finditer(q))}
    return match.group(1) not in own


# --- groups to answers ---------------------------------------------------------------------------


def _answer(
    group: _Group,
    page: _Page,
    address: PageAddress,
    rendering: str,
    date: dt.date | None,
    house: str | None,
    url: str | None,
    extent: Extent,
    tagger: Tagger | None,
) -> ParsedAnswer:
    flags: list[Flag] = []
    question_text = PARAGRAPH_BREAK.join(group.questions)
    uins = tuple(
        dict.fromkeys(re.sub(r"\s", "", m.group("uin")) for m in UIN.finditer(question_text))
    )
    question = UIN.sub("", question_text)
    question = re.sub(r"[ \t]+(?=\n|$)", "", question).strip()

    citation = page.citation
    answer_house = (
        (citation.house if citation else None)
        or page.house
        or _house_from_words(question_text, uins)
        or address.house
        or house_of(house)
    )
    printed_date = (citation.date if citation else None) or page.date
    answer_date = printed_date or address.date or date
    printed_house = (
        (citation.house if citation else None)
        or page.house
        or _house_from_words(question_text, uins)
    )
    columns = Columns()
    if citation and citation.first is not None:
        columns = Columns(
            volume=citation.volume, first=citation.first, last=citation.last, series=citation.series
        )
    elif citation:
        columns = Columns(volume=citation.volume)
    elif page.volume is not None:
        columns = Columns(volume=page.volume)
    if columns.first is None and address.column is not None:
        series = "WA" if answer_house == House.LORDS else "W"
        columns = replace(
            columns,
            first=address.column,
            last=address.column,
            series=series,
            inferred=("first_column", "last_column"),
        )

    cleaned = clean_answer(group.blocks, uins=uins, columns=columns, question=question)
    for flag in cleaned.flags:
        flags.append(flag)
    flags += address_disagreements(address, printed_date, printed_house)
    for piece in group.set_aside:
        flags.append(
            Flag(
                FlagKind.OTHER_ANSWER,
                "table debris of an answer on an earlier column: set aside, not this answer's",
                text=piece,
            )
        )
    if cleaned.columns.series is None and cleaned.columns.first is not None and answer_house:
        cleaned.columns = replace(
            cleaned.columns, series="WA" if answer_house == House.LORDS else "W"
        )

    asker = ", ".join(dict.fromkeys(group.askers)) or None
    minister = group.minister
    department = answering_body(
        minister=minister,
        tagger=tagger,
        role=group.role,
        page=page.department,
        question=question,
        transferred=any(f.kind == FlagKind.TRANSFERRED for f in cleaned.flags),
    )

    heading = page.heading or (group.headings[0] if group.headings else None) or address.heading
    flags += missing_flags(
        asker=asker,
        minister=minister,
        uins=uins,
        date=answer_date,
        heading=heading,
        uin_hint="no question number printed",
        date_hint="no date printed: give it with --date or the page's --url",
    )
    complete = is_complete(cleaned.answer, extent)
    return ParsedAnswer(
        source_format=f"text:{rendering}",
        house=answer_house,
        date=answer_date,
        uins=uins,
        asker=asker,
        minister=minister,
        department=department,
        heading=heading,
        question=cleaned.question,
        answer=cleaned.answer,
        columns=cleaned.columns,
        column_breaks=cleaned.column_breaks,
        url=url,
        complete=complete,
        flags=ordered_flags(flags),
    )


def _house_from_words(question: str, uins: tuple[str, ...]) -> House | None:
    if any(u.upper().startswith("HL") for u in uins) or _LORDS_OPENER.search(question):
        return House.LORDS
    if _COMMONS_OPENER.search(question):
        return House.COMMONS
    return None
