"""Loading a data folder: every file read, every problem collected, every good record kept."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .model import Answer, Commitment, Figure, Record, Registry
from .problems import Problem
from .registry import Lookup
from .yamlfile import Loc, YamlDocument, read_yaml

T = TypeVar("T", bound=BaseModel)

REGISTRY_FILE = "registry.yaml"
ANSWERS_DIR = "answers"
RECORDS_DIR = "records"
FORMAT_DOC = "data/README.md"


@dataclass
class Located(Generic[T]):
    """A validated item, with the file and lines it came from."""

    item: T
    path: str
    doc: YamlDocument

    def line(self, *loc: str | int) -> int:
        return self.doc.line_of(loc)


@dataclass
class Dataset:
    root: Path
    lookup: Lookup
    answers: dict[str, Located[Answer]] = field(default_factory=dict)
    records: dict[str, Located[Record]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def load_dataset(root: Path | str) -> Dataset:
    """Read ``root`` (registry, answers, records); run every check; never raise on bad data."""
    from .checks import check_dataset

    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(
            Problem(
                str(root), 1, "-", "data folder not found", "give the folder holding registry.yaml"
            )
        )
        return Dataset(root=root, lookup=Lookup.of(Registry()), problems=problems)
    registry, registry_ok = _load_registry(root, problems)
    dataset = Dataset(root=root, lookup=Lookup.of(registry), problems=problems)
    dataset.files_read = 1 if (root / REGISTRY_FILE).exists() else 0
    seen_ids: dict[str, str] = {}
    for path in _yaml_files(root / ANSWERS_DIR):
        dataset.files_read += 1
        located = _load_item(path, root, problems, lambda data: Answer)
        if located:
            _keep(dataset.answers, located, seen_ids, problems)
    for path in _yaml_files(root / RECORDS_DIR):
        dataset.files_read += 1
        located = _load_item(path, root, problems, _record_model)
        if located:
            _keep(dataset.records, located, seen_ids, problems)
    check_dataset(dataset, check_names=registry_ok)
    return dataset


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})


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
    return f"kind is {kind!r}; expected 'commitment' or 'figure'" if kind else "missing `kind`"


def _load_item(
    path: Path,
    root: Path,
    problems: list[Problem],
    model_for: Any,
) -> Located[Any] | None:
    shown = str(path)
    label = path.stem
    if path.is_symlink() and not _inside(path, root):
        problems.append(
            Problem(
                shown,
                1,
                label,
                "symbolic link points outside the data folder",
                "copy the file into the data folder instead of linking to it",
            )
        )
        return None
    if not path.is_file():
        problems.append(Problem(shown, 1, label, "not a regular file", "remove it"))
        return None
    doc = read_yaml(path)
    for error in doc.errors:
        problems.append(Problem(shown, error.line, label, error.message, error.hint))
    if doc.errors:
        return None
    data = doc.data
    if isinstance(data.get("id"), str) and data["id"]:
        label = data["id"]
    model = model_for(data)
    if isinstance(model, str):
        problems.append(
            Problem(
                shown,
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
            problems.append(_model_problem(shown, label, doc, error, model))
        return None
    located = Located(item=item, path=shown, doc=doc)
    if item.id != path.stem:
        problems.append(
            Problem(
                shown,
                located.line("id"),
                item.id,
                f"id {item.id!r} does not match the file name {path.name!r}",
                f"rename the file to {item.id}.yaml or change the id",
            )
        )
        return None
    return located


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _model_problem(
    shown: str, label: str, doc: YamlDocument, error: dict[str, Any], model: type[BaseModel]
) -> Problem:
    loc: Loc = tuple(error["loc"])
    where = ".".join(str(part) for part in loc) or "file"
    line = doc.line_of(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(allowed)}"
        return Problem(shown, line, label, f"unknown key {where!r}", hint)
    if kind == "missing":
        return Problem(
            shown, line, label, f"missing required field {where!r}", f"add it; see {FORMAT_DOC}"
        )
    if kind in {"enum", "literal_error"}:
        expected = error.get("ctx", {}).get("expected", "")
        return Problem(
            shown,
            line,
            label,
            f"{where}: {error['input']!r} is not allowed",
            f"use one of {expected}",
        )
    message = str(error["msg"]).removeprefix("Value error, ")
    given = error.get("input")
    if kind.endswith("_type") and not isinstance(given, dict | list):
        message = f"{message}, got {type(given).__name__} {given!r}"
    return Problem(shown, line, label, f"{where}: {message}", _type_hint(kind))


def _type_hint(kind: str) -> str:
    if kind == "string_type":
        return "quote the value, e.g. '65708'"
    if kind in {"date_type", "date_from_datetime_inexact", "value_error"}:
        return f"see {FORMAT_DOC} for this field's form; dates are YYYY-MM-DD"
    if kind in {"float_type", "int_type"}:
        return "write a plain number without quotes, commas or units"
    if kind == "list_type":
        return "write a list: [a, b] or one `- item` per line"
    if kind == "string_pattern_mismatch":
        return "ids are lower-case letters, digits and hyphens; addresses start https://"
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


def _load_registry(root: Path, problems: list[Problem]) -> tuple[Registry, bool]:
    path = root / REGISTRY_FILE
    if not path.exists():
        problems.append(
            Problem(str(path), 1, "registry", "registry.yaml is missing", f"see {FORMAT_DOC}")
        )
        return Registry(), False
    doc = read_yaml(path)
    for error in doc.errors:
        problems.append(Problem(str(path), error.line, "registry", error.message, error.hint))
    if doc.errors:
        return Registry(), False
    try:
        return Registry.model_validate(doc.data), True
    except ValidationError as exc:
        for error in exc.errors():
            problems.append(_model_problem(str(path), "registry", doc, error, Registry))
        return Registry(), False
