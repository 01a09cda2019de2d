"""What every chart family shares: text made safe for plotly, measured and wrapped, dates, empty
figures, citations.

No text on a chart is cut short or ends in an ellipsis: a title, an axis title or a row label too
long for its room is wrapped with ``<br>`` between words, and the room grows to hold it. How wide a
text is drawn is estimated from the advance widths of Liberation Sans (the metrics of Arial, the
first fonts of the house template), so that what fits is known from the figure alone.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

from commitments.exporting.frame import EXPORT_WIDTH
from commitments.presenting.theme import BASE_SIZE, MUTED, new_figure
from commitments.record.values import format_day
from commitments.tables.view import View

NO_PROGRAMME = "No programme"
NO_AGENCY = "No agency"

EXCERPT_LIMIT = 220
"""Characters of a quote in a hover box: the full quote is in the tables and the record view."""
HOVER_WIDTH = 64
"""Characters a line of a hover box."""

LAYOUT_WIDTH = EXPORT_WIDTH
"""The width in pixels a chart's titles are wrapped for when its figure sets none: the width of
its exported file, and about that of the dashboard's wide column."""
PLACEMENT_WIDTH = 800
"""The width in pixels value labels are placed for when the figure sets none. Labels placed for
a plot of some size stay apart on any larger one (``labels``): they hold on every chart at least
this wide (the dashboard's column on a laptop's screen or a larger one, the exported file)."""

TITLE_SIZE = BASE_SIZE + 5
"""The chart title's font size in the house template."""
TICK_SIZE = BASE_SIZE - 1
"""Axis tick labels, legend entries and annotations: the house template's smaller text."""
LINE_SPACING = 1.3
"""plotly.js's line height, as a share of the font size."""
_TITLE_PAD = 12  # px the house template leaves left of the title
_TITLE_TOP = 16  # px above a wrapped title
_MARGIN_TOP = 70  # the house template's top margin, room for a title of one line

UNVERIFIED = "Unverified"
"""The name of what marks an unverified record drawn: a bar segment, a trace."""
UNVERIFIED_HATCH = "x"
"""The hatching of an unverified record's bar segment."""
UNVERIFIED_SYMBOL = "x"
"""The marker of an unverified record's point on the timeline."""
UNVERIFIED_POINT = "circle-x-open"
"""The marker of an unverified figure on a metric chart: hollow, with a cross."""
UNVERIFIED_OUTLINE = "#000000"

Cited = tuple[object, str]
"""A citation behind a chart and the date it is drawn at (the answer's, or its status event's)."""


# --- Measuring text ------------------------------------------------------------------------------

_ADVANCES = {
    191: "'", 222: "ijl‘’", 260: "|", 278: " !,./:;I[\\]ft·", 333: "()-`r“”", 334: "{}",
    355: '"', 389: "*", 469: "^", 500: "Jckszvxy", 556: "#$0123456789?L_abdeghnopqu–£€",
    584: "+<=>~×", 611: "FTZ", 667: "&ABEKPSVXY", 722: "CDHNRUw", 778: "GOQ", 833: "Mm",
    889: "%", 944: "W", 1000: "—…▲", 1015: "@",
}  # fmt: skip
"""Advance widths of Liberation Sans (Arial's metrics) in thousandths of the font size."""
_WIDTH = {char: width / 1000 for width, chars in _ADVANCES.items() for char in chars}
_OTHER_LETTER = 0.78  # a letter not listed (é, ß, ł…): as wide as the widest lower-case Latin
_OTHER = 1.0  # anything else (symbols, other scripts): a full em
_BOLD = 1.1  # bold glyphs are at most a tenth wider
_SLACK = 1.04  # hinting and kerning: a little room so that an estimate is never short
_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def lines_of(markup: object) -> list[str]:
    """The lines of plotly text as a reader sees them: split at ``<br>``, tags gone, entities
    read."""
    return [html.unescape(_TAG.sub("", line)) for line in _BREAK.split(str(markup))]


