"""The review queue: proposals waiting for an analyst, and what accepting or rejecting one writes.

A proposal (``loaders.proposals``) is applied only after review. Until then it waits in a file of
its own beside the records, reviewed in git like them (the data folder's loader reads only
``registry.yaml``, ``answers/`` and ``records/``, so it never reads these)::

    review/pending/<proposal id>.yaml   one proposal waiting: the proposal, its answer, the target
                                        record's file and the sha256 of that file's bytes
    review/rejected.yaml                every rejection, by answer, quote and target: the same
                                        sentence is never proposed for the same target again

Accepting a ``status`` or ``restated`` proposal adds one event to the target record's
``history`` in date order (at the end, unless the answer is older than the record's last event):
its YAML lines are inserted as text after the history item it follows (found by PyYAML's node
marks), so every other byte of the file stays as it was. A ``figure`` or ``new`` proposal
becomes a new record file. Either is checked first as the data folder's checks would check it,
and refused, with nothing written, when it would add an error; refused too when the record file
is not the one the proposal was made against (someone changed it since: propose again). Every
change happens under one lock (``review/.lock``) and is written atomically; the queue's own
accepts move the other proposals on the same record along, so two accepts on one record never
lose an event. Pure Python: the dashboard's Review tab and ``python -m loaders review`` call it.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filelock
import yaml
from pydantic import ValidationError

from commitments.folder.dataset import ID_PATTERN
from commitments.folder.layout import RECORDS_DIR, SUFFIX, YAML_SUFFIXES, DataFolder
from commitments.folder.problems import Problem
from commitments.folder.reading import read_registry
from commitments.folder.writing import write_atomic, yaml_bytes
from commitments.folder.yamlfile import parse_yaml
from commitments.record.model import Answer
from commitments.record.status import DRAFT_STATUS, RESTATED

from .drafts import DraftError, answer_document, dump_yaml, record_document, unique_id
from .extract import extract_candidates
from .model import Candidate, ParsedAnswer, squash
from .replay import parsed
from .review import check
from .tagging import Tagger

REVIEW_DIR = "review"
PENDING_DIR = f"{REVIEW_DIR}/pending"
REJECTED_FILE = f"{REVIEW_DIR}/rejected.yaml"
LOCK_FILE = f"{REVIEW_DIR}/.lock"
LOCK_WAIT = 60.0
"""Seconds to wait for another accept or reject to finish before giving up."""
KINDS = ("status", "figure", "restated", "new")
PROPOSAL_ID = re.compile(r"p-[0-9a-f]{12}")
EDITABLE = frozenset({"status", "effective", "precision", "record", "new"})
"""What an analyst may change before accepting: the status, the effective date and its
precision, the target record (``record``), or ``new: True`` to make it a new record."""
PRECISIONS = ("day", "month", "year")


class QueueError(ValueError):
    """A queue action refused, saying why and what to do; nothing was written."""


class ChangedSince(QueueError):
    """The target record's file is not the one the proposal was made against."""


# --- The files ----------------------------------------------------------------------------------


def pending_path(data_dir: Path | str, proposal_id: str) -> Path:
    return Path(data_dir) / PENDING_DIR / f"{proposal_id}{SUFFIX}"


def sha256_of(path: Path) -> str | None:
    """The sha256 of the file's bytes, or None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def record_file(data_dir: Path | str, record_id: str | None) -> Path | None:
    """``records/<id>.yaml`` (or ``.yml``) of the data folder when the id is valid and the file
    is there; None otherwise (a name never leaves the folder)."""
    return _data_file(DataFolder(data_dir).records, record_id)


def answer_file(data_dir: Path | str, answer_id: str | None) -> Path | None:
    """``answers/<id>.yaml`` (or ``.yml``) when the id is valid and the file is there."""
    return _data_file(DataFolder(data_dir).answers, answer_id)


def _data_file(folder: Path, item_id: str | None) -> Path | None:
    if not isinstance(item_id, str) or not ID_PATTERN.fullmatch(item_id):
        return None
    for suffix in (SUFFIX, *sorted(YAML_SUFFIXES - {SUFFIX})):
        path = folder / f"{item_id}{suffix}"
        if path.is_file() and not path.is_symlink():
            return path
    return None


@contextmanager
def locked(data_dir: Path | str) -> Iterator[None]:
    """Hold the queue's lock (``review/.lock``): one accept or reject at a time, in any process."""
    path = Path(data_dir) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():  # the lock file stays, empty, between runs: keep it out of git
        with suppress(FileExistsError):
            write_atomic(ignore, f"{path.name}\n".encode(), overwrite=False)
    lock = filelock.FileLock(path, timeout=LOCK_WAIT)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise QueueError(
            f"{path}: another accept or reject has held the queue for {LOCK_WAIT:.0f} s "
            "(hint: try again once it is done)"
        ) from None
    try:
        yield
    finally:
        lock.release()


