"""The window without LibreOffice: one quiet notice in the status bar, one message in the export check."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings

from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.export.export_dialog import ExportDialog
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting


def test_the_libreoffice_notice_shows_only_while_libreoffice_is_missing(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    missing = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(missing)
    missing.show()
    notice = missing.office_notice
    assert notice.isVisible() and "sudo apt install" in notice.toolTip()
    notice.link.linkActivated.emit("#")
    qtbot.waitUntil(lambda: missing.help_dialog is not None and missing.help_dialog.isVisible())
    assert missing.help_dialog.contents.currentItem().text() == "Uden LibreOffice"

    monkeypatch.delenv("KKRDESK_NO_LIBREOFFICE")
    monkeypatch.setenv("KKRDESK_SOFFICE", sys.executable)   # any existing program stands in for it
    notice.refresh()
    assert not notice.isVisible()


def test_the_export_dialog_lists_the_missing_libreoffice_once_and_not_as_deselected(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("2.2", "Samarbejdet", bilag=[BilagSpec("Evaluering", 2, kind="docx"), BilagSpec("Opsamling", 2)])])
    dialog = ExportDialog(MeetingFolder.open(folder, write=False))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=15000)
    assert not dialog.libreoffice_check.isEnabled() and not dialog.libreoffice_check.isChecked()
    texts = [dialog.problem_list.item(row).text() for row in range(dialog.problem_list.count())]
    assert texts[0].startswith("LibreOffice er ikke installeret.")
    assert sum(text.count("da.libreoffice.org") for text in texts) == 1
    assert "fordi LibreOffice ikke er installeret" in texts[1]
    assert not any("fravalgt" in text for text in texts)
