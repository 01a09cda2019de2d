"""From an answer's printed paragraphs to its clean text, column breaks and flags.

- Inline column markers (``1076W``, ``994W``, ``107WA``) leave the text and become column breaks.
- ``[holding answer 3 July 2002]`` leaves the text and becomes a flag.
- A fragment of another answer spliced into this one is set aside as a flag with its text, so no
  quote can come from it. Its signals: a question number that is not this answer's, a speaker
  inside the answer, an enumerator such as ``(b)`` with no ``(a)`` before it, a column marker
  where the sentence breaks off, and a sentence that resumes after the fragment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from commitments.record.model import FlagKind

from .model import PARAGRAPH_BREAK, ColumnBreak, Columns, Flag

COLUMN_MARKER = re.compile(
    r"(?<![\w£$€.,/\-–])(?P<column>\d{1,4})(?P<series>WA|WS|WH|W)(?![a-z0-9])"
    r"|^[ \t]*(?P<series2>WA|WS)[ \t]?(?P<column2>\d{1,4})[ \t]*$",
    re.MULTILINE,
)
_REFERENCE_BEFORE = re.compile(
    r"(?:\bcolumns?|\bcols?\.?|\bcc?\.?|\bOfficial Report,?|\bHansard,?)\s*$", re.IGNORECASE
)
HOLDING = re.compile(
    r"\[\s*holding answers?\s+(?P<date>[^\]]{3,40}?)\s*\]\s*[:.]?\s*"
    r"|^\s*holding answer\s+(?P<date2>\d{1,2}\s+\w+\s+\d{4})[.:]?\s*",
    re.IGNORECASE,
)  # fmt: skip
UIN = re.compile(r"\[(?P<uin>HL\s?\d+|\d{3,7})\]")
TRANSFERRED = re.compile(r"\bI have been asked to reply\b", re.IGNORECASE)
CORRECTION = re.compile(
    r"\b(?:should have read|the correct (?:answer|figure|figures) (?:is|are|was|were)|"
    r"(?:correct|correcting) (?:an|the|my) (?:earlier|previous) (?:answer|reply))\b",
    re.IGNORECASE,
)
_TERMINAL = (".", "?", "!", ".”", '."', ".'", ".)", ":")
_ENUMERATORS = [("(a)", "(b)"), ("(b)", "(c)"), ("(c)", "(d)"), ("(i)", "(ii)"), ("(ii)", "(iii)")]
_STOPWORDS = set(
    "the a an and or of to in on for by with at from as is are was were be been has have had "
    "this that these those which who it its their there than not no all any each other such "
    "we our they them he she his her i my you your will would can could may also into about "
    "over under between per cent".split()
)


@dataclass(frozen=True)
class Block:
    """One printed paragraph of an answer; ``speaker`` is set where another speech starts."""

    text: str
    speaker: str | None = None


@dataclass
class Cleaned:
    answer: str
    column_breaks: tuple[ColumnBreak, ...]
    columns: Columns
    flags: tuple[Flag, ...]
    question: str = ""


@dataclass
class _Part:
    text: str
    markers: list[tuple[int, int, str]] = field(default_factory=list)  # (pos, column, series)
    speaker: str | None = None


def strip_column_markers(text: str, columns: Columns | None = None) -> _Part:
    """Remove inline column markers; keep where each stood in the remaining text."""
    out: list[str] = []
    markers: list[tuple[int, int, str]] = []
    last = 0
    length = 0
    for match in COLUMN_MARKER.finditer(text):
        column = int(match.group("column") or match.group("column2"))
        series = match.group("series") or match.group("series2")
        if not _plausible_column(column, columns):
            continue
        if _REFERENCE_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
            continue  # "Official Report, column 456W" cites a column; it is not a break
        start, end = match.start(), match.end()
        before = text[last:start]
        # Take the marker and one space around it, so "six 1076W months" reads "six months".
        if before.endswith((" ", "\t")) and end < len(text) and text[end] in " \t":
            end += 1
        elif before.endswith((" ", "\t")) and (end == len(text) or text[end] == "\n"):
            before = before.rstrip(" \t")
        out.append(before)
        length += len(before)
        markers.append((length, column, series))
        last = end
    out.append(text[last:])
    return _Part(text="".join(out), markers=markers)


def _plausible_column(column: int, columns: Columns | None) -> bool:
    if column < 1:
        return False
    if columns is None or columns.first is None:
        return True
    last = columns.last if columns.last is not None else columns.first
    return columns.first - 1 <= column <= last + 1


def clean_answer(
    blocks: Sequence[Block],
    *,
    uins: Sequence[str],
    columns: Columns,
    question: str = "",
) -> Cleaned:
    """Clean an answer's paragraphs: markers out, flags set, spliced fragments set aside."""
    flags: list[Flag] = []
    own = {_uin_key(u) for u in uins}
    parts: list[_Part] = []
    for block in blocks:
        part = strip_column_markers(block.text, columns)
        part.speaker = block.speaker
        parts.append(part)
    parts = [p for p in parts if p.text.strip() or p.markers or p.speaker]

    question_part = strip_column_markers(question, columns)

    if parts:
        first = parts[0]
        match = HOLDING.match(first.text.lstrip())
        if match:
            lead = len(first.text) - len(first.text.lstrip())
            flags.append(
                Flag(
                    FlagKind.HOLDING_ANSWER,
                    f"holding answer {match.group('date') or match.group('date2')}",
                )
            )
            _cut_start(first, lead + match.end())

    parts, splices = _set_aside_splices(parts, own, question_part.text)

    answer, breaks, splice_offsets = _join(parts)
    for (text, detail), offset in zip(splices, splice_offsets, strict=True):
        flags.append(Flag(FlagKind.SPLICED_FRAGMENT, detail, text=text, offset=offset))

    if TRANSFERRED.search(answer):
        flags.append(Flag(FlagKind.TRANSFERRED, _transfer_detail(question_part.text)))
    if CORRECTION.search(answer):
        flags.append(Flag(FlagKind.CORRECTION, "the answer corrects an earlier answer"))

    all_markers = [(0, c, s) for (_p, c, s) in question_part.markers] + [
        (b.offset, b.column, "") for b in breaks
    ]
    new_columns = _columns_from_markers(
        columns,
        [c for _o, c, _s in all_markers],
        [s for _o, _c, s in all_markers if s],
        starts_page=bool(
            (question_part.markers and question_part.markers[0][0] == 0)
            or (not question_part.text.strip() and breaks and breaks[0].offset == 0)
        ),
    )
    return Cleaned(
        answer=answer,
        column_breaks=tuple(breaks),
        columns=new_columns,
        flags=tuple(flags),
        question=question_part.text.strip(),
    )


