"""Measure the loaders against the bundled dataset's hand-made records.

    python scripts/loader_quality.py [--data data] [--fixtures tests/fixtures/hansard] [--json]

Parses each real answer listed in the fixtures' manifest (with the address of its page, and
whether the copy is an excerpt, as a user would give them), extracts candidates, and prints
recall and precision for figures and for commitments, whether each answer's citation, date,
house, question numbers, asker and minister came out right, and the parse-and-extract
throughput. Exits 1 when a target is missed: figures 95% recall and 90% precision,
commitments 90% recall, every metadata field right.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.pipeline import load_answers  # noqa: E402
from loaders.quality import Report, compare, load_dataset  # noqa: E402
from loaders.registry import Registry, load_registry  # noqa: E402

TARGETS = {"figure_recall": 0.95, "figure_precision": 0.90, "commitment_recall": 0.90}


def parse_fixtures(fixtures: Path, registry: Registry) -> list:
    """Every answer in the manifest's files, parsed with the options a user would give."""
    with open(fixtures / "manifest.yaml", encoding="utf-8") as handle:
        manifest = yaml.load(handle, Loader=yaml.CSafeLoader)
    parsed = []
    for entry in manifest["answers"]:
        raw = (fixtures / entry["file"]).read_bytes()
        parsed.extend(
            load_answers(
                raw,
                filename=entry["file"],
                url=entry.get("url"),
                complete=False if entry.get("excerpt") else None,
                registry=registry,
            )
        )
    return parsed


def throughput(fixtures: Path, registry: Registry, seconds: float = 1.0) -> float:
    """Answers parsed and extracted per second, over the manifest's files."""
    with open(fixtures / "manifest.yaml", encoding="utf-8") as handle:
        manifest = yaml.load(handle, Loader=yaml.CSafeLoader)
    inputs = [((fixtures / e["file"]).read_bytes(), e) for e in manifest["answers"]]
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for raw, entry in inputs:
            count += len(
                load_answers(raw, filename=entry["file"], url=entry.get("url"), registry=registry)
            )
    return count / (time.perf_counter() - start)


def summary(report: Report) -> dict:
    return {
        "answers": report.answers,
        "figures": {
            "records": report.figures.expected,
            "candidates": report.figures.candidates,
            "recall": round(report.figures.recall, 4),
            "precision": round(report.figures.precision, 4),
            "missed": report.figures.missed,
            "spurious": report.figures.spurious,
        },
        "commitments": {
            "records": report.commitments.expected,
            "candidates": report.commitments.candidates,
            "recall": round(report.commitments.recall, 4),
            "precision": round(report.commitments.precision, 4),
            "missed": report.commitments.missed,
            "spurious": report.commitments.spurious,
        },
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
    }


def meets_targets(report: Report) -> bool:
    return (
        report.figures.recall >= TARGETS["figure_recall"]
        and report.figures.precision >= TARGETS["figure_precision"]
        and report.commitments.recall >= TARGETS["commitment_recall"]
        and report.metadata_right
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--fixtures", type=Path, default=ROOT / "tests" / "fixtures" / "hansard")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)

    registry = load_registry(args.data / "registry.yaml")
    answers, records = load_dataset(args.data)
    report = compare(parse_fixtures(args.fixtures, registry), answers, records)
    rate = throughput(args.fixtures, registry)
    result = summary(report)
    result["answers_per_second"] = round(rate, 1)
    result["meets_targets"] = meets_targets(report)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print(report, rate)
    return 0 if result["meets_targets"] else 1


def _print(report: Report, rate: float) -> None:
    for name, score, targets in (
        ("figures", report.figures, ("figure_recall", "figure_precision")),
        ("commitments", report.commitments, ("commitment_recall", None)),
    ):
        recall_target = TARGETS[targets[0]]
        precision_target = TARGETS[targets[1]] if targets[1] else None
        precision_note = f" (target {precision_target:.0%})" if precision_target else ""
        print(
            f"{name:12} recall {score.recall:6.1%} ({score.found}/{score.expected}, target "
            f"{recall_target:.0%})  precision {score.precision:6.1%} "
            f"({score.correct}/{score.candidates}){precision_note}"
        )
        for item in score.missed:
            print(f"  missed   {item}")
        for item in score.spurious:
            print(f"  extra    {item}")
    print()
    by_answer: dict[str, list] = {}
    for check in report.metadata:
        by_answer.setdefault(check.answer, []).append(check)
    for answer, checks in by_answer.items():
        marks = "  ".join(f"{c.field} {'ok' if c.ok else 'WRONG'}" for c in checks)
        print(f"{answer:24} {marks}")
        for check in checks:
            if not check.ok:
                print(f"    {check.field}: expected {check.expected!r}, got {check.got!r}")
            elif check.note:
                print(f"    {check.field}: {check.note}")
    print(f"\nmetadata right: {'yes' if report.metadata_right else 'NO'}")
    print(f"throughput: {rate:,.0f} answers a second (parse and extract)")


if __name__ == "__main__":
    sys.exit(main())
