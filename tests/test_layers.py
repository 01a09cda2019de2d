"""Domain code imports no UI: only the page layer imports streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
