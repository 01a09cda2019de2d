"""Reading one YAML file safely, keeping the line of every key.

PyYAML's C safe loader parses. One pass over the parser's events refuses what a record never holds
and what could make loading slow or crash, before anything is built from it: anchors and aliases
(an alias bomb), tags (``!!python/object``), more than one document, nesting deeper than
``MAX_DEPTH`` (deep nesting crashes the C composer and parses in quadratic time) and more than
``MAX_VALUES`` values. The same pass keeps the line of every value, catches duplicate keys (PyYAML
silently keeps the last) and builds the data as PyYAML's safe constructor would, so a file is
parsed once, not scanned, composed and constructed in turn. Nothing here can run code, and no file
of up to ``MAX_BYTES`` takes more than a fraction of a second or more than a few tens of MB.
"""

from __future__ import annotations

import datetime as dt
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
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_VALUE_TAG = "tag:yaml.org,2002:value"

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
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            doc.errors.append(
                YamlError(1, "not a regular file", "replace it with a YAML file, or remove it")
            )
            return doc
        raw = _read_upto(fd, max_bytes + 1, info.st_size)  # never more, even if it grows
    finally:
        os.close(fd)
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


def _read_upto(fd: int, limit: int, size: int) -> bytes:
    """The bytes of ``fd`` up to its end, at most ``limit`` of them.

    The first read asks for the size the file had (and one byte more, to see a file that grew),
    the next ones for small pieces: asking for ``limit`` at once would allocate that much for
    every file, which costs more than reading a record.
    """
    chunks: list[bytes] = []
    left = limit
    ask = min(size + 1, limit)
    while left > 0:
        chunk = os.read(fd, min(ask, left))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        ask = _READ_PIECE
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


_READ_PIECE = 65_536


def parse_yaml(raw: bytes, doc: YamlDocument | None = None) -> YamlDocument:
    """Parse the bytes of one file; problems are returned in ``errors``, never raised."""
    doc = doc or YamlDocument()
    text = _decode(raw, doc)
    if text is None:
        return doc
    if not text.strip():
        doc.errors.append(YamlError(1, "file is empty", "write the record's fields, or delete it"))
        return doc
    loader = yaml.CSafeLoader(text)
    try:
        _read(loader, text, doc)
    except yaml.YAMLError as exc:  # a value PyYAML cannot construct, such as a bare `=`
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


