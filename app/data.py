"""Loading the data for the page: the one cached call, reloaded when a data file changes."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from commitments.changes import FolderWatch
from commitments.snapshot import Snapshot, load_snapshot

DATA_ENV = "TRACKER_DATA"
DEFAULT_DATA = "data"


def data_root() -> Path:
    """The data folder: ``$TRACKER_DATA``, or ``data`` beside the page."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)


@st.cache_resource(show_spinner=False, max_entries=4, on_release=FolderWatch.stop)
def _watch(root: str) -> FolderWatch:
    return FolderWatch(root)


@st.cache_resource(show_spinner="Reading the data…", max_entries=4)
def _load(root: str, digest: str) -> Snapshot:
    return load_snapshot(root)


def load(root: Path) -> Snapshot:
    """The snapshot of ``root``, read once for every session until a data file changes.

    The key is a short digest of the files' names, sizes and times (``FolderWatch``), not the
    list itself, which the cache would hash on every rerun. The snapshot is shared by every
    session: nothing in the page changes it.
    """
    resolved = str(root.resolve())
    return _load(resolved, _watch(resolved).digest())


def note_change(root: Path) -> None:
    """Tell the page that the page itself changed files in ``root``: the next load sees them."""
    _watch(str(root.resolve())).changed()
