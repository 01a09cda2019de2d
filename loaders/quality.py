"""How well the loaders reproduce hand-made records: recall and precision, and metadata.

A figure candidate matches a figure record of the same answer when it gives the same value (and
upper value, for a range) and its quote overlaps the record's. Several records may share one
quote when a sentence gives several figures; each record is matched by one candidate at most.

A commitment record is made once, from the answer that first states it; later answers add
status events to its history. So for one answer, the commitments to find are the records it
sources and the records with a status event from it, each with the quotes from that answer; a
commitment candidate matches when its quote overlaps one of them.

Quotes overlap when the longest run of words they share covers at least half of the shorter.

The hand-made answers and records are a data folder's, read by ``commitments.folder``; the
answers measured are those listed in a fixtures folder's ``manifest.yaml``, parsed with the
options a user would give (``parse_fixtures``).
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from commitments.folder.dataset import Dataset
from commitments.record.model import Answer, Commitment, Figure, Record
from commitments.record.status import RESTATED

from .model import Extent, ParsedAnswer
from .pipeline import load_answers
from .tagging import Tagger

OVERLAP = 0.5
METADATA_FIELDS = ("citation", "date", "house", "uins", "asker", "minister")


def share(part: int, whole: int) -> float:
    """``part`` of ``whole`` (a recall, a precision): 1.0 when there was nothing to find."""
    return part / whole if whole else 1.0


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    candidates: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return share(self.found, self.expected)

    @property
    def precision(self) -> float:
        return share(self.correct, self.candidates)

    def add(self, other: Score) -> None:
        self.expected += other.expected
        self.found += other.found
        self.candidates += other.candidates
        self.correct += other.correct
        self.missed += other.missed
        self.spurious += other.spurious


@dataclass
class FieldCheck:
    answer: str
    field: str
    expected: Any
    got: Any
    ok: bool
    note: str = ""


@dataclass
class Report:
    figures: Score = field(default_factory=Score)
    commitments: Score = field(default_factory=Score)
    metadata: list[FieldCheck] = field(default_factory=list)
    answers: int = 0

    @property
    def metadata_right(self) -> bool:
        return all(check.ok for check in self.metadata)


def hand_made(dataset: Dataset) -> tuple[dict[str, Answer], list[Record]]:
    """The answers (by id) and the records of a loaded data folder, in the order of their files."""
    answers = {answer_id: located.item for answer_id, located in dataset.answers.items()}
    return answers, [located.item for located in dataset.records.values()]


def compare(
    parsed: Iterable[ParsedAnswer], answers: Mapping[str, Answer], records: list[Record]
) -> Report:
    """Score parsed answers against the hand-made answers and records."""
    report = Report()
    for answer in parsed:
        report.answers += 1
        expected = answers.get(answer.id or "")
        if expected is None:
            report.metadata.append(
                FieldCheck(answer.id or "?", "id", None, answer.id, False, "no such answer")
            )
            continue
        report.metadata.extend(check_metadata(answer, expected))
        report.figures.add(score_figures(answer, expected.id, records))
        report.commitments.add(score_commitments(answer, expected.id, records))
    return report


def check_metadata(answer: ParsedAnswer, expected: Answer) -> list[FieldCheck]:
    """Citation, date, house, question numbers, asker and minister against the hand-made answer."""
    checks = []
    got: dict[str, Any] = {
        "citation": answer.citation,
        "date": answer.date,
        "house": answer.house,
        "uins": list(answer.uins),
        "asker": answer.asker,
        "minister": answer.minister,
    }
    for name in METADATA_FIELDS:
        want = _plain(getattr(expected, name))
        value = _plain(got[name])
        ok = value == want
        note = ""
        if name == "citation" and not ok:
            ok, note = _citation_without_volume(value, expected)
        checks.append(FieldCheck(expected.id, name, want, value, ok, note))
    return checks


def _citation_without_volume(value: str | None, expected: Answer) -> tuple[bool, str]:
    """A page that does not print the volume cannot give it: the rest must agree."""
    if not value or "volume" not in expected.citation_parts.inferred:
        return False, ""
    without = re.sub(r"\s+vol\s+\d+", "", expected.citation)
    if value == without:
        return True, "volume not printed on the page (inferred by hand)"
    return False, ""


def score_figures(answer: ParsedAnswer, answer_id: str, records: list[Record]) -> Score:
    # the figures the answer gives: those first said in it, and those it says again (a
    # restatement, recorded as an event of the record that first gave the figure)
    wanted: list[tuple[Figure, str]] = []
    for record in records:
        if not isinstance(record, Figure):
            continue
        if record.source == answer_id:
            wanted.append((record, record.quote))
        wanted += [
            (record, event.quote)
            for event in record.history
            if event.status == RESTATED and event.source == answer_id and event.quote
        ]
    candidates = [c for c in answer.candidates if c.kind == "figure"]
    score = Score(expected=len(wanted), candidates=len(candidates))
    taken: set[int] = set()
    for record, quote in wanted:
        best: tuple[float, int] | None = None
        for index, candidate in enumerate(candidates):
            if index in taken or not _same_value(candidate.value, record.value):
                continue
            if record.value_high is not None and not _same_value(
                candidate.value_high, record.value_high
            ):
                continue
            overlap = quote_overlap(candidate.quote, quote)
            if overlap >= OVERLAP and (best is None or overlap > best[0]):
                best = (overlap, index)
        if best is None:
            score.missed.append(f"{answer_id}: {record.id} ({_plain(record.value)})")
        else:
            taken.add(best[1])
            score.found += 1
    score.correct = len(taken)
    for index, candidate in enumerate(candidates):
        if index not in taken:
            score.spurious.append(f"{answer_id}: {candidate.number} {candidate.counts or ''}")
    return score


def score_commitments(answer: ParsedAnswer, answer_id: str, records: list[Record]) -> Score:
    units: list[tuple[str, list[str]]] = []
    for record in records:
        if not isinstance(record, Commitment):
            continue
        quotes = [
            event.quote for event in record.history if event.source == answer_id and event.quote
        ]
        if record.source == answer_id:
            quotes.insert(0, record.quote)
        if quotes:
            units.append((record.id, quotes))
    candidates = [c for c in answer.candidates if c.kind == "commitment"]
    score = Score(expected=len(units), candidates=len(candidates))
    for record_id, quotes in units:
        if any(quote_overlap(c.quote, q) >= OVERLAP for c in candidates for q in quotes):
            score.found += 1
        else:
            score.missed.append(f"{answer_id}: {record_id}")
    for candidate in candidates:
        if any(
            quote_overlap(candidate.quote, q) >= OVERLAP for _id, quotes in units for q in quotes
        ):
            score.correct += 1
        else:
            score.spurious.append(f"{answer_id}: {candidate.quote[:80]}")
    return score


def _plain(value: Any) -> Any:
    """A value as a data file writes it: a house as its name, a whole number without ``.0``."""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same_value(got: float | None, want: Any) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(float(got) - float(want)) < 1e-9


_WORDS = re.compile(r"[a-z0-9£%]+")


def quote_overlap(a: str, b: str) -> float:
    """The longest run of words two quotes share, as a share of the shorter quote."""
    left = _WORDS.findall(a.lower())
    right = _WORDS.findall(b.lower())
    if not left or not right:
        return 0.0
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    match = matcher.find_longest_match(0, len(left), 0, len(right))
    return match.size / min(len(left), len(right))


# --- The report of ``python -m loaders quality`` -------------------------------------------------

TARGETS = {"figure_recall": 0.95, "figure_precision": 0.90, "commitment_recall": 0.90}
"""What the loaders must reach on the bundled answers; every metadata field must be right too."""
MANIFEST = "manifest.yaml"
"""The fixtures folder's list of answers: each file, its page's address, if it is an excerpt."""


def _manifest(fixtures: Path) -> list[dict[str, Any]]:
    with open(fixtures / MANIFEST, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)["answers"]


def parse_fixtures(fixtures: Path, tagger: Tagger) -> list[ParsedAnswer]:
    """Every answer in the manifest's files, parsed with the options a user would give."""
    parsed: list[ParsedAnswer] = []
    for entry in _manifest(fixtures):
        parsed.extend(
            load_answers(
                (fixtures / entry["file"]).read_bytes(),
                filename=entry["file"],
                url=entry.get("url"),
                extent=Extent.EXCERPT if entry.get("excerpt") else Extent.UNKNOWN,
                tagger=tagger,
            )
        )
    return parsed


