"""Charts a reader can read: no value label over another, no text cut short, each status drawn
where it took effect (to the day, month or year the answers give), restatements drawn as such and
never counted as claims, and commitments others made never overdue.

Each case is the bundled data (``data/``) or small data built in code from ``tests.dashboard_data``;
tests marked ``browser`` draw the charts in Chromium and measure what it draws.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import itertools
import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.folder.load import load_dataset
from commitments.presenting.charts import CHARTS, build_chart
from commitments.presenting.charts.common import (
    LAYOUT_WIDTH,
    PLACEMENT_WIDTH,
    TICK_SIZE,
    TITLE_SIZE,
    lines_of,
    text_width,
    wrap_text,
)
from commitments.presenting.charts.labels import (
    LABEL,
    Label,
    Placed,
    Plot,
    intersect,
    label_boxes,
    label_size,
    marker,
    place_labels,
    plot_area,
)
from commitments.presenting.charts.metric import NOT_PRINTED, metric_figures, metric_points
from commitments.presenting.charts.status import status_by_programme, status_counts
from commitments.presenting.charts.timeline import (
    DUE_PASSED,
    IMPRECISE,
    RESTATED_MARK,
    SPAN_OTHERS,
    SPAN_OVERDUE,
    overdue_count,
    overdue_rows,
    timeline,
    timeline_rows,
)
from commitments.record.status import colour
from commitments.tables.build import Tables, build_tables
from commitments.tables.filters import Filters
from commitments.tables.view import View, build_view
from tests.baseline import fresh, write_dataset
from tests.dashboard_data import NOV_2003, dashboard_items

ROOT = Path(__file__).resolve().parents[1]
MID_2003 = dt.date(2003, 6, 30)
OCT_2003 = dt.date(2003, 10, 1)
SEP_2003_CITATION = "HC Deb 19 September 2003 vol 410 cc993-4W"
MAR_2003_CITATION = "HC Deb 05 March 2003 vol 400 cc1075-6W"
LONG = (
    "A commitment whose title runs on and on, as the titles of answers sometimes do, naming "
    "every agency, programme and place that the answer itself happened to name"
)
assert len(LONG) >= 150


def _spec(fig: go.Figure) -> dict:
    """The figure as the browser receives it."""
    return json.loads(fig.to_json())


def _traces(fig: go.Figure, name: str) -> list[dict]:
    return [t for t in _spec(fig)["data"] if t.get("name") == name]


def _plain(markup: str) -> str:
    """Plotly text as a reader reads it, its line breaks as spaces."""
    return " ".join(lines_of(markup))


def _view(items: dict, tmp_path: Path, name: str, **filters) -> View:
    folder = write_dataset(tmp_path / name, items)
    dataset = load_dataset(folder)
    assert dataset.problems == [], [str(p) for p in dataset.problems]
    return build_view(build_tables(dataset), dataset.lookup, Filters(**filters))


# --- The built data: a month-precise delivery, restatements, another's commitment -----------------

SEP_2003_TEXT = (
    "A pilot scheme to support victims of trafficking to help them give evidence against their "
    "exploiters has been running since March 2003."
)


def effective_items(made_by: str | None = "Danish EU presidency") -> dict:
    """The dashboard data, with: the pilot delivered "since March 2003" (September 2003, to the
    month) before "On 10 March" (November 2003, to the day); the Reflex commitment and the
    trafficking estimate each said again in a later answer; and the Danish presidency's project
    made by the Danish presidency (when ``made_by``)."""
    items = copy.deepcopy(dashboard_items())  # its records are shared by every call
    september = copy.deepcopy(NOV_2003) | {
        "id": "hc-2003-09-19-127787",
        "date": dt.date(2003, 9, 19),
        "citation": SEP_2003_CITATION,
        "citation_parts": {
            "volume": 410,
            "first_column": 993,
            "last_column": 994,
            "series": "W",
            "inferred": [],
        },
        "uins": ["127787"],
        "answer": SEP_2003_TEXT,
        "url": "https://api.parliament.uk/historic-hansard/written-answers/2003/sep/19/127787",
    }
    items["answers"].append(september)
    records = {record["id"]: record for record in items["records"]}
    records["victim-support-pilot"]["history"].insert(
        2,
        {
            "date": dt.date(2003, 9, 19),
            "effective": dt.date(2003, 3, 1),
            "precision": "month",
            "status": "delivered",
            "source": september["id"],
            "quote": "has been running since March 2003",
        },
    )
    records["reflex-criminal-networks"]["history"].append(
        {
            "date": dt.date(2003, 3, 5),
            "status": "restated",
            "source": "hc-2003-03-05-99443",
            "quote": "We are working to tackle the criminal networks involved in people "
            "trafficking through Reflex",
        }
    )
    records["reflex-operations-underway"]["history"].append(
        {
            "date": dt.date(2003, 11, 5),
            "status": "restated",
            "source": NOV_2003["id"],
            "quote": "On 10 March this year, we launched a pilot scheme in the London area.",
        }
    )
    if made_by:
        records["danish-presidency-eu-project"]["made_by"] = made_by
    return items


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Views of the built data by (name, as-at date): "effective" with every change above,
    "plain" the same without the restatements and ``made_by``."""
    root = tmp_path_factory.mktemp("legibility")
    plain = copy.deepcopy(dashboard_items())
    plain["answers"] = effective_items()["answers"]
    views: dict[tuple[str, dt.date | None], View] = {}
    for name, items in (("effective", effective_items()), ("plain", plain)):
        folder = write_dataset(root / name, items)
        dataset = load_dataset(folder)
        assert dataset.problems == [], [str(p) for p in dataset.problems]
        tables = build_tables(dataset)
        for when in (None, MID_2003, OCT_2003):
            views[(name, when)] = build_view(tables, dataset.lookup, Filters(as_at=when))
    return views


