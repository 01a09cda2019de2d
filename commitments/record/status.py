"""The one status vocabulary: what each status means and the colour every chart gives it.

Commitments and figures have separate vocabularies. Colours come from the Okabe–Ito palette, which
stays distinct for readers with the common forms of colour blindness.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol


class CommitmentStatus(StrEnum):
    """Where a commitment stands, as the latest dated source says."""

    ANNOUNCED = "announced"
    """The Government said it will do this; nothing yet shows it started."""
    IN_PROGRESS = "in_progress"
    """A later answer says work has started."""
    DELIVERED = "delivered"
    """A later answer says it was done."""
    PARTLY_DELIVERED = "partly_delivered"
    """Done in part, or narrower than promised."""
    STALLED = "stalled"
    """A later answer shows no progress past its due date."""
    DROPPED = "dropped"
    """The Government said it will not do it, or it was replaced."""
    CANNOT_CHECK = "cannot_check"
    """No source can say whether it happened."""
    RESTATED = "restated"
    """Said again in a later answer; the status stands as it was."""
    NEEDS_REVIEW = "needs_review"
    """A draft from the loaders, not yet reviewed by an analyst."""


class FigureStatus(StrEnum):
    """Whether a figure still stands."""

    REPORTED = "reported"
    """Stated to Parliament as fact."""
    SUPERSEDED = "superseded"
    """A later answer gives a newer figure for the same metric."""
    CORRECTED = "corrected"
    """The Government corrected it."""
    DISPUTED = "disputed"
    """Another source gives a different value for the same metric and period."""
    RESTATED = "restated"
    """The same figure stated again in a later answer; the status stands as it was."""
    NEEDS_REVIEW = "needs_review"
    """A draft from the loaders, not yet reviewed by an analyst."""


# Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, grey.
STATUS_COLOURS: dict[str, str] = {
    "announced": "#56B4E9",
    "in_progress": "#0072B2",
    "delivered": "#009E73",
    "partly_delivered": "#F0E442",
    "stalled": "#E69F00",
    "dropped": "#D55E00",
    "cannot_check": "#999999",
    "needs_review": "#CC79A7",
    "restated": "#56B4E9",
    "reported": "#0072B2",
    "superseded": "#999999",
    "corrected": "#E69F00",
    "disputed": "#D55E00",
}

STATUS_ORDER: list[str] = [s.value for s in CommitmentStatus] + [
    s.value for s in FigureStatus if s.value not in {c.value for c in CommitmentStatus}
]

DRAFT_STATUS = "needs_review"

RESTATED = "restated"
"""An event that says a record again: it is dated and sourced, but a record's status is the status
of its last event that is not a restatement."""


class HasStatus(Protocol):
    """An event of a record's history, as far as its status goes."""

    status: str


def standing_index(history: Sequence[HasStatus]) -> int:
    """The place of the event whose status is the record's: its last that is not a
    restatement."""
    for index in range(len(history) - 1, -1, -1):
        if history[index].status != RESTATED:
            return index
    return len(history) - 1


def label(status: str) -> str:
    """A status as a reader sees it: ``in_progress`` → ``In progress``."""
    return status.replace("_", " ").capitalize()


def normalise(text: str) -> str:
    """Accept ``In progress``, ``in-progress`` and ``in_progress`` alike."""
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def vocabulary(kind: str) -> list[str]:
    """The statuses allowed for a record kind (``commitment`` or ``figure``)."""
    enum = CommitmentStatus if kind == "commitment" else FigureStatus
    return [s.value for s in enum]


def colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#000000")
