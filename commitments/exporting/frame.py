"""The briefing frame: a chart's title, the filters, its "Source:" line and date, placed around it.

A chart pasted into a briefing leaves the dashboard behind, so, as Our World in Data's charts do,
the exported image says what it shows: the title, a subtitle stating the filters and the as-at date,
a "Source:" line naming the Hansard answers behind the points drawn, and the date it was produced.
The frame is estimated here from the figure alone; ``commitments.exporting.chromium`` measures
where plotly.js puts the plot and places the text exactly (``fit_frame``).
"""

from __future__ import annotations

import copy
import html
import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import plotly.graph_objects as go

EXPORT_WIDTH = 1000
EXPORT_HEIGHT = 600
"""An exported chart's size in layout pixels when the figure sets none."""


# --- The source line -------------------------------------------------------------------------


def source_line(citations: Sequence[str], limit: int = 1) -> str:
    """The "Source:" footnote for the answers behind a chart, shortened when there are many.

    Citations are deduplicated in their order. Up to ``limit`` are named; when more would be
    left over than one, the rest are counted: "Source: A and 6 other answers". One left over is
    named rather than counted ("Source: A and B"). No citations give "".
    """
    return " ".join(_source_units(citations, limit))


def _source_units(citations: Sequence[str], limit: int) -> list[str]:
    """The source line as pieces that a wrapped line should not break inside."""
    unique = _unique(citations)
    if not unique:
        return []
    named = unique if len(unique) <= max(limit, 1) + 1 else unique[: max(limit, 1)]
    rest = len(unique) - len(named)
    units = ["Source:"]
    if rest:
        units += [f"{c}," for c in named[:-1]] + [named[-1]]
        units.append(f"and {rest} other answers")
    elif len(named) == 1:
        units.append(named[0])
    else:
        units += [f"{c}," for c in named[:-2]] + [named[-2], "and", named[-1]]
    return units


UNVERIFIED_LIMIT = 3
"""Unverified records a chart's footer names before it counts the rest."""


def unverified_line(
    left_out: Sequence[str] = (), included: Sequence[str] = (), limit: int = UNVERIFIED_LIMIT
) -> str:
    """The footer line saying which unverified records a chart leaves out (or, when they were
    asked for, includes and marks); "" when there are none.

    Each entry names a record: "<id> <file>:<line>". Up to ``limit`` are named and the rest
    counted, as the "Source:" line does: "Unverified records left out: 5 (a f.yaml:3,
    b f.yaml:4, c f.yaml:2 and 2 others)".
    """
    return " ".join(_unverified_units(left_out, included, limit))


def _unverified_units(left_out: Sequence[str], included: Sequence[str], limit: int) -> list[str]:
    units: list[str] = []
    for entries, opening, closing in (
        (_unique(left_out), "Unverified records left out: {n} (", ")"),
        (_unique(included), "Includes {n} unverified {records}, marked:", ""),
    ):
        if not entries:
            continue
        records = "record" if len(entries) == 1 else "records"
        words = opening.format(n=f"{len(entries):,}", records=records).split()
        named = entries if len(entries) <= max(limit, 1) + 1 else entries[: max(limit, 1)]
        rest = len(entries) - len(named)
        listed = [f"{e}," for e in named[:-1]] + [named[-1]]
        if rest:
            listed.append(f"and {rest:,} others")
        if words[-1] == "(":
            words.pop()
            listed[0] = "(" + listed[0]
        listed[-1] += closing
        if units:
            units[-1] += ";"
        units += words + listed
    return units


