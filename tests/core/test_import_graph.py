"""kkrdesk's import graph, imports inside functions included: no cycles, and every deferred import has a reason.

An import inside a function is how a module hides a cycle from itself: the loop is still
there, only later. kkrdesk defers imports for one reason alone, load cost: the command line's
COMMANDS table and the window's features load a command or panel when it is first used, and
core defers a kkrdesk module only when that module loads one of HEAVY_LIBRARIES
(`subprocess` among them). Both are
allowed; neither may close a cycle.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "kkrdesk"
# Libraries worth not loading until needed: third-party ones (each costs from tens of milliseconds to a
# second), and `subprocess`, which only a child process needs and the window's start does not load
# (tests/ui/test_start_imports.py): the screening children and the LibreOffice runner.
HEAVY_LIBRARIES = frozenset({"docx", "docxcompose", "pandas", "openpyxl", "pikepdf", "pypdfium2", "pypdf",
                             "lxml", "Stemmer", "PIL", "numpy", "python_calamine", "PySide6", "pyqtgraph",
                             "subprocess"})


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    deferred: bool          # inside a function body


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0 and node.module:
        return [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                for alias in node.names]
    return []


def imports_of(module: str, tree: ast.AST) -> list[Import]:
    """Every import in ``tree`` (kkrdesk modules and third-party top-level names), marked deferred
    when it stands inside a function."""
    found: list[Import] = []

    def walk(node: ast.AST, deferred: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                for target in _targets(child):
                    kkrdesk_module = _resolve(target) if target.split(".")[0] == "kkrdesk" else None
                    name = kkrdesk_module or target.split(".")[0]
                    if name != module:
                        found.append(Import(module, name, child.lineno, deferred))
            walk(child, deferred or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))
    walk(tree, False)
    return found


def all_imports() -> list[Import]:
    return [i for module, path in sorted(MODULES.items())
            for i in imports_of(module, ast.parse(path.read_text(encoding="utf-8")))]


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _graph(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {module: set() for module in MODULES}
    for i in imports:
        if i.target in MODULES:
            edges[i.source].add(i.target)
    return edges


@pytest.mark.slow
def test_no_import_inside_a_function_hides_a_cycle():
    imports = all_imports()
    found = cycles(_graph(imports))
    hiding = [f"{i.source}:{i.line} -> {i.target}" for i in imports
              if i.deferred and any(i.source in c and i.target in c for c in found)]
    assert found == [], f"import cycles {found}, closed inside functions by {hiding}"


def _heavy_libraries_loaded_by(module: str, imports: list[Import]) -> set[str]:
    """Third-party libraries ``module`` loads when imported (through kkrdesk modules it imports at module level)."""
    at_load: dict[str, list[Import]] = {}
    for i in imports:
        if not i.deferred:
            at_load.setdefault(i.source, []).append(i)
    seen, todo, heavy = set(), [module], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for i in at_load.get(current, ()):
            if i.target in MODULES:
                todo.append(i.target)
            elif i.target in HEAVY_LIBRARIES:
                heavy.add(i.target)
    return heavy


@pytest.mark.slow
def test_core_defers_a_kkrdesk_module_only_to_defer_a_heavy_library():
    imports = all_imports()
    unexplained = [f"{i.source}:{i.line} -> {i.target}" for i in imports
                   if i.deferred and i.source.startswith("kkrdesk.core.") and i.target in MODULES
                   and not _heavy_libraries_loaded_by(i.target, imports)]
    assert unexplained == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    """The check above on code written for it: a module-level import one way, a function-level one back."""
    first = imports_of("kkrdesk.a", ast.parse("import kkrdesk.b\n"))
    second = imports_of("kkrdesk.b", ast.parse("def f():\n    import kkrdesk.a\n"))
    edges = {"kkrdesk.a": {"kkrdesk.b"}, "kkrdesk.b": set()}
    assert cycles(edges) == []
    assert second[0].deferred and not first[0].deferred
    edges["kkrdesk.b"].add("kkrdesk.a")
    assert cycles(edges) == [["kkrdesk.a", "kkrdesk.b"]]
