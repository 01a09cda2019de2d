"""Building each chart's figure, and exporting one PNG with a warm exporter.

Baselines: a bare plotly bar chart of the status counts (the least any chart costs), and the PNG
export of an empty figure by the same warm exporter (the browser's round trip).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from commitments import theme
from commitments.chart_export import ChartExporter, ChartExportError, with_briefing_frame
from commitments.charts import CHARTS, build_chart, citations_drawn
from commitments.snapshot import Snapshot

from .timing import Timing, clock, paired, timed

SLOW_SECONDS = 5.0
"""A step slower than this on its first run is timed once, not repeated."""


def busiest_metric(records: pd.DataFrame) -> str | None:
    """The metric with the most figures: the longest series a user could chart."""
    counts = records["metric"].dropna().value_counts()
    return str(counts.index[0]) if len(counts) else None


def bare_bar(records: pd.DataFrame) -> go.Figure:
    counts = records["status"].value_counts()
    return go.Figure(
        go.Bar(x=list(counts.index), y=list(counts.values)), layout={"template": "none"}
    )


def builds(snapshot: Snapshot, repeats: int) -> dict[str, Any]:
    records, events = snapshot.tables.records, snapshot.tables.events
    metric = busiest_metric(records)
    found: dict[str, Any] = {"metric": metric, "charts": {}}
    for name, spec in CHARTS.items():
        chosen = metric if spec.needs_metric else None
        build = partial(build_chart, name, records, events, None, chosen)
        first, fig = clock(build)  # also the first call's own costs
        if first > SLOW_SECONDS:  # far over any target: once is enough to say so
            ours, theirs = Timing([first]), timed(lambda: bare_bar(records), 1)
        else:
            ours, theirs = paired(build, lambda: bare_bar(records), repeats)
        found["charts"][name] = {
            "build": ours,
            "bare": theirs,
            "json_kb": len(fig.to_json()) // 1024,
            "height": fig.layout.height,
        }
    return found


def framed(snapshot: Snapshot, name: str, metric: str | None) -> go.Figure:
    """The chart as the dashboard exports it: title, filters, sources and date around it."""
    records, events = snapshot.tables.records, snapshot.tables.events
    fig = build_chart(name, records, events, None, metric)
    return with_briefing_frame(
        fig,
        title=str(fig.layout.title.text or name),
        subtitle="Status: latest",
        citations=citations_drawn(name, records, events, None, metric),
        produced=dt.date.today(),
    )


def exports(snapshot: Snapshot, repeats: int, charts: tuple[str, ...]) -> dict[str, Any]:
    exporter = ChartExporter()
    metric = busiest_metric(snapshot.tables.records)
    empty = theme.new_figure("An empty chart")
    found: dict[str, Any] = {}
    try:
        started = timed(lambda: exporter.export(empty, "png"), 1)  # starts the browser
        found["browser start"] = started
        for name in charts:
            fig = framed(snapshot, name, metric if CHARTS[name].needs_metric else None)
            try:
                first, png = clock(lambda fig=fig: exporter.export(fig, "png"))
            except ChartExportError as error:
                found[name] = {"error": str(error)}
                continue
            if first > SLOW_SECONDS:
                ours, theirs = Timing([first]), timed(lambda: exporter.export(empty, "png"), 1)
            else:
                ours, theirs = paired(
                    lambda fig=fig: exporter.export(fig, "png"),
                    lambda: exporter.export(empty, "png"),
                    repeats,
                )
            found[name] = {"export": ours, "empty": theirs, "bytes": len(png)}
    finally:
        exporter.close()
    return found


def as_dict(value: Any) -> Any:
    if isinstance(value, Timing):
        return value.as_dict()
    if isinstance(value, dict):
        return {key: as_dict(item) for key, item in value.items()}
    return value
