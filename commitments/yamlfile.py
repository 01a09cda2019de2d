"""Reading one YAML file safely, keeping the line of every key.

PyYAML's C safe loader parses; we compose first so that every value keeps its line, duplicate keys
are caught (PyYAML silently keeps the last), and anchors, aliases and tags are refused before any
object is built. Nothing here can run code or expand an alias bomb.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000
"""A record or answer is a few kilobytes; anything over this is not one."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Loc = tuple[str | int, ...]


@dataclass
class YamlError:
    line: int
    message: str
    hint: str


@dataclass
class YamlDocument:
    """The data of one file, and the 1-based line of every key and item in it."""

    data: Any = None
    lines: dict[Loc, int] = field(default_factory=dict)
    errors: list[YamlError] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of ``loc``, or of its nearest enclosing key when it is missing."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


def read_yaml(path: Path, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read ``path``; problems are returned in ``errors``, never raised."""
    doc = YamlDocument()
    try:
        size = path.stat().st_size
        if size > max_bytes:
            doc.errors.append(
                YamlError(
                    1,
                    f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                    "one file holds one record or answer; split or trim it",
                )
            )
            return doc
        raw = path.read_bytes()
    except OSError as exc:
        doc.errors.append(YamlError(1, f"cannot read file: {exc.strerror}", "check permissions"))
        return doc
    return parse_yaml(raw, doc)


def parse_yaml(raw: bytes, doc: YamlDocument | None = None) -> YamlDocument:
    doc = doc or YamlDocument()
    if b"\x00" in raw:
        doc.errors.append(
            YamlError(1, "file is binary, not YAML text", "replace it with a UTF-8 YAML file")
        )
        return doc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        doc.errors.append(
            YamlError(
                line,
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                "save the file as UTF-8",
            )
        )
        return doc
    if not text.strip():
        doc.errors.append(YamlError(1, "file is empty", "write the record's fields, or delete it"))
        return doc
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.errors.append(YamlError(1, "file holds no document", "write the record's fields"))
            return doc
        _index(node, (), doc, set())
        if doc.errors:
            return doc
        if not isinstance(node, yaml.MappingNode):
            doc.errors.append(
                YamlError(
                    node.start_mark.line + 1,
                    f"file holds a {_kind_of(node)}, not a mapping of fields",
                    "a record file is `key: value` lines, such as `id: my-record`",
                )
            )
            return doc
        doc.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        tab = "\t" in text.splitlines()[line - 1] if line <= len(text.splitlines()) else False
        hint = "indent with spaces, not tabs" if tab else _yaml_hint(exc)
        doc.errors.append(YamlError(line, f"YAML syntax: {_yaml_message(exc)}", hint))
    except yaml.YAMLError as exc:
        doc.errors.append(YamlError(1, f"YAML: {exc}", "check the file's syntax"))
    except ValueError as exc:  # e.g. an impossible date such as 2003-02-30
        doc.errors.append(YamlError(1, f"bad value: {exc}", "dates are YYYY-MM-DD"))
    finally:
        loader.dispose()
    return doc


def _index(node: yaml.Node, loc: Loc, doc: YamlDocument, seen: set[int]) -> None:
    """Record lines, and refuse aliases, unusual tags and duplicate keys."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        line = doc.lines.get(loc, line)
        doc.errors.append(
            YamlError(line, "anchors and aliases (&name, *name) are not allowed", "write it out")
        )
        return
    seen.add(id(node))
    doc.lines.setdefault(loc, line)
    if node.tag not in _PLAIN_TAGS:
        doc.errors.append(
            YamlError(
                line,
                f"tag {node.tag!r} is not allowed",
                "remove the `!!…` tag; records hold plain text, numbers, dates, lists and mappings",
            )
        )
        return
    if isinstance(node, yaml.MappingNode):
        keys: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.tag)
            key_line = key_node.start_mark.line + 1
            if key == "<<":
                doc.errors.append(
                    YamlError(key_line, "merge keys (<<) are not allowed", "write the fields out")
                )
                continue
            if key in keys:
                doc.errors.append(
                    YamlError(
                        key_line,
                        f"duplicate key {key!r} (first on line {keys[key]})",
                        "keep one; YAML would silently use the last",
                    )
                )
                continue
            keys[key] = key_line
            doc.lines[(*loc, key)] = key_line
            _index(value_node, (*loc, key), doc, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), doc, seen)


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    return "single value"


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    return " ".join(part for part in (exc.context, exc.problem) if part)


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "mapping values are not allowed" in problem:
        return "quote a value that contains ': ', or fix the indentation above"
    if "expected <block end>" in problem or "indentation" in problem:
        return "line up the keys of one mapping at the same indentation"
    return "check the quoting and indentation around this line"
