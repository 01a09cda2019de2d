"""Chart builders: a frame in, a plotly figure out, in the house style, never changing the input.

Builders take the records to draw (usually already filtered and rolled back to the as-at date by
``commitments.tables.build.as_at``; they roll back again themselves, which changes nothing when
that is done), the full table of status events, the as-at date (None: today) and, for the figures
chart, a metric id. Every figure carries the house template (``commitments.presenting.theme``);
every status is drawn in its colour from ``commitments.record.status``. When nothing can be drawn,
the figure says why.

``CHARTS`` names each chart for the command line and the exports; ``citations_drawn`` gives the
Hansard citations behind the points a chart draws, for its "Source:" footnote.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.theme import GRID, INK, MUTED, OVERDUE, PALETTE, new_figure
from commitments.record.status import STATUS_ORDER, CommitmentStatus, colour, label
from commitments.record.values import format_values
from commitments.tables.as_at import (
    events_until,
    first_of_each,
    is_in,
    positions_in,
    records_as_at,
    sort_order,
)

CLOSING_STATUSES = ("delivered", "partly_delivered", "dropped")
"""Statuses that end a commitment's span on the timeline."""

NO_PROGRAMME = "No programme"
NO_AGENCY = "No agency"

BASIS_LABELS = {
    "cumulative": "Running total since a date",
    "within_period": "Count within a period",
    "point_in_time": "Level on a date",
}
BASIS_COLOURS = {
    "cumulative": PALETTE[1],  # blue
    "within_period": PALETTE[4],  # orange
    "point_in_time": PALETTE[2],  # bluish green
}
BASES_NOT_JOINED = "Different counting bases: drawn apart, never joined into one line"
CONFLICT_NAME = "Conflicting figures for the same period"

SPAN_CLOSED = "Announced to delivered"
SPAN_OPEN = "Open (to the as-at date)"
SPAN_OVERDUE = "Open past due date"
DUE = "Due date"
DUE_PASSED = "Due date, passed"

FIGURE_ONLY_STATUSES = frozenset(STATUS_ORDER) - {s.value for s in CommitmentStatus}
"""Figure statuses share colours with commitment statuses; their bars are hatched as well."""
FIGURE_HATCH = "/"

_ROW_HEIGHT = 30
_TIMELINE_ROW_HEIGHT = 40  # two lines of label
TIMELINE_PAGE_SIZE = 25
"""Records one timeline draws: a page of 1,150 px, readable on a screen and on a briefing page.
Drawn whole, ten thousand records made a chart 400,000 px tall that no browser could export."""
_TITLE_LIMIT = 46
_LABEL_WIDTH = 26  # characters a line of a row label
_GROUP_WIDTH = 18
_EXCERPT_LIMIT = 220


# --- Small helpers -----------------------------------------------------------------------------


def _safe(text: object) -> str:
    """Record text as plotly text: shown as written, never read as markup."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=False)


def excerpt(text: object, limit: int = _EXCERPT_LIMIT, width: int = 64) -> str:
    """A quote shortened at a word to ``limit`` characters, escaped, wrapped for a hover box."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    words = " ".join(str(text).split())
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0] + " …"
    return "<br>".join(_safe(line) for line in textwrap.wrap(words, width))


def axis_label(text: str, width: int) -> str:
    """A category label on at most two lines, escaped."""
    lines = textwrap.wrap(str(text), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], short_title(" ".join(lines[1:]), width)]
    return "<br>".join(_safe(line) for line in lines)


def short_title(title: str, limit: int = _TITLE_LIMIT) -> str:
    words = " ".join(str(title).split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"


def _hatch(status: str) -> str:
    return FIGURE_HATCH if status in FIGURE_ONLY_STATUSES else ""


def _pattern(shape: str | list[str]) -> dict:
    """White hatching over the status colour (``overlay`` keeps the colour as the background)."""
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "white", "solidity": 0.3}


def _horizon(as_at: dt.date | None) -> pd.Timestamp:
    return pd.Timestamp(as_at or dt.date.today())


