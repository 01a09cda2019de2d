"""Status charts: how many records stand at each status, overall and by programme or agency.

Records are counted, not events: a record said again in a later answer ("restated") is one record
at the status it had. Each count is printed over its bar where it fits the bar's width (and is in
the hover always); a long programme or agency name is wrapped, never cut.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.charts.common import (
    NO_AGENCY,
    NO_PROGRAMME,
    PLACEMENT_WIDTH,
    UNVERIFIED,
    UNVERIFIED_HATCH,
    Cited,
    as_at_title,
    axis_label,
    cited,
    count_tick,
    empty_figure,
    legible,
    no_records_reason,
    pattern,
    safe,
    text_width,
    unverified_note,
    unverified_outline,
    unverified_problems,
)
from commitments.presenting.theme import BASE_SIZE, new_figure
from commitments.record.status import RESTATED, STATUS_ORDER, CommitmentStatus, colour, label
from commitments.tables.as_at import is_in
from commitments.tables.view import View

FIGURE_ONLY_STATUSES = frozenset(STATUS_ORDER) - {s.value for s in CommitmentStatus}
"""Figure statuses share colours with commitment statuses; their bars are hatched as well."""
FIGURE_HATCH = "/"

_ROW_HEIGHT = 30
_NAME_WIDTH = 40  # characters a line of a programme's or an agency's name
_LINE = 17  # px a line of a name takes


def _hatch(status: str) -> str:
    return FIGURE_HATCH if status in FIGURE_ONLY_STATUSES else ""


def status_counts(view: View) -> go.Figure:
    """How many records stand at each status, one bar a status in its colour."""
    title = as_at_title("Records by status", view.as_at)
    records = view.records
    if records.empty:
        return empty_figure(title, no_records_reason(view.as_at))
    counts = records["status"].value_counts()
    statuses = [s for s in STATUS_ORDER if s in counts] + sorted(
        s for s in counts.index if s not in STATUS_ORDER
    )
    problems = unverified_problems(view)
    marked = records["id"].isin(list(problems)).to_numpy() if problems else None
    kinds = (records if marked is None else records[~marked]).groupby(["status", "kind"]).size()
    detail = [
        ", ".join(f"{kinds.get((s, k), 0)} {k}s" for k in ("commitment", "figure"))
        for s in statuses
    ]
    shown = counts if marked is None else records["status"][~marked].value_counts()
    band = _band(len(statuses), legend=marked is not None)
    fig = new_figure(title)
    fig.add_bar(
        name="Records",
        x=[label(s) for s in statuses],
        y=[int(shown.get(s, 0)) for s in statuses],
        marker={
            "color": [colour(s) for s in statuses],
            "pattern": pattern([_hatch(s) for s in statuses]),
        },
        text=[_fitting(int(shown.get(s, 0)) or "", band) for s in statuses],
        textposition="outside" if marked is None else "inside",
        customdata=detail,
        hovertemplate="<b>%{x}</b>: %{y} records<br>%{customdata}<extra></extra>",
        showlegend=False,
    )
    if marked is not None:
        _unverified_counts(fig, records[marked], statuses, problems, band)
    fig.update_yaxes(title_text="Records", rangemode="tozero", dtick=count_tick(counts.max()))
    fig.update_xaxes(title_text="Status")
    fig.update_layout(height=420)
    return legible(fig)


def _band(bars: int, *, legend: bool) -> float:
    """The width in pixels of a bar's place on the smallest plot the chart is drawn at: the
    room of a count printed over it."""
    plot = PLACEMENT_WIDTH - 80 - 30 - (140 if legend else 0)
    return plot / max(bars, 1)


def _fitting(text: object, band: float) -> str:
    """``text`` when it fits the width of a bar's place, else "" (the hover gives the count)."""
    text = str(text)
    return text if text_width(text, BASE_SIZE) + 8 <= band else ""


def _unverified_counts(
    fig: go.Figure,
    records: pd.DataFrame,
    statuses: list[str],
    problems: dict[str, str],
    band: float,
) -> None:
    """The unverified records of each status: a segment stacked on its status's bar, hatched
    with crosses and outlined, labelled "Unverified: n" (only "n" where that does not fit the bar,
    the legend naming the segment), its hover naming each with its problem."""
    by_status: dict[str, list[str]] = {}
    for record_id, status in zip(records["id"].tolist(), records["status"].tolist(), strict=True):
        by_status.setdefault(status, []).append(record_id)
    fig.add_bar(
        name=UNVERIFIED,
        x=[label(s) for s in statuses],
        y=[len(by_status.get(s, [])) or None for s in statuses],
        marker={
            "color": [colour(s) for s in statuses],
            "pattern": pattern(UNVERIFIED_HATCH),
            "line": unverified_outline(),
        },
        text=[
            _fitting(f"{UNVERIFIED}: {len(by_status[s])}", band)
            or _fitting(len(by_status[s]), band)
            if s in by_status
            else ""
            for s in statuses
        ],
        textposition="outside",
        customdata=[_listed(by_status.get(s, []), problems) for s in statuses],
        hovertemplate=(
            "<b>%{x}</b>: %{y} UNVERIFIED records, drawn though they fail their own checks"
            "<br>%{customdata}<extra></extra>"
        ),
        showlegend=True,
    )
    fig.update_layout(barmode="stack", legend={"title": {"text": "Records"}})


