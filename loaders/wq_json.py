"""UK Parliament Written Questions API JSON (questions-statements-api.parliament.uk).

Takes a detail response (``{"value": {...}}``), a list response (``{"results": [...]}``), a bare
question record or any document holding them. In a list response ``answerText`` is cut short
(about 255 characters, ending ``...``): such answers are marked as excerpts. Members are named
only when the request asked for them (``expandMember=true``); otherwise the asker or minister is
a flag, never a guess. Answers since 2014 have no Hansard column, so their citation is the
question's number and date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import Any

from commitments.record.model import FlagKind, House

from .citations import format_date
from .cleaning import Block, clean_answer
from .html_text import html_paragraphs
from .model import PARAGRAPH_BREAK, Columns, Flag, ParsedAnswer
from .tagging import Tagger

SITE = "https://questions-statements.parliament.uk/written-questions/detail"
_TRUNCATED_LENGTH = 260


def parse_wq_json(
    data: bytes | str | Mapping[str, Any] | list[Any], *, tagger: Tagger | None = None
) -> list[ParsedAnswer]:
    """Every answered question in a Written Questions API document, cleaned."""
    document = json.loads(data) if isinstance(data, bytes | str) else data
    answers = []
    for record, listed in _records(document, listed=False):
        if record.get("isWithdrawn") or not (record.get("answerText") or "").strip():
            continue
        answers.append(_answer(record, listed, tagger))
    return answers


def _records(node: Any, *, listed: bool) -> Iterator[tuple[Mapping[str, Any], bool]]:
    if isinstance(node, Mapping):
        if "uin" in node and ("answerText" in node or "questionText" in node):
            yield node, listed
            return
        if isinstance(node.get("results"), list):
            for item in node["results"]:
                yield from _records(item, listed=True)
            return
        for key, value in node.items():
            if not str(key).startswith("_"):
                yield from _records(value, listed=listed)
    elif isinstance(node, list):
        for item in node:
            yield from _records(item, listed=listed)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _member_name(member: Any) -> str | None:
    if isinstance(member, Mapping):
        return member.get("name") or member.get("listAs") or None
    return None


def _grouped(record: Mapping[str, Any]) -> list[str]:
    uins: list[str] = []
    for item in record.get("groupedQuestions") or []:
        if isinstance(item, Mapping):
            uin = item.get("uin") or item.get("questionUin")
        else:
            uin = item
        if uin:
            uins.append(str(uin))
    return uins


def _answer(record: Mapping[str, Any], listed: bool, tagger: Tagger | None) -> ParsedAnswer:
    named = record.get("house")
    house = House(named) if isinstance(named, str) and named in set(House) else None
    answered = _date(record.get("dateAnswered"))
    uin = str(record.get("uin") or "").strip()
    uins = tuple(dict.fromkeys([u for u in [uin, *_grouped(record)] if u]))
    raw = record.get("answerText") or ""
    truncated = raw.rstrip().endswith("...") and (listed or len(raw) <= _TRUNCATED_LENGTH)
    paragraphs = html_paragraphs(raw)
    if truncated and paragraphs:
        paragraphs[-1] = paragraphs[-1].rstrip().removesuffix("...").rstrip()
    cleaned = clean_answer([Block(p) for p in paragraphs], uins=uins, columns=Columns())

    flags: list[Flag] = list(cleaned.flags)
    if record.get("answerIsHolding"):
        flags.append(Flag(FlagKind.HOLDING_ANSWER, "holding answer: a full answer is to follow"))
    elif record.get("dateHoldingAnswer"):
        held = _date(record.get("dateHoldingAnswer"))
        flags.append(
            Flag(
                FlagKind.HOLDING_ANSWER,
                f"holding answer {format_date(held) if held else record['dateHoldingAnswer']}",
            )
        )
    if record.get("answerIsCorrection"):
        corrected = _date(record.get("dateAnswerCorrected"))
        original = PARAGRAPH_BREAK.join(html_paragraphs(record.get("originalAnswerText") or ""))
        flags.append(
            Flag(
                FlagKind.CORRECTION,
                "corrected answer" + (f", corrected {format_date(corrected)}" if corrected else ""),
                text=original or None,
            )
        )
    asker = _member_name(record.get("askingMember"))
    minister = _member_name(record.get("answeringMember"))
    if not asker:
        flags.append(
            Flag(
                FlagKind.MISSING_ASKER,
                f"asking member id {record.get('askingMemberId')} is not named in the record",
            )
        )
    if not minister:
        flags.append(
            Flag(
                FlagKind.MISSING_MINISTER,
                f"answering member id {record.get('answeringMemberId')} is not named in the record",
            )
        )
    if not uins:
        flags.append(Flag(FlagKind.MISSING_UIN, "no uin in the record"))
    if answered is None:
        flags.append(Flag(FlagKind.MISSING_DATE, "no dateAnswered in the record"))
    if not record.get("heading"):
        flags.append(Flag(FlagKind.MISSING_HEADING, "no heading in the record"))

    department = record.get("answeringBodyName") or None
    if tagger and minister and not department:
        department = tagger.department_of(minister)
    tabled = _date(record.get("dateTabled"))
    url = f"{SITE}/{tabled.isoformat()}/{uin}" if tabled and uin else None
    citation = None
    if uin and answered:
        prefix = "HC" if house == House.COMMONS else "HL"
        citation = f"{prefix} Written question {uin}, answered {format_date(answered)}"
    return ParsedAnswer(
        source_format="wq-json:list" if listed else "wq-json:detail",
        house=house,
        date=answered,
        uins=uins,
        asker=asker,
        minister=minister,
        department=department,
        heading=record.get("heading") or None,
        question=" ".join(str(record.get("questionText") or "").split()),
        answer=cleaned.answer,
        columns=Columns(),
        column_breaks=(),
        url=url,
        complete=not truncated,
        flags=tuple(flags),
        citation_override=citation,
    )
