"""The timeline: every status at the date it took effect, one row a record, commitments as spans.

A status is drawn where it took effect when an answer says when (a pilot "launched on 10 March",
said in November, is drawn delivered on 10 March), over the whole month or year when the answer
gives no more, and at the answer's date otherwise (``status_effective`` and ``status_precision``
of the tables). An answer that says a record again ("restated") is a mark of its own on the
record's row, never a change of status. A commitment someone other than the UK Government made
(``made_by``) is drawn in a style of its own and is never overdue.

A page of records at a time (``timeline_page``), the most recently changed first: a timeline of
thousands of records would be too tall to read or to export.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.charts.common import (
    LINE_SPACING,
    NO_PROGRAMME,
    TICK_SIZE,
    UNVERIFIED,
    UNVERIFIED_OUTLINE,
    UNVERIFIED_SYMBOL,
    Cited,
    as_at_title,
    axis_label,
    cited,
    date_range,
    day,
    empty_figure,
    excerpt,
    hover_title,
    legible,
    lines_of,
    no_records_reason,
    period_of,
    safe,
    unverified_note,
    unverified_problems,
    when,
)
from commitments.presenting.theme import GRID, INK, MUTED, OVERDUE, new_figure
from commitments.record.status import RESTATED, STATUS_ORDER, colour, label
from commitments.tables.as_at import first_of_each, is_in, positions_in, sort_order
from commitments.tables.view import View, horizon

CLOSING_STATUSES = ("delivered", "partly_delivered", "dropped")
"""Statuses that end a commitment's span on the timeline."""

SPAN_CLOSED = "Announced to delivered"
SPAN_OPEN = "Open (to the as-at date)"
SPAN_OVERDUE = "Open past due date"
SPAN_OTHERS = "Made by another, not the<br>UK Government (never overdue)"
"""The span of a commitment someone other than the UK Government made (``made_by``)."""
DUE = "Due date"
DUE_PASSED = "Due date, passed"
RESTATED_MARK = "Restated in Parliament"
"""The mark of an answer that said a record again: its status stands as it was."""
IMPRECISE = "Took effect in that month<br>or year (no day given)"
"""The bar under a status whose answer gives only the month or the year it took effect."""

TIMELINE_PAGE_SIZE = 25
"""Records one timeline draws: a page readable on a screen and on a briefing page. Drawn whole,
ten thousand records made a chart 400,000 px tall that no browser could export."""
_ROW_HEIGHT = 40  # the least height of a row: two lines of label
_LABEL_WIDTH = 32  # characters a line of a row label
_GROUP_WIDTH = 18  # characters a line of a programme's label
_ROW_PAD = 8  # px between the labels of two rows

TIMELINE_COLUMNS = [
    "id", "kind", "title", "status", "group", "start", "end", "open", "overdue", "due_words",
    "due_end", "quote", "citation", "made_by",
]  # fmt: skip
_SPAN_EVENT_COLUMNS = ["record_id", "seq", "date", "status", "status_effective"]


def span_end(view: View) -> pd.Timestamp:
    """Where open commitments' spans end: the as-at date, or else the latest answer in the data.

    With no as-at date the records stand as the latest answers leave them, so an open span runs
    to the date of the latest status event in the whole data (not to today, decades later), with
    or without the filters.
    """
    if view.as_at is not None:
        return pd.Timestamp(view.as_at)
    dates = view.tables.events["date"]
    latest = dates.max() if len(dates) else pd.NaT
    return latest if pd.notna(latest) else horizon(None)


# --- The rows ------------------------------------------------------------------------------------


def timeline_rows(view: View) -> pd.DataFrame:
    """One row a record of the view, in drawing order (programme, then first date).

    Commitments get a span: ``start`` is when the first status took effect (the first
    announcement), ``end`` when the delivery (or the drop) took effect when the record stands
    closed by the as-at date, else the as-at date itself (``open``; with no as-at date, the latest
    answer's date: see ``span_end``). ``overdue``: still open after its due date, or stalled, and
    made by the UK Government (a commitment ``made_by`` another is never overdue).
    """
    return _labelled(_span_frame(view), unverified_problems(view))


