"""The replay: proposals measured against the reviewed record, answer by answer, in date order.

For each answer of a data folder, the folder is taken as it stood the day before the answer
(records first said earlier, with their earlier events only); proposals are made from the
answer's recorded text and compared with what the analysts recorded from it:

- a status or restated event on a record made from an earlier answer is found when a proposal
  names that record (its rank among the records on file is kept) and right when it names the
  same status too (an event that left the status as it stood is written either "restated" or
  as that status again, and either proposal counts: ``same_status``; the very word is counted
  apart);
- a figure first given by the answer on a metric that already had points is found by a
  ``figure`` proposal on that metric with the same value (and a ``superseded`` event on an
  earlier point of the metric by any new point on it).

Recall counts what was recorded and proposed right (record and status); precision, of the
proposals that name a record or metric on file, those that match something recorded. The
answers run 2002–2026; the figures are printed per answer for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from commitments.folder.dataset import Dataset
from commitments.record.model import Answer, Figure
from commitments.record.status import standing_index

from .extract import extract_candidates
from .model import ParsedAnswer
from .proposals import MATCHING, Matching, ProposalIndex, _ranked, as_it_stood, propose
from .quality import share
from .tagging import Tagger


@dataclass
class AnswerReplay:
    """What the replay found for one answer."""

    answer: str
    date: dt.date
    recorded: int = 0
    """Events and new points on file that cite the answer and speak to earlier records."""
    found: int = 0
    """... of them proposed with the right record (or metric)."""
    right: int = 0
    """... and the right status too: the one recorded, or, where the event left the record's
    status as it stood, a proposal leaving it so too (see ``same_status``)."""
    strictly: int = 0
    """... and the very status word recorded."""
    proposed: int = 0
    """Proposals naming a record or metric on file."""
    matched: int = 0
    """... of them matching something recorded."""
    ranks: list[int] = field(default_factory=list)
    """Where the right record ranked, for each event whose record was on file."""
    misses: list[str] = field(default_factory=list)


@dataclass
class Replay:
    answers: list[AnswerReplay]
    not_verbatim: int = 0

    def total(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.answers)

    def part(self, first: int, last: int) -> Replay:
        """The answers of the years ``first`` to ``last``."""
        return Replay([a for a in self.answers if first <= a.date.year <= last])

    @property
    def recall(self) -> float:
        return share(self.total("right"), self.total("recorded"))

    @property
    def precision(self) -> float:
        return share(self.total("matched"), self.total("proposed"))

    @property
    def status_right(self) -> float:
        return share(self.total("right"), self.total("found"))

    @property
    def strict_recall(self) -> float:
        return share(self.total("strictly"), self.total("recorded"))


def parsed(answer: Answer) -> ParsedAnswer:
    """A recorded answer as the loaders hold one, to make proposals from its text."""
    return ParsedAnswer(
        source_format="data",
        house=answer.house,
        date=answer.date,
        uins=tuple(answer.uins),
        asker=answer.asker,
        minister=answer.minister,
        department=answer.department,
        heading=answer.heading,
        question=answer.question,
        answer=answer.answer,
        url=answer.url,
        complete=answer.complete,
        kind=answer.kind,
    )


def replay(dataset: Dataset, matching: Matching = MATCHING) -> Replay:
    registry = dataset.lookup.registry
    tagger = Tagger.of(registry)
    records = [located.item for located in dataset.records.values()]
    answers = sorted(
        (located.item for located in dataset.answers.values()), key=lambda a: (a.date, a.id)
    )
    report = Replay([])
    for answer in answers:
        stood = as_it_stood(records, answer.date)
        on_file = {record.id: record for record in stood}
        index = ProposalIndex.of(stood, registry)
        made = extract_candidates(parsed(answer), tagger)
        proposals = propose(made, index, answer_id=answer.id, matching=matching)
        report.not_verbatim += sum(p.quote not in answer.answer for p in proposals)
        result = AnswerReplay(answer.id, answer.date)
        recorded = _recorded(answer, records, on_file)
        result.recorded = len(recorded)
        by_record: dict[str | None, list] = {}
        for p in proposals:
            if p.kind in {"status", "restated"}:
                by_record.setdefault(p.record, []).append(p)
        by_point = {_point(p.metric, p.value): p for p in proposals if p.kind == "figure"}
        by_metric = {p.metric for p in proposals if p.kind == "figure"}
        for kind, target, status, quote, dated in recorded:
            if kind == "metric":
                hit = by_point.get(target)
                found = hit is not None
                right = strictly = found
            else:
                hits = by_record.get(target, [])
                found = bool(hits)
                standing = on_file[target].history
                stood = str(standing[standing_index(standing)].status)
                strictly = any(p.status == status for p in hits)
                same = [
                    p
                    for p in hits
                    if same_status(p.status, status, stood, dated or p.effective is not None)
                ]
                right = bool(same)
                hit = (same or hits or [None])[0]
                if not found and kind == "superseded":
                    figure = on_file[target]
                    found = isinstance(figure, Figure) and figure.metric in by_metric
                    right = strictly = found
                result.ranks.append(_rank(quote, target, index))
            result.found += found
            result.right += right
            result.strictly += strictly
            if not right:
                said = f" (proposed {hit.status})" if hit else ""
                result.misses.append(f"{status} {target}{said}")
        truths = {t[1] for t in recorded}
        superseded = {
            on_file[t[1]].metric
            for t in recorded
            if t[0] == "superseded" and isinstance(on_file.get(t[1]), Figure)
        }
        for proposal in proposals:
            if proposal.kind == "new":
                continue
            result.proposed += 1
            if proposal.kind == "figure":
                point = _point(proposal.metric, proposal.value)
                result.matched += point in truths or proposal.metric in superseded
            else:
                result.matched += proposal.record in truths
        report.answers.append(result)
    return report


def same_status(proposed: str | None, recorded: str, stood: str, dated: bool = False) -> bool:
    """Whether a proposal gives the status an analyst recorded for a record standing at
    ``stood``. An event that leaves the status as it stood is written either way in the record
    ("restated", or the standing status again: the POPPY project's funding said again is
    ``restated`` in 2006 and ``delivered`` in 2009), and the two leave the record the same: its
    status, and when that status took effect, are unchanged. So either counts for the other,
    unless one of them is ``dated``: gives its status an effective date, and so changes when the
    status took effect ("On 10 March this year, we launched" after "since March 2003")."""
    if proposed == recorded:
        return True
    unchanged = {"restated", stood}
    return not dated and proposed in unchanged and recorded in unchanged


def _recorded(answer: Answer, records, on_file) -> list[tuple[str, str, str, str, bool]]:
    """(kind, record or metric, status, quote, whether it gives an effective date) of what was
    recorded from ``answer`` about records on file the day before."""
    found = []
    metrics_on_file = {r.metric for r in on_file.values() if isinstance(r, Figure)}
    for record in records:
        if record.id in on_file:
            for event in record.history:
                if event.source == answer.id and event.date >= answer.date:
                    status = str(event.status)
                    kind = "superseded" if status == "superseded" else "event"
                    # an effective date moves when the status took effect, unless the event
                    # only restates (a restatement gives no status, so dates none)
                    dated = event.effective is not None and status != "restated"
                    found.append((kind, record.id, status, event.quote or "", dated))
        elif (
            record.source == answer.id
            and isinstance(record, Figure)
            and record.metric in metrics_on_file
        ):
            point = _point(record.metric, record.value)
            found.append(("metric", point, "reported", record.quote, False))
    return found


def _point(metric: str | None, value: float | None) -> str:
    """A new point on a metric: the metric and the value, as the replay matches them."""
    return f"{metric}={value:g}" if value is not None else f"{metric}=?"


def _rank(quote: str, target: str, index: ProposalIndex) -> int:
    """Where ``target`` ranks among the records on file for the recorded words (0: not at
    all)."""
    programmes = set(index.tagger.programmes_in(quote))
    agencies = set(index.tagger.agencies_in(quote))
    for rank, (_, i, _, _) in enumerate(
        _ranked(quote, programmes, agencies, index, object), start=1
    ):
        if index.entries[i].record.id == target:
            return rank
    return 0


def table(report: Replay) -> str:
    """The replay per answer, as a Markdown table with its totals."""
    lines = [
        "| answer | date | recorded | found | right | proposed | matched | missed |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for a in report.answers:
        if not (a.recorded or a.proposed):
            continue
        missed = "; ".join(a.misses[:3]) + (" …" if len(a.misses) > 3 else "")
        lines.append(
            f"| {a.answer} | {a.date} | {a.recorded} | {a.found} | {a.right} | {a.proposed} "
            f"| {a.matched} | {missed} |"
        )
    ranks = [r for a in report.answers for r in a.ranks]
    first = sum(r == 1 for r in ranks)
    lines.append("")
    for name, part in (
        ("2002–2010", report.part(2002, 2010)),
        ("2014–2026", report.part(2014, 2026)),
    ):
        lines.append(
            f"- {name}: recall {part.total('right')}/{part.total('recorded')} = "
            f"{part.recall:.1%}; precision {part.total('matched')}/{part.total('proposed')} = "
            f"{part.precision:.1%}; status right {part.status_right:.1%}"
        )
    lines += [
        "",
        f"All: recall (right record and status): {report.total('right')}/{report.total('recorded')}"
        f" = {report.recall:.1%} (with the very status word recorded: "
        f"{report.total('strictly')}/{report.total('recorded')} = {report.strict_recall:.1%});"
        f" precision: {report.total('matched')}/"
        f"{report.total('proposed')} = {report.precision:.1%}; status right when the record "
        f"was found: {report.status_right:.1%}; the right record ranked first for {first} of "
        f"{len(ranks)} events; proposals whose quote is not verbatim: {report.not_verbatim}.",
    ]
    return "\n".join(lines)


EVERY_SENTENCE = Matching(match_at=0.0, restated_at=0.0, near_best=0.0, most_targets=1)
"""Every sentence proposed to the record on file it is nearest to, however far: what the word
matching could reach were every proposal kept."""


def ceiling(dataset: Dataset) -> str:
    """What the matching could reach with no threshold at all: every sentence proposed to its
    nearest record on file, and to its three nearest. Recall here bounds what any threshold
    can give; precision shows what it would cost."""
    lines = ["What the word matching reaches with no threshold:"]
    for most, said in ((1, "its nearest record"), (3, "its three nearest")):
        part = replay(dataset, replace(EVERY_SENTENCE, most_targets=most))
        lines.append(
            f"- every sentence proposed to {said}: recall {part.total('right')}/"
            f"{part.total('recorded')} = {part.recall:.1%}, found {part.total('found')}; "
            f"precision {part.total('matched')}/{part.total('proposed')} = "
            f"{part.precision:.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m loaders.replay [--data DATA_DIR] [--ceiling]``: the replay's table."""
    import argparse

    from commitments.folder.load import load_dataset

    parser = argparse.ArgumentParser(prog="python -m loaders.replay", description=__doc__)
    parser.add_argument("--data", default="data", help="the data folder (default: data)")
    parser.add_argument(
        "--ceiling",
        action="store_true",
        help="also what the matching reaches with no threshold (every sentence proposed)",
    )
    args = parser.parse_args(argv)
    dataset = load_dataset(args.data)
    print(table(replay(dataset)))
    if args.ceiling:
        print()
        print(ceiling(dataset))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
