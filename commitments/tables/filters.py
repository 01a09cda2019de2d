"""Choosing records: one set of filters for the dashboard, the command line and the exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import pandas as pd

from commitments.record.registry import Lookup, Names
from commitments.record.status import label, normalise


@dataclass(frozen=True)
class Filters:
    """What the analyst chose. Empty means "any".

    A field has the name of its command-line flag and page address parameter (``since`` is
    ``--since`` and ``?since=``); a filter of several values is the plural of its flag's name
    (``programmes`` is ``--programme``, given once for each).
    """

    programmes: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    ministers: tuple[str, ...] = ()
    houses: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    text: str = ""
    as_at: dt.date | None = None
    include_unverified: bool = False
    """Include the records that fail their own checks, each marked; by default they are left out
    of every chart, table, export and briefing, and listed as left out."""

    def is_empty(self) -> bool:
        return self == Filters()

    def describe(self) -> str:
        """The filters in words, for a chart's subtitle or a briefing."""
        parts = []
        for name, values in (
            ("Programme", self.programmes),
            ("Agency", self.agencies),
            ("Status", tuple(label(s) for s in self.statuses)),
            ("Kind", self.kinds),
            ("Minister", self.ministers),
            ("House", self.houses),
        ):
            if values:
                parts.append(f"{name}: {', '.join(values)}")
        if self.since or self.until:
            start = self.since.isoformat() if self.since else "start"
            end = self.until.isoformat() if self.until else "now"
            parts.append(f"Answers {start} to {end}")
        if self.text:
            parts.append(f'Text: "{self.text}"')
        parts.append(f"Status as at {self.as_at.isoformat()}" if self.as_at else "Status: latest")
        if self.include_unverified:
            parts.append("Unverified records included, marked")
        return "; ".join(parts)


def field_names() -> list[str]:
    return [f.name for f in fields(Filters)]


def apply_filters(records: pd.DataFrame, filters: Filters, lookup: Lookup) -> pd.DataFrame:
    """The rows of ``records`` that ``filters`` allow (records already as at the chosen date)."""
    mask = pd.Series(True, index=records.index)
    if filters.programmes:
        mask &= _any_of(records["programmes"], _expand(filters.programmes, lookup.programmes))
    if filters.agencies:
        mask &= _any_of(records["agencies"], _expand(filters.agencies, lookup.agencies))
    if filters.statuses:
        mask &= records["status"].isin({normalise(s) for s in filters.statuses})
    if filters.kinds:
        mask &= records["kind"].isin({k.strip().lower() for k in filters.kinds})
    if filters.ministers:
        wanted = _expand(filters.ministers, lookup.ministers)
        mask &= records["minister"].isin(wanted)
    if filters.houses:
        mask &= records["house"].str.casefold().isin({h.casefold() for h in filters.houses})
    if filters.since:
        mask &= records["answer_date"] >= pd.Timestamp(filters.since)
    if filters.until:
        mask &= records["answer_date"] <= pd.Timestamp(filters.until)
    if filters.text.strip():
        needle = filters.text.strip()
        mask &= records["title"].str.contains(needle, case=False, regex=False) | records[
            "quote"
        ].str.contains(needle, case=False, regex=False)
    return records[mask.fillna(False)].reset_index(drop=True)


def _expand(chosen: tuple[str, ...], names: Names) -> set[str]:
    """Canonical names (with predecessors) for every chosen name; unknown names match as typed."""
    wanted: set[str] = set()
    for name in chosen:
        wanted |= names.expand(name) or {name}
    return wanted


def _any_of(column: pd.Series, wanted: set[str]) -> pd.Series:
    return column.map(lambda names: any(name in wanted for name in names))
