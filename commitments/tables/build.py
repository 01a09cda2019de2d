"""Tidy tables of a dataset: one row per record, per status event, per answer.

The current status of a record is the status of its last event; ``as_at`` gives the status as the
histories knew it on a date. A figure's current value is the one its last ``corrected`` event gives
(``corrected_from`` and ``corrected_on`` say what it was and when it changed), else the one first
stated. Names are canonical (aliases resolved through the registry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import pandas as pd

from commitments.folder.dataset import Dataset
from commitments.record.model import (
    Answer,
    CommitmentEvent,
    Figure,
    FigureEvent,
    standing_values,
)
from commitments.record.registry import Names
from commitments.record.status import RESTATED, FigureStatus, standing_index
from commitments.tables.as_at import records_as_at

_RECORD_OWN = [
    "id", "kind", "title", "quote", "status", "status_date", "status_effective",
    "status_precision", "last_restated", "first_date", "source_id", "programmes", "agencies",
    "tags",
]  # fmt: skip
_FIGURE_COLUMNS = [
    "metric", "metric_label", "value", "value_high", "lower_bound", "unit", "period_words",
    "period_start", "period_end", "basis", "corrected_from", "corrected_from_high", "corrected_on",
]  # fmt: skip
"""``value``/``value_high``: the figure's value now (its last correction's, where one changed it);
``corrected_from``/``corrected_from_high``: the value that correction replaced, and
``corrected_on`` its date (empty for a figure no correction changed)."""
_COMMITMENT_COLUMNS = ["due_words", "due_start", "due_end", "responsible", "made_by"]
_SOURCE_COLUMNS = [
    "answer_date", "house", "citation", "uins", "asker", "minister", "department", "url",
]  # fmt: skip
RECORD_COLUMNS = [*_RECORD_OWN, *_FIGURE_COLUMNS, *_COMMITMENT_COLUMNS, *_SOURCE_COLUMNS, "path"]
EVENT_COLUMNS = [
    "record_id", "kind", "title", "seq", "date", "effective", "precision", "status",
    "status_effective", "status_precision", "source_id", "document", "quote", "note", "citation",
    "url", "programmes", "agencies", "metric", "value", "value_high",
]  # fmt: skip
"""``value``/``value_high`` of a figure's event: the value the figure stands at after it (the
value first stated, then each ``corrected`` event's from its date on)."""
ANSWER_COLUMNS = [
    "id", "kind", "house", "date", "citation", "volume", "first_column", "last_column", "series",
    "inferred", "date_tabled", "holding_answer_date", "corrected", "attachments", "api_id",
    "uins", "asker", "minister", "department", "heading", "url", "complete",
    "flags", "flag_details", "records", "path", "question", "answer", "splices",
]  # fmt: skip

DATE_COLUMNS = {
    "records": ["status_date", "status_effective", "last_restated", "first_date", "period_start",
                "period_end", "due_start", "due_end", "answer_date", "corrected_on"],
    "events": ["date", "effective", "status_effective"],
    "answers": ["date", "date_tabled", "holding_answer_date", "corrected"],
}  # fmt: skip


_NAN = float("nan")
_NOT_A_FIGURE = (_NAN,) * len(_FIGURE_COLUMNS)
_NOT_A_COMMITMENT = (_NAN,) * len(_COMMITMENT_COLUMNS)
"""A record's cells of the other kind's columns: NaN, as in a frame made from rows lacking them."""
_NO_VALUES = (_NAN, _NAN)
"""A commitment's event's cells of ``value`` and ``value_high``."""


@dataclass
class Tables:
    records: pd.DataFrame
    events: pd.DataFrame
    answers: pd.DataFrame


