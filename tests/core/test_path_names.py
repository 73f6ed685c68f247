"""No path kkrdesk builds takes text from the meeting or a pack unless it went through safe_name."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

# Fields of the meeting model and of a pack's pack.json that hold text from a user or a pack.
MODEL_FIELDS = {"number", "title", "file", "case_id", "kkr", "place", "heading", "display_title",
                "resume", "indstilling", "sagsfremstilling", "pack_id", "original_name", "file_name"}
# The way such text may become (part of) a path: safe_name for a name, inside() for a relative
# path; safe_file_name is safe_name's own part. _safe_segment is the pack
# reader's older sanitiser of pack ids (to be folded into safe_name).
SAFE_CALLS = {"safe_name", "safe_file_name", "inside", "_safe_segment"}
# Calls that reduce their argument to a number, which cannot carry a path.
NUMERIC_CALLS = {"len", "int", "float", "round", "sum", "min", "max", "bool"}
PATH_CONSTRUCTORS = {"Path", "PurePath", "PurePosixPath", "PureWindowsPath"}
PATH_METHODS = {"joinpath", "with_name", "with_stem", "with_suffix"}
TEMP_FUNCTIONS = {"mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryDirectory"}
# Taking one part of a path made from data reads the data; it builds no path to a file.
PARTS = {"name", "stem", "suffix", "suffixes", "parts"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def mentions_field(node: ast.AST) -> bool:
    """True if ``node`` uses a model field other than through a safe call or as a number."""
    if isinstance(node, ast.Attribute) and node.attr in MODEL_FIELDS:
        return True
    if isinstance(node, ast.Call) and _called_name(node) in SAFE_CALLS | NUMERIC_CALLS:
        return False
    return any(mentions_field(child) for child in ast.iter_child_nodes(node))


def unsafe_joins(tree: ast.AST) -> list[tuple[int, str]]:
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    found = []
    for node in ast.walk(tree):
        operands: list[ast.AST] = []
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            operands = [node.left, node.right]
        elif isinstance(node, ast.Call):
            name = _called_name(node)
            func = node.func
            os_path_join = (name == "join" and isinstance(func, ast.Attribute)
                            and ast.unparse(func.value) in {"os.path", "path", "posixpath", "ntpath"})
            if name in PATH_METHODS | TEMP_FUNCTIONS or os_path_join:
                operands = [*node.args, *(k.value for k in node.keywords)]
            elif name in PATH_CONSTRUCTORS:
                parent = parents.get(node)
                if not (isinstance(parent, ast.Attribute) and parent.attr in PARTS):
                    operands = list(node.args)
        if any(mentions_field(operand) for operand in operands):
            found.append((node.lineno, ast.unparse(node)))
    return found


@pytest.mark.slow
def test_no_path_is_joined_from_a_model_field():
    offenders = []
    for path in sorted((ROOT / "kkrdesk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}:{line}: {code}" for line, code in unsafe_joins(tree)]
    assert offenders == []


def test_the_search_finds_the_joins_it_is_meant_to_find():
    """The check above is only worth something if it sees each shape of join (the old export bug first)."""
    caught = [
        'work_dir / f"{selected.item.number}-{selected.number}.pdf"',
        "os.path.join(root, item.title)",
        "Path(bilag.file)",
        'target.with_name(meeting.display_title + ".pdf")',
        "root.joinpath(info.pack_id)",
        "tempfile.mkstemp(prefix=item.number, dir=work)",
        "folder / name.format(item.number)",
    ]
    allowed = [
        'work_dir / safe_name(f"{item.number}-1", ".pdf", fallback="bilag")',
        "inside(folder, bilag.file)",
        "Path(bilag.file).name",
        "folder / MANIFEST_NAME",
        "len(item.title) / 2",
    ]
    assert [code for code in caught if not unsafe_joins(ast.parse(code))] == []
    assert [code for code in allowed if unsafe_joins(ast.parse(code))] == []
