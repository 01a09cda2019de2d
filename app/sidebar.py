"""The sidebar: every filter, the as-at date and the changed-since date, each keyed by the name
it has in the page address (which is also its command-line flag)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from commitments.record.registry import Names
from commitments.record.status import STATUS_ORDER, label, normalise
from commitments.serving.snapshot import Snapshot
from commitments.tables.filters import Filters

from .address import (
    AS_AT,
    CHANGED_SINCE,
    DATE_PARAMS,
    INCLUDE_UNVERIFIED,
    LIST_PARAMS,
    SINCE,
    TEXT_PARAM,
    UNTIL,
    PageState,
)

KINDS = ["commitment", "figure"]
HOUSES = ["Commons", "Lords"]
EARLIEST = dt.date(1980, 1, 1)
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Options:
    """What each multi-choice filter offers, canonical names only."""

    programme: list[str]
    agency: list[str]
    status: list[str]
    kind: list[str]
    minister: list[str]
    house: list[str]


def options_of(snapshot: Snapshot) -> Options:
    records, lookup = snapshot.tables.records, snapshot.lookup

    def names(registry: Names, used: list[str]) -> list[str]:
        return sorted(set(registry.names()) | {n for n in used if n})

    return Options(
        programme=names(lookup.programmes, [n for ns in records["programmes"] for n in ns]),
        agency=names(lookup.agencies, [n for ns in records["agencies"] for n in ns]),
        status=list(STATUS_ORDER),
        kind=list(KINDS),
        minister=names(lookup.ministers, records["minister"].dropna().tolist()),
        house=list(HOUSES),
    )


def seed_values(wanted: PageState, options: Options, snapshot: Snapshot) -> dict[str, object]:
    """The widget values for the state an address asks for: names resolved, unknowns dropped."""
    lookup = snapshot.lookup
    resolvers = {
        "programme": lookup.programmes.resolve,
        "agency": lookup.agencies.resolve,
        "minister": lookup.ministers.resolve,
        "status": normalise,
        "kind": lambda text: text.strip().lower(),
        "house": lambda text: text.strip().capitalize(),
    }
    values: dict[str, object] = {}
    for param, name in LIST_PARAMS.items():
        allowed = getattr(options, param)
        chosen = []
        for text in getattr(wanted.filters, name):
            value = resolvers[param](text) or text
            if value in allowed and value not in chosen:
                chosen.append(value)
        values[param] = chosen
    for param in DATE_PARAMS:
        values[param] = getattr(wanted.filters, param)
    values[TEXT_PARAM] = wanted.filters.text
    values[INCLUDE_UNVERIFIED] = wanted.filters.include_unverified
    values[CHANGED_SINCE] = wanted.changed_since
    return values


def _clear() -> None:
    for param in LIST_PARAMS:
        st.session_state[param] = []
    for param in [*DATE_PARAMS, CHANGED_SINCE]:
        st.session_state[param] = None
    st.session_state[TEXT_PARAM] = ""
    st.session_state[INCLUDE_UNVERIFIED] = False


def _plural(kind: str) -> str:
    return {"commitment": "Commitments", "figure": "Figures"}.get(kind, kind)


def _date(text: str, key: str, help_text: str) -> dt.date | None:
    return st.date_input(
        text,
        value=None,
        min_value=EARLIEST,
        max_value=dt.date.today(),
        format=DATE_FORMAT,
        key=key,
        help=help_text,
    )


def render(options: Options) -> tuple[Filters, dt.date | None]:
    """The filter widgets; the filters chosen and the changed-since date."""
    with st.sidebar:
        st.header("Filters")
        programmes = st.multiselect(
            "Programme", options.programme, key="programme", placeholder="Any programme",
            help="Aliases are found too: Reflex finds records filed as Project Reflex.",
        )  # fmt: skip
        agencies = st.multiselect(
            "Agency", options.agency, key="agency", placeholder="Any agency",
            help="An agency also finds the records of the agencies it succeeded.",
        )  # fmt: skip
        statuses = st.multiselect(
            "Status", options.status, key="status", format_func=label, placeholder="Any status"
        )
        kinds = st.multiselect(
            "Kind", options.kind, key="kind", format_func=_plural, placeholder="Both kinds"
        )
        ministers = st.multiselect(
            "Minister", options.minister, key="minister", placeholder="Any minister"
        )
        houses = st.multiselect("House", options.house, key="house", placeholder="Both Houses")
        since = _date("Answered from", SINCE, "Only records from answers given on or after this.")
        until = _date("Answered to", UNTIL, "Only records from answers given on or before this.")
        text = st.text_input(
            "Search titles and quotes", key=TEXT_PARAM, placeholder="e.g. pilot scheme"
        )
        st.divider()
        as_at = _date(
            "Status as at",
            AS_AT,
            "Show every status as the answers known on this date had it. Empty: the latest.",
        )
        changed = _date(
            "Changed since",
            CHANGED_SINCE,
            "List the status changes after this date (the date of a previous briefing).",
        )
        include_unverified = st.checkbox(
            "Include unverified records (marked)",
            key=INCLUDE_UNVERIFIED,
            help="Records that fail their own checks (Data problems lists them) are left out of "
            "every chart, table and download. Tick to include them, each marked UNVERIFIED with "
            "its problem.",
        )
        st.button("Clear all filters", on_click=_clear, key="clear", width="stretch")
        st.caption("The page address holds these filters: copy it to share this view.")
    filters = Filters(
        programmes=tuple(programmes),
        agencies=tuple(agencies),
        statuses=tuple(statuses),
        kinds=tuple(kinds),
        ministers=tuple(ministers),
        houses=tuple(houses),
        since=since,
        until=until,
        text=text or "",
        as_at=as_at,
        include_unverified=include_unverified,
    )
    return filters, changed
