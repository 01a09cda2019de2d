"""One dashboard rerun after a filter change, against the rerun of an empty page, with AppTest.

Run in a process of its own, so that its peak memory is the dashboard's alone::

    python -m benchmarks.dashboard_rerun --data DIR [--cache DIR] [--repeats 5]

prints one JSON object: the first run (loading the snapshot through the cache), each rerun after
a filter change, the empty page's reruns, and the process's peak resident memory. AppTest runs the
page's script as Streamlit's server does, and turns every element into the messages a browser
would get, so a rerun's time is the server's time for it.

``--view timeline`` (any view's name in the page address) measures the reruns of that tab instead
of the overview. ``data_load`` is the time of the page's data call on its own (``app.data.load``:
the data files' fingerprint and the cached snapshot's lookup), made as often as there were reruns,
since every rerun makes it once.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "dashboard.py"
EMPTY_PAGE = """import streamlit as st
st.multiselect("Status", ["announced", "delivered", "dropped"], key="status")
"""
TIMEOUT = 600


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the
    parent that started it)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _run(at) -> float:
    started = time.perf_counter()
    at.run()
    seconds = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page failed: {[e.value for e in at.exception]}")
    return seconds


def _changes(at, choices: dict[str, str], repeats: int) -> list[float]:
    """Select then clear each filter value in turn, ``repeats`` times; the time of each rerun."""
    times = []
    for _ in range(repeats):
        for key, value in choices.items():
            at.multiselect(key=key).select(value)
            times.append(_run(at))
            at.multiselect(key=key).unselect(value)
            times.append(_run(at))
    return times


def empty_page(repeats: int) -> dict:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "empty.py"
        page.write_text(EMPTY_PAGE, encoding="utf-8")
        at = AppTest.from_file(str(page), default_timeout=TIMEOUT)
        first = _run(at)
        reruns = _changes(at, {"status": "delivered"}, repeats)
    return {"first": first, "reruns": reruns}


def dashboard(data: Path, repeats: int, filters: int = 2, view: str = "overview") -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["TRACKER_DATA"] = str(data)
    at = AppTest.from_file(str(PAGE), default_timeout=TIMEOUT)
    at.query_params["view"] = view
    first = _run(at)
    from commitments.record.status import normalise

    statuses = [normalise(label) for label in at.multiselect(key="status").options]
    choices = {
        "status": "delivered" if "delivered" in statuses else statuses[0],
        "programme": at.multiselect(key="programme").options[0],
    }
    choices = dict(list(choices.items())[:filters])
    reruns = _changes(at, choices, repeats)
    return {
        "first": first,
        "reruns": reruns,
        "changes": choices,
        "view": view,
        "data_load": _data_loads(data, len(reruns)),
    }


def _data_loads(data: Path, times: int) -> list[float]:
    """The page's data call alone, as each rerun makes it (the snapshot already cached)."""
    from app import data as page_data

    found = []
    for _ in range(times):
        started = time.perf_counter()
        page_data.load(data)
        found.append(time.perf_counter() - started)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard_rerun")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--cache", type=Path, help="the snapshot cache folder to use")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--filters", type=int, default=2, help="how many to change: 1 or 2")
    parser.add_argument(
        "--view", default="overview", help="the tab to measure, by its address name"
    )
    args = parser.parse_args(argv)
    if args.cache:
        os.environ["COMMITMENTS_CACHE_DIR"] = str(args.cache)
    empty = empty_page(args.repeats)
    before = _peak_mb()
    page = dashboard(args.data, args.repeats, args.filters, args.view)
    result = {"empty": empty, "dashboard": page, "peak_mb_before": before, "peak_mb": _peak_mb()}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
