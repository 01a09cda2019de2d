"""UK Parliament Written Questions API JSON (questions-statements-api.parliament.uk).

Takes a detail response (``{"value": {...}}``), a list response (``{"results": [...]}``), a bare
question record or any document holding them. In a list response ``answerText`` is cut short
(about 255 characters, ending ``...``): such answers are marked as excerpts. Members are named
only when the request asked for them (``expandMember=true``); otherwise the asker or minister is
a flag, never a guess. Answers since 2014 have no Hansard column: each is cited as the service
cites it, by its UINs and dates (its ``written_question``).

One question is one answer, however often the document holds it:

- **Captures of one question** (the same API id, or House and UIN, seen several times, oldest
  first) are its history: the last answered capture is the answer; an earlier holding answer is
  a ``holding_answer`` flag holding its text; a change of answering body is a ``transferred``
  flag, and the body that finally answered is the answer's; a correction keeps the text first
  given beside the corrected one (a ``correction_original`` flag, never quotable), or says that
  the original is not held.
- **A grouped set** (each record listing the others in ``groupedQuestions``) is one answer with
  every UIN, lowest first; its question is each question in turn.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from commitments.record.citations import long_date, written_question_page
from commitments.record.model import FlagKind, House, SourceKind

from .cleaning import Block, clean_answer
from .html_text import html_paragraphs
from .model import PARAGRAPH_BREAK, Columns, Flag, ParsedAnswer, WrittenQuestion
from .tagging import Tagger

_TRUNCATED_LENGTH = 260
Record = Mapping[str, Any]


def parse_wq_json(
    data: bytes | str | Mapping[str, Any] | list[Any], *, tagger: Tagger | None = None
) -> list[ParsedAnswer]:
    """Every answered question in a Written Questions API document, cleaned: one answer a
    question (its captures merged) and one a grouped set."""
    document = json.loads(data) if isinstance(data, bytes | str) else data
    questions: dict[object, list[tuple[Record, bool]]] = {}
    for record, listed in records_in(document, _is_question):
        questions.setdefault(_question_key(record), []).append((record, listed))
    histories = [
        (captures, answered)
        for captures in questions.values()
        if (answered := [(r, listed) for r, listed in captures if _is_answered(r)])
    ]
    by_uin = {_own_uin(answered[-1][0]): (captures, answered) for captures, answered in histories}
    answers = []
    drafted: set[str] = set()
    for history in histories:
        uins = _uins_of(history[1])
        if drafted & set(uins):
            continue  # a grouped set answered already
        drafted.update(uins)
        # a set's answer is its lowest UIN's record, when the document holds it
        captures, answered = by_uin.get(uins[0], history) if uins else history
        members = [by_uin[uin][1][-1][0] for uin in uins if uin in by_uin]
        answers.append(_answer(captures, answered, uins, members, tagger))
    return answers


def _is_question(node: Mapping[str, Any]) -> bool:
    return "uin" in node and ("answerText" in node or "questionText" in node)


def records_in(
    node: Any, is_record: Callable[[Mapping[str, Any]], bool], *, listed: bool = False
) -> Iterator[tuple[Record, bool]]:
    """The service's records in a document, each with whether it came from a list response
    (whose texts are cut): a detail (``{"value": …}``), a list (``{"results": […]}``), a bare
    record, or anything holding them (keys starting ``_`` aside)."""
    if isinstance(node, Mapping):
        if is_record(node):
            yield node, listed
            return
        if isinstance(node.get("results"), list):
            for item in node["results"]:
                yield from records_in(item, is_record, listed=True)
            return
        for key, value in node.items():
            if not str(key).startswith("_"):
                yield from records_in(value, is_record, listed=listed)
    elif isinstance(node, list):
        for item in node:
            yield from records_in(item, is_record, listed=listed)


def _question_key(record: Record) -> object:
    """The same question in every capture: its API id, else its House and UIN."""
    if record.get("id") is not None:
        return ("id", str(record["id"]))
    return ("uin", record.get("house"), str(record.get("uin") or ""))


def _is_answered(record: Record) -> bool:
    return not record.get("isWithdrawn") and bool((record.get("answerText") or "").strip())


def _own_uin(record: Record) -> str:
    return str(record.get("uin") or "").strip()


def _own_uins(record: Record) -> list[str]:
    return [u for u in [_own_uin(record), *_grouped(record)] if u]


def _grouped(record: Record) -> list[str]:
    uins: list[str] = []
    for item in record.get("groupedQuestions") or []:
        if isinstance(item, Mapping):
            uin = item.get("uin") or item.get("questionUin")
        else:
            uin = item
        if uin:
            uins.append(str(uin).strip())
    return uins


def _uin_order(uin: str) -> tuple[str, int, str]:
    """``HL12265`` after ``HL999``; digits as numbers, so 911619 after 143686."""
    match = re.fullmatch(r"([A-Za-z]*)(\d+)", uin)
    return (match.group(1), int(match.group(2)), "") if match else ("~", 0, uin)


def _uins_of(answered: list[tuple[Record, bool]]) -> tuple[str, ...]:
    last, _ = answered[-1]
    return tuple(sorted(dict.fromkeys(_own_uins(last)), key=_uin_order))


def service_date(value: Any) -> dt.date | None:
    """A date as the service writes it (``2021-02-01T00:00:00``); None when there is none."""
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


def service_text(record: Record, listed: bool, field: str = "answerText") -> tuple[str, bool]:
    """The field's HTML as plain paragraphs, and whether it is whole (a list response cuts it
    short, ending ``...``)."""
    raw = str(record.get(field) or "")
    truncated = raw.rstrip().endswith("...") and (listed or len(raw) <= _TRUNCATED_LENGTH)
    paragraphs = html_paragraphs(raw)
    if truncated and paragraphs:
        paragraphs[-1] = paragraphs[-1].rstrip().removesuffix("...").rstrip()
    return PARAGRAPH_BREAK.join(paragraphs), not truncated


def _attachments(record: Record) -> tuple[tuple[str, str], ...]:
    found = []
    for item in record.get("attachments") or []:
        if not isinstance(item, Mapping):
            continue
        url = item.get("url") or item.get("fileUrl") or item.get("link")
        title = item.get("title") or item.get("fileName") or url
        if isinstance(url, str) and re.match(r"https?://\S+$", url):
            found.append((str(title), url))
    return tuple(found)


def _history_flags(
    captures: list[tuple[Record, bool]], answered: list[tuple[Record, bool]], final_text: str
) -> list[Flag]:
    """What the earlier captures and the last one's own fields tell of the question's history:
    a holding answer, a transfer, a correction."""
    last, _ = answered[-1]
    flags = []
    held_date = service_date(last.get("dateHoldingAnswer"))
    held = [(r, listed) for r, listed in answered[:-1] if r.get("answerIsHolding")]
    if last.get("answerIsHolding"):
        flags.append(Flag(FlagKind.HOLDING_ANSWER, "holding answer: a full answer is to follow"))
    elif held:
        record, listed = held[-1]
        when = held_date or service_date(record.get("dateAnswered"))
        text, _ = service_text(record, listed)
        flags.append(
            Flag(
                FlagKind.HOLDING_ANSWER,
                f"holding answer {long_date(when)}" if when else "holding answer",
                text=text or None,
            )
        )
    elif held_date:
        flags.append(Flag(FlagKind.HOLDING_ANSWER, f"holding answer {long_date(held_date)}"))

    bodies = [r.get("answeringBodyName") for r, _ in captures if r.get("answeringBodyName")]
    final_body = last.get("answeringBodyName")
    if final_body and any(body != final_body for body in bodies):
        first = next(body for body in bodies if body != final_body)
        flags.append(Flag(FlagKind.TRANSFERRED, f"transferred from {first} to {final_body}"))

    if last.get("answerIsCorrection"):
        corrected = service_date(last.get("dateAnswerCorrected"))
        when = f" on {long_date(corrected)}" if corrected else ""
        original, whole = service_text(last, listed=False, field="originalAnswerText")
        if not original:
            given = [
                (r, listed)
                for r, listed in answered[:-1]
                if not r.get("answerIsCorrection") and not r.get("answerIsHolding")
            ]
            if given:
                original, whole = service_text(*given[-1])
        if original and original != final_text:
            flags.append(Flag(FlagKind.CORRECTION, f"corrected{when}"))
            first = service_date(last.get("dateAnswered"))
            given_on = f" on {long_date(first)}" if first else ""
            cut = "" if whole else " (its first part only: the list response cuts it short)"
            flags.append(
                Flag(
                    FlagKind.CORRECTION_ORIGINAL,
                    f"the answer as first given{given_on}, before its correction{cut}",
                    text=original,
                )
            )
        else:
            flags.append(Flag(FlagKind.CORRECTION, f"corrected{when}; the original is not held"))
    return flags


def _answer(
    captures: list[tuple[Record, bool]],
    answered: list[tuple[Record, bool]],
    uins: tuple[str, ...],
    members: list[Record],
    tagger: Tagger | None,
) -> ParsedAnswer:
    last, listed = answered[-1]
    named = last.get("house")
    house = House(named) if isinstance(named, str) and named in set(House) else None
    date = service_date(last.get("dateAnswered"))
    text, whole = service_text(last, listed)
    cleaned = clean_answer(
        [Block(p) for p in text.split(PARAGRAPH_BREAK) if p], uins=uins, columns=Columns()
    )

    flags: list[Flag] = [*cleaned.flags, *_history_flags(captures, answered, cleaned.answer)]
    asker = _member_name(last.get("askingMember"))
    minister = _member_name(last.get("answeringMember"))
    if not asker:
        flags.append(
            Flag(
                FlagKind.MISSING_ASKER,
                f"asking member id {last.get('askingMemberId')} is not named in the record",
            )
        )
    if not minister:
        flags.append(
            Flag(
                FlagKind.MISSING_MINISTER,
                f"answering member id {last.get('answeringMemberId')} is not named in the record",
            )
        )
    if not uins:
        flags.append(Flag(FlagKind.MISSING_UIN, "no uin in the record"))
    if date is None:
        flags.append(Flag(FlagKind.MISSING_DATE, "no dateAnswered in the record"))
    if not last.get("heading"):
        flags.append(Flag(FlagKind.MISSING_HEADING, "no heading in the record"))

    body = last.get("answeringBodyName") or None
    department = body
    if tagger and minister and not department:
        department = tagger.department_of(minister)
    tabled = service_date(last.get("dateTabled"))
    url = written_question_page(tabled, uins[0]) if tabled and uins else None
    asked = None
    if url and tabled:
        held = service_date(last.get("dateHoldingAnswer"))
        if last.get("answerIsHolding") and held is None:
            held = date
        asked = WrittenQuestion(
            uins=uins,
            date_tabled=tabled,
            url=url,
            holding_answer_date=held,
            corrected=service_date(last.get("dateAnswerCorrected"))
            if last.get("answerIsCorrection")
            else None,
            answering_body=body,
            answering_member=minister,
            asking_member=asker,
            attachments=_attachments(last),
            api_id=last["id"] if isinstance(last.get("id"), int) else None,
        )
    return ParsedAnswer(
        source_format="wq-json:list" if listed else "wq-json:detail",
        house=house,
        date=date,
        uins=uins,
        asker=asker,
        minister=minister,
        department=department,
        heading=last.get("heading") or None,
        question=PARAGRAPH_BREAK.join(
            dict.fromkeys(q for q in map(_question, members or [last]) if q)
        ),
        answer=cleaned.answer,
        columns=Columns(),
        column_breaks=(),
        url=url,
        complete=whole,
        flags=tuple(flags),
        kind=SourceKind.SERVICE,
        written_question=asked,
        date_tabled=tabled,
        api_id=str(last["id"]) if last.get("id") is not None else None,
    )


def _question(record: Record) -> str:
    return " ".join(str(record.get("questionText") or "").split())
