"""Ingest a folder of saved answers on every core; a run can be stopped and resumed.

``python -m loaders bulk FOLDER --out DATA_DIR`` ingests every file of FOLDER (saved Written
Questions API responses, parlparse XML day files, or any other input ``ingest`` reads) as
``ingest`` does. Parsing, extraction and drafting are the slow part and are pure, so they run in
worker processes (``draft_file``); writing stays in the parent, one file at a time through
``write_drafts``, which never overwrites (a draft already there is "kept"). Files are written in
the folder's order whatever the order the workers finish in, so a run drafts exactly what
``ingest`` of the same files one by one would.

Progress is a small text file beside DATA_DIR (``progress_path``), never inside it: one input
file's resolved path a line, appended once that file's drafts are written. A second run skips
the files it lists; a run stopped midway (Ctrl-C) redoes only the rest. A file that fails is not
listed, so the next run tries it again.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .drafts import DraftError, build_drafts, write_drafts
from .pipeline import load_answers
from .tagging import Tagger

PROGRESS_SUFFIX = ".bulk-progress"


@dataclass(frozen=True)
class Drafted:
    """What a worker made of one input file: its drafts (``{relative path: YAML}``, in the
    order ``ingest`` writes them) and a one-line message for each thing that failed."""

    path: Path
    answers: int = 0
    drafts: tuple[dict[str, str], ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """One input file done: what its drafts wrote and kept, and what failed."""

    path: Path
    answers: int
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    problems: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def progress_path(out: Path) -> Path:
    """The progress file of a run into ``out``: beside it, hidden, named after it."""
    out = Path(out).resolve()
    return out.parent / f".{out.name}{PROGRESS_SUFFIX}"


def inputs(folder: Path) -> list[Path]:
    """Every file of ``folder`` (not its subfolders, nor hidden files), in name order."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))


def read_progress(path: Path) -> set[str]:
    """The input files a progress file lists as done (a last line cut short is not counted)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    lines = text.split("\n")
    return {line for line in lines[:-1] if line}


def mark_done(path: Path, done: Path) -> None:
    """Add ``done`` to the progress file: one whole line in one write, then synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    line = f"{done}\n".encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def draft_file(path: Path, fmt: str | None, tagger: Tagger) -> Drafted:
    """Parse, extract and draft one file; every failure becomes a one-line message, never an
    exception (the other files go on)."""
    name = str(path)
    try:
        answers = load_answers(path.read_bytes(), fmt=fmt, filename=path.name, tagger=tagger)
    except OSError as exc:
        return Drafted(path, problems=(f"cannot read {name}: {exc.strerror}",))
    except ValueError as exc:  # UnsafeXMLError among them
        return Drafted(path, problems=(f"{name}: {exc}",))
    except Exception as exc:  # a parser's bug must not stop the run
        return Drafted(path, problems=(f"{name}: unexpected {type(exc).__name__}: {exc}",))
    if not answers:
        return Drafted(path, problems=(f"no written answer found in {name}",))
    drafts, problems = [], []
    for answer in answers:
        try:
            drafts.append(build_drafts(answer))
        except (DraftError, ValueError, IndexError) as exc:
            problems.append(f"{name}: {answer.id or 'answer'}: {exc}")
    return Drafted(path, len(answers), tuple(drafts), tuple(problems))


_WORKER_TAGGER: Tagger | None = None


def _start_worker(tagger: Tagger) -> None:
    """A worker ignores Ctrl-C (the parent stops the pool) and keeps the tagger it was sent."""
    global _WORKER_TAGGER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_TAGGER = tagger


def _draft_in_worker(path: Path, fmt: str | None) -> Drafted:
    assert _WORKER_TAGGER is not None
    return draft_file(path, fmt, _WORKER_TAGGER)


def ingest_folder(
    files: list[Path],
    out: Path,
    *,
    tagger: Tagger,
    fmt: str | None = None,
    workers: int | None = None,
    progress: Path | None = None,
) -> Iterator[Outcome]:
    """Draft ``files`` into ``out`` on ``workers`` processes (default: every core), yielding
    each file's outcome in order once its drafts are written and it is marked done.

    ``files`` are those still to do (``pending`` leaves out the ones done before). Stopped
    early (Ctrl-C, or the caller stops iterating), the pool is shut down, queued files are
    cancelled, and no draft or progress line is left half-written."""
    workers = workers or os.cpu_count() or 1
    progress = progress or progress_path(out)
    if workers == 1:
        for path in files:
            yield _write(draft_file(path, fmt, tagger), out, progress)
        return
    pool = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(tagger,))
    try:
        futures: list[Future[Drafted]] = [
            pool.submit(_draft_in_worker, path, fmt) for path in files
        ]
        for path, future in zip(files, futures, strict=True):
            try:
                drafted = future.result()
            except Exception as exc:  # the worker died (BrokenProcessPool) or could not start
                drafted = Drafted(path, problems=(f"{path}: the worker failed: {exc}",))
            yield _write(drafted, out, progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def pending(files: list[Path], progress: Path) -> tuple[list[Path], list[Path]]:
    """``(to do, done before)``: the files the progress file does not list, and those it does."""
    done = read_progress(progress)
    todo = [p for p in files if str(p.resolve()) not in done]
    before = [p for p in files if str(p.resolve()) in done]
    return todo, before


def _write(drafted: Drafted, out: Path, progress: Path) -> Outcome:
    written: list[Path] = []
    kept: list[Path] = []
    for files in drafted.drafts:
        new, old = write_drafts(files, out)
        written += new
        kept += old
    if not drafted.problems:
        mark_done(progress, drafted.path.resolve())
    return Outcome(drafted.path, drafted.answers, written, kept, drafted.problems)
