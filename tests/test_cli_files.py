"""Charts and the briefing pack from the command line: the same files as the dashboard's."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from commitments.presenting.deliverables import png_text, png_with_text
from commitments.serving.snapshot import load_snapshot
from commitments.tables.filters import Filters, apply_filters
from tests.baseline import write_dataset

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commitments", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip


def reflex_citations() -> set[str]:
    """Citations of the Reflex records: their answers and the answers behind their statuses."""
    snapshot = load_snapshot(DATA, use_cache=False)
    shown = apply_filters(snapshot.tables.records, Filters(programmes=("Reflex",)), snapshot.lookup)
    events = snapshot.tables.events
    return set(shown["citation"]) | set(events[events["record_id"].isin(shown["id"])]["citation"])


def test_png_text_chunks_round_trip():
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(13) + b"\x00" * 4
    marked = png_with_text(png, {"Source": "HC Deb 08 July 2002 vol 388 cc741-2W\nHL Deb …"})
    assert png_text(marked) == {"Source": "HC Deb 08 July 2002 vol 388 cc741-2W\nHL Deb …"}
    with pytest.raises(ValueError, match="not a PNG"):
        png_with_text(b"GIF89a", {})


@pytest.mark.browser
def test_chart_timeline_png_carries_the_reflex_citations(tmp_path):
    out = tmp_path / "timeline.png"
    result = run("chart", "timeline", "--programme", "Project Reflex", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    payload = out.read_bytes()
    assert payload[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", payload[16:24])
    assert width == 2000 and height > 1000
    text = png_text(payload)
    assert text["Title"] == "Status over time"
    assert set(text["Source"].splitlines()) == reflex_citations()


@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_chart_vector_formats(tmp_path, fmt):
    out = tmp_path / f"status.{fmt}"
    result = run("chart", "status-by-agency", "--agency", "NCIS", "--out", str(out))
    assert result.returncode == 0, result.stderr
    payload = out.read_bytes()
    if fmt == "pdf":
        assert payload.startswith(b"%PDF")
    else:
        svg = payload.decode("utf-8")
        assert "Status by agency" in svg and "Agency: NCIS" in svg and "Source:" in svg


def test_chart_refuses_what_it_cannot_draw(tmp_path):
    assert "needs --metric" in run("chart", "metric", "--out", str(tmp_path / "m.png")).stderr
    unknown = run("chart", "metric", "--metric", "nope", "--out", str(tmp_path / "m.png"))
    assert unknown.returncode == 2 and "unknown metric 'nope'; metrics: " in unknown.stderr
    bad = run("chart", "timeline", "--out", str(tmp_path / "t.gif"))
    assert bad.returncode == 2 and "give --format" in bad.stderr
    listed = run("chart", "--help").stdout
    for name in ("timeline", "status-by-programme", "status-by-agency", "status-counts", "metric"):
        assert name in listed


@pytest.mark.browser
def test_brief_holds_exactly_the_reflex_citations(tmp_path):
    out = tmp_path / "brief.docx"
    result = run("brief", "--programme", "Reflex", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    snapshot = load_snapshot(DATA, use_cache=False)
    every = set(snapshot.tables.answers["citation"])
    shown = apply_filters(snapshot.tables.records, Filters(programmes=("Reflex",)), snapshot.lookup)
    for citation in set(shown["citation"]):
        assert citation in cells
    listed = {c for c in every if c in text}
    # the answers of the records, and those behind their statuses (a later answer's progress)
    assert listed == reflex_citations()
    assert listed > set(shown["citation"])
    assert "Programme: Reflex" in text


@pytest.mark.browser
def test_brief_on_a_small_dataset_as_at_a_date(tmp_path):
    data = write_dataset(tmp_path / "data")
    out = tmp_path / "brief.docx"
    result = run("brief", "--data", str(data), "--as-at", "2003-01-01", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(out))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    statuses = {row[0]: row[1] for row in rows[1:]}
    # the status as at the date, and since when it stood
    assert statuses["Nine Immigration Liaison Officers posted in the Balkans"] == (
        "Reported, 8 July 2002"
    )


@pytest.mark.browser
def test_chart_timeline_page_draws_that_page_and_lists_only_its_sources(tmp_path):
    from benchmarks.synthetic import write_synthetic
    from commitments.presenting.charts.timeline import timeline_page
    from commitments.tables.view import build_view

    data = write_synthetic(tmp_path / "data", 60)
    out = tmp_path / "page3.png"
    result = run("chart", "timeline", "--data", str(data), "--page", "3", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = png_text(out.read_bytes())
    assert text["Title"] == "Status over time: records 51–60 of 60, most recently changed first"
    snapshot = load_snapshot(data, use_cache=False)
    page = timeline_page(build_view(snapshot.tables, snapshot.lookup, Filters()), 3)
    events = snapshot.tables.events
    drawn = set(page.records["citation"]) | set(
        events[events["record_id"].isin(page.records["id"])]["citation"]
    )
    assert set(text["Source"].splitlines()) == drawn


def test_chart_page_is_refused_where_there_is_no_such_page(tmp_path):
    out = str(tmp_path / "t.png")
    past = run("chart", "timeline", "--programme", "Reflex", "--page", "2", "--out", out)
    assert past.returncode == 2 and "the timeline has 1 page of these records" in past.stderr
    other = run("chart", "status-counts", "--page", "2", "--out", str(tmp_path / "s.png"))
    assert other.returncode == 2 and "--page is a page of the timeline chart" in other.stderr
