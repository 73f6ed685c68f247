"""The right-hand forms of the editor: the meeting, the selected item, the selected bilag."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TypeVar

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTime, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core import danish
from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting import KKR_NAMES, AgendaItem, Bilag, ItemType
from kkrdesk.core.meeting.checks import Finding
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.new_meeting_dialog import TabbingTimeEdit
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.window_words import problem_text

KIND_NAMES = {"pdf": "PDF-dokument", "docx": "Word-dokument", "xlsx": "Excel-regneark",
              "csv": "CSV-data", "image": "Billede", "text": "Tekstfil", "other": "Anden fil"}
TEXT_COMMIT_MS = 700


AnyWidget = TypeVar("AnyWidget", bound=QWidget)


def _accessible(widget: AnyWidget, name: str, description: str = "") -> AnyWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


class _ProblemList(QWidget):
    """Inline list of the findings that concern what the form shows."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_findings(self, findings: list[Finding]) -> None:
        while self._layout.count():
            taken = self._layout.takeAt(0)
            if taken is not None and (widget := taken.widget()) is not None:
                widget.deleteLater()
        for finding in findings:
            problem = finding.problem
            label = QLabel(problem_text(problem))
            label.setWordWrap(True)
            label.setObjectName("inlineProblem" if problem.severity is Severity.ERROR else "inlineWarning")
            label.setAccessibleName("Problem: " + problem.message)
            self._layout.addWidget(label)
        self.setVisible(bool(findings))


class _TextCommitter(QObject):
    """Commits a text edit after a pause in typing and when it loses focus, not on every key."""

    def __init__(self, editor: QPlainTextEdit, commit):
        super().__init__(editor)
        self._editor, self._commit = editor, commit
        self._timer = QTimer(self, singleShot=True, interval=TEXT_COMMIT_MS)
        self._timer.timeout.connect(self.flush)
        editor.textChanged.connect(self._changed)
        editor.installEventFilter(self)
        self.loading = False

    def _changed(self) -> None:
        if not self.loading:
            self._timer.start()

    def flush(self) -> None:
        self._timer.stop()
        if not self.loading:
            self._commit(self._editor.toPlainText())

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and self._timer.isActive():
            self.flush()
        return False


def _set_text(editor: QPlainTextEdit | QLineEdit, text: str) -> None:
    current = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
    if current != text:
        editor.blockSignals(True)
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)
        editor.blockSignals(False)


