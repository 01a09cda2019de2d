"""The house chart style: one explicit plotly template, legible at the size of a briefing page.

Every figure carries this template itself, so the chart on screen (shown with
``st.plotly_chart(fig, theme=None)``) and the exported file are drawn the same way. Status colours
come from ``commitments.record.status`` (Okabe–Ito, distinct for colour-blind readers); the
only colours defined here are the neutral inks of text, grid and lines.
"""

from __future__ import annotations

import plotly.graph_objects as go

from commitments.record.status import STATUS_COLOURS, colour

FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif"
"""Fonts that are installed with the browser or the system: nothing is fetched."""

INK = "#222222"
"""Text and axis lines."""
MUTED = "#6b6b6b"
"""Secondary text, and the spans of commitments that are open and not overdue."""
GRID = "#e4e4e4"
"""Grid lines and rules."""

OVERDUE = colour("stalled")
"""An open commitment past its due date: the colour of "stalled" (no progress past the due date)."""

PALETTE: list[str] = list(dict.fromkeys(STATUS_COLOURS.values()))
"""The Okabe–Ito colours of the status vocabulary, in order, for series that are not statuses."""

BASE_SIZE = 14
"""Body text in pixels: legible when a 1000-pixel-wide chart is pasted into a page of A4."""


def _axis() -> dict:
    return {
        "automargin": True,
        "color": INK,
        "gridcolor": GRID,
        "linecolor": INK,
        "showline": True,
        "ticks": "outside",
        "tickcolor": GRID,
        "title": {"font": {"size": BASE_SIZE, "color": INK}, "standoff": 10},
        "tickfont": {"size": BASE_SIZE - 1, "color": INK},
        "zeroline": False,
    }


HOUSE = go.layout.Template(
    layout={
        "font": {"family": FONT_FAMILY, "size": BASE_SIZE, "color": INK},
        "title": {
            "font": {"size": BASE_SIZE + 5, "color": INK},
            "x": 0,
            "xanchor": "left",
            "pad": {"l": 12},
        },
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": PALETTE,
        "xaxis": _axis(),
        "yaxis": _axis(),
        "legend": {
            "font": {"size": BASE_SIZE - 1, "color": INK},
            "bgcolor": "rgba(255,255,255,0.85)",
            "title": {"font": {"size": BASE_SIZE - 1}},
        },
        "hoverlabel": {
            "font": {"family": FONT_FAMILY, "size": BASE_SIZE - 1},
            "align": "left",
            "namelength": -1,
        },
        "margin": {"l": 80, "r": 30, "t": 70, "b": 60},
        "annotationdefaults": {"font": {"size": BASE_SIZE - 1, "color": MUTED}},
        "bargap": 0.25,
    },
    data={"bar": [{"marker": {"line": {"width": 0.5, "color": "white"}}}]},
)
"""The house template. Give it to every figure: ``go.Figure(layout={"template": HOUSE})``."""


def new_figure(title: str) -> go.Figure:
    """An empty figure in the house style, titled."""
    return go.Figure(layout={"template": HOUSE, "title": {"text": title}})
