"""Registry names as tables: any spelling of a name or alias resolves to one canonical name, and a
filter on a name also finds the names it succeeded, however far back the chain goes."""

from __future__ import annotations

from typing import Any

import pytest

from commitments.record.model import Entity, Minister, Registry
from commitments.record.registry import Lookup, Names

# The agencies of the baseline, with one more link: NCS and NCIS were merged into SOCA, and SOCA
# into the NCA. NCS names its successor by an alias; NCIS by its full name.
AGENCIES: list[dict[str, Any]] = [
    {"name": "Europol"},
    {"name": "National Crime Squad", "aliases": ["NCS"], "successor": "SOCA"},
    {
        "name": "National Criminal Intelligence Service",
        "aliases": ["N.C.I.S."],
        "successor": "Serious Organised Crime Agency",
    },
    {
        "name": "Serious Organised Crime Agency",
        "aliases": ["SOCA"],
        "successor": "National Crime Agency",
    },
    {"name": "National Crime Agency", "aliases": ["NCA"]},
]
NCS, NCIS = "National Crime Squad", "National Criminal Intelligence Service"
SOCA, NCA = "Serious Organised Crime Agency", "National Crime Agency"


def agencies(changes: dict[str, dict[str, Any]] | None = None) -> Names:
    """The agencies' names, with ``changes`` (agency name → fields to set) made first."""
    changes = changes or {}
    return Names.of(
        [
            Entity.model_validate({**entity, **changes.get(entity["name"], {})})
            for entity in AGENCIES
        ]
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Europol", "Europol"),
        ("europol", "Europol"),  # case never matters
        ("  EUROPOL ", "Europol"),  # nor space around the name
        ("Serious  Organised\tCrime   Agency", SOCA),  # runs of spaces and tabs count as one space
        ("SOCA", SOCA),  # an alias
        ("soca", SOCA),  # an alias, in another case
        ("N.C.I.S.", NCIS),  # an alias as the registry writes it, dots and all
        ("NCIS", NCIS),  # dots are ignored: the alias without them
        ("n.c.s", NCS),  # ... and dots typed where the registry has none
        ("N C S", None),  # a space is not a dot: these are three words, not the alias
        ("National Crime", None),  # the start of a name is not the name
        ("Reflex", None),  # a programme is not an agency
        ("", None),
    ],
)
def test_resolve_finds_the_canonical_name_of_any_spelling(typed, expected):
    assert agencies().resolve(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Europol", {"Europol"}),  # neither succeeded nor succeeding: itself only
        # a predecessor finds itself, not what came after it
        ("National Crime Squad", {NCS}),
        # NCS named SOCA by its alias, NCIS by its name: both found
        ("Serious Organised Crime Agency", {SOCA, NCS, NCIS}),
        # the chain is followed back through SOCA to the agencies SOCA succeeded
        ("National Crime Agency", {NCA, SOCA, NCS, NCIS}),
        ("nca", {NCA, SOCA, NCS, NCIS}),  # an alias expands as its name does
        ("Kent Police", set()),  # unknown: nothing (a filter then matches it as typed)
    ],
)
def test_expand_finds_a_name_and_every_name_it_succeeded(typed, expected):
    assert agencies().expand(typed) == expected


@pytest.mark.parametrize(
    ("changes", "typed", "expected"),
    [
        # the chain broken in the middle: the NCA no longer reaches back past SOCA
        ({SOCA: {"successor": None}}, NCA, {NCA}),
        ({SOCA: {"successor": None}}, SOCA, {SOCA, NCS, NCIS}),
        # a successor named by an alias in another case, with dots: still SOCA
        ({NCS: {"successor": "s.o.c.a."}}, SOCA, {SOCA, NCS, NCIS}),
        # NCIS skips SOCA: the NCA still finds it, SOCA no longer does
        ({NCIS: {"successor": NCA}}, SOCA, {SOCA, NCS}),
        ({NCIS: {"successor": NCA}}, NCA, {NCA, SOCA, NCS, NCIS}),
        # SOCA loses the alias NCS named it by: NCS's successor is no known name, so SOCA
        # finds only NCIS
        ({SOCA: {"aliases": []}}, SOCA, {SOCA, NCIS}),
        # a new alias is found like the old ones
        ({NCA: {"aliases": ["NCA", "National Crime Agency (NCA)"]}}, "national crime agency (nca)",
         {NCA, SOCA, NCS, NCIS}),
    ],
)  # fmt: skip
def test_one_changed_field_changes_what_a_name_expands_to(changes, typed, expected):
    assert agencies(changes).expand(typed) == expected


@pytest.mark.parametrize("order", [1, -1], ids=["as-listed", "reversed"])
def test_the_order_of_the_registry_does_not_change_the_expansion(order):
    # a successor may be listed before or after the agencies it succeeded
    names = Names.of([Entity.model_validate(entity) for entity in AGENCIES[::order]])
    assert names.expand(NCA) == {NCA, SOCA, NCS, NCIS}
    assert names.names() == sorted(["Europol", NCS, NCIS, SOCA, NCA])


def test_a_circle_of_successors_ends_with_each_finding_the_other():
    # the registry does not forbid a circle: expansion must still end
    names = Names.of(
        [Entity(name="Alpha", successor="Beta"), Entity(name="Beta", successor="Alpha")]
    )
    assert names.expand("Alpha") == names.expand("Beta") == {"Alpha", "Beta"}


def test_names_lists_each_canonical_name_once_and_no_alias():
    assert agencies().names() == sorted(["Europol", NCS, NCIS, SOCA, NCA])


def test_ministers_resolve_by_alias_and_succeed_no_one():
    names = Names.of([Minister(name="Jacqui Smith", aliases=["Ms. Smith"])])
    assert names.resolve("ms smith") == "Jacqui Smith"
    assert names.expand("Ms Smith") == {"Jacqui Smith"}
    assert names.predecessors == {}


def test_the_lookup_keeps_each_kind_of_name_apart():
    registry = Registry.model_validate(
        {
            "programmes": [{"name": "Reflex", "aliases": ["Project Reflex"]}],
            "agencies": AGENCIES,
            "ministers": [{"name": "Beverley Hughes"}],
        }
    )
    lookup = Lookup.of(registry)
    assert lookup.programmes.resolve("project reflex") == "Reflex"
    assert lookup.agencies.resolve("Project Reflex") is None
    assert lookup.agencies.expand("SOCA") == {SOCA, NCS, NCIS}
    assert lookup.ministers.resolve("beverley hughes") == "Beverley Hughes"
    assert lookup.departments.names() == []
