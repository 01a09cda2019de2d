"""What every chart family shares: text made safe for plotly, dates, empty figures, citations."""

from __future__ import annotations

import datetime as dt
import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from commitments.presenting.theme import MUTED, new_figure
from commitments.tables.view import View

NO_PROGRAMME = "No programme"
NO_AGENCY = "No agency"

TITLE_LIMIT = 46
"""Characters of a record's title on a row label."""
EXCERPT_LIMIT = 220

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


def safe(text: object) -> str:
    """Record text as plotly text: shown as written, never read as markup."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return html.escape(str(text), quote=False)


def excerpt(text: object, limit: int = EXCERPT_LIMIT, width: int = 64) -> str:
    """A quote shortened at a word to ``limit`` characters, escaped, wrapped for a hover box."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    words = " ".join(str(text).split())
    if len(words) > limit:
        words = words[:limit].rsplit(" ", 1)[0] + " …"
    return "<br>".join(safe(line) for line in textwrap.wrap(words, width))


def axis_label(text: str, width: int) -> str:
    """A category label on at most two lines, escaped."""
    lines = textwrap.wrap(str(text), width) or [""]
    if len(lines) > 2:
        lines = [lines[0], short_title(" ".join(lines[1:]), width)]
    return "<br>".join(safe(line) for line in lines)


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    words = " ".join(str(title).split())
    if len(words) <= limit:
        return words
    return words[: limit - 1].rsplit(" ", 1)[0] + "…"


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


def count_tick(largest: int) -> int | None:
    """A tick for every count when the counts are few."""
    return 1 if largest <= 10 else None


def empty_figure(title: str, reason: str) -> go.Figure:
    """A figure that says why nothing is drawn."""
    fig = new_figure(title)
    fig.add_annotation(
        name="empty",
        text=safe(reason),
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


def no_records_reason(as_at: dt.date | None) -> str:
    if as_at:
        return f"No records match these filters as at {day(as_at)}."
    return "No records match these filters."


def cited(dates: pd.Series, citations: pd.Series) -> list[Cited]:
    """Each citation with its date, leaving out rows without one."""
    return [(d, str(c)) for d, c in zip(dates, citations, strict=True) if isinstance(c, str) and c]
