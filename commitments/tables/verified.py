"""Which records fail their own checks: unverified, and so left out of every output unless the
analyst asks for them, and then marked."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from commitments.folder.problems import CONFLICT, Problem

UNVERIFIED_COLUMNS = ["id", "title", "path", "line", "problem", "problems"]
"""One row an unverified record: where its first error is, what it says, and how many it has."""


def unverified(records: pd.DataFrame, problems: Iterable[Problem]) -> pd.DataFrame:
    """The records of ``records`` with an error of their own (a problem of severity error that
    names the record, in the record's own file: its quote not verbatim, its value not in its
    quote, an unknown source or metric, events out of order…), in the records' order. Warnings
    (two answers giving different values) never make a record unverified."""
    errors: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        if problem.is_error:
            errors.setdefault((problem.record, problem.path), []).append(problem)
    rows = []
    if errors:
        for record_id, title, path in zip(
            records["id"].tolist(), records["title"].tolist(), records["path"].tolist(), strict=True
        ):
            found = errors.get((record_id, path))
            if found:
                first = found[0]
                text = f"{first.message} (hint: {first.hint})" if first.hint else first.message
                rows.append((record_id, title, path, first.line, text, len(found)))
    return pd.DataFrame(rows, columns=UNVERIFIED_COLUMNS)


def conflicts(records: pd.DataFrame, problems: Iterable[Problem]) -> list[str]:
    """For each record, what its conflict warning says ("" when it has none): another answer
    gives a different value for the same metric and period. Shown beside the figure in every
    output; the record stays verified."""
    said: dict[tuple[str, str], str] = {}
    for problem in problems:
        if problem.code == CONFLICT:
            said[(problem.record, problem.path)] = f"CONFLICT: {problem.message}"
    if not said:
        return [""] * len(records)
    return [
        said.get((record_id, path), "")
        for record_id, path in zip(records["id"].tolist(), records["path"].tolist(), strict=True)
    ]
