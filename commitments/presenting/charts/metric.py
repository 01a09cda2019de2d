"""A metric's figures over time: each at its value, over the period it covers, by counting basis.

Figures of different counting bases are never joined into one line: a running total, a count
within a period and a level on a date cannot be compared point to point. Each value is printed
beside its point where there is room (``labels``: no label over another); where there is none the
value is in the point's hover, and the legend says so. A figure said again in a later answer is one
point, its hover listing the restatements; a corrected figure is drawn at its corrected value, its
hover saying when it was corrected and from what.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.charts.common import (
    TICK_SIZE,
    UNVERIFIED,
    UNVERIFIED_POINT,
    Cited,
    as_at_title,
    cited,
    date_range,
    day,
    empty_figure,
    excerpt,
    hover_title,
    legible,
    safe,
    unverified_note,
    unverified_problems,
    when,
    wrap_text,
)
from commitments.presenting.charts.labels import (
    GAP,
    Box,
    Label,
    Placed,
    annotation,
    headroom,
    label_size,
    legend_text_width,
    marker,
    place_labels,
    plot_area,
    segment,
    unplaced_note,
)
from commitments.presenting.theme import INK, PALETTE, new_figure
from commitments.record.status import RESTATED, colour, label
from commitments.record.values import format_corrections, format_values
from commitments.tables.view import View

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
UNVERIFIED_NOTE = (
    "A hollow circle with a cross marks an UNVERIFIED figure: it fails its own checks "
    "and is drawn only because unverified records were asked for."
)
NOT_PRINTED = "Value not printed on the chart: no room beside the point"
"""The hover line of a point whose value label was left off."""

_MARKER = 13  # px: a figure's marker
_UNVERIFIED_MARKER = 15
_RING = 26  # px: the ring about a conflicting figure
_BAR_HALF = 4 + 1.5  # px: half an error bar's cap, and half its thickness
_RETRIED = 15
_NOTE_WIDTH = 180.0  # px: the least width of the legend's note of values not printed
"""Points up to which labels are placed in more than one way, to print as many as can be."""


def metric_points(view: View, metric: str | None) -> pd.DataFrame:
    """The view's figures of ``metric``, each with the period it covers.

    ``start``/``end`` are the period's dates (``end`` falls back to the answer's date); ``joined``
    names the line a point belongs to (points of one line share a counting basis, and running
    totals also their start date) or is empty for counts within a period, which are never joined;
    ``conflict`` marks a figure whose metric, basis and period another figure gives a different
    value for, or whose status is disputed, or corrected with no corrected value held (a
    figure whose correction gives its value is drawn at it); ``value_text`` is the value in words;
    ``unverified`` is the problem of a figure that fails its own checks ("" for the others; such
    figures are drawn only when the view's filters include them).
    """
    records = view.records
    figures = records[(records["kind"] == "figure") & (records["metric"] == metric)].copy()
    if figures.empty:
        return figures.assign(
            start=[], end=[], joined=[], conflict=[], value_text=[], unverified=[]
        )
    figures["end"] = figures["period_end"].fillna(figures["answer_date"])
    figures["start"] = figures["period_start"]
    figures["joined"] = [
        _line_key(basis, start)
        for basis, start in zip(figures["basis"], figures["start"], strict=True)
    ]
    figures["conflict"] = _conflicts(figures)
    figures["value_text"] = format_values(figures)
    problems = unverified_problems(view)
    figures["unverified"] = [problems.get(i, "") for i in figures["id"]]
    return figures.sort_values(["end", "id"]).reset_index(drop=True)


def _line_key(basis: str, start: object) -> str:
    if basis == "point_in_time":
        return "point_in_time"
    if basis == "cumulative":
        return f"cumulative since {day(start) or 'an unknown date'}"
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
    corrected = figures["status"] == "corrected"
    if "corrected_from" in figures:  # a correction that gives its value is drawn at that value
        corrected &= figures["corrected_from"].isna()
    disputed = (figures["status"] == "disputed") | corrected
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
    if "unverified" in points and (points["unverified"] != "").any():
        notes.append(UNVERIFIED_NOTE)
    return notes


def metric_figures(view: View, metric: str | None = None) -> go.Figure:
    """A metric's figures over time: each a span over the period it covers, at its value, its
    value printed beside it where there is room."""
    if not metric:
        return empty_figure("Figures over time", "Choose a metric to see its figures.")
    as_at = view.as_at
    points = metric_points(view, metric)
    metric_label = _metric_label(view, metric)
    title = as_at_title(metric_label, as_at)
    if points.empty:
        # plain text: the message is escaped once, as it is wrapped
        reason = f"No figures for {html.unescape(metric_label)} match these filters"
        reason += f" as at {day(as_at)}." if as_at else "."
        return empty_figure(title, reason)
    fig = new_figure(title)
    later = _later_lines(view, points)
    for basis in [b for b in BASIS_LABELS if b in set(points["basis"])]:
        _basis_traces(fig, points[points["basis"] == basis], basis, later)
    _conflict_rings(fig, points)
    notes = metric_notes(points)
    bases_differ = points["basis"].nunique() > 1
    legend_title = "Counting basis" + ("<br>(not joined into one line)" if bases_differ else "")
    fig.update_layout(
        height=480,
        hovermode="closest",
        # a legend even for one kind of figure: it names the basis, and says what is not printed
        showlegend=True,
        legend={"title": {"text": legend_title}, "traceorder": "normal"},
        meta={"notes": notes},
    )
    if bases_differ:
        fig.add_annotation(
            name="bases",
            text=safe(BASES_NOT_JOINED),
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
    fig.update_yaxes(title_text=_unit_title(unit))
    fig.update_xaxes(
        type="date",
        title_text="Period covered (the span) and its end (the mark)",
        range=date_range([*points["start"], *points["end"]]),
    )
    legible(fig)
    _value_labels(fig, points)
    return fig


def _value_labels(fig: go.Figure, points: pd.DataFrame) -> None:
    """Each point's value printed beside it where it overlaps nothing (``labels``); the points
    left without one say so in their hover, and the legend says how many there are.

    The note in the legend makes the legend wider, and the plot narrower, than the labels were
    first placed for: they are placed again for the narrower plot, and the note counts what is
    left off then.
    """
    labels = _labels(points)
    legend = fig.layout.legend.title.text
    y_range, placed, left_off = _placement(fig, points, labels)
    if left_off:
        width = max(_NOTE_WIDTH, legend_text_width(fig))
        fig.update_layout(legend_title_text=_noted(legend, len(left_off), width))
        y_range, placed, left_off = _placement(fig, points, labels)
        fig.update_layout(
            legend_title_text=_noted(legend, len(left_off), width) if left_off else legend
        )
    fig.update_yaxes(range=y_range)
    # at once: plotly checks each annotation added on its own, which costs more than placing it
    fig.update_layout(annotations=[*fig.layout.annotations, *(annotation(one) for one in placed)])
    if not left_off:
        return
    missed = {lb.key for lb in left_off}
    for trace in fig.data:
        if trace.ids is None or trace.customdata is None:
            continue
        trace.customdata = [
            [*row[:-1], row[-1] + f"<br><i>{NOT_PRINTED}</i>"] if key in missed else list(row)
            for key, row in zip(trace.ids, trace.customdata, strict=True)
        ]
    fig.update_layout(meta={"notes": [*fig.layout.meta["notes"], unplaced_note(len(left_off))]})


def _noted(legend: str, count: int, width: float) -> str:
    """The legend's title with the note of the values not printed, no wider than ``width``."""
    return f"{legend}<br><i>{wrap_text(unplaced_note(count), width, TICK_SIZE)}</i>"


def _placement(
    fig: go.Figure, points: pd.DataFrame, labels: list[Label]
) -> tuple[list[float], list[Placed], list[Label]]:
    """The y range and the labels placed on it, and those left off.

    Labels are placed left to right, then right to left, with room above the highest point for
    one row of labels, then two or three: the first way that prints every value is kept, else
    the one that prints the most (the first of equals). A crowd of more than ``_RETRIED``
    points is placed once.
    """
    _, tallest = max((label_size(lb.text) for lb in labels), key=lambda size: size[1])
    values = [*points["value"].dropna(), *points["value_high"].dropna()]
    clearance = max(lb.top_clearance for lb in labels)
    # a first estimate of the plot's height sets the range; the range leaves the height as is
    fig.update_yaxes(range=[0, 1], autorange=False)
    height = plot_area(fig).height
    tries = [(rows, order) for rows in (1, 2, 3) for order in (labels, labels[::-1])]
    best = None
    for rows, order in tries if len(labels) <= _RETRIED else tries[:1]:
        room = rows * (tallest + GAP) + clearance + 2
        y_range = headroom(values, height, room, room)
        fig.update_yaxes(range=y_range)
        plot = plot_area(fig)
        obstacles, avoid = _obstacles(points, plot)
        placed, left_off = place_labels(order, plot, obstacles, avoid)
        if best is None or len(left_off) < len(best[2]):
            best = (y_range, placed, left_off)
        if not left_off:
            break
    return best


def _labels(points: pd.DataFrame) -> list[Label]:
    """A label for each point, left to right, the higher first of points on one date."""
    labels = []
    ordered = points.assign(_neg=-points["value"]).sort_values(["end", "_neg", "id"])
    for point in ordered.itertuples(index=False):
        ranged = pd.notna(point.value_high)
        unverified = bool(point.unverified)
        radius = (_UNVERIFIED_MARKER / 2 + 2) if unverified else (_MARKER / 2 + 1)
        if point.conflict:
            radius = _RING / 2 + 1.5
        text = safe(point.value_text) + (" (unverified)" if unverified else "")
        labels.append(
            Label(
                key=point.id,
                text=text,
                x=point.end,
                y=float(point.value),
                top=float(point.value_high) if ranged else float(point.value),
                radius=radius,
                top_clearance=3.0 if ranged else radius,
            )
        )
    return labels


def _obstacles(points: pd.DataFrame, plot) -> tuple[list[Box], list[Box]]:
    """What no label may cover (markers, rings, error bars) and what labels keep off where they
    can (the spans of the periods covered)."""
    hard: list[Box] = []
    soft: list[Box] = []
    for point in points.itertuples(index=False):
        size = _UNVERIFIED_MARKER / 2 + 2 if point.unverified else _MARKER / 2 + 1
        hard.append(marker(plot, point.end, point.value, size))
        if point.conflict:
            hard.append(marker(plot, point.end, point.value, _RING / 2 + 1.5))
        if pd.notna(point.value_high):
            hard.append(
                segment(plot, point.end, point.end, point.value, point.value_high, _BAR_HALF, 2)
            )
        if pd.notna(point.start) and point.start < point.end:
            soft.append(segment(plot, point.start, point.end, point.value, point.value, 3.0))
    return hard, soft


def _later_lines(view: View, points: pd.DataFrame) -> dict[str, str]:
    """For each figure that later answers changed or said again, its hover lines: "corrected on
    <date> from <value>", then its restatements."""
    lines = {
        rid: f"<br>{safe(text)}"
        for rid, text in zip(points["id"], format_corrections(points), strict=True)
        if text
    }
    for rid, text in _restatements(view, points).items():
        lines[rid] = lines.get(rid, "") + text
    return lines


def _restatements(view: View, points: pd.DataFrame) -> dict[str, str]:
    """For each figure said again in a later answer (by the view's date), its hover lines:
    "restated in Parliament, <date>, <citation>", one a restatement."""
    events = view.events
    again = events[(events["status"] == RESTATED) & events["record_id"].isin(list(points["id"]))]
    lines: dict[str, str] = {}
    for rid, date, citation in zip(
        again["record_id"], again["date"], again["citation"], strict=True
    ):
        lines[rid] = (
            lines.get(rid, "") + f"<br>restated in Parliament, {when(date)}, " + safe(citation)
        )
    return lines


def _metric_label(view: View, metric: str) -> str:
    """The metric's label in the registry (its id when the registry has none), escaped."""
    found = view.lookup.metrics.get(metric)
    return safe(found.label if found else metric)


def metric_sources(view: View, metric: str | None) -> list[Cited]:
    """The answers that gave the metric's figures drawn, and those of their status events."""
    points = metric_points(view, metric)
    if points.empty:
        return []
    events = view.events_of(points)
    return cited(points["answer_date"], points["citation"]) + cited(
        events["date"], events["citation"]
    )


def _unit_title(unit: object) -> str:
    return {
        "count": "Number",
        "GBP": "£",
        "percent": "Per cent",
        "years": "Years",
        "people_per_year": "People a year",
    }.get(str(unit), str(unit))


def _basis_traces(fig: go.Figure, points: pd.DataFrame, basis: str, later: dict[str, str]) -> None:
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
    marked = (points["unverified"] != "").to_numpy()
    if marked.any():
        _unverified_points(fig, points[marked], basis, later)
        points = points[~marked]
        if points.empty:
            return
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
        ids=list(points["id"]),
        x=list(points["end"]),
        y=list(points["value"]),
        mode="markers",
        text=[safe(v) for v in points["value_text"]],  # printed as labels (``_value_labels``)
        marker={
            "color": line_colour,
            "size": _MARKER,
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
            [*row, later.get(rid, "")]
            for row, rid in zip(_hover_rows(points), points["id"], strict=True)
        ],
        hovertemplate=(
            "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[0]}<br>"
            f"{safe(name)} · %{{customdata[5]}}<br>“%{{customdata[3]}}”<br>"
            "<i>%{customdata[4]}</i>%{customdata[6]}<extra></extra>"
        ),
    )


