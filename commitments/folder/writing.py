"""Writing files so that an interrupted write never leaves half a file.

Every file the project writes (records and answers, exports to a path) is written to a temporary
file beside its destination, flushed to disk, and renamed into place: a reader sees the old file or
the new one, never a mixture, and a write that fails or is killed leaves the old file as it was.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

PART_SUFFIX = ".part"
"""Temporary files end so; the loader reads only ``.yaml`` and ``.yml`` files."""


def write_atomic(
    path: Path | str, payload: bytes | Iterable[bytes], *, overwrite: bool = True
) -> None:
    """Write ``payload`` (bytes, or chunks of bytes) to a temporary file, then rename it into place.

    With ``overwrite=False`` an existing file is never replaced (FileExistsError). A file that is
    replaced keeps its permissions; a new file gets the usual ones (0666 less the umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            chunks = [payload] if isinstance(payload, bytes | bytearray) else payload
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if path exists; never replaces it
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _RecordDumper(yaml.CSafeDumper):
    """Safe YAML with every value written out: no anchors or aliases (the loader refuses them,
    and PyYAML would make them for any date or list used twice), text of several lines as a
    block, and text that a YAML reader would fold written in double quotes. libyaml's emitter
    writes the same text as PyYAML's own, much sooner."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_FOLDED = ("\x85", "\u2028", "\u2029")
"""Line breaks PyYAML writes raw inside single quotes, where a reader turns them into spaces."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    """A block (``|``) for text of several lines, as an editor writes an answer; the emitter
    falls back to quotes where a block cannot hold the text exactly."""
    if any(char in text for char in _FOLDED):
        style = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_RecordDumper.add_representer(str, _represent_text)


def yaml_bytes(data: Any) -> bytes:
    """``data`` as a data file holds it: keys in the given order, UTF-8, read back unchanged."""
    text = yaml.dump(data, Dumper=_RecordDumper, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


def write_yaml(path: Path | str, data: Any, *, overwrite: bool = True) -> None:
    """Write one record, answer or registry as YAML, atomically."""
    write_atomic(path, yaml_bytes(data), overwrite=overwrite)
