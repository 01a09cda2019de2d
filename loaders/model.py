"""What the loaders produce: a source answer as parsed, its flags and its candidate records.

Every stage is a pure function over these frozen dataclasses: a parser builds a ``ParsedAnswer``
from raw input, cleaning sets aside what is not the answer, extraction adds ``candidates``.
``to_dict`` gives the JSON form printed by ``python -m loaders parse --json``. Flag kinds and
houses are the record model's vocabularies (``FlagKind``, ``House``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from commitments.record import citations
from commitments.record.model import FlagKind, House, SourceKind

from .citations import PageAddress, slug

PARAGRAPH_BREAK = "\n\n"
"""How paragraphs are separated in an answer's text."""


class Extent(StrEnum):
    """How much of the answer a given text holds, as whoever gives the text says."""

    COMPLETE = "complete"
    """The text is the whole answer."""
    EXCERPT = "excerpt"
    """The text is the first part only: the copy ends before the answer did."""
    UNKNOWN = "unknown"
    """Not said: an answer whose text ends mid-sentence is taken for an excerpt."""


ENDINGS = (".", ".”", '."', ".)", "?", "!", ":", ")")
"""How a finished answer's text ends; an answer ending otherwise was cut off."""


def is_complete(text: str, extent: Extent) -> bool:
    """Whether ``text`` is the whole answer: as ``extent`` says, else from how the text ends."""
    if extent is Extent.UNKNOWN:
        return text.rstrip().endswith(ENDINGS)
    return extent is Extent.COMPLETE


_FLAG_ORDER = list(FlagKind)


def ordered_flags(flags: list[Flag]) -> tuple[Flag, ...]:
    """The flags in the vocabulary's order (what the text holds, then what it does not print)."""
    return tuple(sorted(flags, key=lambda f: _FLAG_ORDER.index(f.kind)))


def address_disagreements(
    address: PageAddress, printed_date: dt.date | None, printed_house: House | None
) -> list[Flag]:
    """A flag for each thing the page address gives otherwise than the page prints: the page's
    own is kept, and the disagreement reported, never silently settled."""
    flags = []
    if address.date and printed_date and address.date != printed_date:
        flags.append(
            Flag(
                FlagKind.ADDRESS_DISAGREES,
                f"the address gives the date {address.date}, the page prints {printed_date}",
            )
        )
    if address.house and printed_house and address.house != printed_house:
        flags.append(
            Flag(
                FlagKind.ADDRESS_DISAGREES,
                f"the address gives the {address.house.value}, the page the {printed_house.value}",
            )
        )
    return flags


def missing_flags(
    *,
    asker: str | None,
    minister: str | None,
    uins: tuple[str, ...],
    date: dt.date | None,
    heading: str | None,
    uin_hint: str,
    date_hint: str,
) -> list[Flag]:
    """A flag for each thing a page does not print (``uin_hint`` and ``date_hint`` say what
    the page's rendering could have given them from)."""
    flags = []
    if not asker:
        flags.append(Flag(FlagKind.MISSING_ASKER, "no asker printed"))
    if not minister:
        flags.append(Flag(FlagKind.MISSING_MINISTER, "no answering minister printed"))
    if not uins:
        flags.append(Flag(FlagKind.MISSING_UIN, uin_hint))
    if date is None:
        flags.append(Flag(FlagKind.MISSING_DATE, date_hint))
    if not heading:
        flags.append(Flag(FlagKind.MISSING_HEADING, "no heading printed"))
    return flags


@dataclass(frozen=True)
class Flag:
    """Something the printed text holds besides the answer, or something it does not print."""

    kind: FlagKind
    detail: str
    text: str | None = None
    offset: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "detail": self.detail}
        if self.text is not None:
            out["text"] = self.text
        if self.offset is not None:
            out["offset"] = self.offset
        return out


@dataclass(frozen=True)
class ColumnBreak:
    """A printed column that starts at ``offset`` in the cleaned answer text."""

    column: int
    offset: int


@dataclass(frozen=True)
class Columns:
    """Where the answer was printed: volume, column range and series, and what was inferred."""

    volume: int | None = None
    first: int | None = None
    last: int | None = None
    series: str | None = None
    inferred: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "volume": self.volume,
            "first": self.first,
            "last": self.last,
            "series": self.series,
            "inferred": list(self.inferred),
        }


