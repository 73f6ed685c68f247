"""A bug in kkrdesk is told as kkrdesk's, with a traceback in the log; a damaged file is still the file's."""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path

import pytest

from kkrdesk.cli import main
from kkrdesk.cli.output import EXIT_INTERNAL, EXIT_PROBLEMS
from kkrdesk.core import logbook
from kkrdesk.core.bug_report import bug_report
from kkrdesk.core.errors import BadFileError, InternalError
from kkrdesk.core.files.bad_file import means_bad_file
from kkrdesk.core.files.boundary import reading
from kkrdesk.core.redaction import scrubbed, short_path
from tests.internal_errors_helpers import workbook_by_hand


def test_a_broken_reader_is_blamed_on_kkrdesk_and_its_traceback_is_logged(tmp_path, log_in, monkeypatch,
                                                                          capsys):
    import openpyxl

    def broken_load_workbook(*args, **kwargs):
        raise TypeError("load_workbook() got an unexpected keyword argument 'read_only'")

    monkeypatch.setattr(openpyxl, "load_workbook", broken_load_workbook)
    book = workbook_by_hand(tmp_path / "budget.xlsx")
    code = main(["check-file", str(book)])
    said = capsys.readouterr().err
    assert code == EXIT_INTERNAL != EXIT_PROBLEMS
    assert "fejl i kkrdesk, ikke i filen" in said and "ødelagt" not in said
    assert "budget.xlsx" in said and str(log_in) in said
    logged = log_in.read_text(encoding="utf-8")
    assert "Traceback (most recent call last):" in logged
    assert "broken_load_workbook" in logged and "TypeError" in logged


def test_a_damaged_file_is_still_called_damaged(tmp_path, log_in, capsys):
    book = workbook_by_hand(tmp_path / "budget.xlsx", b"<worksheet><sheetData><row><c r='A1'")
    code = main(["check-file", str(book)])
    said = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    assert "ødelagt" in said and "fejl i kkrdesk" not in said


def test_an_unexpected_error_in_a_command_gives_one_danish_line_the_log_and_its_own_exit_code(
        tmp_path, log_in, monkeypatch, capsys):
    from kkrdesk.cli import meeting_commands

    def broken(args):
        raise AttributeError("'NoneType' object has no attribute 'items'")

    monkeypatch.setattr(meeting_commands, "run_show", broken)
    code = main(["show", str(tmp_path)])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == EXIT_INTERNAL
    assert len(lines) == 1 and "fejl i kkrdesk" in lines[0] and str(log_in) in lines[0]
    assert "Traceback" not in lines[0]
    assert "AttributeError" in log_in.read_text(encoding="utf-8")


def test_reading_sorts_library_errors_from_kkrdesk_s_own(tmp_path):
    path = tmp_path / "fil.docx"
    with pytest.raises(BadFileError) as damaged, reading(path, "Word-dokumentet"):
        with zipfile.ZipFile(workbook_by_hand(tmp_path / "a.xlsx")) as archive:
            archive.read("word/document.xml")             # zipfile's KeyError: a part is missing
    assert damaged.value.reason == "damaged"
    with pytest.raises(InternalError) as ours, reading(path, "Word-dokumentet"):
        {}["word/document.xml"]                           # the same KeyError, raised by our own code
    assert "fejl i kkrdesk" in ours.value.message and isinstance(ours.value.__cause__, KeyError)


def test_a_part_packed_by_an_unknown_method_is_the_file_s_fault(tmp_path):
    path = tmp_path / "pakke.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    raw = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):   # local and central headers
        at = raw.index(signature)
        raw[at + offset:at + offset + 2] = (99).to_bytes(2, "little")        # compression method 99
    path.write_bytes(bytes(raw))
    with pytest.raises(BadFileError) as damaged, reading(path, "Word-dokumentet"):
        with zipfile.ZipFile(path) as archive:
            archive.read("word/document.xml")        # zipfile: NotImplementedError
    assert damaged.value.reason == "damaged"


def test_a_bug_in_the_office_file_checks_is_not_called_damage(tmp_path, monkeypatch):
    from kkrdesk.core.files import ooxml
    from kkrdesk.core.files.boundary import Use, admit

    def broken(path, name, part, what):
        raise NameError("name 'encoding' is not defined")

    monkeypatch.setattr(ooxml, "_check_prolog", broken)
    with pytest.raises(InternalError) as ours:
        admit(workbook_by_hand(tmp_path / "budget.xlsx"), Use.READER)
    assert "fejl i kkrdesk" in ours.value.message and "ødelagt" not in ours.value.format()


def test_each_reader_s_own_exceptions_mean_a_bad_file():
    import lxml.etree
    import openpyxl.styles
    import pikepdf

    def raised(action) -> BaseException:
        try:
            action()
        except Exception as exc:  # collecting what the library raises
            return exc
        raise AssertionError("nothing raised")

    assert means_bad_file(raised(lambda: lxml.etree.fromstring(b"<a><b></a>")))
    assert means_bad_file(raised(lambda: pikepdf.open(__file__)))
    assert means_bad_file(raised(lambda: openpyxl.styles.Font(sz="stor")))   # raised inside openpyxl
    assert means_bad_file(raised(lambda: b"\xff\xfe\xfa".decode("utf-8")))
    assert not means_bad_file(raised(lambda: None.items()))                    # AttributeError: ours
    assert not means_bad_file(raised(lambda: len(5)))                          # TypeError: ours
    assert not means_bad_file(raised(lambda: [][1]))                           # IndexError in our code


def test_the_report_has_versions_and_code_but_no_data_or_paths_of_the_user():
    secret = "/home/sekretær/Fortroligt/budget.docx"
    try:
        Path(secret).read_text()
    except OSError as exc:
        try:
            raise ValueError(f"could not read '{secret}' at {secret}") from exc
        except ValueError as error:
            report = bug_report(error, {"Qt": "6.11.3"})
    assert report.startswith("kkrdesk ") and "\nQt 6.11.3\n" in report and "\nPython 3." in report
    assert 'File "test_internal_errors.py"' in report and "FileNotFoundError" in report
    assert "sekretær" not in report and "budget" not in report and "Fortroligt" not in report
    assert short_path(logbook.__file__) == "kkrdesk/core/logbook.py"
    assert scrubbed("KeyError: 'Anne Hansen'") == "KeyError: '…'"


def test_kkrdesk_log_names_the_level_and_a_folder_that_cannot_be_written_costs_only_the_log(
        tmp_path, monkeypatch, log_in):
    monkeypatch.setenv("KKRDESK_LOG", "debug")
    assert logbook.log_level() == logging.DEBUG
    monkeypatch.setenv("KKRDESK_LOG", "snak")
    assert logbook.log_level() == logging.INFO
    blocked = tmp_path / "blokeret"
    blocked.write_text("en fil, ikke en mappe")
    monkeypatch.setenv("KKRDESK_DATA_DIR", str(blocked))
    assert logbook.configure_logging() is None and not logbook.logging_to_file()


def test_a_crash_of_the_interpreter_leaves_its_stacks_in_the_log(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    crash = ("from kkrdesk.core.logbook import configure_logging\n"
             "configure_logging()\n"
             "import faulthandler\n"
             "def reading_a_bilag():\n"
             "    faulthandler._sigsegv()\n"
             "reading_a_bilag()\n")
    env = {**os.environ, "KKRDESK_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONFAULTHANDLER", None)
    done = subprocess.run([sys.executable, "-c", crash], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    logged = (tmp_path / "data" / "logs" / "kkrdesk.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in logged and "reading_a_bilag" in logged
