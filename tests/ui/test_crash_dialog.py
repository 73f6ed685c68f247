"""kkrdesk's own failures reach the user as "Der skete en fejl i kkrdesk" with a fejlrapport they can copy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp
from kkrdesk.ui.crash_dialog import COPY, TITLE, CrashDialog
from kkrdesk.ui.error_reporting import install_excepthook
from tests.internal_errors_helpers import workbook_by_hand


def _secret_reader(progress):
    contents = "Fortroligt referat fra /home/sekretær/møder/budget.docx"
    return {}[contents]          # kkrdesk's bug: a KeyError whose message is the user's data


def test_a_failing_background_op_shows_the_dialog_and_copies_the_report(qtbot, tmp_path):
    seen = {}

    def on_screen():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CrashDialog):
            QTimer.singleShot(20, on_screen)
            return
        seen["title"] = dialog.windowTitle()
        seen["details"] = dialog.details.toPlainText()
        seen["button"] = dialog.copy_button.text()
        shot = os.environ.get("KKRDESK_CRASH_DIALOG_PNG")
        if shot:
            dialog.grab().save(shot)
        dialog.copy_button.click()
        seen["copied"] = QApplication.clipboard().text()
        dialog.reject()

    previous = dialogs.use(dialogs.DialogService())     # the real service: a real modal dialog
    try:
        failures = []
        op = BackgroundOp(_secret_reader, on_failure=failures.append)
        QTimer.singleShot(0, on_screen)
        with qtbot.waitSignal(op.finished, timeout=10000):
            op.start()
        qtbot.waitUntil(lambda: "copied" in seen, timeout=10000)
    finally:
        dialogs.use(previous)
    assert seen["title"] == TITLE == "Der skete en fejl i kkrdesk"
    assert seen["button"] == COPY == "Kopiér fejlrapport"
    details = seen["details"]
    assert "Traceback (most recent call last):" in details
    assert "_secret_reader" in details and "builtins.KeyError: '…'" in details
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in details
    assert "Qt 6." in details and "kkrdesk 0." in details
    assert seen["copied"] == details
    assert "return {}[contents]" in details                # the code line, not the data
    assert "Fortroligt" not in details and "budget.docx" not in details and "sekretær" not in details
    assert str(Path(__file__).parent) not in details and 'File "test_crash_dialog.py"' in details
    assert len(failures) == 1 and failures[0].reported


def test_an_uncaught_exception_in_a_slot_reaches_the_dialog(qtbot, stub_dialogs, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_excepthook()
    timer = QTimer()
    timer.setSingleShot(True)

    def broken_slot():
        raise AttributeError("'NoneType' object has no attribute 'meeting'")

    timer.timeout.connect(broken_slot)
    timer.start(0)
    qtbot.waitUntil(lambda: any(kind == "internal_error" for kind, *_ in stub_dialogs.shown), timeout=5000)
    report = next(text for kind, _, text in stub_dialogs.shown if kind == "internal_error")
    assert "broken_slot" in report and "AttributeError" in report


def test_a_broken_reader_shows_the_dialog_in_the_reader_and_the_log_has_its_traceback(
        qtbot, tmp_path, monkeypatch, stub_dialogs, log_in):
    import openpyxl

    from kkrdesk.core.logbook import configure_logging
    from kkrdesk.ui.reader.reader_panel import ReaderPanel

    def broken_load_workbook(*args, **kwargs):
        raise TypeError("load_workbook() got an unexpected keyword argument 'read_only'")

    configure_logging()
    monkeypatch.setattr(openpyxl, "load_workbook", broken_load_workbook)
    panel = ReaderPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.failed, timeout=20000) as failed:
        panel.show_file(workbook_by_hand(tmp_path / "budget.xlsx"))
    report = next(text for kind, _, text in stub_dialogs.shown if kind == "internal_error")
    assert "broken_load_workbook" in report and "builtins.TypeError" in report
    assert "fejl i kkrdesk, ikke i filen" in failed.args[0].message
    assert "ødelagt" not in failed.args[0].format()
    logged = log_in.read_text(encoding="utf-8")
    assert "Traceback (most recent call last):" in logged and "broken_load_workbook" in logged
    panel.close_document()
