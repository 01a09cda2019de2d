"""Performance at scale: each step on synthetic data folders, beside a baseline from the same run.

    python -m benchmarks.run [--sizes 1000,10000] [--full] [--repeats 3] [--json results.json]

from the project's folder (each step it runs in a process of its own runs there too).

For each size (records; a quarter as many answers) a synthetic folder is written to a temporary
directory (never ``data/``), then one table is printed: cold load and validation against a bare
C safe-loader parse; warm load through the cache against reading the records table from Parquet;
one dashboard rerun after a filter change (AppTest) against an empty page's rerun, the
dashboard's peak memory, and its first run with no cache (it loads the folder); each chart's
figure, with the view it is drawn from, against a bare bar chart; one PNG export with the warm
exporter against an empty figure's; Hansard parsing and extraction against parsing alone; the
proposal index of the folder, built once, and a few real answers' proposals against it, against
the same against the bundled data folder (``benchmarks.proposing``). Bulk ingestion with every
core against one worker (``benchmarks.bulk``) is measured once, before the sizes. The
targets of the 10,000-record size (and of 50,000 for the dashboard) are checked in the table.
``--full`` adds 50,000 records (several minutes). Timings are medians; no figure is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks import bulk, chart_timing, ingestion, loading, proposing
from benchmarks.synthetic import write_synthetic
from benchmarks.timing import Timing, clock, machine_load
from commitments.presenting.charts import CHARTS

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_SIZES = (1_000, 10_000)
FULL_SIZE = 50_000
TARGET_SIZE = 10_000
INGEST_SAMPLE = 200
EXPORTED = ("status-counts", "timeline")
DASHBOARD_LIMIT = 1800


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    sizes = list(args.sizes) + ([FULL_SIZE] if args.full and FULL_SIZE not in args.sizes else [])
    machine = describe_machine()
    print(_machine_text(machine))
    results: dict[str, Any] = {"machine": machine, "sizes": {}}
    real = ingestion.real()
    results["ingestion_real"] = real
    print(
        _table(
            "Hansard ingestion, the real answers in tests/fixtures/hansard",
            _ingest_rows(real, True),
        )
    )
    results["bulk"] = found_bulk = bulk.measure()
    print(
        _table(
            "Bulk ingestion by cores (python -m loaders bulk), many copies of the real files",
            bulk.rows(found_bulk),
        )
    )
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"tracker-bench-{size}-") as work:
            found = measure_size(size, Path(work), args)
        results["sizes"][str(size)] = found
        print(
            _table(
                f"{size:,} records ({found['answers']:,} answers, {found['files']:,} files)",
                rows_of(size, found),
            )
        )
    results["load_after"] = machine_load()
    print(f"Machine load after: {results['load_after']}")
    if args.json:
        args.json.write_text(json.dumps(_plain(results), indent=2), encoding="utf-8")
        print(f"Results written to {args.json}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        help="records per folder, comma-separated (default 1000,10000)",
    )
    parser.add_argument("--full", action="store_true", help=f"add {FULL_SIZE:,} records")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each step (default 3)")
    parser.add_argument("--seed", type=int, default=2002)
    parser.add_argument("--no-export", action="store_true", help="skip the PNG export (no browser)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    return parser


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: sizes are whole numbers, e.g. 1000,10000"
        ) from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("give at least one size of one record or more")
    return sizes


def measure_size(size: int, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    data, cache_dir = work / "data", work / "cache"
    generated, _ = clock(lambda: write_synthetic(data, size, seed=args.seed))
    found: dict[str, Any] = {"generated_seconds": generated, "load_before": machine_load()}
    cold = loading.cold(data, args.repeats)
    found |= {"cold": cold["cold"], "bare": cold["bare"], "files": cold["files"]}
    fresh = loading.fresh(data, args.repeats, ("bare", "cold"))
    found |= {"cold_fresh": fresh["cold"], "bare_fresh": fresh["bare"]}
    found["cold_with_cache_write"], snapshot = loading.first_load_with_cache_write(data, cache_dir)
    found["answers"] = len(snapshot.tables.answers)
    found["problems"] = len(snapshot.problems)
    found |= loading.warm(data, cache_dir, snapshot, work, max(5, args.repeats * 3))
    parquet = ("--cache", str(cache_dir), "--parquet", str(work / "records.parquet"))
    fresh = loading.fresh(data, args.repeats, ("parquet", "warm"), *parquet)
    found |= {"warm_fresh": fresh["warm"], "parquet_fresh": fresh["parquet"]}
    found["charts"] = {
        name: chart_timing.measure(data, cache_dir, name, max(3, args.repeats), False)
        for name in CHARTS
    }
    if not args.no_export:
        found["exports"] = {
            name: chart_timing.measure(data, cache_dir, name, args.repeats, True)
            for name in EXPORTED
        }
    found["dashboard"] = _dashboard(data, cache_dir, args.repeats, 2)
    # The first visitor after the data changed: the page loads the folder and writes the cache.
    found["dashboard_cold"] = _dashboard(data, work / "cold-cache", 1, 1)
    found["ingestion"] = ingestion.synthetic(data, INGEST_SAMPLE)
    found["proposals"] = proposing.measure(data, max(5, args.repeats * 3))
    return found


def _dashboard(data: Path, cache_dir: Path, repeats: int, filters: int) -> dict[str, Any]:
    """The AppTest measurements, in a process of their own (its peak memory is the page's)."""
    command = [sys.executable, "-m", "benchmarks.dashboard_rerun", "--data", str(data)]
    command += ["--cache", str(cache_dir), "--repeats", str(repeats), "--filters", str(filters)]
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=DASHBOARD_LIMIT
        )
    except subprocess.TimeoutExpired:
        return {"error": [f"no answer within {DASHBOARD_LIMIT} s"]}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- The tables ----------------------------------------------------------------------------------


