"""Load: many sessions using the dashboard at once, through Streamlit's own websocket protocol.

    python -m benchmarks.load_test [--sessions 20] [--seconds 60] [--records 1000] [--data DIR]
                                   [--write benchmarks/RESULTS.md]

from the project's folder (the server it starts runs there too).

Starts ``streamlit run dashboard.py`` on a free port, on a synthetic data folder written to a
temporary directory (or on ``--data``), and opens ``--sessions`` sessions as a browser does: a
websocket to ``/_stcore/stream`` speaking Streamlit's protobuf messages. For ``--seconds`` each
session changes its filters (a programme, and every other time a status too), waits for the rerun
to finish, and checks what it got: no exception on the page, the records table and the "Records
shown" count equal to what the same filters select when computed here. Every third rerun it
downloads the view's CSV, and every fifth the status chart's PNG, as the page offers them: a click
on the group's build button (a rerun that builds the files), then a fetch of the download button's
address. The CSV must list exactly the records of that session's table, and the PNG's ``Source``
text exactly the citations of that session's records, so an export built from another session's
state is caught.

It prints, and with ``--write`` records under the "Load" heading of the results file, the errors
(must be 0), the median and 95th-percentile rerun and export latency, and the server's peak memory.
The exit status is 1 when any error was seen.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import io
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from app.address import PageState
from app.selection import select
from benchmarks.synthetic import write_synthetic
from commitments.presenting.charts import citations_drawn
from commitments.presenting.deliverables import png_text
from commitments.record.status import normalise
from commitments.serving.snapshot import Snapshot, load_snapshot
from commitments.tables.filters import Filters

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "dashboard.py"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADING = "## Load"
TIMEOUT = 120.0
FINISHED = {"FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"}
CSV_EVERY = 3
PNG_EVERY = 5
RECORDS_TABLE_COLUMNS = ("id", "Title", "Status")
COUNTS_CHART = ("chart_counts_prepare", "chart_counts_png")
VIEW_CSV = ("overview_records_prepare", "overview_csv")
"""Each file checked: its group's build button and its download button, by widget key."""


# ------------------------------------------------------------------------------------------------
# The server


@dataclass
class Server:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak_mb(self) -> float | None:
        """The server's peak resident memory (VmHWM), while it runs."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return None
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        return int(found.group(1)) / 1024 if found else None

    def stop(self) -> None:
        """Stop this server and what it started (its own process group), nothing else."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data: Path, work: Path) -> Server:
    port = _free_port()
    env = {
        **os.environ,
        "TRACKER_DATA": str(data),
        "COMMITMENTS_CACHE_DIR": str(work / "cache"),
    }
    log = (work / "streamlit.log").open("wb")
    command = [
        sys.executable, "-m", "streamlit", "run", str(PAGE),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server(process, port)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: see {work / 'streamlit.log'}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return server
        time.sleep(0.2)
    server.stop()
    raise RuntimeError("the server did not answer within 60 s")


# ------------------------------------------------------------------------------------------------
# One session, as a browser tab speaks to the server


@dataclass
class Run:
    """What one script run sent to its session."""

    seconds: float
    finished: str
    widgets: dict[str, object] = field(default_factory=dict)
    """Widget key → its element (multiselects, buttons and download buttons)."""
    tables: list[pa.Table] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)


def _key_of(element_id: str) -> str:
    """A widget's key, from the element id Streamlit gives it (``$$ID-<hash>-<key>``)."""
    return element_id.rsplit("-", 1)[-1] if element_id.startswith("$$ID-") else element_id


class DownloadError(RuntimeError):
    """A download the page offered that did not reach the session."""