def date_range(values: list[object]) -> list[pd.Timestamp] | None:
    """An x range holding every date, padded so that a lone date does not fill the axis."""
    dates = [pd.Timestamp(v) for v in values if v is not None and not pd.isna(v)]
    if not dates:
        return None
    low, high = min(dates), max(dates)
    pad = max((high - low) * 0.04, pd.Timedelta(days=45))
    return [low - pad, high + pad]


def span_end(events: pd.DataFrame, as_at: dt.date | None) -> pd.Timestamp:
    """Where open commitments' spans end: the as-at date, or else the latest answer known.

    With no as-at date the records stand as the latest answers leave them, so an open span runs
    to the date of the latest answer in the data (not to today, decades later).
    """
    if as_at is not None:
        return pd.Timestamp(as_at)
    latest = events["date"].max() if len(events) else pd.NaT
    return latest if pd.notna(latest) else _horizon(None)


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %b %Y}"


def _shown(records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    """The records as known on ``as_at`` (today when None)."""
    return records_as_at(records, events, as_at or dt.date.today())


def _known(records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None):
    """The records and their events as known on ``as_at`` (today when None), the events by date."""
    shown = _shown(records, events, as_at)
    return shown, events_until(events, shown, _horizon(as_at))


def empty_figure(title: str, reason: str) -> go.Figure:
    """A figure that says why nothing is drawn."""
    fig = new_figure(title)
    fig.add_annotation(
        name="empty",
        text=_safe(reason),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 16, "color": MUTED},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(height=320)
    return fig


def _no_records_reason(as_at: dt.date | None) -> str:
    if as_at:
        return f"No records match these filters as at {_day(as_at)}."
    return "No records match these filters."


# --- Status counts -----------------------------------------------------------------------------


def status_counts(
    records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None = None, metric=None
) -> go.Figure:
    """How many records stand at each status, one bar a status in its colour."""
    title = "Records by status" + (f", as at {_day(as_at)}" if as_at else "")
    shown = _shown(records, events, as_at)
    if shown.empty:
        return empty_figure(title, _no_records_reason(as_at))
    counts = shown["status"].value_counts()
    statuses = [s for s in STATUS_ORDER if s in counts] + sorted(
        s for s in counts.index if s not in STATUS_ORDER
    )
    kinds = shown.groupby(["status", "kind"]).size()
    detail = [
        ", ".join(f"{kinds.get((s, k), 0)} {k}s" for k in ("commitment", "figure"))
        for s in statuses
    ]
    fig = new_figure(title)
    fig.add_bar(
        name="Records",
        x=[label(s) for s in statuses],
        y=[int(counts[s]) for s in statuses],
        marker={
            "color": [colour(s) for s in statuses],
            "pattern": _pattern([_hatch(s) for s in statuses]),
        },
        text=[int(counts[s]) for s in statuses],
        textposition="outside",
        customdata=detail,
        hovertemplate="<b>%{x}</b>: %{y} records<br>%{customdata}<extra></extra>",
        showlegend=False,
    )
    fig.update_yaxes(title_text="Records", rangemode="tozero", dtick=_count_tick(counts.max()))
    fig.update_xaxes(title_text="Status")
    fig.update_layout(height=420)
    return fig


def _count_tick(largest: int) -> int | None:
    return 1 if largest <= 10 else None


# --- Status by programme or agency -------------------------------------------------------------


def status_by(
    records: pd.DataFrame,
    events: pd.DataFrame,
    as_at: dt.date | None,
    column: str,
) -> go.Figure:
    """Stacked bars: for each programme (or agency), its records by status."""
    noun = "programme" if column == "programmes" else "agency"
    title = f"Status by {noun}" + (f", as at {_day(as_at)}" if as_at else "")
    shown = _shown(records, events, as_at)
    if shown.empty:
        return empty_figure(title, _no_records_reason(as_at))
    table = status_by_table(shown, column)
    fig = new_figure(title)
    names = [_safe(name) for name in table.index]
    for status in table.columns:
        counts = table[status]
        fig.add_bar(
            name=label(status),
            orientation="h",
            y=names,
            x=[int(v) for v in counts],
            marker={
                "color": colour(status),
                "pattern": _pattern(_hatch(status)),
            },
            hovertemplate=f"<b>%{{y}}</b><br>{label(status)}: %{{x}}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=max(320, 120 + _ROW_HEIGHT * len(names)),
        legend={"title": {"text": "Status"}, "traceorder": "normal"},
    )
    fig.update_yaxes(autorange="reversed", title_text=None)
    fig.update_xaxes(title_text="Records", dtick=_count_tick(int(table.sum(axis=1).max())))
    return fig


def status_by_table(records: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts of records by name (rows, largest first) and status (columns, vocabulary order).

    A record under two programmes counts once under each; one under none counts under
    "No programme" ("No agency").
    """
    empty = NO_PROGRAMME if column == "programmes" else NO_AGENCY
    names, statuses = [], []
    # over Python lists: iterating an Arrow-backed column makes an object a value, 15x slower
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


def status_by_programme(records, events, as_at=None, metric=None) -> go.Figure:
    return status_by(records, events, as_at, "programmes")


def status_by_agency(records, events, as_at=None, metric=None) -> go.Figure:
    return status_by(records, events, as_at, "agencies")


# --- Timeline ----------------------------------------------------------------------------------


TIMELINE_COLUMNS = [
    "id", "kind", "title", "status", "group", "start", "end", "open", "overdue", "due_words",
    "due_end", "quote", "citation",
]  # fmt: skip


_SPAN_EVENT_COLUMNS = ["record_id", "seq", "date", "effective", "status"]


def timeline_rows(
    records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None = None
) -> pd.DataFrame:
    """One row a record drawn on the timeline, in drawing order (programme, then first date).

    Commitments get a span: ``start`` is the first announcement, ``end`` the delivery (or the
    drop) when the histories show one by the as-at date, else the as-at date itself (``open``;
    with no as-at date, the latest answer's date: see ``span_end``). ``overdue``: still open
    after its due date, or stalled.
    """
    return _labelled(_span_frame(records, events, as_at))


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The spans with their row labels, in drawing order."""
    if frame.empty:
        return frame
    frame["row"] = _row_labels(frame)
    return _in_drawing_order(frame)


def overdue_rows(
    records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None = None
) -> pd.DataFrame:
    """The rows of ``timeline_rows`` marked ``overdue``, in its order, without the row labels."""
    frame = _span_frame(records, events, as_at)
    return _in_drawing_order(frame[frame["overdue"].astype(bool)])


def _in_drawing_order(frame: pd.DataFrame) -> pd.DataFrame:
    """By programme (records under none last), then first date, then title."""
    frame = frame.assign(_last=frame["group"] == NO_PROGRAMME)
    frame = frame.sort_values(["_last", "group", "start", "title"]).drop(columns="_last")
    return frame.reset_index(drop=True)


def overdue_count(records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None = None) -> int:
    """How many of the records are commitments still open past their due date (or stalled), as
    ``timeline_rows`` marks them ``overdue``."""
    spans = _span_frame(records, events, as_at)
    return int(spans["overdue"].sum()) if len(spans) else 0


def _span_frame(records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None) -> pd.DataFrame:
    dated = events[_SPAN_EVENT_COLUMNS]  # not the quotes and names a span does not need
    return _spans_of(*_known(records, dated, as_at), span_end(events, as_at))


def _spans_of(shown: pd.DataFrame, drawn: pd.DataFrame, horizon: pd.Timestamp) -> pd.DataFrame:
    """``timeline_rows`` before its labels and order: whole columns at once, every record's
    first event and first closing event found in one pass over the events (``drawn`` is in date
    order)."""
    if shown.empty:
        return pd.DataFrame([], columns=TIMELINE_COLUMNS)
    ids = shown["id"]
    firsts = drawn.iloc[first_of_each(drawn["record_id"])]
    first_at = positions_in(ids, firsts["record_id"])
    start = _taken(firsts["date"], first_at, ids.index).fillna(shown["first_date"])
    closings = drawn[is_in(drawn["status"], CLOSING_STATUSES)]
    closings = closings.iloc[first_of_each(closings["record_id"])]
    closing_at = positions_in(ids, closings["record_id"])
    closed = closing_at >= 0
    end = _taken(closings["effective"], closing_at, ids.index)
    end = end.fillna(_taken(closings["date"], closing_at, ids.index))
    is_commitment = (shown["kind"] == "commitment").to_numpy()
    end = end.where(~(start > end), start)  # never before the start
    still_open = is_commitment & ~closed
    end = end.where(~still_open, horizon).where(is_commitment)
    due_end = shown["due_end"].where(is_commitment)
    late = (due_end.notna() & (due_end < horizon)) | (shown["status"] == "stalled")
    programmes = shown["programmes"]
    return pd.DataFrame(
        {
            "id": ids,
            "kind": shown["kind"],
            "title": shown["title"],
            "status": shown["status"],
            "group": [names[0] if len(names) else NO_PROGRAMME for names in programmes],
            "start": start,
            "end": end,
            "open": still_open,
            "overdue": still_open & late.to_numpy(),
            "due_words": shown["due_words"].where(is_commitment, None),
            "due_end": due_end,
            "quote": shown["quote"],
            "citation": shown["citation"],
        },
        index=shown.index,
    ).reset_index(drop=True)


def _taken(values: pd.Series, positions: np.ndarray, index: pd.Index) -> pd.Series:
    """``values`` at ``positions`` (missing at -1), on ``index``."""
    if not len(values):
        return pd.Series(pd.NaT, index=index, dtype=values.dtype)
    return values.iloc[np.maximum(positions, 0)].set_axis(index).where(positions >= 0)


def _row_labels(frame: pd.DataFrame) -> list[str]:
    """Each record's short title; a repeated one within a programme is numbered."""
    labels, seen = [], {}
    for group, title in zip(frame["group"], frame["title"], strict=True):
        text = short_title(title)
        count = seen[(group, text)] = seen.get((group, text), 0) + 1
        if count > 1:
            text = f"{short_title(title, _TITLE_LIMIT - 4)} ({count})"
        labels.append(text)
    return labels


@dataclass(frozen=True)
class TimelinePage:
    """The records one page of the timeline draws: the most recently changed first."""

    records: pd.DataFrame
    """This page's records as known on the as-at date, in the order they were given."""
    number: int
    pages: int
    first: int
    """The place of the page's first record among all of them, from 1 (0 when there are none)."""
    total: int

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


def timeline_page(
    records: pd.DataFrame,
    events: pd.DataFrame,
    as_at: dt.date | None = None,
    number: int = 1,
    size: int = TIMELINE_PAGE_SIZE,
) -> TimelinePage:
    """Page ``number`` (from 1; a number past the last gives the last page) of the records, the
    most recently changed first: by the date of the status they had on the as-at date, newest
    first, then by id."""
    shown = _shown(records, events, as_at)
    pages = max(1, -(-len(shown) // size))
    number = min(max(1, int(number)), pages)
    order = sort_order(shown, [("status_date", "descending"), ("id", "ascending")])
    start = (number - 1) * size
    # the page's records in the order given, as a timeline of them all would take them
    chosen = shown.iloc[np.sort(order[start : start + size])].reset_index(drop=True)
    return TimelinePage(
        records=chosen,
        number=number,
        pages=pages,
        first=start + 1 if len(chosen) else 0,
        total=len(shown),
    )


def timeline(
    records: pd.DataFrame,
    events: pd.DataFrame,
    as_at: dt.date | None = None,
    metric=None,
    *,
    page: int = 1,
) -> go.Figure:
    """Every status event at its date, coloured by status, one row a record, grouped by programme.

    Commitments are drawn as spans from the first announcement to delivery, or to the as-at date
    while open; the due date is marked, and open commitments past it are drawn in the overdue
    colour with their due mark. Hovering shows the title, the quote and the citation.

    At most ``TIMELINE_PAGE_SIZE`` records are drawn: page ``page`` of ``timeline_page``, the
    most recently changed first. The title then says which records of how many are drawn.
    """
    title = "Status over time" + (f", as at {_day(as_at)}" if as_at else "")
    chosen = timeline_page(records, events, as_at, page)
    if chosen.describe():
        title += f": {chosen.describe()}"
    shown, drawn = _known(chosen.records, events, as_at)
    rows = _labelled(_spans_of(shown, drawn, span_end(events, as_at)))
    if rows.empty:
        return empty_figure(title, _no_records_reason(as_at))
    position = dict(zip(rows["id"], zip(*_y(rows), strict=True), strict=True))
    fig = new_figure(title)
    _anchor_rows(fig, rows)
    _spans(fig, rows)
    _due_marks(fig, rows)
    _event_marks(fig, rows, drawn, position)
    _as_at_line(fig, span_end(events, as_at), as_at)
    fig.update_layout(
        height=max(360, 150 + _TIMELINE_ROW_HEIGHT * len(rows)),
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
    dates = [*rows["start"], *rows["end"], *rows["due_end"], *drawn["date"]]
    fig.update_xaxes(
        type="date", title_text="Date of the answer", showgrid=True, range=date_range(dates)
    )
    return fig


def _y(rows: pd.DataFrame) -> list[list[str]]:
    """The rows' places on the (programme, record) axis."""
    return [
        [axis_label(g, _GROUP_WIDTH) for g in rows["group"]],
        [axis_label(r, _LABEL_WIDTH) for r in rows["row"]],
    ]


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
    )
    for kind, name, line_colour, opacity in kinds:
        spans = rows[rows["kind"] == "commitment"]
        if kind == "closed":
            spans = spans[~spans["open"]]
        elif kind == "open":
            spans = spans[spans["open"] & ~spans["overdue"]]
        else:
            spans = spans[spans["overdue"]]
        first = True
        for span in spans.itertuples(index=False):
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
                line={"color": line_colour, "width": 7 if kind == "overdue" else 5},
                opacity=opacity,
                hoverinfo="skip",
            )
            first = False


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
                [_safe(t), _safe(w), "Overdue: still open past its due date" if o else "Due"]
                for t, w, o in zip(
                    marks["title"], marks["due_words"], marks["overdue"], strict=True
                )
            ],
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[2]}: “%{customdata[1]}”, "
                "by %{x|%d %b %Y}<extra></extra>"
            ),
        )


