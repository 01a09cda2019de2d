"""What the page shows for a state: its view (the records as at the date, filtered, with their
events), built by the same ``build_view`` as the command line's, and the tables of each tab.

Pure (no Streamlit), so each view's data can be tested on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from commitments.record.status import label
from commitments.record.values import format_values
from commitments.serving.snapshot import Snapshot
from commitments.tables.build import changed_since
from commitments.tables.view import View, build_view

from .address import PageState


@dataclass(frozen=True, eq=False)
class Selection:
    """One page state, the snapshot it was drawn from, and its view: built once a run, and
    handed to every tab."""

    snapshot: Snapshot
    state: PageState
    view: View


def select(snapshot: Snapshot, state: PageState) -> Selection:
    view = build_view(snapshot.tables, snapshot.lookup, state.filters)
    return Selection(snapshot=snapshot, state=state, view=view)


def records_table(records: pd.DataFrame) -> pd.DataFrame:
    """The records as the page lists them: one row a record, newest answer first."""
    table = pd.DataFrame(
        {
            "Title": records["title"],
            "Kind": records["kind"].str.capitalize(),
            "Status": status_labels(records["status"]),
            "Value": value_texts(records),
            "Status since": records["status_date"],
            "Programmes": records["programmes"].map(", ".join),
            "Agencies": records["agencies"].map(", ".join),
            "Answered": records["answer_date"],
            "Source": records["citation"],
            "Page": records["url"],
            "id": records["id"],
        }
    )
    return table.sort_values(["Answered", "Title"], ascending=[False, True]).reset_index(drop=True)


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
    return pd.DataFrame(
        {
            "Date": events["date"],
            "Title": events["title"],
            "Now": events["status"].map(label),
            "Source": events["citation"],
            "Quote": events["quote"].fillna(""),
            "id": events["record_id"],
        }
    ).reset_index(drop=True)


def figures_table(points: pd.DataFrame) -> pd.DataFrame:
    """A metric's figures as listed under its chart."""
    return pd.DataFrame(
        {
            "Value": points["value_text"],
            "Period": points["period_words"],
            "From": points["start"],
            "To": points["end"],
            "Basis": points["basis"].str.replace("_", " "),
            "Status": points["status"].map(label),
            "Conflict": points["conflict"],
            "Source": points["citation"],
            "id": points["id"],
        }
    ).reset_index(drop=True)


def sources_table(view: View) -> pd.DataFrame:
    """The answers, each with its records counted (all, and those the view shows) and its
    flags."""
    answers = view.tables.answers
    shown = view.records["source_id"].value_counts()
    table = pd.DataFrame(
        {
            "Citation": answers["citation"],
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


def related(view: View, record_id: str) -> pd.DataFrame:
    """Records sharing the metric or a programme with ``record_id``, whatever the filters (as the
    histories knew them on the as-at date)."""
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
    return out
