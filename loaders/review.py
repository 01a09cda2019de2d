"""Reviewing a written answer's candidates into checked draft files: the candidates as a table to
tick and edit, the drafts built from those choices, checked in a copy of the data folder, then
zipped or saved.

Pure functions over the loaders' results (no Streamlit): the dashboard's Add answers page shows
what they return, tagging with the validated registry it holds already, and the tests call them
directly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from commitments.folder.dataset import ID_PATTERN
from commitments.folder.layout import (
    ANSWERS_DIR,
    RECORDS_DIR,
    REGISTRY_FILE,
    YAML_SUFFIXES,
    DataFolder,
)
from commitments.folder.load import load_dataset
from commitments.folder.problems import Findings, Problem
from commitments.folder.yamlfile import read_yaml
from commitments.record.model import UNCLASSIFIED_METRIC, Registry, SourceKind
from commitments.record.values import format_value

from . import fetch
from .citations import read_page_address
from .drafts import (
    DraftError,
    build_drafts,
    default_id,
    default_title,
    missing_for_draft,
    unique_id,
    write_drafts,
)
from .model import Candidate, Extent, ParsedAnswer
from .pipeline import load_answers
from .tagging import Tagger

SAVE_ENV = "TRACKER_ALLOW_SAVE"
"""Set to ``1`` where the dashboard runs on the analyst's own machine: the page may then write
the drafts into the data folder. Off by default, so a shared dashboard never writes."""

COLUMNS = [
    "keep",
    "kind",
    "quote",
    "value",
    "when",
    "title",
    "programmes",
    "agencies",
    "tags",
    "metric",
]
"""The candidates table, in order. ``keep``, ``title``, the names, tags and metric can be edited;
the rest is what the answer says and is read-only."""
READ_ONLY = ["kind", "quote", "value", "when"]
NAME_FIELDS = ("programmes", "agencies", "tags")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every file in the zip carries this time, so the same drafts always give the same bytes."""


