"""Watch the Written Questions service: what was answered since the last run, for a watch list.

``python -m loaders watch`` asks the service (through ``loaders.fetch``'s client, its cache,
rate and retries) once per term of the watch list, for the answers given between the day after
the last day it covered and the last day that is over; it drafts the new answers as ``fetch``
does (never over a file), makes each one's proposals against the data folder's records and
writes a dated Markdown report an analyst reads in the morning.

- **The watch list** is the registry's programmes and agencies, each with its name and aliases
  (those a search can use: ``searchable``), and the words given with ``--words``. A term shared
  by two entries is asked for once; an answer found by several terms is drafted once.
- **The state** is one small JSON file, ``{"last_day": "YYYY-MM-DD"}``, beside the data folder
  (not in it: ``data/`` holds only the reviewed dataset, which is checked and committed; the
  state is this machine's schedule and changes every run). It is written atomically, and only
  once the whole run (fetch, drafts, report) has succeeded, so a failed run is tried again from
  the same day: no day is repeated, none skipped.
- **A lock** (``<state>.lock``, an ``flock``) keeps two runs from writing at once: the second
  says so and stops.
- **The proposals** (``loaders.proposals``) on records on file (``status``, ``figure``,
  ``restated``) go into the data folder's review queue (``loaders.queue``), as ``propose --queue``
  puts them: with the answer written into the data folder's ``answers/`` (never over a file),
  since an accept needs it there, wherever ``--out`` puts the drafts. A ``new`` proposal is not
  queued: it is the draft ``--out`` holds already. What the queue left out (pending already,
  rejected before, its words on file) is counted in the report.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commitments.folder.writing import write_atomic
from commitments.record.model import Record, Registry

from . import fetch, queue
from .drafts import DraftError, build_drafts, write_drafts
from .model import ParsedAnswer
from .pipeline import load_answers
from .proposals import Proposal, ProposalIndex, as_it_stood, propose
from .tagging import Tagger

STATE_FILE = ".watch-state.json"
REPORTS_DIR = "watch-reports"


class WatchError(Exception):
    """The watch could not run (its state unreadable, a run already going, the service
    refused): one line, with what to do."""


# --- the watch list ---------------------------------------------------------------------------

_WORD = r"[^\W_]+(?:['’-][^\W_]+)*"
_TERM = re.compile(rf"{_WORD}(?:,? {_WORD})*")


def searchable(term: str) -> bool:
    """Whether a registry name is words the service's search can use: words of letters and
    digits (with inner hyphens or apostrophes, commas between), and either several words, one
    of five letters or more, or an acronym of three capitals or more. ``Met`` or ``Kent`` alone
    is too short a word (it would find every answer using it); ``OSCE/ODIHR`` is not words."""
    text = " ".join(term.split())
    if not _TERM.fullmatch(text):
        return False
    if text.isupper() and text.isalpha():
        return len(text) >= 3
    return " " in text or len(text) >= 5


@dataclass(frozen=True)
class Watched:
    """One entry of the watch list: a programme, an agency or a word, and its search terms."""

    kind: str  # "programme", "agency" or "word"
    name: str
    terms: tuple[str, ...]
    dropped: tuple[str, ...] = ()
    """Its names that are not words a search can use (left out, said in the report)."""


def watch_list(registry: Registry, words: Sequence[str] = ()) -> list[Watched]:
    """The registry's programmes and agencies (their searchable names and aliases), then the
    words given; an entry with no searchable term is kept, to be reported as not searched."""
    entries: list[Watched] = []
    for kind, entities in (("programme", registry.programmes), ("agency", registry.agencies)):
        for entity in entities:
            names = _unique([entity.name, *entity.aliases])
            terms = tuple(n for n in names if searchable(n))
            dropped = tuple(n for n in names if n not in terms)
            entries.append(Watched(kind, entity.name, terms, dropped))
    for word in _unique(words):
        entries.append(Watched("word", word, (word,)))
    return entries


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        text = " ".join(name.split())
        if text:
            seen.setdefault(text.casefold(), text)
    return list(seen.values())


def search_terms(entries: Sequence[Watched]) -> list[str]:
    """Every term to ask for, once each (case apart), in watch-list order."""
    return _unique(term for entry in entries for term in entry.terms)


# --- the days covered -------------------------------------------------------------------------


def read_state(path: Path) -> dt.date | None:
    """The last day a run covered, or None when no run has (no state file)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise WatchError(f"{path}: cannot read the watch state: {exc.strerror}") from None
    try:
        return dt.date.fromisoformat(json.loads(raw)["last_day"])
    except (ValueError, KeyError, TypeError):
        raise WatchError(
            f'{path}: not a watch state ({{"last_day": "YYYY-MM-DD"}}) (hint: fix it, or remove '
            "it and give --since)"
        ) from None


