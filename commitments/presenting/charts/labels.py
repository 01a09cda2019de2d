"""Value labels that never overlap: each label's box estimated in pixels from the figure's layout,
put beside its point or stacked clear of the others, or else left off (its value stays in the
point's hover and in the data, and the chart says so).

Where plotly.js puts the plot area depends on the page; what is known from the figure alone is an
area the plot is never smaller than (``plot_area``: the figure's width, else ``PLACEMENT_WIDTH``,
less generous margins for the axes and the legend). Every box is tied to anchors in the data (its
point, a range's top) and reaches a fixed number of pixels beyond them. Two boxes count as apart
only if they are apart at the estimated size *and* their anchors lie in the same order as the boxes
(``Box.apart``): a larger plot then only moves them further apart, so labels placed for the
smallest plot stay apart on every larger one, on any screen and in the exported file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.charts.common import (
    BASE_SIZE,
    LINE_SPACING,
    PLACEMENT_WIDTH,
    TICK_SIZE,
    text_height,
    text_width,
)
from commitments.presenting.theme import INK, MUTED

LABEL = "value-label"
"""The name of every value label's annotation."""
LABEL_SIZE = TICK_SIZE
GAP = 2.0
"""Pixels between a label and its point, or between two stacked labels."""
_PAD = 6.0  # a label's box beyond its text: plotly's border pad and border, and a little room
_LEGEND_SYMBOL = 46.0  # a legend entry's symbol and the gap before its text
_LEGEND_PAD = 24.0  # the legend's own padding and its gap from the plot


# --- The plot's size ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plot:
    """The plot area as estimated: its size in pixels (never more than plotly.js draws) and the
    ranges of its axes (dates as milliseconds)."""

    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x(self, value: object) -> float:
        """Pixels from the plot's left edge to ``value`` on the x axis."""
        low, high = self.x_range
        return (_number(value) - low) / (high - low) * self.width

    def y(self, value: object) -> float:
        """Pixels from the plot's top edge down to ``value`` on the y axis."""
        low, high = self.y_range
        return (high - _number(value)) / (high - low) * self.height


def _number(value: object) -> float:
    if isinstance(value, int | float):
        return float(value)
    return pd.Timestamp(value).value / 1e6  # plotly.js reads dates as milliseconds


def plot_area(fig: go.Figure, width: float | None = None) -> Plot:
    """The smallest plot area plotly.js draws ``fig`` with, ``width`` pixels wide (the figure's
    own width, else ``PLACEMENT_WIDTH``). The axes must have their ranges set.

    Each margin is at least what the house template sets and what the axes' labels and titles,
    the title and the legend take, estimated generously: the real plot is as large or larger.
    """
    layout = fig.layout
    width = float(width or layout.width or PLACEMENT_WIDTH)
    height = float(layout.height or 450)
    margin = layout.margin
    template = layout.template.layout.margin
    own = {side: margin[side] if margin[side] is not None else template[side] for side in "lrtb"}
    x_range, y_range = layout.xaxis.range, layout.yaxis.range
    if x_range is None or y_range is None:
        raise ValueError("place labels on axes whose ranges are set")
    y_ticks = max(text_width(_tick_text(v), TICK_SIZE) for v in y_range)
    left = max(own["l"] or 80, y_ticks + 5 + 10 + _title_room(layout.yaxis.title.text) + 8)
    right = max(own["r"] or 30, 30) + _legend_width(fig)
    top = max(own["t"] or 70, 70)
    x_ticks = 2 * TICK_SIZE * LINE_SPACING + 5 + 4  # a date axis writes the year under the month
    bottom = max(own["b"] or 60, x_ticks + 10 + _title_room(layout.xaxis.title.text) + 6)
    return Plot(
        left=left,
        top=top,
        width=max(width - left - right, 1.0),
        height=max(height - top - bottom, 1.0),
        x_range=(_number(x_range[0]), _number(x_range[1])),
        y_range=(float(y_range[0]), float(y_range[1])),
    )


def _tick_text(value: float) -> str:
    return f"{value:,.1f}"


def _title_room(text: object) -> float:
    return text_height(text, BASE_SIZE) + 4 if text else 0.0


