"""Download buttons: each file is built only when its button is clicked, off the page's run."""

from __future__ import annotations

from functools import partial

import plotly.graph_objects as go
import streamlit as st

from . import files
from .selection import Selection


def show_chart(
    fig: go.Figure,
    chart: str,
    selection: Selection,
    *,
    key: str,
    metric: str | None = None,
) -> None:
    """A chart in the house template (not Streamlit's theme), with its PNG, SVG and PDF files."""
    st.plotly_chart(
        fig,
        theme=None,
        key=key,
        config={"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}},
    )
    stem = f"{chart}-{metric}" if metric else chart
    with st.container(horizontal=True, key=f"{key}_files"):
        for fmt in ("png", "svg", "pdf"):
            st.download_button(
                fmt.upper(),
                data=partial(files.chart_file, fig, chart, selection, fmt, metric),
                file_name=files.file_name(stem, selection, fmt),
                mime=files.MEDIA[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/download:",
                help=f"The chart as {fmt.upper()}, with its title, filters and sources",
            )


def view_files(selection: Selection, *, key: str, metric: str | None = None) -> None:
    """The records of the view as CSV and XLSX, and the Word briefing pack."""
    with st.container(horizontal=True, key=f"{key}_files"):
        for fmt, text in (("csv", "Records (CSV)"), ("xlsx", "Records and sources (XLSX)")):
            builder = files.csv_file if fmt == "csv" else files.xlsx_file
            st.download_button(
                text,
                data=partial(builder, selection),
                file_name=files.file_name("records", selection, fmt),
                mime=files.MEDIA[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/download:",
            )
        st.download_button(
            "Briefing pack (Word)",
            data=partial(files.briefing_file, selection, metric),
            file_name=files.file_name("briefing", selection, "docx"),
            mime=files.MEDIA["docx"],
            key=f"{key}_docx",
            on_click="ignore",
            icon=":material/description:",
            help="The charts, the records shown and their sources, ready to paste from",
        )