# --- Pending proposals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """One proposal waiting in ``review/pending/``; ``problem`` says why its file cannot be
    used, when it cannot (the other fields are then what could be read)."""

    id: str
    path: Path
    proposal: dict[str, Any] = field(default_factory=dict)
    """The proposal as ``Proposal.to_dict`` gave it."""
    made: dt.date | None = None
    answer: str | None = None
    record_file: str | None = None
    """The target record's file, relative to the data folder (``records/<id>.yaml``)."""
    record_sha256: str | None = None
    """The sha256 of the target record file's bytes the proposal applies to."""
    alternatives_sha256: dict[str, str] = field(default_factory=dict)
    problem: str | None = None

    @property
    def kind(self) -> str:
        return str(self.proposal.get("kind") or "")

    @property
    def record(self) -> str | None:
        return self.proposal.get("record")

    @property
    def quote(self) -> str:
        return str(self.proposal.get("quote") or "")

    @property
    def status(self) -> str | None:
        return self.proposal.get("status")

    @property
    def effective(self) -> dt.date | None:
        return _date(self.proposal.get("effective"))

    @property
    def precision(self) -> str:
        return str(self.proposal.get("precision") or "day")

    @property
    def reason(self) -> str:
        return str(self.proposal.get("reason") or "")

    @property
    def score(self) -> float:
        score = self.proposal.get("score")
        return float(score) if isinstance(score, int | float) else 0.0

    @property
    def alternatives(self) -> list[str]:
        found = self.proposal.get("alternatives") or []
        return [a for a in found if isinstance(a, str)] if isinstance(found, list) else []

    @property
    def target(self) -> str | None:
        """What the proposal speaks to: its record, else its metric."""
        return target_of(self.proposal)

    def label(self) -> str:
        """One line: kind, target, status and the start of the quote."""
        if self.problem:
            return f"{self.id}: cannot be read"
        metric = self.proposal.get("metric")
        target = self.record or (f"new record on {metric}" if metric else "new record")
        words = " ".join(self.quote.split())
        words = words if len(words) <= 80 else words[:79] + "…"
        return f"{self.kind} · {target} · {self.status or '?'} · “{words}”"


def target_of(proposal: Mapping[str, Any]) -> str | None:
    return proposal.get("record") or proposal.get("metric") or None


def pending(data_dir: Path | str) -> list[Pending]:
    """Every pending proposal, oldest first (by the day made, then answer and place in it); one
    whose file is broken is listed with its ``problem``, never hiding the others."""
    folder = Path(data_dir) / PENDING_DIR
    if not folder.is_dir():
        return []
    items = [
        _read_pending(path, Path(data_dir))
        for path in sorted(folder.iterdir())
        if path.suffix in YAML_SUFFIXES and not path.name.startswith(".")
    ]
    return sorted(items, key=_age)


def _age(item: Pending) -> tuple:
    offset = item.proposal.get("offset")
    return (
        item.made or dt.date.max,
        item.answer or "",
        offset if isinstance(offset, int) else 0,
        item.id,
    )


def find(data_dir: Path | str, proposal_id: str) -> Pending:
    """The pending proposal ``proposal_id``; QueueError when none is pending."""
    if not isinstance(proposal_id, str) or not PROPOSAL_ID.fullmatch(proposal_id):
        raise QueueError(
            f"{proposal_id!r} is not a proposal id (hint: ids are p- and 12 hex digits; "
            f"python -m loaders review {data_dir} lists them)"
        )
    path = pending_path(data_dir, proposal_id)
    if not path.is_file():
        raise QueueError(
            f"no proposal {proposal_id} is pending in {Path(data_dir) / PENDING_DIR} (hint: it "
            f"was accepted or rejected already; python -m loaders review {data_dir} lists them)"
        )
    return _read_pending(path, Path(data_dir))