# --- Effective dates ------------------------------------------------------------------------------


def _marks(fig: go.Figure, record_id: str) -> list[tuple[str, str, str]]:
    """Every status mark the timeline draws for a record: (status, x, hover line)."""
    return [
        (trace["name"], x, hover)
        for trace in _spec(fig)["data"]
        if trace.get("hovertext") and trace.get("customdata") and trace["name"] != RESTATED_MARK
        for x, hover, point in zip(trace["x"], trace["hovertext"], trace["customdata"], strict=True)
        if point[4] == record_id
    ]


def test_a_status_is_drawn_where_it_took_effect_not_at_the_answers_date(built):
    fig = timeline(built[("effective", None)])
    marks = _marks(fig, "victim-support-pilot")
    delivered = [(x, hover) for name, x, hover in marks if name == "Delivered"]
    # "On 10 March this year" said on 5 November 2003: drawn on 10 March 2003
    on_the_day = "Delivered · took effect 10 March 2003 (said 5 November 2003)"
    assert ("2003-03-10T00:00:00", on_the_day) in delivered
    # the announcement and the start of work took effect when they were said
    assert ("Announced", "2002-11-04T00:00:00", "Announced · 4 November 2002") in marks
    assert ("In progress", "2003-03-05T00:00:00", "In progress · 5 March 2003") in marks
    # nothing of the pilot is drawn at the date of an answer that dated it otherwise
    drawn_at = {x[:10] for _, x, _ in marks}
    assert drawn_at.isdisjoint({"2003-11-05", "2003-09-19"})
    # its span ends where the delivery took effect
    pilot = timeline_rows(built[("effective", None)]).set_index("id").loc["victim-support-pilot"]
    assert pilot["end"] == pd.Timestamp("2003-03-10") and not pilot["open"]


def test_a_status_known_to_the_month_is_drawn_over_the_month_and_named_by_it(built):
    # as at 1 October 2003 only the September answer ("since March 2003") has said it
    view = built[("effective", OCT_2003)]
    fig = timeline(view)
    delivered = [
        (x, hover) for name, x, hover in _marks(fig, "victim-support-pilot") if name == "Delivered"
    ]
    assert delivered == [
        ("2003-03-16T12:00:00", "Delivered · took effect March 2003 (said 19 September 2003)")
    ]  # the mark sits in the middle of March, and says "March 2003"
    (legend,) = _traces(fig, IMPRECISE)
    bars = [t for t in _spec(fig)["data"] if t.get("legendgroup") == "imprecise"]
    assert legend in bars and len(bars) == 2  # the legend's entry, and the one bar
    (bar,) = [t for t in _spec(fig)["data"] if t.get("name") == "Delivered: March 2003"]
    assert bar in bars and bar["x"] == ["2003-03-01T00:00:00", "2003-04-01T00:00:00"]
    assert bar["line"]["color"] == colour("delivered")  # the whole month, in the status's colour
    text = json.dumps(_spec(fig))
    assert "1 March 2003" not in text and "01 Mar 2003" not in text
    pilot = timeline_rows(view).set_index("id").loc["victim-support-pilot"]
    assert pilot["end"] == pd.Timestamp("2003-03-01") and not pilot["open"]


