"""A warm-load cache of a data folder's tables, registry and problems, kept outside the folder.

Loading and checking ten thousand YAML files takes seconds; reading three tables back from Arrow
files (Parquet's columnar format without its encoding, mapped straight into memory) takes
milliseconds. The cache is keyed on every file the loader looks at (``registry.yaml`` and every
``.yaml``/``.yml`` entry of ``answers/`` and ``records/``): its name, type, size, modification
time and inode, so any file added, removed, renamed or changed makes a fresh load. Files of other
suffixes, such as an editor's swap files, are never read and do not count. The key also holds the
date (checks depend on today), the code of this package and the versions of the libraries that
write the tables, so a changed check or a new pandas never serves stale results.

A file changed twice within one tick of the file system's clock keeps its modification time. As
git does for its index, files modified within ``RACY_SECONDS`` of taking the key are also keyed
on their content, which is hashed again before the cache is trusted.

Nothing in the cache is executed: tables are Arrow files, the rest is JSON. A cache that cannot be
read or written is ignored, never an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import stat
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pydantic

from commitments.folder.layout import WATCHED, YAML_SUFFIXES
from commitments.folder.problems import Problem, Severity
from commitments.record.model import Registry
from commitments.tables.build import Tables

CACHE_ENV = "COMMITMENTS_CACHE_DIR"
"""Where caches live when no folder is given; default ``.cache/snapshots`` in the working dir."""
FORMAT = 1
RACY_SECONDS = 2.0
KEEP = 8
"""Caches of this many data folders are kept; the least recently used beyond are removed."""
TABLES = ("records", "events", "answers")
_PACKAGE = Path(__file__).resolve().parents[1]
_CODE_STAGES = ("record", "folder", "tables")
_META = b"commitments.table"
_SUFFIXES = tuple(YAML_SUFFIXES)
"""Entries the loader reads or reports on (any case: a wrong-case suffix is reported)."""


@dataclass
class Key:
    """What a cached snapshot was built from."""

    digest: str
    racy: dict[str, str] = field(default_factory=dict)
    """Path (relative to the data folder) → content hash, for files modified just before."""


@dataclass
class Cached:
    tables: Tables
    registry: Registry
    problems: list[Problem]
    files_read: int


def default_cache_dir() -> Path:
    """``$COMMITMENTS_CACHE_DIR``, else ``.cache/snapshots`` here, else one in the temp dir."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    here = Path.cwd() / ".cache" / "snapshots"
    if os.access(here if here.exists() else Path.cwd(), os.W_OK):
        return here
    return Path(tempfile.gettempdir()) / "commitments-cache"


def key_of(root: Path | str) -> Key:
    """The key of ``root`` as it is now: one stat call per file; racy files are also hashed."""
    root = Path(root).resolve()
    racy_after = time.time_ns() - int(RACY_SECONDS * 1e9)
    racy: list[str] = []
    entries: list[tuple] = []
    for name in WATCHED:
        _list(root, name, racy_after, racy, entries)
    head = (FORMAT, _today().isoformat(), str(root), _versions(), _code())
    # The repr of tuples of text and numbers is the same in every process (marshal's bytes are
    # not: they depend on which strings the process happens to share).
    listing = repr((head, entries)).encode("utf-8", "backslashreplace")
    digest = hashlib.blake2b(listing, digest_size=20).hexdigest()
    return Key(digest=digest, racy={rel: _content_hash(root / rel) for rel in racy})


def _today() -> dt.date:
    return dt.date.today()


def _versions() -> tuple[str, ...]:
    return (pd.__version__, pa.__version__, pydantic.VERSION)


def _code() -> tuple[tuple, ...]:
    """The modules that read, check and tabulate a folder: a changed check or table must not be
    served from an old cache."""
    found = []
    for stage in _CODE_STAGES:
        for path in sorted((_PACKAGE / stage).glob("*.py")):
            info = path.stat()
            found.append((f"{stage}/{path.name}", info.st_size, info.st_mtime_ns))
    return tuple(found)


def _list(root: Path, name: str, racy_after: int, racy: list[str], out: list[tuple]) -> None:
    """Add ``root/name`` to ``out``, and each of its entries if it is a folder.

    Entries come in the folder's own order, which a folder keeps while nothing in it changes
    (another order would only cost a fresh load, never a stale one).
    """
    path = root / name
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):  # a linked folder is read through its link
            out.append((name, "link", os.readlink(path)))
            info = os.stat(path)
    except OSError:
        out.append((name, "absent"))
        return
    if not stat.S_ISDIR(info.st_mode):
        out.append(_entry("", name, str(path), info, racy_after, racy))
        return
    out.append((name, "folder"))
    regular = stat.S_ISREG
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if not entry.name.lower().endswith(_SUFFIXES):
                    continue  # an editor's swap file is never read
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    out.append((name, entry.name, "unreadable"))
                    continue
                mtime = info.st_mtime_ns
                if regular(info.st_mode) and mtime <= racy_after:  # nearly every file
                    out.append((name, entry.name, info.st_mode, info.st_size, mtime, info.st_ino))
                else:
                    out.append(_entry(name, entry.name, entry.path, info, racy_after, racy))
    except OSError as exc:
        out.append((name, "unlistable", exc.errno))


def _entry(
    folder: str, name: str, path: str, info: os.stat_result, racy_after: int, racy: list[str]
) -> tuple:
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.readlink(path)
            followed = os.stat(path)
        except OSError:
            return (folder, name, "dangling link")
        return ("link", target, *_entry(folder, name, path, followed, racy_after, racy))
    if stat.S_ISREG(info.st_mode) and info.st_mtime_ns > racy_after:
        racy.append(f"{folder}/{name}" if folder else name)
    return (folder, name, info.st_mode, info.st_size, info.st_mtime_ns, info.st_ino)