def _read(loader: yaml.CSafeLoader, text: str, doc: YamlDocument) -> None:
    """One pass over the parser's events: refuse, index and build the data.

    What a record never holds (anchors, aliases, tags, several documents, deep nesting, too many
    values) is refused as the events come, before anything is built from them; these problems,
    if any, are the only ones reported. Otherwise the index's problems (keys that are not text,
    merge keys, duplicate keys, impossible dates, infinite numbers) are reported, or the data is
    kept. Values are built as PyYAML's safe constructor builds them.
    """
    refused: list[YamlError] = []
    anchors: list[tuple[int, str]] = []
    found: list[YamlError] = []
    unbuildable: list[Exception] = []
    lines = doc.lines
    depth = values = documents = 0
    stack: list[_Frame] = []
    root: Any = None
    root_kind: str | None = None
    root_line = 1
    building = True  # until something is refused: then the events are only scanned
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is _ScalarEvent or kind is _MappingStartEvent or kind is _SequenceStartEvent:
                values += 1
                line = event.start_mark.line + 1
                if values > MAX_VALUES:
                    refused.append(
                        YamlError(
                            line,
                            f"file holds more than {MAX_VALUES:,} values",
                            "one file holds one record or answer; split or trim it",
                        )
                    )
                    break
                if event.anchor is not None:
                    anchors.append((line, f"anchor &{event.anchor}"))
                    building = False
                if event.tag is not None:
                    refused.append(_tag_error(line, event.tag))
                    building = False
                if kind is not _ScalarEvent:
                    depth += 1
                    if depth > MAX_DEPTH:
                        refused.append(
                            YamlError(
                                line,
                                f"values nested more than {MAX_DEPTH} levels deep",
                                "a record nests a few levels at most; check the brackets and "
                                "indentation",
                            )
                        )
                        break
                if not building:
                    continue
                if not stack:
                    root_kind, root_line = _KINDS[kind], line
                    lines.setdefault((), line)
                    if kind is _ScalarEvent:
                        root = event.value
                    else:
                        stack.append(_Frame(kind is _MappingStartEvent, (), False))
                    continue
                frame = stack[-1]
                if frame.is_map and frame.key is _NO_KEY:
                    if kind is _ScalarEvent:
                        _key(frame, loader, event, line, lines, found, unbuildable)
                        continue
                    if not frame.muted:
                        found.append(
                            YamlError(
                                line,
                                f"a {_KINDS[kind]} is used as a key",
                                "keys are plain words such as `title:`",
                            )
                        )
                    frame.key, frame.skip = None, True  # its value is left out too
                    stack.append(_Frame(kind is _MappingStartEvent, (), True, is_key=True))
                    continue
                if kind is _ScalarEvent:
                    muted = frame.muted or frame.skip
                    if not frame.is_map and not muted:
                        lines.setdefault(_place((*frame.loc, len(frame.value))), line)
                    value = event.value
                    if event.implicit[0]:  # unquoted: it may be a number, a date, true, null
                        tag = _PLAIN_TAGS.get(value) or _plain_tag(value)
                        if tag != _STR_TAG:
                            value = _value(loader, event, tag, line, muted, found, unbuildable)
                    if not frame.is_map:
                        frame.value.append(value)
                        continue
                    if not frame.skip:
                        frame.value[frame.key] = value
                    frame.key, frame.skip = _NO_KEY, False
                    continue
                if frame.is_map:
                    loc = _place((*frame.loc, frame.key_text))
                    muted = frame.muted or frame.skip
                else:
                    loc = _place((*frame.loc, len(frame.value)))
                    muted = frame.muted
                    if not muted:
                        lines.setdefault(loc, line)
                stack.append(_Frame(kind is _MappingStartEvent, loc, muted))
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                depth -= 1
                if not building:
                    continue
                done = stack.pop()
                if stack and not done.is_key:
                    _deliver(stack[-1], done.value)
                elif not stack:
                    root = done.value
            elif kind is _AliasEvent:
                anchors.append((event.start_mark.line + 1, f"alias *{event.anchor}"))
                building = False
            elif kind is _DocumentStartEvent:
                documents += 1
                if documents > 1:
                    refused.append(
                        YamlError(
                            event.start_mark.line + 1,
                            "file holds more than one YAML document",
                            "one file holds one record; remove the `---` and what follows, "
                            "or move it to its own file",
                        )
                    )
                    break
    except yaml.YAMLError as exc:
        refused.append(_syntax_error(exc, text))
    if anchors:
        line, what = anchors[0]
        more = f" (and {len(anchors) - 1} more in this file)" if len(anchors) > 1 else ""
        refused.insert(
            0,
            YamlError(
                line,
                f"{what}: anchors and aliases are not allowed{more}",
                "write each value out in full",
            ),
        )
    if refused:
        lines.clear()
        doc.errors.extend(sorted(refused, key=lambda error: error.line))
    elif root_kind is None:
        doc.errors.append(
            YamlError(1, "file holds only comments", "write the record's fields, or delete it")
        )
    elif root_kind != "mapping":
        lines.clear()
        doc.errors.append(
            YamlError(
                root_line,
                f"file holds a {root_kind}, not a mapping of fields",
                "a record file is `key: value` lines, such as `id: my-record`",
            )
        )
    elif found:
        doc.errors.extend(found)
    elif unbuildable:
        raise unbuildable[0]  # as PyYAML's constructor raises it
    else:
        doc.data = root


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_AliasEvent = yaml.AliasEvent
_DocumentStartEvent = yaml.DocumentStartEvent
_KINDS = {_ScalarEvent: "single value", _MappingStartEvent: "mapping", _SequenceStartEvent: "list"}
_NO_KEY = object()
"""A mapping awaits a key (rather than the value of the key it has)."""

# Places shared between files: every record file has a ``("status_history", 0, "date")``, and one
# tuple for all of them rather than one each is most of the memory of a large folder's line maps.
# Bounded, so that files full of made-up keys cannot grow it without end.
_PLACES: dict[Loc, Loc] = {}
_MAX_PLACES = 50_000


def _place(loc: Loc) -> Loc:
    shared = _PLACES.get(loc)
    if shared is not None:
        return shared
    if len(_PLACES) < _MAX_PLACES:
        _PLACES[loc] = loc
    return loc


class _Frame:
    """A mapping or list being built, where it is in the file, and the keys it has seen."""

    __slots__ = ("is_key", "is_map", "key", "key_text", "keys", "loc", "muted", "skip", "value")

    def __init__(self, is_map: bool, loc: Loc, muted: bool, is_key: bool = False) -> None:
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.loc = loc
        self.muted = muted
        """Inside a value that is left out: its lines and problems are not recorded."""
        self.is_key = is_key
        self.keys: dict[str, int] = {}
        self.key: Any = _NO_KEY
        self.key_text = ""
        self.skip = False
        """The value awaited belongs to a refused key."""


