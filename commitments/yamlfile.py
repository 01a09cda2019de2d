"""Reading one YAML file safely, keeping the line of every key.

PyYAML's C safe loader parses. Before any node is built, one pass over the parser's events refuses
what a record never holds and what could make loading slow or crash: anchors and aliases (an alias
bomb), tags (``!!python/object``), more than one document, nesting deeper than ``MAX_DEPTH`` (deep
nesting crashes the C composer and parses in quadratic time) and more than ``MAX_VALUES`` values.
Only then is the file composed, so that every value keeps its line and duplicate keys are caught
(PyYAML silently keeps the last). Nothing here can run code, and no file of up to ``MAX_BYTES``
takes more than a fraction of a second or more than a few tens of MB.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000
"""A record or answer is a few kilobytes; anything over this is not one."""
MAX_VALUES = 20_000
"""A record holds a few dozen values and the registry a few thousand."""
MAX_DEPTH = 20
"""A record nests four levels deep (history → event → document → title)."""

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

Loc = tuple[str | int, ...]


@dataclass
class YamlError:
    line: int
    message: str
    hint: str


@dataclass
class YamlDocument:
    """The data of one file, and the 1-based line of every key and item in it.

    ``errors`` stop the file loading (``data`` is None). ``format_errors`` are faults of form only
    (a byte-order mark): the data was read as meant, but the file should still be fixed.
    """

    data: Any = None
    lines: dict[Loc, int] = field(default_factory=dict)
    errors: list[YamlError] = field(default_factory=list)
    format_errors: list[YamlError] = field(default_factory=list)

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
        # O_NONBLOCK: a named pipe put in place of a file must not hang the loader.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        doc.errors.append(YamlError(1, f"cannot read file: {exc.strerror}", "check permissions"))
        return doc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            doc.errors.append(
                YamlError(1, "not a regular file", "replace it with a YAML file, or remove it")
            )
            return doc
        raw = handle.read(max_bytes + 1)  # never more, even if the file grows meanwhile
    if len(raw) > max_bytes:
        size = max(info.st_size, len(raw))
        doc.errors.append(
            YamlError(
                1,
                f"file is {size:,} bytes, over the limit of {max_bytes:,}",
                "one file holds one record or answer; split or trim it",
            )
        )
        return doc
    return parse_yaml(raw, doc)


def parse_yaml(raw: bytes, doc: YamlDocument | None = None) -> YamlDocument:
    """Parse the bytes of one file; problems are returned in ``errors``, never raised."""
    doc = doc or YamlDocument()
    text = _decode(raw, doc)
    if text is None:
        return doc
    if not text.strip():
        doc.errors.append(YamlError(1, "file is empty", "write the record's fields, or delete it"))
        return doc
    doc.errors.extend(_scan(text))
    if doc.errors:
        return doc
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            doc.errors.append(
                YamlError(1, "file holds only comments", "write the record's fields, or delete it")
            )
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
        _index(node, (), doc, loader)
        if not doc.errors:
            doc.data = loader.construct_document(node)
    except yaml.YAMLError as exc:  # the scan saw the same text parse; kept as a safety net
        doc.errors.append(_syntax_error(exc, text))
    finally:
        loader.dispose()
    return doc


def _decode(raw: bytes, doc: YamlDocument) -> str | None:
    if raw.startswith(_UTF16_BOMS):
        doc.errors.append(
            YamlError(1, "file is UTF-16, not UTF-8", "save the file as UTF-8 (without BOM)")
        )
        return None
    if b"\x00" in raw:
        doc.errors.append(
            YamlError(
                1,
                "file is binary, not YAML text (it holds a zero byte)",
                "replace it with a UTF-8 YAML file",
            )
        )
        return None
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
        doc.format_errors.append(
            YamlError(
                1,
                "file starts with a byte-order mark",
                "save the file as UTF-8 without BOM; it was read correctly",
            )
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        doc.errors.append(
            YamlError(
                line,
                f"not UTF-8: byte 0x{raw[exc.start]:02x} at column {column} cannot be decoded",
                "save the file as UTF-8 (it may be Latin-1 or Windows-1252: £ and curly quotes)",
            )
        )
        return None


def _scan(text: str) -> list[YamlError]:
    """Refuse what a record never holds, from the parser's events, before any node is built."""
    errors: list[YamlError] = []
    anchors: list[tuple[int, str]] = []
    depth = values = documents = 0
    loader = yaml.CSafeLoader(text)
    try:
        while (event := loader.get_event()) is not None:
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    errors.append(
                        YamlError(
                            line,
                            "file holds more than one YAML document",
                            "one file holds one record; remove the `---` and what follows, "
                            "or move it to its own file",
                        )
                    )
                    break
            elif isinstance(event, yaml.AliasEvent):
                anchors.append((line, f"alias *{event.anchor}"))
            elif isinstance(event, yaml.NodeEvent):
                values += 1
                if values > MAX_VALUES:
                    errors.append(
                        YamlError(
                            line,
                            f"file holds more than {MAX_VALUES:,} values",
                            "one file holds one record or answer; split or trim it",
                        )
                    )
                    break
                if event.anchor is not None:
                    anchors.append((line, f"anchor &{event.anchor}"))
                if event.tag is not None:
                    errors.append(_tag_error(line, event.tag))
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        errors.append(
                            YamlError(
                                line,
                                f"values nested more than {MAX_DEPTH} levels deep",
                                "a record nests a few levels at most; check the brackets and "
                                "indentation",
                            )
                        )
                        break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        errors.append(_syntax_error(exc, text))
    finally:
        loader.dispose()
    if anchors:
        line, what = anchors[0]
        more = f" (and {len(anchors) - 1} more in this file)" if len(anchors) > 1 else ""
        errors.insert(
            0,
            YamlError(
                line,
                f"{what}: anchors and aliases are not allowed{more}",
                "write each value out in full",
            ),
        )
    return sorted(errors, key=lambda error: error.line)