def _cut_start(part: _Part, cut: int) -> None:
    part.text = part.text[cut:]
    part.markers = [(max(p - cut, 0), c, s) for p, c, s in part.markers]


def _uin_key(uin: str) -> str:
    return re.sub(r"\s", "", uin).upper()


def _columns_from_markers(
    columns: Columns, found: list[int], series: list[str], *, starts_page: bool
) -> Columns:
    """The column range: printed where the citation gives it, else inferred from the markers."""
    if not found:
        return columns
    inferred = list(columns.inferred)
    first, last = columns.first, columns.last
    if first is None:
        first = min(found) if starts_page else min(found) - 1
        if not starts_page:
            inferred.append("first_column")
    if last is None or max(found) > last:
        last = max(found)
    return Columns(
        volume=columns.volume,
        first=first,
        last=last,
        series=columns.series or (series[0] if series else None),
        inferred=tuple(dict.fromkeys(inferred)),
    )


def _transfer_detail(question: str) -> str:
    match = re.search(r"\bTo ask (?P<to>the [^,;:]+)", question)
    if match:
        words = match.group("to").split()
        kept: list[str] = []
        for word in words:
            if word[0].isupper() or word in {"of", "for", "the", "and"}:
                kept.append(word)
            else:
                break
        while kept and kept[-1] in {"of", "for", "the", "and"}:
            kept.pop()
        if kept:
            return "Question put to " + " ".join(kept).rstrip(",")
    return "Question transferred to another minister"


# --- spliced fragments ---------------------------------------------------------------------------


@dataclass
class _Splice:
    start_part: int
    start_char: int
    end_part: int  # first part that belongs to the answer again
    detail: str


