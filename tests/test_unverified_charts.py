"""Unverified records in the charts and the chart files: left out and named in the footer by
default; with the choice made, drawn distinctly in every chart family and marked UNVERIFIED."""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib

import plotly.graph_objects as go
import pytest

from commitments.exporting.frame import unverified_line
from commitments.folder.load import load_dataset
from commitments.presenting import deliverables
from commitments.presenting.charts import CHARTS, build_chart
from commitments.presenting.charts.common import UNVERIFIED_POINT, UNVERIFIED_SYMBOL
from commitments.presenting.charts.metric import UNVERIFIED_NOTE
from commitments.presenting.charts.timeline import UNVERIFIED_PREFIX, timeline_rows
from commitments.presenting.deliverables import chart_file, framed_chart, png_text
from commitments.tables.build import build_tables
from commitments.tables.filters import Filters
from commitments.tables.view import View, build_view
from tests.baseline import fresh, line_of, write_dataset

BAD_ID = "reflex-arrests-since-april-2001"
BAD_TITLE = "Reflex co-operation led to 67 arrests since April 2001"
PROBLEM = "value 68 does not appear in the quote"
METRIC = "reflex-arrests"
PRODUCED = dt.date(2026, 1, 5)


def _value_not_in_quote(items):
    items["records"][0]["value"] = 68  # the quote says 67


@pytest.fixture
def view_of(tmp_path):
    """The view of a data folder built in code (one record unverified unless ``clean``)."""

    def build(clean: bool = False, **filters) -> View:
        items = fresh()
        if not clean:
            _value_not_in_quote(items)
        folder = tmp_path / ("clean" if clean else "bad")
        if not folder.exists():
            write_dataset(folder, items)
        dataset = load_dataset(folder)
        return build_view(
            build_tables(dataset), dataset.lookup, Filters(**filters), dataset.problems
        )

    return build


def _spec(fig: go.Figure) -> dict:
    """The figure as the browser receives it."""
    return json.loads(fig.to_json())


def _draw(name: str, view: View) -> go.Figure:
    return build_chart(name, view, METRIC if CHARTS[name].needs_metric else None)


def _unverified_traces(fig: go.Figure) -> list[dict]:
    return [t for t in _spec(fig)["data"] if "UNVERIFIED" in json.dumps(t)]


def _plain(text: str) -> str:
    """Hover text as read: its line breaks as spaces."""
    return text.replace("<br>", " ")


def _bad_line(view: View) -> int:
    (row,) = view.unverified.to_dict("records")
    return row["line"]


# --- The charts ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CHARTS))
def test_by_default_no_chart_draws_the_unverified_record(view_of, name):
    view = view_of()
    assert len(view.left_out) == 1  # the test cannot pass for want of an unverified record
    text = json.dumps(_spec(_draw(name, view)))
    assert BAD_ID not in text and BAD_TITLE not in text and "UNVERIFIED" not in text


@pytest.mark.parametrize("name", list(CHARTS))
def test_with_no_unverified_record_the_choice_changes_no_chart(view_of, name):
    plain = _spec(_draw(name, view_of(clean=True)))
    chosen = _spec(_draw(name, view_of(clean=True, include_unverified=True)))
    assert chosen["data"] == plain["data"]
    assert chosen["layout"] == plain["layout"]


@pytest.mark.parametrize("name", list(CHARTS))
def test_with_the_choice_every_chart_marks_the_unverified_record_with_its_problem(view_of, name):
    fig = _draw(name, view_of(include_unverified=True))
    marked = _unverified_traces(fig)
    assert marked, f"{name} draws the unverified record unmarked"
    assert any(PROBLEM in _plain(json.dumps(t)) for t in marked)