def _event_marks(
    fig: go.Figure, rows: pd.DataFrame, drawn: pd.DataFrame, position: dict[str, list[str]]
) -> None:
    quotes = dict(zip(rows["id"], rows["quote"], strict=True))
    present = set(drawn["status"])
    for status in [s for s in STATUS_ORDER if s in present] + sorted(present - set(STATUS_ORDER)):
        marks = drawn[drawn["status"] == status]
        fig.add_scatter(
            name=label(status),
            legendgroup=f"status-{status}",
            x=list(marks["date"]),
            y=[
                [position[r][0] for r in marks["record_id"]],
                [position[r][1] for r in marks["record_id"]],
            ],
            mode="markers",
            marker={
                "color": colour(status),
                "size": 13,
                "symbol": ["circle" if k == "commitment" else "diamond" for k in marks["kind"]],
                "line": {"width": 1, "color": "white"},
            },
            customdata=[
                [
                    _safe(title),
                    excerpt(quote if isinstance(quote, str) and quote else quotes[rid]),
                    _safe(citation),
                    label(status),
                    rid,
                ]
                for rid, title, quote, citation in zip(
                    marks["record_id"],
                    marks["title"],
                    marks["quote"],
                    marks["citation"],
                    strict=True,
                )
            ],
            hovertemplate=(
                "<b>%{customdata[0]}</b><br>%{customdata[3]} · %{x|%d %b %Y}<br>"
                "“%{customdata[1]}”<br><i>%{customdata[2]}</i><extra></extra>"
            ),
        )


