"""TheyWorkForYou / parlparse written-answers XML.

A flat sequence of ``major-heading`` (the department), ``minor-heading`` (the subject), ``ques``
and ``reply``. A question and its answer share an id stem (``….296320.q0``, ``.q1``, ``.r0``);
grouped questions are several ``ques`` with one ``reply``. The question number is ``p@qnum``,
the printed column ``colnum``; the volume is not in the file.

The files are ISO-8859-1 and declare HTML entities (``&pound;``, ``&ndash;``) in their DOCTYPE.
No DTD is processed: the declared entities that are plain text or character references are read
with a regular expression and substituted, the DOCTYPE is removed, and the rest is parsed with the
standard library with no entity of any kind left to expand (so no external entity is fetched and
no entity can multiply).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from commitments.record.model import FlagKind, House

from .citations import house_of
from .cleaning import Block, clean_answer
from .departments import department_from_heading, department_from_question
from .model import PARAGRAPH_BREAK, Columns, Flag, ParsedAnswer
from .tagging import Tagger

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"'](?P<encoding>[\w.\-]+)[\"'][^>]*\?>")
_DOCTYPE = re.compile(r"<!DOCTYPE\s+[\w:.\-]+\s*(?:\[(?P<subset>.*?)\]\s*)?>", re.DOTALL)
_DOCTYPE_EXTERNAL = re.compile(r"<!DOCTYPE[^>\[]*\b(?:SYSTEM|PUBLIC)\b", re.IGNORECASE)
_ENTITY_DECL = re.compile(
    r"<!ENTITY\s+(?P<name>[A-Za-z][\w.\-]*)\s+(?P<quote>[\"'])(?P<value>.*?)(?P=quote)\s*>",
    re.DOTALL,
)
_ENTITY_REF = re.compile(r"&(?P<name>[A-Za-z][\w.\-]*);")
_CHAR_REF = re.compile(r"&#(?:x(?P<hex>[0-9a-fA-F]+)|(?P<dec>\d+));")
_XML_BUILTIN = {"amp", "lt", "gt", "quot", "apos"}
_ID = re.compile(r"/(?P<date>\d{4}-\d{2}-\d{2})[a-z]?\.(?P<stem>[\w]+)\.(?P<part>[a-z]+\d*)$")


class UnsafeXMLError(ValueError):
    """The XML asks for something the loader will not do (an external DTD or entity)."""


def parse_twfy_xml(
    data: bytes | str,
    *,
    house: str | None = None,
    tagger: Tagger | None = None,
) -> list[ParsedAnswer]:
    """Every question-and-answer group in a parlparse written-answers file, cleaned.

    ``house`` names the House where the file does not say (its column series does)."""
    try:
        root = ET.fromstring(_without_dtd(data))
    except ET.ParseError as exc:  # a SyntaxError, not a ValueError: callers expect ValueError
        raise ValueError(f"the XML is not well formed ({exc})") from None
    major: str | None = None
    minor: str | None = None
    groups: dict[str, _Group] = {}
    for element in root:
        if element.tag == "major-heading":
            major = _text(element)
        elif element.tag == "minor-heading":
            minor = _text(element)
        elif element.tag in {"ques", "reply"}:
            match = _ID.search(element.get("id", ""))
            if not match:
                continue
            stem = f"{match.group('date')}.{match.group('stem')}"
            group = groups.get(stem)
            if group is None:
                group = groups[stem] = _Group(
                    date=dt.date.fromisoformat(match.group("date")), major=major, minor=minor
                )
            (group.questions if element.tag == "ques" else group.replies).append(element)
    named = house_of(house)
    return [_answer(group, named, tagger) for group in groups.values() if group.replies]


@dataclass
class _Group:
    date: dt.date
    major: str | None
    minor: str | None
    questions: list[ET.Element] = field(default_factory=list)
    replies: list[ET.Element] = field(default_factory=list)


def _without_dtd(data: bytes | str) -> str:
    """The document as text with declared entities substituted and no DOCTYPE left."""
    if isinstance(data, bytes):
        match = _DECLARATION.match(data)
        encoding = match.group("encoding").decode("ascii") if match else "utf-8"
        text = data.decode(encoding)
    else:
        text = data
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if _DOCTYPE_EXTERNAL.search(text):
        raise UnsafeXMLError("the XML names an external DTD; it is not read")
    entities: dict[str, str] = {}
    doctype = _DOCTYPE.search(text)
    if doctype:
        subset = doctype.group("subset") or ""
        if re.search(r"<!ENTITY\s+%|<!ENTITY[^>]*\b(?:SYSTEM|PUBLIC)\b", subset):
            raise UnsafeXMLError(
                "the XML declares external or parameter entities; they are not read"
            )
        for decl in _ENTITY_DECL.finditer(subset):
            value = _CHAR_REF.sub(_char, decl.group("value"))
            if "&" in value or "<" in value:
                raise UnsafeXMLError(f"entity {decl.group('name')!r} is not plain text")
            entities[decl.group("name")] = value
        text = text[: doctype.start()] + text[doctype.end() :]
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise UnsafeXMLError("the XML has a DOCTYPE the loader cannot read safely")

    def substitute(match: re.Match[str]) -> str:
        name = match.group("name")
        if name in _XML_BUILTIN:
            return match.group(0)
        if name in entities:
            return html.escape(entities[name], quote=False)
        known = html.unescape(match.group(0))
        if known != match.group(0):
            return html.escape(known, quote=False)
        raise UnsafeXMLError(f"entity &{name}; is not declared")

    return _ENTITY_REF.sub(substitute, text)


def _char(match: re.Match[str]) -> str:
    number = int(match.group("hex"), 16) if match.group("hex") else int(match.group("dec"))
    return chr(number)


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _paragraphs(element: ET.Element) -> tuple[list[str], list[str]]:
    """Paragraphs and table rows of a speech; holding-answer notes are returned apart."""
    paragraphs: list[str] = []
    holding: list[str] = []
    for child in element:
        if child.tag == "p":
            text = _text(child)
            if not text:
                continue
            if "holdinganswer" in (child.get("class") or ""):
                holding.append(text)
            else:
                paragraphs.append(text)
        elif child.tag == "table":
            for row in child.iter("tr"):
                cells = [_text(cell) for cell in row if cell.tag in {"td", "th"}]
                if any(cells):
                    paragraphs.append(" | ".join(cells))
        else:
            text = _text(child)
            if text:
                paragraphs.append(text)
    return paragraphs, holding


def _column(value: str | None) -> tuple[int | None, str | None]:
    match = re.match(r"^(?P<pre>WA|WS|W)?(?P<number>\d+)(?P<post>WA|WS|WH|W)?$", value or "")
    if not match:
        return None, None
    return int(match.group("number")), match.group("post") or match.group("pre")


def _answer(group: _Group, house: House | None, tagger: Tagger | None) -> ParsedAnswer:
    uins: list[str] = []
    askers: list[str] = []
    questions: list[str] = []
    columns: list[int] = []
    series: str | None = None
    for ques in group.questions:
        for p in ques.iter("p"):
            if p.get("qnum"):
                uins.append(p.get("qnum", "").strip())
        paragraphs, _holding = _paragraphs(ques)
        questions.append(" ".join(paragraphs))
        if ques.get("speakername"):
            askers.append(ques.get("speakername", ""))
        number, found_series = _column(ques.get("colnum"))
        if number:
            columns.append(number)
            series = series or found_series
    blocks: list[Block] = []
    minister = None
    holding: list[str] = []
    for reply in group.replies:
        minister = minister or reply.get("speakername")
        paragraphs, notes = _paragraphs(reply)
        holding.extend(notes)
        blocks.extend(Block(p) for p in paragraphs)
        number, found_series = _column(reply.get("colnum"))
        if number:
            columns.append(number)
            series = series or found_series
    answer_house = house or (House.LORDS if series == "WA" else House.COMMONS)
    printed = Columns(
        first=min(columns) if columns else None,
        last=max(columns) if columns else None,
        series=series or ("WA" if answer_house == House.LORDS else "W"),
    )
    question = PARAGRAPH_BREAK.join(q for q in questions if q)
    cleaned = clean_answer(blocks, uins=uins, columns=printed, question=question)
    flags = [Flag(FlagKind.HOLDING_ANSWER, note) for note in holding] + list(cleaned.flags)
    department = (tagger.department_of(minister) if tagger and minister else None) or (
        department_from_question(question) or department_from_heading(group.major)
    )
    if not askers:
        flags.append(Flag(FlagKind.MISSING_ASKER, "no asker named in the XML"))
    if not minister:
        flags.append(Flag(FlagKind.MISSING_MINISTER, "no answering minister named in the XML"))
    if not uins:
        flags.append(Flag(FlagKind.MISSING_UIN, "no qnum in the XML"))
    if not group.minor:
        flags.append(Flag(FlagKind.MISSING_HEADING, "no minor-heading before the question"))
    url = group.replies[0].get("url") or None
    return ParsedAnswer(
        source_format="twfy-xml",
        house=answer_house,
        date=group.date,
        uins=tuple(dict.fromkeys(uins)),
        asker=", ".join(dict.fromkeys(askers)) or None,
        minister=minister,
        department=department,
        heading=group.minor,
        question=cleaned.question,
        answer=cleaned.answer,
        columns=cleaned.columns,
        column_breaks=cleaned.column_breaks,
        url=url,
        complete=True,
        flags=tuple(flags),
    )
