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
pages measured are those listed in a fixtures folder's ``manifest.yaml`` (the pages of 2002–2010),
and the labelled pages it does not list (those since 2014, in ``labels/``) whose answers the data
records, each parsed with the options a user would give (``parse_fixtures``). The bundled data was
drafted by the loaders from these pages and every draft reviewed by hand, so whatever the review
changed counts as a miss of the loaders: a column the loaders did not read from a column heading,
an answer they took for cut, a UIN the page does not print. Each page is compared on its own, and
the totals are kept apart, for 2002–2010 and for since 2014, for the pages the loaders' rules were
written against (those of 2002–2010 held to ``TARGETS``) and for the rest (reported).

A page's reviewed answers are those its parsed answers are (by id, or by the place they were
printed) and those its hand labels name (``recorded_answer``: by UIN, or by its first words where
none is printed, on the labelled dates): an answer of the Written Questions service is recorded
under the service's address and its own UINs (a grouped set under its lowest), which a page of
another site may not print.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from commitments.folder.dataset import Dataset
from commitments.record.model import Answer, Commitment, Figure, Record
from commitments.record.status import RESTATED

from .model import Candidate, Extent, ParsedAnswer
from .pipeline import load_answers
from .tagging import Tagger

OVERLAP = 0.5
"""Two quotes are the same figure's or commitment's when they overlap this much."""
METADATA_FIELDS = ("citation", "date", "house", "uins", "asker", "minister", "complete")
"""The fields of an answer compared with the hand-made answer's."""
NOT_FOUND = "the answer was not found on the page"
"""The note of the fields of a hand-made answer that no parsed answer is."""


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
    """The scores of one page, or of a set of pages.

    ``answers`` counts the answers parsed; ``not_in_data`` names those the data does not record
    (an off-topic answer on a page is not recorded, so it is counted, never scored);
    ``not_found`` names the answers the data records from a page that the loaders did not find
    on it (every field, figure and commitment of theirs counted missed).
    """

    figures: Score = field(default_factory=Score)
    commitments: Score = field(default_factory=Score)
    metadata: list[FieldCheck] = field(default_factory=list)
    answers: int = 0
    not_in_data: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)

    @property
    def metadata_right(self) -> bool:
        return all(check.ok for check in self.metadata)

    @property
    def fields_right(self) -> int:
        return sum(check.ok for check in self.metadata)

    def add(self, other: Report) -> None:
        self.figures.add(other.figures)
        self.commitments.add(other.commitments)
        self.metadata += other.metadata
        self.answers += other.answers
        self.not_in_data += other.not_in_data
        self.not_found += other.not_found


def hand_made(dataset: Dataset) -> tuple[dict[str, Answer], list[Record]]:
    """The answers (by id) and the records of a loaded data folder, in the order of their files."""
    answers = {answer_id: located.item for answer_id, located in dataset.answers.items()}
    return answers, [located.item for located in dataset.records.values()]


def compare(
    parsed: Iterable[ParsedAnswer],
    answers: Mapping[str, Answer],
    records: list[Record],
    labels: Iterable[Mapping[str, Any]] = (),
) -> Report:
    """Score the parsed answers of one page against the hand-made answers and records.

    Each parsed answer is scored against the hand-made answer it is (``match``); one the data does
    not record is only counted. A hand-made answer from the page (the same address, or named by
    the page's hand ``labels``) that no parsed answer is counts as not found, all its fields,
    figures and commitments missed.
    """
    parsed = list(parsed)
    report = Report()
    named = recorded_answers(labels, answers)
    pairs = match(parsed, answers, named)
    for answer, expected in pairs:
        report.answers += 1
        if expected is None:
            report.not_in_data.append(answer.id or "?")
            continue
        report.metadata.extend(check_metadata(answer, expected))
        report.figures.add(score_figures(answer.candidates, expected.id, records))
        report.commitments.add(score_commitments(answer.candidates, expected.id, records))
    found = {expected.id for _, expected in pairs if expected is not None}
    addresses = {answer.url for answer in parsed if answer.url}
    named_ids = {expected.id for expected in named}
    for expected in answers.values():
        on_page = expected.url in addresses or expected.id in named_ids
        if on_page and expected.id not in found:
            report.not_found.append(expected.id)
            report.metadata.extend(
                FieldCheck(
                    expected.id, name, _plain(getattr(expected, name)), None, False, NOT_FOUND
                )
                for name in METADATA_FIELDS
            )
            report.figures.add(score_figures((), expected.id, records))
            report.commitments.add(score_commitments((), expected.id, records))
    return report