UNVERIFIED_PREFIX = "UNVERIFIED: "
"""Before the row label of an unverified record the timeline draws."""


def _labelled(frame: pd.DataFrame, problems: dict[str, str] | None = None) -> pd.DataFrame:
    """The spans with their row labels (an unverified record's prefixed), in drawing order."""
    if frame.empty:
        return frame
    frame["row"] = _row_labels(frame)
    if problems:
        frame["row"] = [
            UNVERIFIED_PREFIX + row if rid in problems else row
            for rid, row in zip(frame["id"], frame["row"], strict=True)
        ]
    return _in_drawing_order(frame)


def overdue_rows(view: View) -> pd.DataFrame:
    """The rows of ``timeline_rows`` marked ``overdue``, in its order, without the row labels."""
    frame = _span_frame(view)
    return _in_drawing_order(frame[frame["overdue"].astype(bool)])


def _in_drawing_order(frame: pd.DataFrame) -> pd.DataFrame:
    """By programme (records under none last), then first date, then title."""
    frame = frame.assign(_last=frame["group"] == NO_PROGRAMME)
    frame = frame.sort_values(["_last", "group", "start", "title"]).drop(columns="_last")
    return frame.reset_index(drop=True)


def overdue_count(view: View) -> int:
    """How many of the view's records are commitments of the UK Government still open past their
    due date (or stalled), as ``timeline_rows`` marks them ``overdue``."""
    spans = _span_frame(view)
    return int(spans["overdue"].sum()) if len(spans) else 0


def _span_frame(view: View) -> pd.DataFrame:
    events = view.events[_SPAN_EVENT_COLUMNS]  # not the quotes and names a span does not need
    return _spans_of(view.records, events, span_end(view))


def made_by_others(records: pd.DataFrame) -> np.ndarray:
    """Whether each record is a commitment someone other than the UK Government made."""
    if "made_by" not in records:
        return np.zeros(len(records), dtype=bool)
    return np.array([isinstance(m, str) and bool(m.strip()) for m in records["made_by"]], bool)


def _spans_of(records: pd.DataFrame, drawn: pd.DataFrame, end: pd.Timestamp) -> pd.DataFrame:
    """``timeline_rows`` before its labels and order: whole columns at once, every record's
    first status found in one pass over the events (``drawn``, the records' events in date
    order); a closed span ends when the record's status took effect, an open one at ``end``."""
    if records.empty:
        return pd.DataFrame([], columns=TIMELINE_COLUMNS)
    ids = records["id"]
    statused = drawn[~is_in(drawn["status"], [RESTATED])]  # a restatement changes nothing
    firsts = statused.iloc[first_of_each(statused["record_id"])]
    first_at = positions_in(ids, firsts["record_id"])
    start = _taken(firsts["status_effective"], first_at, ids.index)
    start = start.fillna(_taken(firsts["date"], first_at, ids.index)).fillna(records["first_date"])
    is_commitment = (records["kind"] == "commitment").to_numpy()
    closed = is_in(records["status"], CLOSING_STATUSES) & is_commitment
    finish = records["status_effective"].fillna(records["status_date"]).where(closed)
    finish = finish.where(~(start > finish), start)  # never before the start
    still_open = is_commitment & ~closed
    finish = finish.where(~still_open, end).where(is_commitment)
    due_end = records["due_end"].where(is_commitment)
    late = (due_end.notna() & (due_end < end)) | (records["status"] == "stalled")
    others = made_by_others(records)
    programmes = records["programmes"]
    return pd.DataFrame(
        {
            "id": ids,
            "kind": records["kind"],
            "title": records["title"],
            "status": records["status"],
            "group": [names[0] if len(names) else NO_PROGRAMME for names in programmes],
            "start": start,
            "end": finish,
            "open": still_open,
            "overdue": still_open & late.to_numpy() & ~others,
            "due_words": records["due_words"].where(is_commitment, None),
            "due_end": due_end,
            "quote": records["quote"],
            "citation": records["citation"],
            "made_by": [m if o else None for m, o in zip(_made_by(records), others, strict=True)],
        },
        index=records.index,
    ).reset_index(drop=True)