def _tag_error(line: int, tag: str) -> YamlError:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return YamlError(
        line,
        f"tag {shown!r} is not allowed",
        "remove the tag; records hold plain text, numbers, dates, lists and mappings",
    )


def _index(node: yaml.Node, loc: Loc, doc: YamlDocument, loader: yaml.CSafeLoader) -> None:
    """Record lines; refuse duplicate and non-text keys, impossible dates and infinite numbers."""
    line = node.start_mark.line + 1
    doc.lines.setdefault(loc, line)
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                doc.errors.append(
                    YamlError(
                        key_line,
                        f"a {_kind_of(key_node)} is used as a key",
                        "keys are plain words such as `title:`",
                    )
                )
                continue
            key = key_node.value
            if key == "<<" and key_node.tag == "tag:yaml.org,2002:merge":
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
            _index(value_node, (*loc, key), doc, loader)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*loc, i), doc, loader)
    elif node.tag == _TIMESTAMP_TAG:
        try:
            loader.construct_yaml_timestamp(node)
        except ValueError as exc:
            doc.errors.append(
                YamlError(
                    line,
                    f"{node.value} is not a real date ({exc})",
                    "dates are YYYY-MM-DD; check the day and month",
                )
            )
    elif node.tag == _FLOAT_TAG:
        value = loader.construct_yaml_float(node)
        if not math.isfinite(value):
            doc.errors.append(
                YamlError(
                    line,
                    f"{node.value} is not a finite number",
                    "write the number the answer gives, in digits",
                )
            )


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "list"
    if isinstance(node, yaml.MappingNode):
        return "mapping"
    return "single value"


def _syntax_error(exc: yaml.YAMLError, text: str) -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return YamlError(
            line,
            f"character {char} is not allowed in YAML text",
            "remove the control character; write it as an escape inside double quotes if needed",
        )
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlError(1, f"YAML: {exc}", "check the file's syntax")
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    context = exc.context or ""
    if exc.context_mark is not None and any(
        where in context for where in ("flow", "quoted scalar", "simple key")
    ):
        mark = exc.context_mark  # an unclosed bracket or quote, a key without `:`: where it began
    line = min(mark.line + 1 if mark else 1, text.count("\n") + 1)
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    message = " ".join(part for part in (exc.context, exc.problem) if part)
    if "\t" in current[: len(current) - len(current.lstrip())] or "'\\t'" in problem:
        return YamlError(line, "YAML syntax: a tab is used for indentation", "indent with spaces")
    return YamlError(line, f"YAML syntax: {message}", _syntax_hint(exc))


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    if "mapping values are not allowed" in problem:
        return "quote a value that contains ': ', or fix the indentation above"
    if "quoted scalar" in context:
        return "close the quote opened on this line"
    if "flow sequence" in context or "flow mapping" in context:
        return "close the bracket opened on this line"
    if "expected '-' indicator" in problem:
        return "line up the `-` of each list item, and the keys inside an item"
    if "expected key" in problem or "expected <block end>" in problem:
        return "line up the keys of one mapping at the same indentation"
    if "could not find expected ':'" in problem:
        return (
            "each line of a mapping is `key: value`; add the `:`, or indent the line if it "
            "continues the value above"
        )
    return "check the quoting and indentation around this line"
