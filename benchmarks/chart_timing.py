"""Building each chart's figure, and exporting one PNG with a warm exporter.

A chart is timed with the view it is drawn from (``build_view``: every record at its latest
status) built in the same step, as a page of one chart would build both.

Baselines: a bare plotly bar chart of the status counts in the house template (the least any
chart costs), and the PNG export of an empty figure by the same warm exporter (the browser's round
trip). Each chart is measured in a process of its own, under a time limit, since some charts grow
faster than the data::

    python -m benchmarks.chart_timing DATA CACHE CHART [--repeats 3] [--export]

prints one JSON object (the snapshot comes from the warm cache).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from commitments.exporting.chromium import ChartExporter, ChartExportError
from commitments.exporting.frame import with_briefing_frame
from commitments.presenting import theme
from commitments.presenting.charts import CHARTS, build_chart, citations_drawn
from commitments.serving.snapshot import Snapshot, load_snapshot
from commitments.tables.filters import Filters
from commitments.tables.view import View, build_view

from .timing import Timing, clock, paired, timed

ROOT = Path(__file__).resolve().parent.parent
SLOW_SECONDS = 5.0
"""A step slower than this on its first run is timed once, not repeated."""
LIMIT_SECONDS = 900
"""A chart not built (or exported) within this is reported as such."""


def busiest_metric(records: pd.DataFrame) -> str | None:
    """The metric with the most figures: the longest series a user could chart."""
    counts = records["metric"].dropna().value_counts()
    return str(counts.index[0]) if len(counts) else None


def bare_bar(records: pd.DataFrame) -> go.Figure:
    counts = records["status"].value_counts()
    bars = go.Bar(x=list(counts.index), y=list(counts.values))
    return go.Figure(bars, layout={"template": theme.HOUSE})


def whole_view(snapshot: Snapshot) -> View:
    """Every record at its latest status, as the page's first view of the data."""
    return build_view(snapshot.tables, snapshot.lookup, Filters())


def build(snapshot: Snapshot, name: str, repeats: int) -> dict[str, Any]:
    records = snapshot.tables.records
    metric = busiest_metric(records) if CHARTS[name].needs_metric else None

    def step():
        return build_chart(name, whole_view(snapshot), metric)

    first, fig = clock(step)  # with the first call's own costs
    if first > SLOW_SECONDS:  # far over any target: once is enough to say so
        ours, theirs = Timing([first]), timed(lambda: bare_bar(records), 1)
    else:
        ours, theirs = paired(step, lambda: bare_bar(records), repeats)
    return {
        "build": ours.as_dict(),
        "bare": theirs.as_dict(),
        "json_kb": len(fig.to_json()) // 1024,
        "height": fig.layout.height,
        "metric": metric,
    }


def framed(snapshot: Snapshot, name: str) -> go.Figure:
    """The chart as the dashboard exports it: title, filters, sources and date around it."""
    view = whole_view(snapshot)
    metric = busiest_metric(view.records) if CHARTS[name].needs_metric else None
    fig = build_chart(name, view, metric)
    return with_briefing_frame(
        fig,
        title=str(fig.layout.title.text or name),
        subtitle="Status: latest",
        citations=citations_drawn(name, view, metric),
        produced=dt.date.today(),
    )


def export(snapshot: Snapshot, name: str, repeats: int) -> dict[str, Any]:
    exporter = ChartExporter()
    empty = theme.new_figure("An empty chart")
    try:
        started, _ = clock(lambda: exporter.export(empty, "png"))  # starts the browser
        fig = framed(snapshot, name)
        try:
            first, png = clock(lambda: exporter.export(fig, "png"))
        except ChartExportError as error:
            return {"error": str(error), "browser_start": started}
        if first > SLOW_SECONDS:
            ours, theirs = Timing([first]), timed(lambda: exporter.export(empty, "png"), 1)
        else:
            ours, theirs = paired(
                lambda: exporter.export(fig, "png"), lambda: exporter.export(empty, "png"), repeats
            )
    finally:
        exporter.close()
    return {
        "export": ours.as_dict(),
        "empty": theirs.as_dict(),
        "bytes": len(png),
        "browser_start": started,
    }


def measure(data: Path, cache: Path, name: str, repeats: int, exporting: bool) -> dict[str, Any]:
    """One chart in a process of its own; ``{"error": …}`` when it fails or takes too long."""
    command = [sys.executable, "-m", "benchmarks.chart_timing", str(data), str(cache), name]
    command += ["--repeats", str(repeats)] + (["--export"] if exporting else [])
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=LIMIT_SECONDS
        )
    except subprocess.TimeoutExpired:
        return {"error": f"not done within {LIMIT_SECONDS} s", "over": LIMIT_SECONDS}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.chart_timing")
    parser.add_argument("data", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("chart", choices=list(CHARTS))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--export", action="store_true", help="export a PNG instead of building")
    args = parser.parse_args(argv)
    snapshot = load_snapshot(args.data, args.cache)
    if args.export:
        result = export(snapshot, args.chart, args.repeats)
    else:
        result = build(snapshot, args.chart, args.repeats)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
