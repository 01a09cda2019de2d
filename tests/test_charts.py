"""Chart builders: what each chart draws from a view, from small data built in code."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from commitments.exporting.chromium import check_template
from commitments.presenting import charts
from commitments.presenting.charts.common import excerpt
from commitments.presenting.charts.metric import CONFLICT_NAME, metric_figures
from commitments.presenting.charts.status import (
    status_by_agency,
    status_by_programme,
    status_counts,
)
from commitments.presenting.charts.timeline import (
    DUE_PASSED,
    SPAN_OVERDUE,
    timeline,
    timeline_rows,
)
from commitments.presenting.theme import HOUSE, OVERDUE
from commitments.record.status import colour
from commitments.serving.snapshot import load_snapshot
from commitments.tables.build import Tables
from commitments.tables.filters import Filters
from commitments.tables.view import View, build_view
from tests.dashboard_data import RECORD_IDS, write_dashboard_data

END_2002 = dt.date(2002, 12, 31)
MID_2003 = dt.date(2003, 6, 30)
NOV_02 = "HC Deb 04 November 2002 vol 392 cc108-9W"
MAR_03 = "HC Deb 05 March 2003 vol 400 cc1075-6W"
NOV_03 = "HC Deb 05 November 2003 vol 412 cc718-9W"
JUL_02 = "HC Deb 08 July 2002 vol 388 cc741-2W"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    data_dir = write_dashboard_data(tmp_path_factory.mktemp("charts") / "data")
    snapshot = load_snapshot(data_dir, use_cache=False)
    assert snapshot.problems == []
    assert sorted(snapshot.tables.records["id"]) == sorted(RECORD_IDS)
    return snapshot


@pytest.fixture(scope="module")
def tables(snapshot):
    return snapshot.tables


@pytest.fixture(scope="module")
def view(snapshot):
    """The view of the test data for a date (None: the latest answers) and other filters,
    optionally of other records and events than the snapshot's."""

    def view_of(when=None, records=None, events=None, **filters) -> View:
        tables = snapshot.tables
        tables = Tables(
            records=tables.records if records is None else records,
            events=tables.events if events is None else events,
            answers=tables.answers,
        )
        return build_view(tables, snapshot.lookup, Filters(as_at=when, **filters))

    return view_of


def _spec(fig: go.Figure) -> dict:
    """The figure as the browser receives it."""
    return json.loads(fig.to_json())


def _trace(fig: go.Figure, name: str) -> dict:
    found = [t for t in _spec(fig)["data"] if t.get("name") == name]
    assert found, f"no trace {name!r} in {[t.get('name') for t in _spec(fig)['data']]}"
    return found[0]


def _rows(y: list[list[str]]) -> list[str]:
    """The record rows of a multi-category (programme, record) axis, as one line each."""
    return [row.replace("<br>", " ") for row in y[1]]


@pytest.mark.parametrize("name", list(charts.CHARTS))
@pytest.mark.parametrize("when", [None, END_2002, MID_2003])
def test_every_chart_leaves_its_view_alone_and_carries_the_house_template(view, name, when):
    import streamlit  # noqa: F401  (importing it sets plotly's default template to its own)

    chosen = view(when)
    frames = [chosen.tables.records, chosen.tables.events, chosen.records, chosen.events]
    before = [frame.copy(deep=True) for frame in frames]
    fig = charts.build_chart(name, chosen, metric="reflex-operations")
    charts.citations_drawn(name, chosen, metric="reflex-operations")
    for frame, kept in zip(frames, before, strict=True):
        pd.testing.assert_frame_equal(frame, kept)
    assert fig.layout.template == HOUSE
    check_template(fig)  # what the exports require: an explicit template, not Streamlit's
    assert fig.layout.title.text


def test_the_registry_names_the_charts_of_the_command_line(view):
    assert set(charts.CHARTS) == {
        "status-counts",
        "status-by-programme",
        "status-by-agency",
        "timeline",
        "metric",
    }
    assert all(spec.name == key and spec.title for key, spec in charts.CHARTS.items())
    assert [s.name for s in charts.CHARTS.values() if s.needs_metric] == ["metric"]
    # each chart carries its builder and its sources beside its name
    assert all(callable(s.builder) and callable(s.sources) for s in charts.CHARTS.values())
    with pytest.raises(KeyError, match="no chart named 'pie'"):
        charts.build_chart("pie", view())
    with pytest.raises(KeyError, match="no chart named 'pie'"):
        charts.citations_drawn("pie", view())


