"""The dialog that asks for what a new meeting needs: KKR, date, title, place and a folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from kkrdesk.core.meeting import KKR_NAMES, Meeting


@dataclass(frozen=True)
class NewMeetingRequest:
    folder: Path
    meeting: Meeting


class NewMeetingDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, choose_folder=None):
        super().__init__(parent)
        self.setWindowTitle("Nyt møde")
        self._choose_folder = choose_folder
        self.kkr = QComboBox(editable=True)
        self.kkr.addItems(KKR_NAMES)
        self.kkr.setAccessibleName("KKR")
        self.date = QDateEdit(QDate.currentDate(), calendarPopup=True, displayFormat="d. MMMM yyyy")
        self.date.setAccessibleName("Mødedato")
        self.start = QTimeEdit(QTime(10, 0), displayFormat="HH.mm")
        self.start.setAccessibleName("Starttid")
        self.title = QLineEdit(placeholderText="Møde i …")
        self.title.setAccessibleName("Mødets titel")
        self.place = QLineEdit()
        self.place.setAccessibleName("Mødested")
        self.folder = QLineEdit()
        self.folder.setAccessibleName("Mappe til mødet")
        browse = QPushButton("&Vælg …")
        browse.setAccessibleName("Vælg mappe til mødet")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.folder.textChanged.connect(lambda text: self._ok.setEnabled(bool(text.strip())))
        self._ok.setEnabled(False)
        form = QFormLayout(self)
        form.addRow("&KKR:", self.kkr)
        form.addRow("&Dato:", self.date)
        form.addRow("&Starttid:", self.start)
        form.addRow("&Titel:", self.title)
        form.addRow("&Mødested:", self.place)
        form.addRow("&Mappe:", folder_row)
        form.addRow(buttons)

    def _browse(self) -> None:
        chosen = self._choose_folder() if self._choose_folder else None
        if chosen:
            self.folder.setText(str(chosen))

    def request(self) -> NewMeetingRequest:
        time = self.start.time()
        meeting = Meeting(kkr=self.kkr.currentText().strip(), date=self.date.date().toPython(),
                          title=self.title.text().strip(), place=self.place.text().strip(),
                          start=dt.time(time.hour(), time.minute()), continuous_numbers=True)
        return NewMeetingRequest(folder=Path(self.folder.text().strip()), meeting=meeting)
