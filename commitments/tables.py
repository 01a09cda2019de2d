"""Tidy tables of a dataset: one row per record, per status event, per answer.

The current status of a record is the status of its last event; ``as_at`` gives the status as the
histories knew it on a date. Names are canonical (aliases resolved through the registry).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter

import pandas as pd

from .dataset import Dataset
from .model import Answer, Figure
from .registry import Names

RECORD_COLUMNS = [
    "id", "kind", "title", "quote", "status", "status_date", "first_date", "source_id",
    "programmes", "agencies", "tags", "metric", "metric_label", "value", "value_high",
    "lower_bound", "unit", "period_words", "period_start", "period_end", "basis", "due_words",
    "due_start", "due_end", "responsible", "answer_date", "house", "citation", "uins", "asker",
    "minister", "department", "url", "path",
]  # fmt: skip
EVENT_COLUMNS = [
    "record_id", "kind", "title", "seq", "date", "effective", "status", "source_id",
    "document", "quote", "note", "citation", "url", "programmes", "agencies", "metric",
]  # fmt: skip
ANSWER_COLUMNS = [
    "id", "house", "date", "citation", "volume", "first_column", "last_column", "series",
    "inferred", "uins", "asker", "minister", "department", "heading", "url", "complete",
    "flags", "flag_details", "records", "path", "question", "answer", "splices",
]  # fmt: skip

DATE_COLUMNS = {
    "records": ["status_date", "first_date", "period_start", "period_end", "due_start", "due_end",
                "answer_date"],
    "events": ["date", "effective"],
    "answers": ["date"],
}  # fmt: skip


_NAN = float("nan")
_NOT_A_FIGURE = dict.fromkeys(
    ["metric", "metric_label", "value", "value_high", "lower_bound", "unit", "period_words",
     "period_start", "period_end", "basis"],
    _NAN,
)  # fmt: skip
_NOT_A_COMMITMENT = dict.fromkeys(["due_words", "due_start", "due_end", "responsible"], _NAN)


@dataclass
class Tables:
    records: pd.DataFrame
    events: pd.DataFrame
    answers: pd.DataFrame


def build_tables(dataset: Dataset) -> Tables:
    lookup = dataset.lookup
    answers = {aid: located.item for aid, located in dataset.answers.items()}
    record_rows, event_rows = [], []
    counts: dict[str, int] = {}
    known: dict[tuple[int, str], str] = {}  # names repeat across records: resolve each once
    for located in dataset.records.values():
        record = located.item
        source = answers.get(record.source)
        programmes = _canonical(record.programmes, lookup.programmes, known)
        agencies = _canonical(record.agencies, lookup.agencies, known)
        counts[record.source] = counts.get(record.source, 0) + 1
        last = record.history[-1]
        row = {
            "id": record.id,
            "kind": record.kind,
            "title": record.title,
            "quote": record.quote,
            "status": last.status.value,
            "status_date": last.date,
            "first_date": record.history[0].date,
            "source_id": record.source,
            "programmes": programmes,
            "agencies": agencies,
            "tags": list(record.tags),
            "answer_date": source.date if source else None,
            "house": source.house.value if source else None,
            "citation": source.citation if source else None,
            "uins": list(source.uins) if source else [],
            "asker": source.asker if source else None,
            "minister": _minister(source, lookup.ministers),
            "department": source.department if source else None,
            "url": source.url if source else None,
            "path": located.path,
        }
        if isinstance(record, Figure):
            metric_id = record.metric
            metric = lookup.metrics.get(record.metric)
            row |= _NOT_A_COMMITMENT | {
                "metric": record.metric,
                "metric_label": metric.label if metric else record.metric,
                "value": record.value,
                "value_high": record.value_high,
                "lower_bound": record.lower_bound,
                "unit": record.unit.value,
                "period_words": record.period.words,
                "period_start": record.period.start,
                "period_end": record.period.end,
                "basis": record.basis.value,
            }
        else:
            metric_id = None
            due = record.due
            row |= _NOT_A_FIGURE | {
                "due_words": due.words if due else None,
                "due_start": due.start if due else None,
                "due_end": due.end if due else None,
                "responsible": record.responsible,
            }
        record_rows.append(row)
        for seq, event in enumerate(record.history):
            event_source = answers.get(event.source) if event.source else None
            event_rows.append(
                {
                    "record_id": record.id,
                    "kind": record.kind,
                    "title": record.title,
                    "seq": seq,
                    "date": event.date,
                    "effective": event.effective,
                    "status": event.status.value,
                    "source_id": event.source,
                    "document": event.document.title if event.document else None,
                    "quote": event.quote,
                    "note": event.note,
                    "citation": event_source.citation if event_source else event.source_label,
                    "url": event_source.url
                    if event_source
                    else (event.document.url if event.document else None),
                    "programmes": programmes,
                    "agencies": agencies,
                    "metric": metric_id,
                }
            )
    answer_rows = [_answer_row(a, dataset.answers[a.id].path, counts) for a in answers.values()]
    return Tables(
        records=_frame(record_rows, RECORD_COLUMNS, DATE_COLUMNS["records"]),
        events=_frame(event_rows, EVENT_COLUMNS, DATE_COLUMNS["events"]),
        answers=_frame(answer_rows, ANSWER_COLUMNS, DATE_COLUMNS["answers"]),
    )


def _answer_row(answer: Answer, path: str, counts: dict[str, int]) -> dict:
    parts = answer.citation_parts
    return {
        "id": answer.id,
        "house": answer.house.value,
        "date": answer.date,
        "citation": answer.citation,
        "volume": parts.volume,
        "first_column": parts.first_column,
        "last_column": parts.last_column,
        "series": parts.series,
        "inferred": list(parts.inferred),
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
    names: list[str], registry_names: Names, known: dict[tuple[int, str], str]
) -> list[str]:
    out: list[str] = []
    for name in names:
        canonical = known.get((id(registry_names), name))
        if canonical is None:
            canonical = known[(id(registry_names), name)] = registry_names.resolve(name) or name
        if canonical not in out:
            out.append(canonical)
    return out


def _minister(answer: Answer | None, ministers: Names) -> str | None:
    if answer is None or answer.minister is None:
        return None
    return ministers.resolve(answer.minister) or answer.minister


def _frame(rows: list[dict], columns: list[str], dates: list[str]) -> pd.DataFrame:
    # Column by column: pandas builds a frame from lists several times faster than from dicts.
    # Every row holds every column (the other kind's fields NaN, as in a frame made from rows).
    if rows:
        cells = zip(*map(itemgetter(*columns), rows), strict=True)
        frame = pd.DataFrame({c: list(cell) for c, cell in zip(columns, cells, strict=True)})
    else:
        frame = pd.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    for column in ("value", "value_high"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def as_at(records: pd.DataFrame, events: pd.DataFrame, when: dt.date | None) -> pd.DataFrame:
    """Records as the histories knew them on ``when``: later records dropped, statuses rolled back.

    ``when`` None means today, i.e. the current status of every record.
    """
    if when is None:
        return records
    cutoff = pd.Timestamp(when)
    known = events[events["date"] <= cutoff]
    latest = known.sort_values(["record_id", "date", "seq"]).groupby("record_id").tail(1)
    latest = latest.set_index("record_id")
    out = records[records["id"].isin(latest.index)].reset_index(drop=True)
    if out.empty:
        return out
    out["status"] = out["id"].map(latest["status"])
    out["status_date"] = out["id"].map(latest["date"])
    return out


def changed_since(
    events: pd.DataFrame, since: dt.date, until: dt.date | None = None
) -> pd.DataFrame:
    """Status events dated after ``since`` (and up to ``until``), newest first."""
    mask = events["date"] > pd.Timestamp(since)
    if until is not None:
        mask &= events["date"] <= pd.Timestamp(until)
    return events[mask].sort_values(["date", "record_id"], ascending=[False, True])