class ItemForm(QWidget):
    """Number, type, title, case id, closed flag and the three case texts of one item."""

    TEXTS = (("resume", "Resumé"), ("indstilling", "Indstilling"), ("sagsfremstilling", "Sagsfremstilling"))

    def __init__(self, session: MeetingSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.item: AgendaItem | None = None
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        self.problems = _ProblemList()
        self.number = _accessible(QLineEdit(), "Punktnummer", 'Nummeret som på dagsordenen, fx "2.2"')
        self.type = _accessible(QComboBox(), "Sagstype", "Typen, der står før titlen")
        self.type.addItem("(ingen type)", None)
        for item_type in ItemType:
            self.type.addItem(item_type.value, item_type)
        self.title = _accessible(QLineEdit(), "Titel", "Punktets titel på dagsordenen")
        self.case_id = _accessible(QLineEdit(), "Sagsnummer")
        self.closed = _accessible(QCheckBox("Lukket punkt"), "Lukket punkt",
                                  "Lukkede punkter kommer kun med i pakker, når det vælges")
        self.texts: dict[str, QPlainTextEdit] = {}
        self._committers: dict[str, _TextCommitter] = {}
        form = QFormLayout()
        form.addRow("&Nummer:", self.number)
        form.addRow("T&ype:", self.type)
        form.addRow("&Titel:", self.title)
        form.addRow("&Sagsnummer:", self.case_id)
        form.addRow("", self.closed)
        for field, label in self.TEXTS:
            editor = _accessible(QPlainTextEdit(), label, f"{label}: afsnit adskilles af en tom linje; "
                                 "linjer, der begynder med - , bliver punkter")
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(140 if field == "sagsfremstilling" else 70)
            self.texts[field] = editor
            self._committers[field] = _TextCommitter(editor, lambda text, f=field: self._edit(f, text))
            form.addRow(f"{label}:", editor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems)
        layout.addLayout(form)
        self.number.editingFinished.connect(lambda: self._edit("number", self.number.text().strip()))
        self.title.editingFinished.connect(lambda: self._edit("title", self.title.text().strip()))
        self.case_id.editingFinished.connect(lambda: self._edit("case_id", self.case_id.text().strip()))
        self.type.currentIndexChanged.connect(lambda _: self._edit("type", self.type.currentData()))
        self.closed.toggled.connect(lambda checked: self._edit("closed", checked))
        chain = [self.number, self.type, self.title, self.case_id, self.closed, *self.texts.values()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _edit(self, field: str, value) -> None:
        if self.item is not None and not self.session.read_only:
            self.session.edit_item(self.item, field, value)

    def commit_pending(self) -> None:
        for committer in self._committers.values():
            if committer._timer.isActive():
                committer.flush()

    def show_item(self, item: AgendaItem | None) -> None:
        self.commit_pending()
        self.item = item
        self.refresh()

    def refresh(self) -> None:
        item = self.item
        if item is None:
            return
        self.heading.setText(f"Punkt {item.number}" + (" – lukket" if item.closed else ""))
        _set_text(self.number, item.number)
        _set_text(self.title, item.title)
        _set_text(self.case_id, item.case_id)
        self.type.blockSignals(True)
        self.type.setCurrentIndex(max(0, self.type.findData(item.type)))
        self.type.blockSignals(False)
        self.closed.blockSignals(True)
        self.closed.setChecked(item.closed)
        self.closed.blockSignals(False)
        for field, editor in self.texts.items():
            self._committers[field].loading = True
            _set_text(editor, getattr(item, field))
            self._committers[field].loading = False
        self.problems.show_findings(self.session.model.findings_at(item))
        read_only = self.session.read_only
        for line in (self.number, self.title, self.case_id):
            line.setReadOnly(read_only)
        for editor in self.texts.values():
            editor.setReadOnly(read_only)
        self.type.setEnabled(not read_only)
        self.closed.setEnabled(not read_only)


class BilagForm(QWidget):
    """Title, file, kind, pages, flags and the fingerprint status of one bilag."""

    openRequested = Signal(object, object)   # item, bilag

    def __init__(self, session: MeetingSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.item: AgendaItem | None = None
        self.bilag: Bilag | None = None
        self.heading = QLabel()
        self.heading.setObjectName("formHeading")
        self.problems = _ProblemList()
        self.title = _accessible(QLineEdit(), "Bilagets titel", "Titlen i indholdsfortegnelsen")
        self.file = QLabel()
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = QLabel()
        self.pages = QLabel()
        self.closed = _accessible(QCheckBox("Lukket bilag"), "Lukket bilag")
        self.printed = _accessible(QCheckBox("Med i bilagspakken"), "Med i bilagspakken",
                                   "Datafiler vedhæftes normalt kun og trykkes ikke")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.accept = _accessible(QPushButton("&Godkend ny udgave"), "Godkend ny udgave af filen",
                                  "Registrér filens nye fingeraftryk, type og sidetal")
        self.open_file = _accessible(QPushButton("Å&bn fil"), "Åbn filen i standardprogrammet")
        self.open_reader = _accessible(QPushButton("&Læs i kkrdesk"), "Åbn bilaget i kkrdesk")
        self.target = _accessible(QComboBox(), "Flyt til punkt")
        self.move_button = _accessible(QPushButton("&Flyt"), "Flyt bilaget til det valgte punkt")
        form = QFormLayout()
        form.addRow("&Titel:", self.title)
        form.addRow("Fil:", self.file)
        form.addRow("Type:", self.kind)
        form.addRow("Sider:", self.pages)
        form.addRow("", self.closed)
        form.addRow("", self.printed)
        form.addRow("Filens tilstand:", self.status)
        buttons = QHBoxLayout()
        for button in (self.accept, self.open_file, self.open_reader):
            buttons.addWidget(button)
        buttons.addStretch()
        move_row = QHBoxLayout()
        move_row.addWidget(QLabel("Flyt til punkt:"))
        move_row.addWidget(self.target, 1)
        move_row.addWidget(self.move_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(move_row)
        layout.addStretch()
        self.title.editingFinished.connect(lambda: self._edit("title", self.title.text().strip()))
        self.closed.toggled.connect(lambda checked: self._edit("closed", checked))
        self.printed.toggled.connect(lambda checked: self._edit("printed", checked))
        self.accept.clicked.connect(self._accept_new_file)
        self.open_file.clicked.connect(self._open_externally)
        self.open_reader.clicked.connect(lambda: self.openRequested.emit(self.item, self.bilag))
        self.move_button.clicked.connect(self._move)
        self.target.currentIndexChanged.connect(
            lambda _: self.move_button.setEnabled(not self.session.read_only and self.target.currentData() is not None))

    def _edit(self, field: str, value) -> None:
        if self.item is not None and self.bilag is not None and not self.session.read_only:
            self.session.edit_bilag(self.item, self.bilag, field, value)

    def _accept_new_file(self) -> None:
        if self.item is not None and self.bilag is not None:
            self.session.accept_new_file(self.item, self.bilag)

    def _open_externally(self) -> None:
        """Åbn fil: the file's own program; without one, say so and offer to show it in its folder."""
        if self.bilag is None:
            return
        path = self.session.folder.file_path(self.bilag.file)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        service = dialogs.service()
        if service.offer(self, "Åbn fil", f"Der er intet program på computeren, der kan åbne {path.name}. "
                         "Du kan se filen i dens mappe og åbne den derfra.", "Vis i mappe") \
                and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            service.inform(self, "Vis i mappe", f"Filen ligger her:\n{path}")

    def _move(self) -> None:
        target = self.target.currentData()
        if self.item is None or self.bilag is None:
            return
        if target is not None and target is not self.item:
            self.session.move_bilag(self.item, self.item.bilag_number(self.bilag) - 1, target,
                                    len(target.bilag))

    def show_bilag(self, item: AgendaItem | None, bilag: Bilag | None) -> None:
        self.item, self.bilag = item, bilag
        self.refresh()

    def refresh(self) -> None:
        item, bilag = self.item, self.bilag
        if bilag is None or item is None or bilag not in item.bilag:
            return
        number = item.bilag_number(bilag)
        self.heading.setText(f"Bilag {number} til punkt {item.number}")
        _set_text(self.title, bilag.title)
        self.file.setText(bilag.file)
        self.kind.setText(KIND_NAMES.get(str(bilag.kind), str(bilag.kind)))
        self.pages.setText("ukendt" if bilag.pages is None else str(bilag.pages))
        for box, value in ((self.closed, bilag.closed), (self.printed, bilag.printed)):
            box.blockSignals(True)
            box.setChecked(value)
            box.blockSignals(False)
        findings = self.session.model.findings_at(item, number)
        codes = {f.problem.code for f in findings}
        if "file-changed" in codes:
            status = "Filen er ændret på disken, siden den blev lagt på punktet."
        elif "file-missing" in codes:
            status = "Filen mangler i mødets mappe."
        elif bilag.sha256:
            status = "Uændret, siden den blev lagt på punktet."
        else:
            status = "Ikke registreret: kkrdesk kan ikke se, om filen ændres."
        self.status.setText(status)
        self.problems.show_findings(findings)
        self.accept.setVisible("file-changed" in codes or "hash-missing" in codes or "kind-mismatch" in codes)
        self.target.clear()
        self.target.addItem("Vælg et punkt …", None)
        for other in self.session.meeting.items:
            if other is not item:
                self.target.addItem(other.heading or other.number, other)
        read_only = self.session.read_only
        self.title.setReadOnly(read_only)
        for widget in (self.closed, self.printed, self.accept, self.target, self.move_button):
            widget.setEnabled(not read_only)
        self.move_button.setEnabled(not read_only and self.target.currentData() is not None)


class MeetingForm(QWidget):
    """KKR, title, date, start time, place and case id of the meeting, with a short summary."""

    def __init__(self, session: MeetingSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.heading = QLabel("Mødeoplysninger")
        self.heading.setObjectName("formHeading")
        self.kkr = _accessible(QComboBox(), "KKR")
        self.kkr.setEditable(True)
        self.kkr.addItems(KKR_NAMES)
        self.title = _accessible(QLineEdit(), "Mødets titel")
        self.title.setPlaceholderText("Møde i …")
        self.date = _accessible(QDateEdit(), "Mødedato")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d. MMMM yyyy")
        self.start = _accessible(TabbingTimeEdit(), "Starttid")
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
        session.model.edited.connect(self.refresh)
        self.refresh()

    def _edit(self, field: str, value) -> None:
        if not self.session.read_only:
            self.session.edit_meeting(field, value)

    def refresh(self) -> None:
        meeting = self.session.meeting
        self.kkr.blockSignals(True)
        self.kkr.setCurrentText(meeting.kkr)
        self.kkr.blockSignals(False)
        _set_text(self.title, meeting.title)
        _set_text(self.place, meeting.place)
        _set_text(self.case_id, meeting.case_id)
        self.date.blockSignals(True)
        self.date.setDate(QDate(meeting.date.year, meeting.date.month, meeting.date.day))
        self.date.blockSignals(False)
        self.start.blockSignals(True)
        self.start.setTime(QTime(meeting.start.hour, meeting.start.minute) if meeting.start else QTime(0, 0))
        self.start.blockSignals(False)
        self.continuous.blockSignals(True)
        self.continuous.setChecked(meeting.continuous_numbers)
        self.continuous.blockSignals(False)
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
