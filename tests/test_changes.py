"""A data folder's digest: any edit, addition or removal of a data file gives a new one, and a
watched folder is not statted again until the file system reports a change."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from commitments.serving import changes
from commitments.serving.changes import FolderWatch, stat_digest
from tests.dashboard_data import write_dashboard_data

ROOT = Path(__file__).resolve().parents[1]
WAIT = 10  # seconds for a change report to arrive; they come within milliseconds


@pytest.fixture
def folder(tmp_path) -> Path:
    (tmp_path / "records").mkdir()
    (tmp_path / "answers").mkdir()
    (tmp_path / "registry.yaml").write_text("programmes: []\n", encoding="utf-8")
    (tmp_path / "records" / "a.yaml").write_text("id: a\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def statted(monkeypatch) -> list[Path]:
    """The folders ``stat_digest`` was called for."""
    calls: list[Path] = []
    real = changes.stat_digest

    def counting(root):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(changes, "stat_digest", counting)
    return calls


def _until(condition, seconds: float = WAIT) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_every_kind_of_edit_to_a_data_file_gives_a_new_digest(folder):
    record = folder / "records" / "a.yaml"
    seen = {stat_digest(folder)}
    record.write_text("id: b\n", encoding="utf-8")  # same size
    os.utime(record, ns=(1, 1_000_000_000))
    seen.add(stat_digest(folder))
    record.write_text("id: a longer one\n", encoding="utf-8")
    seen.add(stat_digest(folder))
    (folder / "answers" / "q.yml").write_text("id: q\n", encoding="utf-8")
    seen.add(stat_digest(folder))
    record.unlink()
    seen.add(stat_digest(folder))
    (folder / "records" / "Shouting.YAML").write_text("id: x\n", encoding="utf-8")  # reported
    seen.add(stat_digest(folder))
    (folder / "records" / "gone.yaml").symlink_to(folder / "nowhere.yaml")  # reported too
    seen.add(stat_digest(folder))
    assert len(seen) == 7


def test_files_that_are_not_data_leave_the_digest_alone(folder):
    before = stat_digest(folder)
    (folder / "records" / "notes.txt").write_text("a note\n", encoding="utf-8")
    (folder / "records" / "deeper").mkdir()
    (folder / "records" / "deeper" / "c.yaml").write_text("id: c\n", encoding="utf-8")
    assert stat_digest(folder) == before


def test_a_watched_folder_is_statted_once_until_a_file_changes(folder, statted):
    watch = FolderWatch(folder)
    try:
        assert watch.reported
        first = watch.digest()
        assert [watch.digest() for _ in range(5)] == [first] * 5
        assert len(statted) == 1
        (folder / "records" / "a.yaml").read_text(encoding="utf-8")  # reading is not a change
        (folder / "records" / "b.yaml").write_text("id: b\n", encoding="utf-8")
        assert _until(lambda: watch.digest() != first)
        assert watch.digest() == stat_digest(folder)
    finally:
        watch.stop()


def test_a_change_noted_by_the_writer_is_seen_before_any_report(folder, statted):
    watch = FolderWatch(folder)
    try:
        watch.digest()
        watch.changed()
        watch.digest()
        assert len(statted) == 2
    finally:
        watch.stop()


@pytest.mark.parametrize("how", ["without reports", "stopped"])
def test_with_no_reports_every_digest_stats_the_files(folder, statted, how):
    watch = FolderWatch(folder, notices=how != "without reports")
    watch.stop()
    assert not watch.reported
    first = watch.digest()
    (folder / "records" / "a.yaml").write_text("id: a, edited\n", encoding="utf-8")
    assert watch.digest() != first  # at once: no report needed
    assert len(statted) == 2


def test_a_folder_that_is_not_there_has_a_digest_and_no_watch(tmp_path):
    watch = FolderWatch(tmp_path / "missing")
    assert not watch.reported
    assert watch.digest() == stat_digest(tmp_path / "missing")


def test_the_page_shows_a_record_edited_while_it_was_open(tmp_path, monkeypatch):
    data = write_dashboard_data(tmp_path / "data")
    monkeypatch.setenv("TRACKER_DATA", str(data))
    monkeypatch.setenv("COMMITMENTS_CACHE_DIR", str(tmp_path / "cache"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    assert not any("problems in the data files" in w.value for w in at.warning)
    pilot = data / "records" / "victim-support-pilot.yaml"
    pilot.write_text(pilot.read_text().replace("status: delivered", "status: deliverd"))

    def rerun_warns() -> bool:
        at.run()
        return any("1 problem in the data files" in w.value for w in at.warning)

    assert _until(rerun_warns)
