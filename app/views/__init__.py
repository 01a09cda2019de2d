"""The dashboard's tabs, one module each. A new tab is one more entry in ``VIEWS``.

Each tab renders the page's selection, whose ``view`` (``commitments.tables.view``) is the
records it shows; the page address names the open tab ``view`` (``?view=timeline``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..selection import Selection
from . import add_answers, figures, overview, problems, record, review, sources, timeline


@dataclass(frozen=True)
class Tab:
    slug: str
    """Its name in the page address (``?view=timeline``)."""
    label: str
    """Its label on the page."""
    render: Callable[[Selection], None]


VIEWS: list[Tab] = [
    Tab("overview", "Overview", overview.render),
    Tab("timeline", "Timeline", timeline.render),
    Tab("figures", "Figures", figures.render),
    Tab("record", "Record", record.render),
    Tab("sources", "Sources", sources.render),
    Tab("problems", "Data problems", problems.render),
    Tab("add-answers", "Add answers", add_answers.render),
    Tab("review", "Review", review.render),
]


def by_slug(slug: str) -> Tab:
    return next((tab for tab in VIEWS if tab.slug == slug), VIEWS[0])


def by_label(text: str | None) -> Tab:
    return next((tab for tab in VIEWS if tab.label == text), VIEWS[0])
