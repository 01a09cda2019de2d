"""The warm-load cache: the same snapshot as a full load, and never a stale one."""

from __future__ import annotations

import datetime as dt
import gc
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.synthetic import write_synthetic
from commitments.serving import cache
from commitments.serving.snapshot import Snapshot, load_snapshot
from tests.baseline import dump, fresh, write_dataset


def assert_same(warm: Snapshot, cold: Snapshot) -> None:
    """Equal tables (dtypes, values, and None against NaN), problems, registry and counts."""
    for name in cache.TABLES:
        got, want = getattr(warm.tables, name), getattr(cold.tables, name)
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        for column in want.columns:
            if want[column].dtype == object:
                assert list(got[column].map(type)) == list(want[column].map(type)), column
    assert warm.problems == cold.problems
    assert warm.lookup == cold.lookup
    assert warm.files_read == cold.files_read


@pytest.fixture
def data(tmp_path) -> Path:
    return write_dataset(tmp_path / "data")


@pytest.fixture
def cache_dir(tmp_path) -> Path:
    return tmp_path / "cache"


def reload(data: Path, cache_dir: Path) -> Snapshot:
    """Load through the cache and check the result against a full load of the folder as it is."""
    snapshot = load_snapshot(data, cache_dir)
    assert_same(snapshot, load_snapshot(data, use_cache=False))
    return snapshot


def test_second_load_comes_from_the_cache_unchanged(data, cache_dir):
    first = reload(data, cache_dir)
    second = reload(data, cache_dir)
    assert (first.from_cache, second.from_cache) == (False, True)
    assert len(second.tables.records) == 3 and len(second.tables.events) == 4


def test_synthetic_folder_round_trips_every_column(tmp_path, cache_dir):
    data = write_synthetic(tmp_path / "data", 300, seed=11)
    load_snapshot(data, cache_dir)
    warm = reload(data, cache_dir)
    assert warm.from_cache
    records = warm.tables.records
    assert isinstance(records.loc[0, "programmes"], list)
    assert records["lower_bound"].isna().sum() == (records["kind"] == "commitment").sum()


def test_problems_are_cached_with_their_severity(data, cache_dir):
    (data / "records" / "broken.yaml").write_text("id: broken\nkind: figure\n", encoding="utf-8")
    cold = reload(data, cache_dir)
    warm = reload(data, cache_dir)
    assert warm.from_cache and cold.problems
    assert {p.severity for p in warm.problems} == {p.severity for p in cold.problems}


def _title(snapshot: Snapshot) -> str:
    return snapshot.tables.records.set_index("id").loc["reflex-arrests-since-april-2001", "title"]


def _record(data: Path) -> Path:
    return data / "records" / "reflex-arrests-since-april-2001.yaml"


def _new_record(data: Path) -> None:
    record = fresh()["records"][2]
    record["id"] = "second-commitment"
    (data / "records" / "second-commitment.yaml").write_text(dump(record), encoding="utf-8")


def _retitle(data: Path) -> None:
    path = _record(data)
    path.write_text(path.read_text(encoding="utf-8").replace("67 arrests since", "67 arrests from"))


# (case, change to the folder, what the fresh load must show)
CHANGES = [
    ("record added", _new_record, lambda s: len(s.tables.records) == 4),
    ("record removed", lambda d: _record(d).unlink(), lambda s: len(s.tables.records) == 2),
    (
        "record renamed: its id no longer matches",
        lambda d: _record(d).rename(d / "records" / "renamed.yaml"),
        lambda s: any("does not match the file name" in p.message for p in s.problems),
    ),
    ("record edited", _retitle, lambda s: "67 arrests from" in _title(s)),
    (
        "registry edited",
        lambda d: (d / "registry.yaml").write_text(
            dump({**fresh()["registry"], "programmes": []}), encoding="utf-8"
        ),
        lambda s: any("programme 'Project Reflex'" in p.message for p in s.problems),
    ),
    ("answer removed", lambda d: next((d / "answers").iterdir()).unlink(), lambda s: s.problems),
    (
        "file with a wrong-case suffix added",
        lambda d: (d / "records" / "extra.YAML").write_text("id: extra\n", encoding="utf-8"),
        lambda s: any("extra" in p.path for p in s.problems),
    ),
    (
        "records folder removed",
        lambda d: _remove_tree(d / "records"),
        lambda s: s.tables.records.empty,
    ),
]