def _listed(ids: list[str], problems: dict[str, str]) -> str:
    """Each unverified record's id and problem, a line each, for a hover box."""
    return "<br>".join(f"{safe(i)}: {unverified_note(problems.get(i, ''))}" for i in ids)


def status_by(view: View, column: str) -> go.Figure:
    """Stacked bars: for each programme (or agency), its records by status."""
    noun = "programme" if column == "programmes" else "agency"
    title = as_at_title(f"Status by {noun}", view.as_at)
    if view.records.empty:
        return empty_figure(title, no_records_reason(view.as_at))
    records = view.records
    table = status_by_table(records, column)
    problems = unverified_problems(view)
    marked = records["id"].isin(list(problems)).to_numpy() if problems else None
    if marked is not None:
        shown = status_by_table(records[~marked], column) if (~marked).any() else table.iloc[:0]
        shown = shown.reindex(index=table.index, columns=table.columns, fill_value=0)
    else:
        shown = table
    fig = new_figure(title)
    names = [axis_label(name, _NAME_WIDTH) for name in table.index]
    for status in table.columns:
        counts = shown[status]
        # with unverified records drawn, a status all of whose records are unverified has
        # only its unverified segment (no empty legend entry)
        if marked is None or counts.any():
            fig.add_bar(
                name=label(status),
                orientation="h",
                y=names,
                x=[int(v) for v in counts],
                marker={
                    "color": colour(status),
                    "pattern": pattern(_hatch(status)),
                },
                hovertemplate=f"<b>%{{y}}</b><br>{label(status)}: %{{x}}<extra></extra>",
            )
        if marked is not None:
            _unverified_segment(fig, records[marked], column, status, table.index, problems)
    lines = max(name.count("<br>") + 1 for name in names)
    fig.update_layout(
        barmode="stack",
        height=max(320, 120 + max(_ROW_HEIGHT, lines * _LINE + 8) * len(names)),
        legend={"title": {"text": "Status"}, "traceorder": "normal"},
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(title_text="Records", dtick=count_tick(int(table.sum(axis=1).max())))
    return legible(fig)


def _unverified_segment(
    fig: go.Figure,
    records: pd.DataFrame,
    column: str,
    status: str,
    order: pd.Index,
    problems: dict[str, str],
) -> None:
    """Beside ``status``'s segment of each row, its unverified records: hatched with crosses,
    outlined, named "Unverified", the hover listing each with its problem."""
    empty = NO_PROGRAMME if column == "programmes" else NO_AGENCY
    ids: dict[str, list[str]] = {}
    for record_id, values, record_status in zip(
        records["id"].tolist(), records[column].tolist(), records["status"].tolist(), strict=True
    ):
        if record_status == status:
            for name in list(values) if len(values) else [empty]:
                ids.setdefault(name, []).append(record_id)
    if not ids:
        return
    fig.add_bar(
        name=f"{UNVERIFIED}: {label(status)}",
        legendgroup=UNVERIFIED,
        orientation="h",
        y=[axis_label(name, _NAME_WIDTH) for name in order],
        x=[len(ids.get(name, [])) or None for name in order],
        marker={
            "color": colour(status),
            "pattern": pattern(UNVERIFIED_HATCH),
            "line": unverified_outline(),
        },
        customdata=[_listed(ids.get(name, []), problems) for name in order],
        hovertemplate=(
            f"<b>%{{y}}</b><br>{label(status)}: %{{x}} UNVERIFIED records, drawn though they "
            "fail their own checks<br>%{customdata}<extra></extra>"
        ),
    )


def status_by_table(records: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts of records by name (rows, largest first) and status (columns, vocabulary order).

    A record under two programmes counts once under each; one under none counts under
    "No programme" ("No agency").
    """
    empty = NO_PROGRAMME if column == "programmes" else NO_AGENCY
    names, statuses = [], []
    # over Python lists: iterating an Arrow-backed column makes an object of each value
    for values, status in zip(records[column].tolist(), records["status"].tolist(), strict=True):
        if len(values):
            names += values
            statuses += [status] * len(values)
        else:
            names.append(empty)
            statuses.append(status)
    pairs = pd.DataFrame({"name": pd.Series(names, dtype=object), "status": statuses})
    # what pd.crosstab counts, without its pivot table's aggregation a group at a time
    table = pairs.groupby(["name", "status"]).size().unstack(fill_value=0)
    order = [s for s in STATUS_ORDER if s in table.columns]
    table = table[order + [s for s in table.columns if s not in order]]
    totals = table.sum(axis=1)
    keys = sorted(table.index, key=lambda name: (name == empty, -totals[name], name))
    return table.loc[keys]


def status_by_programme(view: View) -> go.Figure:
    return status_by(view, "programmes")


def status_by_agency(view: View) -> go.Figure:
    return status_by(view, "agencies")


def status_sources(view: View) -> list[Cited]:
    """Each record's own answer and the answer that gave its status on the as-at date (not a
    later restatement of it)."""
    records = view.records
    events = view.events
    statused = events[~is_in(events["status"], [RESTATED])]  # a restatement gives no status
    latest = statused.groupby("record_id").tail(1)  # the events are in date order
    return cited(records["answer_date"], records["citation"]) + cited(
        latest["date"], latest["citation"]
    )