def _made_by(records: pd.DataFrame) -> list[object]:
    return records["made_by"].tolist() if "made_by" in records else [None] * len(records)


def _taken(values: pd.Series, positions: np.ndarray, index: pd.Index) -> pd.Series:
    """``values`` at ``positions`` (missing at -1), on ``index``."""
    if not len(values):
        return pd.Series(pd.NaT, index=index, dtype=values.dtype)
    return values.iloc[np.maximum(positions, 0)].set_axis(index).where(positions >= 0)


def _row_labels(frame: pd.DataFrame) -> list[str]:
    """Each record's whole title; a repeated one within a programme is numbered."""
    labels, seen = [], {}
    for group, title in zip(frame["group"], frame["title"], strict=True):
        text = " ".join(str(title).split())
        count = seen[(group, text)] = seen.get((group, text), 0) + 1
        labels.append(f"{text} ({count})" if count > 1 else text)
    return labels


# --- Pages ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelinePage:
    """The records one page of the timeline draws: the most recently changed first."""

    view: View
    """The view narrowed to this page's records, in the order the view gives them."""
    number: int
    pages: int
    first: int
    """The place of the page's first record among all of them, from 1 (0 when there are none)."""
    total: int

    @property
    def records(self) -> pd.DataFrame:
        return self.view.records

    @property
    def last(self) -> int:
        return self.first + len(self.records) - 1 if len(self.records) else 0

    def describe(self) -> str:
        """Which records the page holds, e.g. "records 26–50 of 1,200, most recently changed
        first"; "" when one page holds them all."""
        if self.pages <= 1:
            return ""
        return (
            f"records {self.first:,}–{self.last:,} of {self.total:,}, most recently changed first"
        )