@dataclass(frozen=True)
class Span:
    """Words of the answer, and the dates they resolve to where they give any."""

    words: str
    start: dt.date | None = None
    end: dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


@dataclass(frozen=True)
class Correction:
    """What a correction of the answer made of a figure: the corrected sentence, the value it
    gives (``number`` as written) and the date of the correction."""

    date: dt.date
    quote: str
    value: float | None
    value_high: float | None = None
    number: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "quote": self.quote,
            "value": plain_number(self.value),
            "value_high": plain_number(self.value_high),
            "number": self.number,
        }


@dataclass(frozen=True)
class Candidate:
    """A figure or a commitment found in an answer, quoted verbatim from the cleaned text.

    ``offset`` is where ``quote`` starts in the answer text. For a figure, ``number`` is the
    number as written ("nine", "£3 million") and ``counts`` what it counts. For a commitment,
    ``stage`` says what the words report: ``announced`` (future action), ``in_progress``
    (continuing action) or ``delivered`` (done). A figure that a correction of the answer
    changed has its ``correction``: its quote and offset are then the answer's as first given
    (its ``correction_original`` flag's text), and the correction's those of the corrected text.
    """

    kind: str
    quote: str
    offset: int
    value: float | None = None
    value_high: float | None = None
    lower_bound: bool = False
    unit: str | None = None
    number: str | None = None
    counts: str | None = None
    period: Span | None = None
    basis: str | None = None
    due: Span | None = None
    stage: str | None = None
    programmes: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    metric: str | None = None
    correction: Correction | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "quote": self.quote,
            "offset": self.offset,
            "value": plain_number(self.value),
            "value_high": plain_number(self.value_high),
            "lower_bound": self.lower_bound,
            "unit": self.unit,
            "number": self.number,
            "counts": self.counts,
            "period": self.period.to_dict() if self.period else None,
            "basis": self.basis,
            "due": self.due.to_dict() if self.due else None,
            "stage": self.stage,
            "programmes": list(self.programmes),
            "agencies": list(self.agencies),
            "metric": self.metric,
            "correction": self.correction.to_dict() if self.correction else None,
        }


@dataclass(frozen=True)
class WrittenQuestion:
    """What the Written Questions service gives of an answer besides its text: the record
    model's ``written_question`` (the date answered is the answer's ``date``, unless the copy
    prints none: ``answered`` is then None and the answer is placed at its date tabled)."""

    uins: tuple[str, ...]
    date_tabled: dt.date | None
    url: str | None
    holding_answer_date: dt.date | None = None
    corrected: dt.date | None = None
    answering_body: str | None = None
    answering_member: str | None = None
    asking_member: str | None = None
    attachments: tuple[tuple[str, str], ...] = ()
    """Each attachment's title and address."""
    api_id: int | None = None

    def to_dict(self, answered: dt.date | None) -> dict[str, Any]:
        return {
            "uins": list(self.uins),
            "date_tabled": self.date_tabled,
            "date_answered": answered,
            "holding_answer_date": self.holding_answer_date,
            "corrected": self.corrected,
            "answering_body": self.answering_body,
            "answering_member": self.answering_member,
            "asking_member": self.asking_member,
            "attachments": [{"title": t, "url": u} for t, u in self.attachments],
            "url": self.url,
            "api_id": self.api_id,
        }


@dataclass(frozen=True)
class WrittenStatement:
    """A written ministerial statement's references and what the service gives of it: the
    record model's ``written_statement`` (the date made is the answer's ``date``)."""

    references: tuple[str, ...]
    """``HCWS751``, ``HLWS745``: one a House, the Commons' first."""
    houses: tuple[House, ...]
    title: str
    url: str
    members: tuple[str | None, ...] = ()
    answering_body: str | None = None

    def to_dict(self, made: dt.date | None) -> dict[str, Any]:
        return {
            "references": list(self.references),
            "houses": [house.value for house in self.houses],
            "date_made": made,
            "title": self.title,
            "members": list(self.members),
            "answering_body": self.answering_body,
            "url": self.url,
        }


