"""Reading a data folder: every file read, every problem collected, every good record kept."""

from __future__ import annotations

import difflib
import os
import stat
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from commitments.folder.checks import check_registry
from commitments.folder.dataset import (
    ID_PATTERN,
    Dataset,
    Located,
    capped,
    printable,
    short_repr,
)
from commitments.folder.layout import (
    ANSWERS_DIR,
    FORMAT_DOC,
    RECORDS_DIR,
    REGISTRY_FILE,
    YAML_SUFFIXES,
)
from commitments.folder.problems import Problem
from commitments.folder.yamlfile import Loc, YamlDocument, read_yaml
from commitments.record.model import Answer, Commitment, Figure, Record, Registry
from commitments.record.registry import Lookup


def read_folder(root: Path | str) -> tuple[Dataset, bool]:
    """Read ``root`` (registry, answers, records) without the checks across records; never raise
    on bad data. Also whether the registry is valid (names are checked against it only then)."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(
            Problem(
                str(root), 1, "-", "data folder not found", "give the folder holding registry.yaml"
            )
        )
        return Dataset(root=root, lookup=Lookup.of(Registry()), problems=problems), False
    registry, found, registry_ok = read_registry(root)
    problems.extend(found)
    dataset = Dataset(root=root, lookup=Lookup.of(registry), problems=problems)
    dataset.files_read = 1 if (root / REGISTRY_FILE).exists() else 0
    seen_ids: dict[str, str] = {}
    for folder, model_for, store in (
        (ANSWERS_DIR, _answer_model, dataset.answers),
        (RECORDS_DIR, _record_model, dataset.records),
    ):
        for path, entry in _yaml_files(root / folder, root, problems):
            dataset.files_read += 1
            found: list[Problem] = []
            located = _load_item(path, entry, root, found, model_for)
            problems.extend(capped(found))
            if located:
                _keep(store, located, seen_ids, problems)
    return dataset, registry_ok


class Entry(StrEnum):
    """What an entry of the data folder is, as far as can be told without following links."""

    FILE = "file"
    """A regular file, with no link on the way to it from the data folder: safe to read."""
    OTHER = "other"
    """Not a regular file (a folder, a socket…), with no link on the way: never read."""
    LINKED = "linked"
    """A link, or behind one, or not to be told: resolved before it is read, and read only
    when it is a regular file inside the data folder."""


def _yaml_files(folder: Path, root: Path, problems: list[Problem]) -> list[tuple[Path, Entry]]:
    """The YAML files of ``folder`` by name, each with what it is (see ``Entry``).

    The folder's listing gives each entry's type, so a file needs no call of its own."""
    if not folder.is_dir():
        return []
    unlinked = _entry_of(folder, root, folder=True) is not Entry.LINKED
    files = []
    for entry in sorted(os.scandir(folder), key=_name):
        path = folder / entry.name
        if path.suffix in YAML_SUFFIXES:
            files.append((path, _listed_entry(entry) if unlinked else Entry.LINKED))
        elif not path.name.startswith(".") and path.suffix.lower() in YAML_SUFFIXES:
            problems.append(
                Problem(
                    printable(str(path)),
                    1,
                    printable(path.stem),
                    f"file ignored: its name ends {printable(path.suffix)!r}",
                    f"rename it to {printable(path.stem)}.yaml (lower case) so it is read",
                )
            )
    return files


def _keep(
    store: dict[str, Located[Any]],
    located: Located[Any],
    seen_ids: dict[str, str],
    problems: list[Problem],
) -> None:
    item_id = located.item.id
    if item_id in seen_ids:
        problems.append(
            Problem(
                located.path,
                located.line("id"),
                item_id,
                f"id already used by {seen_ids[item_id]}",
                "ids are unique across answers and records; rename one file and its id",
            )
        )
        return
    seen_ids[item_id] = located.path
    store[item_id] = located


def _record_model(data: dict[str, Any]) -> type[Record] | str:
    kind = data.get("kind")
    if kind == "figure":
        return Figure
    if kind == "commitment":
        return Commitment
    if kind is None:
        return "missing `kind`"
    return f"kind is {short_repr(kind)}; expected 'commitment' or 'figure'"


def _answer_model(data: dict[str, Any]) -> type[Answer]:
    return Answer


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _listed_entry(entry: os.DirEntry) -> Entry:
    """What a listed entry is, from the listing itself."""
    try:
        if entry.is_symlink():
            return Entry.LINKED
        return Entry.FILE if entry.is_file(follow_symlinks=False) else Entry.OTHER
    except OSError:
        return Entry.LINKED


def _unreadable(path: Path, root: Path, entry: Entry) -> tuple[str, str] | None:
    """Why ``path`` must not be read (message, hint), or None."""
    if entry is Entry.FILE:
        return None
    if entry is Entry.OTHER:
        return "not a regular file", "replace it with a YAML file, or remove it"
    if not _inside(path, root):
        return (
            "symbolic link points outside the data folder",
            "copy the file into the data folder instead of linking to it",
        )
    if not path.is_file():
        return "not a regular file", "replace it with a YAML file, or remove it"
    return None


def _load_item(
    path: Path,
    entry: Entry,
    root: Path,
    problems: list[Problem],
    model_for: Any,
) -> Located[Any] | None:
    where = printable(str(path))
    stem = path.stem
    label = printable(stem, 120)
    refused = _unreadable(path, root, entry)
    if refused:
        problems.append(Problem(where, 1, label, *refused))
        return None
    doc = read_yaml(path)
    for error in [*doc.format_errors, *doc.errors]:
        problems.append(Problem(where, error.line, label, error.message, error.hint))
    if doc.errors:
        return None
    data = doc.data
    if isinstance(data.get("id"), str) and ID_PATTERN.fullmatch(data["id"]):
        label = data["id"]
    model = model_for(data)
    if isinstance(model, str):
        problems.append(
            Problem(
                where,
                doc.line_of(("kind",)),
                label,
                model,
                "add `kind: commitment` or `kind: figure`",
            )
        )
        return None
    try:
        item = model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_model_problem(where, label, doc, error, model))
        return None
    doc.data = None  # the model holds it now; only the lines are still needed
    located = Located(item=item, path=where, doc=doc)
    if item.id != stem:
        problems.append(
            Problem(
                where,
                located.line("id"),
                item.id,
                f"id {item.id!r} does not match the file name {printable(path.name, 120)!r}",
                f"rename the file to {item.id}.yaml or change the id",
            )
        )
        return None
    return located


def _entry_of(path: Path, root: Path, folder: bool = False) -> Entry:
    """What ``path`` is (with ``folder``: FILE means a folder); with no link on the way from
    ``root`` it is inside the data folder, with no need to resolve it."""
    top = str(root)
    try:
        info = os.lstat(path)
        folder_of = os.path.dirname(path)
        while folder_of != top:
            if folder_of == os.path.dirname(folder_of) or stat.S_ISLNK(os.lstat(folder_of).st_mode):
                return Entry.LINKED
            folder_of = os.path.dirname(folder_of)
    except OSError:
        return Entry.LINKED
    if stat.S_ISLNK(info.st_mode):
        return Entry.LINKED
    plain = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
    return Entry.FILE if plain else Entry.OTHER


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _model_problem(
    path: str, label: str, doc: YamlDocument, error: dict[str, Any], model: type[BaseModel]
) -> Problem:
    loc: Loc = tuple(error["loc"])
    where = printable(".".join(str(part) for part in loc) or "file", 80)
    line = doc.line_of(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1])[:80], allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(allowed)}"
        return Problem(path, line, label, f"unknown key {where!r}", hint)
    if kind == "missing":
        return Problem(
            path, line, label, f"missing required field {where!r}", f"add it; see {FORMAT_DOC}"
        )
    if kind in {"enum", "literal_error"}:
        expected = error.get("ctx", {}).get("expected", "")
        return Problem(
            path,
            line,
            label,
            f"{where}: {short_repr(error['input'])} is not allowed",
            f"use one of {expected}",
        )
    given = error.get("input")
    if kind == "string_pattern_mismatch":
        if str(error.get("ctx", {}).get("pattern", "")).startswith("^https?"):
            return Problem(
                path,
                line,
                label,
                f"{where}: {short_repr(given)} is not a web address",
                "page addresses start https:// or http://",
            )
        return Problem(
            path,
            line,
            label,
            f"{where}: {short_repr(given)} is not an id",
            "ids are lower-case letters, digits and hyphens, such as reflex-arrests-2002",
        )
    if kind == "too_short":
        return Problem(
            path,
            line,
            label,
            f"{where}: needs at least {error.get('ctx', {}).get('min_length', 1)} item",
            f"a record's history starts with the event of its source answer; see {FORMAT_DOC}",
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    if not loc:
        return Problem(path, line, label, message, f"see {FORMAT_DOC}")
    if kind.endswith("_type") and not isinstance(given, dict | list):
        message = f"{message}, got {type(given).__name__} {short_repr(given)}"
    return Problem(path, line, label, f"{where}: {message}", _type_hint(kind))


def _type_hint(kind: str) -> str:
    if kind == "string_type":
        return "quote the value, e.g. '65708'"
    if kind in {"date_type", "date_from_datetime_inexact"}:
        return "dates are YYYY-MM-DD, unquoted"
    if kind == "value_error":
        return f"see {FORMAT_DOC} for this field's form"
    if kind in {"float_type", "int_type"}:
        return "write a plain number without quotes, commas or units"
    if kind == "list_type":
        return "write a list: [a, b] or one `- item` per line"
    return f"see {FORMAT_DOC}"


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at ``loc`` inside ``model``, for a hint."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field_info is None:
            return []
        current = _inner_model(field_info.annotation)
        if current is None:
            return []
    return sorted((info.alias or name) for name, info in current.model_fields.items())


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found:
            return found
    return None


def read_registry(root: Path | str) -> tuple[Registry, list[Problem], bool]:
    """The registry of ``root``, validated; the problems found; and whether it is valid (an
    empty registry when it is not)."""
    root = Path(root)
    path = root / REGISTRY_FILE
    where = printable(str(path))
    if not path.exists() and not path.is_symlink():
        return (
            Registry(),
            [Problem(where, 1, "registry", f"{REGISTRY_FILE} is missing", f"see {FORMAT_DOC}")],
            False,
        )
    refused = _unreadable(path, root, _entry_of(path, root))
    if refused:
        return Registry(), [Problem(where, 1, "registry", *refused)], False
    doc = read_yaml(path)
    found = [
        Problem(where, error.line, "registry", error.message, error.hint)
        for error in [*doc.format_errors, *doc.errors]
    ]
    registry, ok = Registry(), False
    if not doc.errors:
        try:
            registry, ok = Registry.model_validate(doc.data), True
            found.extend(check_registry(registry, doc, where))
        except ValidationError as exc:
            found.extend(
                _model_problem(where, "registry", doc, error, Registry) for error in exc.errors()
            )
    return registry, capped(found), ok
