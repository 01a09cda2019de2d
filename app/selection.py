"""What the page shows for a state: its view (the records as at the date, filtered, with their
events), built by the same ``build_view`` as the command line's, and the tables of each tab.

Pure (no Streamlit), so each view's data can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from commitments.record.status import label
from commitments.record.values import format_corrections, format_day, format_values
from commitments.serving.snapshot import Snapshot
from commitments.tables.build import changed_since
from commitments.tables.verified import unverified
from commitments.tables.view import View, build_view

from .address import PageState


@dataclass(frozen=True, eq=False)
class Selection:
    """One page state, the snapshot it was drawn from, and its view: built once a run, and
    handed to every tab."""

    snapshot: Snapshot
    state: PageState
    view: View
    unverified: pd.DataFrame
    """Every record of the data folder that fails its own checks, whatever the filters
    (``commitments.tables.verified``): the view's own are ``view.unverified``."""


def select(snapshot: Snapshot, state: PageState) -> Selection:
    view = build_view(snapshot.tables, snapshot.lookup, state.filters, snapshot.problems)
    flagged = unverified(snapshot.tables.records, snapshot.problems)
    return Selection(snapshot=snapshot, state=state, view=view, unverified=flagged)


# --- Unverified records -------------------------------------------------------------------------

CHECKS = "Checks"
"""The column that marks an included unverified record in a table of records ("" otherwise)."""
MARK = "UNVERIFIED"


class Inclusion(StrEnum):
    """Where an unverified record stands in the view on screen."""

    LEFT_OUT = "left out"
    """Left out of every chart, table, count and download (the default)."""
    INCLUDED = "included, marked UNVERIFIED"
    """Included, as the analyst chose, and marked wherever it shows."""
    NOT_IN_VIEW = "included when chosen; not in this view"
    """Unverified records are included, but the filters (or the as-at date) leave this one out."""


def problem_text(row: pd.Series | object) -> str:
    """An unverified record's first problem, saying how many more it has."""
    text, more = str(row.problem), int(row.problems) - 1
    return text if more <= 0 else f"{text} (and {more} more: see Data problems)"


def marks(ids: pd.Series, flagged: pd.DataFrame) -> list[str]:
    """For each id, ``UNVERIFIED: <problem>`` if ``flagged`` (rows of ``unverified``) holds its
    record, else ""."""
    if flagged.empty:
        return [""] * len(ids)
    found = {row.id: f"{MARK}: {problem_text(row)}" for row in flagged.itertuples(index=False)}
    return [found.get(record_id, "") for record_id in ids.tolist()]


def with_checks(
    table: pd.DataFrame, flagged: pd.DataFrame, *, ids: str = "id", after: str = "Title"
) -> pd.DataFrame:
    """``table`` with a ``Checks`` column after ``after`` when one of its records is in
    ``flagged``: each such record reads ``UNVERIFIED: <problem>``, the others "". A table with
    no unverified record is left as it is."""
    checks = marks(table[ids], flagged)
    if not any(checks):
        return table
    marked = table.copy()
    marked.insert(marked.columns.get_loc(after) + 1, CHECKS, checks)
    return marked


def unverified_table(selection: Selection) -> pd.DataFrame:
    """Every unverified record of the data folder, where its first problem is, and whether the
    view on screen leaves it out or includes it."""
    flagged = selection.unverified
    view = selection.view
    shown = set(view.records["id"])
    if not view.filters.include_unverified:
        inclusion = [Inclusion.LEFT_OUT.value] * len(flagged)
    else:
        inclusion = [
            (Inclusion.INCLUDED if record_id in shown else Inclusion.NOT_IN_VIEW).value
            for record_id in flagged["id"].tolist()
        ]
    return pd.DataFrame(
        {
            "Record": flagged["id"],
            "Title": flagged["title"],
            "File": flagged["path"],
            "Line": flagged["line"],
            "Problem": [problem_text(row) for row in flagged.itertuples(index=False)],
            "Left out or included": inclusion,
        },
        columns=["Record", "Title", "File", "Line", "Problem", "Left out or included"],
    ).reset_index(drop=True)


