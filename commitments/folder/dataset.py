"""A data folder read into memory: its answers and records, each with where it came from, and
every problem found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from commitments.folder.problems import Findings, Problem
from commitments.folder.yamlfile import YamlDocument
from commitments.record.model import Answer, Record
from commitments.record.registry import Lookup

T = TypeVar("T", bound=BaseModel)

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,119}")
MAX_PROBLEMS_PER_FILE = 20
"""A file with more problems than this is listed up to here, then summed up in one line."""


@dataclass
class Located(Generic[T]):
    """A validated item, with the file and lines it came from."""

    item: T
    path: str
    doc: YamlDocument

    def line(self, *loc: str | int) -> int:
        return self.doc.line_of(loc)


@dataclass
class Dataset(Findings):
    root: Path
    lookup: Lookup
    answers: dict[str, Located[Answer]] = field(default_factory=dict)
    records: dict[str, Located[Record]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0


def capped(found: list[Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[Problem]:
    """At most ``limit`` problems of one file, and a last line saying how many were left out."""
    if len(found) <= limit:
        return found
    rest = found[limit]
    return [
        *found[:limit],
        Problem(
            rest.path,
            rest.line,
            rest.record,
            f"and {len(found) - limit:,} more problems in this file, not listed",
            "fix the problems above and validate again",
        ),
    ]


def printable(text: str, limit: int = 0) -> str:
    """``text`` safe to print on one line: control characters escaped, and cut at ``limit``."""
    if limit and len(text) > limit:
        text = text[:limit] + "…"
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def short_repr(value: Any, limit: int = 60) -> str:
    """The repr of a value given in a file, short enough for a message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"