def throughput(fixtures: Path, tagger: Tagger, seconds: float = 1.0) -> float:
    """Answers parsed and extracted per second, over the manifest's files."""
    inputs = [((fixtures / e["file"]).read_bytes(), e) for e in _manifest(fixtures)]
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for raw, entry in inputs:
            count += len(
                load_answers(raw, filename=entry["file"], url=entry.get("url"), tagger=tagger)
            )
    return count / (time.perf_counter() - start)


def meets_targets(report: Report) -> bool:
    return (
        report.figures.recall >= TARGETS["figure_recall"]
        and report.figures.precision >= TARGETS["figure_precision"]
        and report.commitments.recall >= TARGETS["commitment_recall"]
        and report.metadata_right
    )


def summary(report: Report, rate: float) -> dict[str, Any]:
    """The report as ``--json`` prints it."""
    return {
        "answers": report.answers,
        "figures": _scores(report.figures),
        "commitments": _scores(report.commitments),
        "metadata": [
            {
                "answer": c.answer,
                "field": c.field,
                "ok": c.ok,
                "expected": str(c.expected),
                "got": str(c.got),
                "note": c.note,
            }
            for c in report.metadata
        ],
        "answers_per_second": round(rate, 1),
        "meets_targets": meets_targets(report),
    }


