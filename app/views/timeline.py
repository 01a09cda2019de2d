"""Timeline: every status event at its date, commitments as spans, overdue ones obvious."""

from __future__ import annotations

import streamlit as st

from commitments.charts import timeline, timeline_rows
from commitments.status import label

from ..downloads import show_chart
from ..selection import Selection
from .common import date_column, nothing_shown


def render(selection: Selection) -> None:
    if nothing_shown(selection):
        return
    st.caption(
        "Each row is a record, grouped by programme. Dots (commitments) and diamonds (figures) "
        "are status events at the date of the answer that gave them; bars run from a "
        "commitment's first announcement to its delivery, or to the as-at date while it is "
        "open. A vertical tick marks the due date; open commitments past it are drawn in orange. "
        "Hover over a point for its quote and citation."
    )
    fig = timeline(selection.shown, selection.events, selection.as_at)
    show_chart(fig, "timeline", selection, key="chart_timeline")
    rows = timeline_rows(selection.shown, selection.events, selection.as_at)
    overdue = rows[rows["overdue"]].assign(status=lambda frame: frame["status"].map(label))
    if not overdue.empty:
        st.subheader(f"Open past their due date ({len(overdue)})")
        st.dataframe(
            overdue[["id", "title", "status", "due_words", "due_end", "citation"]].rename(
                columns={
                    "id": "Record",
                    "title": "Title",
                    "status": "Status",
                    "due_words": "Due (words)",
                    "due_end": "Due by",
                    "citation": "Source",
                }
            ),
            key="overdue_table",
            hide_index=True,
            column_config={"Due by": date_column("Due by")},
        )