def _as_at_line(fig: go.Figure, when: pd.Timestamp, as_at: dt.date | None) -> None:
    """A dotted line where open spans end: the as-at date, or the latest answer."""
    text = f"As at {_day(as_at)}" if as_at else f"Latest answer: {_day(when)}"
    fig.add_shape(
        name="as-at",
        type="line",
        xref="x",
        yref="paper",
        x0=when,
        x1=when,
        y0=0,
        y1=1,
        line={"color": INK, "width": 1.5, "dash": "dot"},
    )
    fig.add_annotation(
        name="as-at",
        x=when,
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        text=text,
        showarrow=False,
        font={"color": INK},
    )


# --- A metric's figures over time --------------------------------------------------------------


def metric_points(
    records: pd.DataFrame, events: pd.DataFrame, as_at: dt.date | None, metric: str | None
) -> pd.DataFrame:
    """The figures of ``metric`` known on the as-at date, each with the period it covers.

    ``start``/``end`` are the period's dates (``end`` falls back to the answer's date); ``joined``
    names the line a point belongs to (points of one line share a counting basis, and running
    totals also their start date) or is empty for counts within a period, which are never joined;
    ``conflict`` marks a figure whose metric, basis and period another figure gives a different
    value for, or whose status is disputed or corrected.
    """
    shown, _ = _known(records, events, as_at)
    figures = shown[(shown["kind"] == "figure") & (shown["metric"] == metric)].copy()
    if figures.empty:
        return figures.assign(start=[], end=[], joined=[], conflict=[], shown_value=[])
    figures["end"] = figures["period_end"].fillna(figures["answer_date"])
    figures["start"] = figures["period_start"]
    figures["joined"] = [
        _line_key(basis, start)
        for basis, start in zip(figures["basis"], figures["start"], strict=True)
    ]
    figures["conflict"] = _conflicts(figures)
    figures["shown_value"] = format_values(figures)
    return figures.sort_values(["end", "id"]).reset_index(drop=True)