def folder_caption(selection: Selection, root: object) -> str:
    """The line under the page's title: what the data folder holds, its unverified records
    counted apart."""
    tables = selection.snapshot.tables
    flagged = len(selection.unverified)
    apart = f" ({_count(flagged, 'unverified record')} among them)" if flagged else ""
    return (
        f"{_count(len(tables.records), 'record')}{apart} from "
        f"{_count(len(tables.answers), 'answer')} in `{root}`. "
        "Every status comes from a dated answer; hover over a chart for the quote and its citation."
    )


def unverified_notice(view: View) -> str | None:
    """The page's banner on the view's unverified records: how many are left out, or included
    and marked; None when the view chose none."""
    if view.unverified.empty:
        return None
    number = len(view.unverified)
    if view.filters.include_unverified:
        verb = "is" if number == 1 else "are"
        return f"{_count(number, 'unverified record')} {verb} included, marked {MARK}."
    fail, verb, them = ("fails its", "is", "it") if number == 1 else ("fail their", "are", "them")
    return (
        f"{_count(number, 'record')} {fail} own checks and {verb} left out of every chart, "
        f"table and download (Data problems lists {them}; tick Include unverified records to see "
        f"{them} marked)."
    )


def files_notice(view: View) -> str | None:
    """What the download area says of the view's unverified records; None when there are none."""
    if view.unverified.empty:
        return None
    number = len(view.unverified)
    if view.filters.include_unverified:
        return (
            f"These files include {_count(number, 'unverified record')}, each marked {MARK} "
            "with its problem."
        )
    verb, them = ("is", "it") if number == 1 else ("are", "them")
    return (
        f"{_count(number, 'unverified record')} {verb} left out of these files "
        f"(Data problems lists {them})."
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


# --- The tabs' tables ---------------------------------------------------------------------------


def records_table(records: pd.DataFrame, flagged: pd.DataFrame | None = None) -> pd.DataFrame:
    """The records as the page lists them: one row a record, newest answer first; a ``Checks``
    column marks those of ``flagged`` (the view's unverified records, when it includes them)."""
    table = pd.DataFrame(
        {
            "Title": records["title"],
            "Kind": records["kind"].str.capitalize(),
            "Status": status_labels(records["status"]),
            "Value": value_texts(records),
            "Status since": [
                format_day(day, precision)
                for day, precision in zip(
                    records["status_effective"].tolist(),
                    records["status_precision"].tolist(),
                    strict=True,
                )
            ],
            "Last restated": records["last_restated"],
            "Programmes": records["programmes"].map(", ".join),
            "Agencies": records["agencies"].map(", ".join),
            "Answered": records["answer_date"],
            "Source": records["citation"],
            "Page": records["url"],
            "id": records["id"],
        }
    )
    conflict = records["conflict"] if "conflict" in records else pd.Series("", index=records.index)
    if conflict.astype(bool).any():  # beside the figure
        table.insert(table.columns.get_loc("Value") + 1, "Conflict", conflict.tolist())
    corrected = format_corrections(records)
    if any(corrected):  # the value shown is the corrected one: beside it, what it was and when
        table.insert(table.columns.get_loc("Value") + 1, "Corrected", corrected)
    made_by = records["made_by"] if "made_by" in records else pd.Series(dtype=object)
    if made_by.notna().any():  # a commitment someone other than the Government made
        table.insert(table.columns.get_loc("Kind") + 1, "Made by", made_by.fillna("").tolist())
    table = table.sort_values(["Answered", "Title"], ascending=[False, True]).reset_index(drop=True)
    return table if flagged is None else with_checks(table, flagged)


def status_labels(statuses: pd.Series) -> pd.Series:
    """Each status as the page words it: the label looked up once a status, not once a row."""
    return statuses.map({status: label(status) for status in statuses.dropna().unique()})


def value_texts(records: pd.DataFrame) -> list[str]:
    """``format_values`` of the records: only the rows with a value are formatted, since a row
    without one (a commitment's) reads "" whatever its other columns hold."""
    texts = [""] * len(records)
    valued = np.flatnonzero(records["value"].notna().to_numpy())
    # the columns as Python lists: read value by value, an Arrow-backed column is slower
    columns = {
        c: records[c].iloc[valued].tolist() for c in ("value", "value_high", "lower_bound", "unit")
    }
    for position, text in zip(valued.tolist(), format_values(columns), strict=True):
        texts[position] = text
    return texts


def changes_table(view: View, since: dt.date) -> pd.DataFrame:
    """The status events of the view's records dated after ``since`` (to the as-at date)."""
    events = changed_since(view.events, since)
    table = pd.DataFrame(
        {
            "Date": events["date"],
            "Title": events["title"],
            "Now": events["status"].map(label),
            "Source": events["citation"],
            "Quote": events["quote"].fillna(""),
            "id": events["record_id"],
        }
    ).reset_index(drop=True)
    return with_checks(table, view.included)


def figures_table(points: pd.DataFrame, flagged: pd.DataFrame | None = None) -> pd.DataFrame:
    """A metric's figures as listed under its chart; a ``Checks`` column marks those of
    ``flagged`` (the view's unverified records, when it includes them)."""
    table = pd.DataFrame(
        {
            "Value": points["value_text"],
            "Period": points["period_words"],
            "From": points["start"],
            "To": points["end"],
            "Basis": points["basis"].str.replace("_", " "),
            "Status": points["status"].map(label),
            "Conflict": points["conflict"],
            "Corrected": format_corrections(points),
            "Source": points["citation"],
            "id": points["id"],
        }
    ).reset_index(drop=True)
    return table if flagged is None else with_checks(table, flagged, after="Value")


def sources_table(view: View) -> pd.DataFrame:
    """The answers, each with its records counted (all that quote it, first said there or in a
    later event, and those of them the view shows) and its flags."""
    answers = view.tables.answers
    quoting = pd.concat(
        [
            view.records[["id", "source_id"]],
            view.events[["record_id", "source_id"]].rename(columns={"record_id": "id"}),
        ]
    )
    shown = quoting.dropna().drop_duplicates()["source_id"].value_counts()
    table = pd.DataFrame(
        {
            "Citation": answers["citation"],
            "Kind": answers["kind"],
            "Date": answers["date"],
            "Records": answers["records"].astype(int),
            "Shown": answers["id"].map(shown).fillna(0).astype(int),
            "Text": answers["complete"].map({True: "complete", False: "excerpt"}),
            "Flags": answers["flags"].map(
                lambda kinds: ", ".join(k.replace("_", " ") for k in kinds)
            ),
            "Asked by": answers["asker"],
            "Answered by": answers["minister"],
            "House": answers["house"],
            "Heading": answers["heading"],
            "Page": answers["url"],
            "id": answers["id"],
        }
    )
    return table.sort_values(["Date", "Citation"]).reset_index(drop=True)


def problems_table(snapshot: Snapshot) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "File": p.path,
                "Line": p.line,
                "Record": p.record,
                "Severity": p.severity.value,
                "Problem": p.message,
                "Hint": p.hint,
            }
            for p in snapshot.problems
        ],
        columns=["File", "Line", "Record", "Severity", "Problem", "Hint"],
    )


def related(view: View, record_id: str, flagged: pd.DataFrame | None = None) -> pd.DataFrame:
    """Records sharing the metric or a programme with ``record_id``, whatever the filters (as the
    histories knew them on the as-at date). Those of ``flagged`` (every unverified record) are
    left out, unless the view includes unverified records: then they are kept, and their
    ``Checks`` column says why they are unverified."""
    dated = view.dated
    this = dated[dated["id"] == record_id]
    if this.empty:
        return dated.iloc[0:0]
    row = this.iloc[0]
    programmes = set(row["programmes"])
    same_metric = dated["metric"].notna() & (dated["metric"] == row["metric"])
    same_programme = dated["programmes"].map(lambda names: bool(programmes & set(names)))
    out = dated[(same_metric | same_programme) & (dated["id"] != record_id)].copy()
    out["Shared"] = ["same metric" if m else "same programme" for m in same_metric[out.index]]
    if flagged is None or flagged.empty:
        return out
    if not view.filters.include_unverified:
        return out[~out["id"].isin(set(flagged["id"]))]
    checks = marks(out["id"], flagged)
    return out.assign(**{CHECKS: checks}) if any(checks) else out
