"""What the dashboard and the exports work from: the tables, the registry and the problems.

A snapshot comes from the warm-load cache (``commitments.serving.cache``) when no data file
changed since it was stored, and from a full load and check of the folder otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commitments.folder.load import load_dataset
from commitments.folder.problems import Problem
from commitments.record.registry import Lookup
from commitments.serving import cache
from commitments.serving.collector import collector_paused
from commitments.tables.build import Tables, build_tables


@dataclass
class Snapshot:
    tables: Tables
    lookup: Lookup
    problems: list[Problem]
    files_read: int
    from_cache: bool = False


def load_snapshot(
    root: Path | str, cache_dir: Path | str | None = None, *, use_cache: bool = True
) -> Snapshot:
    """Load and check ``root``; bad files become problems, good records are all kept.

    The result is cached in ``cache_dir`` (default: ``cache.default_cache_dir()``), never inside
    ``root``; any data file added, removed or changed makes a fresh load. ``use_cache=False``
    neither reads nor writes a cache.
    """
    if not use_cache:
        return _load(root)
    return store_snapshot(root, cache_dir)[0]


def cached_snapshot(root: Path | str, cache_dir: Path | str | None = None) -> Snapshot | None:
    """The snapshot of ``root`` from the cache, if one was stored from the folder as it is now."""
    return _cached(_cache_folder(cache_dir), root)[1]


def store_snapshot(root: Path | str, cache_dir: Path | str | None = None) -> tuple[Snapshot, bool]:
    """The snapshot of ``root``, loaded and stored in the cache unless it is there already; and
    whether the cache now holds it (False when the cache folder cannot be written)."""
    folder = _cache_folder(cache_dir)
    key, snapshot = _cached(folder, root)
    if snapshot is not None:
        return snapshot, True
    return _load_and_store(folder, root, key)


def _cache_folder(cache_dir: Path | str | None) -> Path:
    return Path(cache_dir) if cache_dir is not None else cache.default_cache_dir()


def _cached(folder: Path, root: Path | str) -> tuple[cache.Key, Snapshot | None]:
    with collector_paused():  # reading back builds many lists: no collection meanwhile
        key, cached = cache.load(folder, root)
    if cached is None:
        return key, None
    snapshot = Snapshot(
        tables=cached.tables,
        lookup=Lookup.of(cached.registry),
        problems=cached.problems,
        files_read=cached.files_read,
        from_cache=True,
    )
    return key, snapshot


def _load_and_store(folder: Path, root: Path | str, key: cache.Key) -> tuple[Snapshot, bool]:
    snapshot = _load(root)
    stored = cache.Cached(
        snapshot.tables, snapshot.lookup.registry, snapshot.problems, snapshot.files_read
    )
    return snapshot, cache.write(folder, root, key, stored)


def _load(root: Path | str) -> Snapshot:
    with collector_paused():
        dataset = load_dataset(root)
        snapshot = Snapshot(
            tables=build_tables(dataset),
            lookup=dataset.lookup,
            problems=dataset.problems,
            files_read=dataset.files_read,
        )
        del dataset  # freed before the collector resumes, so that it never walks the records
    return snapshot
