"""When kkrdesk itself fails: "Der skete en fejl i kkrdesk", the fejlrapport, and a button that copies it."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.bug_report import bug_report
from kkrdesk.core.errors import InternalError
from kkrdesk.core.logbook import log_file, logging_to_file
from kkrdesk.ui.window_words import window_text

TITLE = "Der skete en fejl i kkrdesk"
COPY = "Kopiér fejlrapport"
COPIED = "Fejlrapporten er kopieret"


def qt_versions() -> dict[str, str]:
    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


class CrashDialog(QDialog):
    """The error, in words, the fejlrapport (traceback and versions, nothing from the user's files) and
    Kopiér fejlrapport."""

    def __init__(self, error: BaseException, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.report = bug_report(error, qt_versions())
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(48, 48))
        heading = QLabel(f"<b>{TITLE}</b>")
        said = (_what_failed(error) if isinstance(error, InternalError) else
                "Det, du var i gang med, blev ikke gjort færdigt. Fejlen ligger i kkrdesk, ikke i dine "
                "filer eller i det, du gjorde.")
        self.explanation = QLabel(
            f"{said}\n\nKopiér fejlrapporten, og send den til udviklerne. Den indeholder kkrdesks og "
            "systemets versioner og stedet i programmet, hvor fejlen skete, men intet fra dine filer."
            + (f"\n\nFejlen er også skrevet i logfilen {log_file()}." if logging_to_file() else ""))
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self.report)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setAccessibleName("Fejlrapport")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Luk")
        self.copy_button = QPushButton(COPY)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_report)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        words = QVBoxLayout()
        words.addWidget(heading)
        words.addWidget(self.explanation)
        top.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 480)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText(COPIED)


def _what_failed(error: InternalError) -> str:
    """The error's own words without its hint (the dialog says what to do, and where the log is)."""
    text = window_text(f"{error.file}: {error.message}" if error.file else error.message)
    return text[:1].upper() + text[1:]
