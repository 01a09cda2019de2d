"""One view of the tables, built once: the records as at a date and filtered, with their events.

The page (``app.selection.select``) and the command line build theirs with ``build_view``; every
chart, citation look-up and file then reads that view, and none rolls the records back again.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from app.address import PageState
from app.selection import select
from commitments.presenting import deliverables
from commitments.presenting.charts import CHARTS, build_chart, citations_drawn
from commitments.presenting.charts.timeline import overdue_rows, timeline_page
from commitments.serving.snapshot import load_snapshot
from commitments.tables import as_at as as_at_module
from commitments.tables.filters import Filters
from commitments.tables.view import build_view
from tests.dashboard_data import RECORD_IDS, REFLEX_IDS, write_dashboard_data

ROOT = Path(__file__).resolve().parents[1]
END_2002 = dt.date(2002, 12, 31)
PILOT = "victim-support-pilot"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    snapshot = load_snapshot(
        write_dashboard_data(tmp_path_factory.mktemp("view") / "data"), use_cache=False
    )
    assert snapshot.problems == []
    return snapshot


def view_of(snapshot, **filters):
    return build_view(snapshot.tables, snapshot.lookup, Filters(**filters))


@pytest.mark.parametrize(
    ("filters", "dated", "shown"),
    [
        # no filter, no date: every record at its latest status, all of them shown
        ({}, len(RECORD_IDS), set(RECORD_IDS)),
        # a filter chooses among the records, but ``dated`` keeps them all
        ({"programmes": ("Reflex",)}, len(RECORD_IDS), REFLEX_IDS),
        # an alias finds the canonical name's records
        ({"programmes": ("Project Reflex",)}, len(RECORD_IDS), REFLEX_IDS),
        # at the end of 2002 the 2003 answers' records are not yet made: left out of both
        (
            {"as_at": END_2002},
            5,
            {
                "reflex-arrests-since-april-2001",
                "ilo-nine-balkans",
                "danish-presidency-eu-project",
                PILOT,
                "reflex-criminal-networks",
            },
        ),
        # a status filter reads the status of the as-at date: the pilot was only announced then
        (
            {"as_at": END_2002, "statuses": ("announced",)},
            5,
            {PILOT, "danish-presidency-eu-project"},
        ),
        ({"as_at": END_2002, "statuses": ("delivered",)}, 5, set()),
        # before any answer: nothing dated, nothing shown
        ({"as_at": dt.date(1990, 1, 1)}, 0, set()),
    ],
)
def test_the_view_holds_the_records_of_the_date_and_those_the_filters_allow(
    snapshot, filters, dated, shown
):
    view = view_of(snapshot, **filters)
    assert len(view.dated) == dated
    assert set(view.records["id"]) == shown
    assert view.as_at == filters.get("as_at")


@pytest.mark.parametrize("when", [None, END_2002, dt.date(2003, 6, 30)])
def test_the_views_events_are_its_records_events_to_the_date_in_date_order(snapshot, when):
    view = view_of(snapshot, as_at=when, programmes=("Victim support", "Reflex"))
    events = snapshot.tables.events
    cutoff = pd.Timestamp(when or dt.date.today())
    wanted = events[events["record_id"].isin(set(view.records["id"])) & (events["date"] <= cutoff)]
    assert len(view.events) == len(wanted) > 0
    assert set(view.events["record_id"]) == set(view.records["id"])
    order = list(
        zip(view.events["date"], view.events["record_id"], view.events["seq"], strict=True)
    )
    assert order == sorted(order)


def test_a_records_status_on_the_date_is_that_of_its_last_event_by_then(snapshot):
    then = view_of(snapshot, as_at=dt.date(2003, 6, 30)).records.set_index("id")
    now = view_of(snapshot).records.set_index("id")
    # announced in November 2002, under way in March 2003, delivered in a November 2003 answer
    assert then.loc[PILOT, "status"] == "in_progress"
    assert then.loc[PILOT, "status_date"] == pd.Timestamp("2003-03-05")
    assert now.loc[PILOT, "status"] == "delivered"


def test_a_narrowed_view_keeps_its_date_and_filters_and_only_its_records_events(snapshot):
    view = view_of(snapshot, as_at=dt.date(2003, 6, 30))
    pilot = view.records[view.records["id"] == PILOT]
    narrowed = view.narrowed(pilot)
    assert list(narrowed.records["id"]) == [PILOT]
    assert set(narrowed.events["record_id"]) == {PILOT}
    assert list(narrowed.events["status"]) == ["announced", "in_progress"]  # not the later one
    assert narrowed.filters == view.filters and narrowed.dated is view.dated
    assert len(view.records) > 1, "the view itself is left as it was"


def test_the_page_and_the_command_line_build_the_same_view(snapshot):
    filters = Filters(programmes=("Reflex",), as_at=dt.date(2003, 6, 30))
    page = select(snapshot, PageState(filters=filters)).view
    command = build_view(snapshot.tables, snapshot.lookup, filters)
    pd.testing.assert_frame_equal(page.records, command.records)
    pd.testing.assert_frame_equal(page.events, command.events)


def test_charts_citations_and_files_never_roll_the_records_back_again(snapshot, monkeypatch):
    """Rolling back to a date finds each record's latest event: count how often that runs."""
    found = []
    last_of_each = as_at_module._last_of_each
    monkeypatch.setattr(
        as_at_module, "_last_of_each", lambda *args: found.append(1) or last_of_each(*args)
    )
    view = view_of(snapshot, as_at=dt.date(2003, 6, 30))
    assert len(found) == 1, "the view rolls the records back once"
    for name in CHARTS:
        fig = build_chart(name, view, "reflex-operations-underway")
        deliverables.framed_chart(name, fig, view, "reflex-operations-underway")
        citations_drawn(name, view, "reflex-operations-underway")
    timeline_page(view, 2)
    overdue_rows(view)
    assert len(found) == 1, "no chart, citation look-up or frame rolls them back again"


BACK_TO_A_DATE = {"records_as_at", "latest_statuses", "as_at", "events_until", "build_view"}


def test_no_chart_or_file_of_a_view_imports_a_roll_back():
    checked = 0
    for path in sorted((ROOT / "commitments" / "presenting").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "commitments.tables"
            ):
                checked += 1
                names = {alias.name for alias in node.names}
                assert not names & BACK_TO_A_DATE, f"{path.relative_to(ROOT)}: {names}"
    assert checked >= 5