def rows_of(size: int, found: dict[str, Any]) -> list[list[str]]:
    at_target = size == TARGET_SIZE
    rows = []
    cold, bare = found["cold_fresh"].median, found["bare_fresh"].median
    rows.append(
        [
            "Cold load and validation (fresh process)",
            _s(cold),
            f"bare CSafeLoader parse, fresh process {_s(bare)}",
            f"{cold / bare:.2f}x",
            "<= 1.5x" if at_target else "",
            _met(cold / bare <= 1.5, at_target),
        ]
    )
    cold, bare = found["cold"].median, found["bare"].median
    rows.append(
        [
            "  same, in the benchmark's own process",
            _s(cold),
            f"bare parse in that process {_s(bare)}",
            f"{cold / bare:.2f}x",
            "",
            "",
        ]
    )
    rows.append(
        ["  same, also writing the cache", _s(found["cold_with_cache_write"]), "", "", "", ""]
    )
    for label, warm, parquet in (
        ("Warm load, nothing changed (fresh process)", "warm_fresh", "parquet_fresh"),
        ("  same, in the benchmark's own process", "warm", "parquet"),
    ):
        ours, theirs = found[warm].median, found[parquet].median
        rows.append(
            [
                label,
                _ms(ours),
                f"records table from Parquet {_ms(theirs)}",
                f"{ours / theirs:.1f}x",
                "<= 100 ms" if at_target else "",
                _met(ours <= 0.1, at_target),
            ]
        )
    rows.append(["  of which the files' key (stat)", _ms(found["key"].median), "", "", "", ""])
    rows += _dashboard_rows(size, found["dashboard"], found.get("dashboard_cold"))
    for name, charted in found["charts"].items():
        if "error" in charted:
            rows.append([f"Chart built: {name}", f"failed: {charted['error']}", "", "", "", ""])
            continue
        build, bare_bar = Timing(charted["build"]["runs"]), Timing(charted["bare"]["runs"])
        rows.append(
            [
                f"Chart built: {name}",
                _ms(build.median) + (" (once)" if len(build.runs) == 1 else ""),
                f"bare bar chart {_ms(bare_bar.median)}",
                f"{build.median / bare_bar.median:.0f}x",
                "<= 100 ms" if at_target else "",
                _met(build.median <= 0.1, at_target),
            ]
        )
    for name, exported in found.get("exports", {}).items():
        first = name == EXPORTED[0]
        if "error" in exported:
            failed = f"failed: {exported['error']}"
            met = _met(False, first and at_target)
            rows.append([f"PNG export, warm: {name}", failed, "", "", "", met])
            continue
        png, empty = Timing(exported["export"]["runs"]), Timing(exported["empty"]["runs"])
        rows.append(
            [
                f"PNG export, warm: {name}",
                _s(png.median) + (" (once)" if len(png.runs) == 1 else ""),
                f"empty figure {_s(empty.median)}",
                f"{png.median / empty.median:.1f}x",
                "<= 0.5 s" if at_target and first else "",
                _met(png.median <= 0.5, at_target and first),
            ]
        )
        if first:
            start = _s(exported["browser_start"])
            rows.append(["  exporter's browser start (once)", start, "", "", "", ""])
    rows += _ingest_rows(found["ingestion"], at_target)
    rows += proposing.rows(found["proposals"], at_target)
    return rows