def _content_hash(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=20).hexdigest()
    except OSError as exc:
        return f"unreadable {exc.errno}"


def entry_dir(cache_dir: Path | str, root: Path | str) -> Path:
    """The cache folder of one data folder."""
    name = hashlib.blake2b(str(Path(root).resolve()).encode(), digest_size=8).hexdigest()
    return Path(cache_dir) / name


def load(cache_dir: Path | str, root: Path | str) -> tuple[Key, Cached | None]:
    """The key of ``root`` now, and its cached snapshot if one was stored from that very key.

    The stored tables are read while the folder is being listed (reading is mostly in Arrow's C
    code, listing mostly waits on the file system); they are dropped unless the keys agree.
    """
    folder = entry_dir(cache_dir, root)
    with ThreadPoolExecutor(max_workers=1) as pool:
        stored = pool.submit(_read_entry, folder)
        key = key_of(root)
        digest, cached, racy = stored.result()
    if cached is None or digest != key.digest:
        return key, None
    for rel, content in racy.items():
        if _content_hash(Path(root) / rel) != content:
            return key, None
    try:
        os.utime(folder / "meta.json")  # recently used: kept when older caches are pruned
    except OSError:
        pass
    return key, cached


def _read_entry(folder: Path) -> tuple[str | None, Cached | None, dict[str, str]]:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            return None, None, {}
        tables = Tables(**{name: _read_table(folder / meta["tables"][name]) for name in TABLES})
        registry = Registry.model_validate_json(meta["registry"])
        problems = [_problem(item) for item in meta["problems"]]
        cached = Cached(tables, registry, problems, int(meta["files_read"]))
        return meta["digest"], cached, dict(meta["racy"])
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return None, None, {}


def write(cache_dir: Path | str, root: Path | str, key: Key, cached: Cached) -> bool:
    """Store ``cached`` as built from ``key``; False (and nothing half-written) if it cannot."""
    folder = entry_dir(cache_dir, root)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names = {}
        for name in TABLES:
            names[name] = f"{key.digest}.{name}.arrow"
            _write_table(getattr(cached.tables, name), folder / names[name])
        meta = {
            "format": FORMAT,
            "digest": key.digest,
            "racy": key.racy,
            "root": str(Path(root).resolve()),
            "tables": names,
            "registry": cached.registry.model_dump_json(by_alias=True),
            "problems": [dataclasses.asdict(p) for p in cached.problems],
            "files_read": cached.files_read,
        }
        _replace(folder / "meta.json", json.dumps(meta).encode("utf-8"))
        for stale in folder.iterdir():
            if stale.name.endswith(".arrow") and not stale.name.startswith(key.digest):
                stale.unlink(missing_ok=True)
        _prune(Path(cache_dir), keep=KEEP)
    except (OSError, ValueError, TypeError, pa.ArrowException):
        return False
    return True


def _problem(item: dict[str, Any]) -> Problem:
    return Problem(**{**item, "severity": Severity(item["severity"])})


def _write_table(frame: pd.DataFrame, path: Path) -> None:
    """An Arrow file, with what Arrow alone would not give back: Python lists, and NaN (not
    None) where a row had no value."""
    kept: dict[str, Any] = {"dtypes": {c: str(t) for c, t in frame.dtypes.items()}, "lists": []}
    nan_missing: dict[str, Any] = {}
    for column in frame.columns:
        values = frame[column]
        if values.dtype != object:
            continue
        if values.map(lambda v: isinstance(v, list)).any():
            kept["lists"].append(column)
            continue
        nan_rows = [i for i, v in enumerate(values) if isinstance(v, float) and v != v]
        if nan_rows:
            all_missing = values.isna().sum()
            nan_missing[column] = "all" if len(nan_rows) == all_missing else nan_rows
    kept["nan"] = nan_missing
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata(
        {**(table.schema.metadata or {}), _META: json.dumps(kept).encode()}
    )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        with pa.OSFile(tmp, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)  # straight to the file: no copy of it held in memory
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_table(path: Path) -> pd.DataFrame:
    with pa.memory_map(str(path)) as source:
        table = pa.ipc.open_file(source).read_all()
    kept = json.loads(table.schema.metadata[_META])
    dtypes: dict[str, str] = kept["dtypes"]
    lists = kept["lists"]
    converted = (table.drop_columns(lists) if lists else table).to_pandas()
    columns: dict[str, Any] = {}
    for column in dtypes:
        if column in lists:
            columns[column] = pd.Series(table.column(column).to_pylist(), dtype=object)
        else:
            columns[column] = converted[column]
    for column, rows in kept["nan"].items():
        values = columns[column].to_numpy(dtype=object, copy=True)
        if rows == "all":
            values[pd.isna(values)] = float("nan")
        else:
            values[rows] = float("nan")
        columns[column] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(columns)
    for column, dtype in dtypes.items():
        if str(frame[column].dtype) != dtype:
            frame[column] = frame[column].astype(dtype)
    return frame


def _replace(path: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune(cache_dir: Path, keep: int) -> None:
    entries = []
    for folder in cache_dir.iterdir():
        meta = folder / "meta.json"
        if folder.is_dir() and meta.exists():
            entries.append((meta.stat().st_mtime_ns, folder))
    for _, folder in sorted(entries, reverse=True)[keep:]:
        for item in folder.iterdir():
            item.unlink(missing_ok=True)
        folder.rmdir()
