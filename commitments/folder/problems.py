"""Problems found in the data, each located as ``path:line: record: message``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

    def __str__(self) -> str:
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        text = f"{self.path}:{self.line}: {self.record}: {prefix}{self.message}"
        return f"{text} (hint: {self.hint})" if self.hint else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR
