"""The meeting form of the editor: KKR, title, date, start time, place and case id of the meeting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSignalBlocker, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kkrdesk.core import danish
from kkrdesk.core.meeting import KKR_NAMES
from kkrdesk.ui.agenda.forms import _accessible, _set_text
from kkrdesk.ui.agenda.new_meeting_dialog import TabbingTimeEdit
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.date_field import DateField
from kkrdesk.ui.line_undo import undo_with_the_window
from kkrdesk.ui.theme import styled


class MeetingForm(QWidget):
    """KKR, title, date, start time, place and case id of the meeting, with a short summary."""

    def __init__(self, session: MeetingSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.heading = styled(QLabel("Mødeoplysninger"))
        self.heading.setObjectName("formHeading")
        self.kkr = _accessible(QComboBox(), "KKR")
        self.kkr.setEditable(True)
        self.kkr.addItems(KKR_NAMES)
        self.title = _accessible(QLineEdit(), "Mødets titel")
        self.title.setPlaceholderText("Møde i …")
        self.date = _accessible(styled(DateField()), "Mødedato")
        self.start = _accessible(styled(TabbingTimeEdit()), "Starttid")
        self.start.setDisplayFormat("HH.mm")
        self.place = _accessible(QLineEdit(), "Mødested")
        self.case_id = _accessible(QLineEdit(), "Mødets sagsnummer")
        self.continuous = _accessible(QCheckBox("F&ortløbende numre (advar om spring i punktnumrene)"),
                                      "Fortløbende numre")
        self.continuous.setToolTip("Slået fra: numrene er med vilje som på den udsendte dagsorden, med spring. "
                                   "Omnummerér sætter dem da kun i rækkefølge.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&KKR:", self.kkr)
        form.addRow("&Titel:", self.title)
        form.addRow("&Dato:", self.date)
        form.addRow("&Starttid:", self.start)
        form.addRow("&Mødested:", self.place)
        form.addRow("Sags&nummer:", self.case_id)
        form.addRow("", self.continuous)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addStretch()
        kkr_line = self.kkr.lineEdit()
        assert kkr_line is not None, "an editable combo box has a line edit"
        kkr_line.editingFinished.connect(lambda: self._edit("kkr", self.kkr.currentText().strip()))
        self.kkr.activated.connect(lambda _: self._edit("kkr", self.kkr.currentText().strip()))
        self.title.editingFinished.connect(lambda: self._edit("title", self.title.text().strip()))
        self.place.editingFinished.connect(lambda: self._edit("place", self.place.text().strip()))
        self.case_id.editingFinished.connect(lambda: self._edit("case_id", self.case_id.text().strip()))
        self.date.editingFinished.connect(lambda: self._edit("date", self.date.date().toPython()))
        self.continuous.toggled.connect(lambda checked: self._edit("continuous_numbers", checked))
        self.start.editingFinished.connect(
            lambda: self._edit("start", dt.time(self.start.time().hour(), self.start.time().minute())))
        for line in (self.title, self.place, self.case_id):
            undo_with_the_window(line)
        session.model.edited.connect(self.refresh)
        self.refresh()

    def _edit(self, field: str, value) -> None:
        if not self.session.read_only:
            self.session.edit_meeting(field, value)

    def refresh(self) -> None:
        meeting = self.session.meeting
        with QSignalBlocker(self.kkr):
            self.kkr.setCurrentText(meeting.kkr)
        _set_text(self.title, meeting.title)
        _set_text(self.place, meeting.place)
        _set_text(self.case_id, meeting.case_id)
        with QSignalBlocker(self.date), QSignalBlocker(self.start), QSignalBlocker(self.continuous):
            self.date.setDate(QDate(meeting.date.year, meeting.date.month, meeting.date.day))
            self.start.setTime(QTime(meeting.start.hour, meeting.start.minute) if meeting.start
                               else QTime(0, 0))
            self.continuous.setChecked(meeting.continuous_numbers)
        bilag = meeting.all_bilag()
        printed_pages = sum(b.pages or 0 for _, b in bilag if b.printed)
        self.summary.setText(
            f"{danish.format_date(meeting.date, weekday=True).capitalize()}. "
            f"{len(meeting.items)} punkter og {len(bilag)} bilag; {printed_pages} sider i bilagspakken "
            "(før forsider og indholdsfortegnelse).")
        read_only = self.session.read_only
        for widget in (self.title, self.place, self.case_id):
            widget.setReadOnly(read_only)
        for control in (self.kkr, self.date, self.start, self.continuous):
            control.setEnabled(not read_only)
