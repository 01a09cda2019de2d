"""UK Parliament Written Statements API JSON: written ministerial statements as source answers.

Takes a list response (``{"results": [{"value": {...}}, ...]}``), a detail response (``{"value":
{...}}``), a bare statement record or any document holding them; a statement record has a
``uin`` like ``HCWS751`` or ``HLWS745`` and a ``dateMade``. Written ministerial statements are
where many commitments are first announced.

One statement made in both Houses on the same day is one source with both references, the
Commons' first, cited ``HCWS751 / HLWS745, made 1 February 2021`` (its ``written_statement``).
Records are one statement when they list each other in ``linkedStatements``, or, where that
list is empty (as the service sends it, even with ``hasLinkedStatements: true``), when they are
of different Houses and have the same day, title and department. Its text is the Commons'
statement (the Lords' repeats it after "has today made the following Written Ministerial
Statement:"). In a list response ``text`` is cut short, ending ``...``: such a statement is an
excerpt. Members are named as the service names them; a statement naming none is flagged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from commitments.record.citations import written_statement_page
from commitments.record.model import FlagKind, House, SourceKind

from .cleaning import Block, clean_answer
from .model import PARAGRAPH_BREAK, Columns, Flag, ParsedAnswer, WrittenStatement
from .tagging import Tagger
from .wq_json import records_in, service_date, service_text

REFERENCE = re.compile(r"(?P<house>HC|HL)WS\d+")
"""A statement's reference as the service prints it: ``HCWS751`` (Commons), ``HLWS745`` (Lords)."""
_HOUSES = {"HC": House.COMMONS, "HL": House.LORDS}
Record = Mapping[str, Any]


def is_statements_document(document: Any) -> bool:
    """Whether a parsed JSON document holds written statements (and no written questions)."""
    return any(True for _ in records_in(document, _is_statement))


def parse_ws_json(
    data: bytes | str | Mapping[str, Any] | list[Any], *, tagger: Tagger | None = None
) -> list[ParsedAnswer]:
    """Every written statement in a Written Statements API document: one answer a statement,
    however many Houses it was made in."""
    document = json.loads(data) if isinstance(data, bytes | str) else data
    records = list(records_in(document, _is_statement))
    return [_answer(group, tagger) for group in _statements(records)]


def _is_statement(node: Mapping[str, Any]) -> bool:
    return bool(REFERENCE.fullmatch(str(node.get("uin") or ""))) and "dateMade" in node


def _reference(record: Record) -> str:
    return str(record.get("uin") or "").strip().upper()


def _house(record: Record) -> House:
    """The House of the statement's reference (``HCWS`` is the Commons')."""
    form = REFERENCE.fullmatch(_reference(record))
    assert form is not None
    return _HOUSES[form.group("house")]


def _same_statement(record: Record) -> tuple[object, ...]:
    """What one statement made in both Houses shares: its day, title and department."""
    title = " ".join(str(record.get("title") or "").split()).casefold()
    body = record.get("answeringBodyId") or record.get("answeringBodyName")
    return (service_date(record.get("dateMade")), title, body)


def _linked(record: Record) -> set[str]:
    found = set()
    for item in record.get("linkedStatements") or []:
        uin = item.get("uin") if isinstance(item, Mapping) else item
        if uin and REFERENCE.fullmatch(str(uin).strip().upper()):
            found.add(str(uin).strip().upper())
    return found


def _statements(records: list[tuple[Record, bool]]) -> list[list[tuple[Record, bool]]]:
    """The records grouped into statements, in the document's order, each group's Commons
    record first; a reference seen twice is one record (its last capture)."""
    latest: dict[str, tuple[Record, bool]] = {}
    for record, listed in records:
        latest[_reference(record)] = (record, listed)
    groups: list[list[tuple[Record, bool]]] = []
    for reference, (record, listed) in latest.items():
        home = next(
            (
                group
                for group in groups
                if _house(record) not in {_house(r) for r, _ in group}
                and any(
                    reference in _linked(other)
                    or _reference(other) in _linked(record)
                    or _same_statement(other) == _same_statement(record)
                    for other, _ in group
                )
            ),
            None,
        )
        if home is None:
            groups.append([(record, listed)])
        else:
            home.append((record, listed))
    order = list(House)
    return [sorted(group, key=lambda item: order.index(_house(item[0]))) for group in groups]


def _member(record: Record) -> str | None:
    member = record.get("member")
    if isinstance(member, Mapping):
        return member.get("name") or member.get("listAs") or None
    return None


def _answer(group: list[tuple[Record, bool]], tagger: Tagger | None) -> ParsedAnswer:
    first, listed = group[0]
    references = tuple(_reference(r) for r, _ in group)
    houses = tuple(_house(r) for r, _ in group)
    members = tuple(_member(r) for r, _ in group)
    made = service_date(first.get("dateMade"))
    title = " ".join(str(first.get("title") or "").split()) or None
    body = first.get("answeringBodyName") or None
    text, whole = service_text(first, listed, "text")
    cleaned = clean_answer(
        [Block(p) for p in text.split(PARAGRAPH_BREAK) if p], uins=(), columns=Columns()
    )
    flags: list[Flag] = list(cleaned.flags)
    for (record, _), member in zip(group, members, strict=True):
        if member is None:
            flags.append(
                Flag(
                    FlagKind.MISSING_MINISTER,
                    f"member id {record.get('memberId')} of {_reference(record)} is not named "
                    "in the record",
                )
            )
    if made is None:
        flags.append(Flag(FlagKind.MISSING_DATE, "no dateMade in the record"))
    if title is None:
        flags.append(Flag(FlagKind.MISSING_HEADING, "no title in the record"))
    minister = members[0]
    department = body or (tagger.department_of(minister) if tagger and minister else None)
    url = written_statement_page(made, references[0]) if made else None
    statement = (
        WrittenStatement(
            references=references,
            houses=houses,
            title=title,
            url=url,
            members=members,
            answering_body=body,
        )
        if url and title
        else None
    )
    return ParsedAnswer(
        source_format="ws-json:list" if listed else "ws-json:detail",
        house=houses[0],
        date=made,
        uins=references,
        asker=None,
        minister=minister,
        department=department,
        heading=title,
        question="",
        answer=cleaned.answer,
        columns=Columns(),
        column_breaks=(),
        url=url,
        complete=whole,
        flags=tuple(flags),
        kind=SourceKind.STATEMENT,
        written_statement=statement,
    )