def timeline_page(view: View, number: int = 1, size: int = TIMELINE_PAGE_SIZE) -> TimelinePage:
    """Page ``number`` (from 1; a number past the last gives the last page) of the view's records,
    the most recently changed first: by the date of the status they had on the as-at date, newest
    first, then by id."""
    records = view.records
    pages = max(1, -(-len(records) // size))
    number = min(max(1, int(number)), pages)
    order = sort_order(records, [("status_date", "descending"), ("id", "ascending")])
    start = (number - 1) * size
    # the page's records in the order given, as a timeline of them all would take them
    chosen = records.iloc[np.sort(order[start : start + size])].reset_index(drop=True)
    return TimelinePage(
        view=view.narrowed(chosen),
        number=number,
        pages=pages,
        first=start + 1 if len(chosen) else 0,
        total=len(records),
    )


def timeline_sources(view: View) -> list[Cited]:
    """The answers of the records the timeline draws (its first page, as ``build_chart`` draws
    it) and of their status events."""
    page = timeline_page(view).view
    return cited(page.records["answer_date"], page.records["citation"]) + cited(
        page.events["date"], page.events["citation"]
    )


# --- The chart -----------------------------------------------------------------------------------


def timeline(view: View, *, page: int = 1) -> go.Figure:
    """Every status at the date it took effect, coloured by status, one row a record, grouped by
    programme.

    Commitments are drawn as spans from the first announcement to delivery, or to the as-at date
    while open; the due date is marked, and open commitments past it are drawn in the overdue
    colour with their due mark. A commitment another made is drawn in its own style, never
    overdue. A status known only to the month or year is drawn over that month or year; a
    restatement is a hollow mark at its answer's date. Hovering shows the title, the quote and
    the citation.

    At most ``TIMELINE_PAGE_SIZE`` records are drawn: page ``page`` of ``timeline_page``, the
    most recently changed first. The title then says which records of how many are drawn.
    """
    as_at = view.as_at
    title = as_at_title("Status over time", as_at)
    chosen = timeline_page(view, page)
    if chosen.describe():
        title += f": {chosen.describe()}"
    drawn = chosen.view.events
    end = span_end(view)
    problems = unverified_problems(view)
    rows = _labelled(_spans_of(chosen.records, drawn, end), problems)
    if rows.empty:
        return empty_figure(title, no_records_reason(as_at))
    position = dict(zip(rows["id"], zip(*_y(rows), strict=True), strict=True))
    marks = _placed_events(drawn, rows)
    fig = new_figure(title)
    _anchor_rows(fig, rows)
    _spans(fig, rows)
    _due_marks(fig, rows)
    _event_marks(fig, rows, marks, position, problems)
    _restatement_marks(fig, rows, drawn, position, problems)
    _as_at_line(fig, end, as_at)
    fig.update_layout(
        height=max(360, math.ceil(150 + _row_height(rows) * len(rows))),
        hovermode="closest",
        legend={"title": {"text": "Statuses and spans"}, "traceorder": "normal"},
    )
    fig.update_yaxes(
        range=[len(rows) - 0.5, -0.5],  # first row at the top, no empty rows around
        autorange=False,
        showgrid=True,
        gridcolor=GRID,
        title_text=None,
    )
    dates = [*rows["start"], *rows["end"], *rows["due_end"], *drawn["date"], *marks["first_day"]]
    fig.update_xaxes(
        type="date",
        title_text="When each status took effect (else the date of the answer that gave it)",
        showgrid=True,
        range=date_range([*dates, *(marks["next_day"] - pd.Timedelta(days=1))]),
    )
    legible(fig)
    grown = (fig.layout.margin.t or 70) - 70  # a title of several lines
    fig.update_layout(height=fig.layout.height + grown)
    return fig


def _y(rows: pd.DataFrame) -> list[list[str]]:
    """The rows' places on the (programme, record) axis."""
    return [
        [axis_label(g, _GROUP_WIDTH) for g in rows["group"]],
        [axis_label(r, _LABEL_WIDTH) for r in rows["row"]],
    ]


def _row_height(rows: pd.DataFrame) -> float:
    """A row tall enough for the longest record label, and for each programme's label over its
    rows (plotly.js gives every row of the axis the same height)."""
    groups, records = _y(rows)
    line = TICK_SIZE * LINE_SPACING
    lines = max(len(lines_of(r)) for r in records)
    counts: dict[str, int] = {}
    for group in groups:
        counts[group] = counts.get(group, 0) + 1
    shared = max(len(lines_of(g)) / n for g, n in counts.items())
    return max(_ROW_HEIGHT, max(lines, shared) * line + _ROW_PAD)


def _anchor_rows(fig: go.Figure, rows: pd.DataFrame) -> None:
    """An invisible trace that fixes the rows' order (plotly orders categories as first met)."""
    fig.add_scatter(
        name="rows",
        x=list(rows["start"]),
        y=_y(rows),
        mode="markers",
        marker={"opacity": 0, "size": 1},
        hoverinfo="skip",
        showlegend=False,
    )


def _spans(fig: go.Figure, rows: pd.DataFrame) -> None:
    kinds = (
        ("closed", SPAN_CLOSED, MUTED, 0.35),
        ("open", SPAN_OPEN, MUTED, 0.6),
        ("overdue", SPAN_OVERDUE, OVERDUE, 0.9),
        ("others", SPAN_OTHERS, INK, 0.7),
    )
    commitments = rows[rows["kind"] == "commitment"]
    others = commitments["made_by"].notna()
    for kind, name, line_colour, opacity in kinds:
        if kind == "others":
            spans = commitments[others]
        else:
            spans = commitments[~others]
            if kind == "closed":
                spans = spans[~spans["open"]]
            elif kind == "open":
                spans = spans[spans["open"] & ~spans["overdue"]]
            else:
                spans = spans[spans["overdue"]]
        first = True
        for span in spans.itertuples(index=False):
            hover = {"hoverinfo": "skip"}
            if kind == "others":
                note = f"<b>{hover_title(span.title)}</b><br>{_others_note(span.made_by)}"
                hover = {"hovertext": [note, note], "hovertemplate": "%{hovertext}<extra></extra>"}
            fig.add_scatter(
                name=name,
                legendgroup=kind,
                showlegend=first,
                x=[span.start, span.end],
                y=[
                    [axis_label(span.group, _GROUP_WIDTH)] * 2,
                    [axis_label(span.row, _LABEL_WIDTH)] * 2,
                ],
                mode="lines",
                line={
                    "color": line_colour,
                    "width": 7 if kind == "overdue" else 5,
                    "dash": "dash" if kind == "others" else "solid",
                },
                opacity=opacity,
                **hover,
            )
            first = False


def _others_note(made_by: object) -> str:
    """The hover line of a commitment someone other than the UK Government made."""
    return f"made by {safe(made_by)}, not the UK Government"


def _due_marks(fig: go.Figure, rows: pd.DataFrame) -> None:
    due = rows[rows["due_end"].notna()]
    for overdue, name, mark_colour in (
        (False, DUE, INK),
        (True, DUE_PASSED, OVERDUE),
    ):
        marks = due[due["overdue"] == overdue]
        if marks.empty:
            continue
        fig.add_scatter(
            name=name,
            x=list(marks["due_end"]),
            y=_y(marks),
            mode="markers",
            marker={
                "symbol": "line-ns-open",
                "size": 20,
                "line": {"width": 3, "color": mark_colour},
                "color": mark_colour,
            },
            customdata=[
                [hover_title(t), safe(w), _due_note(o, m)]
                for t, w, o, m in zip(
                    marks["title"],
                    marks["due_words"],
                    marks["overdue"],
                    marks["made_by"],
                    strict=True,
                )
            ],
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[2]}: “%{customdata[1]}”, "
                "by %{x|%d %b %Y}<extra></extra>"
            ),
        )


