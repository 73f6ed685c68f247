"""The archive uses the search index through its public API only, and no package imports another's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import kkrdesk

PACKAGE = Path(kkrdesk.__file__).parent


def _private_names_defined_in(folder: Path) -> set[str]:
    return {node.name for path in folder.glob("*.py") for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name.startswith("_")
            and not node.name.startswith("__")}


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


def test_the_archive_calls_no_private_function_or_method_of_the_search_index() -> None:
    private = _private_names_defined_in(PACKAGE / "core" / "search")
    archive_own = _private_names_defined_in(PACKAGE / "core" / "archive")
    used = {(path.name, node.attr) for path in (PACKAGE / "core" / "archive").glob("*.py")
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Attribute) and node.attr in private - archive_own}
    assert used == set()
