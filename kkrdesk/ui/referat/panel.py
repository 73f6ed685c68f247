"""The Referat tab: decisions per item, follow-up, and the meeting's Fraværende, Protokoltilførsel, status.

Every edit goes through the meeting's undo stack, one command per field as in the item form.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.meeting import AgendaItem
from kkrdesk.core.meeting.model import ReferatStatus
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.date_field import DateField
from kkrdesk.ui.theme import styled

NO_DATE = QDate(2000, 1, 1)      # the date edits' minimum, shown as "ingen dato"
STATUS_NAMES = {ReferatStatus.UDKAST: "Udkast", ReferatStatus.GODKENDT: "Godkendt"}


def _qdate(day: dt.date | None) -> QDate:
    return NO_DATE if day is None else QDate(day.year, day.month, day.day)


def _day(edit: DateField) -> dt.date | None:
    chosen = edit.date()
    return None if chosen == NO_DATE else dt.date(chosen.year(), chosen.month(), chosen.day())


def _date_edit(name: str) -> DateField:
    edit = styled(DateField())
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("ingen dato")
    edit.setAccessibleName(name)
    return edit


def _text_edit(name: str, height: int) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setAccessibleName(name)
    return edit


def _show_text(editor: QPlainTextEdit, text: str) -> None:
    if editor.toPlainText() != text:
        with QSignalBlocker(editor):
            editor.setPlainText(text)


class ReferatPanel(QWidget):
    """Write the referat beside the agenda: the items on the left, the chosen item's decision on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.session: MeetingSession | None = None
        self.item: AgendaItem | None = None
        self.status = QComboBox()
        self.status.setAccessibleName("Referatets status")
        for status, name in STATUS_NAMES.items():
            self.status.addItem(name, status.value)     # Qt hands a StrEnum back as plain str
        self.approved_on = _date_edit("Referatet godkendt den")
        self.fravaerende = _text_edit("Fraværende", 50)
        self.protokol = _text_edit("Protokoltilførsel", 50)
        for editor in (self.fravaerende, self.protokol):
            editor.setMaximumHeight(90)     # the room goes to the decisions below
        self.items = QListWidget()
        self.items.setAccessibleName("Punkter i referatet")
        self.items.setWordWrap(True)
        self.items.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.heading = styled(QLabel())
        self.heading.setObjectName("formHeading")
        self.heading.setWordWrap(True)
        self.indstilling = QLabel()
        self.indstilling.setWordWrap(True)
        self.indstilling.setTextFormat(Qt.TextFormat.PlainText)
        self.indstilling.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.indstilling.setAccessibleName("Indstilling (kan ikke rettes her)")
        self.beslutning = _text_edit("Beslutning", 160)
        self.beslutning.setToolTip("Beslutning: afsnit adskilles af en tom linje; linjer, der begynder "
                                   "med - , bliver punkter")
        self.follow_up = QCheckBox("&Følges op")
        self.follow_up.setAccessibleName("Beslutningen følges op")
        self.follow_up_on = _date_edit("Følges op senest")
        self._build()
        self._connect()
        self.setEnabled(False)

    def _build(self) -> None:
        meeting_box = QGroupBox("Mødet")
        meeting_form = QFormLayout(meeting_box)
        status_row = QHBoxLayout()
        status_row.addWidget(self.status)
        status_row.addWidget(QLabel("godkendt den"))
        status_row.addWidget(self.approved_on)
        status_row.addStretch(1)
        status_label = QLabel("&Status:")
        status_label.setBuddy(self.status)
        meeting_form.addRow(status_label, status_row)
        meeting_form.addRow("Fra&værende:", self.fravaerende)
        meeting_form.addRow("&Protokoltilførsel:", self.protokol)
        item_box = QWidget()
        item_form = QFormLayout()
        item_form.addRow("Indstilling:", self.indstilling)
        item_form.addRow("&Beslutning:", self.beslutning)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.follow_up)
        follow_row.addWidget(QLabel("senest"))
        follow_row.addWidget(self.follow_up_on)
        follow_row.addStretch(1)
        item_form.addRow("", follow_row)
        item_layout = QVBoxLayout(item_box)
        item_layout.addWidget(self.heading)
        item_layout.addLayout(item_form)
        item_layout.addStretch()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.items)
        split.addWidget(item_box)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(meeting_box)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.items.currentRowChanged.connect(self._choose)
        self.beslutning.textChanged.connect(
            lambda: self._edit_item("beslutning", self.beslutning.toPlainText()))
        self.follow_up.toggled.connect(self._follow_up_toggled)
        self.follow_up_on.dateChanged.connect(
            lambda _: self._edit_item("opfoelgning_dato", _day(self.follow_up_on)))
        self.fravaerende.textChanged.connect(
            lambda: self._edit_meeting("fravaerende", self.fravaerende.toPlainText()))
        self.protokol.textChanged.connect(
            lambda: self._edit_meeting("protokoltilfoersel", self.protokol.toPlainText()))
        self.status.currentIndexChanged.connect(lambda _: self._status_chosen())
        self.approved_on.dateChanged.connect(
            lambda _: self._edit_meeting("referat_godkendt_dato", _day(self.approved_on)))

    # -- the open meeting ------------------------------------------------------------------
    def set_session(self, session: MeetingSession | None) -> None:
        if self.session is not None:
            self.session.model.edited.disconnect(self.refresh)
        self.session, self.item = session, None
        self.setEnabled(session is not None)
        if session is not None:
            session.model.edited.connect(self.refresh)
        self.refresh()

    def show_item(self, item: AgendaItem) -> None:
        if self.session is not None and item in self.session.meeting.items:
            self.items.setCurrentRow(self.session.meeting.items.index(item))

    def _choose(self, row: int) -> None:
        items = self.session.meeting.items if self.session is not None else []
        self.item = items[row] if 0 <= row < len(items) else None
        self._show_item()

    def refresh(self) -> None:
        """Show the meeting as it is now (after an edit, an undo or another meeting)."""
        session = self.session
        if session is None:
            self.items.clear()
            self._show_item()
            return
        meeting = session.meeting
        if self.item not in meeting.items:
            self.item = meeting.items[0] if meeting.items else None
        with QSignalBlocker(self.items):
            self.items.clear()
            for item in meeting.items:
                mark = "✓ " if item.beslutning.strip() else "– "
                row = QListWidgetItem(mark + (item.heading or item.number) + (" (lukket)" if item.closed else ""))
                row.setToolTip("Har en beslutning" if item.beslutning.strip() else "Ingen beslutning endnu")
                self.items.addItem(row)
            if self.item is not None:
                self.items.setCurrentRow(meeting.items.index(self.item))
        self._show_meeting(session)
        self._show_item()

    def _show_meeting(self, session: MeetingSession) -> None:
        meeting = session.meeting
        _show_text(self.fravaerende, meeting.fravaerende)
        _show_text(self.protokol, meeting.protokoltilfoersel)
        with QSignalBlocker(self.status), QSignalBlocker(self.approved_on):
            self.status.setCurrentIndex(self.status.findData(meeting.referat_status.value))
            self.approved_on.setDate(_qdate(meeting.referat_godkendt_dato))
        writable = not session.read_only
        self.status.setEnabled(writable)
        self.approved_on.setEnabled(writable and meeting.referat_status is ReferatStatus.GODKENDT)
        for editor in (self.fravaerende, self.protokol):
            editor.setReadOnly(not writable)

    def _show_item(self) -> None:
        item = self.item
        self.heading.setText(item.heading if item is not None else "Intet punkt")
        self.indstilling.setText((item.indstilling.strip() or "(ingen indstilling)") if item else "")
        _show_text(self.beslutning, item.beslutning if item else "")
        with QSignalBlocker(self.follow_up), QSignalBlocker(self.follow_up_on):
            self.follow_up.setChecked(bool(item and item.opfoelgning))
            self.follow_up_on.setDate(_qdate(item.opfoelgning_dato if item else None))
        writable = item is not None and self.session is not None and not self.session.read_only
        self.beslutning.setReadOnly(not writable)
        self.follow_up.setEnabled(writable)
        self.follow_up_on.setEnabled(writable and bool(item and item.opfoelgning))

    # -- edits, each an undo step ----------------------------------------------------------
    def _writable_session(self) -> MeetingSession | None:
        session = self.session
        return session if session is not None and not session.read_only else None

    def _edit_item(self, field: str, value) -> None:
        session = self._writable_session()
        if session is not None and self.item is not None:
            session.edit_item(self.item, field, value)

    def _edit_meeting(self, field: str, value) -> None:
        session = self._writable_session()
        if session is not None:
            session.edit_meeting(field, value)

    def _follow_up_toggled(self, checked: bool) -> None:
        """Unticking also forgets the date, in the same step: a date alone would mean nothing."""
        session, item = self._writable_session(), self.item
        if session is None or item is None:
            return
        session.stack.beginMacro(f"{'Markér' if checked else 'Fjern'} opfølgning på punkt {item.number}")
        session.edit_item(item, "opfoelgning", checked)
        if not checked:
            session.edit_item(item, "opfoelgning_dato", None)
        session.stack.endMacro()

    def _status_chosen(self) -> None:
        """Godkendt takes today's date (to be corrected if need be); Udkast drops the date, in one step."""
        session = self._writable_session()
        if session is None:
            return
        status = ReferatStatus(self.status.currentData())
        approved = status is ReferatStatus.GODKENDT
        day = (session.meeting.referat_godkendt_dato or dt.date.today()) if approved else None
        session.stack.beginMacro("Godkend referatet" if approved else "Sæt referatet til udkast")
        session.edit_meeting("referat_status", status)
        session.edit_meeting("referat_godkendt_dato", day)
        session.stack.endMacro()

