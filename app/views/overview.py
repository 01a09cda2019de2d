"""Overview: counts by status, status by programme and by agency, what changed, the records."""

from __future__ import annotations

import streamlit as st

from commitments.presenting.charts.status import (
    status_by_agency,
    status_by_programme,
    status_counts,
)
from commitments.presenting.charts.timeline import overdue_count
from commitments.tables.view import View

from ..downloads import show_chart, view_files
from ..selection import CHECKS, Selection, changes_table, files_notice, records_table
from .common import checks_column, date_column, link_column, nothing_shown


def render(selection: Selection) -> None:
    view = selection.view
    _counts(view)
    if nothing_shown(selection):
        return
    show_chart(status_counts(view), "status-counts", selection, key="chart_counts")
    show_chart(status_by_programme(view), "status-by-programme", selection, key="chart_programme")
    show_chart(status_by_agency(view), "status-by-agency", selection, key="chart_agency")
    _changes(selection)
    st.subheader(f"Records shown ({len(view.records)})")
    st.dataframe(
        records_table(view.records, view.included),
        key="records_table",
        hide_index=True,
        column_config={
            CHECKS: checks_column(),
            "id": st.column_config.TextColumn("Record", help="Open it in the Record tab"),
            "Last restated": date_column("Last restated"),
            "Answered": date_column("Answered"),
            "Page": link_column(),
        },
    )
    notice = files_notice(view)
    if notice:
        st.caption(notice)
    view_files(selection, key="overview")


def _counts(view: View) -> None:
    kinds = view.records["kind"]
    with st.container(horizontal=True, key="counts"):
        st.metric("Records shown", len(view.records), border=True)
        st.metric("Commitments", int((kinds == "commitment").sum()), border=True)
        st.metric("Figures", int((kinds == "figure").sum()), border=True)
        st.metric(
            "Open past their due date",
            overdue_count(view),
            border=True,
            help="Commitments still open after the date they were due, as at the chosen date",
        )


def _changes(selection: Selection) -> None:
    since = selection.state.changed_since
    if since is None:
        st.subheader("What changed")
        st.caption(
            "Choose a “Changed since” date in the sidebar (the date of a previous briefing) to "
            "list every status change after it."
        )
        return
    changes = changes_table(selection.view, since)
    st.subheader(f"What changed since {since:%d %B %Y} ({len(changes)})")
    if changes.empty:
        st.info(f"No status of the records shown changed after {since:%d %B %Y}.")
        return
    st.dataframe(
        changes,
        key="changes_table",
        hide_index=True,
        column_config={"Date": date_column("Date"), CHECKS: checks_column(), "id": "Record"},
    )
