"""The archive and the pack use the search index through its public API only; no package imports another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import kkrdesk

PACKAGE = Path(kkrdesk.__file__).parent


def _private_methods_of_search_index() -> set[str]:
    tree = ast.parse((PACKAGE / "core" / "search" / "index.py").read_text("utf-8"))
    (search_index,) = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "SearchIndex"]
    return {node.name for node in search_index.body if isinstance(node, ast.FunctionDef)
            and node.name.startswith("_") and not node.name.startswith("__")}


def test_no_module_imports_a_private_name_from_another_package() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        package = ".".join(path.relative_to(PACKAGE.parent).parent.parts)
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kkrdesk.")):
                continue
            if node.module.rsplit(".", 1)[0] == package or node.module == package:
                continue
            found += [f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}" for alias in node.names
                      if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []


def test_no_module_that_uses_the_search_index_calls_its_private_methods() -> None:
    private = _private_methods_of_search_index()
    used = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text("utf-8")
        if path.parent == PACKAGE / "core" / "search" or "kkrdesk.core.search.index" not in source:
            continue
        used += [f"{path.relative_to(PACKAGE)}: {node.attr}" for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Attribute) and node.attr in private]
    assert private and used == []