def _read_pending(path: Path, root: Path) -> Pending:
    where = f"{path.relative_to(root).as_posix()}"
    hint = "(hint: remove the file and propose its answer again)"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Pending(path.stem, path, problem=f"{where}: cannot be read: {exc.strerror} {hint}")
    doc = parse_yaml(raw)
    if doc.errors:
        error = doc.errors[0]
        return Pending(path.stem, path, problem=f"{where}:{error.line}: {error.message} {hint}")
    data = doc.data
    proposal = data.get("proposal") if isinstance(data, dict) else None
    wrong = []
    if not isinstance(data, dict):
        wrong.append("it is not a mapping")
    elif data.get("id") != path.stem:
        wrong.append(f"its id {data.get('id')!r} is not its file name's")
    if not isinstance(proposal, dict):
        wrong.append("it has no proposal")
    else:
        if proposal.get("kind") not in KINDS:
            wrong.append(f"its kind {proposal.get('kind')!r} is not one of {', '.join(KINDS)}")
        if not isinstance(proposal.get("quote"), str) or not proposal.get("quote"):
            wrong.append("it has no quote")
        if not isinstance(proposal.get("answer"), str):
            wrong.append("it names no answer")
    if wrong:
        return Pending(
            path.stem,
            path,
            proposal=proposal if isinstance(proposal, dict) else {},
            problem=f"{where}: {'; '.join(wrong)} {hint}",
        )
    alternatives = data.get("alternatives_sha256")
    return Pending(
        id=path.stem,
        path=path,
        proposal=proposal,
        made=_date(data.get("made")),
        answer=proposal["answer"],
        record_file=data.get("record_file"),
        record_sha256=data.get("record_sha256"),
        alternatives_sha256=dict(alternatives) if isinstance(alternatives, dict) else {},
    )


# --- Enqueueing ---------------------------------------------------------------------------------


@dataclass
class Screened:
    """Proposals sorted by what the queue makes of them (each the proposal's dict)."""

    fresh: list[dict[str, Any]] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)
    """Pending already, against the record as it is now."""
    stale: list[dict[str, Any]] = field(default_factory=list)
    """Pending already, against a record file that has changed since: enqueueing proposes them
    again, against the record as it is now."""
    rejected: list[dict[str, Any]] = field(default_factory=list)
    on_file: list[dict[str, Any]] = field(default_factory=list)
    """Its answer's words are on file already: an event of the target (or a record) quoting
    them from that answer."""


def screen(data_dir: Path | str, proposals: Iterable[Any]) -> Screened:
    """Which proposals are new to the queue, pending already, rejected before, or on file."""
    root = Path(data_dir)
    rejected = rejected_keys(root)
    records: list[list[Quoted]] | None = None
    out = Screened()
    seen: set[str] = set()
    for proposal in proposals:
        entry = _plain(proposal)
        if entry["id"] in seen:
            continue
        seen.add(entry["id"])
        if pending_path(root, entry["id"]).is_file():
            item = _read_pending(pending_path(root, entry["id"]), root)
            now = sha256_of(path) if (path := record_file(root, item.record)) else None
            stale = item.problem is not None or now != item.record_sha256
            (out.stale if stale else out.pending).append(entry)
            continue
        if rejection_key(entry) in rejected:
            out.rejected.append(entry)
            continue
        if entry["kind"] in {"status", "restated"}:
            target = record_file(root, entry.get("record"))
            on_file = target is not None and _spoken_of(entry, _quoted_by(target))
        else:
            if records is None:
                paths = sorted(DataFolder(root).records.glob("*"))
                records = [_quoted_by(p) for p in paths if p.suffix in YAML_SUFFIXES]
            on_file = any(_made_of(entry, quoted) for quoted in records)
        (out.on_file if on_file else out.fresh).append(entry)
    return out


@dataclass(frozen=True)
class Quoted:
    """Words a record quotes from an answer: its own quote (``own``) or an event's."""

    answer: str
    words: str
    value: float | None
    own: bool


def _quoted_by(path: Path) -> list[Quoted]:
    """What the record file quotes: its quote, then each event's, with the answer each is from
    (whitespace squashed) and the value they give."""
    try:
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(data, dict):
        return []
    found = []
    if isinstance(data.get("quote"), str):
        value = data.get("value") if data.get("kind") == "figure" else None
        found.append(Quoted(str(data.get("source")), squash(data["quote"]), value, True))
    for event in data.get("history") or []:
        if isinstance(event, dict) and isinstance(event.get("quote"), str):
            words = squash(event["quote"])
            found.append(Quoted(str(event.get("source")), words, event.get("value"), False))
    return found


def _spoken_of(entry: Mapping[str, Any], quoted: list[Quoted]) -> bool:
    """Whether the target quotes the sentence (or words of it, or it within more) from the
    same answer already: an event recorded from it, or the record made from it."""
    said = squash(entry["quote"])
    return any(q.answer == entry["answer"] and (q.words in said or said in q.words) for q in quoted)


def _made_of(entry: Mapping[str, Any], quoted: list[Quoted]) -> bool:
    """Whether a record was made of the proposal's words from the same answer: the same quote,
    and for a figure the same value (one sentence may give several figures)."""
    said = squash(entry["quote"])
    for q in quoted:
        if q.own and q.answer == entry["answer"] and q.words == said:
            if entry.get("value") is None or q.value == entry.get("value"):
                return True
    return False


