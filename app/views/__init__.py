"""The dashboard's views, one module each. A new page is one more entry in ``VIEWS``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..selection import Selection
from . import add_answers, figures, overview, problems, record, sources, timeline


@dataclass(frozen=True)
class View:
    slug: str
    """Its name in the page address (``?view=timeline``)."""
    label: str
    """Its tab's label."""
    render: Callable[[Selection], None]


VIEWS: list[View] = [
    View("overview", "Overview", overview.render),
    View("timeline", "Timeline", timeline.render),
    View("figures", "Figures", figures.render),
    View("record", "Record", record.render),
    View("sources", "Sources", sources.render),
    View("problems", "Data problems", problems.render),
    View("add-answers", "Add answers", add_answers.render),
]


def by_slug(slug: str) -> View:
    return next((view for view in VIEWS if view.slug == slug), VIEWS[0])


def by_label(text: str | None) -> View:
    return next((view for view in VIEWS if view.label == text), VIEWS[0])