def build_tables(dataset: Dataset) -> Tables:
    lookup = dataset.lookup
    answers = {aid: located.item for aid, located in dataset.answers.items()}
    record_rows: list[tuple] = []
    event_rows: list[tuple] = []
    counts: dict[str, int] = {}
    resolved: dict[tuple[int, str], str] = {}  # names repeat across records: resolve each once
    for located in dataset.records.values():
        record = located.item
        source = answers.get(record.source)
        programmes = _canonical(record.programmes, lookup.programmes, resolved)
        agencies = _canonical(record.agencies, lookup.agencies, resolved)
        # an answer's records: those that quote it, first said there or in a later event
        for answer_id in {record.source, *(e.source for e in record.history if e.source)}:
            counts[answer_id] = counts.get(answer_id, 0) + 1
        took_effect = status_took_effect(record.history)
        last_index = standing_index(record.history)
        last = record.history[last_index]
        restated = [e.date for e in record.history if e.status == RESTATED]
        # Rows are tuples in the order of the columns (a tuple is several times quicker to make
        # than a dict): the record's own, then its kind's, then its source answer's.
        own = (
            record.id, record.kind, record.title, record.quote, last.status.value, last.date,
            *took_effect[last_index], restated[-1] if restated else None,
            record.history[0].date, record.source, programmes, agencies, list(record.tags),
        )  # fmt: skip
        if isinstance(record, Figure):
            metric_id = record.metric
            metric = lookup.metrics.get(metric_id)
            period = record.period
            values = standing_values(record)
            value, value_high = values[-1]
            kind_cells = (
                metric_id, metric.label if metric else metric_id, value, value_high,
                record.lower_bound, record.unit.value, period.words, period.start, period.end,
                record.basis.value, *last_correction(record.history, values), *_NOT_A_COMMITMENT,
            )  # fmt: skip
        else:
            values = [_NO_VALUES] * len(record.history)
            metric_id = None
            due = record.due
            kind_cells = (
                *_NOT_A_FIGURE, due.words if due else None, due.start if due else None,
                due.end if due else None, record.responsible, record.made_by,
            )  # fmt: skip
        if source is None:
            source_cells = (None, None, None, [], None, None, None, None)
        else:
            source_cells = (
                source.date, source.house.value, source.citation, list(source.uins),
                source.asker, _minister(source, lookup.ministers, resolved), source.department,
                source.url,
            )  # fmt: skip
        record_rows.append((*own, *kind_cells, *source_cells, located.path))
        for seq, event in enumerate(record.history):
            event_source = answers.get(event.source) if event.source else None
            document = event.document
            event_rows.append(
                (
                    record.id,
                    record.kind,
                    record.title,
                    seq,
                    event.date,
                    event.effective,
                    event.precision,
                    event.status.value,
                    *took_effect[seq],
                    event.source,
                    document.title if document else None,
                    event.quote,
                    event.note,
                    event_source.citation if event_source else event.source_label,
                    event_source.url if event_source else (document.url if document else None),
                    programmes,
                    agencies,
                    metric_id,
                    *values[seq],
                )  # in the order of EVENT_COLUMNS
            )
    answer_cells = itemgetter(*ANSWER_COLUMNS)
    answer_rows = [
        answer_cells(_answer_row(a, dataset.answers[a.id].path, counts)) for a in answers.values()
    ]
    return Tables(
        records=_frame(record_rows, RECORD_COLUMNS, DATE_COLUMNS["records"]),
        events=_frame(event_rows, EVENT_COLUMNS, DATE_COLUMNS["events"]),
        answers=_frame(answer_rows, ANSWER_COLUMNS, DATE_COLUMNS["answers"]),
    )


def last_correction(
    history: Sequence[FigureEvent], values: Sequence[tuple[float, float | None]]
) -> tuple[float | None, float | None, dt.date | None]:
    """The value the figure's last value-changing ``corrected`` event replaced (and its upper
    value), and that event's date; ``(None, None, None)`` when no correction changed it.
    ``values`` are the ``standing_values`` of the history."""
    for index in range(len(history) - 1, 0, -1):
        if history[index].status == FigureStatus.CORRECTED and values[index] != values[index - 1]:
            before, before_high = values[index - 1]
            return before, before_high, history[index].date
    return None, None, None


_PRECISE = {"day": 0, "month": 1, "year": 2}