def _unique(citations: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for citation in citations:
        text = " ".join(str(citation).split())
        if text:
            seen.setdefault(text, None)
    return list(seen)


# --- The frame: title, subtitle, source, date --------------------------------------------------

_PAD = 16  # px between the image edge and the frame's text
_TITLE_SIZE = 20
_SUBTITLE_SIZE = 13
_NOTE_SIZE = 11
# average glyph width as a share of the font size, on the generous side so that lines fit
_CHAR_WIDTH = 0.55
_BOLD_WIDTH = 0.62
_LINE_HEIGHT = 1.35
_DEFAULT_MARGINS = {"t": 100, "b": 80, "l": 80, "r": 80}  # plotly.js's own defaults
_NOTE_COLOUR = "#555555"
_GAP = 8  # px between the axis labels and the footnotes
_PROBE_MARGIN = 12  # px above and below the plot when measuring what it needs
_FRAME_KEY = "briefing_frame"  # where a framed figure keeps its frame's measurements (layout.meta)


@dataclass(frozen=True)
class PlotBox:
    """Where the plot area sits in the image, in layout pixels from the top left corner."""

    left: float
    top: float
    right: float
    bottom: float


def with_briefing_frame(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    citations: Sequence[str],
    produced: date,
    notes: Sequence[str] | None = None,
    source_limit: int = 1,
    left_out: Sequence[str] = (),
    included_unverified: Sequence[str] = (),
    width: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """A new figure: ``fig`` with a title, subtitle, notes, "Source:" footnote and "Produced" date.

    ``fig`` itself is not changed. The text is wrapped for an image ``width`` pixels wide (the
    figure's own width, else 1000). A figure with its own height grows by the frame's text so its
    plot keeps its size; otherwise the framed image is ``height`` (else 600) pixels tall. Up to
    ``source_limit`` citations are named in the footnote. ``notes`` default to the figure's
    ``layout.meta["notes"]`` (a chart's caveats, such as counting bases that differ).
    ``left_out`` names the unverified records the view left out, ``included_unverified`` those
    it was asked to include and draws marked (each "<id> <file>:<line>"): either gives the
    footer one more line under the source (``unverified_line``).

    Margins are estimated here so the framed figure stands on its own; the exporter
    (``commitments.exporting.chromium``) then measures where plotly.js puts the plot and places
    the text exactly, so nothing overlaps or is clipped. All text is shown as text: characters
    plotly reads as markup are escaped.
    """
    figure = fig.to_dict()
    layout = figure.setdefault("layout", {})
    own_meta = layout.get("meta")
    if notes is None:
        own_notes = own_meta.get("notes") if isinstance(own_meta, dict) else None
        notes = [str(n) for n in own_notes] if isinstance(own_notes, list | tuple) else []
    width = int(width or layout.get("width") or EXPORT_WIDTH)

    title_lines = _wrap(title.split(), _chars(width, _TITLE_SIZE, _BOLD_WIDTH))
    subtitle_lines = _wrap(subtitle.split(), _chars(width, _SUBTITLE_SIZE))
    note_chars = _chars(width, _NOTE_SIZE)
    blocks = [
        ("notes", [line for note in notes for line in _wrap(f"Note: {note}".split(), note_chars)]),
        ("source", _wrap(_source_units(citations, source_limit), note_chars)),
        (
            "unverified",
            _wrap(_unverified_units(left_out, included_unverified, UNVERIFIED_LIMIT), note_chars),
        ),
        ("produced", [f"Produced {produced.day} {produced:%B %Y}"]),
    ]
    blocks = [(name, lines) for name, lines in blocks if lines]

    # plotly.js drops the cap-height shift from a title of several lines: put it back by hand
    title_top = _PAD + (0.7 * _TITLE_SIZE if len(title_lines) > 1 else 0)
    header = title_top + len(title_lines) * _TITLE_SIZE * 1.3 + 6
    if subtitle_lines:
        header += 8 + _block(subtitle_lines, _SUBTITLE_SIZE)
    offsets: dict[str, float] = {}
    footer = 0.0
    for name, lines in blocks:
        offsets[name] = footer
        footer += _block(lines, _NOTE_SIZE)
    footer += _PAD / 2

    framed = go.Figure(_automargin(figure))
    estimate = _estimated_box(framed, width)
    own_height = layout.get("height")
    if height is None and own_height:
        plot = own_height - _margin(framed, "t") - _margin(framed, "b")
        height = plot + header + estimate.top + estimate.bottom + _GAP + footer
    height = math.ceil(height or EXPORT_HEIGHT)

    frame = {"header": header, "footer": footer, "offsets": offsets, "title_top": title_top}
    # kept in layout.meta so that export can place the text again once it has measured the plot
    # (a chart whose meta is not a mapping keeps its meta, and the estimated places)
    if own_meta is None or isinstance(own_meta, dict):
        meta = {**(own_meta or {}), _FRAME_KEY: frame}
    else:
        meta = own_meta
    framed.update_layout(
        width=width,
        height=height,
        meta=meta,
        title={
            "text": _markup(title_lines, bold=True),
            "font": {"size": _TITLE_SIZE},
            "x": _PAD / width,
            "xanchor": "left",
            "xref": "container",
            "yanchor": "top",
            "yref": "container",
            "automargin": False,
            "subtitle": {
                "text": _markup(subtitle_lines),
                "font": {"size": _SUBTITLE_SIZE, "color": _NOTE_COLOUR},
            },
        },
    )
    for name, lines in blocks:
        framed.add_annotation(
            name=name,
            text=_markup(lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": _NOTE_SIZE, "color": _NOTE_COLOUR},
        )
    box = PlotBox(left=estimate.left, top=estimate.top, right=0, bottom=height - estimate.bottom)
    return go.Figure(_place(framed.to_dict(), frame, box, height=height))


def is_framed(figure: dict[str, Any]) -> bool:
    """Whether a figure (as a dict) carries a frame from :func:`with_briefing_frame`."""
    meta = figure.get("layout", {}).get("meta")
    return isinstance(meta, dict) and _FRAME_KEY in meta


def fit_frame(figure: dict[str, Any], box: PlotBox, *, height: int) -> dict[str, Any]:
    """A copy of a framed figure whose frame text is placed around the plot at ``box``.

    ``box`` is where plotly.js draws the plot area, in an image ``height`` pixels tall, when the
    figure has only a thin top and bottom margin of its own (so the gaps above and below it are
    what its legend and axis labels need). The title sits at the top of the image, the
    footnotes under the axis labels, both level with the image's left edge, and the margins
    make room for them.
    """
    if not is_framed(figure):
        raise ValueError("the figure has no briefing frame")
    frame = figure["layout"]["meta"][_FRAME_KEY]
    return _place(figure, frame, box, height=height)


def _place(
    figure: dict[str, Any], frame: dict[str, Any], box: PlotBox, *, height: int
) -> dict[str, Any]:
    result = copy.deepcopy(figure)
    layout = result["layout"]
    above = max(box.top, 0.0)
    below = max(height - box.bottom, 0.0)
    margin = dict(layout.get("margin") or {})
    margin["t"] = math.ceil(frame["header"] + above)
    margin["b"] = math.ceil(below + _GAP + frame["footer"])
    layout["margin"] = margin
    layout["title"]["y"] = 1 - frame["title_top"] / height
    for annotation in layout.get("annotations", []):
        offset = frame["offsets"].get(annotation.get("name"))
        if offset is not None:
            annotation["xshift"] = _PAD - box.left
            annotation["yshift"] = -(below + _GAP + offset)
    return result


def measuring_copy(figure: dict[str, Any]) -> dict[str, Any]:
    """The framed figure with thin top and bottom margins: drawn to measure what its plot needs.

    Its axes have automatic margins (as every framed figure has), so the gap under the plot
    grows to exactly what the x axis' tick labels and title take.
    """
    measuring = _automargin(copy.deepcopy(figure))
    layout = measuring["layout"]
    # not 0: with no room above and below, plotly.js also narrows the left margin a little
    thin = {"t": _PROBE_MARGIN, "b": _PROBE_MARGIN}
    layout["margin"] = dict(layout.get("margin") or {}) | thin
    return measuring


def _automargin(figure: dict[str, Any]) -> dict[str, Any]:
    """Axes that push the margins to fit their labels and titles, so nothing is cut off.

    plotly.js makes room for an axis title only when its standoff is set: where neither the
    figure nor its template sets one, it is set to 10 px.
    """
    layout = figure.setdefault("layout", {})
    template = (layout.get("template") or {}).get("layout") or {}
    names = {"xaxis", "yaxis"} | {name for name in layout if re.fullmatch(r"[xy]axis\d+", name)}
    for name in sorted(names):
        axis = dict(layout.get(name) or {}) | {"automargin": True}
        title = axis.get("title")
        title = dict(title) if isinstance(title, dict) else {"text": title} if title else {}
        styled = (template.get(name[:5]) or {}).get("title") or {}
        if title.get("standoff") is None and styled.get("standoff") is None:
            axis["title"] = title | {"standoff": 10}
        layout[name] = axis
    return figure


def plot_box(svg: str) -> PlotBox | None:
    """The plot area of a plotly SVG (the union of its x-y subplots), or None if it has none."""
    boxes = []
    for clip in re.finditer(r"<clipPath\b([^>]*)>\s*<rect\b([^>]*)/?>", svg):
        attributes, rect = _attributes(clip.group(1)), _attributes(clip.group(2))
        if "axesclip" not in attributes.get("class", ""):
            continue
        if not re.search(r"x\d*y\d*$", attributes.get("id", "")):
            continue
        x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
        boxes.append((x, y, x + float(rect["width"]), y + float(rect["height"])))
    if not boxes:
        return None
    return PlotBox(
        left=min(b[0] for b in boxes),
        top=min(b[1] for b in boxes),
        right=max(b[2] for b in boxes),
        bottom=max(b[3] for b in boxes),
    )


def _attributes(text: str) -> dict[str, str]:
    return dict(re.findall(r'([\w:-]+)="([^"]*)"', text))


def _estimated_box(fig: go.Figure, width: int) -> PlotBox:
    """A guess at the gaps plotly.js will leave around the plot, for a frame drawn unmeasured.

    ``top`` and ``bottom`` here are the gaps above and below the plot, ``left`` its left edge.
    """
    left = max(_margin(fig, "l"), _left_axis_allowance(fig))
    return PlotBox(
        left=left,
        top=max(_top_legend_allowance(fig), _PROBE_MARGIN),
        right=0,
        bottom=_bottom_axis_allowance(fig, width),
    )


def _chars(width: int, font_size: int, glyph: float = _CHAR_WIDTH) -> int:
    return max(20, int((width - 2 * _PAD) / (font_size * glyph)))


def _block(lines: Sequence[str], font_size: int) -> float:
    return len(lines) * font_size * _LINE_HEIGHT


def _wrap(units: Sequence[str], width: int) -> list[str]:
    """Greedy lines of at most ``width`` characters, breaking between units where possible."""
    lines: list[str] = []
    current = ""
    for unit in units:
        pieces = [unit] if len(unit) <= width else textwrap.wrap(unit, width)
        for piece in pieces:
            candidate = f"{current} {piece}" if current else piece
            if len(candidate) <= width:
                current = candidate
            else:
                lines.append(current)
                current = piece
    if current:
        lines.append(current)
    return lines


def _markup(lines: Sequence[str], *, bold: bool = False) -> str:
    """Lines joined for plotly, with the text escaped so none of it is read as markup."""
    text = "<br>".join(html.escape(line, quote=False) for line in lines)
    return f"<b>{text}</b>" if bold and text else text


def _margin(fig: go.Figure, side: str) -> int:
    own = fig.layout.margin[side]
    if own is not None:
        return int(own)
    template = fig.layout.template.layout.margin[side]
    return int(template) if template is not None else _DEFAULT_MARGINS[side]


def _axes(fig: go.Figure, letter: str) -> list[Any]:
    names = [name for name in fig.layout if re.fullmatch(rf"{letter}axis\d*", name)]
    return [fig.layout[name] for name in names] or [fig.layout[f"{letter}axis"]]


def _category_labels(fig: go.Figure, attribute: str) -> list[str]:
    labels: list[str] = []
    for trace in fig.data:
        values = getattr(trace, attribute, None)
        if values is None:
            continue
        labels += [str(v) for v in values if isinstance(v, str)]
    return labels


def _font_size(axis: Any, default: float = 12) -> float:
    size = axis.tickfont.size if axis.tickfont is not None else None
    return float(size) if size else default


def _bottom_axis_allowance(fig: go.Figure, width: int) -> float:
    """Room under the plot for the x axis' tick labels and title, estimated from the figure."""
    room = 0.0
    labels = _category_labels(fig, "x")
    for axis in _axes(fig, "x"):
        if axis.visible is False:
            continue
        size = _font_size(axis)
        # date axes print the year under the first tick: two lines
        lines = 2 if axis.type == "date" or _looks_like_dates(fig) else 1
        ticks = lines * size * 1.3 + 10
        longest = max((len(label) for label in labels), default=0)
        if labels and not _fits_flat(labels, size, width):
            # plotly.js turns crowded labels 30 degrees, or 90 if still crowded
            angle = 90 if len(set(labels)) * size * 2.2 > width * 0.8 else 30
            ticks = longest * size * _CHAR_WIDTH * math.sin(math.radians(angle)) + size + 10
        if axis.tickangle not in (None, 0, "auto") and labels:
            angle = abs(float(axis.tickangle))
            ticks = longest * size * _CHAR_WIDTH * math.sin(math.radians(angle)) + size + 10
        title = axis.title.text if axis.title is not None else None
        if title:
            ticks += 14 * 1.3 + 15
        room = max(room, ticks)
    legend = fig.layout.legend
    if legend.orientation == "h" and legend.y is not None and legend.y < 0:
        room += 30
    return max(room, 24)


def _fits_flat(labels: list[str], size: float, width: int) -> bool:
    distinct = list(dict.fromkeys(labels))
    needed = sum(len(label) * size * _CHAR_WIDTH + 8 for label in distinct)
    return needed <= width - _DEFAULT_MARGINS["l"] - _DEFAULT_MARGINS["r"]


def _looks_like_dates(fig: go.Figure) -> bool:
    for trace in fig.data:
        values = getattr(trace, "x", None)
        if values is not None and len(values) and hasattr(values[0], "year"):
            return True
        if values is not None and len(values) and isinstance(values[0], str):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", values[0]):
                return True
    return False


def _left_axis_allowance(fig: go.Figure) -> int:
    """Room left of the plot for category labels on the y axis (horizontal bars)."""
    labels = _category_labels(fig, "y")
    if not labels:
        return 0
    size = max(_font_size(axis) for axis in _axes(fig, "y"))
    longest = max(len(label) for label in labels)
    room = longest * size * _CHAR_WIDTH + 12
    if any(axis.title is not None and axis.title.text for axis in _axes(fig, "y")):
        room += 14 * 1.3 + 15
    return math.ceil(room)


def _top_legend_allowance(fig: go.Figure) -> float:
    legend = fig.layout.legend
    if legend.orientation == "h" and (legend.y is None or legend.y >= 1):
        return 30
    return 0