def write_state(path: Path, last_day: dt.date) -> None:
    state = {"last_day": last_day.isoformat(), "written": dt.datetime.now(dt.UTC).isoformat()}
    write_atomic(path, (json.dumps(state, indent=2) + "\n").encode())


def window(
    last_day: dt.date | None, since: dt.date | None, until: dt.date | None, today: dt.date
) -> tuple[dt.date, dt.date]:
    """The first and last day to watch (the first after the last may mean nothing to do).

    The first run starts at ``since``; later ones the day after the state's last day (``since``
    is then refused: it would repeat or skip days). The end is ``until``, else yesterday: a day
    is watched once it is over. Raises ``ValueError`` with the fix.
    """
    if last_day is None:
        if since is None:
            raise ValueError(
                "no run has been made yet: give the first day to watch with --since YYYY-MM-DD"
            )
        first = since
    elif since is not None:
        raise ValueError(
            f"the last run covered up to {last_day}; --since is for the first run only "
            "(hint: leave it out, or remove the state file to start again)"
        )
    else:
        first = last_day + dt.timedelta(days=1)
    last = until if until is not None else today - dt.timedelta(days=1)
    if last >= today:
        raise ValueError(f"--until {last} is not over yet: give a day before {today}")
    return first, last


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold ``path`` (an ``flock``) for the run; WatchError when another run holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WatchError(
                f"{path}: another watch is running; this one did nothing (hint: wait for it)"
            ) from None
        yield
    finally:
        os.close(fd)


# --- a run ------------------------------------------------------------------------------------


@dataclass
class Found:
    """One new answer and what it means: the entries that found it, and its drafts."""

    answer: ParsedAnswer
    keys: frozenset[tuple[str, str]]
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    problem: str | None = None
    proposals: list[Proposal] = field(default_factory=list)
    """What the answer says of the data folder's records, every kind."""
    queued: queue.Enqueued = field(default_factory=queue.Enqueued)
    """What the review queue made of its proposals on records."""
    answer_file: Path | None = None
    """The answer written into the data folder for its proposals (None: it was there)."""


@dataclass
class Run:
    """What one watch gathered and did."""

    first: dt.date
    last: dt.date
    api: str
    entries: list[Watched]
    terms: list[str]
    found: list[Found] = field(default_factory=list)
    by_term: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    sent: int = 0
    notes: list[str] = field(default_factory=list)

    def found_by(self, entry: Watched) -> list[Found]:
        keys = set().union(*(self.by_term.get(t.casefold(), set()) for t in entry.terms))
        return [f for f in self.found if f.keys & keys]


def question_key(record: dict[str, Any]) -> tuple[str, str]:
    """A question as the service knows it: its UIN and the day it was tabled."""
    return str(record.get("uin") or "").strip(), str(record.get("dateTabled") or "")[:10]


