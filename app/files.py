"""The files a view offers for download: the page's view handed to
``commitments.presenting.deliverables``, which builds the same files for the command line.
"""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from commitments.presenting import deliverables
from commitments.presenting.spreadsheet import view_csv, view_xlsx

from .selection import Selection

MEDIA = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def file_name(stem: str, selection: Selection, extension: str) -> str:
    when = selection.view.as_at or dt.date.today()
    return f"{stem}-as-at-{when.isoformat()}.{extension}"


def framed_chart(
    fig: go.Figure, chart: str, selection: Selection, metric: str | None = None
) -> go.Figure:
    """``fig`` with its title, filters, sources and date, as it is exported."""
    framed, _ = deliverables.framed_chart(chart, fig, selection.view, metric)
    return framed


def chart_file(
    fig: go.Figure, chart: str, selection: Selection, fmt: str, metric: str | None = None
) -> bytes:
    """The chart as PNG, SVG or PDF bytes."""
    return deliverables.chart_file(chart, selection.view, fmt, metric=metric, fig=fig)


def csv_file(selection: Selection) -> bytes:
    """The view's records as CSV (unverified ones marked, when the view includes them)."""
    return view_csv(selection.view)


def xlsx_file(selection: Selection) -> bytes:
    """The view's records and sources as XLSX, with a sheet of its unverified records."""
    return view_xlsx(selection.view)


def briefing_file(selection: Selection, metric: str | None = None) -> bytes:
    """The Word briefing pack of the view: its charts, its records and their sources."""
    return deliverables.briefing_file(selection.view, metric)