def _key(
    frame: _Frame,
    loader: yaml.CSafeLoader,
    event: yaml.ScalarEvent,
    line: int,
    lines: dict[Loc, int],
    found: list[YamlError],
    unbuildable: list[Exception],
) -> None:
    text = event.value
    tag = (_PLAIN_TAGS.get(text) or _plain_tag(text)) if event.implicit[0] else _STR_TAG
    if not frame.muted:
        if text == "<<" and tag == _MERGE_TAG:
            found.append(YamlError(line, "merge keys (<<) are not allowed", "write the fields out"))
            frame.key, frame.skip = None, True
            return
        if text in frame.keys:
            found.append(
                YamlError(
                    line,
                    f"duplicate key {text!r} (first on line {frame.keys[text]})",
                    "keep one; YAML would silently use the last",
                )
            )
            frame.key, frame.skip = None, True
            return
        frame.keys[text] = line
        lines[_place((*frame.loc, text))] = line
    frame.key_text = text
    if tag == _STR_TAG or tag == _VALUE_TAG:  # PyYAML reads a `=` key as text
        frame.key = text
        return
    try:
        frame.key = _construct(loader, event, tag)
    except Exception as exc:  # raised as PyYAML's constructor would raise it, if nothing else is
        unbuildable.append(exc)
        frame.key = None


def _value(
    loader: yaml.CSafeLoader,
    event: yaml.ScalarEvent,
    tag: str,
    line: int,
    muted: bool,
    found: list[YamlError],
    unbuildable: list[Exception],
) -> Any:
    """A scalar other than text, built by PyYAML's constructor; impossible values refused."""
    try:
        value = _construct(loader, event, tag)
    except ValueError as exc:
        if tag != _TIMESTAMP_TAG:
            unbuildable.append(exc)  # raised as PyYAML's constructor raises it
            return None
        if not muted:
            found.append(
                YamlError(
                    line,
                    f"{event.value} is not a real date ({exc})",
                    "dates are YYYY-MM-DD; check the day and month",
                )
            )
        return None
    except yaml.YAMLError as exc:
        unbuildable.append(exc)
        return None
    if tag == _FLOAT_TAG and not muted and not math.isfinite(value):
        found.append(
            YamlError(
                line,
                f"{event.value} is not a finite number",
                "write the number the answer gives, in digits",
            )
        )
    return value


def _construct(loader: yaml.CSafeLoader, event: yaml.ScalarEvent, tag: str) -> Any:
    if tag == _NULL_TAG:
        return None
    value = event.value
    # The common forms, built as PyYAML's constructor builds them, without its node and regex.
    if tag == _TIMESTAMP_TAG and len(value) == 10 and value[4] == value[7] == "-":
        # The resolver's only ten-character timestamp is [0-9]{4}-[0-9]{2}-[0-9]{2}; an
        # impossible date raises the same ValueError from the same call.
        return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
    if tag == _INT_TAG and value.isascii() and value.isdigit() and value[0] != "0":
        return int(value)  # no sign, underscore, base prefix, leading zero (octal) or colon
    if tag == _BOOL_TAG:
        return _BOOLS[value.lower()]
    node = yaml.ScalarNode(tag, value, event.start_mark)
    build = _SCALARS.get(tag)
    if build is None:
        return loader.construct_object(node)  # no constructor: raises as PyYAML does
    return build(loader, node)


_BOOLS = yaml.CSafeLoader.bool_values
_SCALARS = {
    tag: yaml.CSafeLoader.yaml_constructors[tag]
    for tag in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG, _TIMESTAMP_TAG)
}


def _deliver(frame: _Frame, value: Any) -> None:
    if not frame.is_map:
        frame.value.append(value)
        return
    if not frame.skip:
        frame.value[frame.key] = value
    frame.key, frame.skip = _NO_KEY, False


_RESOLVERS = yaml.CSafeLoader.yaml_implicit_resolvers
_PLAIN_TAGS: dict[str, str] = {}


def _plain_tag(value: str) -> str:
    """The tag PyYAML's resolver gives an unquoted value; short ones (keys) are remembered."""
    tag = _PLAIN_TAGS.get(value)
    if tag is not None:
        return tag
    tag = _STR_TAG
    for candidate, pattern in _RESOLVERS.get(value[:1], []) + _RESOLVERS.get(None, []):
        if pattern.match(value):
            tag = candidate
            break
    if len(value) <= 40 and len(_PLAIN_TAGS) < 10_000:
        _PLAIN_TAGS[value] = tag
    return tag


def _tag_error(line: int, tag: str) -> YamlError:
    written = tag.replace("tag:yaml.org,2002:", "!!")
    return YamlError(
        line,
        f"tag {written!r} is not allowed",
        "remove the tag; records hold plain text, numbers, dates, lists and mappings",
    )


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