def test_status_counts_count_each_status_in_its_colour(view):
    trace = _spec(status_counts(view()))["data"][0]
    counts = dict(zip(trace["x"], trace["y"], strict=True))
    assert counts == {
        "Announced": 1,
        "In progress": 1,
        "Delivered": 1,
        "Reported": 4,
        "Superseded": 1,
    }
    assert trace["marker"]["color"] == [
        colour(s) for s in ("announced", "in_progress", "delivered", "reported", "superseded")
    ]
    # "reported" shares its blue with "in progress": figure statuses are hatched as well
    assert trace["marker"]["pattern"]["shape"] == ["", "", "", "/", "/"]
    # white hatching over the colour: with plotly's default ("replace") the browser drew the
    # hatched bars white on white
    assert trace["marker"]["pattern"]["fillmode"] == "overlay"


def test_status_counts_as_at_the_end_of_2002_follow_the_histories(view):
    trace = _spec(status_counts(view(END_2002)))["data"][0]
    # the pilot was only announced; the ILO figure not yet superseded; 2003 figures not yet given
    assert dict(zip(trace["x"], trace["y"], strict=True)) == {
        "Announced": 2,
        "In progress": 1,
        "Reported": 2,
    }


def test_status_by_programme_stacks_statuses_under_canonical_names(view):
    fig = status_by_programme(view())
    spec = _spec(fig)
    assert spec["layout"]["barmode"] == "stack"
    by_status = {t["name"]: dict(zip(t["y"], t["x"], strict=True)) for t in spec["data"]}
    # "Project Reflex" in the baseline figure is counted under Reflex
    assert by_status["Reported"]["Reflex"] == 3
    assert by_status["In progress"]["Reflex"] == 1
    assert by_status["Delivered"] == {
        "Reflex": 0,
        "Immigration Liaison Officers": 0,
        "Victim support": 1,
        "No programme": 0,
    }
    assert spec["data"][0]["y"][-1] == "No programme"  # records without a programme come last
    assert {t["name"]: t["marker"]["color"] for t in spec["data"]}["Delivered"] == colour(
        "delivered"
    )


def test_status_by_agency_uses_canonical_agency_names(view):
    spec = _spec(status_by_agency(view()))
    names = spec["data"][0]["y"]
    assert "National Crime Squad" in names  # recorded as "NCS"
    assert "National Criminal Intelligence Service" in names  # recorded as "NCIS"
    assert "NCS" not in names and names[-1] == "No agency"


def test_timeline_as_at_end_2002_shows_the_pilot_announced_and_open(view):
    fig = timeline(view(END_2002))
    rows = timeline_rows(view(END_2002))
    pilot = rows.set_index("id").loc["victim-support-pilot"]
    assert pilot["status"] == "announced" and bool(pilot["open"])
    assert pilot["start"] == pd.Timestamp("2002-11-04") and pilot["end"] == pd.Timestamp(END_2002)
    assert not pilot["overdue"]  # due "next year": not yet due
    announced = _trace(fig, "Announced")
    assert "Pilot scheme to support victims of trafficking" in _rows(announced["y"])
    names = {t["name"] for t in _spec(fig)["data"]}
    assert "Delivered" not in names and "In progress" in names  # Reflex networks only
    # nothing dated after the as-at date is drawn
    for trace in _spec(fig)["data"]:
        if trace.get("mode") == "markers" and trace["name"] in {"Announced", "In progress"}:
            assert max(trace["x"]) <= "2002-12-31"


