"""Problems found in the data, each located as ``path:line: record: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CONFLICT = "conflict"
"""Two answers give different values for the same metric and period (a warning)."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem with one record, where an analyst can find and fix it."""

    path: str
    line: int
    record: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""
    """What kind of problem, where an output acts on it: ``CONFLICT`` marks the figure beside
    its value in every output."""

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        text = f"{self.path}:{self.line}: {self.record}: {prefix}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Findings:
    """Something that holds ``problems``, telling its errors (which fail a check) from its
    warnings (which do not)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]
