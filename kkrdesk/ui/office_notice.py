"""The status bar's one quiet notice that LibreOffice is missing: what that rules out, and where to read more."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kkrdesk.core.office.soffice import INSTALL_HINT, WITHOUT_LIBREOFFICE, find_soffice
from kkrdesk.ui.icons import icon

GUIDE_CHAPTER = "Uden LibreOffice"


class LibreOfficeNotice(QWidget):
    """A warning sign and a link in the status bar, shown for as long as LibreOffice is missing;
    the link opens the user guide's chapter on it. It stands in for repeated message boxes."""

    guideRequested = Signal(str)      # the chapter of the user guide to show

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("libreOfficeNotice")
        sign = QLabel(self)
        sign.setPixmap(icon("warning").pixmap(16, 16))
        self.link = QLabel(self)
        self.link.setTextFormat(Qt.TextFormat.RichText)
        self.link.setText('<a href="#">LibreOffice er ikke installeret</a>')
        self.link.linkActivated.connect(lambda _link: self.guideRequested.emit(GUIDE_CHAPTER))
        self.setToolTip(f"{WITHOUT_LIBREOFFICE}\n\n{INSTALL_HINT}")
        self.setAccessibleName("LibreOffice er ikke installeret")
        self.setAccessibleDescription(f"{WITHOUT_LIBREOFFICE} {INSTALL_HINT}")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(sign)
        layout.addWidget(self.link)

    def refresh(self) -> None:
        """Show the notice only while LibreOffice is missing."""
        self.setVisible(find_soffice() is None)