def _plain(proposal: Any) -> dict[str, Any]:
    """The proposal's dict with plain values only (text, numbers, lists), as a file holds it."""
    entry = proposal.to_dict() if hasattr(proposal, "to_dict") else dict(proposal)
    entry = json.loads(json.dumps(entry, default=str))
    if not isinstance(entry.get("id"), str) or not PROPOSAL_ID.fullmatch(entry["id"]):
        raise QueueError(f"a proposal without a proposal id: {entry.get('id')!r}")
    if entry.get("kind") not in KINDS or not entry.get("quote") or not entry.get("answer"):
        raise QueueError(f"proposal {entry['id']} lacks its kind, quote or answer")
    return entry


@dataclass
class Enqueued:
    """What ``enqueue`` did, by proposal id."""

    added: list[str] = field(default_factory=list)
    renewed: list[str] = field(default_factory=list)
    """Pending already against a record changed since: proposed again against it as it is."""
    pending: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    on_file: list[str] = field(default_factory=list)


def enqueue(
    data_dir: Path | str, proposals: Iterable[Any], *, today: dt.date | None = None
) -> Enqueued:
    """Add each proposal (a ``Proposal`` or its dict) to the queue, unless it is pending already,
    was rejected before, or its words are on file; one pending against a record file changed
    since is made again against the file as it is now."""
    root = Path(data_dir)
    today = today or dt.date.today()
    done = Enqueued()
    with locked(root):
        screened = screen(root, proposals)
        done.pending = [e["id"] for e in screened.pending]
        done.rejected = [e["id"] for e in screened.rejected]
        done.on_file = [e["id"] for e in screened.on_file]
        for entries, into in ((screened.fresh, done.added), (screened.stale, done.renewed)):
            for entry in entries:
                document = _pending_doc(root, entry, today)
                write_atomic(pending_path(root, entry["id"]), yaml_bytes(document))
                into.append(entry["id"])
    return done


def _pending_doc(root: Path, entry: dict[str, Any], today: dt.date) -> dict[str, Any]:
    target = record_file(root, entry.get("record"))
    alternatives = {}
    for other in entry.get("alternatives") or []:
        path = record_file(root, other)
        if path is not None:
            alternatives[other] = sha256_of(path)
    return {
        "id": entry["id"],
        "made": today,
        "answer": entry["answer"],
        "record_file": target.relative_to(root).as_posix() if target else None,
        "record_sha256": sha256_of(target) if target else None,
        "alternatives_sha256": alternatives,
        "proposal": entry,
    }


def write_answer(data_dir: Path | str, answer: ParsedAnswer) -> Path | None:
    """Write the answer into the data folder as ``ingest`` does (never over a file); its path
    when written, None when the folder held it already. Raises ``DraftError`` when the answer
    lacks what its file needs."""
    document = answer_document(answer)
    path = DataFolder(data_dir).answer(document["id"])
    if answer_file(data_dir, document["id"]) is not None:
        return None
    try:
        write_atomic(path, dump_yaml(document).encode("utf-8"), overwrite=False)
    except FileExistsError:
        return None
    return path


# --- Rejections ---------------------------------------------------------------------------------


