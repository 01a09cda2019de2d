"""The page address: every filter and the open view, as query parameters an analyst can send.

``to_params`` and ``from_params`` are pure, and each is the other's inverse for any state the page
can hold, so a copied address opens exactly the same view. Parameters that are unknown or do not
parse are ignored rather than failing the page.
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
# query parameter → Filters field, for the filters that are one date
DATE_PARAMS: dict[str, str] = {"from": "since", "to": "until", "as_at": "as_at"}
TEXT_PARAM = "q"
CHANGED_SINCE = "changed_since"
METRIC = "metric"
RECORD = "record"
VIEW = "view"

PARAMS = [*LIST_PARAMS, *DATE_PARAMS, TEXT_PARAM, CHANGED_SINCE, METRIC, RECORD, VIEW]
"""Every query parameter the page reads, in the order it writes them."""


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
    for param, name in DATE_PARAMS.items():
        value = getattr(state.filters, name)
        if value is not None:
            params[param] = value.isoformat()
    if state.filters.text.strip():
        params[TEXT_PARAM] = state.filters.text
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
    lists = {
        name: tuple(dict.fromkeys(v for v in _all(params, param) if v.strip()))
        for param, name in LIST_PARAMS.items()
    }
    dates = {name: _date(_last(params, param)) for param, name in DATE_PARAMS.items()}
    filters = Filters(**lists, **dates, text=_last(params, TEXT_PARAM) or "")
    return PageState(
        filters=filters,
        changed_since=_date(_last(params, CHANGED_SINCE)),
        view=_last(params, VIEW) or DEFAULT_VIEW,
        metric=_last(params, METRIC) or None,
        record=_last(params, RECORD) or None,
    )


def with_view(state: PageState, view: str) -> PageState:
    return replace(state, view=view)


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