def _line_key(basis: str, start: object) -> str:
    if basis == "point_in_time":
        return "point_in_time"
    if basis == "cumulative":
        return f"cumulative since {_day(start) or 'an unknown date'}"
    return ""


def _conflicts(figures: pd.DataFrame) -> list[bool]:
    def key(*values: object) -> str:
        return "|".join("" if v is None or pd.isna(v) else str(v) for v in values)

    period = [
        key(b, s, e)
        for b, s, e in zip(figures["basis"], figures["start"], figures["end"], strict=True)
    ]
    value = [key(v, h) for v, h in zip(figures["value"], figures["value_high"], strict=True)]
    values_by_period: dict[str, set[str]] = {}
    for p, v in zip(period, value, strict=True):
        values_by_period.setdefault(p, set()).add(v)
    disputed = figures["status"].isin(["disputed", "corrected"])
    return [len(values_by_period[p]) > 1 or bool(d) for p, d in zip(period, disputed, strict=True)]


def metric_notes(points: pd.DataFrame) -> list[str]:
    """What a reader must know before comparing the points: said on the chart and under it."""
    notes = []
    bases = [b for b in BASIS_LABELS if b in set(points["basis"])]
    if len(bases) > 1:
        names = ", ".join(BASIS_LABELS[b].lower() for b in bases)
        notes.append(f"{BASES_NOT_JOINED} ({names}).")
    if (points["basis"] == "within_period").sum() > 1:
        notes.append("Counts within a period are not joined: their periods differ or may overlap.")
    if points["lower_bound"].fillna(False).astype(bool).any():
        notes.append("▲ marks a lower bound (“over 60”): the true figure is higher.")
    if points["value_high"].notna().any():
        notes.append("A vertical bar marks a range: the figure lies between its ends.")
    if points["conflict"].any():
        notes.append("A ring marks figures that conflict with another for the same period.")
    return notes


