"""kkrdesk's log file holds tracebacks but not the user's data: no quoted text, no paths, no Danish error texts."""

from __future__ import annotations

import logging
import sys

from kkrdesk.cli import main
from kkrdesk.cli.output import EXIT_INTERNAL
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.logbook import RedactingFormatter, configure_logging
from tests.internal_errors_helpers import workbook_by_hand

FOLDER = "Fortroligt-sekretariat"
CELL = "Anne Hansen, CPR 010203-1234"
BOOK = "løn.xlsx"


def read_cell(folder: str) -> None:
    raise ValueError(f"cannot read cell {CELL!r} in {folder}/{BOOK}")   # this source line is logged


def test_the_log_keeps_the_traceback_and_loses_quoted_text_and_paths(tmp_path, log_in):
    configure_logging()
    secret = tmp_path / FOLDER
    try:
        read_cell(str(secret))
    except ValueError as exc:
        logging.getLogger("kkrdesk.test").error("reading %s failed", secret / BOOK, exc_info=exc)
    logged = log_in.read_text(encoding="utf-8")
    assert "Traceback (most recent call last):" in logged and "in read_cell" in logged
    assert "builtins.ValueError: cannot read cell '…' in <sti>" in logged
    assert "reading <sti> failed" in logged
    assert FOLDER not in logged and "Anne Hansen" not in logged and BOOK not in logged


def test_a_kkrdesk_error_is_logged_by_its_code_not_its_danish_text_about_the_file(tmp_path, log_in):
    configure_logging()
    refused = BadFileError(f"Lønoversigt for {CELL} er ødelagt.", reason="damaged", file=tmp_path / "x.pdf")
    try:
        raise refused
    except BadFileError as exc:
        logging.getLogger("kkrdesk.test").warning("refused", exc_info=exc)
    logged = log_in.read_text(encoding="utf-8")
    assert "kkrdesk.core.errors.BadFileError: (bad-file)" in logged
    assert "Anne Hansen" not in logged and "Lønoversigt" not in logged


def test_a_traceback_another_handler_cached_on_the_record_is_not_reused():
    try:
        read_cell("/home/anne/" + FOLDER)
    except ValueError:
        record = logging.LogRecord("kkrdesk", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    assert FOLDER in logging.Formatter().format(record)          # caches the raw text as record.exc_text
    cleaned = RedactingFormatter("%(levelname)s %(message)s").format(record)
    assert cleaned.startswith("ERROR failed\nTraceback") and FOLDER not in cleaned


def test_a_command_s_unexpected_failure_reaches_the_log_without_the_user_s_folder(tmp_path, log_in, monkeypatch,
                                                                                  capsys):
    import openpyxl

    def broken_load_workbook(filename, *args, **kwargs):
        raise TypeError(f"cannot load {filename!r}")

    monkeypatch.setattr(openpyxl, "load_workbook", broken_load_workbook)
    (tmp_path / FOLDER).mkdir()
    book = workbook_by_hand(tmp_path / FOLDER / "budget.xlsx")
    assert main(["check-file", str(book)]) == EXIT_INTERNAL
    assert FOLDER in capsys.readouterr().err                       # the user is told which file
    logged = log_in.read_text(encoding="utf-8")
    assert "in broken_load_workbook" in logged and "TypeError: cannot load PosixPath('…')" in logged
    assert FOLDER not in logged and "budget" not in logged
