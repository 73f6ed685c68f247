"""Starting the desktop application: QApplication, Danish translations, and the first window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QTreeWidget, QTreeWidgetItem

from kkrdesk import __version__
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.sample import sample_meeting_dir

ORGANISATION = "kkrdesk"
APPLICATION = "kkrdesk"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with kkrdesk's names and Qt's own dialogs in Danish."""
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("kkrdesk")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Territory.Denmark))
    translator = QTranslator(app)
    if translator.load(QLocale(QLocale.Language.Danish), "qtbase", "_",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


class MeetingOverviewWindow(QMainWindow):
    """A plain read-only view of one meeting's agenda and bilag."""

    def __init__(self, folder: MeetingFolder):
        super().__init__()
        meeting = folder.meeting
        self.setWindowTitle(f"{meeting.display_title} – {danish.format_date(meeting.date)} – kkrdesk")
        tree = QTreeWidget(self)
        tree.setHeaderLabels([self.tr("Dagsorden"), self.tr("Sider")])
        tree.setAccessibleName(self.tr("Dagsordenens punkter og bilag"))
        for item in meeting.items:
            node = QTreeWidgetItem([item.heading, ""])
            for number, bilag in enumerate(item.bilag, start=1):
                pages = "" if bilag.pages is None else str(bilag.pages)
                node.addChild(QTreeWidgetItem([f"Bilag {number}: {bilag.title}", pages]))
            tree.addTopLevelItem(node)
        tree.expandAll()
        tree.resizeColumnToContents(0)
        self.setCentralWidget(tree)
        self.resize(900, 600)


def last_meeting_dir() -> Path | None:
    value = QSettings().value("recent/last_meeting", "")
    path = Path(str(value)) if value else None
    if path and (path / "meeting.toml").is_file():
        return path
    return sample_meeting_dir()


def main(argv: list[str] | None = None) -> int:
    app = create_application(argv)
    target = Path(argv[0]) if argv else last_meeting_dir()
    if target is None:
        QMessageBox.warning(None, "kkrdesk", "Der er intet møde at åbne, og eksempelmødet blev ikke fundet.")
        return 1
    try:
        folder = MeetingFolder.open(target, write=False)
    except KkrError as exc:
        QMessageBox.critical(None, "kkrdesk", exc.format())
        return 1
    window = MeetingOverviewWindow(folder)
    window.show()
    code = app.exec()
    window.deleteLater()
    app.processEvents()
    return code