def metric_figures(
    records: pd.DataFrame,
    events: pd.DataFrame,
    as_at: dt.date | None = None,
    metric: str | None = None,
) -> go.Figure:
    """A metric's figures over time: each a span over the period it covers, at its value."""
    if not metric:
        return empty_figure("Figures over time", "Choose a metric to see its figures.")
    points = metric_points(records, events, as_at, metric)
    metric_label = _metric_label(records, metric)
    title = metric_label + (f", as at {_day(as_at)}" if as_at else "")
    if points.empty:
        reason = f"No figures for {metric_label} match these filters"
        reason += f" as at {_day(as_at)}." if as_at else "."
        return empty_figure(title, reason)
    fig = new_figure(title)
    for basis in [b for b in BASIS_LABELS if b in set(points["basis"])]:
        _basis_traces(fig, points[points["basis"] == basis], basis)
    _conflict_rings(fig, points)
    notes = metric_notes(points)
    bases_differ = points["basis"].nunique() > 1
    legend_title = "Counting basis" + ("<br>(not joined into one line)" if bases_differ else "")
    fig.update_layout(
        height=480,
        hovermode="closest",
        legend={"title": {"text": legend_title}, "traceorder": "normal"},
        meta={"notes": notes},
    )
    if bases_differ:
        fig.add_annotation(
            name="bases",
            text=_safe(BASES_NOT_JOINED),
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            xanchor="left",
            yanchor="bottom",
            showarrow=False,
            font={"color": INK},
        )
    unit = points["unit"].iloc[0]
    fig.update_yaxes(title_text=_unit_title(unit), rangemode="tozero")
    fig.update_xaxes(
        type="date",
        title_text="Period covered (the span) and its end (the mark)",
        range=date_range([*points["start"], *points["end"]]),
    )
    return fig


