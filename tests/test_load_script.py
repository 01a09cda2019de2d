"""The load script drives real sessions over Streamlit's websocket protocol, and its checks bite."""

from __future__ import annotations

import pytest

from benchmarks import load_test
from benchmarks.synthetic import write_synthetic


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return write_synthetic(tmp_path_factory.mktemp("load") / "data", 120)


@pytest.mark.browser  # the status chart's PNG is drawn by the server's Chromium
def test_a_session_changes_filters_and_downloads_its_own_view(data, tmp_path):
    # the first chart export starts the server's browser: a few seconds of the run
    result = load_test.load_test(data, sessions=1, seconds=8, work=tmp_path)
    assert result["errors"] == []
    assert result["reruns"] >= 3
    assert result["csv_checked"] >= 1 and result["png_checked"] >= 1
    assert 0 < result["rerun_median_s"] <= result["rerun_p95_s"]
    section = load_test.report(result)
    assert section.startswith("## Load\n") and "| Errors | 0 |" in section


@pytest.mark.browser
def test_an_export_of_another_view_is_an_error(data, tmp_path, monkeypatch):
    """Expect one citation and one record fewer than the page shows: both checks must fail."""
    real = load_test.Oracle.expected

    def other_view(self, programme, status):
        found = real(self, programme, status)
        return load_test.Expected(found.ids, found.citations[1:])

    monkeypatch.setattr(load_test.Oracle, "expected", other_view)
    monkeypatch.setattr(load_test, "_csv_ids", lambda payload: frozenset({"another-record"}))
    result = load_test.load_test(data, sessions=1, seconds=4, work=tmp_path)
    errors = "\n".join(result["errors"])
    assert "is not this session's view" in errors
    assert "cites another view's answers" in errors


def test_the_section_replaces_only_its_own(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# Benchmark results\n\n## Scale\n\nkept\n\n## Load\n\nold\n\n## Later\n\nkept too\n"
    )
    load_test.write_section(results, "## Load\n\nnew figures\n")
    assert results.read_text() == (
        "# Benchmark results\n\n## Scale\n\nkept\n\n"
        "## Load\n\nnew figures\n\n"
        "## Later\n\nkept too\n"
    )