def _set_aside_splices(
    parts: list[_Part], own: set[str], question: str
) -> tuple[list[_Part | tuple[str, str, list[int]]], list[tuple[str, str]]]:
    """Replace each spliced fragment with a ``(text, detail)`` placeholder in the part list."""
    out: list[_Part | tuple[str, str, list[int]]] = []
    splices: list[tuple[str, str]] = []
    i = 0
    while i < len(parts):
        splice = _find_splice(parts, i, own, question)
        if splice is None:
            out.extend(parts[i:])
            break
        out.extend(parts[i : splice.start_part])
        head = parts[splice.start_part]
        kept = _Part(
            head.text[: splice.start_char].rstrip(),
            [m for m in head.markers if m[0] <= splice.start_char],
        )
        pieces = [head.text[splice.start_char :].strip()]
        for part in parts[splice.start_part + 1 : splice.end_part]:
            pieces.append(f"{part.speaker}: {part.text.strip()}" if part.speaker else part.text)
        text = PARAGRAPH_BREAK.join(p for p in pieces if p)
        columns = [c for pos, c, _s in head.markers if pos > splice.start_char]
        for part in parts[splice.start_part + 1 : splice.end_part]:
            columns.extend(c for _p, c, _s in part.markers)
        if kept.text:
            out.append(kept)
        out.append((text, splice.detail, columns))
        splices.append((text, splice.detail))
        i = splice.end_part
    return out, splices


def _find_splice(parts: list[_Part], begin: int, own: set[str], question: str) -> _Splice | None:
    for k in range(begin, len(parts)):
        part = parts[k]
        foreign = _foreign_uin(part.text, own)
        if part.speaker is not None and k > begin and foreign is None:
            # A speech by someone else with no question of its own: an answer fragment.
            start_part, start_char = k, 0
            foreign_question = ""
        elif foreign is not None:
            start_char = _fragment_start(part.text, foreign)
            start_part = k
            foreign_question = part.text[start_char:]
        else:
            start_char = _break_at_marker(part)
            if start_char is None:
                continue
            # A column marker where the sentence breaks off and other words begin.
            start_part = k
            foreign_question = part.text[start_char:]
            end = _resumption(parts, k, start_part, start_char, foreign_question, question)
            if end == len(parts):
                continue  # nothing resumes the sentence: no sign of a fragment
            detail = "Part of another answer printed inside this one, after a column break"
            return _Splice(start_part, start_char, end, detail)
        speaker_index = k + 1 if foreign is not None else k
        speaker = parts[speaker_index].speaker if speaker_index < len(parts) else None
        end = _resumption(parts, speaker_index, start_part, start_char, foreign_question, question)
        detail = _splice_detail(foreign, speaker, foreign_question or parts[k].text)
        return _Splice(start_part, start_char, end, detail)
    return None


_OPENERS = {
    "The", "This", "These", "Those", "It", "Its", "There", "In", "As", "We", "I", "Our", "A", "An",
    "For", "On", "At", "However", "Information", "Figures", "Data", "All", "No", "To", "My",
}  # fmt: skip
_DANGLING = {
    "and", "or", "the", "of", "to", "for", "with", "by", "in", "a", "an", "that", "which", "from",
    "on", "at", "as", "its", "their", "our",
}  # fmt: skip


def _break_at_marker(part: _Part) -> int | None:
    """Where a column marker breaks a sentence off and another answer's words begin."""
    for position, _column, _series in part.markers:
        before = part.text[:position].rstrip()
        after = part.text[position:].lstrip()
        words = before.split()
        if not words or before.endswith(_TERMINAL) or words[-1].lower() not in _DANGLING:
            continue
        first = after.split(" ", 1)[0] if after else ""
        enumerator = re.match(r"\((?:b|c|d|ii|iii|iv|2|3)\)", after)
        if enumerator or after.startswith("To ask") or first in _OPENERS:
            return position + (len(part.text[position:]) - len(after))
    return None


def _foreign_uin(text: str, own: set[str]) -> str | None:
    """A question number at the end of a paragraph that is not one of this answer's."""
    matches = list(UIN.finditer(text))
    match = matches[-1] if matches else None
    if match is None or text[match.end() :].strip():
        return None
    uin = _uin_key(match.group("uin"))
    return None if uin in own else match.group("uin")


def _fragment_start(text: str, uin: str) -> int:
    """Where, in the paragraph ending with another question's number, that question begins."""
    end = text.rfind(f"[{uin}]")
    sentence = _sentence_start(text, end)
    window = text[sentence:end]
    candidates: list[int] = []
    candidates.extend(match.start() for match in COLUMN_MARKER.finditer(window))
    ask = re.search(r"\bTo ask\b|\basked\b", window)
    if ask:
        candidates.append(ask.start())
    for earlier, later in _ENUMERATORS:
        pos = window.find(later)
        if pos > 0 and earlier not in window[:pos]:
            candidates.append(pos)
            break
    if candidates:
        return sentence + min(candidates)
    return sentence