def _metric_label(records: pd.DataFrame, metric: str) -> str:
    labels = records.loc[records["metric"] == metric, "metric_label"].dropna()
    return _safe(labels.iloc[0] if len(labels) else metric)


def _unit_title(unit: object) -> str:
    return {
        "count": "Number",
        "GBP": "£",
        "percent": "Per cent",
        "years": "Years",
        "people_per_year": "People a year",
    }.get(str(unit), str(unit))


def _basis_traces(fig: go.Figure, points: pd.DataFrame, basis: str) -> None:
    name = BASIS_LABELS[basis]
    line_colour = BASIS_COLOURS[basis]
    spans_x: list[object] = []
    spans_y: list[object] = []
    for point in points.itertuples(index=False):
        if pd.notna(point.start) and point.start < point.end:
            spans_x += [point.start, point.end, None]
            spans_y += [point.value, point.value, None]
    if spans_x:
        fig.add_scatter(
            name=f"{name}: period covered",
            legendgroup=basis,
            showlegend=False,
            x=spans_x,
            y=spans_y,
            mode="lines",
            line={"color": line_colour, "width": 5},
            opacity=0.45,
            hoverinfo="skip",
        )
    for key, line in points.groupby("joined", sort=False):
        if key and len(line) > 1:
            fig.add_scatter(
                name=f"{name}: joined",
                legendgroup=basis,
                showlegend=False,
                x=list(line["end"]),
                y=list(line["value"]),
                mode="lines",
                line={"color": line_colour, "width": 1.5, "dash": "dot"},
                hoverinfo="skip",
            )
    ranges = points["value_high"].notna()
    fig.add_scatter(
        name=name,
        legendgroup=basis,
        x=list(points["end"]),
        y=list(points["value"]),
        mode="markers+text",
        text=[_safe(v) for v in points["shown_value"]],
        textposition=["middle right" if r else "top center" for r in ranges],
        textfont={"color": INK},
        cliponaxis=False,
        marker={
            "color": line_colour,
            "size": 13,
            "symbol": ["triangle-up" if lb else "circle" for lb in points["lower_bound"]],
            "line": {"width": 1, "color": "white"},
        },
        error_y={
            "type": "data",
            "symmetric": False,
            "array": [
                (h - v) if r else 0
                for v, h, r in zip(points["value"], points["value_high"], ranges, strict=True)
            ],
            "arrayminus": [0] * len(points),
            "color": line_colour,
            "thickness": 3,
            "width": 8,
            "visible": bool(ranges.any()),
        },
        customdata=[
            [_safe(t), _safe(v), _safe(w), excerpt(q), _safe(c), label(s)]
            for t, v, w, q, c, s in zip(
                points["title"],
                points["shown_value"],
                points["period_words"],
                points["quote"],
                points["citation"],
                points["status"],
                strict=True,
            )
        ],
        hovertemplate=(
            "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[0]}<br>"
            f"{_safe(name)} · %{{customdata[5]}}<br>“%{{customdata[3]}}”<br>"
            "<i>%{customdata[4]}</i><extra></extra>"
        ),
    )


