"""Data problems: the unverified records first (each left out, or included and marked), then
every problem found in the data files, with its file and line."""

from __future__ import annotations

import streamlit as st

from ..selection import Selection, problems_table, unverified_table


def render(selection: Selection) -> None:
    snapshot = selection.snapshot
    table = problems_table(snapshot)
    if table.empty:
        st.success(f"No problems: {snapshot.files_read} files read, and every check passes.")
        return
    _unverified(selection)
    errors = int((table["Severity"] == "error").sum())
    st.subheader("Every problem", anchor=False)
    st.caption(
        f"{errors} errors and {len(table) - errors} warnings in {snapshot.files_read} files read. "
        "A file that cannot be read is left out; a record with an error of its own is "
        "unverified (above); every good record still shows. "
        "`python -m commitments validate` prints the same list."
    )
    st.dataframe(table, key="problems_table", hide_index=True)


def _unverified(selection: Selection) -> None:
    table = unverified_table(selection)
    if table.empty:
        return
    st.subheader(f"Unverified records ({len(table)})", anchor=False)
    st.caption(
        "Each has an error of its own (a quote not verbatim, a value not in its quote, an "
        "unknown source or metric…). They are left out of every chart, "
        "table, count and download unless “Include unverified records” is ticked in the sidebar; "
        "then each is marked UNVERIFIED with its problem."
    )
    st.dataframe(table, key="unverified_table", hide_index=True)
