"""What the dashboard and the exports work from: the tables, the registry and the problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .dataset import load_dataset
from .problems import Problem
from .registry import Lookup
from .tables import Tables, build_tables


@dataclass
class Snapshot:
    tables: Tables
    lookup: Lookup
    problems: list[Problem]
    files_read: int


def load_snapshot(root: Path | str) -> Snapshot:
    """Load and check ``root``; bad files become problems, good records are all kept."""
    dataset = load_dataset(root)
    return Snapshot(
        tables=build_tables(dataset),
        lookup=dataset.lookup,
        problems=dataset.problems,
        files_read=dataset.files_read,
    )