class Session:
    """One browser tab's connection: ``with Session(server) as session: session.run()``."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.session_id = ""
        self.widget_ids: dict[str, str] = {}
        self.fragments: dict[str, str] = {}
        """Widget key → the fragment it is drawn in, for the widgets drawn in one."""
        self._connecting = connect(
            f"ws://127.0.0.1:{server.port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT,
        )

    def __enter__(self) -> Session:
        self.socket = self._connecting.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._connecting.__exit__(*exc)

    def _receive(self) -> ForwardMsg:
        message = ForwardMsg()
        message.ParseFromString(self.socket.recv(timeout=TIMEOUT))
        if message.WhichOneof("type") == "new_session":
            self.session_id = message.new_session.initialize.session_id
        return message

    def run(self, choices: dict[str, list[str]] | None = None, click: str | None = None) -> Run:
        """Rerun the page with these multiselect values (by key), clicking the button ``click``;
        wait until it finishes. A click on a button drawn in a fragment reruns that fragment
        alone, as the browser asks."""
        back = BackMsg()
        back.rerun_script.query_string = ""
        back.rerun_script.page_script_hash = ""
        for key, values in (choices or {}).items():
            state = back.rerun_script.widget_states.widgets.add()
            state.id = self.widget_ids[key]
            state.string_array_value.data.extend(values)
        if click is not None:
            state = back.rerun_script.widget_states.widgets.add()
            state.id = self.widget_ids[click]
            state.trigger_value = True
            back.rerun_script.fragment_id = self.fragments.get(click, "")
        started = time.perf_counter()
        self.socket.send(back.SerializeToString())
        run = Run(seconds=0.0, finished="")
        while True:
            message = self._receive()
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                self._element(message.delta.new_element, message.delta.fragment_id, run)
            elif kind == "script_finished":
                run.seconds = time.perf_counter() - started
                run.finished = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                return run

    def _element(self, element, fragment_id: str, run: Run) -> None:
        kind = element.WhichOneof("type")
        inner = getattr(element, kind)
        if kind == "exception":
            run.exceptions.append(f"{inner.type}: {inner.message}")
        elif kind in {"multiselect", "button", "download_button"}:
            key = _key_of(inner.id)
            run.widgets[key] = inner
            self.widget_ids[key] = inner.id
            if fragment_id:
                self.fragments[key] = fragment_id
        elif kind == "dataframe" and inner.arrow_data.data:
            run.tables.append(pa.ipc.open_stream(inner.arrow_data.data).read_all())
        elif kind == "metric":
            run.metrics[inner.label] = inner.body

    def fetch(self, button) -> bytes:
        """The file behind a download button's address, as the browser fetches it on a click."""
        if not button.url:
            raise DownloadError(f"{button.label}: the button has no file to fetch")
        try:
            with urllib.request.urlopen(
                f"{self.server.url}{button.url}", timeout=TIMEOUT
            ) as answer:
                return answer.read()
        except urllib.error.HTTPError as exc:
            raise DownloadError(f"{button.label}: HTTP {exc.code} for its address") from None


# ------------------------------------------------------------------------------------------------
# What each session must see


@dataclass(frozen=True)
class Expected:
    ids: frozenset[str]
    citations: tuple[str, ...]


class Oracle:
    """What the page must show for a choice of filters, computed here from the same data."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._memo: dict[tuple, Expected] = {}
        self._lock = threading.Lock()

    def expected(self, programme: str, status_label: str | None) -> Expected:
        key = (programme, status_label)
        with self._lock:
            if key not in self._memo:
                statuses = (normalise(status_label),) if status_label else ()
                filters = Filters(programmes=(programme,), statuses=statuses)
                view = select(self.snapshot, PageState(filters=filters)).view
                citations = citations_drawn("status-counts", view)
                self._memo[key] = Expected(frozenset(view.records["id"]), tuple(citations))
            return self._memo[key]


@dataclass
class Tally:
    reruns: list[float] = field(default_factory=list)
    exports: list[float] = field(default_factory=list)
    downloads: int = 0
    csv_checked: int = 0
    png_checked: int = 0
    errors: list[str] = field(default_factory=list)
    first_runs: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def error(self, session: int, text: str) -> None:
        with self.lock:
            self.errors.append(f"session {session}: {text}")


def _view_ids(run: Run) -> frozenset[str]:
    """The ids in the page's records table (none when no record is shown)."""
    for table in run.tables:
        if set(RECORDS_TABLE_COLUMNS) <= set(table.column_names):
            return frozenset(table.column("id").to_pylist())
    return frozenset()


def _csv_ids(payload: bytes) -> frozenset[str]:
    rows = csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline=""))
    return frozenset(row["id"] for row in rows)


def drive(
    number: int,
    server: Server,
    oracle: Oracle,
    stop: threading.Event,
    tally: Tally,
    start: threading.Barrier,
) -> None:
    """One session: filter changes and exports until ``stop`` is set; every check tallied."""
    try:
        with Session(server) as session:
            _use(number, session, oracle, stop, tally, start)
    except threading.BrokenBarrierError:
        tally.error(number, "another session failed to start")
    except Exception as exc:
        tally.error(number, f"{type(exc).__name__}: {exc}")
        with contextlib.suppress(threading.BrokenBarrierError):
            start.abort()


