"""The records' model: source answers, commitments, figures, status events and the registry.

Models are strict: an unknown key is an error (a misspelt key must never be dropped silently), and
values are not coerced (``value: "14"`` is an error, not 14). The format is documented, with a full
example of each file, in ``data/README.md``.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from commitments.record.status import CommitmentStatus, FigureStatus


def _to_date(value: Any) -> Any:
    """Dates are written unquoted (``2002-07-08``); a quoted ISO date is accepted too."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date without a time is expected (YYYY-MM-DD)")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_to_date)]
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=120)]
Text = Annotated[str, StringConstraints(min_length=1)]
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$")]


class House(StrEnum):
    COMMONS = "Commons"
    LORDS = "Lords"


class SourceKind(StrEnum):
    """Where a source answer was published, which says how it is cited."""

    PRINTED = "printed Hansard"
    """A written answer printed in Hansard: cited by volume and columns (``citation_parts``)."""
    SERVICE = "Written Questions service"
    """A written answer published by the Written Questions service since 2014: cited by its UINs
    and dates (``written_question``), never by a Hansard column."""
    STATEMENT = "written statement"
    """A written ministerial statement, published by the same service: cited by its references
    (``HCWS751``, ``HLWS745``) and the day it was made (``written_statement``)."""


class FlagKind(StrEnum):
    """What an answer's printed text holds besides the answer itself, or does not print."""

    SPLICED_FRAGMENT = "spliced_fragment"
    """A fragment of another answer printed inside this one (its text kept in the flag)."""
    OTHER_ANSWER = "other_answer"
    """Part of another answer on the same page: its question cut off by the end of the copy, or
    table debris of an answer on an earlier column (its text kept in the flag)."""
    FURNITURE = "furniture"
    """The site's own text around the answer: menus, "This question was answered on …", a
    member's present role (its text kept in the flag)."""
    CORRECTION_ORIGINAL = "correction_original"
    """The original answer shown beside its correction (its text kept in the flag)."""
    ADDRESS_DISAGREES = "address_disagrees"
    """The page's address gives a date, house or question number other than the page prints;
    the page's own is kept."""
    HOLDING_ANSWER = "holding_answer"
    TRANSFERRED = "transferred"
    CORRECTION = "correction"
    MISSING_ASKER = "missing_asker"
    MISSING_MINISTER = "missing_minister"
    MISSING_UIN = "missing_uin"
    MISSING_DATE = "missing_date"
    MISSING_HEADING = "missing_heading"


SET_ASIDE = frozenset(
    {
        FlagKind.SPLICED_FRAGMENT,
        FlagKind.OTHER_ANSWER,
        FlagKind.FURNITURE,
        FlagKind.CORRECTION_ORIGINAL,
    }
)
"""Flags holding printed text that is not the answer's: kept in the flag, never quoted."""


class Unit(StrEnum):
    COUNT = "count"
    GBP = "GBP"
    PERCENT = "percent"
    YEARS = "years"
    PEOPLE_PER_YEAR = "people_per_year"


class Basis(StrEnum):
    """How a figure counts: never join figures of different bases into one line."""

    CUMULATIVE = "cumulative"
    WITHIN_PERIOD = "within_period"
    POINT_IN_TIME = "point_in_time"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


def _lenient(enum: type[StrEnum]) -> Any:
    """An enum field that takes its plain string value from YAML."""
    return Annotated[enum, Field(strict=False)]


class CitationParts(Strict):
    """A printed citation's parts; a column is None where the page prints none and none can be
    inferred (hansard.parliament.uk pages print the volume but no column)."""

    volume: int | None
    first_column: int | None = Field(ge=1)
    last_column: int | None = Field(ge=1)
    series: Literal["W", "WA", "WS", "WH"]
    inferred: list[Literal["volume", "first_column", "last_column", "series"]] = []


class Attachment(Strict):
    """A file attached to a written answer, by its title and address."""

    title: Text
    url: WebAddress


