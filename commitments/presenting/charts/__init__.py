"""Charts of a view, by family: the status charts (``status``), the timeline (``timeline``) and a
metric's figures over time (``metric``).

Every builder takes a ``View`` (``commitments.tables.view``: the records as at a date and
filtered, with their events, built once) and returns a new plotly figure in the house template
(``commitments.presenting.theme``), every status in its colour from ``commitments.record.status``,
never changing the view. When nothing can be drawn, the figure says why.

Every chart can be read as drawn: no value label over another (``labels`` places them, or leaves
one off and says so), no title or label cut short (``common`` wraps them), each status where it
took effect.

``CHARTS`` names each chart for the command line and the exports, with its builder and the
function giving the Hansard answers behind what it draws, for its "Source:" footnote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.charts.common import Cited
from commitments.presenting.charts.metric import metric_figures, metric_sources
from commitments.presenting.charts.status import (
    status_by_agency,
    status_by_programme,
    status_counts,
    status_sources,
)
from commitments.presenting.charts.timeline import timeline, timeline_sources
from commitments.tables.view import View


@dataclass(frozen=True)
class ChartSpec:
    """A chart the command line and the exports know by name."""

    name: str
    title: str
    builder: Callable[..., go.Figure]
    """``(view) -> figure``; ``(view, metric)`` when the chart needs a metric."""
    sources: Callable[..., list[Cited]]
    """Called as the builder is: the citations behind what it draws, each with its date."""
    needs_metric: bool = False

    def draw(self, view: View, metric: str | None = None) -> go.Figure:
        return self.builder(view, metric) if self.needs_metric else self.builder(view)

    def cite(self, view: View, metric: str | None = None) -> list[Cited]:
        return self.sources(view, metric) if self.needs_metric else self.sources(view)


CHARTS: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec("status-counts", "Records by status", status_counts, status_sources),
        ChartSpec(
            "status-by-programme", "Status by programme", status_by_programme, status_sources
        ),
        ChartSpec("status-by-agency", "Status by agency", status_by_agency, status_sources),
        ChartSpec("timeline", "Status over time", timeline, timeline_sources),
        ChartSpec("metric", "Figures over time", metric_figures, metric_sources, needs_metric=True),
    )
}


def _spec(name: str) -> ChartSpec:
    if name not in CHARTS:
        raise KeyError(f"no chart named {name!r}; charts: {', '.join(CHARTS)}")
    return CHARTS[name]


def build_chart(name: str, view: View, metric: str | None = None) -> go.Figure:
    """The chart ``name`` of ``CHARTS`` drawn from ``view`` (the timeline: its first page)."""
    return _spec(name).draw(view, metric)


def citations_drawn(name: str, view: View, metric: str | None = None) -> list[str]:
    """The citations behind the points chart ``name`` draws, oldest answer first, each once."""
    pairs = _spec(name).cite(view, metric)
    ordered = sorted(pairs, key=lambda pair: (pd.Timestamp(pair[0]), pair[1]))
    return list(dict.fromkeys(citation for _, citation in ordered))