def text_width(markup: object, size: float = BASE_SIZE, *, bold: bool = False) -> float:
    """How wide plotly draws ``markup`` (its widest line) at ``size`` px, in pixels: an estimate
    never short of what the browser draws."""
    return max(_line_width(line, size, bold=bold) for line in lines_of(markup))


def text_height(markup: object, size: float = BASE_SIZE) -> float:
    """How tall plotly draws ``markup``: its lines at plotly's line spacing."""
    return len(lines_of(markup)) * size * LINE_SPACING


def _line_width(line: str, size: float, *, bold: bool = False) -> float:
    ems = sum(_WIDTH.get(c, _OTHER_LETTER if c.isalpha() else _OTHER) for c in line)
    return ems * size * _SLACK * (_BOLD if bold else 1.0)


def wrap_text(text: object, width: float, size: float = BASE_SIZE, *, bold: bool = False) -> str:
    """Plain ``text`` escaped for plotly, on lines no wider than ``width`` px, broken between
    words (a word wider than a line is split, never cut): every character kept, none added."""
    words = " ".join(str(text).split()).split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        for piece in _pieces(word, width, size, bold):
            candidate = f"{current} {piece}" if current else piece
            if current and _line_width(candidate, size, bold=bold) > width:
                lines.append(current)
                current = piece
            else:
                current = candidate
    lines.append(current)
    return "<br>".join(safe(line) for line in lines)


def _pieces(word: str, width: float, size: float, bold: bool) -> list[str]:
    """A word as pieces that each fit a line: itself when it fits."""
    if _line_width(word, size, bold=bold) <= width:
        return [word]
    pieces, current = [], ""
    for char in word:
        if current and _line_width(current + char, size, bold=bold) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def wrap_markup(markup: object, width: float, size: float = BASE_SIZE) -> str:
    """Text already escaped for plotly (its ``<br>`` kept as breaks), wrapped as ``wrap_text``."""
    return "<br>".join(wrap_text(line, width, size) for line in lines_of(markup))


def wrap_chars(text: object, chars: int) -> str:
    """Plain ``text`` escaped, on lines of at most ``chars`` characters broken between words (a
    longer word split): for hover boxes and labels measured in characters."""
    words = " ".join(str(text).split())
    lines = textwrap.wrap(words, chars, break_on_hyphens=False) or [""]
    return "<br>".join(safe(line) for line in lines)


def safe(text: object) -> str:
    """Record text as plotly text: shown as written, never read as markup."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=False)


def excerpt(text: object, limit: int = EXCERPT_LIMIT, width: int = HOVER_WIDTH) -> str:
    """A quote shortened at a word to ``limit`` characters, escaped, wrapped for a hover box (the
    hover's "…" says the quote goes on: it is whole in the tables)."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    words = " ".join(str(text).split())
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0] + " …"
    return "<br>".join(safe(line) for line in textwrap.wrap(words, width))


def hover_title(title: object) -> str:
    """A record's title for a hover box: whole, escaped, wrapped."""
    return wrap_chars(title, HOVER_WIDTH)


def axis_label(text: str, width: int) -> str:
    """A category label wrapped between words at ``width`` characters a line, escaped, whole."""
    return wrap_chars(text, width)


PRECISIONS = ("day", "month", "year")
"""How precisely a date is known: the answer gave the day, only the month, or only the year."""


def when(value: object, precision: object = "day") -> str:
    """A date as precisely as it is known: "10 March 2003", "March 2003", "2003"."""
    if value is None or pd.isna(value):
        return ""
    return format_day(pd.Timestamp(value), precision if precision in PRECISIONS else "day")


