"""Pieces several views share: the empty state, counts in words and the column settings of record
tables."""

from __future__ import annotations

import streamlit as st

from ..selection import Selection

DAY = "DD MMM YYYY"


def count(number: int, noun: str) -> str:
    """``1 record``, ``2 records``: a count and its noun, plural unless the count is one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def link_column(label: str = "Page") -> st.column_config.LinkColumn:
    return st.column_config.LinkColumn(label, display_text="Open", help="The answer in Hansard")


def date_column(label: str) -> st.column_config.DateColumn:
    return st.column_config.DateColumn(label, format=DAY)


def nothing_shown(selection: Selection) -> bool:
    """Say why no record shows, if none does; True when there is nothing to show."""
    view = selection.view
    if not view.records.empty:
        return False
    when = view.as_at
    if view.tables.records.empty:
        st.info(
            "There are no records in the data folder yet. Add records as described in "
            "data/README.md, or see the Data problems tab if files could not be read."
        )
    elif view.dated.empty and when:
        st.info(f"No record had been made by {when:%d %B %Y}. Choose a later “Status as at” date.")
    else:
        st.info(
            "No records match these filters. Remove a filter in the sidebar, or use "
            "“Clear all filters”."
        )
    return True