def test_the_later_answer_that_gives_the_day_is_drawn_on_the_day(built):
    fig = timeline(built[("effective", None)])
    delivered = [
        hover for name, _, hover in _marks(fig, "victim-support-pilot") if name == "Delivered"
    ]
    assert delivered == [
        "Delivered · took effect March 2003 (said 19 September 2003)",
        "Delivered · took effect 10 March 2003 (said 5 November 2003)",
    ]


# --- Restatements ---------------------------------------------------------------------------------


def test_a_restatement_is_a_mark_of_its_own_never_a_status_change(built):
    view = built[("effective", None)]
    fig = timeline(view)
    (restated,) = _traces(fig, RESTATED_MARK)
    at = [c[4] for c in restated["customdata"]].index("reflex-criminal-networks")
    assert restated["x"][at] == "2003-03-05T00:00:00"
    assert restated["hovertext"][at] == (
        f"restated in Parliament, 5 March 2003, {MAR_2003_CITATION}"
    )
    assert restated["marker"]["symbol"][at] == "circle-open"
    # no status mark for it: the record's only status mark is its "in progress" of November 2002
    assert _marks(fig, "reflex-criminal-networks") == [
        ("In progress", "2002-11-04T00:00:00", "In progress · 4 November 2002")
    ]
    assert not _traces(fig, "Restated")  # no status called "Restated"
    rows = timeline_rows(view).set_index("id")
    assert rows.loc["reflex-criminal-networks", "status"] == "in_progress"
    assert rows.loc["reflex-criminal-networks", "start"] == pd.Timestamp("2002-11-04")


@pytest.mark.parametrize("name", ["status-counts", "status-by-programme", "status-by-agency"])
def test_a_restatement_is_not_counted_as_a_claim(built, name):
    with_restatements = _spec(build_chart(name, built[("effective", None)]))["data"]
    without = _spec(build_chart(name, built[("plain", None)]))["data"]
    counts = [(t["name"], t["x"], t["y"]) for t in with_restatements]
    assert counts == [(t["name"], t["x"], t["y"]) for t in without]
    assert "Restated" not in json.dumps(with_restatements)


def test_a_restated_figure_is_one_point_its_hover_naming_the_restatement(built):
    fig = metric_figures(built[("effective", None)], "reflex-operations")
    points = [t for t in _spec(fig)["data"] if t.get("ids")]
    assert sorted(i for t in points for i in t["ids"]) == [
        "reflex-operations-arrest-phase",
        "reflex-operations-underway",
    ]
    (level,) = [t for t in points if "reflex-operations-underway" in t["ids"]]
    hover = level["customdata"][level["ids"].index("reflex-operations-underway")][6]
    assert hover == f"<br>restated in Parliament, 5 November 2003, {NOV_2003['citation']}"
    assert "%{customdata[6]}" in level["hovertemplate"]


def test_the_status_counts_cite_the_answer_that_gave_the_status_not_the_restatement(built):
    view = built[("effective", None)]
    networks = build_view(view.tables, view.lookup, Filters(text="criminal networks"))
    assert list(networks.records["id"]) == ["reflex-criminal-networks"]
    assert "restated" in set(networks.events["status"])  # restated in March 2003
    cited = [c for _, c in CHARTS["status-counts"].cite(networks)]
    assert cited == ["HC Deb 04 November 2002 vol 392 cc108-9W"] * 2  # its own, its status's
    assert networks.records["status"].tolist() == ["in_progress"]


# --- Commitments made by others -------------------------------------------------------------------