def _conflict_rings(fig: go.Figure, points: pd.DataFrame) -> None:
    conflicting = points[points["conflict"]]
    if conflicting.empty:
        return
    fig.add_scatter(
        name=CONFLICT_NAME,
        x=list(conflicting["end"]),
        y=list(conflicting["value"]),
        mode="markers",
        marker={
            "symbol": "circle-open",
            "size": 26,
            "color": colour("disputed"),
            "line": {"width": 3, "color": colour("disputed")},
        },
        hoverinfo="skip",
    )


# --- Registry and sources ------------------------------------------------------------------------

Builder = Callable[..., go.Figure]
"""``(records, events, as_at, metric=None) -> go.Figure``"""


@dataclass(frozen=True)
class ChartSpec:
    name: str
    title: str
    builder: Builder
    needs_metric: bool = False


def _status_sources(records, events, as_at, metric=None) -> list[tuple[object, str]]:
    """Each record's own answer and the answer that gave its status on the as-at date."""
    shown, drawn = _known(records, events, as_at)
    latest = drawn.groupby("record_id").tail(1)
    return _pairs(shown["answer_date"], shown["citation"]) + _pairs(
        latest["date"], latest["citation"]
    )


def _timeline_sources(records, events, as_at, metric=None) -> list[tuple[object, str]]:
    """Those of the records the timeline draws (its first page, as ``build_chart`` draws it)."""
    shown, drawn = _known(timeline_page(records, events, as_at).records, events, as_at)
    return _pairs(shown["answer_date"], shown["citation"]) + _pairs(
        drawn["date"], drawn["citation"]
    )


def _metric_sources(records, events, as_at, metric=None) -> list[tuple[object, str]]:
    points = metric_points(records, events, as_at, metric)
    if points.empty:
        return []
    _, drawn = _known(points, events, as_at)
    return _pairs(points["answer_date"], points["citation"]) + _pairs(
        drawn["date"], drawn["citation"]
    )


def _pairs(dates: pd.Series, citations: pd.Series) -> list[tuple[object, str]]:
    return [(d, str(c)) for d, c in zip(dates, citations, strict=True) if isinstance(c, str) and c]


CHARTS: dict[str, ChartSpec] = {
    spec.name: spec
    for spec in (
        ChartSpec("status-counts", "Records by status", status_counts),
        ChartSpec("status-by-programme", "Status by programme", status_by_programme),
        ChartSpec("status-by-agency", "Status by agency", status_by_agency),
        ChartSpec("timeline", "Status over time", timeline),
        ChartSpec("metric", "Figures over time", metric_figures, needs_metric=True),
    )
}

_SOURCES = {
    "status-counts": _status_sources,
    "status-by-programme": _status_sources,
    "status-by-agency": _status_sources,
    "timeline": _timeline_sources,
    "metric": _metric_sources,
}


def citations_drawn(
    name: str,
    records: pd.DataFrame,
    events: pd.DataFrame,
    as_at: dt.date | None = None,
    metric: str | None = None,
) -> list[str]:
    """The citations behind the points chart ``name`` draws, oldest answer first, each once."""
    if name not in CHARTS:
        raise KeyError(f"no chart named {name!r}; charts: {', '.join(CHARTS)}")
    pairs = _SOURCES[name](records, events, as_at, metric)
    ordered = sorted(pairs, key=lambda pair: (pd.Timestamp(pair[0]), pair[1]))
    return list(dict.fromkeys(citation for _, citation in ordered))


def build_chart(
    name: str,
    records: pd.DataFrame,
    events: pd.DataFrame,
    as_at: dt.date | None = None,
    metric: str | None = None,
) -> go.Figure:
    """The chart ``name`` of ``CHARTS``."""
    if name not in CHARTS:
        raise KeyError(f"no chart named {name!r}; charts: {', '.join(CHARTS)}")
    return CHARTS[name].builder(records, events, as_at, metric=metric)