def _sentence_start(text: str, end: int) -> int:
    """The start of the sentence that holds position ``end``."""
    best = 0
    for match in re.finditer(r"[.?!][\"'”)]?\s+(?=[A-Z0-9\"'“(])", text[:end]):
        best = match.end()
    return best


def _resumption(
    parts: list[_Part],
    speaker_index: int,
    start_part: int,
    start_char: int,
    foreign_question: str,
    question: str,
) -> int:
    """The first paragraph after the fragment that carries on this answer."""
    host_text = (
        " ".join(p.text for p in parts[:start_part]) + " " + parts[start_part].text[:start_char]
    )
    host_words = _words(question) | _words(host_text)
    foreign_words = _words(foreign_question)
    first_foreign = speaker_index if speaker_index < len(parts) else len(parts)
    if first_foreign < len(parts):
        foreign_words |= _words(parts[first_foreign].text)
    broken = not parts[start_part].text[:start_char].rstrip().endswith(_TERMINAL)
    for j in range(first_foreign + 1, len(parts)):
        part = parts[j]
        if part.speaker is not None:
            return j
        text = part.text.lstrip()
        words = _words(text)
        if text[:1].islower():
            return j
        first = text.split(" ", 1)[0]
        if broken and first in _OPENERS:
            foreign_words |= words  # a new sentence cannot carry on a broken one
            continue
        if broken and ((first.isupper() and len(first) > 1) or _capitalised_in(first, host_text)):
            return j  # a name or acronym the answer uses carries the sentence on
        host = len(words & host_words) / max(len(words), 1)
        alien = len(words & foreign_words) / max(len(words), 1)
        if host > alien or (broken and host == alien and host > 0):
            return j
        foreign_words |= words
    return len(parts)


def _capitalised_in(word: str, text: str) -> bool:
    """Whether ``word`` is used in ``text`` with its capital in mid-sentence (a name)."""
    if not word[:1].isupper() or len(word) < 2:
        return False
    return bool(re.search(rf"[a-z,]\s+{re.escape(word)}\b", text))


def _words(text: str) -> set[str]:
    return {
        w.rstrip("s")
        for w in re.findall(r"[a-z][a-z\-]+", text.lower())
        if w not in _STOPWORDS and len(w) > 2
    }


def _splice_detail(uin: str | None, speaker: str | None, text: str) -> str:
    parts = ["Part of another answer printed inside this one"]
    if speaker:
        parts.append(f"by {speaker}")
    if uin:
        parts.append(f"to question [{uin}]")
    return " ".join(parts)


def _join(
    parts: list[_Part | tuple[str, str, list[int]]],
) -> tuple[str, list[ColumnBreak], list[int]]:
    """Join paragraphs; a sentence broken by a fragment is rejoined with one space."""
    text = ""
    breaks: list[ColumnBreak] = []
    offsets: list[int] = []
    pending_splice = False
    pending_markers: list[int] = []
    for item in parts:
        if isinstance(item, tuple):
            pending_splice = True
            offsets.append(-1)
            pending_markers.extend(item[2])
            continue
        body = item.text.strip()
        lead = len(item.text) - len(item.text.lstrip())
        if not body:
            if item.markers:
                pending_markers.extend(c for _p, c, _s in item.markers)
            continue
        if not text:
            sep = ""
        elif pending_splice and not text.rstrip().endswith(_TERMINAL):
            sep = " "
        else:
            sep = PARAGRAPH_BREAK
        start = len(text) + len(sep)
        if pending_splice:
            offsets[-1] = start
            for k in range(len(offsets)):
                if offsets[k] == -1:
                    offsets[k] = start
            pending_splice = False
        for column in pending_markers:
            breaks.append(ColumnBreak(column, start))
        pending_markers = []
        for pos, column, _series in item.markers:
            breaks.append(ColumnBreak(column, start + min(max(pos - lead, 0), len(body))))
        text = text + sep + body
    for k in range(len(offsets)):
        if offsets[k] == -1:
            offsets[k] = len(text)
    for column in pending_markers:
        breaks.append(ColumnBreak(column, len(text)))
    return text, breaks, offsets
