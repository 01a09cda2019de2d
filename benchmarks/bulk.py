"""Bulk ingestion (``python -m loaders bulk``) in answers per second, one process against all.

    python -m benchmarks.bulk [--copies 40]

A synthetic folder of many copies of the real saved API responses and the parlparse XML excerpt
in ``tests/fixtures/hansard`` is drafted into a fresh folder with one worker (the baseline) and
then with every core, in the same run; the ratio is the speed-up. Nothing is asserted: the
figure depends on the machine and what else it runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.ingestion import ROOT, tagger_of
from loaders import bulk

FIXTURES = ROOT / "tests" / "fixtures" / "hansard"
REAL = (
    "written_questions_api_sample.json",
    "writtenquestions_api_2021-02-01_answered_MoD_list.json",
    "writtenstatements_api_2021-02-01_HomeOffice_list.json",
    "parlparse_wrans_2009-10-29_excerpt.xml",
)
DEFAULT_COPIES = 40


def real_files() -> list[Path]:
    return [FIXTURES / name for name in REAL] + sorted(
        (FIXTURES / "modern").glob("writtenquestions_api_list_*.json")
    )


def write_folder(folder: Path, copies: int) -> int:
    """``copies`` copies of every real file in ``folder``; how many files."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in real_files():
        for copy in range(copies):
            shutil.copyfile(source, folder / f"{source.stem}-{copy:04d}{source.suffix}")
            count += 1
    return count


def run_once(folder: Path, out: Path, workers: int) -> dict[str, Any]:
    tagger = tagger_of(ROOT / "data")
    files = bulk.inputs(folder)
    started = time.perf_counter()
    answers = failed = 0
    for outcome in bulk.ingest_folder(files, out, tagger=tagger, workers=workers):
        answers += outcome.answers
        failed += outcome.failed
    seconds = time.perf_counter() - started
    return {
        "workers": workers,
        "files": len(files),
        "answers": answers,
        "failed": failed,
        "seconds": seconds,
        "per_second": answers / seconds,
    }


def measure(copies: int = DEFAULT_COPIES) -> dict[str, Any]:
    """One worker, then every core, each into a fresh output folder."""
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="tracker-bench-bulk-") as work:
        folder = Path(work) / "inbox"
        write_folder(folder, copies)
        one = run_once(folder, Path(work) / "out-1", 1)
        every = run_once(folder, Path(work) / f"out-{cores}", cores)
    return {
        "cores": cores,
        "one": one,
        "all": every,
        "speedup": every["per_second"] / one["per_second"],
    }


def rows(found: dict[str, Any]) -> list[list[str]]:
    """Rows for ``benchmarks.run``'s table: each worker count against one worker."""
    one, every = found["one"], found["all"]
    return [
        [
            "Bulk ingest, 1 worker (baseline)",
            f"{one['per_second']:.0f} answers/s",
            f"{one['answers']:,} answers in {one['files']:,} files",
            "1.00x",
            "",
            "",
        ],
        [
            f"Bulk ingest, {found['cores']} workers (every core)",
            f"{every['per_second']:.0f} answers/s",
            f"1 worker {one['per_second']:.0f} answers/s",
            f"{found['speedup']:.2f}x",
            "",
            "",
        ],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bulk", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--copies", type=int, default=DEFAULT_COPIES, help="copies of each real file"
    )
    args = parser.parse_args(argv)
    found = measure(args.copies)
    for row in rows(found):
        print(f"{row[0]:45} {row[1]:>16}   {row[3]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
