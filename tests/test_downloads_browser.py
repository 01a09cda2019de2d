"""Every download button of the dashboard, clicked in a real browser, and each file it gives.

One Streamlit server on a copy of the bundled data, one page of Debian's Chromium: the analyst
filters to Reflex in the sidebar, then has each group of files built and downloads each chart of
the Overview and the Timeline as PNG, SVG and PDF, the records as CSV and XLSX, and the Word
briefing pack. Each file must carry the Hansard citations of exactly the Reflex records shown, and
no other answer's.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from commitments.serving.snapshot import load_snapshot
from tests.browser_support import PAGE, ROOT, chromium, running_server

pytestmark = pytest.mark.browser

WAIT_MS = 30_000
DOWNLOAD_MS = 90_000  # the first chart starts the server's export browser
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# a Hansard citation as printed: "HC Deb 08 July 2002 vol 388 cc741-2W", "HL Deb 04 May 2004 c107WA"
# the volume and columns where printed: hansard.parliament.uk pages print no column
CITATION = re.compile(
    r"H[CL] Deb \d{1,2} [A-Z][a-z]+ \d{4}(?: vol \d+)?(?: cc?\d+(?:-\d+)?W[AS]?)?"
)
SOURCE_LINE = re.compile(
    r"Source: (?P<named>.+?)(?: and (?P<rest>\d+) other answers)?(?= Produced|$)"
)

# the widget key of each chart on the page: the chart's file name and its title
OVERVIEW_CHARTS = {
    "chart_counts": ("status-counts", "Records by status"),
    "chart_programme": ("status-by-programme", "Status by programme"),
    "chart_agency": ("status-by-agency", "Status by agency"),
}
TIMELINE_CHARTS = {"chart_timeline": ("timeline", "Status over time")}

COUNTS = """() => {
    const plot = document.querySelector('.st-key-chart_counts .js-plotly-plot');
    if (!plot || !plot.data || !plot.data.length) return null;
    return plot.data[0].y.reduce((a, b) => a + b, 0);
}"""
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


# --- what the files must hold, worked out without the dashboard -----------------------------------


def _reflex_records(data_dir: Path) -> list[dict]:
    """The Reflex records as the command line exports them."""
    command = [sys.executable, "-m", "commitments", "export", str(data_dir)]
    command += ["--programme", "Reflex", "--format", "json"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _expected(data_dir: Path) -> dict[str, object]:
    records = _reflex_records(data_dir)
    snapshot = load_snapshot(data_dir, use_cache=False)
    tables = snapshot.tables
    ids = {record["id"] for record in records}
    own = {record["citation"] for record in records}
    # a chart draws each record at its answer and each status event at the answer that gave it
    events = tables.events[tables.events["record_id"].isin(ids)]
    drawn = own | set(events["citation"].dropna())
    # a status chart counts each record at its status: its answer and the one that gave the
    # status (its last event that is not a restatement)
    statused = events[events["status"] != "restated"].sort_values(["record_id", "date", "seq"])
    standing = own | set(statused.groupby("record_id").tail(1)["citation"].dropna())
    everything = set(tables.answers["citation"])
    assert len(ids) >= 10 and len(own) >= 5, "the bundled data should hold the Reflex answers"
    assert everything - drawn, "the bundled data should hold answers that are not about Reflex"
    return {
        "ids": ids,
        "titles": {record["title"] for record in records},
        "own": own,
        "drawn": drawn,
        "standing": standing,
        "others": everything - drawn,
    }


# --- reading the files ----------------------------------------------------------------------------


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data.startswith(PNG_SIGNATURE), "not a PNG file"
    chunks, at = [], len(PNG_SIGNATURE)
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        chunks.append((kind, data[at + 8 : at + 8 + length]))
        at += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_size(data: bytes) -> tuple[int, int]:
    kind, header = _png_chunks(data)[0]
    assert kind == b"IHDR"
    return struct.unpack(">II", header[:8])


def _png_texts(data: bytes) -> dict[str, str]:
    """The PNG's text chunks (tEXt, zTXt, iTXt) by keyword."""
    texts = {}
    for kind, body in _png_chunks(data):
        if kind == b"tEXt":
            keyword, _, text = body.partition(b"\0")
            texts[keyword.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"zTXt":
            keyword, _, rest = body.partition(b"\0")
            texts[keyword.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        elif kind == b"iTXt":
            keyword, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            _language, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            text = zlib.decompress(text) if compressed else text
            texts[keyword.decode("latin-1")] = text.decode("utf-8")
    return texts


def _svg_size(svg: str) -> tuple[int, int]:
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    width = re.search(r'\bwidth="(\d+(?:\.\d+)?)', root).group(1)
    height = re.search(r'\bheight="(\d+(?:\.\d+)?)', root).group(1)
    return round(float(width)), round(float(height))


def _svg_text(svg: str) -> str:
    """The words an SVG shows, each text element's pieces joined, in document order."""
    pieces = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.DOTALL)
    words = [html.unescape(re.sub(r"<[^>]+>", " ", piece)) for piece in pieces]
    return " ".join(" ".join(words).split())


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


# --- the browser ----------------------------------------------------------------------------------


def _download(page, key: str, folder: Path) -> tuple[str, bytes]:
    """Click the download button with this widget key; the file's suggested name and bytes."""
    button = page.locator(f".st-key-{key}").get_by_role("button")
    with page.expect_download(timeout=DOWNLOAD_MS) as info:
        button.click()
    download = info.value
    assert download.failure() is None, f"{key}: {download.failure()}"
    path = folder / download.suggested_filename
    download.save_as(path)
    return download.suggested_filename, path.read_bytes()


def _prepare(page, group: str) -> None:
    """Click a group's build button; wait until its files are offered in its place."""
    page.locator(f".st-key-{group}_prepare").get_by_role("button").click()
    page.locator(f".st-key-{group}_prepare").wait_for(state="detached", timeout=DOWNLOAD_MS)
    page.locator(IDLE).wait_for(timeout=DOWNLOAD_MS)


def _chart_files(
    page, keys: dict[str, tuple[str, str]], folder: Path
) -> dict[str, dict[str, bytes]]:
    """Each chart's PNG, SVG and PDF, by the chart's file name."""
    files: dict[str, dict[str, bytes]] = {}
    for key, (chart, _title) in keys.items():
        page.locator(f".st-key-{key} .js-plotly-plot").wait_for(timeout=WAIT_MS)
        _prepare(page, key)
        for fmt in ("png", "svg", "pdf"):
            name, data = _download(page, f"{key}_{fmt}", folder)
            assert re.fullmatch(rf"{chart}-as-at-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}", name), name
            files.setdefault(chart, {})[fmt] = data
    return files


# --- the checks -----------------------------------------------------------------------------------


def _check_chart(
    chart: str, title: str, files: dict[str, bytes], expected: dict[str, object]
) -> None:
    # the timeline draws every status event; a status chart, each record at its status
    drawn = expected["drawn"] if chart == "timeline" else expected["standing"]
    others = expected["others"]

    svg = files["svg"].decode("utf-8")
    assert svg.lstrip().startswith(("<svg", "<?xml")), chart
    shown = _svg_text(svg)
    assert title in shown, f"{chart}: title {title!r}"
    assert "Programme: Reflex" in shown, f"{chart}: the subtitle states the filter"
    assert "Produced " in shown, f"{chart}: the date produced"
    found = set(CITATION.findall(shown))
    assert found and found <= drawn, f"{chart}: {found - drawn} are not Reflex answers"
    assert not [c for c in others if c in svg], f"{chart}: cites answers not shown"
    # the footnote names the first answers and counts the rest: together, every Reflex answer
    line = SOURCE_LINE.search(shown)
    assert line, f"{chart}: no Source line in {shown!r}"
    named = set(CITATION.findall(line["named"]))
    assert named <= drawn
    assert len(named) + int(line["rest"] or 0) == len(drawn), f"{chart}: {line.group(0)!r}"

    png = files["png"]
    width, height = _svg_size(svg)
    assert _png_size(png) == (2 * width, 2 * height), f"{chart}: PNG at twice the SVG's size"
    assert width >= 800, chart
    # the footnote may shorten the list; the PNG carries all of it, each answer once
    texts = _png_texts(png)
    assert "Source" in texts, f"{chart}: no 'Source' text chunk in the PNG (has {sorted(texts)})"
    cited = CITATION.findall(texts["Source"])
    assert set(cited) == drawn, f"{chart}: {texts['Source']!r}"
    assert len(cited) == len(set(cited)), f"{chart}: {texts['Source']!r}"

    assert files["pdf"].startswith(b"%PDF-"), chart
    assert b"%%EOF" in files["pdf"][-1024:], chart
    assert len(files["pdf"]) > 5_000, chart


def _check_csv(data: bytes, expected: dict[str, object]) -> None:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == len(expected["ids"])
    assert {row["id"] for row in rows} == expected["ids"]
    assert {row["citation"] for row in rows} == expected["own"]
    assert all("Reflex" in row["programmes"].split("; ") for row in rows)
    assert all(row["url"].startswith("https://") for row in rows)


def _check_xlsx(data: bytes, expected: dict[str, object]) -> None:
    book = load_workbook(io.BytesIO(data), read_only=True)
    assert book.sheetnames[:2] == ["Records", "Sources"]
    records = list(book["Records"].iter_rows(values_only=True))
    header, rows = list(records[0]), records[1:]
    ids = [row[header.index("id")] for row in rows]
    assert len(ids) == len(expected["ids"]) and set(ids) == expected["ids"]
    assert {row[header.index("citation")] for row in rows} == expected["own"]
    sources = list(book["Sources"].iter_rows(values_only=True))
    source_header = list(sources[0])
    cited = [row[source_header.index("citation")] for row in sources[1:]]
    # each answer once: the records' own, and those behind their statuses
    assert sorted(cited) == sorted(expected["drawn"])
    assert all(row[source_header.index("url")].startswith("https://") for row in sources[1:])


def _check_docx(data: bytes, expected: dict[str, object]) -> None:
    document = Document(io.BytesIO(data))
    text = _docx_text(data)
    missing = [c for c in expected["own"] if c not in text]
    assert not missing, f"the briefing pack lacks {missing}"
    assert set(CITATION.findall(text)) <= expected["drawn"]
    assert not [c for c in expected["others"] if c in text], "cites answers not shown"
    assert "Programme: Reflex" in text
    assert len(document.inline_shapes) == 3  # the key charts, as pictures
    records = next(t for t in document.tables if t.rows[0].cells[0].text == "Title")
    titles = {row.cells[0].text for row in records.rows[1:]}
    assert titles == expected["titles"]


# --- the test -------------------------------------------------------------------------------------


def test_every_download_of_the_reflex_view(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(ROOT / "data", data_dir)
    expected = _expected(data_dir)
    folder = tmp_path / "downloads"
    folder.mkdir()
    cache = {"COMMITMENTS_CACHE_DIR": str(tmp_path / "cache")}
    started = time.perf_counter()
    with running_server(PAGE, data_dir, tmp_path, env=cache) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(server.url)
        page.wait_for_function(f"() => ({COUNTS})() !== null", timeout=WAIT_MS)
        assert page.evaluate(COUNTS) > len(expected["ids"])  # every record, before the filter

        page.get_by_role("combobox", name="Programme").click()
        page.keyboard.type("Reflex")  # the list is long: typing narrows it to what is asked
        page.get_by_role("option", name="Reflex", exact=True).click()
        page.keyboard.press("Escape")
        page.wait_for_function(f"() => ({COUNTS})() === {len(expected['ids'])}", timeout=WAIT_MS)
        page.wait_for_function("() => location.search.includes('programme=Reflex')")
        page.locator(IDLE).wait_for(timeout=WAIT_MS)

        charts = _chart_files(page, OVERVIEW_CHARTS, folder)
        data_files = {}
        _prepare(page, "overview_records")
        _prepare(page, "overview_briefing")
        for fmt in ("csv", "xlsx", "docx"):
            name, data_files[fmt] = _download(page, f"overview_{fmt}", folder)
            stem = "briefing" if fmt == "docx" else "records"
            assert re.fullmatch(rf"{stem}-as-at-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}", name), name

        page.get_by_role("tab", name="Timeline").click()
        page.get_by_role("tab", name="Timeline", selected=True).wait_for(timeout=WAIT_MS)
        page.locator(".st-key-chart_timeline_prepare").wait_for(timeout=WAIT_MS)
        page.locator(IDLE).wait_for(timeout=WAIT_MS)
        assert "programme=Reflex" in page.url  # the filter holds on the other tab
        charts |= _chart_files(page, TIMELINE_CHARTS, folder)
    elapsed = time.perf_counter() - started
    assert server.process.poll() is not None  # the server this test started has stopped

    titles = dict((*OVERVIEW_CHARTS.values(), *TIMELINE_CHARTS.values()))
    assert set(charts) == set(titles)
    for chart, files in charts.items():
        _check_chart(chart, titles[chart], files, expected)
    _check_csv(data_files["csv"], expected)
    _check_xlsx(data_files["xlsx"], expected)
    _check_docx(data_files["docx"], expected)
    print(f"{3 * len(charts) + len(data_files)} downloads in {elapsed:.1f} s")
