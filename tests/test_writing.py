"""Atomic writes: a write that fails or is killed midway leaves the old file whole."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from commitments.folder.load import load_dataset
from commitments.folder.writing import write_atomic, write_yaml, yaml_bytes
from commitments.folder.yamlfile import read_yaml
from tests.baseline import FIGURE, write_dataset

ROOT = Path(__file__).resolve().parent.parent
FIGURE_FILE = f"records/{FIGURE['id']}.yaml"
CHUNK = 4 << 20  # 4 MiB

KILLED_WRITER = """
import sys
from commitments.folder.writing import write_atomic

def chunks():
    yield sys.stdin.buffer.read(int(sys.argv[2]))  # the first half of the new record
    print("half written", flush=True)
    sys.stdin.read()  # wait here until killed
    yield b"the rest"

write_atomic(sys.argv[1], chunks())
"""


def _figure_dataset(tmp_path: Path) -> tuple[Path, bytes]:
    data = write_dataset(tmp_path / "data")
    return data, (data / FIGURE_FILE).read_bytes()


def test_a_write_killed_midway_leaves_the_old_record(tmp_path):
    data, old = _figure_dataset(tmp_path)
    target = data / FIGURE_FILE
    new = yaml_bytes({**FIGURE, "title": "Reflex: 67 arrests " + "x" * (2 * CHUNK)})
    half = len(new) // 2
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target), str(half)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        child.stdin.write(new[:half])
        child.stdin.flush()
        assert child.stdout.readline() == b"half written\n"
        parts = list(target.parent.glob(f".{target.name}.*.part"))
        assert len(parts) == 1 and parts[0].stat().st_size == half, "the write is under way"
        assert target.read_bytes() == old
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        child.stdin.close()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    assert target.read_bytes() == old, "the old record is whole"
    dataset = load_dataset(data)
    assert dataset.problems == [], "the half-written temporary file is never read as a record"
    assert dataset.records[FIGURE["id"]].item.title == FIGURE["title"]

    write_atomic(target, new)  # the next write goes through
    assert target.read_bytes() == new


def test_a_payload_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path):
    data, old = _figure_dataset(tmp_path)
    target = data / FIGURE_FILE

    def chunks():
        yield b"id: half-a-record\n" * 1000
        raise RuntimeError("the source went away")

    with pytest.raises(RuntimeError, match="went away"):
        write_atomic(target, chunks())
    assert target.read_bytes() == old
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(
        f"{r}.yaml" for r in ("reflex-arrests-since-april-2001", "ilo-nine-balkans",
                              "danish-presidency-eu-project")
    )  # fmt: skip


def test_interrupting_a_write_leaves_the_old_file(tmp_path, monkeypatch):
    """KeyboardInterrupt (Ctrl-C) while the bytes go to disk."""
    target = tmp_path / "export.csv"
    target.write_bytes(b"old,export\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new,export\n" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old,export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


def test_no_overwrite_keeps_an_existing_file(tmp_path):
    target = tmp_path / "records" / "new-record.yaml"
    write_atomic(target, b"id: new-record\n", overwrite=False)
    with pytest.raises(FileExistsError):
        write_atomic(target, b"id: other\n", overwrite=False)
    assert target.read_bytes() == b"id: new-record\n"
    assert [p.name for p in target.parent.iterdir()] == ["new-record.yaml"]


def test_permissions_are_kept_or_usual(tmp_path):
    kept = tmp_path / "kept.yaml"
    kept.write_bytes(b"old\n")
    kept.chmod(0o640)
    write_atomic(kept, b"new\n")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640

    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.yaml"
        write_atomic(fresh, b"new\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o644, "readable by others, as any new file"


@pytest.mark.parametrize(
    "text",
    ["plain", "line\x85break", "line\u2028separator", "para\u2029graph", "tab\tand\r\nreturn"],
)
def test_written_yaml_reads_back_unchanged(tmp_path, text):
    """PyYAML writes NEL raw inside single quotes, where any reader folds it into a space."""
    record = {**FIGURE, "title": text, "tags": [text]}
    data = write_dataset(tmp_path / "data")
    write_yaml(data / FIGURE_FILE, record)
    assert FIGURE["id"] in load_dataset(data).records
    assert read_yaml(data / FIGURE_FILE).data == record


def test_shared_values_are_written_out_in_full(tmp_path):
    """PyYAML would write a date or list used twice as an anchor and alias, which the loader
    refuses."""
    day, names = FIGURE["history"][0]["date"], ["Reflex"]
    record = {**FIGURE, "programmes": names, "tags": names}
    record["period"] = {**FIGURE["period"], "end": day}
    payload = yaml_bytes(record)
    assert b"&" not in payload and b"*" not in payload
    data = write_dataset(tmp_path / "data")
    write_yaml(data / FIGURE_FILE, record)
    dataset = load_dataset(data)
    assert dataset.problems == []
    assert FIGURE["id"] in dataset.records
    assert read_yaml(data / FIGURE_FILE).data == record