def test_status_counts_draw_the_unverified_record_as_a_hatched_outlined_segment(view_of):
    view = view_of(include_unverified=True)
    data = _spec(_draw("status-counts", view))["data"]
    records, unverified = data
    assert unverified["name"] == "Unverified"
    assert unverified["marker"]["pattern"]["shape"] == "x"
    assert unverified["marker"]["line"]["width"] > 0
    # the segment stands beside its status (Reported), and nowhere else
    drawn = {x: y for x, y in zip(unverified["x"], unverified["y"], strict=True) if y}
    assert drawn == {"Reported": 1}
    reported = unverified["x"].index("Reported")
    assert BAD_ID in unverified["customdata"][reported]
    assert f"UNVERIFIED: {PROBLEM}" in _plain(unverified["customdata"][reported])
    # the record is counted once: in its own segment, not in the status's bar as well
    assert sum(records["y"]) + sum(y or 0 for y in unverified["y"]) == len(view.records)


@pytest.mark.parametrize(
    ("name", "row"), [("status-by-programme", "Reflex"), ("status-by-agency", "Europol")]
)
def test_status_by_name_draws_an_unverified_segment_beside_its_status(view_of, name, row):
    view = view_of(include_unverified=True)
    data = _spec(_draw(name, view))["data"]
    (segment,) = [t for t in data if t["name"].startswith("Unverified")]
    assert segment["name"] == "Unverified: Reported"
    assert segment["marker"]["pattern"]["shape"] == "x"
    at = segment["y"].index(row)
    assert segment["x"][at] == 1
    assert f"UNVERIFIED: {PROBLEM}" in _plain(segment["customdata"][at])
    # the only Reported record is unverified: Reported has its unverified segment alone, in
    # its place in the stack (each unverified segment right after its status's own)
    names = [t["name"] for t in data]
    assert names == ["Announced", "Unverified: Reported", "Superseded"]
    # every record is counted once, the unverified one in its own segment
    assert sum(sum(x or 0 for x in t["x"]) for t in data) == len(view.records)


def test_the_timeline_draws_the_unverified_records_events_as_crosses_on_a_labelled_row(view_of):
    view = view_of(include_unverified=True)
    rows = timeline_rows(view).set_index("id")
    assert rows.loc[BAD_ID, "row"].startswith(UNVERIFIED_PREFIX)
    assert not any(r.startswith(UNVERIFIED_PREFIX) for r in rows.drop(index=BAD_ID)["row"])
    data = _spec(_draw("timeline", view))["data"]
    (crosses,) = [t for t in data if t.get("marker", {}).get("symbol") == UNVERIFIED_SYMBOL]
    assert crosses["name"].startswith("Unverified")
    assert all(BAD_ID == c[4] for c in crosses["customdata"])
    assert all(_plain(c[5]).startswith(f"UNVERIFIED: {PROBLEM}") for c in crosses["customdata"])
    assert "%{customdata[5]}" in crosses["hovertemplate"]
    assert "UNVERIFIED" in crosses["y"][1][0]
    # its events are drawn only as crosses: no other trace names the record
    others = [t for t in data if t is not crosses and t.get("name") != "rows"]
    assert all(BAD_ID not in json.dumps(t.get("customdata")) for t in others)


def test_the_metric_chart_draws_an_unverified_figure_hollow_and_says_so(view_of):
    fig = _draw("metric", view_of(include_unverified=True))
    (point,) = _unverified_traces(fig)
    assert point["marker"]["symbol"] == UNVERIFIED_POINT and point["marker"]["symbol"].endswith(
        "-open"
    )
    assert _plain(point["customdata"][0][6]).startswith(f"UNVERIFIED: {PROBLEM}")
    assert "%{customdata[6]}" in point["hovertemplate"]
    assert "UNVERIFIED" in point["name"]
    assert UNVERIFIED_NOTE in fig.layout.meta["notes"]


# --- The chart files -------------------------------------------------------------------------


def _annotation(fig: go.Figure, name: str) -> str | None:
    found = [a.text for a in fig.layout.annotations if a.name == name]
    return found[0].replace("<br>", " ") if found else None


def test_a_chart_file_footer_names_the_unverified_records_left_out(view_of):
    view = view_of()
    framed, _ = framed_chart("status-counts", _draw("status-counts", view), view, None, PRODUCED)
    line = _annotation(framed, "unverified")
    assert line is not None
    assert line.startswith("Unverified records left out: 1 (")
    assert f"{BAD_ID} " in line and f"records/{BAD_ID}.yaml:{_bad_line(view)})" in line