def _remove_tree(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


@pytest.mark.parametrize(("case", "change", "shows"), CHANGES, ids=[c[0] for c in CHANGES])
def test_any_change_to_the_files_makes_a_fresh_load(data, cache_dir, case, change, shows):
    load_snapshot(data, cache_dir)
    assert load_snapshot(data, cache_dir).from_cache
    change(data)
    after = reload(data, cache_dir)
    assert not after.from_cache
    assert shows(after)
    assert reload(data, cache_dir).from_cache  # and the new state is cached in turn


def test_same_size_edit_within_one_clock_tick_is_caught(data, cache_dir):
    """The edit keeps the size, the inode and (as if in the same tick) the modification time."""
    path = _record(data)
    before = path.stat()
    load_snapshot(data, cache_dir)
    text = path.read_text(encoding="utf-8")
    edited = text.replace("67 arrests since", "67 arrests after")
    assert len(edited) == len(text) and edited != text
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    after = reload(data, cache_dir)
    assert not after.from_cache
    assert "67 arrests after" in _title(after)


def test_edit_with_an_older_modification_time_is_caught(data, cache_dir):
    load_snapshot(data, cache_dir)
    path = _record(data)
    _retitle(data)
    os.utime(path, ns=(0, 1_000_000_000))
    assert not reload(data, cache_dir).from_cache


def test_editor_swap_files_do_not_count(data, cache_dir):
    load_snapshot(data, cache_dir)
    (data / "records" / ".reflex-arrests-since-april-2001.yaml.swp").write_bytes(b"\0swap")
    (data / "records" / "notes.txt").write_text("to do", encoding="utf-8")
    assert load_snapshot(data, cache_dir).from_cache


def test_a_new_day_makes_a_fresh_load(data, cache_dir, monkeypatch):
    """Checks depend on today (an event dated in the future), so the key holds the date."""
    load_snapshot(data, cache_dir)
    monkeypatch.setattr(cache, "_today", lambda: dt.date.today() + dt.timedelta(days=1))
    assert not load_snapshot(data, cache_dir).from_cache


def test_changed_code_makes_a_fresh_load(data, cache_dir, monkeypatch):
    load_snapshot(data, cache_dir)
    code = cache._code()
    monkeypatch.setattr(cache, "_code", lambda: (*code, ("checks.py", 1, 2)))
    assert not load_snapshot(data, cache_dir).from_cache


def test_nothing_is_written_inside_the_data_folder(data, cache_dir):
    def listing():
        return sorted((str(p), p.stat().st_mtime_ns) for p in data.rglob("*"))

    before = listing()
    load_snapshot(data, cache_dir)
    load_snapshot(data, cache_dir)
    assert listing() == before
    assert list(cache_dir.rglob("meta.json"))


def test_a_damaged_cache_is_ignored(data, cache_dir):
    load_snapshot(data, cache_dir)
    entry = cache.entry_dir(cache_dir, data)
    for table in entry.glob("*.arrow"):
        table.write_bytes(table.read_bytes()[:100])
    assert not reload(data, cache_dir).from_cache
    (entry / "meta.json").write_text("{not json", encoding="utf-8")
    assert not reload(data, cache_dir).from_cache
    assert reload(data, cache_dir).from_cache


def test_an_unwritable_cache_folder_still_loads(data, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    snapshot = reload(data, blocked)
    assert not snapshot.from_cache
    assert blocked.read_text(encoding="utf-8").startswith("a file")


def test_without_the_cache_nothing_is_read_or_written(data, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "env-cache"))
    snapshot = load_snapshot(data, use_cache=False)
    assert not snapshot.from_cache
    assert not (tmp_path / "env-cache").exists()


def test_default_folder_comes_from_the_environment(data, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "env-cache"))
    assert cache.default_cache_dir() == tmp_path / "env-cache"
    load_snapshot(data)
    assert load_snapshot(data).from_cache
    assert list((tmp_path / "env-cache").rglob("meta.json"))


def test_only_the_most_recent_folders_are_kept(tmp_path, cache_dir):
    roots = [write_dataset(tmp_path / f"data{i}") for i in range(cache.KEEP + 2)]
    for root in roots:
        load_snapshot(root, cache_dir)
    kept = {p.parent for p in cache_dir.glob("*/meta.json")}
    assert len(kept) == cache.KEEP
    assert cache.entry_dir(cache_dir, roots[-1]) in kept
    assert cache.entry_dir(cache_dir, roots[0]) not in kept


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_setting_is_restored_after_a_load(data, enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        load_snapshot(data, use_cache=False)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_another_process_uses_the_cache(data, cache_dir):
    """The dashboard restarts in a new process: the key must not depend on the process."""
    load_snapshot(data, cache_dir)
    script = (
        "import sys; from commitments.serving.snapshot import load_snapshot; "
        "print(load_snapshot(sys.argv[1], sys.argv[2]).from_cache, end='')"
    )
    for _ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", script, str(data), str(cache_dir)],
            cwd=Path(__file__).resolve().parents[1],
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout == "True"