def match(
    parsed: list[ParsedAnswer], answers: Mapping[str, Answer], named: Sequence[Answer] = ()
) -> list[tuple[ParsedAnswer, Answer | None]]:
    """Each parsed answer of one page with the hand-made answer it is (None when the data does
    not record it): the answer of its id; else, where the reviewer chose another id (a slug for
    an answer with no question number, a ``-2`` of their own), one of the same page address,
    date, house and question numbers, in page order; else one the page's labels name
    (``named``, in page order) that it does not contradict (``_agrees``: the service's answer
    of a grouped set, or of a UIN the page does not print). Each hand-made answer is matched
    once."""
    pairs: dict[int, Answer] = {}
    taken: set[str] = set()
    for index, answer in enumerate(parsed):
        expected = answers.get(answer.id or "")
        if expected is not None and expected.id not in taken:
            pairs[index] = expected
            taken.add(expected.id)
    waiting: dict[tuple[Any, ...], list[Answer]] = {}
    for expected in sorted(answers.values(), key=lambda a: _page_order(a.id)):
        if expected.id not in taken and expected.url:
            waiting.setdefault(_place(expected), []).append(expected)
    for index, answer in enumerate(parsed):
        if index not in pairs and waiting.get(_place(answer)):
            expected = waiting[_place(answer)].pop(0)
            pairs[index] = expected
            taken.add(expected.id)
    for expected in named:
        if expected.id in taken:
            continue
        index = next(
            (i for i, a in enumerate(parsed) if i not in pairs and _agrees(a, expected)), None
        )
        if index is not None:
            pairs[index] = expected
            taken.add(expected.id)
    return [(answer, pairs.get(index)) for index, answer in enumerate(parsed)]


def _agrees(answer: ParsedAnswer, expected: Answer) -> bool:
    """Nothing the parsed answer gives contradicts the hand-made one: the same house, a question
    number in common and the same date, each where the page gives it."""
    if answer.house is not None and _plain(answer.house) != _plain(expected.house):
        return False
    if answer.uins and not _upper(answer.uins) & _upper(expected.uins):
        return False
    return answer.date is None or answer.date == expected.date


def recorded_answers(
    labels: Iterable[Mapping[str, Any]], answers: Mapping[str, Answer]
) -> list[Answer]:
    """The hand-made answers that a page's labelled answers are, in page order, each once."""
    found: dict[str, Answer] = {}
    for label in labels:
        expected = recorded_answer(label, answers)
        if expected is not None:
            found.setdefault(expected.id, expected)
    return list(found.values())


def recorded_answer(label: Mapping[str, Any], answers: Mapping[str, Answer]) -> Answer | None:
    """The hand-made answer a labelled answer is (format in ``labels/README.md``), or None when
    the data does not record it: of its house; sharing a UIN with it (one of a grouped set is
    enough) or, where the label gives none (a listing, a page addressed by the service's API id),
    whose text holds its first words (``starts``); answered on its ``date`` and tabled on its
    ``date_tabled`` where both the label and the answer say them. The first such in the data's
    order. Dates decide between the answers of one UIN (Commons UINs restart each session); the
    first words between the answers of one day."""
    uins = _upper(label.get("uins") or ())
    starts = _fold(str(label.get("starts") or ""))
    for expected in answers.values():
        if _plain(expected.house) != label.get("house"):
            continue
        if uins and not uins & _upper(expected.uins):
            continue
        if not uins and not (starts and starts in _fold(expected.answer)):
            continue
        if label.get("date") is not None and expected.date != label["date"]:
            continue
        asked = expected.written_question
        tabled = asked.date_tabled if asked is not None else None
        if label.get("date_tabled") is not None and tabled not in (None, label["date_tabled"]):
            continue
        return expected
    return None


