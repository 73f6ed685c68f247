"""The dialog that asks for what a new meeting needs: KKR, date, title, place and a folder."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.meeting import KKR_NAMES, Meeting
from kkrdesk.ui.date_field import DateField
from kkrdesk.ui.theme import styled

DIALOG_MIN_WIDTH = 560


@dataclass(frozen=True)
class NewMeetingRequest:
    folder: Path
    meeting: Meeting


class TabbingTimeEdit(QTimeEdit):
    """A time field that Tab leaves, like every other field (Qt's moves between hours and minutes)."""

    def focusNextPrevChild(self, next_child: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next_child)


class NewMeetingDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, choose_folder=None, last_kkr: str = ""):
        super().__init__(parent)
        self.setWindowTitle("Nyt møde")
        self.setMinimumWidth(DIALOG_MIN_WIDTH)
        self._choose_folder = choose_folder
        self.kkr = QComboBox(editable=True)
        self.kkr.addItems(KKR_NAMES)
        self.kkr.setAccessibleName("KKR")
        self.kkr.setCurrentIndex(-1)
        self.kkr.setCurrentText(last_kkr)
        kkr_line = self.kkr.lineEdit()
        assert kkr_line is not None, "an editable combo box has a line edit"
        kkr_line.setPlaceholderText("Vælg KKR …")
        self.date = styled(DateField(QDate.currentDate()))
        self.date.setAccessibleName("Mødedato")
        self.start = styled(TabbingTimeEdit(QTime(10, 0)))
        self.start.setDisplayFormat("HH.mm")
        self.start.setAccessibleName("Starttid")
        self.title = QLineEdit(placeholderText="Møde i …")
        self.title.setAccessibleName("Mødets titel")
        self.place = QLineEdit(placeholderText="Fx rådhuset, adresse")
        self.place.setAccessibleName("Mødested")
        self.folder = QLineEdit(placeholderText="En ny eller tom mappe")
        self.folder.setAccessibleName("Mappe til mødet")
        browse = QPushButton("&Vælg …")
        browse.setAccessibleName("Vælg mappe til mødet")
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_label = QLabel("&Mappe:")
        folder_label.setBuddy(self.folder)   # a layout cannot be a buddy: without it "&" shows as it is
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Opret møde")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annullér")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.folder.textChanged.connect(self._update_ok)
        self.kkr.currentTextChanged.connect(self._update_ok)
        self._ok.setEnabled(False)
        form = self.form = QFormLayout()
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&KKR:", self.kkr)
        form.addRow("&Dato:", self.date)
        form.addRow("&Starttid:", self.start)
        form.addRow("&Titel:", self.title)
        form.addRow("M&ødested:", self.place)
        form.addRow(folder_label, folder_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.setSpacing(16)
        layout.addLayout(form)
        layout.addWidget(buttons)
        chain = [self.kkr, self.date, self.start, self.title, self.place, self.folder, browse]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _update_ok(self, *_args) -> None:
        self._ok.setEnabled(bool(self.folder.text().strip()) and bool(self.kkr.currentText().strip()))

    def _browse(self) -> None:
        chosen = self._choose_folder() if self._choose_folder else None
        if chosen:
            self.folder.setText(str(chosen))

    def request(self) -> NewMeetingRequest:
        time, day = self.start.time(), self.date.date()
        meeting = Meeting(kkr=self.kkr.currentText().strip(), date=dt.date(day.year(), day.month(), day.day()),
                          title=self.title.text().strip(), place=self.place.text().strip(),
                          start=dt.time(time.hour(), time.minute()), continuous_numbers=True)
        return NewMeetingRequest(folder=Path(self.folder.text().strip()), meeting=meeting)
