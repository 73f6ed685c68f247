"""The shape of the house: core free of Qt, every module saying what it owns, schema and reader agree."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest

from kkrdesk.core.meeting.manifest import dump_manifest
from kkrdesk.core.meeting.schema import meeting_schema
from tests.conftest import ROOT
from tests.factories import small_meeting


@pytest.mark.slow
def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# Scripts kkrdesk runs under another interpreter (LibreOffice's Python with `uno`), not importable here.
OTHER_INTERPRETER_SCRIPTS = {"kkrdesk.core.export.uno_update_indexes"}


@pytest.mark.slow
def test_every_core_module_imports_without_qt():
    modules = sorted(".".join(p.relative_to(ROOT).with_suffix("").parts)
                     for p in (ROOT / "kkrdesk" / "core").rglob("*.py"))
    modules = [m for m in modules if m not in OTHER_INTERPRETER_SCRIPTS]
    code = ("import sys, importlib\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in {'PySide6', 'shiboken6', 'pyqtgraph'}:\n"
            "            raise ImportError('Qt is blocked: ' + name)\n"
            "sys.meta_path.insert(0, Block())\n"
            f"for module in {modules!r}:\n"
            "    importlib.import_module(module)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_every_module_starts_with_a_one_line_summary_of_what_it_owns():
    """PEP 257: a one-line summary; any further explanation follows after a blank line."""
    missing = []
    for path in sorted((ROOT / "kkrdesk").rglob("*.py")):
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        lines = (docstring or "").splitlines()
        if not lines or not lines[0].strip() or (len(lines) > 1 and lines[1].strip()):
            missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def _as_json(text: str) -> dict:
    def convert(value):
        if isinstance(value, (dt.date, dt.time)):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value
    return convert(tomllib.loads(text))


def test_schema_accepts_what_kkrdesk_writes_and_every_shipped_meeting():
    schema = meeting_schema()
    jsonschema.validate(_as_json(dump_manifest(small_meeting())), schema)
    for manifest in (ROOT / "agendas").glob("*/meeting.toml"):
        jsonschema.validate(_as_json(manifest.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize("change", [
    lambda d: d["meeting"].pop("kkr"),
    lambda d: d["items"][0].update(colour="blue"),
    lambda d: d["items"][0].update(type="Sag"),
    lambda d: d["items"][0]["bilag"].append({"title": "x", "file": "../x.pdf"}),
    lambda d: d.update(format=2),
])
def test_schema_rejects_what_the_reader_rejects(change):
    data = _as_json(dump_manifest(small_meeting()))
    data["items"][0]["bilag"] = [{"title": "a", "file": "bilag/a.pdf"}]
    change(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(json.dumps(data)), meeting_schema())


def test_every_package_folder_is_a_package_so_the_wheel_and_the_bundle_get_it():
    missing = [str(folder.relative_to(ROOT)) for folder in (ROOT / "kkrdesk").rglob("*")
               if folder.is_dir() and folder.name != "__pycache__" and any(folder.glob("*.py"))
               and not (folder / "__init__.py").exists()]
    assert missing == []


def _core_trees():
    for path in sorted((ROOT / "kkrdesk" / "core").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        yield module, ast.parse(path.read_text(encoding="utf-8"))


def _called_name(call: ast.Call) -> str:
    function = call.func
    return function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")


@pytest.mark.slow
def test_core_runs_no_kkrdesk_command_but_the_pdf_screening_worker():
    """Core never runs kkrdesk's command line in a child (a command may load Qt, and the front ends
    choose what draws): the children it starts are the PDF screening worker, ``kkrdesk _screen-pdf``,
    which isolates untrusted PDFs, its twin for images, ``kkrdesk _screen-image``, and the pack
    builder, ``kkrdesk _build-pack``, which keeps pikepdf off the window's GIL (all dispatched before
    the parser, no features loaded)."""
    runs, child_commands, interpreter = {}, set(), set()
    for module, tree in _core_trees():
        for node in ast.walk(tree):
            if isinstance(node, (ast.List, ast.Tuple)):
                items = node.elts
                for first, second in itertools.pairwise(items):
                    if isinstance(first, ast.Starred) and isinstance(first.value, ast.Call) \
                            and _called_name(first.value) == "kkrdesk_command":
                        runs.setdefault(module, set()).add(ast.unparse(second))
                texts = {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}
                if "-m" in texts and any(t.startswith("kkrdesk") for t in texts):
                    child_commands.add(module)
            if isinstance(node, ast.Attribute) and node.attr == "executable" and ast.unparse(node.value) == "sys":
                interpreter.add(module)
    assert runs == {"kkrdesk.core.files.pdf_screen": {"SCREEN_COMMAND"},
                    "kkrdesk.core.files.screen_start": {"SCREEN_COMMAND"},
                    "kkrdesk.core.files.image_screen": {"IMAGE_SCREEN_COMMAND"},
                    "kkrdesk.core.export.pack_child": {"PACK_COMMAND"}}
    assert child_commands == {"kkrdesk.core.process"}          # kkrdesk_command() itself
    # the interpreter names the command above, and the bundle's folder for the sample meeting
    assert interpreter == {"kkrdesk.core.process", "kkrdesk.core.sample"}


def test_window_texts_are_plain_danish_strings_not_tr_calls():
    """One way to write what a user reads: Danish in the code. tr() with Danish source strings and
    no translation files was a second way that translated nothing."""
    ui = ROOT / "kkrdesk" / "ui"
    calls = [f"{path.relative_to(ROOT)}:{number}" for path in sorted(ui.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"\bself\.tr\(", line)]
    assert calls == []


# Qt's own source strings, which Qt fills in itself: the Danish texts kkrdesk adds to its catalogue.
QT_CATALOGUE_PLACEHOLDERS = {("kkrdesk/ui/app.py", "%1 File"), ("kkrdesk/ui/app.py", "%1-fil")}


def qt_placeholders(root: Path) -> list[str]:
    """Every string literal under ``root/kkrdesk`` with a Qt-style "%1" placeholder, as path: text."""
    found: list[tuple[str, int, str]] = []
    for path in sorted((root / "kkrdesk").rglob("*.py")):
        name, text = path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")
        if not re.search(r"%[1-9]", text):
            continue                      # nothing to look for: spare parsing it
        for node in ast.walk(ast.parse(text)):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and re.search(r"%[1-9]", node.value)
                    and (name, node.value) not in QT_CATALOGUE_PLACEHOLDERS):
                found.append((name, node.lineno, node.value))
    return [f"{name}:{line}: {text}" for name, line, text in sorted(found)]


def test_window_texts_fill_in_their_values_with_f_strings_not_qt_placeholders():
    """One way to put a value into a text: an f-string (numbers and dates through core/danish.py).
    "%1" with .replace()/.arg() was a second way."""
    assert qt_placeholders(ROOT) == []


def test_the_placeholder_check_finds_one_in_a_plain_string_and_in_an_f_string(tmp_path):
    package = tmp_path / "kkrdesk"
    package.mkdir()
    (package / "window.py").write_text('a = "af %1".replace("%1", str(2))\nb = f"{a} og %2"\n'
                                       'c = "100 %"\n', encoding="utf-8")
    assert qt_placeholders(tmp_path) == ["kkrdesk/window.py:1: %1", "kkrdesk/window.py:1: af %1",
                                         "kkrdesk/window.py:2:  og %2"]
