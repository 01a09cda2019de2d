"""Where things are in a data folder: the one place that names its files and folders."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REGISTRY_FILE = "registry.yaml"
ANSWERS_DIR = "answers"
RECORDS_DIR = "records"
SUFFIX = ".yaml"
"""The suffix of every file the project writes."""
YAML_SUFFIXES = frozenset({".yaml", ".yml"})
"""The suffixes the loader reads (a wrong-case suffix is reported, not read)."""
WATCHED = (REGISTRY_FILE, ANSWERS_DIR, RECORDS_DIR)
"""Every entry of a data folder that the loader reads."""
FORMAT_DOC = "data/README.md"
"""Where the format of every file is documented, for hints."""


@dataclass(frozen=True)
class DataFolder:
    """A data folder: ``registry.yaml``, ``answers/<id>.yaml``, ``records/<id>.yaml``."""

    root: Path

    def __init__(self, root: Path | str) -> None:
        object.__setattr__(self, "root", Path(root))

    @property
    def registry(self) -> Path:
        return self.root / REGISTRY_FILE

    @property
    def answers(self) -> Path:
        return self.root / ANSWERS_DIR

    @property
    def records(self) -> Path:
        return self.root / RECORDS_DIR

    def answer(self, answer_id: str) -> Path:
        return self.answers / f"{answer_id}{SUFFIX}"

    def record(self, record_id: str) -> Path:
        return self.records / f"{record_id}{SUFFIX}"

    @staticmethod
    def answer_name(answer_id: str) -> str:
        """An answer's file as a path inside the folder (``answers/<id>.yaml``), for archives."""
        return f"{ANSWERS_DIR}/{answer_id}{SUFFIX}"

    @staticmethod
    def record_name(record_id: str) -> str:
        """A record's file as a path inside the folder (``records/<id>.yaml``), for archives."""
        return f"{RECORDS_DIR}/{record_id}{SUFFIX}"