def _upper(uins: Iterable[Any]) -> set[str]:
    return {str(uin).upper() for uin in uins}


def _fold(text: str) -> str:
    """Text with its runs of white space as one space, case aside."""
    return " ".join(text.split()).casefold()


def _place(answer: ParsedAnswer | Answer) -> tuple[Any, ...]:
    """Where an answer was printed: its page's address, date, house and question numbers."""
    return (answer.url, answer.date, _plain(answer.house), tuple(answer.uins))


_SUFFIX = re.compile(r"(?P<stem>.+)-(?P<number>\d{1,2})")


def _page_order(answer_id: str) -> tuple[str, int]:
    """The order of the answers of one place on a page, from their ids: the later ones keep the
    ``-2``, ``-3`` the loaders give them (``pipeline.distinct_ids``) after any slug a reviewer
    chose, so ``…-mechanism`` comes before ``…-mechanism-2``."""
    suffix = _SUFFIX.fullmatch(answer_id)
    if suffix is None:
        return answer_id, 1
    return suffix["stem"], int(suffix["number"])


def check_metadata(answer: ParsedAnswer, expected: Answer) -> list[FieldCheck]:
    """Citation, date, house, question numbers, asker, minister and whether the text is the whole
    answer, against the hand-made answer."""
    checks = []
    got: dict[str, Any] = {
        "citation": answer.citation,
        "date": answer.date,
        "house": answer.house,
        "uins": list(answer.uins),
        "asker": answer.asker,
        "minister": answer.minister,
        "complete": answer.complete,
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
    parts = expected.citation_parts  # None for an answer of the Written Questions service
    if not value or parts is None or "volume" not in parts.inferred:
        return False, ""
    without = re.sub(r"\s+vol\s+\d+", "", expected.citation)
    if value == without:
        return True, "volume not printed on the page (inferred by hand)"
    return False, ""


def score_figures(proposed: Sequence[Candidate], answer_id: str, records: list[Record]) -> Score:
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
    candidates = [c for c in proposed if c.kind == "figure"]
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


def score_commitments(
    proposed: Sequence[Candidate], answer_id: str, records: list[Record]
) -> Score:
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
    candidates = [c for c in proposed if c.kind == "commitment"]
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
"""What the loaders must reach on the bundled answers of the pages their rules were written
against; every answer must be in the data and every metadata field right too. On the other
pages the scores are reported, not enforced: they say how much review the loaders' drafts
needed (the hand labels' targets hold there, in ``evaluation``)."""
MANIFEST = "manifest.yaml"
"""The fixtures folder's list of pages: each file, its page's address, whether the copy is an
excerpt, and whether the loaders' rules were written against it. It lists the pages of
2002–2010; the labelled pages it does not list are those since 2014."""
LABELS = "labels"
"""The folder of hand labels (one file a page: its file, address, group and answers), inside the
fixtures folder; format in its ``README.md``."""


@dataclass(frozen=True)
class FixturePage:
    """A page of the manifest, or a labelled page since 2014, with its answers as the loaders
    parse it and its hand-labelled answers (``labels``: their UINs, house and dates name the
    reviewed answers of a page that does not print them)."""

    file: str
    url: str | None
    written_against: bool
    answers: tuple[ParsedAnswer, ...]
    labels: tuple[Mapping[str, Any], ...] = ()
    since_2014: bool = False


@dataclass
class Measurement:
    """Each page's report, and the totals apart for 2002–2010 and since 2014, and for the pages
    the rules were written against. ``not_recorded`` names the labelled pages since 2014 whose
    answers the data does not record (yet): they are not measured."""

    pages: dict[str, Report] = field(default_factory=dict)
    written_against_pages: set[str] = field(default_factory=set)
    since_2014_pages: set[str] = field(default_factory=set)
    written_against: Report = field(default_factory=Report)
    unseen: Report = field(default_factory=Report)
    since_2014_written_against: Report = field(default_factory=Report)
    since_2014_unseen: Report = field(default_factory=Report)
    not_recorded: list[str] = field(default_factory=list)

    def count(self, since_2014: bool, written_against: bool) -> int:
        """How many pages one group holds."""
        return sum(
            (name in self.since_2014_pages) == since_2014
            and (name in self.written_against_pages) == written_against
            for name in self.pages
        )


@dataclass(frozen=True)
class _Entry:
    """A page to parse: its file, address, whether the copy is an excerpt, its group."""

    file: str
    url: str | None
    excerpt: bool
    written_against: bool
    labels: tuple[Mapping[str, Any], ...]
    since_2014: bool


def _manifest(fixtures: Path) -> list[dict[str, Any]]:
    """The manifest's entries; a ``ValueError`` names an entry without its file or its group."""
    path = fixtures / MANIFEST
    with open(path, encoding="utf-8") as handle:
        entries = yaml.load(handle, Loader=yaml.CSafeLoader)["answers"]
    for number, entry in enumerate(entries, 1):
        if "file" not in entry or not isinstance(entry.get("written_against"), bool):
            raise ValueError(
                f"{path}: entry {number} ({entry.get('file', 'no file')}): needs `file:` and "
                "`written_against: true|false` (hint: true only for the pages the loaders' rules "
                "were first written against)"
            )
    return entries


def _labels(fixtures: Path) -> dict[str, dict[str, Any]]:
    """The hand labels of the fixtures folder by their page's file, in the label files' order
    (none when it has no labels folder)."""
    labels = {}
    for path in sorted((fixtures / LABELS).glob("*.yaml")):
        with open(path, encoding="utf-8") as handle:
            label = yaml.load(handle, Loader=yaml.CSafeLoader)
        labels[label["file"]] = label
    return labels


def _entries(fixtures: Path) -> list[_Entry]:
    """The manifest's pages, then the labelled pages it does not list (since 2014). A page
    since 2014 is given as part 2 gives it, its text and address: the manifest alone says which
    copies are excerpts."""
    labels = _labels(fixtures)
    entries = [
        _Entry(
            entry["file"],
            entry.get("url"),
            bool(entry.get("excerpt")),
            entry["written_against"],
            tuple((labels.get(entry["file"]) or {}).get("answers") or ()),
            since_2014=False,
        )
        for entry in _manifest(fixtures)
    ]
    listed = {entry.file for entry in entries}
    entries += [
        _Entry(
            file,
            label.get("address"),
            False,
            bool(label.get("written_against")),
            tuple(label.get("answers") or ()),
            since_2014=True,
        )
        for file, label in labels.items()
        if file not in listed
    ]
    return entries


def parse_fixtures(fixtures: Path, tagger: Tagger) -> list[FixturePage]:
    """Every page in the manifest and every labelled page since 2014, parsed with the options a
    user would give."""
    pages = []
    for entry in _entries(fixtures):
        answers = load_answers(
            (fixtures / entry.file).read_bytes(),
            filename=entry.file,
            url=entry.url,
            extent=Extent.EXCERPT if entry.excerpt else Extent.UNKNOWN,
            tagger=tagger,
        )
        pages.append(
            FixturePage(
                entry.file,
                entry.url,
                entry.written_against,
                tuple(answers),
                entry.labels,
                entry.since_2014,
            )
        )
    return pages


def measure(
    pages: Iterable[FixturePage], answers: Mapping[str, Answer], records: list[Record]
) -> Measurement:
    """Each page compared on its own (two copies of one page both against the same answers);
    a labelled page since 2014 only once the data records one of its answers."""
    result = Measurement()
    for page in pages:
        if page.since_2014 and not recorded_answers(page.labels, answers):
            result.not_recorded.append(page.file)
            continue
        report = compare(page.answers, answers, records, page.labels)
        result.pages[page.file] = report
        if page.written_against:
            result.written_against_pages.add(page.file)
        if page.since_2014:
            result.since_2014_pages.add(page.file)
            group = (
                result.since_2014_written_against
                if page.written_against
                else result.since_2014_unseen
            )
        else:
            group = result.written_against if page.written_against else result.unseen
        group.add(report)
    return result


def throughput(fixtures: Path, tagger: Tagger, seconds: float = 1.0) -> float:
    """Answers parsed and extracted per second, over the pages ``parse_fixtures`` reads."""
    inputs = [((fixtures / e.file).read_bytes(), e) for e in _entries(fixtures)]
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for raw, entry in inputs:
            count += len(load_answers(raw, filename=entry.file, url=entry.url, tagger=tagger))
    return count / (time.perf_counter() - start)


def meets_targets(report: Report) -> bool:
    """The targets, and every answer parsed in the data with every field right (a folder that
    records none of the answers must not pass for having nothing to find)."""
    return (
        report.figures.recall >= TARGETS["figure_recall"]
        and report.figures.precision >= TARGETS["figure_precision"]
        and report.commitments.recall >= TARGETS["commitment_recall"]
        and report.metadata_right
        and not report.not_in_data
    )


def summary(result: Measurement, rate: float) -> dict[str, Any]:
    """The measurement as ``--json`` prints it: each group, then each page."""
    groups = {
        "written_against": (result.written_against, False, True),
        "unseen": (result.unseen, False, False),
        "since_2014_written_against": (result.since_2014_written_against, True, True),
        "since_2014_unseen": (result.since_2014_unseen, True, False),
    }
    return {
        **{
            name: {**_numbers(report), "pages": result.count(since, written)}
            for name, (report, since, written) in groups.items()
        },
        "since_2014_not_recorded": result.not_recorded,
        "by_page": {
            name: {
                **_numbers(report),
                "written_against": name in result.written_against_pages,
                "since_2014": name in result.since_2014_pages,
            }
            for name, report in result.pages.items()
        },
        "answers_per_second": round(rate, 1),
        "meets_targets": meets_targets(result.written_against),
    }


def _numbers(report: Report) -> dict[str, Any]:
    return {
        "answers": report.answers,
        "not_in_data": report.not_in_data,
        "not_found": report.not_found,
        "metadata": {
            "fields": len(report.metadata),
            "right": report.fields_right,
            "share": round(share(report.fields_right, len(report.metadata)), 4),
            "checks": [
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
        },
        "figures": _scores(report.figures),
        "commitments": _scores(report.commitments),
    }


def _scores(score: Score) -> dict[str, Any]:
    return {
        "records": score.expected,
        "found": score.found,
        "candidates": score.candidates,
        "correct": score.correct,
        "recall": round(score.recall, 4),
        "precision": round(score.precision, 4),
        "missed": score.missed,
        "spurious": score.spurious,
    }


HEADER = (
    f"{'':44} {'pages':>5} {'answers':>7} {'not in data':>11} {'not found':>9} "
    f"{'metadata right':>17} {'figure recall':>16} {'fig. precision':>16} "
    f"{'commitm. recall':>16} {'com. precision':>16}"
)


def _ratio(part: int, whole: int) -> str:
    return f"{share(part, whole):.1%} ({part}/{whole})"


def row(name: str, pages: int, report: Report) -> str:
    """One line of the table: a group of pages, or one page (a group of none says so)."""
    if not pages:
        return f"{name[:44]:44} {pages:5} {'no such page':>19}"
    return (
        f"{name[:44]:44} {pages:5} {report.answers:7} {len(report.not_in_data):11} "
        f"{len(report.not_found):9} {_ratio(report.fields_right, len(report.metadata)):>17} "
        f"{_ratio(report.figures.found, report.figures.expected):>16} "
        f"{_ratio(report.figures.correct, report.figures.candidates):>16} "
        f"{_ratio(report.commitments.found, report.commitments.expected):>16} "
        f"{_ratio(report.commitments.correct, report.commitments.candidates):>16}"
    )


def report_lines(result: Measurement, rate: float, notes: bool = False) -> Iterator[str]:
    """The measurement as text: the groups (those of 2002–2010 written against held to the
    targets), then each page (with ``notes``, every miss under it)."""
    labelled = len(result.since_2014_pages) + len(result.not_recorded)
    yield "Against the bundled data's reviewed answers and records: each page parsed as a user"
    yield "would give it; not in data: answers the data does not record (off topic), counted, not"
    yield "scored; not found: answers the data records from the page that the loaders did not find."
    yield "2002-2010: the pages of the fixtures' manifest; since 2014: the labelled pages whose"
    yield "answers the data records, paired with them by the labels' UINs and dates."
    yield HEADER
    yield row(
        "pages the rules were written against",
        result.count(since_2014=False, written_against=True),
        result.written_against,
    )
    yield row(
        "pages they were not", result.count(since_2014=False, written_against=False), result.unseen
    )
    yield row(
        "since 2014: pages written against",
        result.count(since_2014=True, written_against=True),
        result.since_2014_written_against,
    )
    yield row(
        "since 2014: pages not written against",
        result.count(since_2014=True, written_against=False),
        result.since_2014_unseen,
    )
    target = result.written_against
    yield (
        f"targets on the pages of 2002-2010 the rules were written against: figures "
        f"{TARGETS['figure_recall']:.0%} recall and {TARGETS['figure_precision']:.0%} precision, "
        f"commitments {TARGETS['commitment_recall']:.0%} recall, every answer in the data and "
        "every metadata field right: " + ("met" if meets_targets(target) else "NOT met")
    )
    yield f"metadata right on those pages: {'yes' if target.metadata_right else 'NO'}"
    yield "on the pages they were not: measured, not a target (how much the review had to fix)"
    yield (
        f"since 2014: {len(result.since_2014_pages)} of {labelled} labelled pages recorded in the "
        "data; not yet: " + (", ".join(Path(f).stem for f in result.not_recorded) or "none")
    )
    yield ""
    yield HEADER.replace(" " * 44, f"{'by page (* written against)':44}", 1)
    for name, report in result.pages.items():
        mark = "* " if name in result.written_against_pages else "  "
        yield row(mark + Path(name).stem, 1, report)
        if notes:
            yield from (f"    {note}" for note in page_notes(report))
    yield ""
    yield (
        f"throughput: {rate:,.0f} answers a second (parse and extract, over the "
        f"{result.count(False, True) + result.count(False, False) + labelled} pages read)"
    )


def page_notes(report: Report) -> Iterator[str]:
    """Every miss of one page: answers, metadata fields, figures and commitments."""
    for answer_id in report.not_in_data:
        yield f"{'not in the data':17} {answer_id}"
    for answer_id in report.not_found:
        yield f"{'not found':17} {answer_id}"
    for check in report.metadata:
        if not check.ok and check.note != NOT_FOUND:
            yield (
                f"{'wrong ' + check.field:17} {check.answer}: expected {check.expected!r}, "
                f"got {check.got!r}"
            )
        elif check.ok and check.note:
            yield f"{'note ' + check.field:17} {check.answer}: {check.note}"
    for kind, score in (("figure", report.figures), ("commitment", report.commitments)):
        for item in score.missed:
            yield f"{'missed ' + kind:17} {item}"
        for item in score.spurious:
            yield f"{'extra ' + kind:17} {item}"