def test_a_commitment_another_made_is_never_overdue(built):
    danish = "danish-presidency-eu-project"
    mine, plain = built[("effective", MID_2003)], built[("plain", MID_2003)]
    # the test cannot pass for want of a late commitment: without ``made_by`` it is overdue
    assert danish in set(overdue_rows(plain)["id"])
    assert danish not in set(overdue_rows(mine)["id"])
    assert overdue_count(mine) == overdue_count(plain) - 1
    assert not timeline_rows(mine).set_index("id").loc[danish, "overdue"]
    fig = timeline(mine)
    for name in (SPAN_OVERDUE, DUE_PASSED):  # drawn overdue without ``made_by``, not with it
        assert any("Danish presidency" in json.dumps(t) for t in _traces(timeline(plain), name))
        assert not any("Danish presidency" in json.dumps(t) for t in _traces(fig, name))
    (span,) = [t for t in _traces(fig, SPAN_OTHERS)]
    assert span["showlegend"] is True and span["line"]["dash"] == "dash"
    assert span["hovertext"][0].endswith("made by Danish EU presidency, not the UK Government")
    assert span["x"][1].startswith("2003-06-30")  # open to the as-at date, not overdue
    legend = {t["name"] for t in _spec(fig)["data"] if t.get("showlegend") is not False}
    assert SPAN_OTHERS in legend and SPAN_OVERDUE not in legend


# --- Value labels ---------------------------------------------------------------------------------


def _assert_labels_apart_and_whole(fig: go.Figure, view: View, metric: str) -> None:
    """Every label apart from every other, whole, inside the plot, at every width from the
    narrowest; every point either labelled or saying in its hover that it is not."""
    points = metric_points(view, metric)
    labels = [a for a in fig.layout.annotations if a.name == LABEL]
    for width in (PLACEMENT_WIDTH, LAYOUT_WIDTH, 1600):
        boxes = label_boxes(fig, width)
        assert len(boxes) == len(labels)
        plot = plot_area(fig, width)
        for (text, box), (other, box2) in itertools.combinations(boxes, 2):
            assert not intersect(box, box2), f"{text!r} over {other!r} at {width} px"
        for text, (left, top, right, bottom) in boxes:
            assert 0 <= left and right <= plot.width and 0 <= top and bottom <= plot.height, text
    values = dict(zip(points["id"], points["value_text"], strict=True))
    printed = {_plain(a.text) for a in labels}
    hovers = {
        rid: row[-1]
        for trace in _spec(fig)["data"]
        if trace.get("ids")
        for rid, row in zip(trace["ids"], trace["customdata"], strict=True)
    }
    assert set(hovers) == set(values)  # every figure is drawn
    unprinted = [rid for rid in values if NOT_PRINTED in hovers[rid]]
    for rid, value in values.items():
        if rid not in unprinted:  # printed whole: the value, nothing cut, no ellipsis
            assert any(text.startswith(html.unescape(value)) for text in printed), value
    assert len(labels) + len(unprinted) == len(values)  # each point one or the other
    if unprinted:  # the legend says how many are not printed
        legend = _plain(fig.layout.legend.title.text)
        assert f"{len(unprinted):,} point" in legend and "hover" in legend
    assert not any("…" in text for text in printed)


@pytest.fixture(scope="module")
def bundled() -> View:
    dataset = load_dataset(ROOT / "data")
    return build_view(build_tables(dataset), dataset.lookup, Filters())


def test_no_value_label_of_any_bundled_metric_overlaps_another(bundled):
    metrics = sorted(set(bundled.records["metric"].dropna()))
    assert len(metrics) > 5  # the test cannot pass for want of charts
    labelled = 0
    for metric in metrics:
        fig = build_chart("metric", bundled, metric)
        _assert_labels_apart_and_whole(fig, bundled, metric)
        labelled += sum(a.name == LABEL for a in fig.layout.annotations)
    assert labelled >= len(metrics)


