"""Records and their events as the histories knew them on a date, fast at tens of thousands.

A view (``commitments.tables.view``) asks for these once for the page or the command, so they are
found with Arrow's hash lookups, one pass over the events for each record's latest, and sorts of
whole columns: pandas' own ``Series.isin`` of a string column turns every value it looks for into a
Python object first, and a sort or ``groupby`` over string keys costs as much again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from commitments.record.status import RESTATED, FigureStatus

_TOOK_EFFECT = ["status_effective", "status_precision"]


def _texts(values: object) -> pa.Array | None:
    """``values`` as an Arrow array of strings, or None when they are not all strings."""
    try:
        array = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if pa.types.is_null(array.type):  # nothing but missing values
        return array.cast(pa.large_string())
    return array if pa.types.is_string(array.type) or pa.types.is_large_string(array.type) else None


def _lookup(column: pd.Series, values: object) -> tuple[pa.Array, pa.Array] | None:
    """The column and the values as Arrow strings of one type, or None if either is not text."""
    found, wanted = _texts(column), _texts(values)
    if found is None or wanted is None:
        return None
    return found, wanted.cast(found.type)


def is_in(column: pd.Series, values: pd.Series | pd.Index | Iterable[object]) -> np.ndarray:
    """``column.isin(values)`` as a boolean array, a missing value matching a missing value."""
    if not isinstance(values, pd.Series | pd.Index):
        values = list(values)
    arrays = _lookup(column, values)
    if arrays is None:  # not text on both sides: pandas' own way
        return column.isin(values).to_numpy()
    found, wanted = arrays
    return pc.is_in(found, value_set=wanted).to_numpy(zero_copy_only=False)


def positions_in(column: pd.Series, values: pd.Series | pd.Index) -> np.ndarray:
    """For each value of ``column``, its position in ``values`` (-1 where absent); ``values``
    holds each value once."""
    arrays = _lookup(column, values)
    if arrays is None:  # not text on both sides: pandas' own way
        return pd.Index(values).get_indexer(column)
    found, wanted = arrays
    return pc.index_in(found, value_set=wanted).fill_null(-1).to_numpy(zero_copy_only=False)


def first_of_each(column: pd.Series) -> np.ndarray:
    """The positions of each value's first row in ``column``, in the order of the rows."""
    codes, _ = pd.factorize(column, use_na_sentinel=True)
    _, first = np.unique(codes, return_index=True)
    first = np.sort(first)
    return first[codes[first] >= 0]


def sort_order(frame: pd.DataFrame, keys: list[tuple[str, str]]) -> np.ndarray:
    """The row positions of ``frame`` sorted by ``keys`` (column, "ascending" or "descending"),
    stably, a missing value last: an order found from those columns alone."""
    table = pa.table({column: pa.array(frame[column], from_pandas=True) for column, _ in keys})
    return pc.sort_indices(table, sort_keys=keys).to_numpy(zero_copy_only=False)


