"""The files a view offers for download, built by plain functions (no Streamlit).

A chart file carries its title, the filters and as-at date as its subtitle, a "Source:" line of
the citations behind the points drawn, and the date it was produced. The briefing pack holds the
view's charts, its records and their sources; the data files are the view's records.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from commitments.briefing import build_briefing_docx
from commitments.chart_export import export_figure, source_line, with_briefing_frame
from commitments.charts import build_chart, citations_drawn
from commitments.spreadsheet import sources_of, to_csv, to_xlsx

from .selection import Selection

MEDIA = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
BRIEFING_CHARTS = ("status-counts", "status-by-programme", "timeline")


def file_name(stem: str, selection: Selection, extension: str) -> str:
    when = selection.as_at or dt.date.today()
    return f"{stem}-as-at-{when.isoformat()}.{extension}"


def framed_chart(
    fig: go.Figure, chart: str, selection: Selection, metric: str | None = None
) -> go.Figure:
    """``fig`` with its title, filters, sources and date, as it is exported."""
    citations = citations_drawn(chart, selection.shown, selection.events, selection.as_at, metric)
    return with_briefing_frame(
        fig,
        title=str(fig.layout.title.text or chart),
        subtitle=selection.state.filters.describe(),
        citations=citations,
        produced=dt.date.today(),
    )


def chart_file(
    fig: go.Figure, chart: str, selection: Selection, fmt: str, metric: str | None = None
) -> bytes:
    """The chart as PNG, SVG or PDF bytes."""
    return export_figure(framed_chart(fig, chart, selection, metric), fmt)


def csv_file(selection: Selection) -> bytes:
    return to_csv(selection.shown)


def xlsx_file(selection: Selection) -> bytes:
    answers = selection.snapshot.tables.answers
    return to_xlsx(selection.shown, sources_of(selection.shown, answers))


def briefing_file(selection: Selection, metric: str | None = None) -> bytes:
    """The Word briefing pack of the view: its charts, its records and their sources."""
    names = [*BRIEFING_CHARTS, *(["metric"] if metric else [])]
    charts = []
    for name in names:
        fig = build_chart(name, selection.shown, selection.events, selection.as_at, metric)
        citations = citations_drawn(
            name, selection.shown, selection.events, selection.as_at, metric
        )
        png = export_figure(fig, "png")
        charts.append((png, str(fig.layout.title.text), source_line(citations, limit=3)))
    answers = selection.snapshot.tables.answers
    return build_briefing_docx(
        title="Commitments and figures from written answers",
        filters_text=selection.state.filters.describe(),
        as_at=selection.as_at,
        produced=dt.date.today(),
        charts=charts,
        records=selection.shown,
        sources=sources_of(selection.shown, answers),
    )
