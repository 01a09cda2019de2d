"""One view of the tables: the records as at a date and filtered, with their events, built once.

The page and the command line both build theirs with ``build_view``, and every chart, citation
look-up and file of the view takes it as it is: nothing rolls the records back to the as-at date
a second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import pandas as pd

from commitments.folder.problems import Problem
from commitments.record.registry import Lookup
from commitments.tables.as_at import events_until, is_in
from commitments.tables.build import Tables, as_at
from commitments.tables.filters import Filters, apply_filters
from commitments.tables.verified import UNVERIFIED_COLUMNS, conflicts, unverified


@dataclass(frozen=True, eq=False)
class View:
    """The records one choice of filters and as-at date allows, and their status events.

    Not to be changed: every chart and file of the view reads the same frames.
    """

    filters: Filters
    tables: Tables
    """The tables the view was taken from: every record, event and answer, as loaded."""
    lookup: Lookup
    """The registry's names: canonical names and labels, and what a chosen name also finds."""
    dated: pd.DataFrame
    """Every record as the histories knew it on the as-at date, before the filters: records not
    yet made left out, each at the status of that date. With no as-at date, every record at its
    latest status."""
    records: pd.DataFrame
    """The records of ``dated`` that the filters allow: the records the view shows, each with
    ``conflict``, what its conflict warning says ("" when none: ``tables.verified.conflicts``)."""
    events: pd.DataFrame
    """The status events of ``records`` dated up to the as-at date (today when there is none), by
    date, record id and place in the record's history."""
    unverified: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=UNVERIFIED_COLUMNS)
    )
    """The records the filters chose that fail their own checks (``tables.verified``): left out
    of ``records``, or with ``filters.include_unverified`` in it and marked."""

    @property
    def left_out(self) -> pd.DataFrame:
        """The unverified records left out of the view (none when they are included)."""
        return self.unverified.iloc[0:0] if self.filters.include_unverified else self.unverified

    @property
    def included(self) -> pd.DataFrame:
        """The unverified records the view includes, to be marked wherever they show: those
        among its records when the filters include them (a timeline page's own), else none."""
        if not self.filters.include_unverified or self.unverified.empty:
            return self.unverified.iloc[0:0]
        shown = is_in(self.unverified["id"], self.records["id"])
        return self.unverified[shown].reset_index(drop=True)

    @property
    def as_at(self) -> dt.date | None:
        return self.filters.as_at

    def events_of(self, records: pd.DataFrame) -> pd.DataFrame:
        """The view's events of ``records`` (some of its own), in the view's order."""
        return self.events[is_in(self.events["record_id"], records["id"])].reset_index(drop=True)

    def narrowed(self, records: pd.DataFrame) -> View:
        """The same view showing only ``records``, some of its own as they are (a page of the
        timeline, whose files list the sources of that page alone)."""
        return replace(self, records=records, events=self.events_of(records))


def horizon(when: dt.date | None) -> pd.Timestamp:
    """The last day a view's events reach: the as-at date, else today."""
    return pd.Timestamp(when or dt.date.today())


def build_view(
    tables: Tables, lookup: Lookup, filters: Filters, problems: Iterable[Problem] = ()
) -> View:
    """The view of ``tables`` that ``filters`` choose, as at their ``as_at`` date. A record with
    an error among ``problems`` is unverified: left out, unless the filters include it."""
    dated = as_at(tables.records, tables.events, filters.as_at)
    records = apply_filters(dated, filters, lookup)
    problems = list(problems)
    records = records.assign(conflict=conflicts(records, problems))
    flagged = unverified(records, problems)
    if len(flagged) and not filters.include_unverified:
        records = records[~is_in(records["id"], flagged["id"])].reset_index(drop=True)
    events = events_until(tables.events, records, horizon(filters.as_at))
    return View(
        filters=filters,
        tables=tables,
        lookup=lookup,
        dated=dated,
        records=records,
        events=events,
        unverified=flagged,
    )