def _legend_width(fig: go.Figure) -> float:
    """The legend's width beside the plot (0 with no legend or one laid out across)."""
    layout = fig.layout
    if layout.showlegend is False or layout.legend.orientation == "h":
        return 0.0
    drawn = [trace for trace in fig.data if trace.visible is not False]
    if layout.showlegend is None and len(drawn) < 2:
        return 0.0  # plotly.js draws a legend once there are two traces, listed or not
    widest = legend_text_width(fig)
    return widest + _LEGEND_PAD if widest else 0.0


def legend_text_width(fig: go.Figure) -> float:
    """How wide the legend's entries (each with its symbol) and title are drawn: a line of text
    no wider leaves the legend's width as it is."""
    names = [
        trace.name
        for trace in fig.data
        if trace.name and trace.showlegend is not False and trace.visible is not False
    ]
    title = fig.layout.legend.title.text
    return max(
        [text_width(name, TICK_SIZE) + _LEGEND_SYMBOL for name in names]
        + ([text_width(title, TICK_SIZE)] if title else [])
        + [0.0]
    )


# --- Boxes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A rectangle tied to the data: anchors in pixels (at the estimated size; ``y`` down), and how
    far the rectangle reaches beyond them in pixels (negative: it stops short of them).

    Its edges are ``x0 - left``, ``x1 + right``, ``y0 - up`` and ``y1 + down``.
    """

    x0: float
    x1: float
    y0: float
    y1: float
    left: float = 0.0
    right: float = 0.0
    up: float = 0.0
    down: float = 0.0

    @property
    def edges(self) -> tuple[float, float, float, float]:
        """Left, top, right, bottom, in pixels from the plot's top left corner."""
        return (self.x0 - self.left, self.y0 - self.up, self.x1 + self.right, self.y1 + self.down)

    def apart(self, other: Box) -> bool:
        """Whether the two never overlap on a plot at least as large as the estimate: apart
        along an axis, with their anchors in the same order along it."""
        left, top, right, bottom = self.edges
        o_left, o_top, o_right, o_bottom = other.edges
        return (
            (right <= o_left and self.x1 <= other.x0)
            or (o_right <= left and other.x1 <= self.x0)
            or (bottom <= o_top and self.y1 <= other.y0)
            or (o_bottom <= top and other.y1 <= self.y0)
        )

    def inside(self, plot: Plot) -> bool:
        """Whether the box lies within the plot area (and so within any larger one)."""
        left, top, right, bottom = self.edges
        return (
            left >= 0
            and top >= 0
            and right <= plot.width
            and bottom <= plot.height
            and 0 <= self.x0 <= self.x1 <= plot.width
            and 0 <= self.y0 <= self.y1 <= plot.height
        )