class WrittenQuestion(Strict):
    """An answer as the Written Questions service publishes it (since 2014): cited by its UINs
    and dates, never by a Hansard column. Names are as the service gives them, null when it
    gives none (never guessed).

    A copy that does not print everything (a listing page prints no UIN; a cut copy no date
    answered) keeps what it gives and says what it does not: no UIN needs a ``missing_uin``
    flag, no date answered a ``missing_date`` flag, and a UIN goes with its date tabled."""

    uins: list[Text] = []
    """The question's UIN, or every UIN of a grouped set answered together (``HL`` first in
    the Lords: ``HL3235``; digits only in the Commons); empty when none is printed."""
    date_tabled: IsoDate | None = None
    """Null only when the copy prints no UIN and no date tabled (a listing page)."""
    date_answered: IsoDate | None = None
    """The same as the answer's ``date``; null when the copy prints none, and the answer is
    then placed at its date tabled, the earliest it can have been answered."""
    holding_answer_date: IsoDate | None = None
    """The date of a holding answer given before this one, or null."""
    corrected: IsoDate | None = None
    """The date the answer was corrected, or null."""
    answering_body: str | None = None
    """The body that finally answered (after any transfer)."""
    answering_member: str | None = None
    asking_member: str | None = None
    attachments: list[Attachment] = []
    url: WebAddress | None = None
    """The service's page of the question (of the first UIN of a grouped set); null when no
    UIN is known, as the page is addressed by date tabled and UIN."""
    api_id: int | None = None
    """The service's id of the question's record, where known."""


class WrittenStatement(Strict):
    """A written ministerial statement (the Written Statements service), made in one House or
    in both on the same day (one statement, one reference a House)."""

    references: list[Text] = Field(min_length=1)
    """Each House's reference, as the service prints it: ``HCWS751`` (Commons), ``HLWS745``
    (Lords); the Commons' first."""
    houses: list[_lenient(House)] = Field(min_length=1)
    """The House of each reference, in the same order."""
    date_made: IsoDate
    """The same as the answer's ``date``."""
    title: Text
    members: list[str | None] = []
    """Who made it in each House, in the references' order, as the service names them (null
    where it names none)."""
    answering_body: str | None = None
    """The department that made it."""
    url: WebAddress
    """The service's page of the statement (of its first reference)."""


class ColumnBreak(Strict):
    column: int = Field(ge=1)
    offset: int = Field(ge=0)


class Flag(Strict):
    kind: _lenient(FlagKind)
    detail: Text
    text: str | None = None
    offset: int | None = Field(default=None, ge=0)


class Answer(Strict):
    """A written answer, with what was set aside from its text: printed in Hansard (cited by
    its ``citation_parts``), published by the Written Questions service (its
    ``written_question``), or a written ministerial statement (its ``written_statement``):
    exactly one of the three."""

    id: Id
    house: _lenient(House)
    date: IsoDate
    citation: Text
    citation_parts: CitationParts | None = None
    written_question: WrittenQuestion | None = None
    written_statement: WrittenStatement | None = None
    uins: list[Text] = []
    asker: str | None = None
    minister: str | None = None
    department: str | None = None
    heading: str | None = None
    question: str = ""
    answer: Text
    column_breaks: list[ColumnBreak] = []
    url: WebAddress | None = None
    complete: bool
    flags: list[Flag] = []

    @model_validator(mode="after")
    def _one_kind(self) -> Answer:
        blocks = [name for name in _CITED_BY if getattr(self, name) is not None]
        if len(blocks) != 1:
            raise ValueError(
                "an answer has exactly one of `citation_parts` (printed Hansard), "
                "`written_question` (the Written Questions service) and `written_statement` "
                "(a written ministerial statement)" + _not_these(blocks)
            )
        return self

    @property
    def kind(self) -> SourceKind:
        """Where the answer was published: said by the block it is cited by."""
        return next(kind for name, kind in _CITED_BY.items() if getattr(self, name) is not None)


def _not_these(blocks: list[str]) -> str:
    """``, not both `a` and `b``` for the blocks an answer has too many of."""
    if len(blocks) < 2:
        return ""
    named = " and ".join(f"`{name}`" for name in blocks)
    return f", not {'both' if len(blocks) == 2 else 'all of'} {named}"


_CITED_BY = {
    "citation_parts": SourceKind.PRINTED,
    "written_question": SourceKind.SERVICE,
    "written_statement": SourceKind.STATEMENT,
}
"""Each block an answer is cited by, and the kind of source it makes the answer."""


class Document(Strict):
    """A source other than a written answer (a report, a press notice, a statute)."""

    title: Text
    url: WebAddress | None = None
    date: IsoDate | None = None


Precision = Literal["day", "month", "year"]
"""How precise an effective date is: "since March 2003" is month-precise (written 2003-03-01),
"in 2003" year-precise (2003-01-01)."""