def _due_note(overdue: bool, made_by: object) -> str:
    if overdue:
        return "Overdue: still open past its due date"
    if isinstance(made_by, str):
        return f"Due ({_others_note(made_by)}: never overdue)"
    return "Due"


# --- Where each status is drawn ------------------------------------------------------------------


def _placed_events(drawn: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The status events drawn (not the restatements), each with where it is drawn.

    An event that gives a status, or says more precisely when its status took effect, is drawn
    at ``status_effective`` to its ``status_precision``; one that says the same status again
    and no more is drawn at its answer's date, "said again". ``at`` is where its mark goes (the
    middle of a month or year), ``first_day`` and ``next_day`` bound the days it may stand for,
    ``said`` is its hover line.
    """
    events = drawn[~is_in(drawn["status"], [RESTATED])].reset_index(drop=True)
    if events.empty:
        return events.assign(at=[], precision=[], said=[], first_day=[], next_day=[])
    effective = events["status_effective"].fillna(events["date"])
    precision = events["status_precision"].fillna("day")
    by_record = events.assign(_effective=effective, _precision=precision).groupby(
        "record_id", sort=False
    )
    before = by_record[["status", "_effective", "_precision"]].shift()
    changes = (
        before["status"].isna()
        | (before["status"] != events["status"])
        | (before["_effective"] != effective)
        | (before["_precision"] != precision)
    ).to_numpy()
    made_by = dict(zip(rows["id"], rows["made_by"], strict=True))
    places, said = [], []
    for change, status, date, at, exact, rid in zip(
        changes, events["status"], events["date"], effective, precision, events["record_id"],
        strict=True,
    ):  # fmt: skip
        if not change:
            at, exact = date, "day"
        start, stop = period_of(at, exact)
        places.append((start + (stop - start) / 2 if exact != "day" else start, start, stop, exact))
        said.append(_said(label(status), change, date, at, exact, made_by.get(rid)))
    at, start, stop, exact = zip(*places, strict=True)
    return events.assign(
        at=list(at), precision=list(exact), said=said, first_day=start, next_day=stop
    )


def _said(
    name: str, change: bool, date: object, at: object, precision: str, made_by: object
) -> str:
    """An event's hover line: its status and when it took effect, and when it was said."""
    if not change:
        text = f"{name} (unchanged) · said again {when(date)}"
    elif precision == "day" and pd.Timestamp(at) == pd.Timestamp(date):
        text = f"{name} · {when(date)}"
    else:
        text = f"{name} · took effect {when(at, precision)} (said {when(date)})"
    return text + (f"<br>{_others_note(made_by)}" if isinstance(made_by, str) else "")


