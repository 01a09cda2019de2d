"""Timeline: every status event at its date, commitments as spans, overdue ones obvious.

A page of the records at a time, the most recently changed first: the chart of them all would be
too tall to read or to export once there are more than a few dozen.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from commitments.presenting.charts.timeline import (
    TimelinePage,
    overdue_rows,
    timeline,
    timeline_page,
)
from commitments.record.status import label

from ..downloads import show_chart
from ..selection import CHECKS, Selection, with_checks
from .common import checks_column, date_column, nothing_shown

PAGE = "timeline_page"


def render(selection: Selection) -> None:
    if nothing_shown(selection):
        return
    st.caption(
        "Each row is a record, grouped by programme. Dots (commitments) and diamonds (figures) "
        "are status events at the date each took effect where an answer says so (a bar over "
        "the month or year when it says no more), else at the date of the answer that gave "
        "them; hollow marks are restatements. Bars run from a commitment's first announcement "
        "to its delivery, or to the as-at date while it is open. A vertical tick marks the due "
        "date; open commitments past it are drawn in orange; dashed spans are commitments made "
        "by someone other than the UK Government, never overdue. Hover over a point for its "
        "quote and citation."
    )
    page = _page(selection)
    fig = timeline(selection.view, page=page.number)
    # the chart's files list the sources of the records drawn: this page's
    show_chart(fig, "timeline", replace(selection, view=page.view), key="chart_timeline")
    _overdue(selection)


def _page(selection: Selection) -> TimelinePage:
    """The page chosen (the first until another is), with a control when there are several."""
    first = timeline_page(selection.view)
    if first.pages == 1:
        return first
    if st.session_state.get(PAGE, 1) > first.pages:  # fewer pages since the filters changed
        st.session_state[PAGE] = first.pages
    number = st.number_input(
        f"Page (of {first.pages:,})",
        min_value=1,
        max_value=first.pages,
        step=1,
        key=PAGE,
        help="Each page draws the next records, the most recently changed first.",
    )
    page = first if number == 1 else timeline_page(selection.view, number)
    st.caption(
        f"Showing {page.describe()}. Choose another page, or narrow the filters, to see the rest."
    )
    return page


def _overdue(selection: Selection) -> None:
    """Every commitment open past its due date among the records shown, on any page."""
    rows = overdue_rows(selection.view)
    if rows.empty:
        return
    overdue = rows.assign(status=rows["status"].map(label))
    st.subheader(f"Open past their due date ({len(overdue)})")
    table = overdue[["id", "title", "status", "due_words", "due_end", "citation"]].rename(
        columns={
            "id": "Record",
            "title": "Title",
            "status": "Status",
            "due_words": "Due (words)",
            "due_end": "Due by",
            "citation": "Source",
        }
    )
    st.dataframe(
        with_checks(table, selection.view.included, ids="Record"),
        key="overdue_table",
        hide_index=True,
        column_config={"Due by": date_column("Due by"), CHECKS: checks_column()},
    )
