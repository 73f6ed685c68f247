"""Files are replaced only through core/atomic.py (fsync of the file and of its folder included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kkrdesk"
# Moving whole files to new names writes no content into place: replacing a whole folder (a member
# pack unpacked beside its old copy), moving an extraction aside to delete it, and the log's
# rotation (kkrdesk.log to .1, .1 to .2, ...).
MOVES_NOT_WRITES = {"core/pack/reader.py", "core/pack/cache.py", "core/logbook.py"}


def _renames(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("replace", "rename") and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "os"]


@pytest.mark.slow
def test_no_module_renames_a_file_into_place_by_itself():
    found = {path.relative_to(PACKAGE).as_posix(): _renames(path) for path in PACKAGE.rglob("*.py")}
    by_hand = {name: lines for name, lines in found.items()
               if lines and name != "core/atomic.py" and name not in MOVES_NOT_WRITES}
    assert by_hand == {}
    assert found["core/atomic.py"], "the atomic writer itself renames"