def _export(
    number: int,
    session: Session,
    choices: dict[str, list[str]],
    keys: tuple[str, str],
    tally: Tally,
) -> bytes | None:
    """Build a file on the page and fetch it, timed and counted; a failure is an error, and the
    session goes on."""
    prepare, offered = keys
    with tally.lock:
        tally.downloads += 1
    started = time.perf_counter()
    try:
        run = session.run(choices, click=prepare)
        if run.exceptions or run.finished not in FINISHED:
            raise DownloadError(f"{prepare}: the build ended {run.finished} {run.exceptions}")
        if offered not in run.widgets:
            raise DownloadError(f"{prepare}: no {offered} button once the files were built")
        payload = session.fetch(run.widgets[offered])
    except DownloadError as exc:
        tally.error(number, str(exc))
        return None
    with tally.lock:
        tally.exports.append(time.perf_counter() - started)
        if offered.endswith("_png"):
            tally.png_checked += 1
        else:
            tally.csv_checked += 1
    return payload


def _use(
    number: int,
    session: Session,
    oracle: Oracle,
    stop: threading.Event,
    tally: Tally,
    start: threading.Barrier,
) -> None:
    """Open the page, wait for every session, then change filters and export until stopped."""
    first = session.run()
    with tally.lock:
        tally.first_runs.append(first.seconds)
    programmes = list(first.widgets["programme"].options)
    statuses = list(first.widgets["status"].options)
    start.wait(timeout=TIMEOUT * 2)
    step = 0
    while not stop.is_set():
        programme = programmes[(number * 7 + step) % len(programmes)]
        status = statuses[(number + step) % len(statuses)] if step % 2 else None
        choices = {"programme": [programme], "status": [status] if status else []}
        run = session.run(choices)
        with tally.lock:
            tally.reruns.append(run.seconds)
        expected = oracle.expected(programme, status)
        where = f"{programme!r}" + (f" and {status!r}" if status else "")
        if run.finished != "FINISHED_SUCCESSFULLY":
            tally.error(number, f"run for {where} ended {run.finished}")
        for text in run.exceptions:
            tally.error(number, f"the page raised for {where}: {text}")
        shown = _view_ids(run)
        if shown != expected.ids:
            tally.error(number, f"table for {where}: {len(shown)} records, not {len(expected.ids)}")
        if run.metrics.get("Records shown") != str(len(expected.ids)):
            tally.error(number, f"count for {where}: {run.metrics.get('Records shown')}")
        # with nothing shown the page offers no files
        if expected.ids and step % CSV_EVERY == 0:
            payload = _export(number, session, choices, VIEW_CSV, tally)
            if payload is not None and _csv_ids(payload) != shown:
                tally.error(number, f"the CSV for {where} is not this session's view")
        if expected.ids and step % PNG_EVERY == 0:
            payload = _export(number, session, choices, COUNTS_CHART, tally)
            source = png_text(payload).get("Source", "") if payload is not None else None
            if payload is not None and source != "\n".join(expected.citations):
                tally.error(number, f"the PNG for {where} cites another view's answers")
        step += 1


