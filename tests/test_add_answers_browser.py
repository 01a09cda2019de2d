"""The Add answers page in a real browser: paste the 5 March 2003 answer, see its candidates,
and download the drafts as the browser saves them."""

from __future__ import annotations

import io
import time
import zipfile
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
