"""The dashboard with the bad-input corpus in its data folder: it renders, the good records show,
and every case's problem is in the Data problems view, located as `validate` prints it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.bad_input.cases import CASES, Case
from tests.baseline import fresh, write_dataset

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "dashboard.py"
TIMEOUT = 120
BASELINE_RECORDS = {record["id"] for record in fresh()["records"]}
TOGETHER = [case for case in CASES if not case.alone]
ALONE = [case for case in CASES if case.alone]


def _open_dashboard(tmp_path: Path, cases: list[Case], monkeypatch) -> AppTest:
    data = write_dataset(tmp_path / "data")
    for case in cases:
        case.install(data)
    monkeypatch.setenv("TRACKER_DATA", str(data))
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, *columns: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def _problem_lines(at: AppTest, tmp_path: Path) -> list[str]:
    """The Data problems table, as `validate` prints it from the folder holding ``data``."""
    at.session_state["view"] = "Data problems"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = _table(at, "File", "Line", "Record", "Problem", "Hint")
    folder = f"{tmp_path.resolve()}/"
    return [
        f"{row.File}:{row.Line}: {row.Record}: {row.Problem} (hint: {row.Hint})".replace(folder, "")
        for row in table.itertuples(index=False)
    ]


def test_the_dashboard_shows_every_case_in_its_data_problems_view(tmp_path, monkeypatch):
    at = _open_dashboard(tmp_path, TOGETHER, monkeypatch)
    expected = [line for case in TOGETHER for line in case.expected]
    assert any(f"{len(expected)} problems in the data files" in w.value for w in at.warning)
    shown = set(_table(at, "id", "Title", "Status")["id"])
    # a record with a problem of its own is unverified: left out, and listed with its problem
    assert shown == BASELINE_RECORDS | {record for case in TOGETHER for record in case.clean}
    unverified = {record for case in TOGETHER for record in case.unverified}

    lines = _problem_lines(at, tmp_path)
    assert sorted(lines) == sorted(expected)
    listed = _table(at, "Record", "Title", "File", "Line", "Left out or included")
    assert set(listed["Record"]) == unverified
    for case in TOGETHER:
        assert set(case.expected) <= set(lines), case.name


@pytest.mark.parametrize("case", ALONE, ids=[case.name for case in ALONE])
def test_the_dashboard_renders_with_a_broken_registry(case, tmp_path, monkeypatch):
    at = _open_dashboard(tmp_path, [case], monkeypatch)
    assert any("1 problem in the data files" in w.value for w in at.warning)
    assert set(_table(at, "id", "Title", "Status")["id"]) == BASELINE_RECORDS
    assert _problem_lines(at, tmp_path) == list(case.expected)
