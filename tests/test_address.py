"""The page address as tables: one name per filter on the command line, in the address and in
``Filters``; addresses in the old names (``from``, ``to``, ``q``) still read; what cannot be read
is dropped."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import re

import pytest

from app.address import (
    DATE_PARAMS,
    LIST_PARAMS,
    OLD_NAMES,
    SWITCH_PARAMS,
    TEXT_PARAM,
    PageState,
    from_params,
    to_params,
)
from commitments import cli
from commitments.tables.filters import Filters

D2003, D2002 = dt.date(2003, 1, 1), dt.date(2002, 1, 1)

# (address parameter, command-line flag, the value typed, the Filters field and what it holds)
ONE_NAME = [
    ("programme", "--programme", "Reflex", "programmes", ("Reflex",)),
    ("agency", "--agency", "SOCA", "agencies", ("SOCA",)),
    ("status", "--status", "delivered", "statuses", ("delivered",)),
    ("kind", "--kind", "figure", "kinds", ("figure",)),
    ("minister", "--minister", "Beverley Hughes", "ministers", ("Beverley Hughes",)),
    ("house", "--house", "Lords", "houses", ("Lords",)),
    ("since", "--since", "2003-01-01", "since", D2003),
    ("until", "--until", "2003-01-01", "until", D2003),
    ("text", "--text", "pilot", "text", "pilot"),
    # a flag's words are joined by "-", a parameter's and a field's by "_"
    ("as_at", "--as-at", "2003-01-01", "as_at", D2003),
    # a switch: the flag takes no value; the address holds 1 when it is on, nothing when off
    ("include_unverified", "--include-unverified", "1", "include_unverified", True),
]


def filter_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    cli.add_filter_options(parser)
    return parser


@pytest.mark.parametrize(("param", "flag", "typed", "field", "held"), ONE_NAME)
def test_a_filter_has_one_name_on_the_command_line_in_the_address_and_in_filters(
    param, flag, typed, field, held
):
    assert flag == "--" + param.replace("_", "-")
    # a filter of several values: the field is the plural of the singular flag and parameter
    assert field == LIST_PARAMS.get(param, param)
    wanted = Filters(**{field: held})
    args = [flag] if param in SWITCH_PARAMS else [flag, typed]
    assert cli.filters_from(filter_parser().parse_args(args)) == wanted
    assert from_params({param: typed}).filters == wanted
    assert to_params(PageState(filters=wanted)) == {
        param: [typed] if param in LIST_PARAMS else typed
    }


def test_the_table_names_every_filter_of_every_surface():
    params = {row[0] for row in ONE_NAME}
    assert len(params) == 11
    assert params == {*LIST_PARAMS, *DATE_PARAMS, TEXT_PARAM, *SWITCH_PARAMS}, "the address"
    flags = set(re.findall(r"--[a-z][a-z-]*", filter_parser().format_help())) - {"--help"}
    assert flags == {"--" + param.replace("_", "-") for param in params}, "the command line"
    fields = {field.name for field in dataclasses.fields(Filters)}
    # a chart's metric (--metric of chart and brief, metric in the address) chooses no records
    assert {row[3] for row in ONE_NAME} == fields - {"metric"}, "Filters"


OLD_AND_NEW = [
    ({"since": "2003-01-01"}, Filters(since=D2003)),
    ({"from": "2003-01-01"}, Filters(since=D2003)),  # a link shared before the rename
    ({"to": "2003-01-01"}, Filters(until=D2003)),
    ({"q": "pilot"}, Filters(text="pilot")),
    ({"q": ["pilot", "scheme"]}, Filters(text="scheme")),  # repeated: the last copy, as ever
    # old and new names mixed in one address, each for its own filter
    ({"from": "2002-01-01", "until": "2003-01-01"}, Filters(since=D2002, until=D2003)),
    # both names of one filter: the new name wins, wherever it stands
    ({"since": "2003-01-01", "from": "2002-01-01"}, Filters(since=D2003)),
    ({"from": "2002-01-01", "since": "2003-01-01"}, Filters(since=D2003)),
    ({"text": "pilot", "q": "scheme"}, Filters(text="pilot")),
    # ... even when it cannot be read: an address is read in one name per filter, never mixed
    ({"since": "01/01/2003", "from": "2002-01-01"}, Filters()),
    # what no date is, in either name, is dropped
    ({"from": "01/01/2003"}, Filters()),
    ({"to": ""}, Filters()),
    # as_at and the lists kept their names: nothing to rename
    ({"as_at": "2003-01-01"}, Filters(as_at=D2003)),
    ({"programme": ["Reflex", " ", "Reflex"]}, Filters(programmes=("Reflex",))),
]


@pytest.mark.parametrize(("params", "expected"), OLD_AND_NEW)
def test_the_address_reads_old_and_new_names(params, expected):
    assert from_params(params).filters == expected


@pytest.mark.parametrize(("params", "expected"), OLD_AND_NEW)
def test_the_address_is_written_in_the_new_names_only(params, expected):
    written = to_params(from_params(params))
    assert not set(written) & set(OLD_NAMES)
    assert from_params(written).filters == expected


def test_old_names_are_read_as_the_filters_they_were_renamed_to():
    assert OLD_NAMES == {"from": "since", "to": "until", "q": "text"}
    assert set(OLD_NAMES.values()) <= {*DATE_PARAMS, TEXT_PARAM}


SWITCHES = [
    ({}, False),  # off by default: unverified records are left out
    ({"include_unverified": "1"}, True),  # as the page writes it
    ({"include_unverified": "true"}, True),  # edited by hand: read, and rewritten as 1
    ({"include_unverified": " ON "}, True),
    ({"include_unverified": "0"}, False),
    ({"include_unverified": ""}, False),
    ({"include_unverified": "maybe"}, False),  # what is not a yes is off: nothing unsound shows
    ({"include_unverified": ["1", "0"]}, False),  # repeated: the last copy, as ever
]


@pytest.mark.parametrize(("params", "on"), SWITCHES)
def test_the_include_unverified_switch_is_written_1_when_on_and_left_out_when_off(params, on):
    state = from_params(params)
    assert state.filters == Filters(include_unverified=on)
    assert to_params(state) == ({"include_unverified": "1"} if on else {})


def test_the_rest_of_the_address_is_read_whatever_the_names_of_the_filters():
    state = from_params({"q": "pilot", "view": "figures", "metric": "reflex-arrests"})
    assert state == PageState(
        filters=Filters(text="pilot"), view="figures", metric="reflex-arrests"
    )