def _dashboard_rows(
    size: int, page: dict[str, Any], cold: dict[str, Any] | None = None
) -> list[list[str]]:
    if "error" in page:
        return [["Dashboard (AppTest)", "failed", " ".join(page["error"]), "", "", ""]]
    reruns = Timing(page["dashboard"]["reruns"])
    empty = Timing(page["empty"]["reruns"])
    limit = {TARGET_SIZE: 0.3, FULL_SIZE: 1.0}.get(size)
    rows = [
        [
            "Dashboard first run (warm cache)",
            _s(page["dashboard"]["first"]),
            f"empty page {_s(page['empty']['first'])}",
            "",
            "",
            "",
        ],
        [
            "Dashboard rerun after a filter change",
            f"{_ms(reruns.median)} (worst {_ms(reruns.worst)})",
            f"empty page {_ms(empty.median)}",
            f"{reruns.median / empty.median:.0f}x",
            f"<= {limit * 1000:.0f} ms" if limit else "",
            _met(reruns.worst <= (limit or 0), limit is not None),
        ],
    ]
    rows.append(_memory_row("Dashboard peak memory", page, size))
    if cold is None:
        return rows
    if "error" in cold:
        return [
            *rows,
            ["Dashboard first run (no cache)", "failed", " ".join(cold["error"])] + [""] * 3,
        ]
    rows += [
        [
            "Dashboard first run (no cache: loads the folder)",
            _s(cold["dashboard"]["first"]),
            f"empty page {_s(cold['empty']['first'])}",
            "",
            "",
            "",
        ],
        _memory_row("  its peak memory", cold, size),
    ]
    return rows


def _memory_row(step: str, page: dict[str, Any], size: int) -> list[str]:
    """The page's peak memory; under 1 GB is a target at the full size."""
    return [
        step,
        f"{page['peak_mb']:.0f} MB",
        f"Streamlit and an empty page {page['peak_mb_before']:.0f} MB",
        "",
        "< 1 GB" if size == FULL_SIZE else "",
        _met(page["peak_mb"] < 1024, size == FULL_SIZE),
    ]


def _ingest_rows(found: dict[str, Any], at_target: bool) -> list[list[str]]:
    ingest, parse = found["ingest"]["per_second"], found["parse"]["per_second"]
    return [
        [
            "Hansard parse and extraction",
            f"{ingest:.0f} answers/s",
            f"parsing alone {parse:.0f} answers/s",
            f"{parse / ingest:.1f}x slower",
            ">= 200/s" if at_target else "",
            _met(ingest >= 200, at_target),
        ]
    ]


def _table(title: str, rows: list[list[str]]) -> str:
    header = ["Step", "Figure", "Baseline (same run)", "Ratio", "Target", "Met"]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [f"\n## {title}\n", _row(header, widths), _row(["-" * w for w in widths], widths)]
    return "\n".join(lines + [_row(row, widths) for row in rows])


def _row(cells: list[str], widths: list[int]) -> str:
    return (
        "| "
        + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        + " |"
    )


def _met(ok: bool, applies: bool) -> str:
    if not applies:
        return ""
    return "yes" if ok else "NO"


def _s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


# --- The machine ---------------------------------------------------------------------------------


def describe_machine() -> dict[str, Any]:
    import pandas
    import plotly
    import pyarrow
    import streamlit
    import yaml

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            "streamlit": streamlit.__version__,
            "pandas": pandas.__version__,
            "plotly": plotly.__version__,
            "pyarrow": pyarrow.__version__,
            "PyYAML": yaml.__version__,
        },
        "load_before": machine_load(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _machine_text(machine: dict[str, Any]) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in machine["versions"].items())
    return (
        f"# Benchmarks, {machine['date']}\n\n{machine['cpu']}, {machine['cores']} cores, "
        f"{machine['memory_gb']} GB; {machine['system']}; Python {machine['python']}; "
        f"{versions}.\nMachine load before: {machine['load_before']}"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Timing):
        return value.as_dict()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


if __name__ == "__main__":
    raise SystemExit(main())
