"""Sources: every answer, with its records counted and what its printed text holds besides."""

from __future__ import annotations

import streamlit as st

from ..markdown import escape
from ..selection import Selection, sources_table
from .common import date_column, link_column


def render(selection: Selection) -> None:
    table = sources_table(selection.view)
    if table.empty:
        st.info("There are no source answers in the data folder yet.")
        return
    st.caption(
        "Kind: printed Hansard, or the Written Questions service (since 2014, cited by UIN "
        "and dates). Records: every record quoting the answer. Shown: those the filters "
        "allow. Text: “excerpt” when the copy we have ends before the answer did."
    )
    st.dataframe(
        table,
        key="sources_table",
        hide_index=True,
        column_config={"Date": date_column("Date"), "Page": link_column(), "id": "Answer"},
    )
    answers = selection.view.tables.answers
    flagged = answers[answers["flags"].map(len) > 0].sort_values("date")
    if flagged.empty:
        return
    st.subheader("What the printed answers hold besides the answer")
    for answer in flagged.itertuples(index=False):
        with st.expander(escape(f"{answer.citation} ({len(answer.flags)})")):
            for kind, detail in zip(answer.flags, answer.flag_details, strict=True):
                st.text(f"{kind.replace('_', ' ').capitalize()}: {detail}")
            for text in answer.splices:
                if text:
                    st.caption("Set-aside text (not part of the answer, never quoted):")
                    st.text(text)
