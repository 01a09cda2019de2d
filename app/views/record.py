"""Record: the quote inside its answer, the citation linked, the dated status history, related
records."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from commitments.record.status import label
from commitments.record.values import format_correction, format_day, format_value

from ..address import RECORD
from ..markdown import escape, highlighted, link
from ..selection import CHECKS, MARK, Selection, marks, related
from ..state import asked_for, seed_choice
from .common import checks_column, nothing_shown


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d %B %Y}"


def render(selection: Selection) -> None:
    if nothing_shown(selection):
        return
    records = selection.view.records.sort_values("title")
    checks = dict(zip(records["id"], marks(records["id"], selection.view.included), strict=True))
    titles = {
        record_id: f"{title} ({MARK})" if checks[record_id] else title
        for record_id, title in zip(records["id"], records["title"], strict=True)
    }
    seed_choice(RECORD, asked_for().record, titles)
    record_id = st.selectbox(
        "Record",
        list(titles),
        format_func=titles.get,
        key=RECORD,
        persist_state="session",
        help="Any record the filters allow; type to search the titles.",
    )
    record = records.set_index("id").loc[record_id]
    answers = selection.view.tables.answers.set_index("id")
    answer = answers.loc[record["source_id"]] if record["source_id"] in answers.index else None
    _heading(record_id, record, selection)
    if checks[record_id]:
        st.error(escape(checks[record_id]), icon=":material/report:")
    _source(record, answer)
    _history(record_id, record, selection)
    _related(record_id, selection)


def _heading(record_id: str, record: pd.Series, selection: Selection) -> None:
    st.subheader(escape(record["title"]), anchor=False)
    as_at = selection.view.as_at
    when = f" as at {_day(as_at)}" if as_at else ""
    since = format_day(record["status_effective"], record["status_precision"])
    since = f" since {since}" if since else ""
    st.markdown(
        f"{escape(record['kind'].capitalize())} · status **{escape(label(record['status']))}**"
        f"{escape(since)}{escape(when)} · `{record_id}`"
    )
    restated = format_day(record["last_restated"])
    if restated:
        st.markdown(escape(f"Last restated in Parliament on {restated}."))
    if isinstance(record.get("made_by"), str):
        st.info(
            escape(
                f"Made by {record['made_by']}, not the UK Government: reported here, never "
                "counted as the Government's, nor as overdue."
            )
        )
    if record.get("conflict"):
        st.warning(escape(record["conflict"]), icon=":material/compare_arrows:")
    if record["kind"] == "figure":
        value = format_value(
            record["value"], record["value_high"], record["lower_bound"], record["unit"]
        )
        corrected = format_correction(
            record.get("corrected_on"),
            record.get("corrected_from"),
            record.get("corrected_from_high"),
            record["lower_bound"],
            record["unit"],
        )
        if corrected:  # the value shown is the corrected one
            value += f" ({corrected})"
        basis = str(record["basis"]).replace("_", " ")
        st.markdown(
            f"**Value:** {escape(value)} · **period:** {escape(record['period_words'])} · "
            f"**counting basis:** {escape(basis)} · **metric:** {escape(record['metric_label'])}"
        )
    elif isinstance(record["due_words"], str):
        by = f" (by {_day(record['due_end'])})" if pd.notna(record["due_end"]) else ""
        who = record["responsible"] if isinstance(record["responsible"], str) else "not stated"
        st.markdown(f"**Due:** “{escape(record['due_words'])}”{escape(by)} · **by:** {escape(who)}")


def _source(record: pd.Series, answer: pd.Series | None) -> None:
    if answer is None:
        st.warning(f"The source answer {record['source_id']} is missing from the data.")
        return
    people = []
    if isinstance(answer["asker"], str):
        people.append(f"asked by {answer['asker']}")
    if isinstance(answer["minister"], str):
        people.append(f"answered by {answer['minister']}")
    people.append(f"on {_day(answer['date'])}")
    st.markdown(
        f"**Source:** {link(answer['citation'], answer['url'])} — {escape(', '.join(people))}"
    )
    with st.container(border=True, key="answer_text"):
        text, found = highlighted(answer["answer"], record["quote"])
        corrected = format_day(record.get("corrected_on"))
        if not found and corrected:  # quoted as first given; the text here is the corrected one
            st.info(
                escape(
                    "The quote is the answer as first given; the text below is as corrected "
                    f"on {corrected}."
                )
            )
        elif not found:
            st.warning("The quote was not found in this answer's text; see Data problems.")
        st.markdown(text)
    if not answer["complete"]:
        st.caption(
            "This copy of the answer is an excerpt: the text available ends before the answer did."
        )
    for kind, detail in zip(answer["flags"], answer["flag_details"], strict=True):
        st.caption(escape(f"{kind.replace('_', ' ').capitalize()}: {detail}"))


def _history(record_id: str, record: pd.Series, selection: Selection) -> None:
    events = selection.view.tables.events  # every event: later ones are counted, not shown
    history = events[events["record_id"] == record_id].sort_values(["date", "seq"])
    later = pd.DataFrame()
    if selection.view.as_at is not None:
        cutoff = pd.Timestamp(selection.view.as_at)
        later = history[history["date"] > cutoff]
        history = history[history["date"] <= cutoff]
    st.markdown("**Status history**")
    lines = []
    for event in history.itertuples(index=False):
        text = f"- **{escape(_day(event.date))}** · {escape(label(event.status))}"
        if pd.notna(event.effective):
            text += escape(f" (took effect {format_day(event.effective, event.precision)})")
        text += f" — {link(event.citation, event.url)}"
        if isinstance(event.quote, str) and event.quote:
            text += f": “{escape(event.quote)}”"
        if event.status == "corrected" and pd.notna(getattr(event, "value", None)):
            now = format_value(event.value, event.value_high, record["lower_bound"], record["unit"])
            text += escape(f" (value now {now})")
        if isinstance(event.note, str) and event.note:
            text += f" {escape(event.note)}"
        lines.append(text)
    st.markdown("\n".join(lines))
    if len(later):
        st.caption(f"{len(later)} later change(s) after the as-at date are not shown.")


def _related(record_id: str, selection: Selection) -> None:
    others = related(selection.view, record_id, selection.unverified)
    st.markdown(f"**Related records** ({len(others)}: same metric or same programme)")
    if others.empty:
        st.caption("No other record shares this record's metric or programmes.")
        return
    st.dataframe(
        pd.DataFrame(
            {
                "Title": others["title"],
                **({CHECKS: others[CHECKS]} if CHECKS in others else {}),
                "Status": others["status"].map(label),
                "Shared": others["Shared"],
                "Source": others["citation"],
                "Record": others["id"],
            }
        ),
        key="related_table",
        hide_index=True,
        column_config={CHECKS: checks_column()},
    )