def gather(
    client: fetch.Client,
    entries: list[Watched],
    first: dt.date,
    last: dt.date,
    tagger: Tagger,
    *,
    take: int = fetch.DEFAULT_TAKE,
) -> Run:
    """Ask for each term's answers of the days, then parse them once, deduplicated by
    question. Raises ``FetchError`` on the first request that fails: nothing is drafted."""
    run = Run(first, last, client.api, entries, search_terms(entries))
    records: dict[tuple[str, str], dict[str, Any]] = {}
    for term in run.terms:
        query = fetch.Query(answered_from=first, answered_to=last, search=term)
        fetched = fetch.fetch_questions(client, query, take=take)
        run.notes.extend(f"{term!r}: {note}" for note in fetched.notes)
        keys = run.by_term.setdefault(term.casefold(), set())
        for item in fetched.document:
            key = question_key(item["value"])
            keys.add(key)
            records.setdefault(key, item)
    run.sent = client.sent
    document = json.dumps(list(records.values()), ensure_ascii=False).encode("utf-8")
    answers = load_answers(document, fmt="wq-json", tagger=tagger) if records else []
    for answer in answers:
        tabled = answer.date_tabled.isoformat() if answer.date_tabled else ""
        run.found.append(Found(answer, frozenset((uin, tabled) for uin in answer.uins)))
    return run


def draft(run: Run, out: Path) -> None:
    """Write each new answer's drafts under ``out``, never over a file. An answer that cannot
    be drafted keeps its problem, said in the report (trying again would not draft it)."""
    for found in run.found:
        try:
            files = build_drafts(found.answer)
        except DraftError as exc:
            found.problem = str(exc)
            continue
        found.written, found.kept = write_drafts(files, out)


QUEUED = ("status", "figure", "restated")
"""The kinds of proposal that go to the review queue: those on records (or metrics) on file."""


def propose_all(run: Run, records: Sequence[Record], registry: Registry) -> None:
    """Each drafted answer's proposals against the data folder's records as they stood at the
    end of its day (one index a day): a record first said later cannot take an event from it."""
    by_day: dict[dt.date, list[Found]] = {}
    for found in run.found:
        if found.problem is None and found.answer.date is not None:
            by_day.setdefault(found.answer.date, []).append(found)
    for day, answers in sorted(by_day.items()):
        index = ProposalIndex.of(as_it_stood(records, day + dt.timedelta(days=1)), registry)
        for found in answers:
            found.proposals = propose(found.answer, index)


def enqueue(run: Run, data_dir: Path) -> None:
    """Put each answer's proposals on records into the data folder's review queue, and write the
    answer into the data folder when any waits in the queue (an accept needs it there; never
    over a file). Raises ``QueueError`` when the queue refuses: the run is tried again."""
    for found in run.found:
        on_records = [p for p in found.proposals if p.kind in QUEUED]
        if not on_records:
            continue
        found.queued = queue.enqueue(data_dir, on_records)
        if found.queued.added or found.queued.renewed or found.queued.pending:
            found.answer_file = queue.write_answer(data_dir, found.answer)


# --- the report -------------------------------------------------------------------------------

KINDS = (("programme", "Programmes"), ("agency", "Agencies"), ("word", "Words"))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def report_name(run: Run) -> str:
    """The report's file name, dated by the last day it covers (each day is covered once)."""
    return f"watch-{run.last.isoformat()}.md"


