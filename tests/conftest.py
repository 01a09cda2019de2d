"""Tests that drive Chromium are marked ``browser``, so ``pytest -m "not browser"`` runs without it.

Every other test is held to that: within it, the chart exporter cannot reach a browser (not even
one an earlier test left running), and a command it runs finds none, so an unmarked test that
draws a chart fails here, on a machine with Chromium, rather than only on one without.
"""

from __future__ import annotations

import pytest

from commitments.exporting import chromium

NO_BROWSER = "/nonexistent/chromium: this test is not marked browser"


@pytest.fixture(autouse=True)
def _chromium_only_for_browser_tests(request, monkeypatch):
    if request.node.get_closest_marker("browser"):
        return

    async def refused(self):
        raise chromium.ChartExportError(
            "a test not marked browser asked for Chromium (hint: mark it @pytest.mark.browser)"
        )

    monkeypatch.setattr(chromium.ChartExporter, "_browser", refused)
    monkeypatch.setenv("BROWSER_PATH", NO_BROWSER)
