"""The README's layout section is held against the tree, so it cannot drift.

Each line of the layout block names a path (relative to the folder line above it, two spaces a
level) and says what it holds; a folder line of a package names every module in it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PACKAGES = ("commitments", "loaders", "app", "benchmarks")
"""Every folder of these holding Python modules must have its line."""


def _layout_block() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1]
    block = section.split("```", 2)[1]
    return [line for line in block.splitlines()[1:] if line.strip()]


CONTINUED = 20
"""A line indented this far or more goes on with the description of the line above."""


def _entries() -> list[tuple[Path, str]]:
    """``(path, text)`` for every entry of the layout block, paths resolved from the tree."""
    lines: list[str] = []
    for line in _layout_block():
        if len(line) - len(line.lstrip(" ")) >= CONTINUED and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    parents: list[Path] = [ROOT]
    entries = []
    for line in lines:
        depth = (len(line) - len(line.lstrip(" "))) // 2
        tokens = line.split()
        names = [tokens[0]]
        while names[-1].endswith(",") and len(names) < len(tokens):
            names.append(tokens[len(names)])  # "a.py, b.py  what they do"
        name = names[-1]
        parents = parents[: depth + 1]
        for part in names:
            entries.append((parents[-1] / part.rstrip(","), line))
        if name.endswith("/"):
            parents.append(parents[-1] / name.rstrip("/"))
    return entries


def test_the_layout_block_is_found_and_not_empty():
    assert len(_layout_block()) > 15


def test_every_path_in_the_layout_exists():
    missing = [
        f"{path.relative_to(ROOT)} ({line.strip()})"
        for path, line in _entries()
        if not path.exists()
    ]
    assert missing == []


def test_every_package_folder_has_its_line_naming_its_modules():
    listed = {path.resolve(): line for path, line in _entries()}
    folders = sorted(
        {
            path.parent
            for package in PACKAGES
            for path in (ROOT / package).rglob("*.py")
            if "__pycache__" not in path.parts
        }
    )
    assert len(folders) >= 10
    unlisted, unnamed = [], []
    for folder in folders:
        line = listed.get(folder.resolve())
        if line is None:
            unlisted.append(str(folder.relative_to(ROOT)))
            continue
        words = set(re.findall(r"\w+", line))
        for module in folder.glob("*.py"):
            # named in its folder's line, or a line of its own
            if module.stem not in words | {"__init__"} and module.resolve() not in listed:
                unnamed.append(str(module.relative_to(ROOT)))
    assert unlisted == []
    assert unnamed == []
