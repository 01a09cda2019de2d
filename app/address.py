"""The page address: every filter and the open view, as query parameters an analyst can send.

``to_params`` and ``from_params`` are pure, and each is the other's inverse for any state the page
can hold, so a copied address opens exactly the same view. Parameters that are unknown or do not
parse are ignored rather than failing the page.

Each filter has one name everywhere: its parameter here, its command-line flag (``--since``,
``--programme``) and its ``Filters`` field (``since``; ``programmes`` for a filter of several
values; ``include_unverified`` for the one switch, written ``include_unverified=1`` only when it is
on). Addresses written before the names were made one (``from``, ``to``, ``q``) still open the
same view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from commitments.tables.filters import Filters

DEFAULT_VIEW = "overview"

# query parameter → Filters field, for the filters that hold several values
LIST_PARAMS: dict[str, str] = {
    "programme": "programmes",
    "agency": "agencies",
    "status": "statuses",
    "kind": "kinds",
    "minister": "ministers",
    "house": "houses",
}
SINCE = "since"
UNTIL = "until"
AS_AT = "as_at"
DATE_PARAMS = (SINCE, UNTIL, AS_AT)
"""The filters that are one date; each parameter is named as its Filters field."""
TEXT_PARAM = "text"
INCLUDE_UNVERIFIED = "include_unverified"
SWITCH_PARAMS = (INCLUDE_UNVERIFIED,)
"""The filters that are on or off; each parameter is named as its Filters field, written ``=1``
when on and left out when off (the command line's ``--include-unverified``, which takes no value).
"""
ON = "1"
ON_WORDS = frozenset({ON, "true", "yes", "on"})
"""What reads as on, case aside (an address edited by hand may say ``true``); anything else is
off. Only ``1`` is written."""
OLD_NAMES: dict[str, str] = {"from": SINCE, "to": UNTIL, "q": TEXT_PARAM}
"""Old parameter → its name now. Still read, so links shared before the rename open the same
view; when an address holds both, the new name wins. Never written."""
CHANGED_SINCE = "changed_since"
METRIC = "metric"
RECORD = "record"
VIEW = "view"

PARAMS = [
    *LIST_PARAMS,
    *DATE_PARAMS,
    TEXT_PARAM,
    *SWITCH_PARAMS,
    CHANGED_SINCE,
    METRIC,
    RECORD,
    VIEW,
]
"""Every query parameter the page writes, in the order it writes them (it also reads OLD_NAMES)."""


@dataclass(frozen=True)
class PageState:
    """What the page shows: the filters, the changed-since date, the view and its choices."""

    filters: Filters = field(default_factory=Filters)
    changed_since: dt.date | None = None
    view: str = DEFAULT_VIEW
    metric: str | None = None
    record: str | None = None


def to_params(state: PageState) -> dict[str, str | list[str]]:
    """The query parameters for ``state``; empty choices and the default view are left out."""
    params: dict[str, str | list[str]] = {}
    for param, name in LIST_PARAMS.items():
        values = list(getattr(state.filters, name))
        if values:
            params[param] = values
    for param in DATE_PARAMS:
        value = getattr(state.filters, param)
        if value is not None:
            params[param] = value.isoformat()
    if state.filters.text.strip():
        params[TEXT_PARAM] = state.filters.text
    for param in SWITCH_PARAMS:
        if getattr(state.filters, param):
            params[param] = ON
    if state.changed_since is not None:
        params[CHANGED_SINCE] = state.changed_since.isoformat()
    if state.metric:
        params[METRIC] = state.metric
    if state.record:
        params[RECORD] = state.record
    if state.view and state.view != DEFAULT_VIEW:
        params[VIEW] = state.view
    return params


def from_params(params: Mapping[str, str | list[str]]) -> PageState:
    """The state a page address asks for. A value given several times keeps its last copy."""
    params = _renamed(params)
    lists = {
        name: tuple(dict.fromkeys(v for v in _all(params, param) if v.strip()))
        for param, name in LIST_PARAMS.items()
    }
    dates = {param: _date(_last(params, param)) for param in DATE_PARAMS}
    switches = {param: _switch(_last(params, param)) for param in SWITCH_PARAMS}
    filters = Filters(**lists, **dates, text=_last(params, TEXT_PARAM) or "", **switches)
    return PageState(
        filters=filters,
        changed_since=_date(_last(params, CHANGED_SINCE)),
        view=_last(params, VIEW) or DEFAULT_VIEW,
        metric=_last(params, METRIC) or None,
        record=_last(params, RECORD) or None,
    )


def with_view(state: PageState, view: str) -> PageState:
    return replace(state, view=view)


def _renamed(params: Mapping[str, str | list[str]]) -> Mapping[str, str | list[str]]:
    """``params`` with each old name read as its new one, unless the new one is there too."""
    old = {new: params[name] for name, new in OLD_NAMES.items() if name in params}
    if not old:
        return params
    return {**old, **{k: v for k, v in params.items() if k not in OLD_NAMES}}


def _all(params: Mapping[str, str | list[str]], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _last(params: Mapping[str, str | list[str]], key: str) -> str | None:
    values = _all(params, key)
    return values[-1] if values else None


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _switch(text: str | None) -> bool:
    return text is not None and text.strip().casefold() in ON_WORDS
