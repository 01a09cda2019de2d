"""Filters as tables: ``apply_filters`` on a small records frame built here, one filter per row and
then combinations; each expected set of ids is written out, so a filter that lets everything (or
nothing) through fails."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from commitments.record.model import Registry
from commitments.record.registry import Lookup
from commitments.tables.filters import Filters, apply_filters

LOOKUP = Lookup.of(
    Registry.model_validate(
        {
            "programmes": [
                {"name": "Reflex", "aliases": ["Project Reflex"]},
                {"name": "Immigration Liaison Officers", "aliases": ["ILO network"]},
                {"name": "Victim support"},
            ],
            "agencies": [
                {"name": "Europol"},
                {"name": "National Crime Squad", "aliases": ["NCS"], "successor": "SOCA"},
                {
                    "name": "National Criminal Intelligence Service",
                    "aliases": ["NCIS"],
                    "successor": "Serious Organised Crime Agency",
                },
                {"name": "Serious Organised Crime Agency", "aliases": ["SOCA"]},
            ],
            "ministers": [
                {"name": "Beverley Hughes", "aliases": ["Ms Hughes"]},
                {"name": "Baroness Scotland of Asthal", "aliases": ["Baroness Scotland"]},
            ],
        }
    )
)

# One valid row; each record below changes what it needs. Names are canonical, as the tables
# hold them; a name the registry does not know stays as it was written.
BASE: dict[str, Any] = {
    "kind": "figure",
    "title": "",
    "quote": "",
    "status": "reported",
    "programmes": [],
    "agencies": [],
    "metric": None,
    "minister": "Beverley Hughes",
    "house": "Commons",
    "answer_date": dt.date(2002, 7, 8),
}
ROWS: list[dict[str, Any]] = [
    {
        "id": "arrests",
        "title": "Reflex co-operation led to 67 arrests",
        "quote": "This has resulted in 67 arrests.",
        "programmes": ["Reflex"],
        "agencies": ["Europol"],
        "metric": "reflex-arrests",
    },
    {
        "id": "ilo",
        "title": "Nine liaison officers posted in the Balkans",
        "quote": "The UK has posted nine Immigration Liaison Officers (currently 12).",
        "status": "superseded",
        "programmes": ["Immigration Liaison Officers"],
        "agencies": ["National Criminal Intelligence Service"],
        "metric": "immigration-liaison-officers",
    },
    {
        "id": "danish",
        "kind": "commitment",
        "title": "EU-wide project under the Danish presidency",
        "quote": "The Danish presidency will promote an EU-wide project against trafficking.",
        "status": "announced",
    },
    {
        "id": "pilot",
        "kind": "commitment",
        "title": "Support for victims",
        "quote": "We are developing a Pilot scheme of support.",
        "status": "delivered",
        "programmes": ["Victim support"],
        "minister": "Caroline Flint",  # not in the registry
        "answer_date": dt.date(2002, 11, 4),
    },
    {
        "id": "networks",
        "kind": "commitment",
        "title": "Reflex to target criminal networks",
        "quote": "SOCA will take Reflex forward.",
        "status": "in_progress",
        "programmes": ["Reflex"],
        "agencies": ["Serious Organised Crime Agency", "Kent Police"],  # Kent: not registered
        "minister": "Baroness Scotland of Asthal",
        "house": "Lords",
        "answer_date": dt.date(2004, 5, 4),
    },
    {
        # its answer is missing: no house, minister or date to filter on
        "id": "orphan",
        "title": "Figure whose answer is missing",
        "quote": "Over 60 operations.",
        "minister": None,
        "house": None,
        "answer_date": None,
    },
]
ALL = {row["id"] for row in ROWS}


def records() -> pd.DataFrame:
    frame = pd.DataFrame([{**BASE, **row} for row in ROWS])
    frame["answer_date"] = pd.to_datetime(frame["answer_date"])
    return frame


def ids(filters: Filters) -> set[str]:
    return set(apply_filters(records(), filters, LOOKUP)["id"])


JULY_8, NOVEMBER_4 = dt.date(2002, 7, 8), dt.date(2002, 11, 4)

EACH_FILTER = [
    (Filters(), ALL),
    (Filters(programmes=("Reflex",)), {"arrests", "networks"}),
    (Filters(programmes=("project reflex",)), {"arrests", "networks"}),  # an alias, any case
    # several values of one filter: any of them
    (Filters(programmes=("Reflex", "Victim support")), {"arrests", "networks", "pilot"}),
    # a record with several agencies is found by any one of them
    (Filters(agencies=("Europol",)), {"arrests"}),
    # SOCA finds the records of NCIS, which it succeeded, by the alias of either
    (Filters(agencies=("SOCA",)), {"ilo", "networks"}),
    (Filters(agencies=("NCIS",)), {"ilo"}),  # a predecessor does not find its successor
    # unknown names match as typed, exactly
    (Filters(agencies=("Kent Police",)), {"networks"}),
    (Filters(agencies=("kent police",)), set()),
    (Filters(statuses=("delivered",)), {"pilot"}),
    (Filters(statuses=("In progress",)), {"networks"}),  # a label, as the address may carry it
    (Filters(statuses=("in-progress",)), {"networks"}),
    (Filters(kinds=(" Commitment ",)), {"danish", "pilot", "networks"}),
    (Filters(kinds=("figure",)), {"arrests", "ilo", "orphan"}),
    (Filters(ministers=("Ms Hughes",)), {"arrests", "ilo", "danish"}),  # an alias
    (Filters(ministers=("Caroline Flint",)), {"pilot"}),  # unknown: as typed
    # a house in any case; the orphan has none and is never found by one
    (Filters(houses=("lords",)), {"networks"}),
    (Filters(houses=("Commons",)), {"arrests", "ilo", "danish", "pilot"}),
    # dates are inclusive at both ends; a record without an answer date is left out
    (Filters(since=NOVEMBER_4), {"pilot", "networks"}),
    (Filters(until=JULY_8), {"arrests", "ilo", "danish"}),
    (Filters(since=NOVEMBER_4, until=NOVEMBER_4), {"pilot"}),
    (Filters(since=dt.date(2002, 11, 5), until=dt.date(2004, 5, 3)), set()),
    # since after until: an empty range, not an error
    (Filters(since=dt.date(2004, 1, 1), until=dt.date(2002, 1, 1)), set()),
    # text: in the title or the quote, whatever the case
    (Filters(text="BALKANS"), {"ilo"}),  # title only
    (Filters(text="pilot scheme"), {"pilot"}),  # quote only, its case differs
    (Filters(text="reflex"), {"arrests", "networks"}),  # in both of one, the title of another
    (Filters(text="  arrests  "), {"arrests"}),  # space around the words is dropped
    (Filters(text="(currently 12)"), {"ilo"}),  # read as text, not as a pattern
    (Filters(text="   "), ALL),  # only spaces: no text filter
    (Filters(text="nowhere in any record"), set()),
]


@pytest.mark.parametrize(("filters", "expected"), EACH_FILTER)
def test_each_filter_alone(filters, expected):
    assert ids(filters) == expected


COMBINATIONS = [
    # different filters must all hold
    (Filters(programmes=("Reflex",), kinds=("figure",)), {"arrests"}),
    (Filters(programmes=("Reflex",), houses=("Lords",)), {"networks"}),
    (Filters(agencies=("SOCA",), statuses=("superseded",)), {"ilo"}),
    (Filters(kinds=("commitment",), until=JULY_8), {"danish"}),
    (Filters(ministers=("Beverley Hughes",), text="project"), {"danish"}),
    # each holds alone, never together: nothing
    (Filters(programmes=("Victim support",), houses=("Lords",)), set()),
    (Filters(statuses=("delivered",), kinds=("figure",)), set()),
]


@pytest.mark.parametrize(("filters", "expected"), COMBINATIONS)
def test_filters_together_keep_what_every_one_allows(filters, expected):
    assert ids(filters) == expected


def test_a_filter_that_matches_nothing_gives_an_empty_frame_with_every_column():
    frame = records()
    shown = apply_filters(frame, Filters(programmes=("No such programme",)), LOOKUP)
    assert shown.empty
    assert list(shown.columns) == list(frame.columns)


def test_the_rows_kept_are_renumbered_and_the_frame_given_is_untouched():
    frame = records()
    before = frame.copy()
    shown = apply_filters(frame, Filters(since=NOVEMBER_4), LOOKUP)
    assert list(shown.index) == [0, 1]
    assert list(shown["id"]) == ["pilot", "networks"]  # in the order given
    pd.testing.assert_frame_equal(frame, before)