class _Event(Strict):
    date: IsoDate
    source: Id | None = None
    document: Document | None = None
    quote: str | None = None
    note: str | None = None
    effective: IsoDate | None = None
    precision: Precision = "day"

    @model_validator(mode="after")
    def _one_source(self) -> _Event:
        if (self.source is None) == (self.document is None):
            raise ValueError(
                "a status event needs exactly one of `source` (an answer id) or `document`"
            )
        if self.precision != "day":
            if self.effective is None:
                raise ValueError(f"`precision: {self.precision}` needs an `effective` date")
            if self.effective.day != 1 or (self.precision == "year" and self.effective.month != 1):
                first = "the 1st of the month" if self.precision == "month" else "1 January"
                raise ValueError(
                    f"a {self.precision}-precise effective date is written as {first} "
                    f"(not {self.effective})"
                )
        return self

    @property
    def source_label(self) -> str:
        if self.source:
            return self.source
        assert self.document is not None
        return self.document.title


class CommitmentEvent(_Event):
    status: _lenient(CommitmentStatus)


class FigureEvent(_Event):
    status: _lenient(FigureStatus)
    value: float | None = None
    """On a ``corrected`` event only: the value the correction gives (the figure's own ``value``
    stays the one first stated, as its quote says it)."""
    value_high: float | None = None
    """On a ``corrected`` event only: the upper end when the correction gives a range."""

    @model_validator(mode="after")
    def _corrected_value(self) -> FigureEvent:
        given = [name for name in ("value", "value_high") if getattr(self, name) is not None]
        if given and self.status != FigureStatus.CORRECTED:
            raise ValueError(
                f"`{given[0]}` is given only on a `corrected` event (the value the correction "
                f"gives), not on a `{self.status.value}` one"
            )
        if self.value_high is not None and self.value is None:
            raise ValueError("`value_high` needs `value` (the lower end of the corrected range)")
        if self.value is not None and self.value_high is not None and self.value_high < self.value:
            raise ValueError(f"value_high {self.value_high:g} is below value {self.value:g}")
        return self


class Span(Strict):
    """Words from the answer, and the dates they resolve to where they give any."""

    words: Text
    start: IsoDate | None = None
    end: IsoDate | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class _Record(Strict):
    id: Id
    title: Text
    quote: Text
    source: Id
    programmes: list[Text] = []
    agencies: list[Text] = []
    tags: list[Text] = []


class Figure(_Record):
    """A number the Government stated to Parliament as fact."""

    kind: Literal["figure"]
    metric: Id
    value: float
    value_high: float | None = None
    lower_bound: bool = False
    unit: _lenient(Unit)
    period: Span
    basis: _lenient(Basis)
    history: list[FigureEvent] = Field(min_length=1)

    @model_validator(mode="after")
    def _range(self) -> Figure:
        if self.value_high is not None and self.value_high < self.value:
            raise ValueError(f"value_high {self.value_high:g} is below value {self.value:g}")
        return self


class Commitment(_Record):
    """A statement of future or continuing action that can later be checked."""

    kind: Literal["commitment"]
    due: Span | None = None
    responsible: str | None = None
    made_by: str | None = None
    """Who made the commitment when it is not the UK Government (another state, an EU
    presidency); such a commitment is reported, never counted as the Government's overdue."""
    history: list[CommitmentEvent] = Field(min_length=1)


Record = Figure | Commitment


def standing_values(figure: Figure) -> list[tuple[float, float | None]]:
    """For each event of the figure's history, the value (and upper value) it stands at after
    the event: the value first stated, then each ``corrected`` event's value from it on."""
    standing = (figure.value, figure.value_high)
    out = []
    for event in figure.history:
        if event.status == FigureStatus.CORRECTED and event.value is not None:
            standing = (event.value, event.value_high)
        out.append(standing)
    return out


class Entity(Strict):
    """A programme, agency or department, with the other names it goes by."""

    name: Text
    aliases: list[Text] = []
    description: str | None = None
    parent: str | None = None
    successor: str | None = None
    from_: IsoDate | None = Field(default=None, alias="from")
    until: IsoDate | None = None


class Minister(Strict):
    name: Text
    aliases: list[Text] = []
    department: str | None = None
    role: str | None = None


class Metric(Strict):
    id: Id
    label: Text
    counts: Text
    unit: _lenient(Unit)
    programme: str | None = None


UNCLASSIFIED_METRIC = "unclassified"
"""The metric of a loader's draft figure that no registry metric matched yet."""


class Registry(Strict):
    programmes: list[Entity] = []
    agencies: list[Entity] = []
    ministers: list[Minister] = []
    departments: list[Entity] = []
    metrics: list[Metric] = []