def latest_statuses(events: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    """Each record's last event dated on or before ``when`` that is not a restatement (by date,
    then order in its history; of two events alike in both, the later row): its ``status`` and
    ``date`` (and when that status took effect), indexed by record id."""
    dated = events.loc[
        (events["date"] <= pd.Timestamp(when))
        & events["record_id"].notna()
        & (events["status"] != RESTATED),
        ["record_id", "date", "seq", "status", *_TOOK_EFFECT],
    ]
    codes, ids = pd.factorize(dated["record_id"])
    rows = _last_of_each(codes, len(ids), dated["date"].to_numpy(), dated["seq"].to_numpy())
    return dated.iloc[rows][["record_id", "status", "date", *_TOOK_EFFECT]].set_index("record_id")


def _last_of_each(codes: np.ndarray, count: int, dates: np.ndarray, seqs: np.ndarray) -> np.ndarray:
    """For each of ``count`` groups, the row with the greatest (date, seq), the later of equals.

    Date and seq are folded into one integer where it cannot overflow, and each group's greatest
    found in one pass (no sort); otherwise by a sort of the three keys.
    """
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    if dates.dtype.kind == "M" and seqs.dtype.kind in "iu":
        ticks = dates.view("i8")
        low, span = int(seqs.min()), int(seqs.max()) - int(seqs.min()) + 1
        reach = max(abs(int(ticks.min())), abs(int(ticks.max()))) + 1
        if reach < (1 << 62) // span:
            folded = ticks * span + (seqs.astype("i8") - low)
            best = np.full(count, np.iinfo(np.int64).min)
            np.maximum.at(best, codes, folded)
            rows = np.flatnonzero(folded == best[codes])[::-1]  # the later row of equals first
            _, first = np.unique(codes[rows], return_index=True)
            return rows[first]
    order = np.lexsort((seqs, dates, codes))
    ends = np.ones(len(order), dtype=bool)  # the last row of each group's run
    ends[:-1] = codes[order][1:] != codes[order][:-1]
    return order[ends]


def records_as_at(records: pd.DataFrame, events: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    """The records with an event on or before ``when``, each with the status and status date of
    its latest such event (in the records' order, a fresh index)."""
    latest = latest_statuses(events, when)
    positions = positions_in(records["id"], latest.index)
    present = positions >= 0
    # every record already made (as on most dates): the frame as it is, not a copy of its columns
    out = (
        records.reset_index(drop=True) if present.all() else records[present].reset_index(drop=True)
    )
    if out.empty:
        return out
    taken = positions[present]
    out["status"] = latest["status"].iloc[taken].set_axis(out.index)
    out["status_date"] = latest["date"].iloc[taken].set_axis(out.index)
    for column in _TOOK_EFFECT:
        out[column] = latest[column].iloc[taken].set_axis(out.index)
    later = (out["last_restated"] > pd.Timestamp(when)).to_numpy()
    if later.any():  # restated after the date: the last restatement the date knew, if any
        restated = events[(events["status"] == RESTATED) & (events["date"] <= pd.Timestamp(when))]
        known = dict(restated.groupby("record_id")["date"].max())
        out.loc[later, "last_restated"] = pd.to_datetime(out.loc[later, "id"].map(known))
    if "corrected_on" in out:
        corrected_later = (out["corrected_on"] > pd.Timestamp(when)).to_numpy()
        if corrected_later.any():  # corrected after the date: the value the date knew
            _values_as_at(out, corrected_later, events, when)
    return out


_CORRECTION = ["value", "value_high", "corrected_from", "corrected_from_high", "corrected_on"]


def _values_as_at(out: pd.DataFrame, rows: np.ndarray, events: pd.DataFrame, when: dt.date) -> None:
    """The figures of ``rows`` (corrected after ``when``) at the value their events had given by
    ``when`` (each event's ``value`` is the one standing after it), with the last correction
    that had changed it by then, if any."""
    wanted = out.loc[rows, "id"]
    known = events[is_in(events["record_id"], wanted) & (events["date"] <= pd.Timestamp(when))]
    found: dict[str, tuple] = {}
    for record_id, history in known.sort_values(["date", "seq"]).groupby("record_id", sort=False):
        values = list(zip(history["value"], history["value_high"], strict=True))
        corrected_from: tuple = (np.nan, np.nan, pd.NaT)
        for index in range(len(values) - 1, 0, -1):
            corrected = history["status"].iloc[index] == FigureStatus.CORRECTED
            if corrected and not _same(values[index], values[index - 1]):
                corrected_from = (*values[index - 1], history["date"].iloc[index])
                break
        found[record_id] = (*values[-1], *corrected_from)
    for column, cells in zip(
        _CORRECTION, zip(*(found[i] for i in wanted), strict=True), strict=True
    ):
        out.loc[rows, column] = list(cells)


def _same(one: tuple, other: tuple) -> bool:
    """Two (value, value_high) pairs alike, a missing upper value equal to a missing one."""
    return all(a == b or (pd.isna(a) and pd.isna(b)) for a, b in zip(one, other, strict=True))


def events_until(events: pd.DataFrame, records: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    """The events of ``records`` dated on or before ``until``, by date, record id and order in
    its history (a fresh index)."""
    mask = is_in(events["record_id"], records["id"]) & (events["date"] <= until).to_numpy()
    chosen = events[mask]
    order = sort_order(
        chosen, [("date", "ascending"), ("record_id", "ascending"), ("seq", "ascending")]
    )
    return chosen.iloc[order].reset_index(drop=True)