def status_took_effect(
    history: Sequence[CommitmentEvent | FigureEvent],
) -> list[tuple[dt.date, str]]:
    """For each event, when the status standing after it took effect, and how precisely that
    is known: the most precise ``effective`` date among the events that gave that status in a row
    (the earliest of equally precise ones), else the date the first of them was said.

    "Has been running since March 2003" (19 September 2003) then "On 10 March this year, we
    launched" (5 November 2003): delivered, took effect 10 March 2003, to the day. A restatement
    changes nothing.
    """
    out: list[tuple[dt.date, str]] = []
    status: str | None = None
    said_on: dt.date | None = None  # when the run's first event was said
    best: tuple[dt.date, str] | None = None  # the run's most precise effective date
    for event in history:
        if event.status != RESTATED or status is None:
            if event.status != status:
                status, said_on, best = event.status, event.date, None
            if event.effective is not None:
                candidate = (_PRECISE[event.precision], event.effective)
                if best is None or candidate < (_PRECISE[best[1]], best[0]):
                    best = (event.effective, event.precision)
        out.append(best if best else (said_on, "day"))
    return out


def _citation_cells(answer: Answer) -> dict:
    """The parts of a printed citation, or the Written Questions service's (the other's empty)."""
    parts, asked = answer.citation_parts, answer.written_question
    return {
        "volume": parts.volume if parts else None,
        "first_column": parts.first_column if parts else None,
        "last_column": parts.last_column if parts else None,
        "series": parts.series if parts else None,
        "inferred": list(parts.inferred) if parts else [],
        "date_tabled": asked.date_tabled if asked else None,
        "holding_answer_date": asked.holding_answer_date if asked else None,
        "corrected": asked.corrected if asked else None,
        "attachments": [f"{a.title} <{a.url}>" for a in asked.attachments] if asked else [],
        "api_id": asked.api_id if asked else None,
    }


def _answer_row(answer: Answer, path: str, counts: dict[str, int]) -> dict:
    return {
        "id": answer.id,
        "kind": answer.kind.value,
        "house": answer.house.value,
        "date": answer.date,
        "citation": answer.citation,
        **_citation_cells(answer),
        "uins": list(answer.uins),
        "asker": answer.asker,
        "minister": answer.minister,
        "department": answer.department,
        "heading": answer.heading,
        "url": answer.url,
        "complete": answer.complete,
        "flags": [flag.kind.value for flag in answer.flags],
        "flag_details": [flag.detail for flag in answer.flags],
        "records": counts.get(answer.id, 0),
        "path": path,
        "question": answer.question,
        "answer": answer.answer,
        "splices": [flag.text for flag in answer.flags if flag.kind == "spliced_fragment"],
    }


def _canonical(
    names: list[str], registry_names: Names, resolved: dict[tuple[int, str], str]
) -> list[str]:
    out: list[str] = []
    for name in names:
        canonical = resolved.get((id(registry_names), name))
        if canonical is None:
            canonical = resolved[(id(registry_names), name)] = registry_names.resolve(name) or name
        if canonical not in out:
            out.append(canonical)
    return out


def _minister(answer: Answer, ministers: Names, resolved: dict[tuple[int, str], str]) -> str | None:
    if answer.minister is None:
        return None
    return _canonical([answer.minister], ministers, resolved)[0]


def _frame(rows: list[tuple], columns: list[str], dates: list[str]) -> pd.DataFrame:
    # Column by column: pandas builds a frame from lists several times faster than from rows.
    if rows:
        cells = zip(*rows, strict=True)
        frame = pd.DataFrame({c: list(cell) for c, cell in zip(columns, cells, strict=True)})
    else:
        frame = pd.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "value_high", "corrected_from", "corrected_from_high"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def as_at(records: pd.DataFrame, events: pd.DataFrame, when: dt.date | None) -> pd.DataFrame:
    """Records as the histories knew them on ``when``: later records dropped, statuses rolled back.

    ``when`` None means today, i.e. the current status of every record.
    """
    return records if when is None else records_as_at(records, events, when)


def changed_since(
    events: pd.DataFrame, since: dt.date, until: dt.date | None = None
) -> pd.DataFrame:
    """Status events dated after ``since`` (and up to ``until``), newest first."""
    mask = events["date"] > pd.Timestamp(since)
    if until is not None:
        mask &= events["date"] <= pd.Timestamp(until)
    return events[mask].sort_values(["date", "record_id"], ascending=[False, True])