def _unverified_points(
    fig: go.Figure, points: pd.DataFrame, basis: str, later: dict[str, str]
) -> None:
    """A basis's unverified figures: hollow circles with a cross, never joined into its line,
    the hover saying UNVERIFIED and the problem first."""
    name = BASIS_LABELS[basis]
    line_colour = BASIS_COLOURS[basis]
    fig.add_scatter(
        name=f"{name}: {UNVERIFIED.upper()}",
        legendgroup=basis,
        ids=list(points["id"]),
        x=list(points["end"]),
        y=list(points["value"]),
        mode="markers",
        text=[f"{safe(v)} (unverified)" for v in points["value_text"]],
        marker={
            "color": line_colour,
            "size": _UNVERIFIED_MARKER,
            "symbol": UNVERIFIED_POINT,
            "line": {"width": 2, "color": line_colour},
        },
        customdata=[
            [*row, unverified_note(problem), later.get(rid, "")]
            for row, problem, rid in zip(
                _hover_rows(points), points["unverified"], points["id"], strict=True
            )
        ],
        hovertemplate=(
            "<b>%{customdata[6]}</b><br>"
            "<b>%{customdata[1]}</b> (%{customdata[2]})<br>%{customdata[0]}<br>"
            f"{safe(name)} · %{{customdata[5]}}<br>“%{{customdata[3]}}”<br>"
            "<i>%{customdata[4]}</i>%{customdata[7]}<extra></extra>"
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
            "size": _RING,
            "color": colour("disputed"),
            "line": {"width": 3, "color": colour("disputed")},
        },
        hoverinfo="skip",
    )


def _hover_rows(points: pd.DataFrame) -> list[list[str]]:
    """Each point's hover: title, value, period, quote, citation, status."""
    return [
        [hover_title(t), safe(v), safe(w), excerpt(q), safe(c), label(s)]
        for t, v, w, q, c, s in zip(
            points["title"],
            points["value_text"],
            points["period_words"],
            points["quote"],
            points["citation"],
            points["status"],
            strict=True,
        )
    ]