def _event_marks(
    fig: go.Figure,
    rows: pd.DataFrame,
    marks: pd.DataFrame,
    position: dict[str, list[str]],
    problems: dict[str, str] | None = None,
) -> None:
    quotes = dict(zip(rows["id"], rows["quote"], strict=True))
    _imprecise_bars(fig, marks, position)
    if problems:
        marked = marks["record_id"].isin(list(problems)).to_numpy()
        _unverified_marks(fig, marks[marked], quotes, position, problems)
        marks = marks[~marked]
    present = set(marks["status"])
    for status in [s for s in STATUS_ORDER if s in present] + sorted(present - set(STATUS_ORDER)):
        chosen = marks[marks["status"] == status]
        fig.add_scatter(
            name=label(status),
            legendgroup=f"status-{status}",
            x=list(chosen["at"]),
            y=_rows_of(chosen, position),
            mode="markers",
            marker={
                "color": colour(status),
                "size": 13,
                "symbol": ["circle" if k == "commitment" else "diamond" for k in chosen["kind"]],
                "line": {"width": 1, "color": "white"},
            },
            customdata=_hover_rows(chosen, quotes),
            hovertext=list(chosen["said"]),
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{hovertext}<br>"
                "“%{customdata[1]}”<br><i>%{customdata[2]}</i><extra></extra>"
            ),
        )


def _imprecise_bars(fig: go.Figure, marks: pd.DataFrame, position: dict[str, list[str]]) -> None:
    """Under each status known only to the month or the year, a bar over that month or year in
    the status's colour (the mark sits at its middle; its hover says "March 2003")."""
    imprecise = marks[marks["precision"] != "day"]
    if imprecise.empty:
        return
    first = position[imprecise["record_id"].iloc[0]]
    fig.add_scatter(  # the legend's entry for every such bar
        name=IMPRECISE,
        legendgroup="imprecise",
        x=[None],
        y=[[first[0]], [first[1]]],
        mode="lines",
        line={"color": MUTED, "width": 9},
        opacity=0.45,
        hoverinfo="skip",
    )
    for mark in imprecise.itertuples(index=False):
        row = position[mark.record_id]
        fig.add_scatter(
            name=f"{label(mark.status)}: {when(mark.at, mark.precision)}",
            legendgroup="imprecise",
            showlegend=False,
            x=[mark.first_day, mark.next_day],
            y=[[row[0]] * 2, [row[1]] * 2],
            mode="lines",
            line={"color": colour(mark.status), "width": 9},
            opacity=0.45,
            hoverinfo="skip",
        )


