"""Proposals for one answer against a large data folder, beside the same against the bundled one.

    python -m benchmarks.proposing [--records 10000] [--repeats 9]

The proposal index (``ProposalIndex.of``) of a synthetic folder's records is built once and
timed, beside the bundled data folder's (about 300 records). Then, for a few real bundled
answers (the answer of 5 November 2003 the issue names, the longest, the latest), the answer's
candidates are extracted and its proposals made against each index in turn (``paired``): the
bundled folder's is the baseline, in the same run. Each folder tags with its own registry, as
``propose`` and ``watch`` do. Loading the folders happens before any clock starts (the cold load
has its own row). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.ingestion import ROOT
from benchmarks.synthetic import write_synthetic
from benchmarks.timing import Timing, clock, paired
from commitments.folder.load import load_dataset
from commitments.record.model import Answer
from loaders.extract import extract_candidates
from loaders.proposals import Proposal, ProposalIndex, propose
from loaders.replay import parsed

ISSUE_ANSWER = "hc-2003-11-05-134356"
"""The answer of 5 November 2003, the case the issue names."""
INDEX_LIMIT = 2.0
ANSWER_LIMIT = 0.1


def index_of(root: Path) -> tuple[float, ProposalIndex, list[Answer]]:
    """The seconds the folder's index took (the folder loaded first), the index, the answers."""
    dataset = load_dataset(root)
    records = [located.item for located in dataset.records.values()]
    seconds, index = clock(lambda: ProposalIndex.of(records, dataset.lookup.registry))
    return seconds, index, [located.item for located in dataset.answers.values()]


def proposals_of(answer: Answer, index: ProposalIndex) -> list[Proposal]:
    """What ``propose`` and ``watch`` do with an answer: its candidates, then its proposals."""
    return propose(extract_candidates(parsed(answer), index.tagger), index, answer_id=answer.id)


def chosen(answers: list[Answer]) -> list[Answer]:
    """The issue's answer, the longest and the latest, each once."""
    by_id = {answer.id: answer for answer in answers}
    picked = [by_id[ISSUE_ANSWER]] if ISSUE_ANSWER in by_id else []
    picked.append(max(answers, key=lambda a: (len(a.answer), a.id)))
    picked.append(max(answers, key=lambda a: (a.date, a.id)))
    return list({answer.id: answer for answer in picked}.values())


def measure(data: Path, repeats: int, bundled: Path = ROOT / "data") -> dict[str, Any]:
    index_seconds, index, _ = index_of(data)
    bundled_seconds, baseline, answers = index_of(bundled)
    found: dict[str, Any] = {
        "records": len(index.entries),
        "bundled_records": len(baseline.entries),
        "index": index_seconds,
        "index_bundled": bundled_seconds,
        "answers": {},
    }
    for answer in chosen(answers):
        ours, theirs = paired(
            lambda a=answer: proposals_of(a, index),
            lambda a=answer: proposals_of(a, baseline),
            repeats,
        )
        found["answers"][answer.id] = {
            "characters": len(answer.answer),
            "proposals": len(proposals_of(answer, index)),
            "proposals_bundled": len(proposals_of(answer, baseline)),
            "large": ours,
            "bundled": theirs,
        }
    return found


def rows(found: dict[str, Any], at_target: bool) -> list[list[str]]:
    """Rows for ``benchmarks.run``'s table: the index once, then each answer's proposals."""
    bundled = f"bundled folder, {found['bundled_records']:,} records"
    ratio = found["index"] / found["index_bundled"]
    table = [
        [
            f"Proposal index of {found['records']:,} records (once)",
            _seconds(found["index"]),
            f"{bundled} {_seconds(found['index_bundled'])}",
            f"{ratio:.0f}x",
            f"<= {INDEX_LIMIT:.0f} s" if at_target else "",
            _met(found["index"] <= INDEX_LIMIT, at_target),
        ]
    ]
    for answer_id, made in found["answers"].items():
        large, small = Timing(made["large"].runs), Timing(made["bundled"].runs)
        table.append(
            [
                f"Proposals for {answer_id} ({made['characters']:,} characters)",
                f"{_seconds(large.median)} ({made['proposals']} proposals)",
                f"{bundled} {_seconds(small.median)} ({made['proposals_bundled']})",
                f"{large.median / small.median:.0f}x",
                f"<= {ANSWER_LIMIT * 1000:.0f} ms" if at_target else "",
                _met(large.median <= ANSWER_LIMIT, at_target),
            ]
        )
    return table


def _seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def _met(ok: bool, applies: bool) -> str:
    return ("yes" if ok else "NO") if applies else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.proposing", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--records", type=int, default=10_000, help="synthetic records")
    parser.add_argument("--repeats", type=int, default=9, help="runs of each answer")
    parser.add_argument("--seed", type=int, default=2002)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tracker-bench-proposals-") as work:
        data = Path(work) / "data"
        write_synthetic(data, args.records, seed=args.seed)
        found = measure(data, args.repeats)
    for row in rows(found, args.records == 10_000):
        print(" | ".join(row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
