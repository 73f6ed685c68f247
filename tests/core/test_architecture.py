"""The shape of the house: core free of Qt, every module saying what it owns, schema and reader agree."""

from __future__ import annotations

import ast
import datetime as dt
import json
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


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# Scripts kkrdesk runs under another interpreter (LibreOffice's Python with `uno`), not importable here.
OTHER_INTERPRETER_SCRIPTS = {"kkrdesk.core.export.uno_update_indexes"}


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