def period_of(value: object, precision: object) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days a date of ``precision`` may stand for: [its first day, the next period's first)."""
    start = pd.Timestamp(value)
    if precision == "year":
        start = pd.Timestamp(year=start.year, month=1, day=1)
        return start, start + pd.DateOffset(years=1)
    if precision == "month":
        start = pd.Timestamp(year=start.year, month=start.month, day=1)
        return start, start + pd.DateOffset(months=1)
    return start, start + pd.Timedelta(days=1)


def pattern(shape: str | list[str]) -> dict:
    """White hatching over the status colour (``overlay`` keeps the colour as the background)."""
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "white", "solidity": 0.3}


def unverified_problems(view: View) -> dict[str, str]:
    """The problem of each unverified record the view draws, by id: none unless the view's
    filters include them (by default ``view.records`` leaves them out)."""
    included = view.included
    return dict(zip(included["id"].tolist(), included["problem"].tolist(), strict=True))


def unverified_note(problem: object) -> str:
    """A hover line marking an unverified record, escaped and wrapped: "UNVERIFIED: <problem>"."""
    return excerpt(f"UNVERIFIED: {problem}")


def unverified_outline() -> dict:
    """The dashed black outline of an unverified record's bar segment."""
    return {"color": UNVERIFIED_OUTLINE, "width": 1.5}


def date_range(values: list[object]) -> list[pd.Timestamp] | None:
    """An x range holding every date, padded so that a lone date does not fill the axis."""
    dates = [pd.Timestamp(v) for v in values if v is not None and not pd.isna(v)]
    if not dates:
        return None
    low, high = min(dates), max(dates)
    pad = max((high - low) * 0.04, pd.Timedelta(days=45))
    return [low - pad, high + pad]


def day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %b %Y}"


def as_at_title(title: str, as_at: dt.date | None) -> str:
    """A chart's title, with the as-at date when there is one."""
    return title + (f", as at {day(as_at)}" if as_at else "")


def legible(fig: go.Figure) -> go.Figure:
    """``fig`` with its title and axis titles wrapped between words to fit the chart (nothing cut),
    and the top margin grown to hold a title of several lines. The figure's own width, else
    ``LAYOUT_WIDTH``, is the width they must fit."""
    layout = fig.layout
    width = layout.width or LAYOUT_WIDTH
    title = layout.title.text
    if title:
        wrapped = wrap_markup(title, width - 2 * _TITLE_PAD - 8, TITLE_SIZE)
        lines = len(lines_of(wrapped))
        if lines > 1:
            line = TITLE_SIZE * LINE_SPACING
            # plotly.js drops the cap height from a title of several lines anchored at its top:
            # the pad puts it back
            fig.update_layout(
                title={
                    "text": wrapped,
                    "yref": "container",
                    "y": 1,
                    "yanchor": "top",
                    "pad": {"t": _TITLE_TOP + 0.7 * TITLE_SIZE},
                },
                margin={"t": math.ceil(_MARGIN_TOP + (lines - 1) * line)},
            )
    plot_width = width - 240  # the y axis' labels and a legend beside the plot
    height = layout.height or 450
    for axis, room in ((layout.xaxis, plot_width), (layout.yaxis, height - 160)):
        text = axis.title.text
        if text:
            axis.title.text = wrap_markup(text, max(room, 160), BASE_SIZE)
    return fig


def count_tick(largest: int) -> int | None:
    """A tick for every count when the counts are few."""
    return 1 if largest <= 10 else None


def empty_figure(title: str, reason: str) -> go.Figure:
    """A figure that says why nothing is drawn."""
    fig = new_figure(title)
    fig.add_annotation(
        name="empty",
        text=wrap_text(reason, LAYOUT_WIDTH - 160, 16),
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
    return legible(fig)


def no_records_reason(as_at: dt.date | None) -> str:
    if as_at:
        return f"No records match these filters as at {day(as_at)}."
    return "No records match these filters."


def cited(dates: pd.Series, citations: pd.Series) -> list[Cited]:
    """Each citation with its date, leaving out rows without one."""
    return [(d, str(c)) for d, c in zip(dates, citations, strict=True) if isinstance(c, str) and c]
