"""The page's data: a folder is read once for every session, and a large one that is not yet in
the cache is loaded by a process of its own, which stores it for the page to read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app import data as page_data
from commitments.serving.snapshot import cached_snapshot
from tests.dashboard_data import RECORD_IDS, write_dashboard_data

ROOT = Path(__file__).resolve().parents[1]


def snapshot_command(data: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "commitments", "snapshot", str(data)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "COMMITMENTS_CACHE_DIR": str(cache)},
    )  # fmt: skip


def test_the_snapshot_command_stores_the_folder_once(tmp_path):
    data, cache = write_dashboard_data(tmp_path / "data"), tmp_path / "cache"
    first = snapshot_command(data, cache)
    assert first.returncode == 0, first.stderr
    assert f"records, 0 errors: snapshot now stored in {cache}" in first.stderr
    assert cached_snapshot(data, cache) is not None
    again = snapshot_command(data, cache)
    assert again.returncode == 0 and "snapshot was already stored" in again.stderr


def test_the_snapshot_command_says_when_it_cannot_store(tmp_path):
    data = write_dashboard_data(tmp_path / "data")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    result = snapshot_command(data, blocked / "cache")
    assert result.returncode == 1
    assert "could not store the snapshot in" in result.stderr
    assert "set COMMITMENTS_CACHE_DIR to use another folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def apart(monkeypatch) -> list[bool]:
    """Every folder counts as large; the results of loading it in a process of its own."""
    results: list[bool] = []
    real = page_data._stored_apart

    def recorded(root: str) -> bool:
        results.append(real(root))
        return results[-1]

    monkeypatch.setattr(page_data, "LOAD_APART_FILES", 1)
    monkeypatch.setattr(page_data, "_stored_apart", recorded)
    return results


def _page(data: Path, cache: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("TRACKER_DATA", str(data))
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(cache))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _shown(at: AppTest) -> set[str]:
    tables = [d.value for d in at.dataframe if {"id", "Title", "Status"} <= set(d.value.columns)]
    return set(tables[0]["id"])


def test_a_large_folder_is_loaded_apart_and_the_page_reads_what_it_stored(
    tmp_path, monkeypatch, apart
):
    data, cache = write_dashboard_data(tmp_path / "data"), tmp_path / "cache"
    at = _page(data, cache, monkeypatch)
    assert apart == [True]
    assert _shown(at) == set(RECORD_IDS)
    assert cached_snapshot(data, cache) is not None


def test_a_folder_that_cannot_be_stored_is_loaded_by_the_page_itself(tmp_path, monkeypatch, apart):
    data = write_dashboard_data(tmp_path / "data")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    at = _page(data, blocked / "cache", monkeypatch)
    assert apart == [False]
    assert _shown(at) == set(RECORD_IDS)


def test_a_small_folder_is_loaded_by_the_page(tmp_path, monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(page_data, "_stored_apart", calls.append)
    data = write_dashboard_data(tmp_path / "data")
    at = _page(data, tmp_path / "cache", monkeypatch)
    assert calls == [] and _shown(at) == set(RECORD_IDS)