def test_timeline_draws_delivery_at_its_effective_date_and_every_event(tables, view):
    rows = timeline_rows(view()).set_index("id")
    pilot = rows.loc["victim-support-pilot"]
    assert not pilot["open"] and pilot["end"] == pd.Timestamp("2003-03-10")  # "On 10 March"
    fig = timeline(view())
    events = [
        (x, row)
        for t in _spec(fig)["data"]
        if t["name"] in {"Announced", "In progress", "Delivered", "Reported", "Superseded"}
        for x, row in zip(t["x"], _rows(t["y"]), strict=True)
    ]
    assert len(events) == len(tables.events)  # every status event of every record
    delivered = _trace(fig, "Delivered")
    # where it took effect ("On 10 March this year"), not at the answer's date (5 November)
    assert delivered["x"] == ["2003-03-10T00:00:00"]
    assert delivered["hovertext"] == [
        "Delivered · took effect 10 March 2003 (said 5 November 2003)"
    ]
    assert delivered["marker"]["color"] == colour("delivered")
    _title, quote, citation, _status, record_id = delivered["customdata"][0]
    assert record_id == "victim-support-pilot" and citation == NOV_03
    assert "On 10 March this year, we launched a pilot scheme" in quote.replace("<br>", " ")


def test_timeline_makes_overdue_commitments_obvious(view):
    rows = timeline_rows(view(MID_2003)).set_index("id")
    danish = rows.loc["danish-presidency-eu-project"]
    assert danish["overdue"]  # due by the end of 2002, still only announced in mid-2003
    assert not rows.loc["victim-support-pilot"]["overdue"]  # in progress, due by end 2003
    fig = timeline(view(MID_2003))
    span = _trace(fig, SPAN_OVERDUE)
    assert span["line"]["color"] == OVERDUE
    assert (
        _rows(span["y"])
        == ["EU-wide project against trafficking of women under the Danish presidency"] * 2
    )
    assert span["x"][1].startswith("2003-06-30")  # open: drawn to the as-at date
    due = _trace(fig, DUE_PASSED)
    assert due["x"] == ["2002-12-31T00:00:00"] and due["marker"]["color"] == OVERDUE
    assert any(s["name"] == "as-at" for s in _spec(fig)["layout"]["shapes"])


def test_timeline_groups_rows_by_programme_in_order(view):
    rows = timeline_rows(view())
    groups = list(dict.fromkeys(rows["group"]))
    assert groups == ["Immigration Liaison Officers", "Reflex", "Victim support", "No programme"]
    anchor = _spec(timeline(view()))["data"][0]
    groups = [g.replace("<br>", " ") for g in anchor["y"][0]]
    assert groups == list(rows["group"])  # the invisible first trace fixes the order


def test_record_text_is_shown_as_text_not_markup(tables, view):
    records = tables.records.copy()
    records.loc[records["id"] == "victim-support-pilot", "title"] = "Pilot <b>scheme</b> & more"
    fig = timeline(view(records=records))
    rows = _rows(_spec(fig)["data"][0]["y"])
    assert "Pilot &lt;b&gt;scheme&lt;/b&gt; &amp; more" in rows


def test_metric_chart_never_joins_different_counting_bases_and_says_so(view):
    fig = metric_figures(view(), "reflex-operations")
    spec = _spec(fig)
    markers = {t["name"]: t for t in spec["data"] if "markers" in t["mode"]}
    assert set(markers) == {"Count within a period", "Level on a date"}
    lines = [t for t in spec["data"] if t["mode"] == "lines"]
    for line in lines:  # the only line is the within-period count's own period span
        assert line["legendgroup"] == "within_period"
    span = lines[0]
    assert span["x"][:2] == ["2002-09-05T00:00:00", "2003-03-05T00:00:00"]
    assert span["y"][:2] == [27, 27]
    assert "not joined" in spec["layout"]["legend"]["title"]["text"]
    note = [a for a in spec["layout"]["annotations"] if a.get("name") == "bases"]
    assert note and "never joined" in note[0]["text"]
    assert any("never joined" in n for n in spec["layout"]["meta"]["notes"])


def test_metric_chart_draws_lower_bounds_and_ranges_as_such(view):
    fig = metric_figures(view(), "reflex-operations")
    level = _trace(fig, "Level on a date")
    assert level["marker"]["symbol"] == ["triangle-up"] and level["text"] == ["over 60"]
    fig = metric_figures(view(), "victims-trafficked-a-year")
    estimate = _trace(fig, "Count within a period")
    assert estimate["y"] == [140] and estimate["error_y"]["array"] == [1260]
    assert estimate["error_y"]["arrayminus"] == [0] and estimate["text"] == ["140–1,400 per year"]


