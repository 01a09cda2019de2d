"""Overview: counts by status, status by programme and by agency, what changed, the records."""

from __future__ import annotations

import streamlit as st

from commitments.presenting.charts import (
    overdue_count,
    status_by_agency,
    status_by_programme,
    status_counts,
)

from ..downloads import show_chart, view_files
from ..selection import Selection, changes_table, records_table
from .common import date_column, link_column, nothing_shown


def render(selection: Selection) -> None:
    shown, events, when = selection.shown, selection.events, selection.as_at
    _counts(selection)
    if nothing_shown(selection):
        return
    show_chart(status_counts(shown, events, when), "status-counts", selection, key="chart_counts")
    show_chart(
        status_by_programme(shown, events, when),
        "status-by-programme",
        selection,
        key="chart_programme",
    )
    show_chart(
        status_by_agency(shown, events, when), "status-by-agency", selection, key="chart_agency"
    )
    _changes(selection)
    st.subheader(f"Records shown ({len(shown)})")
    st.dataframe(
        records_table(shown),
        key="records_table",
        hide_index=True,
        column_config={
            "id": st.column_config.TextColumn("Record", help="Open it in the Record tab"),
            "Status since": date_column("Status since"),
            "Answered": date_column("Answered"),
            "Page": link_column(),
        },
    )
    view_files(selection, key="overview")


def _counts(selection: Selection) -> None:
    shown = selection.shown
    commitments = shown[shown["kind"] == "commitment"]
    overdue = overdue_count(commitments, selection.events, selection.as_at)
    with st.container(horizontal=True, key="counts"):
        st.metric("Records shown", len(shown), border=True)
        st.metric("Commitments", len(commitments), border=True)
        st.metric("Figures", int((shown["kind"] == "figure").sum()), border=True)
        st.metric(
            "Open past their due date",
            overdue,
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
    changes = changes_table(selection, since)
    st.subheader(f"What changed since {since:%d %B %Y} ({len(changes)})")
    if changes.empty:
        st.info(f"No status of the records shown changed after {since:%d %B %Y}.")
        return
    st.dataframe(
        changes,
        key="changes_table",
        hide_index=True,
        column_config={"Date": date_column("Date"), "id": "Record"},
    )