# ------------------------------------------------------------------------------------------------
# Running and reporting


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def load_test(data: Path, sessions: int, seconds: float, work: Path) -> dict:
    load_before = os.getloadavg()[0]
    oracle = Oracle(load_snapshot(data, use_cache=False))
    server = start_server(data, work)
    tally = Tally()
    try:
        with Session(server) as warm:  # the first run loads the data folder for every session
            started = time.perf_counter()
            warm.run()
            first_load = time.perf_counter() - started
        start = threading.Barrier(sessions + 1)  # the clock starts once every session is open
        stop = threading.Event()
        threads = [
            threading.Thread(
                target=drive, args=(n, server, oracle, stop, tally, start), name=f"session-{n}"
            )
            for n in range(sessions)
        ]
        for thread in threads:
            thread.start()
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait(timeout=TIMEOUT * 2)
        began = time.monotonic()
        stop.wait(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=TIMEOUT * 2)
        elapsed = time.monotonic() - began
        alive = [t.name for t in threads if t.is_alive()]
        if alive:
            tally.errors.append(f"sessions still running: {alive}")
        peak = server.peak_mb()
    finally:
        server.stop()
    return {
        "sessions": sessions,
        "asked_seconds": seconds,
        "seconds": round(elapsed, 1),
        "records": len(oracle.snapshot.tables.records),
        "first_load_s": first_load,
        "session_first_run_median_s": statistics.median(tally.first_runs or [0.0]),
        "reruns": len(tally.reruns),
        "rerun_median_s": statistics.median(tally.reruns) if tally.reruns else None,
        "rerun_p95_s": _percentile(tally.reruns, 0.95) if tally.reruns else None,
        "downloads": tally.downloads,
        "exports": len(tally.exports),
        "csv_checked": tally.csv_checked,
        "png_checked": tally.png_checked,
        "export_median_s": statistics.median(tally.exports) if tally.exports else None,
        "export_p95_s": _percentile(tally.exports, 0.95) if tally.exports else None,
        "server_peak_mb": peak,
        "load_before": load_before,
        "errors": tally.errors,
    }


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def report(result: dict) -> str:
    machine = f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
    machine += f"{os.cpu_count()} CPUs, load average {result['load_before']:.1f} before the run"
    rows = [
        ("Sessions at once", str(result["sessions"])),
        ("Duration", f"{result['seconds']} s"),
        ("Records in the data folder", f"{result['records']:,}"),
        ("Errors", str(len(result["errors"]))),
        ("Reruns (filter changes)", f"{result['reruns']:,}"),
        ("Rerun latency, median", _seconds(result["rerun_median_s"])),
        ("Rerun latency, 95th percentile", _seconds(result["rerun_p95_s"])),
        ("Downloads (CSV of the view, PNG of the status chart)", f"{result['downloads']:,}"),
        ("Exports received and checked against their session's view",
         f"{result['exports']:,} ({result['csv_checked']} CSV, {result['png_checked']} PNG)"),
        ("Export latency, median", _seconds(result["export_median_s"])),
        ("Export latency, 95th percentile", _seconds(result["export_p95_s"])),
        ("First load of the data folder (one session)", _seconds(result["first_load_s"])),
        ("Server's peak memory", "–" if result["server_peak_mb"] is None
         else f"{result['server_peak_mb']:.0f} MB"),
    ]  # fmt: skip
    lines = [
        HEADING,
        "",
        f"`python -m benchmarks.load_test --sessions {result['sessions']} "
        f"--seconds {result['asked_seconds']:g} --records {result['records']}`, "
        f"{dt.date.today().isoformat()}; {machine}.",
        "",
        "Each session speaks Streamlit's websocket protocol as a browser tab does: it changes its "
        "programme filter (and every other time a status), waits for the rerun to finish, checks "
        "the records table and count against the same filters computed outside the server, and "
        "downloads the view's CSV every third rerun and the status chart's PNG every fifth, as a "
        "browser does: a click on the files' build button, then a fetch of the download "
        "button's address. An export's latency runs from the click to the file's last byte. "
        "Each export must hold exactly its own session's records (CSV) and citations (PNG). "
        "Sessions act back to back with no pause between actions, as no analyst does: with more "
        "sessions than cores, a rerun's latency is mostly its wait behind the other sessions' "
        "runs and exports.",
        "",
        "| measure | value |",
        "|---|---|",
        *(f"| {name} | {value} |" for name, value in rows),
        "",
    ]
    if result["errors"]:
        lines += ["Errors:", "", *(f"- {error}" for error in result["errors"][:20])]
        if len(result["errors"]) > 20:
            lines.append(f"- and {len(result['errors']) - 20} more")
        lines.append("")
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    """Put ``section`` under its heading in ``path``, leaving every other section as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    from commitments.folder.writing import write_atomic

    write_atomic(path, text.rstrip("\n").encode("utf-8") + b"\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load_test")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--records", type=int, default=1000, help="synthetic records to write")
    parser.add_argument("--data", type=Path, help="an existing data folder instead")
    parser.add_argument("--write", type=Path, nargs="?", const=RESULTS, help="results file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="tracker-load-") as folder:
        work = Path(folder)
        data = args.data or write_synthetic(work / "data", args.records)
        result = load_test(data, args.sessions, args.seconds, work)
    section = report(result)
    print(section)
    if args.write:
        write_section(args.write, section)
        print(f"wrote the {HEADING[3:]} section of {args.write}", file=sys.stderr)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