def _crowded(view: View, count: int, *, days: int, conflicting: bool) -> View:
    """The view with ``count`` more figures of "reflex-operations": counts within a period
    ending a few days apart, of values a little apart, each its own record with a long title."""
    tables = view.tables
    records, events = tables.records, tables.events
    model = records[records["id"] == "reflex-operations-arrest-phase"]
    said = events[events["record_id"] == "reflex-operations-arrest-phase"]
    more, more_events = [records], [events]
    for i in range(count):
        rid = f"crowded-{i:03d}"
        end = pd.Timestamp("2003-03-05") + pd.Timedelta(days=days * (i % 9))
        start = end - pd.Timedelta(days=180 + (0 if conflicting else i))
        more.append(
            model.assign(
                id=rid, title=LONG, value=27.0 + (i % 6) * 0.7, period_start=start, period_end=end
            )
        )
        more_events.append(said.assign(record_id=rid, title=LONG))
    crowded = Tables(
        records=pd.concat(more, ignore_index=True),
        events=pd.concat(more_events, ignore_index=True),
        answers=tables.answers,
    )
    return build_view(crowded, view.lookup, view.filters)


@pytest.mark.parametrize(
    ("count", "days", "conflicting"),
    [
        (3, 20, False),  # a few points a little apart: every value printed
        (12, 4, False),  # a cluster: some stacked with a line to their point
        (40, 2, True),  # a crowd of conflicting figures: most cannot be printed, and say so
    ],
)
def test_crowded_points_get_labels_apart_or_say_they_have_none(built, count, days, conflicting):
    view = _crowded(built[("effective", None)], count, days=days, conflicting=conflicting)
    fig = metric_figures(view, "reflex-operations")
    _assert_labels_apart_and_whole(fig, view, "reflex-operations")
    labels = [a for a in fig.layout.annotations if a.name == LABEL]
    if count == 3:
        assert len(labels) == count + 2
    if count == 12:
        assert any(a.showarrow for a in labels)  # stacked, with a line to its point
    if count == 40:
        assert len(labels) < count and any("not printed" in n for n in fig.layout.meta["notes"])


def test_the_same_estimate_given_in_three_answers_prints_three_labels_apart(built):
    """The "between 140 and 1,400" estimate, as three records of three answers: each point's
    range and label, none over another."""
    view = built[("effective", None)]
    records, events = view.tables.records, view.tables.events
    estimate = records[records["id"] == "victims-trafficked-estimate"]
    said = events[events["record_id"] == "victims-trafficked-estimate"]
    dates = [pd.Timestamp("2002-07-04"), pd.Timestamp("2003-11-05"), pd.Timestamp("2004-01-19")]
    more = [estimate.assign(id=f"estimate-{d:%Y}", answer_date=d) for d in dates]
    more_events = [said.assign(record_id=f"estimate-{d:%Y}", date=d) for d in dates]
    others = records["id"] != "victims-trafficked-estimate"
    three = Tables(
        records=pd.concat([records[others], *more], ignore_index=True),
        events=pd.concat(
            [events[events["record_id"] != "victims-trafficked-estimate"], *more_events],
            ignore_index=True,
        ),
        answers=view.tables.answers,
    )
    view = build_view(three, view.lookup, Filters())
    fig = metric_figures(view, "victims-trafficked-a-year")
    _assert_labels_apart_and_whole(fig, view, "victims-trafficked-a-year")
    labels = [_plain(a.text) for a in fig.layout.annotations if a.name == LABEL]
    assert labels == ["140–1,400 per year"] * 3


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0, 50), st.integers(1, 12), st.booleans()),
        min_size=1,
        max_size=25,
    ),
    st.floats(1.0, 3.0),
    st.floats(1.0, 3.0),
)
def test_labels_placed_for_a_plot_stay_apart_on_any_larger_plot(points, wider, taller):
    """Placed for the smallest plot, no label covers another or another point's marker, on that
    plot or any wider or taller one."""
    plot = Plot(0, 0, 400, 250, x_range=(-5.0, 105.0), y_range=(-5.0, 60.0))
    labels = [
        Label(f"p{i}", "8" * digits, x, y, y + (5 if ranged else 0), 7.5, 3 if ranged else 7.5)
        for i, (x, y, digits, ranged) in enumerate(points)
    ]
    placed, left_off = place_labels(
        labels, plot, [marker(plot, lb.x, lb.y, lb.radius) for lb in labels]
    )
    assert len(placed) + len(left_off) == len(labels)
    larger = Plot(0, 0, 400 * wider, 250 * taller, x_range=plot.x_range, y_range=plot.y_range)
    for where in (plot, larger):
        boxes = [(p.label.key, _box_on(where, p)) for p in placed]
        for (a, box), (b, other) in itertools.combinations(boxes, 2):
            assert not intersect(box, other), (a, b, wider, taller)
        for key, box in boxes:
            left, top, right, bottom = box
            assert 0 <= left and right <= where.width and 0 <= top and bottom <= where.height
            for label in labels:
                if label.key != key:
                    spot = marker(where, label.x, label.y, label.radius).edges
                    assert not intersect(box, spot), (key, label.key, wider, taller)


