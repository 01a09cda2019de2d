"""Hostile record text in a real browser: HTML, scripts, Markdown links and `javascript:` addresses
show as the literal words, no script runs, and no such link can be clicked.

Every text field a record, answer or registry entry can hold carries a payload that would set
``window.__pwned``, show a dialog, fetch from ``evil.example`` or make a link if the page ever read
it as HTML or Markdown. Each view of the dashboard is opened in Debian's Chromium and checked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.baseline import write_dataset
from tests.browser_support import PAGE, chromium, running_server
from tests.dashboard_data import dashboard_items

pytestmark = pytest.mark.browser

WAIT_MS = 30_000

SCRIPT = "<script>window.__pwned='script'</script>"
IMG = "<img src=x onerror=\"window.__pwned='img'\">"
MD_LINK = "[official report](https://evil.example/phish)"
JS_LINK = "[click here](javascript:window.__pwned='md-js')"
JS_TEXT = "javascript:window.__pwned='text'"
HTML_LINK = '<a href="https://evil.example/a">Home Office page</a>'
MD_IMAGE = "![seal](https://evil.example/seal.png)"
AUTOLINK = "<https://evil.example/auto> www.evil.example"
STREAMLIT_MARKUP = ":red[urgent] :material/warning: $x^2$ **bold**"
PAYLOADS = (SCRIPT, IMG, MD_LINK, JS_LINK, JS_TEXT, HTML_LINK, MD_IMAGE, AUTOLINK)

FIGURE_SENTENCE = f"Reflex {SCRIPT} with {MD_LINK} made 67 arrests {JS_LINK} {HTML_LINK}."
PLEDGE_SENTENCE = f"We will launch {IMG} a pilot {MD_IMAGE} next year {AUTOLINK}."
PROGRAMME = f"Operation <b>Bold</b> {MD_LINK}"
AGENCY = f"Agency {SCRIPT}"
METRIC_LABEL = f"Arrests {HTML_LINK}"


def hostile_items() -> dict[str, Any]:
    """The dashboard's data, with payloads in every kind of text field."""
    items = dashboard_items()
    registry = items["registry"]
    registry["programmes"].append({"name": PROGRAMME, "aliases": [HTML_LINK]})
    registry["agencies"].append({"name": AGENCY, "aliases": [JS_TEXT]})
    registry["metrics"].append(
        {"id": "hostile-arrests", "label": METRIC_LABEL, "counts": MD_LINK, "unit": "count"}
    )
    answer = items["answers"][0]
    answer["answer"] += f"\n\n{FIGURE_SENTENCE}\n\n{PLEDGE_SENTENCE}"
    answer["heading"] = f"Human Trafficking {SCRIPT}"
    answer["asker"] = f"Mr. {IMG}"
    answer["question"] = f"To ask {MD_LINK} {JS_LINK}"
    answer["flags"].append({"kind": "holding_answer", "detail": f"held {MD_LINK} {JS_LINK}"})
    answer["flags"][0]["detail"] = f"Part of another answer {HTML_LINK} {MD_IMAGE}"
    answer["flags"][0]["text"] = f"The information {SCRIPT} is {JS_LINK} in the table."
    # a citation that does not match its parts is a data problem, and its text is shown too
    items["answers"][1]["citation"] = f"HL Deb 04 May 2004 c107WA {MD_LINK}"
    items["records"] += [
        {
            "id": "hostile-figure",
            "kind": "figure",
            "title": f"Reflex {SCRIPT} {IMG} {MD_LINK}",
            "quote": FIGURE_SENTENCE,
            "source": answer["id"],
            "programmes": [PROGRAMME],
            "agencies": [AGENCY],
            "tags": [HTML_LINK, STREAMLIT_MARKUP],
            "metric": "hostile-arrests",
            "value": 67,
            "unit": "count",
            "period": {"words": f"since {JS_TEXT}", "start": None, "end": dt.date(2002, 7, 8)},
            "basis": "cumulative",
            "history": [
                {
                    "date": dt.date(2002, 7, 8),
                    "status": "reported",
                    "source": answer["id"],
                    "quote": FIGURE_SENTENCE,
                    "note": f"{MD_IMAGE} {JS_LINK} {STREAMLIT_MARKUP}",
                }
            ],
        },
        {
            "id": "hostile-pledge",
            "kind": "commitment",
            "title": f"Pilot {HTML_LINK} {JS_LINK} {STREAMLIT_MARKUP}",
            "quote": PLEDGE_SENTENCE,
            "source": answer["id"],
            "programmes": [PROGRAMME],
            "agencies": [AGENCY],
            "tags": [MD_LINK],
            "due": {
                "words": f"next year {MD_LINK}",
                "start": dt.date(2003, 1, 1),
                "end": dt.date(2003, 12, 31),
            },
            "responsible": f"{IMG} Home Office",
            "history": [
                {
                    "date": dt.date(2002, 7, 8),
                    "status": "announced",
                    "source": answer["id"],
                    "quote": IMG,
                },
                {
                    "date": dt.date(2003, 1, 10),
                    "status": "in_progress",
                    "document": {
                        "title": f"Press notice {SCRIPT} {MD_LINK}",
                        "url": "https://www.gov.uk/press-notice",
                    },
                    "note": f"{AUTOLINK} {JS_TEXT}",
                },
            ],
        },
    ]
    return items


