"""The page's state in the session and in its address.

On a session's first run the address is read into the widgets' session state (names resolved,
unknown values dropped); on every run the address is rewritten from the widgets, so the address
bar always holds the view on screen and can be sent as a link. An address in the old parameter
names (``from``, ``to``, ``q``) is thereby rewritten in the new ones on the first run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import streamlit as st

from .address import PageState, from_params, to_params

_READ = "_address_read"
_PENDING = "_address"


def current_params() -> dict[str, list[str]]:
    """The page's query parameters, every value of a repeated one kept."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def read_address_once(
    seed: Callable[[PageState], dict[str, object]],
) -> PageState:
    """The state the address asked for when the session began; seeds the widgets once.

    ``seed`` turns the asked-for state into widget values by key (only valid values).
    """
    if not st.session_state.get(_READ):
        wanted = from_params(current_params())
        for key, value in seed(wanted).items():
            st.session_state[key] = value
        st.session_state[_PENDING] = wanted
        st.session_state[_READ] = True
    return st.session_state[_PENDING]


def asked_for() -> PageState:
    """The state the address asked for when the session began."""
    return st.session_state.get(_PENDING) or PageState()


def seed_choice(key: str, wanted: str | None, options: Iterable[str]) -> None:
    """Give a view's own widget the address's value once, if it is one of the options."""
    seeded = f"_seeded_{key}"
    if st.session_state.get(seeded):
        return
    st.session_state[seeded] = True
    if wanted is not None and wanted in set(options) and key not in st.session_state:
        st.session_state[key] = wanted


def write_address(state: PageState) -> None:
    """Make the address hold ``state`` (written only when it differs)."""
    params = to_params(state)
    wanted = {k: [v] if isinstance(v, str) else list(v) for k, v in params.items()}
    if wanted != current_params():
        st.query_params.from_dict(params)
