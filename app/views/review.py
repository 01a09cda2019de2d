"""Review: the proposals a new answer made against the records on file, one at a time, to accept
(as proposed or with edits), reject, or make a new record of.

The sentence is shown highlighted in its answer beside the target record's history; every piece
of answer and record text is escaped Markdown, a table or code, never HTML. The work is done by
``loaders.queue``; the page writes only with ``TRACKER_ALLOW_SAVE=1`` (else it offers the changed
files to download, with the command that makes the same change).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from commitments.folder.dataset import ID_PATTERN
from commitments.record.status import label, vocabulary
from commitments.record.values import format_day
from loaders import queue, review

from ..data import data_root, note_change
from ..markdown import escape, highlighted
from ..selection import Selection
from .common import date_column

SAID = "_review_said"
OFFERED = "_review_offered"
KINDS = {
    "status": "A status event",
    "restated": "Said again",
    "figure": "A new point on a metric",
    "new": "A new record",
}
PRECISION_LABELS = {"day": "Day", "month": "Month (its first day)", "year": "Year (1 January)"}


def render(selection: Selection) -> None:
    root = data_root()
    st.caption(
        "What new answers say of the records on file, waiting for review: a status event, a new "
        "point on a metric, a restatement or a new record, each with its sentence and why it "
        "was matched. Make proposals with `python -m loaders propose FILE --data DATA_DIR "
        "--queue`."
    )
    _said()
    items = queue.pending(root)
    for item in items:
        if item.problem:
            st.warning(escape(item.problem), icon=":material/report:")
    ready = [item for item in items if not item.problem]
    if not ready:
        st.info("No proposals are waiting for review.")
        return
    item = _choose(ready)
    _show(root, item)
    _actions(root, item)


def _said() -> None:
    """What the last action did, kept across the rerun it caused."""
    said = st.session_state.pop(SAID, None)
    if said:
        st.success(escape(said), icon=":material/check:")


def _choose(ready: list[queue.Pending]) -> queue.Pending:
    by_id = {item.id: item for item in ready}
    chosen = st.selectbox(
        f"Proposal ({len(ready)} waiting, oldest first)",
        list(by_id),
        format_func=lambda pid: f"{pid} · {by_id[pid].label()}",
        key="review_proposal",
    )
    return by_id.get(chosen, ready[0])


# --- The proposal beside its record ---------------------------------------------------------------


def _show(root: Path, item: queue.Pending) -> None:
    what = f"{KINDS.get(item.kind, item.kind)} · status {label(item.status or '?')}"
    if item.effective:
        what += f" (took effect {format_day(item.effective, item.precision)})"
    if item.proposal.get("value") is not None:
        what += f" · value {item.proposal['value']}"
    what += f" · score {item.score:.2f}"
    st.markdown(f"{_code(item.id)} · {escape(what)}")
    if item.reason:
        st.markdown(f"**Why:** {escape(item.reason)}")
    sentence, record = st.columns([3, 2])
    with sentence:
        found = queue.answer_text(root, item.answer)
        if found is None:
            st.warning(
                escape(
                    f"The answer {item.answer} is not in the data folder yet: write it first "
                    "(propose with --queue writes it)."
                )
            )
            st.text(item.quote)
        else:
            citation, text = found
            st.markdown(f"**The sentence in its answer** ({escape(citation)})")
            with st.container(border=True, key="review_answer_text", height=360):
                shown, _ = highlighted(text, item.quote)
                st.markdown(shown)
    with record:
        _target(root, item)


def _target(root: Path, item: queue.Pending) -> None:
    target = queue.target(root, item.record) if item.kind in {"status", "restated"} else None
    if target is None:
        metric = item.proposal.get("metric")
        st.markdown("**A new record**" + (f" on metric {_code(metric)}" if metric else ""))
        if item.record:
            st.caption(escape(f"Beside {item.record}, which gives the same period."))
        return
    st.markdown(f"**{escape(target.title)}** · {_code(target.id)}")
    st.dataframe(
        pd.DataFrame(target.history, columns=list(queue.HISTORY_COLUMNS)).assign(
            status=lambda frame: frame["status"].map(lambda s: label(str(s)))
        ),
        key="review_history",
        hide_index=True,
        column_config={
            "date": date_column("Date"),
            "status": "Status",
            "effective": date_column("Took effect"),
            "source": "Source",
            "quote": "Quote",
        },
    )
    if target.last_quote:
        st.markdown(f"**Last quote:** “{escape(target.last_quote)}”")


def _code(name: object) -> str:
    """An id as code where it is one (ids hold only letters, digits and hyphens), else as
    escaped text: a hand-edited file may hold anything."""
    text = str(name)
    return f"`{text}`" if ID_PATTERN.fullmatch(text) else escape(text)


# --- Accept, edit, reject -----------------------------------------------------------------------


def _actions(root: Path, item: queue.Pending) -> None:
    allowed = review.save_allowed()
    try:
        planned = queue.plan(root, item.id)
        with st.expander("What accepting it as proposed writes"):
            st.caption(escape(f"Into {', '.join(planned.files)}:"))
            st.code(planned.added, language="yaml")
    except queue.QueueError as exc:
        st.warning(f"Accepting it as proposed is refused: {escape(exc)}")
    if not allowed:
        st.caption(
            "This page writes into the data folder only when it runs on your own checkout "
            "with TRACKER_ALLOW_SAVE=1; here each button offers the files it would change."
        )
    accept, reject, new = st.columns(3)
    if accept.button("Accept", key="review_accept", type="primary", icon=":material/check:"):
        _act(root, item, "accept", {}, allowed)
    if reject.button("Reject", key="review_reject", icon=":material/close:"):
        _act(root, item, "reject", {}, allowed)
    if new.button("Make it a new record", key="review_new", icon=":material/note_add:"):
        _act(root, item, "accept", {"new": True}, allowed)
    with st.expander("Accept with edits"):
        edits = _edits(root, item)
        if st.button("Accept with edits", key="review_accept_edits", icon=":material/edit:"):
            _act(root, item, "accept", edits, allowed)
    _offered(item)


def _edits(root: Path, item: queue.Pending) -> dict:
    """The edits as chosen: status, effective date and precision, and target (for an event on
    a record on file: the proposal's record or one of its alternatives)."""
    key = f"review_{item.id}"
    on_file = item.kind in {"status", "restated"}
    choices = [c for c in [item.record, *item.alternatives] if c] if on_file else []
    target = queue.target(root, item.record) if on_file else None
    if target is not None:
        kind = target.kind
    else:
        figure = item.kind == "figure" or item.proposal.get("value") is not None
        kind = "figure" if figure else "commitment"
    statuses = vocabulary(kind)
    status = st.selectbox(
        "Status",
        statuses,
        index=statuses.index(item.status) if item.status in statuses else 0,
        format_func=label,
        key=f"{key}_status",
    )
    effective = st.date_input(
        "Took effect",
        value=item.effective,
        min_value=dt.date(1980, 1, 1),
        max_value=dt.date.today(),
        format="DD/MM/YYYY",
        key=f"{key}_effective",
        help="When the change took effect, where the words date it; empty for none.",
    )
    precision = st.selectbox(
        "Precision",
        list(queue.PRECISIONS),
        index=queue.PRECISIONS.index(item.precision) if item.precision in queue.PRECISIONS else 0,
        format_func=PRECISION_LABELS.get,
        key=f"{key}_precision",
    )
    edits: dict = {"status": status, "effective": effective, "precision": precision}
    if choices:
        edits["record"] = st.selectbox(
            "Target record", choices, key=f"{key}_record", help="The proposal's, or another found"
        )
    return edits


def _act(root: Path, item: queue.Pending, action: str, edits: dict, allowed: bool) -> None:
    """Do it (when the page may write), or offer the files it would change."""
    try:
        if allowed:
            if action == "accept":
                change = queue.accept(root, item.id, edits)
            else:
                change = queue.reject(root, item.id)
            note_change(root)
            st.session_state[SAID] = change.summary
            st.rerun()
        change = queue.plan(root, item.id, edits) if action == "accept" else None
        if change is None:
            change = queue.rejection(root, item.id)
    except queue.QueueError as exc:
        st.error(escape(exc))
        return
    st.session_state[OFFERED] = (item.id, action, edits, change)


def _offered(item: queue.Pending) -> None:
    """The files an action would change, to download where the page may not write."""
    offered = st.session_state.get(OFFERED)
    if not offered or offered[0] != item.id:
        return
    _pid, action, edits, change = offered
    st.info(
        escape(
            f"Saving is off on this page, so nothing was written. To {action} it, take the "
            f"changed files ({', '.join(change.files)}, inside the data folder) and remove the "
            "proposal's pending file, or run the command below on your checkout."
        )
    )
    st.download_button(
        f"Download the changed files ({len(change.files)})",
        data=queue.change_zip(change),
        file_name=f"review-{item.id}.zip",
        mime="application/zip",
        key="review_download",
        on_click="ignore",
        icon=":material/download:",
    )
    command = f"python -m loaders review {data_root()} --{action} {item.id}"
    for name in ("status", "precision", "record"):
        if edits.get(name):
            command += f" --{name} {edits[name]}"
    if "effective" in edits:
        command += f" --effective {edits['effective'] or 'none'}"
    if edits.get("new"):
        command += " --new"
    st.code(
        f"unzip -o review-{item.id}.zip -d {data_root()} && rm {Path(data_root(), change.removes)}"
        f"\n# or\n{command}",
        language="bash",
    )