def _scores(score: Score) -> dict[str, Any]:
    return {
        "records": score.expected,
        "candidates": score.candidates,
        "recall": round(score.recall, 4),
        "precision": round(score.precision, 4),
        "missed": score.missed,
        "spurious": score.spurious,
    }


def report_lines(report: Report, rate: float) -> Iterator[str]:
    """The report as text: scores against their targets, then each answer's metadata."""
    for name, score, targets in (
        ("figures", report.figures, ("figure_recall", "figure_precision")),
        ("commitments", report.commitments, ("commitment_recall", None)),
    ):
        recall_target = TARGETS[targets[0]]
        precision_target = TARGETS[targets[1]] if targets[1] else None
        precision_note = f" (target {precision_target:.0%})" if precision_target else ""
        yield (
            f"{name:12} recall {score.recall:6.1%} ({score.found}/{score.expected}, target "
            f"{recall_target:.0%})  precision {score.precision:6.1%} "
            f"({score.correct}/{score.candidates}){precision_note}"
        )
        for item in score.missed:
            yield f"  missed   {item}"
        for item in score.spurious:
            yield f"  extra    {item}"
    yield ""
    by_answer: dict[str, list[FieldCheck]] = {}
    for check in report.metadata:
        by_answer.setdefault(check.answer, []).append(check)
    for answer, checks in by_answer.items():
        marks = "  ".join(f"{c.field} {'ok' if c.ok else 'WRONG'}" for c in checks)
        yield f"{answer:24} {marks}"
        for check in checks:
            if not check.ok:
                yield f"    {check.field}: expected {check.expected!r}, got {check.got!r}"
            elif check.note:
                yield f"    {check.field}: {check.note}"
    yield f"\nmetadata right: {'yes' if report.metadata_right else 'NO'}"
    yield f"throughput: {rate:,.0f} answers a second (parse and extract)"
