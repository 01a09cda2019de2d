"""Loading the data for the page: the one cached call, reloaded when a data file changes."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import streamlit as st

from commitments.folder.layout import YAML_SUFFIXES
from commitments.serving.changes import FolderWatch
from commitments.serving.snapshot import Snapshot, cached_snapshot, load_snapshot

DATA_ENV = "TRACKER_DATA"
DEFAULT_DATA = "data"

logger = logging.getLogger(__name__)


def data_root() -> Path:
    """The data folder: ``$TRACKER_DATA``, or ``data`` beside the page."""
    return Path(os.environ.get(DATA_ENV) or DEFAULT_DATA)


@st.cache_resource(show_spinner=False, max_entries=4, on_release=FolderWatch.stop)
def _watch(root: str) -> FolderWatch:
    return FolderWatch(root)


@st.cache_resource(show_spinner="Reading the data…", max_entries=4)
def _load(root: str, digest: str) -> Snapshot:
    if _data_files(Path(root)) >= LOAD_APART_FILES:
        snapshot = cached_snapshot(root)
        if snapshot is None and _stored_apart(root):
            snapshot = cached_snapshot(root)
        if snapshot is not None:
            return snapshot
    return load_snapshot(root)


LOAD_APART_FILES = 5_000
"""From this many data files, a folder not in the cache is loaded and stored by a process of its
own, and the page reads the stored tables: parsing tens of thousands of files leaves the memory
of a process that did it fragmented (hundreds of MB more at the peak), and the page's process
lives on. Below it, starting a process would cost more than the load."""
LOAD_APART_SECONDS = 600


def _data_files(root: Path) -> int:
    count = 0
    for folder in (root / "answers", root / "records"):
        try:
            with os.scandir(folder) as entries:
                count += sum(
                    1 for entry in entries if os.path.splitext(entry.name)[1] in YAML_SUFFIXES
                )
        except OSError:
            continue
    return count


def _stored_apart(root: str) -> bool:
    """Whether ``python -m commitments snapshot`` stored the folder, in a process of its own."""
    command = [sys.executable, "-m", "commitments", "snapshot", root]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=LOAD_APART_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        logger.warning("loading %s in a process of its own failed (%s): loaded here", root, error)
        return False
    if done.returncode != 0:
        logger.warning("loading %s in a process of its own failed: %s", root, done.stderr[-500:])
    return done.returncode == 0


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
