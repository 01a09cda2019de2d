"""Add answers: paste, upload or fetch (by UIN) a written answer, tick and edit the records found
in it, and take the drafts, checked against the data folder, as a zip (or save them into it when
allowed).

Every piece of the answer's text is shown as text (tables, ``st.text``, ``st.code``), never as
Markdown or HTML. The work is done by ``loaders.review``; this page shows it, tagging with the
registry the page holds (validated, as the dashboard loaded it).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from commitments.record.model import UNCLASSIFIED_METRIC, House, Registry
from loaders import review
from loaders.model import ParsedAnswer
from loaders.pipeline import FORMATS

from ..data import data_root, note_change
from ..markdown import escape
from ..selection import Selection
from .common import count

DETECT = "detect"
FORMAT_LABELS = {
    DETECT: "Detect from the text",
    "text": "Hansard page text",
    "twfy-xml": "TheyWorkForYou XML",
    "wq-json": "Written questions JSON",
}
HOUSES = [house.value for house in House]
UPLOAD_TYPES = ["txt", "xml", "json"]
MAX_UPLOAD_MB = 5
MAX_PASTE = 500_000
EARLIEST = dt.date(1980, 1, 1)
FETCHED = "_add_fetched"


def render(selection: Selection) -> None:
    root = data_root()
    st.caption(
        "Paste a written answer as a Hansard page prints it (or upload the page's text, "
        "TheyWorkForYou XML or written questions JSON), tick the records to keep, and take the "
        "drafts. Each draft is checked against the data folder before it is offered. An answer "
        "since 2014 can be fetched from the Written Questions service by its UIN."
    )
    registry = selection.snapshot.lookup.registry
    registry_problem = review.registry_warning(selection.snapshot.problems)
    if registry_problem:
        st.warning(
            f"{escape(registry_problem)}: no programme, agency or metric will be recognised."
        )
    raw, filename, options = _inputs()
    if raw is None:
        st.info("Paste an answer's text above, or upload a file, to see what it holds.")
        return
    answers = _read(raw, filename, options, registry)
    if not answers:
        return
    tags = _tags_in_use(selection)
    chosen = [
        (answer, _answer(number, answer, registry, tags))
        for number, answer in enumerate(answers, start=1)
    ]
    _drafts(review.build(chosen), root, selection.snapshot.tables.records)


# --- Input ------------------------------------------------------------------------------------


def _inputs() -> tuple[bytes | str | None, str | None, dict]:
    """What to read (the uploaded file, else the pasted text), its name, and the options."""
    text_side, options_side = st.columns([3, 2])
    with text_side:
        text = st.text_area(
            "Answer text",
            key="add_text",
            persist_state="page",
            height=260,
            max_chars=MAX_PASTE,
            placeholder="HC Deb 08 July 2002 vol 388 cc741-2W\nMr. Spring\nTo ask …",
            help="Copy the whole answer from the Hansard page: citation, names, question, answer.",
        )
        upload = st.file_uploader(
            "Or upload a file", type=UPLOAD_TYPES, key="add_file", max_upload_size=MAX_UPLOAD_MB
        )
    with options_side:
        fmt = st.selectbox(
            "Format",
            [DETECT, *FORMATS],
            format_func=lambda fmt: FORMAT_LABELS.get(fmt, fmt),
            key="add_format",
            persist_state="page",
        )
        date = st.date_input(
            "Date answered",
            value=None,
            min_value=EARLIEST,
            max_value=dt.date.today(),
            format="DD/MM/YYYY",
            key="add_date",
            persist_state="page",
            help="Only where the text does not print it (pages in the § style do not).",
        )
        house = st.selectbox(
            "House",
            HOUSES,
            index=None,
            key="add_house",
            persist_state="page",
            placeholder="As the text says",
            help="Only where the text does not say.",
        )
        url = st.text_input(
            "Page address",
            key="add_url",
            persist_state="page",
            placeholder="https://api.parliament.uk/historic-hansard/written-answers/…",
            help="The page the text came from: it gives the date, house and section.",
        )
        excerpt = st.checkbox(
            "The text is the first part only",
            key="add_excerpt",
            persist_state="page",
            help="The copy ends before the answer did: the answer is recorded as an excerpt.",
        )
    fetched = _fetch()
    options = {
        "fmt": None if fmt == DETECT else fmt,
        "date": date,
        "house": house,
        "url": url,
        "excerpt": excerpt,
    }
    if upload is not None:
        if text and text.strip():
            st.caption(
                f"Reading the uploaded file {escape(upload.name)}; remove it to read the "
                "pasted text."
            )
        if upload.size > MAX_UPLOAD_MB * 1_000_000:
            st.error(f"The file is over {MAX_UPLOAD_MB} MB: upload one answer's file.")
            return None, None, options
        return upload.getvalue(), upload.name, options
    if fetched is not None:
        if text and text.strip():
            st.caption("Reading the answer fetched; clear it to read the pasted text.")
        return fetched.document, fetched.filename, {**options, "fmt": "wq-json"}
    if text and text.strip():
        return text, None, options
    return None, None, options


def _fetch() -> review.Fetched | None:
    """The answer fetched from the Written Questions service, kept until cleared."""
    with st.expander("Or fetch an answer since 2014 from the Written Questions service"):
        uin_side, date_side, address_side = st.columns([1, 1, 3])
        uin = uin_side.text_input("UIN", key="add_uin", placeholder="7926")
        tabled = date_side.date_input(
            "Date tabled",
            value=None,
            min_value=dt.date(2014, 1, 1),
            max_value=dt.date.today(),
            format="DD/MM/YYYY",
            key="add_tabled",
        )
        address = address_side.text_input(
            "Or the service's address",
            key="add_service_url",
            placeholder="https://questions-statements.parliament.uk/written-questions/detail/"
            "2024-01-05/7926/",
        )
        fetch_side, clear_side = st.columns([1, 4])
        if fetch_side.button("Fetch the answer", key="add_fetch", icon=":material/cloud_download:"):
            st.session_state.pop(FETCHED, None)
            try:
                asked = review.question_asked(uin, tabled, address)
                with st.spinner(f"Asking the Written Questions service for UIN {asked[0]}…"):
                    st.session_state[FETCHED] = review.fetch_answer(*asked)
            except review.FetchProblem as exc:
                st.error(escape(exc))
        fetched = st.session_state.get(FETCHED)
        if fetched is not None:
            st.success(f"Fetched {escape(fetched.filename)} from {escape(fetched.address)}.")
            if clear_side.button("Clear the answer fetched", key="add_fetch_clear"):
                st.session_state.pop(FETCHED, None)
                st.rerun()
    return st.session_state.get(FETCHED)


def _read(
    raw: bytes | str, filename: str | None, options: dict, registry: Registry
) -> list[ParsedAnswer]:
    try:
        answers = review.read_answers(raw, registry, filename=filename, **options)
    except ValueError as exc:
        st.error(f"The text could not be read: {escape(exc)}")
        return []
    if not answers:
        st.warning(
            "No written answer was found in this text. Copy the whole answer, from the citation "
            "or the asker's name to the end of the reply, or choose its format."
        )
    return answers


# --- One answer -------------------------------------------------------------------------------


def _answer(
    number: int, answer: ParsedAnswer, registry: Registry, tags: list[str]
) -> review.Choice:
    """Show the answer, its flags and its candidates; the candidates chosen and their edits."""
    heading = answer.citation or f"Answer {number} (citation not known)"
    st.subheader(escape(heading), anchor=False)
    missing = review.missing_hint(answer)
    if missing:
        st.warning(f"A draft cannot be made yet: {escape(missing)}")
    st.dataframe(review.facts(answer), key=f"add_facts_{number}", hide_index=True)
    flags = review.flags_table(answer)
    if not flags.empty:
        st.markdown("**What the printed text holds besides the answer**")
        st.dataframe(flags, key=f"add_flags_{number}", hide_index=True)
    for detail, text in review.set_aside(answer):
        st.caption("Set aside: not part of the answer, and never quoted by a record.")
        st.text(f"{detail}\n{text}")
    with st.expander("The answer's text as read"):
        st.text(answer.answer)
    table = review.candidates_table(answer)
    if table.empty:
        st.info("No commitment or figure was found in this answer: only the answer is drafted.")
        return review.Choice(selected=[], edits={})
    st.caption(
        f"{len(table)} candidates. Untick those to leave out; edit a title, names, tags or a "
        "figure's metric. Quotes are the answer's words and cannot be changed."
    )
    key = f"add_candidates_{number}_{review.table_key(answer)}"
    edited = st.data_editor(
        _kept_edits(key, table),
        key=key,
        hide_index=True,
        num_rows="fixed",
        disabled=review.READ_ONLY,
        column_config=_columns(table, registry, tags),
    )
    st.session_state[f"_kept_{key}"] = edited
    return review.choice_of(answer, edited)


def _kept_edits(key: str, table: pd.DataFrame) -> pd.DataFrame:
    """The table the editor starts from: the last edited one when the editor comes back after
    another tab was open (Streamlit drops the state of a widget not drawn), so edits survive."""
    start = f"_start_{key}"
    if key not in st.session_state or start not in st.session_state:
        st.session_state[start] = st.session_state.get(f"_kept_{key}", table)
    return st.session_state[start]


def _columns(table: pd.DataFrame, registry: Registry, tags: list[str]) -> dict:
    def used(column: str) -> list[str]:
        return [name for names in table[column] for name in names]

    programmes = sorted({p.name for p in registry.programmes} | set(used("programmes")))
    agencies = sorted({a.name for a in registry.agencies} | set(used("agencies")))
    metrics = [UNCLASSIFIED_METRIC, *sorted(m.id for m in registry.metrics)]
    return {
        "keep": st.column_config.CheckboxColumn("Keep", help="Untick to leave it out", width=60),
        "kind": st.column_config.TextColumn("Kind", width=100),
        "quote": st.column_config.TextColumn(
            "Quote", width="large", help="The answer's words, verbatim"
        ),
        "value": st.column_config.TextColumn(
            "Value", help="A figure's value; what a commitment's words report"
        ),
        "when": st.column_config.TextColumn("Period or due", help="As the answer words it"),
        "title": st.column_config.TextColumn(
            "Title", width="large", help="The record's title: its id and file name follow it"
        ),
        "programmes": st.column_config.MultiselectColumn(
            "Programmes", options=programmes, help="Names from the registry"
        ),
        "agencies": st.column_config.MultiselectColumn(
            "Agencies", options=agencies, help="Names from the registry"
        ),
        "tags": st.column_config.MultiselectColumn(
            "Tags", options=tags, accept_new_options=True, help="Choose, or type a new tag"
        ),
        "metric": st.column_config.SelectboxColumn(
            "Metric", options=metrics, help="Figures only: what the figure counts"
        ),
    }


def _tags_in_use(selection: Selection) -> list[str]:
    records = selection.snapshot.tables.records
    if records.empty or "tags" not in records:
        return []
    return sorted({str(tag) for tags in records["tags"] for tag in tags})


# --- The drafts -------------------------------------------------------------------------------


def _drafts(drafts: review.Drafts, root: Path, records: pd.DataFrame) -> None:
    st.subheader("Drafts", anchor=False)
    for failure in drafts.failures:
        st.error(escape(failure))
    if not drafts.files:
        return
    result = review.check(drafts.files, root, review.same_metric(drafts.files, records))
    st.dataframe(
        pd.DataFrame(
            {
                "File": list(drafts.files),
                "Draft": [drafts.labels.get(path, "") for path in drafts.files],
                "In the data folder": [_there(path, result) for path in drafts.files],
            }
        ),
        key="add_drafts_table",
        hide_index=True,
    )
    if result.existing:
        st.info(
            "A file the data folder holds already is kept as it is: the drafts are checked as "
            "they would stand beside it (a record against the answer file there)."
        )
    _problems(result, len(drafts.files), len(drafts.records))
    with st.expander("Read a draft file"):
        path = st.selectbox("File", list(drafts.files), key="add_preview", persist_state="page")
        if path in drafts.files:
            st.code(drafts.files[path], language="yaml")
    _offer(drafts, result, root)


def _there(path: str, result: review.Check) -> str:
    if path in result.differing:
        return "there already, with other text: kept as it is"
    if path in result.existing:
        return "there already: kept as it is"
    return "new"


def _problems(result: review.Check, files: int, records: int) -> None:
    errors, warnings = result.errors, result.warnings
    if errors:
        st.error(
            f"{count(len(errors), 'error')} in the drafts. Fix them in the table or the inputs "
            "above (or in the registry); the drafts are offered once none is left."
        )
    elif warnings:
        st.warning(f"The drafts pass every check, with {count(len(warnings), 'warning')} to read.")
    else:
        st.success(
            f"The {count(files, 'draft file')} ({count(records, 'record')}) pass every check "
            "of the data folder."
        )
    if result.problems:
        st.code("\n".join(str(problem) for problem in result.problems), language=None)


def _offer(drafts: review.Drafts, result: review.Check, root: Path) -> None:
    blocked = bool(result.errors)
    name = review.zip_name(drafts.files)
    st.download_button(
        "Download the drafts (.zip)",
        data=review.zip_bytes(drafts.files) if not blocked else b"",
        file_name=name,
        mime="application/zip",
        key="add_download",
        on_click="ignore",
        disabled=blocked,
        icon=":material/download:",
        help="answers/ and records/ files, status needs_review, to unzip into the data folder",
    )
    st.caption(
        "Unzip into the data folder without overwriting a file, then validate and review each "
        "record:"
    )
    st.code(f"unzip -n {name} -d data\npython -m commitments validate", language="bash")
    if not review.save_allowed():
        return
    if st.button(
        "Save into the data folder",
        key="add_save",
        disabled=blocked,
        icon=":material/save:",
        help=f"Writes the drafts into {root}, never over an existing file",
    ):
        written, kept = review.save(drafts.files, root)
        note_change(root)
        st.success(f"Wrote {len(written)} files; kept {len(kept)} that were there already.")
        if written:
            st.text("Written:\n" + "\n".join(written))
        if kept:
            st.text("Kept as they were (not overwritten):\n" + "\n".join(kept))