# What the page must never hold: a run script, an element made from record text, a bad link.
INSPECT = """() => {
    const bad = /evil\\.example|^\\s*(javascript|data|vbscript):/i;
    const where = e => {
        const box = e.closest('[data-testid]');
        return box ? box.getAttribute('data-testid') : '?';
    };
    return {
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        badLinks: Array.from(document.querySelectorAll('a, area'))
            .map(a => [a, a.getAttribute('href') || a.getAttribute('xlink:href') || ''])
            .filter(([a, href]) => bad.test(href))
            .map(([a, href]) => `${where(a)}: ${a.textContent} -> ${href}`),
        chartLinks: Array.from(document.querySelectorAll('.js-plotly-plot svg a'))
            .map(a => a.outerHTML),
        injected: Array.from(document.querySelectorAll(
            'img[src="x"], img[src*="evil.example"], [onerror], iframe, ' +
            'script:not([src])'
        )).filter(e => e.tagName !== 'SCRIPT' || e.textContent.includes('__pwned'))
          .map(e => `${where(e)}: ${e.outerHTML.slice(0, 200)}`),
    };
}"""
MAIN_TEXT = "() => document.querySelector('[data-testid=\"stMain\"]').innerText"
CHART_TEXT = """key => {
    const plot = document.querySelector(`.st-key-${key} .js-plotly-plot`);
    if (!plot || !plot.data) return null;
    return Array.from(plot.querySelectorAll('svg')).map(svg => svg.textContent).join(' ');
}"""


def _folded(text: str) -> str:
    """Text as a reader sees it: spaces folded, zero-width spaces (invisible) dropped."""
    return " ".join(text.replace("\u200b", "").split())


def _main_text(page) -> str:
    return _folded(page.evaluate(MAIN_TEXT))


def _wait_for_text(page, *needles: str) -> None:
    """Wait until the main area shows every one of ``needles`` (whitespace folded)."""
    page.wait_for_function(
        """needles => {
            const main = document.querySelector('[data-testid="stMain"]');
            if (!main) return false;
            const text = main.innerText.replace(/\\s+/g, ' ');
            return needles.every(n => text.includes(n));
        }""",
        arg=[_folded(n) for n in needles],
        timeout=WAIT_MS,
    )


def _chart_text(page, key: str) -> str:
    page.wait_for_function(f"() => ({CHART_TEXT})({key!r}) !== null", timeout=WAIT_MS)
    return page.evaluate(CHART_TEXT, key)


class Findings(list):
    """Everything wrong on every view, gathered so that one run reports them all."""

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.append(message)

    def shows(self, where: str, text: str, *needles: str) -> None:
        for needle in needles:
            self.expect(_folded(needle) in text, f"{where}: not shown literally: {needle!r}")

    def inert(self, where: str, page, dialogs: list[str], requests: list[str]) -> None:
        found = page.evaluate(INSPECT)
        self.expect(found["pwned"] is None, f"{where}: a script ran ({found['pwned']})")
        self.expect(found["badLinks"] == [], f"{where}: links from record text {found['badLinks']}")
        self.expect(found["chartLinks"] == [], f"{where}: links in a chart {found['chartLinks']}")
        self.expect(found["injected"] == [], f"{where}: elements from text {found['injected']}")
        self.expect(dialogs == [], f"{where}: a dialog opened {dialogs}")
        self.expect(requests == [], f"{where}: fetched from record text {requests}")
        dialogs.clear()
        requests.clear()

    def charted(self, where: str, text: str, *needles: str) -> None:
        """Chart labels are broken into lines (SVG tspans): compare without whitespace."""
        bare = "".join(text.split())
        for needle in needles:
            self.expect(
                "".join(needle.split()) in bare, f"{where}: not drawn literally: {needle!r}"
            )


