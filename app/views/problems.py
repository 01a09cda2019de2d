"""Data problems: every problem found in the data files, with its file and line."""

from __future__ import annotations

import streamlit as st

from ..selection import Selection, problems_table


def render(selection: Selection) -> None:
    snapshot = selection.snapshot
    table = problems_table(snapshot)
    if table.empty:
        st.success(f"No problems: {snapshot.files_read} files read, and every check passes.")
        return
    errors = int((table["Severity"] == "error").sum())
    st.caption(
        f"{errors} errors and {len(table) - errors} warnings in {snapshot.files_read} files read. "
        "A file with an error is left out; every good record still shows. "
        "`python -m commitments validate` prints the same list."
    )
    st.dataframe(table, key="problems_table", hide_index=True)