def test_a_chart_file_footer_says_which_unverified_records_it_includes(view_of):
    view = view_of(include_unverified=True)
    framed, _ = framed_chart("timeline", _draw("timeline", view), view, None, PRODUCED)
    line = _annotation(framed, "unverified")
    assert line is not None
    assert line.startswith("Includes 1 unverified record, marked: ")
    assert f"records/{BAD_ID}.yaml:{_bad_line(view)}" in line
    assert "Unverified records included" in framed.layout.title.subtitle.text


def test_a_chart_file_of_clean_data_has_no_unverified_line(view_of):
    view = view_of(clean=True)
    framed, _ = framed_chart("status-counts", _draw("status-counts", view), view, None, PRODUCED)
    assert _annotation(framed, "unverified") is None


def test_the_line_in_the_yaml_is_the_records_own(view_of, tmp_path):
    view = view_of()
    text = (tmp_path / "bad" / "records" / f"{BAD_ID}.yaml").read_text(encoding="utf-8")
    assert _bad_line(view) == line_of(text, "value: 68")


@pytest.mark.parametrize(
    ("left_out", "included", "expected"),
    [
        ([], [], ""),
        (["a f.yaml:3"], [], "Unverified records left out: 1 (a f.yaml:3)"),
        # one left over is named rather than counted, as on the source line
        (
            ["a f:1", "b f:2", "c f:3", "d f:4"],
            [],
            "Unverified records left out: 4 (a f:1, b f:2, c f:3, d f:4)",
        ),
        (
            ["a f:1", "b f:2", "c f:3", "d f:4", "e f:5"],
            [],
            "Unverified records left out: 5 (a f:1, b f:2, c f:3 and 2 others)",
        ),
        ([], ["a f:1"], "Includes 1 unverified record, marked: a f:1"),
        ([], ["a f:1", "b f:2"], "Includes 2 unverified records, marked: a f:1, b f:2"),
    ],
)
def test_the_unverified_line_is_shortened_like_the_source_line(left_out, included, expected):
    assert unverified_line(left_out, included) == expected


def _tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("include", "heading", "marked"),
    [
        (False, "Unverified records left out: 1", f"{BAD_ID} "),
        (True, "Includes 1 unverified record, marked:", f"UNVERIFIED {BAD_ID} "),
    ],
)
def test_a_png_source_text_lists_the_unverified_records_with_their_problems(
    view_of, monkeypatch, include, heading, marked
):
    exported = []

    def export(fig, fmt):
        exported.append(fig)
        return _tiny_png()

    monkeypatch.setattr(deliverables, "export_figure", export)
    view = view_of(include_unverified=include)
    source = png_text(chart_file("status-counts", view, "png", produced=PRODUCED))["Source"]
    lines = source.splitlines()
    at = lines.index(heading)
    assert lines[at + 1].startswith(marked)
    assert f".yaml:{_bad_line(view)}: {PROBLEM} (hint: " in lines[at + 1]
    assert _annotation(exported[0], "unverified")  # the drawn file says so too


def test_a_png_of_clean_data_lists_only_its_sources(view_of, monkeypatch):
    monkeypatch.setattr(deliverables, "export_figure", lambda fig, fmt: _tiny_png())
    source = png_text(chart_file("status-counts", view_of(clean=True), "png"))["Source"]
    assert "nverified" not in source and source.startswith("HC Deb")


@pytest.mark.browser
def test_an_exported_png_and_svg_carry_the_unverified_line(view_of):
    view = view_of()
    png = chart_file("status-counts", view, "png", produced=PRODUCED)
    assert "Unverified records left out: 1" in png_text(png)["Source"]
    svg = chart_file("status-counts", view, "svg", produced=PRODUCED).decode("utf-8")
    assert "Unverified records left out: 1" in svg and BAD_ID in svg