def test_metric_chart_joins_a_running_total_and_marks_conflicts(tables, view):
    records = tables.records
    arrests = records[records["id"] == "reflex-arrests-since-april-2001"]
    later = arrests.assign(
        id="reflex-arrests-later", value=120.0, period_end=pd.Timestamp("2003-03-05")
    )
    clash = arrests.assign(id="reflex-arrests-clash", value=70.0)  # same period, other value
    extra = pd.concat([records, later, clash], ignore_index=True)
    events = tables.events
    more = events[events["record_id"] == "reflex-arrests-since-april-2001"]
    events = pd.concat(
        [
            events,
            more.assign(record_id="reflex-arrests-later"),
            more.assign(record_id="reflex-arrests-clash"),
        ],
        ignore_index=True,
    )
    fig = metric_figures(view(records=extra, events=events), "reflex-arrests")
    joined = _trace(fig, "Running total since a date: joined")
    assert joined["y"] == [67, 70, 120] or joined["y"] == [70, 67, 120]
    rings = _trace(fig, CONFLICT_NAME)
    assert sorted(rings["y"]) == [67, 70]  # the two values for April 2001 to July 2002
    assert rings["marker"]["color"] == colour("disputed")


def test_empty_states_say_why_nothing_shows(view):
    fig = status_counts(view(text="no record says this"))
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "No records match these filters."
    fig = timeline(view(dt.date(2001, 1, 1)))
    assert fig.layout.annotations[0].text == "No records match these filters as at 01 Jan 2001."
    # the metric is named by its label in the registry, though none of its figures is shown
    for nothing in (view(END_2002), view(programmes=("Victim support",))):
        fig = metric_figures(nothing, "reflex-operations")
        assert fig.layout.annotations[0].text.startswith("No figures for Reflex: operations match")
    assert metric_figures(view(END_2002), "reflex-operations").layout.annotations[0].text == (
        "No figures for Reflex: operations match these filters as at 31 Dec 2002."
    )
    fig = metric_figures(view(), None)
    assert fig.layout.annotations[0].text == "Choose a metric to see its figures."


@pytest.mark.parametrize(
    ("name", "when", "metric", "expected"),
    [
        # bars: each record's own answer and the answer giving its status on the date
        ("status-counts", END_2002, None, [JUL_02, NOV_02]),
        (
            "status-by-programme",
            None,
            None,
            [JUL_02, NOV_02, MAR_03, NOV_03, "HL Deb 04 May 2004 c107WA"],
        ),
        # the timeline: every event drawn, no later answer
        ("timeline", MID_2003, None, [JUL_02, NOV_02, MAR_03]),
        # a metric's chart: only the answers that gave its figures
        ("metric", None, "reflex-operations", [MAR_03]),
        ("metric", END_2002, "reflex-operations", []),
        ("metric", None, "victims-trafficked-a-year", [NOV_03]),
    ],
)
def test_citations_drawn_are_the_answers_behind_the_points(view, name, when, metric, expected):
    assert charts.citations_drawn(name, view(when), metric) == expected


def test_citations_follow_the_filtered_records(view):
    pilot_only = view(text="pilot scheme to support victims")
    assert list(pilot_only.records["id"]) == ["victim-support-pilot"]
    assert charts.citations_drawn("timeline", pilot_only) == [NOV_02, MAR_03, NOV_03]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short quote.", "Short quote."),
        ("a <b> & c", "a &lt;b&gt; &amp; c"),  # markup characters are escaped
        (None, ""),
        ("word " * 80, None),  # long: cut at a word and marked
    ],
)
def test_excerpt(text, expected):
    result = excerpt(text)
    if expected is None:
        assert result.endswith("…") and len(result.replace("<br>", " ")) <= 230
    else:
        assert result == expected


def test_with_no_as_at_date_open_spans_end_at_the_latest_answer_not_today(view):
    rows = timeline_rows(view()).set_index("id")
    danish = rows.loc["danish-presidency-eu-project"]
    # the latest answer in the data is the Lords answer of 4 May 2004
    assert danish["end"] == pd.Timestamp("2004-05-04") and danish["overdue"]
    fig = timeline(view())
    marks = [a for a in _spec(fig)["layout"]["annotations"] if a.get("name") == "as-at"]
    assert marks[0]["text"] == "Latest answer: 04 May 2004"
    assert _spec(fig)["layout"]["xaxis"]["range"][1] < "2004-08-01"
