"""Loading the data for the page: the one cached call, reloaded when a data file changes."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from commitments.snapshot import Snapshot, load_snapshot

DATA_ENV = "TRACKER_DATA"
DEFAULT_DATA = "data"


def data_root() -> Path:
    """The data folder: ``$TRACKER_DATA``, or ``data`` beside the page."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)


def fingerprint(root: Path) -> tuple:
    """Names, sizes and times of the data files: any edit gives a new fingerprint."""
    found = []
    for folder in (root, root / "answers", root / "records"):
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file() and entry.name.endswith((".yaml", ".yml")):
                    stat = entry.stat()
                    found.append((entry.path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


@st.cache_resource(show_spinner="Reading the data…", max_entries=4)
def _load(root: str, stamp: tuple) -> Snapshot:
    return load_snapshot(root)


def load(root: Path) -> Snapshot:
    """The snapshot of ``root``, read once for every session until a file changes.

    The snapshot is shared by every session: nothing in the page changes it.
    """
    return _load(str(root.resolve()), fingerprint(root))
