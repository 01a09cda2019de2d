"""Pieces several views share: the page's banners, the empty state, counts in words and the
column settings of record tables."""

from __future__ import annotations

import streamlit as st

from ..selection import CHECKS, Selection, unverified_notice

DAY = "DD MMM YYYY"


def count(number: int, noun: str) -> str:
    """``1 record``, ``2 records``: a count and its noun, plural unless the count is one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def banners(selection: Selection) -> None:
    """What the page says above its tabs about the data: problems in the files, and the
    unverified records the view leaves out or includes."""
    errors = [p for p in selection.snapshot.problems if p.is_error]
    if errors:
        st.warning(
            f"{count(len(errors), 'problem')} in the data files: a broken file never hides the "
            "others. The Data problems tab lists each with its file and line."
        )
    notice = unverified_notice(selection.view)
    if notice:
        st.warning(notice, icon=":material/report:")


def checks_column() -> st.column_config.TextColumn:
    return st.column_config.TextColumn(
        CHECKS, help="UNVERIFIED, with its problem, when the record fails its own checks"
    )


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
    elif len(view.left_out):
        st.info(
            "Every record these filters choose fails its own checks and is left out. The Data "
            "problems tab lists them; tick “Include unverified records” to see them marked."
        )
    elif view.dated.empty and when:
        st.info(f"No record had been made by {when:%d %B %Y}. Choose a later “Status as at” date.")
    else:
        st.info(
            "No records match these filters. Remove a filter in the sidebar, or use "
            "“Clear all filters”."
        )
    return True