def _unverified_marks(
    fig: go.Figure,
    marks: pd.DataFrame,
    quotes: dict[str, object],
    position: dict[str, list[str]],
    problems: dict[str, str],
) -> None:
    """The status events of unverified records: crosses in their status's colour, outlined,
    one trace named "Unverified", the hover saying UNVERIFIED and the problem first."""
    if marks.empty:
        return
    fig.add_scatter(
        name=f"{UNVERIFIED} (fails its own checks)",
        legendgroup=UNVERIFIED,
        x=list(marks["at"]),
        y=_rows_of(marks, position),
        mode="markers",
        marker={
            "color": [colour(s) for s in marks["status"]],
            "size": 15,
            "symbol": UNVERIFIED_SYMBOL,
            "line": {"width": 1, "color": UNVERIFIED_OUTLINE},
        },
        customdata=[
            [*row, unverified_note(problems[row[4]])] for row in _hover_rows(marks, quotes)
        ],
        hovertext=list(marks["said"]),
        hovertemplate=(
            "<b>%{customdata[0]}</b><br><b>%{customdata[5]}</b><br>%{hovertext}<br>"
            "“%{customdata[1]}”<br><i>%{customdata[2]}</i><extra></extra>"
        ),
    )


def _restatement_marks(
    fig: go.Figure,
    rows: pd.DataFrame,
    drawn: pd.DataFrame,
    position: dict[str, list[str]],
    problems: dict[str, str] | None = None,
) -> None:
    """Each restatement: a hollow mark on its record's row at its answer's date, never a status
    (the status stands as it was); the hover says "restated in Parliament, <date>, <citation>"."""
    again = drawn[is_in(drawn["status"], [RESTATED])]
    if again.empty:
        return
    quotes = dict(zip(rows["id"], rows["quote"], strict=True))
    notes = problems or {}
    fig.add_scatter(
        name=RESTATED_MARK,
        legendgroup="restated",
        x=list(again["date"]),
        y=_rows_of(again, position),
        mode="markers",
        marker={
            "color": INK,
            "size": 11,
            "symbol": [
                "circle-open" if k == "commitment" else "diamond-open" for k in again["kind"]
            ],
            "line": {"width": 2},
        },
        customdata=_hover_rows(again, quotes),
        hovertext=[
            (f"<b>{unverified_note(notes[rid])}</b><br>" if rid in notes else "")
            + f"restated in Parliament, {when(date)}, {safe(citation)}"
            for rid, date, citation in zip(
                again["record_id"], again["date"], again["citation"], strict=True
            )
        ],
        hovertemplate=(
            "<b>%{customdata[0]}</b><br>%{hovertext}<br>“%{customdata[1]}”<extra></extra>"
        ),
    )


def _as_at_line(fig: go.Figure, when_: pd.Timestamp, as_at: dt.date | None) -> None:
    """A dotted line where open spans end: the as-at date, or the latest answer."""
    text = f"As at {day(as_at)}" if as_at else f"Latest answer: {day(when_)}"
    fig.add_shape(
        name="as-at",
        type="line",
        xref="x",
        yref="paper",
        x0=when_,
        x1=when_,
        y0=0,
        y1=1,
        line={"color": INK, "width": 1.5, "dash": "dot"},
    )
    fig.add_annotation(
        name="as-at",
        x=when_,
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        text=text,
        showarrow=False,
        font={"color": INK},
    )


def _hover_rows(marks: pd.DataFrame, quotes: dict[str, str]) -> list[list[str]]:
    """Each mark's hover: title, the event's quote (else the record's), citation, status, id."""
    return [
        [
            hover_title(title),
            excerpt(quote if isinstance(quote, str) and quote else quotes[rid]),
            safe(citation),
            label(status),
            rid,
        ]
        for rid, title, quote, citation, status in zip(
            marks["record_id"],
            marks["title"],
            marks["quote"],
            marks["citation"],
            marks["status"],
            strict=True,
        )
    ]


def _rows_of(marks: pd.DataFrame, position: dict) -> list[list]:
    """The two-level y of each mark: its record's row, as ``position`` places it."""
    ids = marks["record_id"]
    return [[position[r][0] for r in ids], [position[r][1] for r in ids]]