def _box_on(plot: Plot, placed: Placed) -> tuple[float, float, float, float]:
    """A placed label's box on ``plot``: centred at its offset from its anchor."""
    w, h = label_size(placed.label.text)
    cx, cy = plot.x(placed.label.x) + placed.dx, plot.y(placed.anchor_y) + placed.dy
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


# --- Long titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Short title", 500, "Short title"),
        # broken between words, every word kept in order
        ("one two three four five six", 70, "one two<br>three four<br>five six"),
        ("a <b> & c", 500, "a &lt;b&gt; &amp; c"),  # escaped, not read as markup
        # a word wider than a line is split across lines, never cut
        ("Supercalifragilistic", 60, "Supercal<br>ifragilistic"),
    ],
)
def test_wrap_text_breaks_between_words_and_keeps_every_character(text, width, expected):
    wrapped = wrap_text(text, width, 14)
    assert wrapped == expected
    assert all(text_width(line, 14) <= width for line in wrapped.split("<br>"))


def test_a_long_chart_title_wraps_at_words_and_is_never_cut(tmp_path):
    items = copy.deepcopy(dashboard_items())
    for metric in items["registry"]["metrics"]:
        if metric["id"] == "reflex-operations":
            metric["label"] = LONG
    fig = metric_figures(_view(items, tmp_path, "long"), "reflex-operations")
    title = fig.layout.title.text
    assert "<br>" in title and _plain(title) == LONG and "…" not in title
    for line in title.split("<br>"):
        assert text_width(line, TITLE_SIZE) <= LAYOUT_WIDTH - 32
    # the top margin grows to hold it above the note on the counting bases
    assert fig.layout.margin.t >= 70 + (title.count("<br>")) * TITLE_SIZE * 1.3 - 1


def test_long_record_titles_wrap_on_timeline_rows_that_hold_them(tmp_path):
    items = copy.deepcopy(dashboard_items())
    for number, record in enumerate(items["records"]):
        record["title"] = f"{LONG} ({number})"
    view = _view(items, tmp_path, "titles")
    fig = timeline(view)
    rows = _spec(fig)["data"][0]["y"][1]  # the invisible trace that fixes the rows
    titles = {record["title"] for record in items["records"]}
    assert {_plain(row) for row in rows} == titles  # whole: nothing cut, no ellipsis
    lines = max(row.count("<br>") + 1 for row in rows)
    assert lines >= 6
    assert all(len(html.unescape(line)) <= 32 for row in rows for line in row.split("<br>"))
    # every row is tall enough for its label (plotly.js gives all rows one height)
    margin = (fig.layout.margin.t or 70) + 60 + 40
    row_height = (fig.layout.height - margin) / len(rows)
    assert row_height >= lines * TICK_SIZE * 1.3


def test_long_programme_names_wrap_on_the_status_by_programme_bars(tmp_path):
    items = copy.deepcopy(dashboard_items())
    items["registry"]["programmes"].append({"name": LONG})
    items["records"][0]["programmes"] = [LONG]
    fig = status_by_programme(_view(items, tmp_path, "programmes"))
    names = _spec(fig)["data"][0]["y"]
    (long,) = [n for n in names if "<br>" in n]
    assert _plain(long) == LONG
    assert all(len(line) <= 40 for line in long.split("<br>"))
    assert fig.layout.height >= 120 + len(names) * (long.count("<br>") + 1) * 17


def test_status_counts_print_each_count_that_fits_its_bar_and_hover_every_count(built):
    view = built[("effective", None)]
    fig = status_counts(view)
    bar = _spec(fig)["data"][0]
    assert [str(t) for t in bar["text"]] == [str(y) for y in bar["y"]]  # few bars: all printed
    assert "%{y} records" in bar["hovertemplate"]


