"""How well the loaders reproduce hand-made records: recall and precision, and metadata.

A figure candidate matches a figure record of the same answer when it gives the same value (and
upper value, for a range) and its quote overlaps the record's. Several records may share one
quote when a sentence gives several figures; each record is matched by one candidate at most.

A commitment record is made once, from the answer that first states it; later answers add
status events to its history. So for one answer, the commitments to find are the records it
sources and the records with a status event from it, each with the quotes from that answer; a
commitment candidate matches when its quote overlaps one of them.

Quotes overlap when the longest run of words they share covers at least half of the shorter.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .model import ParsedAnswer

OVERLAP = 0.5
METADATA_FIELDS = ("citation", "date", "house", "uins", "asker", "minister")


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
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.candidates if self.candidates else 1.0

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


def load_dataset(data_dir: Path | str) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The hand-made answers (by id) and records of a data folder."""
    root = Path(data_dir)
    answers = {}
    for path in sorted((root / "answers").glob("*.yaml")):
        data = _load(path)
        answers[data["id"]] = data
    records = [_load(path) for path in sorted((root / "records").glob("*.yaml"))]
    return answers, records


def _load(path: Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CSafeLoader)


def compare(
    parsed: Iterable[ParsedAnswer],
    answers: Mapping[str, Mapping[str, Any]],
    records: list[Mapping[str, Any]],
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
        report.figures.add(score_figures(answer, expected["id"], records))
        report.commitments.add(score_commitments(answer, expected["id"], records))
    return report


def check_metadata(answer: ParsedAnswer, expected: Mapping[str, Any]) -> list[FieldCheck]:
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
        want = expected.get(name)
        value = got[name]
        if name == "uins":
            want = [str(u) for u in want or []]
        ok = value == want
        note = ""
        if name == "citation" and not ok:
            ok, note = _citation_without_volume(value, expected)
        checks.append(FieldCheck(expected["id"], name, want, value, ok, note))
    return checks


def _citation_without_volume(value: str | None, expected: Mapping[str, Any]) -> tuple[bool, str]:
    """A page that does not print the volume cannot give it: the rest must agree."""
    parts = expected.get("citation_parts") or {}
    if not value or "volume" not in (parts.get("inferred") or []):
        return False, ""
    without = re.sub(r"\s+vol\s+\d+", "", expected.get("citation", ""))
    if value == without:
        return True, "volume not printed on the page (inferred by hand)"
    return False, ""


def score_figures(answer: ParsedAnswer, answer_id: str, records: list[Mapping[str, Any]]) -> Score:
    wanted = [r for r in records if r.get("kind") == "figure" and r.get("source") == answer_id]
    candidates = [c for c in answer.candidates if c.kind == "figure"]
    score = Score(expected=len(wanted), candidates=len(candidates))
    taken: set[int] = set()
    for record in wanted:
        best: tuple[float, int] | None = None
        for index, candidate in enumerate(candidates):
            if index in taken or not _same_value(candidate.value, record.get("value")):
                continue
            if record.get("value_high") is not None and not _same_value(
                candidate.value_high, record.get("value_high")
            ):
                continue
            overlap = quote_overlap(candidate.quote, record.get("quote", ""))
            if overlap >= OVERLAP and (best is None or overlap > best[0]):
                best = (overlap, index)
        if best is None:
            score.missed.append(f"{answer_id}: {record.get('id')} ({record.get('value')})")
        else:
            taken.add(best[1])
            score.found += 1
    score.correct = len(taken)
    for index, candidate in enumerate(candidates):
        if index not in taken:
            score.spurious.append(f"{answer_id}: {candidate.number} {candidate.counts or ''}")
    return score


def score_commitments(
    answer: ParsedAnswer, answer_id: str, records: list[Mapping[str, Any]]
) -> Score:
    units: list[tuple[str, list[str]]] = []
    for record in records:
        if record.get("kind") != "commitment":
            continue
        quotes = [
            event.get("quote")
            for event in record.get("history") or []
            if event.get("source") == answer_id and event.get("quote")
        ]
        if record.get("source") == answer_id:
            quotes.insert(0, record.get("quote", ""))
        if quotes:
            units.append((str(record.get("id")), quotes))
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
