"""The Add answers page in a real browser: paste the 5 March 2003 answer, see its candidates,
and download the drafts as the browser saves them; upload the Written Questions service's JSON,
save its drafts, and see its UIN citation on the record's page and in a chart's source footer."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from commitments.folder.reading import read_registry
from loaders import review
from tests.baseline import fresh, write_dataset
from tests.browser_support import PAGE, chromium, running_server

pytestmark = pytest.mark.browser

WAIT_MS = 30_000
FIXTURE = Path(__file__).parent / "fixtures" / "hansard" / "2003-03-05_HC_99443.txt"
ADDRESS = "https://api.parliament.uk/historic-hansard/written-answers/2003/mar/05/human-trafficking"
# the grid draws on a canvas; its accessible copy holds the row count and the cells in view
CANDIDATES = """() => {
    const table = Array.from(document.querySelectorAll('[data-testid="stDataFrame"] table'))
        .find(t => Array.from(t.querySelectorAll('th')).some(th => th.textContent === 'Quote'));
    if (!table) return null;
    const rows = Array.from(table.querySelectorAll('tbody tr')).map(row => ({
        index: Number(row.getAttribute('aria-rowindex')) - 2,
        keep: row.querySelector('td[aria-colindex="1"]').textContent,
        kind: row.querySelector('td[aria-colindex="2"]').textContent,
        quote: row.querySelector('td[aria-colindex="3"]').textContent,
    }));
    return {count: Number(table.getAttribute('aria-rowcount')) - 1, rows};
}"""


def test_paste_an_answer_see_its_candidates_and_download_the_drafts(tmp_path):
    data_dir = write_dataset(tmp_path / "data", fresh())  # without the 5 March 2003 answer
    text = FIXTURE.read_text(encoding="utf-8")
    registry, _problems, _valid = read_registry(data_dir)
    (answer,) = review.read_answers(text, registry, url=ADDRESS)
    expected = review.build([(answer, review.choice_of(answer, review.candidates_table(answer)))])
    env = {"COMMITMENTS_CACHE_DIR": str(tmp_path / "cache")}
    with running_server(PAGE, data_dir, tmp_path, env=env) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(f"{server.url}?view=add-answers")
        answer_box = page.get_by_role("textbox", name="Answer text")
        answer_box.wait_for(timeout=WAIT_MS)

        started = time.perf_counter()
        page.get_by_role("textbox", name="Page address").fill(ADDRESS)
        page.get_by_role("textbox", name="Page address").press("Enter")
        answer_box.fill(text)
        answer_box.press("Control+Enter")
        download = page.get_by_role("button", name="Download the drafts (.zip)")
        download.wait_for(timeout=WAIT_MS)
        page.wait_for_function(f"() => ({CANDIDATES})() !== null", timeout=WAIT_MS)
        shown_in = time.perf_counter() - started

        # every candidate listed, each row the answer's own words, all ticked
        found = page.evaluate(CANDIDATES)
        assert found["count"] == len(answer.candidates) == 16
        assert len(found["rows"]) >= 8
        for row in found["rows"]:
            candidate = answer.candidates[row["index"]]
            assert (row["keep"], row["kind"], row["quote"]) == (
                "true",
                candidate.kind,
                candidate.quote,
            )
        assert page.get_by_text("pass every check of the data folder").is_visible()
        page.screenshot(path=tmp_path / "add-answers.png")

        # the zip the browser saves holds exactly the drafts, as the page built them
        with page.expect_download(timeout=WAIT_MS) as event:
            download.click()
        saved = tmp_path / event.value.suggested_filename
        event.value.save_as(saved)
    assert saved.name == "drafts-hc-2003-03-05-99443.zip"
    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
        assert sorted(archive.namelist()) == sorted(expected.files)
        assert {n: archive.read(n).decode("utf-8") for n in archive.namelist()} == expected.files
    assert len(expected.records) == 16
    assert shown_in < 30, shown_in


SERVICE_JSON = Path(__file__).parent / "fixtures" / "hansard" / "written_questions_api_sample.json"
UIN_7926 = "UIN 7926, tabled 5 January 2024, answered 10 January 2024"
DOWNLOAD_MS = 90_000  # the first chart file starts the server's export browser
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def test_upload_service_json_save_and_see_its_uin_citation_on_record_and_chart(tmp_path):
    data_dir = write_dataset(tmp_path / "data", fresh())
    registry, _problems, _valid = read_registry(data_dir)
    answers = review.read_answers(SERVICE_JSON.read_bytes(), registry, filename=SERVICE_JSON.name)
    expected = review.build([(a, review.choice_of(a, review.candidates_table(a))) for a in answers])
    assert answers[0].citation == UIN_7926 and expected.failures == []
    # a record of the 7926 answer, by the title the dashboard sorts by
    record_id = min(
        Path(path).stem for path in expected.records if Path(path).stem.startswith("2024-01-10-")
    )
    env = {
        "COMMITMENTS_CACHE_DIR": str(tmp_path / "cache"),
        "TRACKER_ALLOW_SAVE": "1",
        "XDG_CACHE_HOME": str(tmp_path / "xdg"),
        "WRITTEN_QUESTIONS_API": "http://127.0.0.1:9/api/writtenquestions/questions",
    }
    with running_server(PAGE, data_dir, tmp_path, env=env) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        page.goto(f"{server.url}?view=add-answers")
        page.get_by_role("textbox", name="Answer text").wait_for(timeout=WAIT_MS)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
            SERVICE_JSON
        )
        download = page.get_by_role("button", name="Download the drafts (.zip)")
        download.wait_for(timeout=WAIT_MS)
        page.get_by_text(UIN_7926).first.wait_for(timeout=WAIT_MS)  # the answer's heading
        assert page.get_by_text("pass every check of the data folder").is_visible()

        # every candidate kept: the zip the browser saves holds exactly the drafts
        with page.expect_download(timeout=WAIT_MS) as event:
            download.click()
        saved = tmp_path / event.value.suggested_filename
        event.value.save_as(saved)
        page.get_by_role("button", name="Save into the data folder").click()
        page.get_by_text(f"Wrote {len(expected.files)} files; kept 0").wait_for(timeout=WAIT_MS)

        # the record's page cites the answer as the service does
        page.goto(f"{server.url}?view=record&record={record_id}")
        page.get_by_role("tab", name="Record", selected=True).wait_for(timeout=WAIT_MS)
        page.get_by_text(record_id, exact=True).wait_for(timeout=WAIT_MS)
        page.get_by_text(UIN_7926).first.wait_for(timeout=WAIT_MS)
        page.screenshot(path=tmp_path / "record.png")

        # the timeline's chart file names it in its "Source:" footer
        page.goto(f"{server.url}?view=timeline")
        page.locator(".st-key-chart_timeline .js-plotly-plot").wait_for(timeout=WAIT_MS)
        page.locator(".st-key-chart_timeline_prepare").get_by_role("button").click()
        page.locator(".st-key-chart_timeline_prepare").wait_for(
            state="detached", timeout=DOWNLOAD_MS
        )
        page.locator(IDLE).wait_for(timeout=WAIT_MS)
        button = page.locator(".st-key-chart_timeline_png").get_by_role("button")
        with page.expect_download(timeout=DOWNLOAD_MS) as chart:
            button.click()
        png = tmp_path / chart.value.suggested_filename
        chart.value.save_as(png)
    assert server.process.poll() is not None  # the server this test started has stopped

    with zipfile.ZipFile(io.BytesIO(saved.read_bytes())) as archive:
        assert {n: archive.read(n).decode("utf-8") for n in archive.namelist()} == expected.files
    assert saved.name == "drafts-3-answers.zip"
    assert (data_dir / "answers" / "hc-2024-01-10-7926.yaml").is_file()
    # the PNG carries its whole "Source:" footer as a text chunk (the drawn one may shorten it)
    assert UIN_7926 in png_texts(png.read_bytes())["Source"]


def png_texts(data: bytes) -> dict[str, str]:
    """A PNG's tEXt and iTXt chunks (uncompressed) by keyword."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG file"
    texts, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        at += 12 + length
        if kind == b"tEXt":
            keyword, _, text = body.partition(b"\0")
            texts[keyword.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"iTXt":
            keyword, _, rest = body.partition(b"\0")
            compressed, rest = rest[0], rest[2:]
            text = rest.split(b"\0", 2)[2]
            texts[keyword.decode("latin-1")] = (
                zlib.decompress(text) if compressed else text
            ).decode("utf-8")
    return texts
