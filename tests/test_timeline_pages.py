"""The timeline a page at a time: which records a page draws, what its title says, the sources its
files list, its export at a size no single chart of every record could be drawn, and the page
control on the dashboard."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.synthetic import write_synthetic
from commitments.presenting.charts import citations_drawn
from commitments.presenting.charts.timeline import (
    TIMELINE_PAGE_SIZE,
    TimelinePage,
    overdue_count,
    overdue_rows,
    timeline,
    timeline_page,
    timeline_rows,
)
from commitments.presenting.deliverables import chart_file, png_text
from commitments.serving.snapshot import load_snapshot
from commitments.tables.build import Tables
from commitments.tables.filters import Filters
from commitments.tables.view import View, build_view

ROOT = Path(__file__).resolve().parents[1]
RECORDS = 120
SIZE = TIMELINE_PAGE_SIZE
MID_2004 = dt.date(2004, 6, 30)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_synthetic(tmp_path_factory.mktemp("timeline") / "data", RECORDS)


@pytest.fixture(scope="module")
def snapshot(data_dir):
    snapshot = load_snapshot(data_dir, use_cache=False)
    assert len(snapshot.tables.records) == RECORDS and snapshot.problems == []
    return snapshot


@pytest.fixture(scope="module")
def tables(snapshot):
    return snapshot.tables


@pytest.fixture(scope="module")
def view(snapshot):
    """The view of the synthetic data as at a date (None: the latest answers)."""

    def view_of(when=None, records=None) -> View:
        tables = snapshot.tables
        if records is not None:
            tables = Tables(records=records, events=tables.events, answers=tables.answers)
        return build_view(tables, snapshot.lookup, Filters(as_at=when))

    return view_of


def _drawn_ids(fig) -> set[str]:
    return _ids_in(json.loads(fig.to_json()))


def _ids_in(spec: dict) -> set[str]:
    """The records a timeline draws a status event of (the last of each event's hover data)."""
    return {
        point[4]
        for trace in spec["data"]
        for point in trace.get("customdata") or []
        if len(point) == 5
    }


def _pages(chosen: View) -> list[TimelinePage]:
    first = timeline_page(chosen)
    return [timeline_page(chosen, n) for n in range(1, first.pages + 1)]


@pytest.mark.parametrize("when", [None, MID_2004])
def test_pages_hold_every_record_once_the_most_recently_changed_first(view, when):
    pages = _pages(view(when))
    every = timeline_page(view(when), size=10**6).records
    assert len(pages) == -(-len(every) // SIZE) > 1
    ids = [i for page in pages for i in page.records["id"]]
    assert sorted(ids) == sorted(every["id"])  # every record on one page, none twice
    changed = [page.records["status_date"] for page in pages]
    for newer, older in itertools.pairwise(changed):
        assert newer.min() >= older.max()  # a later page never holds a more recent change
    assert [len(p.records) for p in pages[:-1]] == [SIZE] * (len(pages) - 1)
    last = pages[-1]
    assert (last.first, last.last, last.total) == (
        SIZE * (len(pages) - 1) + 1,
        len(every),
        len(every),
    )
    for page in pages:  # each page's view holds its own records' events, and no others
        assert set(page.view.events["record_id"]) == set(page.records["id"])


def test_a_page_past_the_last_is_the_last(view):
    pages = _pages(view())
    beyond = timeline_page(view(), len(pages) + 5)
    assert beyond.number == len(pages)
    assert list(beyond.records["id"]) == list(pages[-1].records["id"])


def test_the_chart_draws_one_page_and_its_title_says_which(view):
    fig = timeline(view(MID_2004), page=2)
    page = timeline_page(view(MID_2004), 2)
    assert _drawn_ids(fig) == set(page.records["id"])
    title = fig.layout.title.text
    assert title == (
        f"Status over time, as at 30 Jun 2004: records {SIZE + 1}–{2 * SIZE} of "
        f"{page.total:,}, most recently changed first"
    )
    # one page tall, whatever the number of records: rows grow only to fit a wrapped title
    assert 150 + 40 * SIZE <= fig.layout.height <= 150 + 80 * SIZE


def test_a_few_records_draw_as_before_with_no_page_in_the_title(tables, view):
    few = tables.records.iloc[:SIZE]
    fig = timeline(view(records=few))
    assert fig.layout.title.text == "Status over time"
    assert _drawn_ids(fig) == set(few["id"])


@pytest.mark.parametrize("number", [1, 3])
def test_the_sources_listed_are_those_of_the_records_drawn(tables, view, number):
    events = tables.events
    page = timeline_page(view(MID_2004), number)
    drawn = page.records
    cutoff = pd.Timestamp(MID_2004)
    their_events = events[events["record_id"].isin(set(drawn["id"])) & (events["date"] <= cutoff)]
    expected = set(drawn["citation"].dropna()) | set(their_events["citation"].dropna())
    # the dashboard and the command line hand a page's files the page's view
    listed = citations_drawn("timeline", page.view)
    assert set(listed) == expected and len(listed) == len(expected)
    if number == 1:  # the chart of the whole view draws its first page
        assert citations_drawn("timeline", view(MID_2004)) == listed


def test_the_overdue_rows_are_the_timelines_overdue_rows_of_every_page(view):
    rows = timeline_rows(view(MID_2004))
    overdue = overdue_rows(view(MID_2004))
    assert len(overdue) > 0
    assert list(overdue["id"]) == list(rows.loc[rows["overdue"], "id"])
    assert overdue_count(view(MID_2004)) == len(overdue)


@pytest.mark.browser
def test_a_page_exports_as_png_with_the_page_in_its_title_and_its_sources(view):
    png = chart_file("timeline", view(MID_2004), "png")
    assert png.startswith(b"\x89PNG")
    text = png_text(png)
    total = timeline_page(view(MID_2004)).total
    assert text["Title"] == (
        f"Status over time, as at 30 Jun 2004: records 1–{SIZE} of {total}, most recently "
        "changed first"
    )
    assert text["Source"].split("\n") == citations_drawn("timeline", view(MID_2004))


# --- On the dashboard ----------------------------------------------------------------------------


@pytest.fixture
def timeline_tab(data_dir, tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("TRACKER_DATA", str(data_dir))
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    at = AppTest.from_file(ROOT / "dashboard.py", default_timeout=60)
    at.query_params["view"] = "timeline"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _chart(at: AppTest) -> dict:
    (found,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-chart_timeline")]
    return json.loads(found.proto.spec)


def _rows_drawn(at: AppTest) -> list[str]:
    anchor = _chart(at)["data"][0]  # the invisible trace that fixes the rows
    return anchor["y"][1]


def test_the_timeline_tab_turns_pages_and_says_which_records_it_shows(timeline_tab):
    at = timeline_tab
    pages = -(-RECORDS // SIZE)
    control = at.number_input(key="timeline_page")
    assert control.value == 1 and control.max == pages
    assert any(f"records 1–{SIZE} of {RECORDS}" in c.value for c in at.caption)
    first = _ids_in(_chart(at))
    assert len(_rows_drawn(at)) == len(first) == SIZE
    control.set_value(2).run()
    assert not at.exception
    assert any(f"records {SIZE + 1}–{2 * SIZE} of {RECORDS}" in c.value for c in at.caption)
    second = _ids_in(_chart(at))
    assert len(_rows_drawn(at)) == len(second) == SIZE and second.isdisjoint(first)
    assert f"records {SIZE + 1}–{2 * SIZE}" in _chart(at)["layout"]["title"]["text"]


def test_a_filter_leaving_fewer_pages_moves_the_page_back(timeline_tab):
    at = timeline_tab
    pages = -(-RECORDS // SIZE)
    at.number_input(key="timeline_page").set_value(pages).run()
    programme = at.multiselect(key="programme").options[0]
    at.multiselect(key="programme").select(programme).run()
    assert not at.exception, [e.value for e in at.exception]
    controls = [n for n in at.number_input if n.key == "timeline_page"]
    assert not controls or controls[0].value <= controls[0].max
    assert _chart(at)["data"]  # a chart of the records left, not an error
