"""Cold and warm loads of a data folder, each against its baseline.

- cold: ``load_snapshot`` without the cache (read, parse, validate, check, build the tables),
  against a bare parse of the same files with PyYAML's C safe loader; both in this process, and
  each in a fresh process (as the dashboard's first load is), via
  ``python -m benchmarks.loading DATA cold|bare``, which prints the seconds taken;
- warm: ``load_snapshot`` through the cache when nothing changed, against reading the records
  table from a Parquet file with pandas.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from commitments.serving import cache
from commitments.serving.snapshot import Snapshot, load_snapshot

from .timing import Timing, clock, paired


def data_files(root: Path) -> list[Path]:
    files = [root / "registry.yaml"]
    for folder in ("answers", "records"):
        files += sorted((root / folder).glob("*.yaml"))
    return files


def bare_parse(files: list[Path]) -> int:
    """What any loader must at least do: parse every file with the C safe loader."""
    for path in files:
        with open(path, "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return len(files)


def cold(root: Path, repeats: int) -> dict[str, Any]:
    files = data_files(root)
    loads, parses = paired(
        lambda: load_snapshot(root, use_cache=False), lambda: bare_parse(files), repeats
    )
    return {"cold": loads, "bare": parses, "files": len(files)}


def first_load_with_cache_write(root: Path, cache_dir: Path) -> tuple[float, Snapshot]:
    """A cold load that also stores the cache (the first load after a change)."""
    shutil.rmtree(cache_dir, ignore_errors=True)
    return clock(lambda: load_snapshot(root, cache_dir))


def ensure_cached(root: Path, cache_dir: Path, tries: int = 3) -> None:
    """Make sure the next load comes from the cache. The key holds the package's code, so an
    edit to a module (by someone working on it meanwhile) makes one more cold load first."""
    for _ in range(tries):
        if load_snapshot(root, cache_dir).from_cache:
            return
    raise RuntimeError("the cache was not used")


def warm(root: Path, cache_dir: Path, snapshot: Snapshot, work: Path, repeats: int) -> dict:
    parquet = work / "records.parquet"
    snapshot.tables.records.to_parquet(parquet)
    ensure_cached(root, cache_dir)
    loads, reads = paired(
        lambda: load_snapshot(root, cache_dir), lambda: pd.read_parquet(parquet), repeats
    )
    keys = Timing([clock(lambda: cache.key_of(root))[0] for _ in range(repeats)])
    return {"warm": loads, "parquet": reads, "key": keys}


def fresh(root: Path, repeats: int, steps: tuple[str, ...], *extra: str) -> dict[str, Timing]:
    """Each step in a new process (imports done before the clock starts), in turn."""
    found = {step: Timing() for step in steps}
    for _ in range(repeats):
        for step in steps:
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.loading", str(root), step, *extra],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            found[step].runs.append(json.loads(done.stdout)["seconds"])
    return found


ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loading")
    parser.add_argument("data", type=Path)
    parser.add_argument("step", choices=["cold", "bare", "warm", "parquet"])
    parser.add_argument("--cache", type=Path, help="for warm: the cache folder")
    parser.add_argument("--parquet", type=Path, help="for parquet: the file to read")
    args = parser.parse_args(argv)
    if args.step == "cold":
        seconds, _ = clock(lambda: load_snapshot(args.data, use_cache=False))
    elif args.step == "bare":
        files = data_files(args.data)
        seconds, _ = clock(lambda: bare_parse(files))
    elif args.step == "warm":
        ensure_cached(args.data, args.cache)
        seconds, snapshot = clock(lambda: load_snapshot(args.data, args.cache))
        if not snapshot.from_cache:
            raise SystemExit("the cache was not used")
    else:
        seconds, _ = clock(lambda: pd.read_parquet(args.parquet))
    print(json.dumps({"seconds": seconds}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