# --- In the browser -------------------------------------------------------------------------------


def _drawn(figures: list[go.Figure], width: int) -> list[dict]:
    """What Chromium draws of each figure ``width`` pixels wide: the plot area, the boxes of the
    value labels, the title and the y axis' labels, in pixels of the page."""
    from tests.browser_support import chromium

    script = """() => {
      const box = e => {
        const b = e.getBoundingClientRect();
        return [b.left, b.top, b.right, b.bottom];
      };
      return {
        plot: box(document.querySelector('.nsewdrag')),
        labels: [...document.querySelectorAll('g.annotation')]
          .filter(g => g.querySelector('rect.bg'))
          .map(g => ({text: g.textContent, box: box(g.querySelector('rect.bg'))})),
        title: [...document.querySelectorAll('.gtitle')].map(box),
        ticks: [...document.querySelectorAll('.yaxislayer-above text')].map(box),
      };
    }"""
    found = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 1000})
        for fig in figures:
            page.set_content(
                pio.to_html(
                    fig,
                    include_plotlyjs=True,
                    full_html=True,
                    default_width=f"{width}px",
                    config={"responsive": False},
                )
            )
            page.wait_for_selector(".main-svg")
            found.append(page.evaluate(script))
    return found


@pytest.mark.browser
@pytest.mark.parametrize("width", [PLACEMENT_WIDTH, LAYOUT_WIDTH, 1400])
def test_in_the_browser_no_label_overlaps_another_and_the_plot_is_as_estimated(
    built, bundled, width
):
    crowded = _crowded(built[("effective", None)], 12, days=4, conflicting=False)
    figures = [metric_figures(crowded, "reflex-operations")] + [
        build_chart("metric", bundled, metric)
        for metric in sorted(set(bundled.records["metric"].dropna()))[:12]
    ]
    for fig, drawn in zip(figures, _drawn(figures, width), strict=True):
        labels = [
            d
            for d in drawn["labels"]
            if d["text"] in {_plain(a.text) for a in fig.layout.annotations if a.name == LABEL}
        ]
        assert len(labels) == sum(a.name == LABEL for a in fig.layout.annotations)
        for a, b in itertools.combinations(labels, 2):
            assert not intersect(a["box"], b["box"]), (a["text"], b["text"], width)
        left, top, right, bottom = drawn["plot"]
        estimate = plot_area(fig, width)
        assert right - left >= estimate.width - 1 and bottom - top >= estimate.height - 1


@pytest.mark.browser
def test_in_the_browser_long_titles_and_row_labels_stay_clear(tmp_path):
    items = copy.deepcopy(dashboard_items())
    for record in items["records"]:
        record["title"] = f"{LONG} ({record['id']})"
    for metric in items["registry"]["metrics"]:
        metric["label"] = LONG
    view = _view(items, tmp_path, "long-browser")
    figures = [timeline(view), metric_figures(view, "reflex-operations")]
    for drawn in _drawn(figures, LAYOUT_WIDTH):
        (title,) = drawn["title"]
        assert title[2] <= LAYOUT_WIDTH and title[3] <= drawn["plot"][1] - 17  # above the note
        for a, b in itertools.combinations(drawn["ticks"], 2):
            assert not intersect(a, b)


def test_a_wrapped_title_reaches_the_exported_files_as_one_line_of_plain_text():
    from commitments.presenting.deliverables import chart_title

    fig = go.Figure(layout={"title": {"text": "Funding for the POPPY project &amp; its<br>places"}})
    assert chart_title("metric", fig) == "Funding for the POPPY project & its places"


def test_a_metric_label_with_an_ampersand_reads_as_written_when_nothing_is_drawn(tmp_path):
    items = fresh()
    metric = items["registry"]["metrics"][0]
    metric["label"] = "Reflex & co: arrests"
    data = load_dataset(write_dataset(tmp_path / "data", items))
    view = build_view(build_tables(data), data.lookup, Filters(kinds=("commitment",)))
    fig = build_chart("metric", view, metric["id"])
    (note,) = [a for a in fig.layout.annotations if a.name == "empty"]
    assert html.unescape(note.text.replace("<br>", " ")) == (
        "No figures for Reflex & co: arrests match these filters."
    )
