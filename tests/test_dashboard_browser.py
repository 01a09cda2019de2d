"""The dashboard in a real browser: Debian's Chromium, a Streamlit server on a free port."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser_support import PAGE, chromium, running_server
from tests.dashboard_data import RECORD_IDS, REFLEX_IDS, dashboard_items, write_dashboard_data

pytestmark = pytest.mark.browser

WAIT_MS = 30_000

COUNTS = """() => {
    const plot = document.querySelector('.st-key-chart_counts .js-plotly-plot');
    if (!plot || !plot.data || !plot.data.length) return null;
    return Object.fromEntries(plot.data[0].x.map((status, i) => [status, plot.data[0].y[i]]));
}"""
TITLES = {record["id"]: record["title"] for record in dashboard_items()["records"]}
# the grid draws on a canvas; its accessible copy holds the cells in view (the first column: titles)
ROWS = """() => Array.from(
    document.querySelectorAll('[data-testid="stDataFrame"] table tbody td[aria-colindex="1"]')
).map(cell => cell.textContent)"""


def _wait_for_rows(page, record_ids: set[str]) -> None:
    """Wait until the records table lists exactly these records (by their titles)."""
    expected = {TITLES[record_id] for record_id in record_ids}
    page.wait_for_function(
        f"() => {{ const rows = ({ROWS})(); return rows.length === {len(expected)} && "
        f"{sorted(expected)!r}.every(id => rows.includes(id)); }}",
        timeout=WAIT_MS,
    )


def _counts(page) -> dict[str, int]:
    return page.evaluate(COUNTS)


def test_filter_in_the_browser_then_open_the_copied_address(tmp_path):
    data_dir = write_dashboard_data(tmp_path / "data")
    cache = {"COMMITMENTS_CACHE_DIR": str(tmp_path / "cache")}
    with running_server(PAGE, data_dir, tmp_path, env=cache) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        started = time.perf_counter()
        page.goto(server.url)
        page.wait_for_function(f"() => ({COUNTS})() !== null", timeout=WAIT_MS)
        first_render = time.perf_counter() - started
        _wait_for_rows(page, set(RECORD_IDS))
        assert sum(_counts(page).values()) == len(RECORD_IDS)

        # filter to Reflex through the sidebar's multiselect
        started = time.perf_counter()
        page.get_by_role("combobox", name="Programme").click()
        page.get_by_role("option", name="Reflex", exact=True).click()
        page.keyboard.press("Escape")
        page.wait_for_function(
            f"() => {{ const c = ({COUNTS})(); "
            "return c && Object.values(c).reduce((a, b) => a + b, 0) === 4; }",
            timeout=WAIT_MS,
        )
        filter_render = time.perf_counter() - started
        assert _counts(page) == {"In progress": 1, "Reported": 3}
        _wait_for_rows(page, REFLEX_IDS)
        page.wait_for_function("() => location.search.includes('programme=Reflex')")
        address = page.url
        assert parse_qs(urlparse(address).query) == {"programme": ["Reflex"]}
        page.screenshot(path=tmp_path / "filtered.png")

        # the copied address, opened in a new page, restores the same filter and rows
        other = browser.new_page(viewport={"width": 1400, "height": 1000})
        other.goto(address)
        other.wait_for_function(f"() => ({COUNTS})() !== null", timeout=WAIT_MS)
        _wait_for_rows(other, REFLEX_IDS)
        assert _counts(other) == {"In progress": 1, "Reported": 3}
        assert other.get_by_role("button", name="Remove Reflex").count() >= 1
        other.screenshot(path=tmp_path / "reopened.png")
        assert (tmp_path / "reopened.png").stat().st_size > 10_000

        # the as-at date, typed into the sidebar, rolls the statuses back
        other.get_by_role("tab", name="Record").click()
        other.get_by_role("tab", name="Record", selected=True).wait_for(timeout=WAIT_MS)
        # a date field of day, month and year parts (react-aria): type each part
        other.get_by_role("spinbutton", name="day, Status as at").click()
        other.keyboard.type("31122002")
        other.get_by_role("heading", name="Commitments and figures").click()  # leaving commits
        other.wait_for_function(
            "() => location.search.includes('as_at=2002-12-31')", timeout=WAIT_MS
        )
        assert "view=record" in other.url
    print(f"first chart {first_render:.2f} s; filter re-render {filter_render:.2f} s")
    assert server.process.poll() is not None  # the server this test started has stopped


def test_the_victim_pilot_as_at_the_end_of_2002(tmp_path):
    """A newcomer's check: the victim pilot was announced, not yet delivered, at the end of 2002."""
    data_dir = write_dashboard_data(tmp_path / "data")
    cache = {"COMMITMENTS_CACHE_DIR": str(tmp_path / "cache")}
    with running_server(PAGE, data_dir, tmp_path, env=cache) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(f"{server.url}?view=record&record=victim-support-pilot&as_at=2002-12-31")
        page.get_by_text("Status history").wait_for(timeout=WAIT_MS)
        main = page.locator('[data-testid="stMain"]')
        assert "status Announced since 4 November 2002 as at 31 December 2002" in main.inner_text()
        history = page.locator('[data-testid="stMarkdownContainer"] li')
        assert history.count() == 1
        assert "plan to establish a pilot scheme next year" in history.first.inner_text()
        link = page.get_by_role("link", name="HC Deb 04 November 2002 vol 392 cc108-9W").first
        assert link.get_attribute("href").startswith("https://api.parliament.uk/")
        page.screenshot(path=tmp_path / "record.png", full_page=True)
