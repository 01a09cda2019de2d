"""Download buttons: a view's files are built when asked for, then offered as they are.

Each group of files (a chart's PNG, SVG and PDF; the records as CSV and XLSX; the Word briefing
pack) starts as one button that builds them for the view on screen. The built files are kept in the
session, with what they were built from, and offered as plain download buttons until the view
changes. A file offered this way belongs to its session's page until that session's next run, so
it is there to fetch however busy the server is: a file built only when its download button is
clicked is not referenced by any session's page, and other sessions' runs can sweep it away between
its build and its fetch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from commitments.exporting.chromium import ChartExportError
from commitments.serving.snapshot import Snapshot

from . import files
from .selection import Selection

CHART_FORMATS = ("png", "svg", "pdf")


@dataclass(frozen=True)
class Offer:
    """One file of a group: its button's key suffix, label and help, and how to build it."""

    fmt: str
    label: str
    file_name: str
    build: Callable[[], bytes]
    help: str | None = None


@dataclass
class Built:
    """A group's files and what they were built from."""

    snapshot: Snapshot
    made_of: tuple
    files: dict[str, bytes]

    def matches(self, snapshot: Snapshot, made_of: tuple) -> bool:
        return self.snapshot is snapshot and self.made_of == made_of


@st.fragment
def _offer_group(
    group: str,
    prefix: str,
    selection: Selection,
    made_of: tuple,
    offers: list[Offer],
    *,
    prepare: str,
    prepare_help: str,
    icon: str = ":material/download:",
) -> None:
    """The group's build button, or its built files' download buttons if they fit the view.

    The build button's key is ``<group>_prepare``; each file's button is ``<prefix>_<format>``.
    A fragment: a click reruns the group alone, with the view of the page's last run.
    """
    made_of = (*made_of, selection.state.filters, dt.date.today())
    store = f"_built_{group}"
    built: Built | None = st.session_state.get(store)
    if built is not None and not built.matches(selection.snapshot, made_of):
        del st.session_state[store]  # built for another view: drop it
        built = None
    with st.container(horizontal=True, key=f"{group}_files"):
        if built is None:
            slot = st.empty()
            asked = slot.button(
                prepare, key=f"{group}_prepare", icon=":material/build:", help=prepare_help
            )
            if not asked:
                return
            try:
                with st.spinner("Building the files…"):
                    made = {o.fmt: o.build() for o in offers}
            except ChartExportError as exc:
                st.error(f"The files could not be built: {exc}. Narrow the view and try again.")
                return
            built = Built(selection.snapshot, made_of, made)
            st.session_state[store] = built
            slot.empty()  # the files are offered in the button's place
        for offer in offers:
            st.download_button(
                offer.label,
                data=built.files[offer.fmt],
                file_name=offer.file_name,
                mime=files.MEDIA[offer.fmt],
                key=f"{prefix}_{offer.fmt}",
                on_click="ignore",
                icon=icon,
                help=offer.help,
            )


def _figure_digest(fig: go.Figure) -> str:
    """What the chart on screen draws, so its files are rebuilt whenever it changes."""
    return hashlib.blake2b(fig.to_json().encode("utf-8"), digest_size=16).hexdigest()


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
    offers = [
        Offer(
            fmt,
            fmt.upper(),
            files.file_name(stem, selection, fmt),
            lambda fmt=fmt: files.chart_file(fig, chart, selection, fmt, metric),
            f"The chart as {fmt.upper()}, with its title, filters and sources",
        )
        for fmt in CHART_FORMATS
    ]
    _offer_group(
        key,
        key,
        selection,
        (chart, metric, _figure_digest(fig)),
        offers,
        prepare="Prepare PNG, SVG, PDF",
        prepare_help="Build this chart as PNG, SVG and PDF, each with its title, filters and "
        "sources",
    )


def view_files(selection: Selection, *, key: str, metric: str | None = None) -> None:
    """The records of the view as CSV and XLSX, and the Word briefing pack."""
    records = [
        Offer(
            "csv",
            "Records (CSV)",
            files.file_name("records", selection, "csv"),
            lambda: files.csv_file(selection),
        ),
        Offer(
            "xlsx",
            "Records and sources (XLSX)",
            files.file_name("records", selection, "xlsx"),
            lambda: files.xlsx_file(selection),
        ),
    ]
    briefing = Offer(
        "docx",
        "Briefing pack (Word)",
        files.file_name("briefing", selection, "docx"),
        lambda: files.briefing_file(selection, metric),
        "The charts, the records shown and their sources, ready to paste from",
    )
    with st.container(horizontal=True, key=f"{key}_all_files"):
        _offer_group(
            f"{key}_records",
            key,
            selection,
            ("records",),
            records,
            prepare="Prepare records (CSV, XLSX)",
            prepare_help="Build the records of this view as CSV and XLSX (with their sources)",
        )
        _offer_group(
            f"{key}_briefing",
            key,
            selection,
            ("briefing", metric),
            [briefing],
            prepare="Prepare briefing pack (Word)",
            prepare_help="Build the Word briefing pack: the charts, the records shown and their "
            "sources",
            icon=":material/description:",
        )