def test_hostile_text_shows_literally_and_does_nothing(tmp_path):
    data_dir = write_dataset(tmp_path / "data", hostile_items())
    cache = {"COMMITMENTS_CACHE_DIR": str(tmp_path / "cache")}
    findings = Findings()
    with running_server(PAGE, data_dir, tmp_path, env=cache) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1500, "height": 1400})
        dialogs: list[str] = []
        requests: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda r: requests.append(r.url) if "evil.example" in r.url else None)

        # Overview: the charts by programme and agency label their bars with the payloads
        page.goto(server.url)
        findings.charted("status by programme", _chart_text(page, "chart_programme"), PROGRAMME)
        findings.charted("status by agency", _chart_text(page, "chart_agency"), AGENCY)
        findings.inert("overview", page, dialogs, requests)

        # Timeline: commitments by title
        page.goto(f"{server.url}?view=timeline")
        timeline = _chart_text(page, "chart_timeline")
        # long titles are cut at a word with an ellipsis
        findings.charted("timeline", timeline, 'Pilot <a href="https://evil.example/a">Home')
        findings.charted("timeline", timeline, "Operation <b>Bold</b>")
        findings.inert("timeline", page, dialogs, requests)

        # Figures: the metric's label in the choice and the chart; hover shows the quote
        page.goto(f"{server.url}?view=figures&metric=hostile-arrests")
        _wait_for_text(page, "Metric")
        findings.charted("metric chart", _chart_text(page, "chart_metric"), METRIC_LABEL)
        point = page.locator(".st-key-chart_metric .js-plotly-plot .point").first
        point.hover(force=True)
        page.wait_for_selector(".st-key-chart_metric .hoverlayer .hovertext", timeout=WAIT_MS)
        hover = page.locator(".st-key-chart_metric .hoverlayer").text_content()
        findings.charted("metric chart's hover", hover, "Reflex <script>", "[official report](")
        findings.inert("figures", page, dialogs, requests)

        # Record: every field of the figure, the answer around its quote, the flags
        page.goto(f"{server.url}?view=record&record=hostile-figure")
        _wait_for_text(page, "Status history")
        findings.shows(
            "record of the figure",
            _main_text(page),
            f"Reflex {SCRIPT} {IMG} {MD_LINK}",
            FIGURE_SENTENCE,
            f"since {JS_TEXT}",
            METRIC_LABEL,
            f"{MD_IMAGE} {JS_LINK} {STREAMLIT_MARKUP}",
            f"held {MD_LINK} {JS_LINK}",
            f"Part of another answer {HTML_LINK} {MD_IMAGE}",
        )
        page.get_by_text("click here", exact=False).first.click()  # words, not a link
        findings.inert("record of the figure", page, dialogs, requests)

        page.goto(f"{server.url}?view=record&record=hostile-pledge")
        _wait_for_text(page, "Status history")
        findings.shows(
            "record of the commitment",
            _main_text(page),
            f"Pilot {HTML_LINK} {JS_LINK} {STREAMLIT_MARKUP}",
            PLEDGE_SENTENCE,
            f"next year {MD_LINK}",
            f"{IMG} Home Office",
            f"Press notice {SCRIPT} {MD_LINK}",
            f"{AUTOLINK} {JS_TEXT}",
        )
        findings.inert("record of the commitment", page, dialogs, requests)

        # Sources: the flags of each answer, and a citation holding a Markdown link
        page.goto(f"{server.url}?view=sources")
        _wait_for_text(page, "What the printed answers hold")
        for expander in page.locator('[data-testid="stExpander"] summary').all():
            expander.click()
        _wait_for_text(page, "Set-aside text")
        findings.shows(
            "sources",
            _main_text(page),
            f"HL Deb 04 May 2004 c107WA {MD_LINK}",
            f"The information {SCRIPT} is {JS_LINK} in the table.",
            f"held {MD_LINK} {JS_LINK}",
        )
        findings.inert("sources", page, dialogs, requests)

        # Data problems: the citation problem, quoting the payload
        page.goto(f"{server.url}?view=problems")
        _wait_for_text(page, "1 errors and 0 warnings")
        findings.inert("data problems", page, dialogs, requests)
    assert server.process.poll() is not None
    assert not findings, "\n".join(findings)


def test_hostile_items_are_valid_apart_from_the_citation(tmp_path):
    """The payloads reach the page: every hostile record loads, with one data problem."""
    from commitments.folder.load import load_dataset

    dataset = load_dataset(write_dataset(tmp_path / "data", hostile_items()))
    assert {"hostile-figure", "hostile-pledge"} <= set(dataset.records)
    assert [p.record for p in dataset.problems] == ["hl-2004-05-04-107wa"]
    assert dataset.problems[0].message.startswith("citation 'HL Deb 04 May 2004 c107WA [")
