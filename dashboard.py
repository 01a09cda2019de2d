"""The dashboard: what the Government committed to and the figures it gave Parliament, filterable,
as at any date, every point with its Hansard source.

Run ``streamlit run dashboard.py``. The data folder is ``$TRACKER_DATA`` (default ``data``).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app import data, sidebar, state
from app.address import PageState
from app.selection import folder_caption, select
from app.views import VIEWS, by_label, by_slug
from app.views.common import banners

st.set_page_config(page_title="Commitment tracker", page_icon=":material/gavel:", layout="wide")

root = data.data_root()
snapshot = data.load(root)
options = sidebar.options_of(snapshot)
wanted = state.read_address_once(
    lambda asked: (
        sidebar.seed_values(asked, options, snapshot) | {"view": by_slug(asked.view).label}
    )
)
filters, changed_since = sidebar.render(options)

page = PageState(
    filters=filters, changed_since=changed_since, view=by_label(st.session_state.get("view")).slug
)
selection = select(snapshot, page)

st.title("Commitments and figures from written answers", anchor=False)
st.caption(folder_caption(selection, root))
banners(selection)

tabs = st.tabs([tab.label for tab in VIEWS], key="view", on_change="rerun")
for tab, container in zip(VIEWS, tabs, strict=True):
    if container.open:
        with container:
            tab.render(selection)

state.write_address(
    replace(
        page,
        metric=st.session_state.get("metric", wanted.metric),
        record=st.session_state.get("record", wanted.record),
    )
)