def save_allowed(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the page may write into the data folder (``TRACKER_ALLOW_SAVE=1``)."""
    environ = os.environ if environ is None else environ
    return environ.get(SAVE_ENV, "").strip() == "1"


def registry_warning(problems: Iterable[Problem]) -> str | None:
    """Why no name or metric will be recognised, when the data folder's registry is missing or
    the validator rejects it (the page then tags with an empty registry); else None."""
    errors = [p for p in problems if p.is_error and Path(p.path).name == REGISTRY_FILE]
    if not errors:
        return None
    if len(errors) == 1:
        return f"{REGISTRY_FILE}: {errors[0].message}"
    return f"{REGISTRY_FILE} has {len(errors)} errors (listed under Problems)"


def read_answers(
    raw: bytes | str,
    registry: Registry,
    *,
    filename: str | None = None,
    fmt: str | None = None,
    date: dt.date | None = None,
    house: str | None = None,
    url: str | None = None,
    excerpt: bool = False,
) -> list[ParsedAnswer]:
    """The written answers in ``raw`` with their flags and candidates, tagged from ``registry``
    (the validated registry of the data folder).

    ``date``, ``house`` and ``url`` fill in what the text does not print; ``excerpt`` says the
    text is the first part of the answer only. Raises ``ValueError`` when it cannot be read.
    """
    return load_answers(
        raw,
        fmt=fmt or None,
        filename=filename,
        date=date,
        house=house.lower() if house else None,
        url=(url or "").strip() or None,
        extent=Extent.EXCERPT if excerpt else Extent.UNKNOWN,
        tagger=Tagger.of(registry),
    )


# --- An answer fetched from the Written Questions service ------------------------------------

FETCH_POLICY = fetch.Policy(timeout=15.0, tries=2, backoff=0.5, max_wait=5.0)
"""A page waits for its answer: a short timeout and one retry, not the command's patience."""
_UIN = re.compile(r"(?:HL)?\d+", re.IGNORECASE)


class FetchProblem(Exception):
    """The answer could not be fetched: one sentence saying why and what to do instead."""


@dataclass(frozen=True)
class Fetched:
    """An answer as the service gave it: the JSON document ``read_answers`` reads, a file name."""

    document: bytes
    filename: str
    address: str
    """The service's address it came from."""


def question_asked(
    uin: str | None = None, tabled: dt.date | None = None, address: str | None = None
) -> tuple[str, dt.date]:
    """The UIN and date tabled asked for: from the service's page address when one is given
    (``…/written-questions/detail/<date tabled>/<UIN>/``), else the two given.
    Raises ``FetchProblem`` saying what is missing."""
    if address and address.strip():
        page = read_page_address(address)
        if page.site != "wq-service" or not page.uin or page.date_tabled is None:
            raise FetchProblem(
                f"{address.strip()} is not the service's address of one answer (hint: "
                "https://questions-statements.parliament.uk/written-questions/detail/"
                "<date tabled>/<UIN>/)"
            )
        return page.uin.upper(), page.date_tabled
    uin = "".join((uin or "").split()).upper()
    if not _UIN.fullmatch(uin):
        raise FetchProblem(
            "give the question's UIN (7926, or HL5475 in the Lords) and its date tabled, "
            "or the service's address of its page"
        )
    if tabled is None:
        raise FetchProblem(f"give the date UIN {uin} was tabled: a UIN is unique only with it")
    return uin, tabled


def fetch_answer(
    uin: str,
    tabled: dt.date,
    *,
    api: str | None = None,
    cache_dir: Path | None = None,
    policy: fetch.Policy | None = None,
    environ: Mapping[str, str] = os.environ,
) -> Fetched:
    """The answer to question ``uin`` tabled on ``tabled``, from the Written Questions service
    at ``api`` (else ``WRITTEN_QUESTIONS_API``, else the real service): its list filtered by UIN
    and date tabled, and the detail for the whole text where the list cuts it.

    Raises ``FetchProblem`` when the service cannot be reached or refuses, or holds no such
    answered question; the message says to upload the service's JSON instead.
    """
    try:
        address = fetch.api_address(api, environ)
        cache = Path(cache_dir) if cache_dir else fetch.default_cache_dir(environ)
        query = fetch.Query(uin=uin, tabled_from=tabled, tabled_to=tabled)
        with fetch.Client(address, cache, policy or FETCH_POLICY) as client:
            found = fetch.fetch_questions(client, query, take=20)
    except fetch.FetchError as exc:
        raise FetchProblem(
            f"The Written Questions service could not be reached from this machine, or refused "
            f"the request ({exc}). Upload the service's JSON of the answer instead (its detail "
            f"response, {fetch.DEFAULT_API}/<id>)."
        ) from None
    records = [
        item
        for item in found.document
        if str(item["value"].get("uin", "")).upper() == uin
        and str(item["value"].get("dateTabled", ""))[:10] == tabled.isoformat()
    ]
    if not records:
        raise FetchProblem(
            f"The Written Questions service at {address} holds no question UIN {uin} tabled on "
            f"{tabled:%d %B %Y}: check the UIN and the date tabled."
        )
    if not any(item["value"].get("answerText") for item in records):
        raise FetchProblem(
            f"UIN {uin}, tabled {tabled:%d %B %Y}, is not answered yet at the service."
        )
    document = json.dumps(records, ensure_ascii=False).encode("utf-8")
    return Fetched(document, f"written-question-{tabled.isoformat()}-{uin}.json", address)


# --- What the page shows of an answer --------------------------------------------------------


def facts(answer: ParsedAnswer) -> pd.DataFrame:
    """The answer's metadata as rows of ``Field`` and ``Value`` (text only): where it was
    published, and what cites it there (volume and columns in Hansard, the date tabled for the
    Written Questions service)."""
    rows = [
        ("Citation", answer.citation or _no_citation(answer)),
        ("Published in", answer.kind.value),
        ("Answer id", answer.id or "not known"),
        ("House", str(answer.house) if answer.house else "not known"),
        *_cited_by(answer),
        ("Date answered", f"{answer.date:%d %B %Y}" if answer.date else "not known"),
        ("Question numbers", ", ".join(answer.uins) or "none printed"),
        ("Asked by", answer.asker or "not printed"),
        ("Answered by", answer.minister or "not printed"),
        ("Department", answer.department or "not known"),
        ("Heading", answer.heading or "not printed"),
        ("Text", "complete" if answer.complete else "excerpt (the copy ends before the answer)"),
        ("Page", answer.url or "not given"),
        ("Read as", answer.source_format),
    ]
    return pd.DataFrame(rows, columns=["Field", "Value"])


def _no_citation(answer: ParsedAnswer) -> str:
    missing = [name for name in missing_for_drafts(answer) if name != "column"]
    verb = "is" if len(missing) == 1 else "are"
    return f"not known: the {' and '.join(missing) or 'date or house'} {verb} missing"


def _cited_by(answer: ParsedAnswer) -> list[tuple[str, str]]:
    """The rows of what cites the answer where it was published."""
    if answer.kind is SourceKind.SERVICE:
        tabled = answer.date_tabled
        return [("Date tabled", f"{tabled:%d %B %Y}" if tabled else "not printed")]
    if answer.kind is SourceKind.STATEMENT:
        return []  # cited by its references (the question numbers' row) and the day made
    columns = answer.columns
    if columns.first is None:
        printed = "not known"
    elif columns.last is None or columns.last == columns.first:
        printed = str(columns.first)
    else:
        printed = f"{columns.first}–{columns.last}"
    if columns.inferred:
        printed += f" (inferred: {', '.join(columns.inferred)})"
    return [
        ("Volume", str(columns.volume) if columns.volume is not None else "not known"),
        ("Columns", printed),
    ]


def flags_table(answer: ParsedAnswer) -> pd.DataFrame:
    """Each flag: what the printed text holds besides the answer, or does not print."""
    return pd.DataFrame(
        [(flag.kind.replace("_", " ").capitalize(), flag.detail) for flag in answer.flags],
        columns=["Flag", "Detail"],
    )


def set_aside(answer: ParsedAnswer) -> list[tuple[str, str]]:
    """``(detail, text)`` of each fragment of another answer spliced into this one."""
    return [(flag.detail, flag.text) for flag in answer.flags if flag.text]


def missing_for_drafts(answer: ParsedAnswer) -> list[str]:
    """What a draft answer file needs that the text did not give: date and house; a printed
    answer's column; an answer of the Written Questions service's UIN and date tabled (it is
    cited by them, and needs no column)."""
    missing = missing_for_draft(answer)
    if answer.kind is SourceKind.PRINTED and answer.columns.first is None:
        missing.append("column")
    return missing


def missing_hint(answer: ParsedAnswer) -> str:
    """What is missing for a draft, and how to give it; "" when nothing is."""
    missing = missing_for_drafts(answer)
    if not missing:
        return ""
    verb = "is" if len(missing) == 1 else "are"
    hints = []
    if "date" in missing or "house" in missing:
        hints.append("give the page's address, or the date and House")
    if "UIN" in missing or "date tabled" in missing:
        hints.append(
            "an answer of the Written Questions service is cited by its UIN and dates: read it "
            "from a page that prints them (the service's own), or give the service's address of "
            "a page of one answer (…/written-questions/detail/<date tabled>/<UIN>)"
        )
    if "reference" in missing or "title" in missing:
        hints.append("a written statement is cited by its reference and title: upload its JSON")
    if "column" in missing:
        hints.append("give the page's address, or paste the text with its citation line")
    return f"its {' and '.join(missing)} {verb} not known: {'; '.join(hints)}."


def candidates_table(answer: ParsedAnswer) -> pd.DataFrame:
    """One row a candidate, indexed by its position in ``answer.candidates``, every one kept."""
    rows = [_row(candidate) for candidate in answer.candidates]
    return pd.DataFrame(rows, columns=COLUMNS, index=pd.RangeIndex(len(rows)))


def _row(candidate: Candidate) -> dict[str, Any]:
    if candidate.kind == "figure":
        value = format_value(
            candidate.value, candidate.value_high, candidate.lower_bound, candidate.unit
        )
        corrected = candidate.correction
        if corrected is not None:  # quoted as first given; the correction gives another value
            now = format_value(
                corrected.value, corrected.value_high, candidate.lower_bound, candidate.unit
            )
            value += f" (corrected to {now})"
        when = candidate.period.words if candidate.period else ""
        metric = candidate.metric or UNCLASSIFIED_METRIC
    else:
        value = (candidate.stage or "").replace("_", " ")
        when = f"due {candidate.due.words}" if candidate.due else ""
        metric = None
    return {
        "keep": True,
        "kind": candidate.kind,
        "quote": candidate.quote,
        "value": value,
        "when": when,
        "title": default_title(candidate),
        "programmes": list(candidate.programmes),
        "agencies": list(candidate.agencies),
        "tags": [],
        "metric": metric,
    }


def table_key(answer: ParsedAnswer) -> str:
    """A name for the answer's table that changes whenever its candidates do, so edits made to
    one answer's table are never applied to another's rows."""
    digest = hashlib.sha256()
    for part in (answer.answer, *(c.quote for c in answer.candidates)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


# --- From the edited table to drafts --------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The candidates kept (indexes into ``answer.candidates``) and the edits of each."""

    selected: list[int]
    edits: dict[int, dict[str, Any]]


def choice_of(answer: ParsedAnswer, table: pd.DataFrame) -> Choice:
    """The rows ticked in the (edited) candidates table, and every cell changed from its default.

    Rows are matched to candidates by the table's index. A title left empty keeps the default
    title; a metric is an edit for figures only.
    """
    defaults = candidates_table(answer)
    selected: list[int] = []
    edits: dict[int, dict[str, Any]] = {}
    for index, row in table.iterrows():
        position = int(index)
        if not 0 <= position < len(answer.candidates) or not _ticked(row.get("keep")):
            continue
        selected.append(position)
        default = defaults.loc[position]
        edit: dict[str, Any] = {}
        title = _text(row.get("title"))
        if title and title != default["title"]:
            edit["title"] = title
        for name in NAME_FIELDS:
            values = _names(row.get(name))
            if values != list(default[name]):
                edit[name] = values
        metric = _text(row.get("metric"))
        if answer.candidates[position].kind == "figure" and metric and metric != default["metric"]:
            edit["metric"] = metric
        if edit:
            edits[position] = edit
    return Choice(selected=selected, edits=edits)


@dataclass
class Drafts:
    """The draft files (``{"answers/<id>.yaml" | "records/<id>.yaml": YAML text}``), a label for
    each, and the answers that could not be drafted, with why."""

    files: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[str]:
        return [path for path in self.files if path.startswith(f"{RECORDS_DIR}/")]


def build(items: Sequence[tuple[ParsedAnswer, Choice]]) -> Drafts:
    """The drafts of every answer with its choice; record ids unique across all of them."""
    drafts = Drafts()
    used: set[str] = set()
    for number, (answer, choice) in enumerate(items, start=1):
        name = answer.citation or answer.id or f"Answer {number}"
        missing = missing_for_drafts(answer)
        if missing:
            drafts.failures.append(f"{name}: cannot be drafted: {missing_hint(answer)}")
            continue
        edits = {index: dict(edit) for index, edit in choice.edits.items()}
        titles: dict[int, str] = {}
        for index in choice.selected:
            edit = edits.setdefault(index, {})
            titles[index] = edit.get("title") or default_title(answer.candidates[index])
            edit["id"] = unique_id(edit.get("id") or default_id(answer.date, titles[index]), used)
        try:
            files = build_drafts(answer, choice.selected, edits)
        except DraftError as exc:
            drafts.failures.append(f"{name}: cannot be drafted: {exc}")
            continue
        answer_path = DataFolder.answer_name(answer.id)
        if answer_path in drafts.files:
            drafts.failures.append(
                f"{name}: left out: an answer with the id {answer.id} is drafted above already"
            )
            continue
        drafts.files.update(files)
        drafts.labels[answer_path] = f"Answer: {name}"
        for index in choice.selected:
            kind = answer.candidates[index].kind.capitalize()
            drafts.labels[DataFolder.record_name(edits[index]["id"])] = f"{kind}: {titles[index]}"
    return drafts


def _ticked(value: Any) -> bool:
    return False if value is None or (isinstance(value, float) and pd.isna(value)) else bool(value)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def _names(value: Any) -> list[str]:
    """A list cell as a list of names: comma-separated text is split, blanks and repeats dropped."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    items: Iterable[Any] = value.split(",") if isinstance(value, str) else value
    names = [_text(item) for item in items]
    return list(dict.fromkeys(name for name in names if name))


# --- Checking, zipping, saving ---------------------------------------------------------------


@dataclass(frozen=True)
class Check(Findings):
    """What the data folder's checks say of the drafts, as if they had been saved into it.

    ``problems`` concern the draft files (paths relative to the data folder); ``existing`` are the
    draft files the data folder holds already (saving keeps those as they are), ``differing``
    those of them whose text is not the draft's.
    """

    problems: list[Problem]
    existing: list[str]
    differing: list[str] = field(default_factory=list)
    """The existing files whose text differs from their draft's."""


def check(files: Mapping[str, str], root: Path, neighbours: Iterable[str] = ()) -> Check:
    """Check the drafts in a temporary folder holding what they touch in ``root``.

    That is the registry, the answers the drafts cite, and the ``neighbours`` (ids of records
    that could conflict with a draft: the same metric) with the answers they cite. The drafts are
    added as saving would add them (never over a file there), so a draft record is checked
    against the answer it would cite; only problems of the draft files, or of the ids they hold,
    are kept.
    """
    root = Path(root)
    source = DataFolder(root)
    existing = [path for path in files if (root / path).exists()]
    differing = [path for path in existing if _text_of(root / path) != files[path]]
    ids = {Path(path).stem for path in files}
    with tempfile.TemporaryDirectory(prefix="drafts-check-") as folder:
        copy = DataFolder(folder)
        copy.answers.mkdir()
        copy.records.mkdir()
        if source.registry.is_file():
            shutil.copyfile(source.registry, copy.registry)
        cited = {Path(path).stem for path in files if path.startswith(f"{ANSWERS_DIR}/")}
        for path, text in files.items():
            if path.startswith(f"{RECORDS_DIR}/"):
                cited |= _sources(yaml.load(text, Loader=yaml.CSafeLoader))
        for record_id in neighbours:
            found = _data_file(source.records, record_id)
            if found is not None and f"{RECORDS_DIR}/{found.name}" not in files:
                shutil.copyfile(found, copy.records / found.name)
                cited |= _sources(read_yaml(found).data)
        for answer_id in cited:
            found = _data_file(source.answers, answer_id)
            if found is not None:
                shutil.copyfile(found, copy.answers / found.name)
        write_drafts(files, copy.root)
        dataset = load_dataset(copy.root)
        problems = []
        for problem in dataset.problems:
            path = _relative(problem.path, copy.root)
            if path in files or path == REGISTRY_FILE or problem.record in ids:
                problems.append(replace(problem, path=path))
    return Check(problems=problems, existing=existing, differing=differing)


def same_metric(files: Mapping[str, str], records: pd.DataFrame) -> list[str]:
    """Ids of the ``records`` (the dashboard's table) measuring what a draft figure measures."""
    metrics = set()
    for path, text in files.items():
        if path.startswith(f"{RECORDS_DIR}/"):
            data = yaml.load(text, Loader=yaml.CSafeLoader)
            if data.get("kind") == "figure" and data.get("metric") != UNCLASSIFIED_METRIC:
                metrics.add(data.get("metric"))
    if not metrics or records.empty:
        return []
    return sorted(records.loc[records["metric"].isin(metrics), "id"])


def _sources(data: Any) -> set[str]:
    """The answer ids a record names: its source and its status events' sources."""
    if not isinstance(data, Mapping):
        return set()
    events = data.get("history")
    found = [data.get("source")]
    if isinstance(events, list):
        found += [event.get("source") for event in events if isinstance(event, Mapping)]
    return {item for item in found if isinstance(item, str)}


def _data_file(folder: Path, item_id: str) -> Path | None:
    """``folder/<id>.yaml`` (or ``.yml``) when the id is a valid one and the file a plain file."""
    if not ID_PATTERN.fullmatch(item_id):
        return None
    for suffix in sorted(YAML_SUFFIXES):
        path = folder / f"{item_id}{suffix}"
        if path.is_file() and not path.is_symlink():
            return path
    return None


def _text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _relative(path: str, root: Path) -> str:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return path


def zip_bytes(files: Mapping[str, str]) -> bytes:
    """The drafts as a zip of ``answers/`` and ``records/``, to unzip into the data folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path].encode("utf-8"))
    return buffer.getvalue()


def zip_name(files: Mapping[str, str]) -> str:
    """``drafts-<answer id>.zip``, or ``drafts-<n>-answers.zip`` for several answers."""
    answers = sorted(Path(path).stem for path in files if path.startswith(f"{ANSWERS_DIR}/"))
    if len(answers) == 1:
        return f"drafts-{answers[0]}.zip"
    return f"drafts-{len(answers)}-answers.zip"


def save(files: Mapping[str, str], root: Path) -> tuple[list[str], list[str]]:
    """Write the drafts into ``root``, never over a file; ``(written, kept)`` relative paths."""
    root = Path(root)
    written, skipped = write_drafts(files, root)
    return (
        [path.relative_to(root).as_posix() for path in written],
        [path.relative_to(root).as_posix() for path in skipped],
    )