def rejection_key(proposal: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """A rejection is remembered by answer, quote (whitespace aside) and target."""
    return (str(proposal.get("answer")), squash(str(proposal.get("quote"))), target_of(proposal))


def _rejections(root: Path) -> list[dict[str, Any]]:
    path = root / REJECTED_FILE
    if not path.exists():
        return []
    doc = parse_yaml(path.read_bytes())
    if (
        doc.errors
        or not isinstance(doc.data, dict)
        or not isinstance(doc.data.get("rejected"), list)
    ):
        where = doc.errors[0].line if doc.errors else 1
        raise QueueError(
            f"{path}:{where}: cannot be read as the list of rejections (hint: fix it by hand: "
            "`rejected:` and a list of {answer, quote, record, metric, proposal, rejected})"
        )
    return [item for item in doc.data["rejected"] if isinstance(item, dict)]


def rejected_keys(data_dir: Path | str) -> set[tuple[str, str, str | None]]:
    """The rejections remembered, by ``rejection_key``."""
    return {rejection_key(item) for item in _rejections(Path(data_dir))}


# --- Accepting and rejecting --------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What accepting or rejecting a proposal writes: ``files`` (path relative to the data
    folder → the file's new bytes), the pending file it removes, and what it did in words."""

    proposal: str
    files: dict[str, bytes]
    replaces: dict[str, str | None]
    """Each file's sha256 before (None for a new file, written never over one)."""
    removes: str
    summary: str
    record: str | None = None
    added: str = ""
    """The text added: the event's lines, or the new record file."""
    warnings: list[Problem] = field(default_factory=list)


def plan(data_dir: Path | str, proposal_id: str, edits: Mapping[str, Any] | None = None) -> Change:
    """What accepting the proposal (with ``edits``) would write, checked; nothing is written.
    Raises QueueError (``ChangedSince`` when the record changed since) saying why not."""
    root = Path(data_dir)
    item = find(root, proposal_id)
    if item.problem:
        raise QueueError(item.problem)
    edits = dict(edits or {})
    unknown = set(edits) - EDITABLE
    if unknown:
        raise QueueError(
            f"cannot edit {', '.join(sorted(unknown))} (hint: edit {', '.join(sorted(EDITABLE))})"
        )
    answer = _answer(root, item)
    new = bool(edits.get("new")) or (item.kind in {"figure", "new"} and not edits.get("record"))
    if new:
        return _new_record(root, item, answer, edits)
    return _appended(root, item, answer, edits)


def accept(
    data_dir: Path | str, proposal_id: str, edits: Mapping[str, Any] | None = None
) -> Change:
    """Apply the proposal (with ``edits``) and remove it from the queue, under the queue's lock;
    QueueError, with nothing written, when it cannot be (see ``plan``)."""
    root = Path(data_dir)
    with locked(root):
        change = plan(root, proposal_id, edits)
        _apply(root, change)
    return change


def rejection(data_dir: Path | str, proposal_id: str, *, today: dt.date | None = None) -> Change:
    """What rejecting the proposal writes: ``review/rejected.yaml`` with it added."""
    root = Path(data_dir)
    item = find(root, proposal_id)
    if item.problem:
        raise QueueError(f"{item.problem}; a file that cannot be read is removed by hand")
    rejected = _rejections(root)
    path = root / REJECTED_FILE
    rejected.append(
        {
            "answer": item.answer,
            "quote": item.quote,
            "record": item.record,
            "metric": item.proposal.get("metric"),
            "proposal": item.id,
            "rejected": today or dt.date.today(),
        }
    )
    return Change(
        proposal=item.id,
        files={REJECTED_FILE: _rejected_bytes(rejected)},
        replaces={REJECTED_FILE: sha256_of(path)},
        removes=item.path.relative_to(root).as_posix(),
        summary=f"rejected {item.id}: {REJECTED_FILE} remembers it, so the sentence is not "
        f"proposed for {item.target or 'a new record'} again",
        record=item.record,
    )


def reject(data_dir: Path | str, proposal_id: str, *, today: dt.date | None = None) -> Change:
    """Remember the rejection (``review/rejected.yaml``) and remove the proposal from the
    queue, under the queue's lock."""
    root = Path(data_dir)
    with locked(root):
        change = rejection(root, proposal_id, today=today)
        _apply(root, change)
    return change


_REJECTED_HEAD = (
    "# Proposals an analyst rejected: the same sentence of the same answer is never proposed for\n"
    "# the same record (or metric) again. Remove an entry to let it be proposed again.\n"
)


def _rejected_bytes(rejected: list[dict[str, Any]]) -> bytes:
    return _REJECTED_HEAD.encode("utf-8") + yaml_bytes({"rejected": rejected})


def _apply(root: Path, change: Change) -> None:
    """Write the change's files (each atomically), move the other pending proposals on a record
    the queue itself changed along with it, then remove the pending file. Called under the lock."""
    for relative, payload in change.files.items():
        path = root / relative
        before = change.replaces.get(relative)
        if before is None and relative.startswith(f"{RECORDS_DIR}/"):
            write_atomic(path, payload, overwrite=False)
            continue
        if sha256_of(path) != before:
            raise ChangedSince(f"{relative} changed while the change was made: nothing written")
        write_atomic(path, payload)
        if before is not None and relative.startswith(f"{RECORDS_DIR}/"):
            _move_along(root, Path(relative).stem, before, hashlib.sha256(payload).hexdigest())
    (root / change.removes).unlink(missing_ok=True)


def _move_along(root: Path, record_id: str, before: str, after: str) -> None:
    """The other pending proposals made against the record as it was just before the queue
    appended to it now apply to it as it is: only the queue changed it (under its lock)."""
    for item in pending(root):
        if item.problem:
            continue
        doc = yaml.load(item.path.read_bytes(), Loader=yaml.CSafeLoader)
        moved = False
        if item.record == record_id and doc.get("record_sha256") == before:
            doc["record_sha256"] = after
            moved = True
        alternatives = doc.get("alternatives_sha256") or {}
        if alternatives.get(record_id) == before:
            alternatives[record_id] = after
            moved = True
        if moved:
            write_atomic(item.path, yaml_bytes(doc))


def _answer(root: Path, item: Pending) -> Answer:
    path = answer_file(root, item.answer)
    if path is None:
        raise QueueError(
            f"the answer {item.answer} is not in the data folder "
            f"({DataFolder(root).answer(str(item.answer))}): write it first (hint: python -m "
            f"loaders propose FILE --data {root} --queue writes it, as ingest does)"
        )
    doc = parse_yaml(path.read_bytes())
    try:
        if doc.errors:
            raise ValueError(doc.errors[0].message)
        return Answer.model_validate(doc.data)
    except (ValidationError, ValueError) as exc:
        raise QueueError(
            f"{path}: the answer file has errors, so nothing can be accepted from it: "
            f"{str(exc).splitlines()[0]} (hint: python -m commitments validate {root})"
        ) from None


def _appended(root: Path, item: Pending, answer: Answer, edits: Mapping[str, Any]) -> Change:
    target = edits.get("record") or item.record
    path = record_file(root, target)
    if path is None:
        raise QueueError(
            f"no record {target!r} in {DataFolder(root).records} (hint: choose a record on file, "
            "or make it a new record)"
        )
    relative = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    now = hashlib.sha256(raw).hexdigest()
    made_against = (
        item.record_sha256 if target == item.record else item.alternatives_sha256.get(target)
    )
    if made_against is not None and now != made_against:
        raise ChangedSince(
            f"{relative} has changed since proposal {item.id} was made (on {item.made}): it is "
            "not applied, and stays pending (hint: propose its answer again to propose against "
            "the record as it is now, or reject it)"
        )
    status = edits.get("status") or item.status
    if not status:
        raise QueueError(f"proposal {item.id} gives no status: give one")
    effective = _date(edits["effective"]) if "effective" in edits else item.effective
    precision = edits.get("precision") or (item.precision if "effective" not in edits else "day")
    event = event_for(answer, status, item.quote, effective, precision, item.reason)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise QueueError(
            f"{relative} is not UTF-8 (hint: python -m commitments validate)"
        ) from None
    try:
        new_text, added = append_event(text, event)
    except QueueError as exc:
        raise QueueError(f"{relative}: {exc}") from None
    warnings = _checked(root, relative, new_text, text)
    return Change(
        proposal=item.id,
        files={relative: new_text.encode("utf-8")},
        replaces={relative: now},
        removes=item.path.relative_to(root).as_posix(),
        summary=f"accepted {item.id}: added a {status} event from {answer.id} to {relative}",
        record=target,
        added=added,
        warnings=warnings,
    )


def event_for(
    answer: Answer,
    status: str,
    quote: str,
    effective: dt.date | None,
    precision: str,
    note: str,
) -> dict[str, Any]:
    """A status event as ``data/README.md`` writes one: dated the answer, sourced and quoted
    from it, with the effective date (a month or year written as its first day) and a note."""
    if precision not in PRECISIONS:
        raise QueueError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    event: dict[str, Any] = {"date": answer.date}
    if effective is not None:
        if precision == "month":
            effective = effective.replace(day=1)
        elif precision == "year":
            effective = effective.replace(month=1, day=1)
        event["effective"] = effective
        if precision != "day":
            event["precision"] = precision
    event.update({"status": status, "source": answer.id, "quote": quote})
    if note:
        event["note"] = note
    return event


def _checked(root: Path, relative: str, new_text: str, old_text: str | None = None) -> list:
    """The new file checked as the data folder's checks would check it, beside the registry and
    the answers it cites; QueueError when it has an error the old file did not have. Its
    warnings otherwise."""
    result = check({relative: new_text}, root)
    before = set()
    if old_text is not None:
        before = {(p.message, p.hint) for p in check({relative: old_text}, root).errors}
    errors = [p for p in result.errors if (p.message, p.hint) not in before]
    if errors:
        listed = "; ".join(str(p) for p in errors)
        raise QueueError(
            f"{relative} would fail its checks, so nothing was written: {listed}. Accept it with "
            "other edits, make it a new record, or reject it."
        )
    return result.warnings


def _new_record(root: Path, item: Pending, answer: Answer, edits: Mapping[str, Any]) -> Change:
    registry, _problems, valid = read_registry(root)
    tagger = Tagger.of(registry) if valid else Tagger.of()
    read = extract_candidates(parsed(answer), tagger)
    candidate = _candidate(read, item, tagger)
    metric = item.proposal.get("metric") if item.kind == "figure" else None
    try:
        record = record_document(read, candidate, {"metric": metric} if metric else {})
    except DraftError as exc:
        raise QueueError(f"proposal {item.id}: {exc}") from None
    used = {p.stem for p in DataFolder(root).records.glob("*") if p.suffix in YAML_SUFFIXES}
    used |= {p.stem for p in DataFolder(root).answers.glob("*") if p.suffix in YAML_SUFFIXES}
    record["id"] = unique_id(record["id"], used)
    record["source"] = answer.id
    first = record["history"][0]
    for event in record["history"]:
        event["source"] = answer.id
    said = item.status if item.status != RESTATED else None  # a history never opens so
    status = edits.get("status") or said or candidate.stage or DRAFT_STATUS
    first["status"] = status
    effective = _date(edits["effective"]) if "effective" in edits else item.effective
    if effective is not None and item.kind != "figure":
        precision = edits.get("precision") or item.precision
        dated = event_for(answer, status, first["quote"], effective, precision, "")
        first.clear()
        first.update(dated)
    if item.reason:
        first["note"] = item.reason
    text = dump_yaml(record)
    relative = DataFolder.record_name(record["id"])
    warnings = _checked(root, relative, text)
    return Change(
        proposal=item.id,
        files={relative: text.encode("utf-8")},
        replaces={relative: None},
        removes=item.path.relative_to(root).as_posix(),
        summary=f"accepted {item.id}: wrote a new {record['kind']} record {relative} from "
        f"{answer.id}",
        record=record["id"],
        added=text,
        warnings=warnings,
    )


def _candidate(read: ParsedAnswer, item: Pending, tagger: Tagger) -> Candidate:
    """The candidate the proposal came from, found again in the answer's text; for a sentence
    proposed as a status, the commitment in it (or the sentence itself)."""
    offset = item.proposal.get("offset")
    figure = item.kind == "figure" or item.proposal.get("value") is not None
    kind = "figure" if figure else "commitment"
    for candidate in read.candidates:
        if (candidate.kind, candidate.quote, candidate.offset) == (kind, item.quote, offset):
            return candidate
    if figure:
        raise QueueError(
            f"proposal {item.id}: its figure is no longer found in {item.answer} (hint: propose "
            "the answer again)"
        )
    start = offset if isinstance(offset, int) else read.answer.find(item.quote)
    for candidate in read.candidates:
        inside = start <= candidate.offset < start + len(item.quote)
        if candidate.kind == "commitment" and inside:
            return candidate
    stage = item.status if item.status in {"announced", "in_progress", "delivered"} else None
    return Candidate(
        kind="commitment",
        quote=item.quote,
        offset=max(start, 0),
        stage=stage,
        programmes=tuple(tagger.programmes_in(item.quote)),
        agencies=tuple(tagger.agencies_in(item.quote)),
    )


# --- Appending an event as text -----------------------------------------------------------------


def append_event(text: str, event: Mapping[str, Any]) -> tuple[str, str]:
    """``text`` (a record file) with ``event`` added to its ``history`` in date order: after the
    last item dated on or before it (the last item, for an answer newer than every event; an
    older answer's event goes among them, so a record can be brought up to date from answers
    read late), and the lines added. Only those lines are inserted, after that item's last line
    (PyYAML node marks find it), in the items' own indentation; every other character stays.
    The result is read back and must be the old record with the one event more."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        before = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise QueueError(f"not YAML that can be read ({str(exc).splitlines()[0]})") from None
    history = None
    if isinstance(root, yaml.MappingNode):
        history = next(
            (v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "history"),
            None,
        )
    if not isinstance(history, yaml.SequenceNode) or not history.value:
        raise QueueError(
            "it has no history list to append to (hint: python -m commitments validate)"
        )
    if history.flow_style or any(
        not isinstance(item, yaml.MappingNode) or item.flow_style for item in history.value
    ):
        raise QueueError(
            "its history is not a block list of mappings (`- date: …`), so the event cannot be "
            "added as lines (hint: add it by hand, as data/README.md shows)"
        )
    position = _position(before["history"], event["date"])
    if position == 0:
        raise QueueError(
            f"the event of {event['date']} is older than the record's first event "
            f"({before['history'][0].get('date')}): a record begins with what first said it "
            "(hint: make it a new record, or move the record's beginning by hand)"
        )
    item = history.value[position - 1]
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    lead = text[line_start : item.start_mark.index]
    if lead.strip() != "-":
        raise QueueError(
            "its history item does not start a line with `- ` (hint: add the event by hand)"
        )
    dash, key = lead.index("-"), len(lead)
    at = _after_item(text, item, dash)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = yaml_bytes(dict(event)).decode("utf-8").rstrip("\n").split("\n")
    block = [" " * dash + "-" + " " * (key - dash - 1) + lines[0]]
    block += [(" " * key + line) if line else "" for line in lines[1:]]
    added = newline.join(block) + newline
    if at == len(text) and not text.endswith("\n"):
        inserted = newline + added[: -len(newline)]  # the file ended without a newline: so it does
    else:
        inserted = added
    new_text = text[:at] + inserted + text[at:]
    expected = copy.deepcopy(before)
    expected["history"].insert(position, dict(event))
    if yaml.load(new_text, Loader=yaml.CSafeLoader) != expected:
        raise QueueError(
            "the event could not be added as lines and read back the same (hint: add it by hand)"
        )
    return new_text, added


def _position(history: list[Any], date: dt.date) -> int:
    """Where an event of ``date`` goes in ``history``: after every event dated on or before it.
    An event whose date cannot be read counts as before it (the checks will name it)."""
    position = 0
    for i, item in enumerate(history):
        when = item.get("date") if isinstance(item, dict) else None
        if not isinstance(when, dt.date) or when <= date:
            position = i + 1
    return position


def _after_item(text: str, item: yaml.MappingNode, dash: int) -> int:
    """Where the lines after the history item ``item`` start: after its last value's last line,
    and after the comment lines indented under the item that follow it."""
    leaf: yaml.Node = item
    while isinstance(leaf, yaml.MappingNode | yaml.SequenceNode) and not leaf.flow_style:
        if not leaf.value:
            break
        leaf = leaf.value[-1][1] if isinstance(leaf, yaml.MappingNode) else leaf.value[-1]
    end = leaf.end_mark.index
    if isinstance(leaf, yaml.ScalarNode) and leaf.style in {"|", ">"}:
        header = text[leaf.start_mark.index : text.find("\n", leaf.start_mark.index)]
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():  # the scalar runs to the end of the file without a newline
            at = len(text)
        elif "+" in header:  # kept trailing lines are its own: after them
            at = start
        else:  # after its last line that is not blank
            at = start
            while at > leaf.start_mark.index:
                previous = text.rfind("\n", 0, at - 1) + 1
                if text[previous:at].strip():
                    break
                at = previous
    else:
        newline = text.find("\n", end)
        at = len(text) if newline == -1 else newline + 1
    while at < len(text):
        newline = text.find("\n", at)
        line = text[at : len(text) if newline == -1 else newline + 1]
        body = line.lstrip(" ")
        if not body.startswith("#") or len(line) - len(body) <= dash:
            break
        at += len(line)
    return at


# --- For the page and the command line ----------------------------------------------------------


HISTORY_COLUMNS = ("date", "status", "effective", "source", "quote")


@dataclass(frozen=True)
class Target:
    """A record a proposal speaks to, as its file holds it now: for a reviewer to see beside
    the proposal."""

    id: str
    kind: str
    title: str
    history: list[dict[str, Any]]
    """Each event's ``HISTORY_COLUMNS``, oldest first."""

    @property
    def last_quote(self) -> str | None:
        quotes = [e["quote"] for e in self.history if isinstance(e.get("quote"), str)]
        return quotes[-1] if quotes else None


def target(data_dir: Path | str, record_id: str | None) -> Target | None:
    """The record ``record_id`` as its file holds it now; None when there is none."""
    path = record_file(data_dir, record_id)
    if path is None or record_id is None:
        return None
    doc = parse_yaml(path.read_bytes())
    data = doc.data if isinstance(doc.data, dict) else {}
    events = data.get("history")
    rows = [
        {name: event.get(name) for name in HISTORY_COLUMNS}
        for event in (events if isinstance(events, list) else [])
        if isinstance(event, dict)
    ]
    return Target(record_id, str(data.get("kind") or ""), str(data.get("title") or ""), rows)


def answer_text(data_dir: Path | str, answer_id: str | None) -> tuple[str, str] | None:
    """``(citation, text)`` of the answer as the data folder holds it; None when it is not
    there (yet)."""
    path = answer_file(data_dir, answer_id)
    if path is None:
        return None
    doc = parse_yaml(path.read_bytes())
    data = doc.data if isinstance(doc.data, dict) else {}
    text = data.get("answer")
    if not isinstance(text, str):
        return None
    return str(data.get("citation") or answer_id), text


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise QueueError(f"{value!r} is not a date (YYYY-MM-DD)") from None
    return None


ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def change_zip(change: Change) -> bytes:
    """The change's files as a zip of paths inside the data folder (``records/…``,
    ``review/rejected.yaml``), to unzip over it where the page may not write."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(change.files):
            info = zipfile.ZipInfo(path, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, change.files[path])
    return buffer.getvalue()
