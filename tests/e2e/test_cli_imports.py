"""Light sub-commands import only what they use: the import lists of whole `kkrdesk` processes."""

from __future__ import annotations

import argparse

import pytest

from kkrdesk import cli as kkrdesk_cli
from tests.conftest import run_cli
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting

# Packages that cost a tenth of a second or more each to import, none of them needed to read a meeting.
HEAVY = {"pikepdf", "pandas", "docx", "pypdfium2", "PySide6", "shiboken6", "openpyxl", "reportlab",
         "lxml", "numpy", "pyqtgraph", "PIL"}


def imported_top_level_packages(stderr: str) -> set[str]:
    """The packages named in `python -X importtime` output (one line per module imported)."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def imports_of(*args, ok_codes=(0,)) -> set[str]:
    result = run_cli(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode in ok_codes, result.stdout + result.stderr
    names = imported_top_level_packages(result.stderr)
    assert "kkrdesk" in names, "the import list was not printed"
    return names


@pytest.mark.parametrize("command", ["validate", "show"])
def test_reading_a_meeting_imports_no_heavy_package(command, sample_dir):
    assert imports_of(command, sample_dir) & HEAVY == set()


def test_the_import_list_shows_a_heavy_package_when_a_command_uses_one(sample_dir, tmp_path):
    # The check above can fail: export writes the pack with pikepdf, and the list shows it.
    # (Without LibreOffice the Word bilag stay out of the pack, and export exits with 1 saying so.)
    pack = tmp_path / "pakke.pdf"
    names = imports_of("export", sample_dir, "--pdf", pack, "--no-libreoffice", "--override",
                       ok_codes=(0, 1))
    assert pack.is_file()
    assert "pikepdf" in names


def test_a_pdf_export_loads_neither_the_word_agenda_nor_the_feature_readers(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.2", "Samarbejde", bilag=[BilagSpec("Opsamling", 3)])])
    names = imports_of("export", folder, "--pdf", tmp_path / "pakke.pdf")
    assert names & {"docx", "pandas", "openpyxl", "PySide6", "pyqtgraph"} == set()


def test_every_command_in_the_table_is_registered_by_its_module():
    for command, module_name in kkrdesk_cli.COMMANDS.items():
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers(dest="command")
        __import__(module_name, fromlist=["register"]).register(subparsers)
        assert command in subparsers.choices, f"{module_name} does not add {command}"


def test_the_table_names_every_command_the_modules_add():
    parser = kkrdesk_cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(subparsers.choices) == set(kkrdesk_cli.COMMANDS)


@pytest.mark.slow
def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.returncode == 0, result.stderr
    for command in kkrdesk_cli.COMMANDS:
        assert command in result.stdout


@pytest.mark.slow
def test_a_misspelt_command_is_answered_with_every_choice(cli):
    result = cli("validat", "x")
    assert result.returncode == 2
    assert "ugyldigt valg" in result.stderr
    for command in ("validate", "export", "survey"):
        assert command in result.stderr


def test_a_command_after_the_help_flag_of_its_own_gets_its_own_help(cli):
    result = cli("export", "--help")
    assert result.returncode == 0, result.stderr
    assert "--pdf" in result.stdout


@pytest.mark.slow
def test_the_help_flag_before_a_command_still_lists_every_command(cli):
    result = cli("--help", "export")
    assert result.returncode == 0, result.stderr
    for command in ("validate", "survey", "check-file"):
        assert command in result.stdout


def test_a_pdf_export_loads_no_agenda_extras_before_its_child_starts(tmp_path):
    # The survey charts and contract findings belong to the Word agenda; the pack alone forks sooner without them.
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.2", "Samarbejde", bilag=[BilagSpec("Opsamling", 3)])])
    result = run_cli("export", folder, "--pdf", tmp_path / "pakke.pdf", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
               if line.startswith("import time:") and "cumulative" not in line}
    assert "kkrdesk.core.export.pdf_pack" in modules     # the list names kkrdesk's own modules
    assert modules & {"kkrdesk.composition", "kkrdesk.core.export.survey_charts", "kkrdesk.core.survey.mapping"} == set()