def report(run: Run, out: Path, data: Path) -> str:
    """The run as Markdown: the days, each entry's new answers, the drafts, the proposals
    queued for review in ``data``, what had nothing."""
    days = (run.last - run.first).days + 1
    span = _day(run.first) if days == 1 else f"{_day(run.first)} to {_day(run.last)}"
    drafts = [p for f in run.found for p in f.written]
    lines = [
        f"# Written answers watched: {span}",
        "",
        f"Answers given on {span} ({days} day{'s' * (days != 1)}), searched for "
        f"{len(run.terms)} terms at {run.api}: {len(run.found)} new "
        f"answer{'s' * (len(run.found) != 1)}, {len(drafts)} draft files written under {out}.",
    ]
    quiet: dict[str, list[str]] = {kind: [] for kind, _ in KINDS}
    if not run.found:
        lines += ["", "Nothing new was answered for any programme, agency or word."]
    for kind, _title in KINDS:
        for entry in (e for e in run.entries if e.kind == kind):
            found = run.found_by(entry)
            if not found:
                quiet[kind].append(entry.name)
                continue
            lines += ["", f"## {entry.name} ({kind})"]
            for item in found:
                lines += _answer_lines(item.answer)
    if drafts or any(f.kept or f.problem for f in run.found):
        lines += ["", "## Drafts", ""]
        lines += [f"- written: `{p}`" for p in drafts]
        lines += [f"- kept (exists, not overwritten): `{p}`" for f in run.found for p in f.kept]
        lines += [
            f"- not drafted: {f.answer.citation or f.answer.id}: {f.problem}"
            for f in run.found
            if f.problem
        ]
        lines += ["", "Each draft is `needs_review`: review it, then run `python -m commitments "]
        lines[-1] += "validate`."
    if any(f.problem is None for f in run.found):
        lines += _proposal_lines(run, data)
    lines += ["", "## Nothing new", ""]
    for kind, title in KINDS:
        if quiet[kind]:
            lines.append(f"- {title}: {', '.join(quiet[kind])}")
    if not any(quiet.values()):
        lines.append("- every entry of the watch list found something")
    unsearched = [e for e in run.entries if e.dropped]
    if unsearched:
        lines += ["", "Not searched (not words a search can use): "]
        lines[-1] += "; ".join(f"{', '.join(e.dropped)} ({e.name})" for e in unsearched) + "."
    for note in run.notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines) + "\n"


def _answer_lines(answer: ParsedAnswer) -> list[str]:
    heading = " ".join((answer.heading or "(no heading)").split())
    link = f" — [on the service]({answer.url})" if answer.url else ""
    lines = ["", f"### {answer.citation or answer.id}", "", f"**{heading}**{link}", ""]
    for paragraph in answer.answer.split("\n"):
        lines.append(f"> {paragraph.strip()}" if paragraph.strip() else ">")
    return lines


def _proposal_lines(run: Run, data: Path) -> list[str]:
    """Per answer, how many proposals went to the review queue and of which kinds, each named."""
    queued = sum(len(f.queued.added) + len(f.queued.renewed) for f in run.found)
    lines = [
        "",
        "## Proposals for review",
        "",
        f"Each answer was matched against the records of {data}: a proposal on a record or "
        f"metric on file waits in its review queue ({data / queue.PENDING_DIR}); a `new` one is "
        "its draft above.",
        "",
        f"{queued} went to the review queue. Review them with:"
        if queued
        else "None went to the review queue. The queue is reviewed with:",
        "",
        f"    python -m loaders review {data}",
    ]
    for found in run.found:
        if found.problem is not None:
            continue
        made = {p.id: p for p in found.proposals}
        into = [made[i] for i in [*found.queued.added, *found.queued.renewed]]
        kinds = _counted(p.kind for p in into)
        new = sum(p.kind == "new" for p in found.proposals)
        said = f"{len(into)} to the review queue" + (f" ({kinds})" if kinds else "")
        said += f", {new} new (drafted)"
        left = {
            "pending already": len(found.queued.pending),
            "rejected before": len(found.queued.rejected),
            "on file already": len(found.queued.on_file),
        }
        if any(left.values()):
            said += "; left out: " + ", ".join(f"{n} {why}" for why, n in left.items() if n)
        lines += ["", f"### {found.answer.citation or found.answer.id}", "", f"{said}."]
        if found.answer_file is not None:
            lines[-1] += f" The answer was written to `{found.answer_file}` for them."
        if into:
            lines.append("")
        for proposal in into:
            target = proposal.record or f"metric {proposal.metric}"
            words = " ".join(proposal.quote.split())
            words = words if len(words) <= 80 else words[:79] + "…"
            lines.append(
                f"- `{proposal.id}` {proposal.kind}: {target}, {proposal.status}: “{words}”"
            )
    return lines


def _counted(kinds: Iterable[str]) -> str:
    """``"2 status, 1 restated"``, in ``queue.KINDS`` order."""
    counts = {kind: 0 for kind in queue.KINDS}
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
    return ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
