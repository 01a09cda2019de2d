"""The import layers, held: which room may import which, no circles, and what each room may use.

Every arrow between the project's rooms is listed in ``ALLOWED``; an import that runs another way,
or any circle between modules (imports inside functions included, since they only hide one), fails.
The tables must name real rooms with modules in them, so a glob that finds nothing cannot pass.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RECORD = "commitments.record"
FOLDER = "commitments.folder"
TABLES = "commitments.tables"
SERVING = "commitments.serving"
PRESENTING = "commitments.presenting"
EXPORTING = "commitments.exporting"
COMMAND_LINE = "commitments"  # commitments/__init__.py, __main__.py, cli.py
LOADERS = "loaders"
PAGE = "app"
DASHBOARD = "dashboard"
BENCHMARKS = "benchmarks"

DOMAIN = {RECORD, FOLDER, TABLES, SERVING, PRESENTING, EXPORTING}

ALLOWED: dict[str, set[str]] = {
    # the data flows down this list: each room imports only rooms above it
    RECORD: set(),
    FOLDER: {RECORD},
    TABLES: {RECORD, FOLDER},
    SERVING: {RECORD, FOLDER, TABLES},
    EXPORTING: {RECORD},
    PRESENTING: {RECORD, FOLDER, TABLES, EXPORTING},
    COMMAND_LINE: DOMAIN,
    LOADERS: {RECORD, FOLDER},
    PAGE: DOMAIN | {LOADERS},
    DASHBOARD: {PAGE},
    # tooling that measures everything, the page included
    BENCHMARKS: DOMAIN | {COMMAND_LINE, LOADERS, PAGE},
}

FORBIDDEN: dict[str, set[str]] = {
    # what a room must never import from outside the project
    RECORD: {"pandas", "numpy", "pyarrow", "plotly", "docx", "openpyxl", "xlsxwriter", "kaleido",
             "streamlit", "os", "pathlib", "shutil", "tempfile", "glob", "io"},
    FOLDER: {"pandas", "plotly", "docx", "kaleido", "streamlit"},
    TABLES: {"plotly", "docx", "kaleido", "streamlit"},
    SERVING: {"plotly", "docx", "kaleido", "streamlit"},
    EXPORTING: {"docx", "streamlit"},
    PRESENTING: {"streamlit"},
    COMMAND_LINE: {"streamlit"},
    LOADERS: {"streamlit", "plotly", "kaleido", "docx"},
}  # fmt: skip
"""Only the page layer (``app``, ``dashboard.py``) imports Streamlit; the benchmarks drive it."""


def _modules() -> dict[str, Path]:
    """Every module of the project by dotted name (tests and the virtual environment aside)."""
    found: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if parts[0] in {".venv", "tests", ".git"} or any(p.startswith(".") for p in parts):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def room_of(module: str) -> str | None:
    """The most specific room of ``ALLOWED`` holding ``module``."""
    best = None
    for room in ALLOWED:
        if (module == room or module.startswith(room + ".")) and (
            best is None or len(room) > len(best)
        ):
            best = room
    return best


def _imports(module: str, path: Path) -> Iterator[tuple[int, str]]:
    """``(line, name)`` of every import in the module, anywhere in it, relative ones resolved."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            for alias in node.names:
                yield node.lineno, f"{stem}.{alias.name}"


def _target(name: str) -> str | None:
    """The project module an imported name lives in (``a.b.c`` → ``a.b`` when c is a name)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _graph() -> dict[str, set[str]]:
    return {
        module: {t for _, name in _imports(module, path) if (t := _target(name)) and t != module}
        for module, path in MODULES.items()
    }


def test_the_tables_name_rooms_that_hold_modules():
    for room in ALLOWED:
        held = [m for m in MODULES if room_of(m) == room]
        assert held, f"{room} holds no module: the layer table is out of date"
    assert len(MODULES) > 60
    unplaced = [m for m in MODULES if room_of(m) is None]
    assert unplaced == [], f"modules in no room of the layer table: {unplaced}"


def test_every_import_runs_down_the_layers():
    wrong = []
    checked = 0
    for module, path in MODULES.items():
        room = room_of(module)
        for line, name in _imports(module, path):
            target = _target(name)
            if target is None:
                continue
            checked += 1
            other = room_of(target)
            if other != room and other not in ALLOWED[room]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {room} imports {target} ({other})")
    assert checked > 100
    assert wrong == []


def test_no_room_imports_what_it_must_not():
    wrong = []
    checked = 0
    for module, path in MODULES.items():
        banned = FORBIDDEN.get(room_of(module), set())
        for line, name in _imports(module, path):
            top = name.split(".")[0]
            if _target(name) is None:
                checked += 1
                if top in banned:
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: imports {name}")
    assert checked > 100
    assert wrong == []


def test_the_record_layer_opens_no_files():
    checked = 0
    for module, path in MODULES.items():
        if room_of(module) != RECORD:
            continue
        checked += 1
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id != "open", (
                    f"{path}:{node.lineno}: the record layer opens a file"
                )
    assert checked >= 5


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        # a circle of three, reached from outside it
        ({"x": {"a"}, "a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_circle_finder_finds_circles(graph, expected):
    assert _circles(graph) == expected


def test_no_module_imports_itself_in_a_circle():
    graph = _graph()
    assert sum(len(targets) for targets in graph.values()) > 100
    assert _circles(graph) == []


def test_domain_and_loaders_do_not_import_streamlit():
    checked = 0
    for package in ("commitments", "loaders"):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [node.module or ""]
                else:
                    continue
                assert not any(n.split(".")[0] == "streamlit" for n in names), path
            checked += 1
    assert checked > 10


def test_nothing_edits_the_import_path():
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        assert "sys.path.insert" not in text and "sys.path.append" not in text, path


SAFE_LOADERS = {"CSafeLoader", "SafeLoader"}


def _calls(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            yield node


def test_no_unsafe_yaml_loading_and_no_html_rendering():
    checked = 0
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree):
            name = call.func.attr
            if name in {"unsafe_load", "full_load", "load_all", "load"} and _is_yaml(call):
                loader = next((k.value for k in call.keywords if k.arg == "Loader"), None)
                assert isinstance(loader, ast.Attribute) and loader.attr in SAFE_LOADERS, (
                    f"{path}:{call.lineno}: yaml.{name} without a safe loader"
                )
            for keyword in call.keywords:
                if keyword.arg == "unsafe_allow_html":
                    assert isinstance(keyword.value, ast.Constant) and not keyword.value.value, (
                        f"{path}:{call.lineno}: record text must never render as HTML"
                    )
        checked += 1
    assert checked > 10


def _is_yaml(call: ast.Call) -> bool:
    return isinstance(call.func.value, ast.Name) and call.func.value.id == "yaml"