def intersect(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two rectangles (left, top, right, bottom) share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def marker(plot: Plot, x: object, y: object, radius: float) -> Box:
    """A point's marker: a square ``radius`` pixels about it."""
    px, py = plot.x(x), plot.y(y)
    return Box(px, px, py, py, radius, radius, radius, radius)


def segment(
    plot: Plot, x0: object, x1: object, y0: object, y1: object, half: float, tall: float = -1.0
) -> Box:
    """A line from (x0, y0) to (x1, y1) that is level or upright, reaching ``half`` pixels to
    each side and ``tall`` pixels (``half`` unless given) above and below."""
    left, right = sorted((plot.x(x0), plot.x(x1)))
    top, bottom = sorted((plot.y(y0), plot.y(y1)))
    tall = half if tall < 0 else tall
    return Box(left, right, top, bottom, half, half, tall, tall)


# --- Labels --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A value to print beside its point."""

    key: str
    text: str
    """Escaped for plotly; ``<br>`` breaks lines."""
    x: object
    y: float
    """The point's value: the anchor of labels beside and below it."""
    top: float
    """Where labels above it start: the point's value, or a range's high end."""
    radius: float
    """Half the marker's size, outline included."""
    top_clearance: float
    """Pixels between ``top`` and the bottom of a label above it."""


@dataclass(frozen=True)
class Placed:
    """A label put somewhere: centred ``dx``, ``dy`` pixels (``dy`` down) from its anchor."""

    label: Label
    anchor_y: float
    dx: float
    dy: float
    leader: bool
    """Drawn apart from its point, with a line to it."""
    box: Box


def label_size(text: str, size: float = LABEL_SIZE) -> tuple[float, float]:
    """A label's box in pixels: its text, and the room plotly leaves about it."""
    return text_width(text, size) + _PAD, text_height(text, size) + 3


def _candidates(label: Label, plot: Plot, levels: int) -> Iterable[Placed]:
    """Where the label may go, nearest first: above, right and left of its point, above it
    reaching to one side, below it; then stacked further above and below it with a line to it."""
    w, h = label_size(label.text)
    px, py, top = plot.x(label.x), plot.y(label.y), plot.y(label.top)
    r, up = label.radius, label.top_clearance
    side = w / 2 - min(r, w / 2)  # a box reaching to one side, still over its point
    above, below = -(up + GAP + h / 2), r + GAP + h / 2
    near = (
        (label.top, top, 0.0, above),
        (label.y, py, r + GAP + w / 2, 0.0),
        (label.y, py, -(r + GAP + w / 2), 0.0),
        (label.top, top, -side, above),
        (label.top, top, side, above),
        (label.y, py, 0.0, below),
        (label.y, py, -side, below),
        (label.y, py, side, below),
    )
    for anchor_y, ay, dx, dy in near:
        yield Placed(label, anchor_y, dx, dy, False, _box(px, ay, dx, dy, w, h))
    for level in range(1, levels + 1):
        step = level * (h + GAP)
        for anchor_y, ay, dy in ((label.top, top, above - step), (label.y, py, below + step)):
            for dx in (0.0, -side, side):
                yield Placed(label, anchor_y, dx, dy, True, _box(px, ay, dx, dy, w, h))


def _box(px: float, py: float, dx: float, dy: float, w: float, h: float) -> Box:
    return Box(px, px, py, py, w / 2 - dx, w / 2 + dx, h / 2 - dy, h / 2 + dy)


def _leader(placed: Placed, plot: Plot) -> Box:
    """The line from a stacked label to its point, as a box one pixel each side of it."""
    px, py = plot.x(placed.label.x), plot.y(placed.anchor_y)
    _, top, _, bottom = placed.box.edges
    if placed.dy < 0:  # above: from the label's bottom down to the point
        return Box(px, px, py, py, 1.0, 1.0, py - bottom, -placed.label.top_clearance)
    return Box(px, px, py, py, 1.0, 1.0, -placed.label.radius, top - py)


STACKED_UP_TO = 30
"""Labels up to which a label with no room beside its point is stacked further off; past it,
each is beside its point or left off (a crowd of leader lines would not be read, and the metric
chart of a large folder builds within its time: ``benchmarks/run.py``)."""


def place_labels(
    labels: Sequence[Label],
    plot: Plot,
    obstacles: Sequence[Box] = (),
    avoid: Sequence[Box] = (),
) -> tuple[list[Placed], list[Label]]:
    """Each label put where it overlaps no other label, no ``obstacles`` (markers, error bars)
    and no line from a stacked label to its point, within the plot; out of the way of ``avoid``
    (lines it may cross if it must) where a place beside its point allows. A label with no such
    place is left off: the second list, in the order given.

    Deterministic: the labels are placed in the order given, each at the first place that fits.
    """
    placed: list[Placed] = []
    left_off: list[Label] = []
    taken = _Boxes(obstacles)  # the obstacles, then the boxes and lines of the labels placed
    lines = _Boxes(avoid)
    levels = 0
    if len(labels) <= STACKED_UP_TO:
        levels = int(plot.height // (LABEL_SIZE * LINE_SPACING + GAP)) + 1
    for label in labels:
        own = marker(plot, label.x, label.y, label.radius)
        options = [c for c in _candidates(label, plot, levels) if c.box.inside(plot)]
        beside = (
            o
            for o in options
            if not o.leader and taken.clear(o.box, own) and lines.clear(o.box, own)
        )
        anywhere = (o for o in options if all(taken.clear(b, own) for b in _parts(o, plot)))
        chosen = next(beside, None) or next(anywhere, None)
        if chosen is None:
            left_off.append(label)
            continue
        placed.append(chosen)
        for part in _parts(chosen, plot):
            taken.add(part)
    return placed, left_off


def _parts(option: Placed, plot: Plot) -> list[Box]:
    """A label put there, and its line to its point when it is stacked off it."""
    return [option.box, _leader(option, plot)] if option.leader else [option.box]


class _Boxes:
    """Boxes held as arrays, so that one box is tested against them all at once."""

    def __init__(self, boxes: Iterable[Box] = ()) -> None:
        rows = [_row(box) for box in boxes]
        self._rows = np.array(rows, dtype=float).reshape(-1, 8)
        self._count = len(rows)

    def add(self, box: Box) -> None:
        if self._count == len(self._rows):
            grown = np.empty((max(16, 2 * len(self._rows)), 8))
            grown[: self._count] = self._rows[: self._count]
            self._rows = grown
        self._rows[self._count] = _row(box)
        self._count += 1

    def clear(self, box: Box, own: Box) -> bool:
        """Whether ``box`` is apart from every box held (``Box.apart``), ``own`` aside (the
        marker of the label's own point)."""
        if not self._count:
            return True
        left, top, right, bottom, x0, x1, y0, y1 = self._rows[: self._count].T
        b_left, b_top, b_right, b_bottom = box.edges
        apart = (
            ((b_right <= left) & (box.x1 <= x0))
            | ((right <= b_left) & (x1 <= box.x0))
            | ((b_bottom <= top) & (box.y1 <= y0))
            | ((bottom <= b_top) & (y1 <= box.y0))
        )
        if apart.all():
            return True
        mine = np.all(self._rows[: self._count] == _row(own), axis=1)
        return bool((apart | mine).all())


def _row(box: Box) -> tuple[float, ...]:
    return (*box.edges, box.x0, box.x1, box.y0, box.y1)


def annotation(placed: Placed) -> dict:
    """A placed label as a plotly annotation: its box centred where it was placed."""
    label = placed.label
    common = {
        "name": LABEL,
        "text": label.text,
        "x": label.x,
        "y": placed.anchor_y,
        "xref": "x",
        "yref": "y",
        "xanchor": "center",
        "yanchor": "middle",
        "align": "center",
        "font": {"size": LABEL_SIZE, "color": INK},
        "bgcolor": "rgba(255,255,255,0.8)",
        "borderpad": 1,
        "hovertext": label.text,
    }
    if placed.leader:
        return common | {
            "showarrow": True,
            "ax": placed.dx,
            "ay": placed.dy,
            "axref": "pixel",
            "ayref": "pixel",
            "arrowhead": 0,
            "arrowwidth": 1,
            "arrowcolor": MUTED,
            "standoff": placed.label.radius if placed.dy > 0 else placed.label.top_clearance,
        }
    return common | {"showarrow": False, "xshift": placed.dx, "yshift": -placed.dy}


def label_boxes(fig: go.Figure, width: float | None = None) -> list[tuple[str, tuple]]:
    """Each value label of ``fig`` with its box (left, top, right, bottom, in pixels of the plot
    area ``plot_area`` estimates), read from the figure alone: its layout and annotations."""
    plot = plot_area(fig, width)
    boxes = []
    for note in fig.layout.annotations:
        if note.name != LABEL:
            continue
        w, h = label_size(note.text, note.font.size or LABEL_SIZE)
        if note.showarrow:
            dx, dy = note.ax, note.ay
        else:
            dx, dy = note.xshift or 0.0, -(note.yshift or 0.0)
        px, py = plot.x(note.x), plot.y(note.y)
        boxes.append((note.text, _box(px, py, dx, dy, w, h).edges))
    return boxes


def headroom(values: Sequence[float], plot_height: float, above: float, below: float) -> list:
    """A y range holding ``values`` (and 0) with ``above`` pixels over the highest and ``below``
    under the lowest when negative, on a plot ``plot_height`` pixels tall (or taller)."""
    low = min(0.0, *values)
    high = max(0.0, *values)
    if high == low:
        high = low + 1.0
    top_share = min(above / plot_height, 0.45)
    bottom_share = min(below / plot_height, 0.45) if low < 0 else 0.0
    span = (high - low) / (1 - top_share - bottom_share)
    return [low - bottom_share * span, high + top_share * span]


def unplaced_note(count: int) -> str:
    """What a chart says of the values it could not print."""
    if count == 1:
        return "The value of 1 point crowded by others is not printed: hover over it for its value."
    return (
        f"The values of {count:,} points crowded by others are not printed: hover over a point "
        "for its value."
    )
