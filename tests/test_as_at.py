"""Records and events as the histories knew them on a date: the fast lookups give what pandas'
own operations give."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import write_synthetic
from commitments.serving.snapshot import load_snapshot
from commitments.tables.as_at import (
    events_until,
    first_of_each,
    is_in,
    latest_statuses,
    records_as_at,
)


def as_at(records: pd.DataFrame, events: pd.DataFrame, when: dt.date) -> pd.DataFrame:
    """The definition: each record's latest event on or before ``when`` by date then order that
    is not a restatement, the records with none dropped, the last restatement up to ``when``."""
    said = events[events["date"] <= pd.Timestamp(when)]
    dated = said[said["status"] != "restated"]
    latest = dated.sort_values(["record_id", "date", "seq"]).groupby("record_id").tail(1)
    latest = latest.set_index("record_id")
    out = records[records["id"].isin(latest.index)].reset_index(drop=True)
    if out.empty:
        return out
    out["status"] = out["id"].map(latest["status"])
    out["status_date"] = out["id"].map(latest["date"])
    out["status_effective"] = out["id"].map(latest["status_effective"])
    out["status_precision"] = out["id"].map(latest["status_precision"])
    restated = said[said["status"] == "restated"].groupby("record_id")["date"].max()
    last = pd.to_datetime(out["id"].map(dict(restated)))
    out["last_restated"] = last.astype(records["last_restated"].dtype)
    return out


DATES = [
    dt.date(1990, 1, 1),  # before any answer: no record yet
    dt.date(1999, 6, 30),
    dt.date(2003, 6, 30),
    dt.date(2008, 1, 1),
    dt.date.today(),
]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = write_synthetic(tmp_path_factory.mktemp("as_at") / "data", 400)
    snapshot = load_snapshot(folder, use_cache=False)
    assert len(snapshot.tables.records) == 400 and snapshot.problems == []
    return snapshot.tables


@pytest.mark.parametrize("when", DATES)
def test_records_as_at_is_the_status_the_histories_give_on_the_date(tables, when):
    records, events = tables.records, tables.events
    for chosen in (records, records.iloc[::7], records[records["kind"] == "figure"]):
        expected = as_at(chosen, events, when)
        pd.testing.assert_frame_equal(records_as_at(chosen, events, when), expected)


def test_records_as_at_rolls_a_status_back_to_the_event_of_the_date(tables):
    records, events = tables.records, tables.events
    histories = (h.sort_values("seq") for _, h in events.groupby("record_id"))
    history = next(h for h in histories if len(h) > 1 and h["date"].iloc[1] > h["date"].iloc[0])
    moved, first, second = history["record_id"].iloc[0], history.iloc[0], history.iloc[1]
    day_before = (second["date"] - pd.Timedelta(days=1)).date()
    then = records_as_at(records[records["id"] == moved], events, day_before).iloc[0]
    assert then["status"] == first["status"] and then["status_date"] == first["date"]


@pytest.mark.parametrize("when", DATES)
def test_events_until_are_the_records_events_in_date_order(tables, when):
    records, events = tables.records.iloc[::3], tables.events
    cutoff = pd.Timestamp(when)
    expected = events[events["record_id"].isin(set(records["id"])) & (events["date"] <= cutoff)]
    expected = expected.sort_values(["date", "record_id", "seq"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(events_until(events, records, cutoff), expected)


@pytest.mark.parametrize(
    ("column", "values"),
    [
        (pd.Series(["a", "b", None, "c"]), {"a", None}),  # a missing value matches a missing one
        (pd.Series(["a", "b"]), set()),  # nothing to look for
        (pd.Series(["a", "b"], dtype=object), pd.Series(["b", "z"])),
        (pd.Series([1, 2, 3]), ["2", "3"]),  # numbers against strings: pandas' answer (none)
        (pd.Series([1, 2, 3]), [2, 3]),
        (pd.Series([], dtype="str"), ["a"]),
    ],
)
def test_is_in_answers_as_series_isin(column, values):
    assert is_in(column, values).tolist() == column.isin(values).tolist()


def test_first_of_each_is_each_values_first_row_in_row_order():
    column = pd.Series(["b", "a", "b", None, "c", "a"])
    assert first_of_each(column).tolist() == [0, 1, 4]  # a missing value is no record's
    assert first_of_each(pd.Series([], dtype="str")).tolist() == []
    assert isinstance(first_of_each(column), np.ndarray)


def _events(rows: list[tuple[object, str, int, str]], unit: str = "s") -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["record_id", "date", "seq", "status"])
    frame["date"] = pd.to_datetime(frame["date"]).astype(f"datetime64[{unit}]")
    frame["status_effective"] = frame["date"]  # each status took effect when it was said
    frame["status_precision"] = "day"
    return frame


@pytest.mark.parametrize(
    "events",
    [
        # two events alike in date and order: the later row wins, as a stable sort leaves it
        _events([("a", "2002-01-01", 0, "announced"), ("a", "2002-01-01", 0, "dropped")]),
        # out of order in the table, and before 1970
        _events([("a", "1965-03-01", 1, "delivered"), ("a", "1960-01-01", 0, "announced")]),
        # nanosecond dates and a huge order number: too large to fold into one integer
        _events(
            [("a", "2002-01-01", 2**40, "delivered"), ("a", "2002-01-01", 0, "announced")], "ns"
        ),
        _events([("a", "2002-01-01", -5, "announced"), ("b", "2003-01-01", 7, "dropped")]),
    ],
)
def test_records_as_at_agrees_on_unusual_histories(events):
    records = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "status": ["x", "y", "z"],
            "status_date": pd.NaT,
            "status_effective": pd.NaT,
            "status_precision": "day",
            "last_restated": pd.NaT,
            "title": "t",
        }
    )
    for when in (dt.date(1961, 1, 1), dt.date(2002, 6, 1), dt.date.today()):
        pd.testing.assert_frame_equal(
            records_as_at(records, events, when), as_at(records, events, when)
        )


def test_records_as_at_takes_ids_that_are_not_text():
    events = _events([(1, "2002-01-01", 0, "announced"), (1, "2003-01-01", 1, "delivered")])
    records = pd.DataFrame(
        {
            "id": [1, 2],
            "status": ["x", "y"],
            "status_date": pd.NaT,
            "status_effective": pd.NaT,
            "status_precision": "day",
            "last_restated": pd.NaT,
        }
    )
    for when in (dt.date(2002, 6, 1), dt.date(2004, 1, 1)):
        pd.testing.assert_frame_equal(
            records_as_at(records, events, when), as_at(records, events, when)
        )


def test_latest_statuses_answer_from_the_events_given_each_time(tables):
    # a pure function: no answer is kept from one call for another (the view is built once)
    events, when = tables.events, dt.date(2003, 6, 30)
    first = latest_statuses(events, when)
    again = latest_statuses(events, when)
    assert again is not first
    pd.testing.assert_frame_equal(again, first)
    changed = events.copy()
    changed["status"] = "withdrawn"
    assert set(latest_statuses(changed, when)["status"]) == {"withdrawn"}
    assert set(first["status"]) != {"withdrawn"}
