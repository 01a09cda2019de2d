"""Loading a data folder: read every file, then check across the records."""

from __future__ import annotations

from pathlib import Path

from commitments.folder.checks import check_dataset
from commitments.folder.dataset import Dataset
from commitments.folder.reading import read_folder


def load_dataset(root: Path | str) -> Dataset:
    """Read and check ``root``: every problem collected, every good record kept; never raises on
    bad data."""
    dataset, registry_ok = read_folder(root)
    if dataset.root.is_dir():
        dataset.problems.extend(check_dataset(dataset, check_names=registry_ok))
    return dataset