@dataclass(frozen=True)
class ParsedAnswer:
    """One written answer: its metadata, its cleaned text, flags and candidate records."""

    source_format: str
    house: House | None = None
    date: dt.date | None = None
    uins: tuple[str, ...] = ()
    asker: str | None = None
    minister: str | None = None
    department: str | None = None
    heading: str | None = None
    question: str = ""
    answer: str = ""
    columns: Columns = field(default_factory=Columns)
    column_breaks: tuple[ColumnBreak, ...] = ()
    url: str | None = None
    complete: bool = True
    flags: tuple[Flag, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    kind: SourceKind = SourceKind.PRINTED
    """Where the answer was published: an answer of the Written Questions service (since 2014)
    is cited by its ``written_question`` alone, so without one it has no citation."""
    written_question: WrittenQuestion | None = None
    """An answer from the Written Questions service: cited by its UINs and dates."""
    written_statement: WrittenStatement | None = None
    """A written ministerial statement: cited by its references and the day it was made."""
    date_tabled: dt.date | None = None
    """Since 2014: the date the question was tabled (the date answered is ``date``)."""
    api_id: str | None = None
    """Since 2014: the Written Questions service's id of the question (its API record)."""
    id_suffix: str = ""
    """Told apart from an earlier answer on the same page that would have the same id (three
    answers without question numbers): ``2``, ``3``…"""

    @property
    def citation(self) -> str | None:
        """The citation: the service's for its answers (UINs and dates; None while its UIN or
        date tabled is not known: never a Hansard citation it was not printed with), else the
        Hansard citation built from house, date, volume and columns."""
        if not self.house or not self.date:
            return None
        asked = self.written_question
        if asked is not None:
            return citations.format_written_question_citation(
                asked.uins, asked.date_tabled, self.date_answered, asked.api_id
            )
        made = self.written_statement
        if made is not None:
            return citations.format_written_statement_citation(made.references, self.date)
        if self.kind is not SourceKind.PRINTED:
            return None
        columns = self.columns
        return citations.format_citation(
            self.house, self.date, columns.volume, columns.first, columns.last, columns.series or ""
        )

    @property
    def id(self) -> str | None:
        """``hc-2003-03-05-99443``; ``hl-2004-05-04-107wa`` by column when no number was printed;
        by heading when neither was; with ``-2``, ``-3`` for a later answer of a page that would
        have an earlier one's id."""
        if not self.house or not self.date:
            return None
        prefix = f"{'hc' if self.house == House.COMMONS else 'hl'}-{self.date.isoformat()}"
        if self.uins:
            base = f"{prefix}-{slug(self.uins[0])}"
        elif self.columns.first is not None:
            base = f"{prefix}-{self.columns.first}{(self.columns.series or '').lower()}"
        elif self.heading:
            base = f"{prefix}-{slug(self.heading)[:60].strip('-')}"
        else:
            base = prefix
        return f"{base}-{self.id_suffix}" if self.id_suffix else base

    @property
    def date_answered(self) -> dt.date | None:
        """The date answered: the answer's ``date``, except for a service answer whose copy
        prints none (flagged ``missing_date``), which is placed at its date tabled."""
        if self.written_question is not None and FlagKind.MISSING_DATE in self.flag_kinds():
            return None
        return self.date

    def flag_kinds(self) -> list[FlagKind]:
        return [flag.kind for flag in self.flags]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "citation": self.citation,
            "house": self.house.value if self.house else None,
            "date": self.date.isoformat() if self.date else None,
            "date_tabled": self.date_tabled.isoformat() if self.date_tabled else None,
            "api_id": self.api_id,
            "uins": list(self.uins),
            "asker": self.asker,
            "minister": self.minister,
            "department": self.department,
            "heading": self.heading,
            "question": self.question,
            "answer": self.answer,
            "columns": self.columns.to_dict(),
            "column_breaks": [{"column": b.column, "offset": b.offset} for b in self.column_breaks],
            "url": self.url,
            "written_question": _json_dates(self.written_question.to_dict(self.date_answered))
            if self.written_question
            else None,
            "written_statement": _json_dates(self.written_statement.to_dict(self.date))
            if self.written_statement
            else None,
            "complete": self.complete,
            "kind": self.kind.value,
            "source_format": self.source_format,
            "flags": [flag.to_dict() for flag in self.flags],
            "candidates": [candidate.to_dict() for candidate in self.candidates],
        }


def _json_dates(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}


def plain_number(value: float | None) -> int | float | None:
    """Whole numbers print as integers (67, not 67.0)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """``text`` with every run of whitespace made one space: how quotes are compared."""
    return _WS.sub(" ", text).strip()
