"""The right-hand forms of the editor: the meeting, the selected item, the selected bilag."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import TypeVar

from PySide6.QtCore import QDate, QEvent, QObject, QSignalBlocker, Qt, QTime, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QKeySequence, QSyntaxHighlighter, QTextCharFormat, QTextCursor
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
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, Severity
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting import KKR_NAMES, AgendaItem, Bilag, ItemType
from kkrdesk.core.meeting.checks import Finding
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.core.text import markup
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.new_meeting_dialog import TabbingTimeEdit
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.ocr.make_searchable import ACTION_TEXT, MakeSearchable, MissingTools, missing_tools
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
        with QSignalBlocker(editor):
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(text)
            else:
                editor.setText(text)


FORMAT_NAMES = {"bold": "Fed skrift", "italic": "Kursiv", "bullet": "Punktopstilling",
                "number": "Nummereret liste"}
FORMAT_KEYS = {"bold": ("Ctrl+B",), "italic": ("Ctrl+I",), "bullet": ("Ctrl+Shift+L", "Shift+F12"),
               "number": ("F12",)}


class _FormattingBar(QWidget):
    """Buttons for bold, italic, bullets and numbers; they act on the case text last in focus."""

    def __init__(self, apply, parent=None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QToolButton] = {}
        for kind, label in (("bold", "F"), ("italic", "K"), ("bullet", "• Punkttegn"),
                            ("number", "1. Nummerering")):
            button = QToolButton(self)
            button.setText(label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)       # the text keeps its selection
            keys = " eller ".join(FORMAT_KEYS[kind])
            _accessible(button, FORMAT_NAMES[kind], f"{FORMAT_NAMES[kind]} ({keys})")
            font = button.font()
            font.setBold(kind == "bold")
            font.setItalic(kind == "italic")
            button.setFont(font)
            button.clicked.connect(lambda _=False, k=kind: apply(k))
            row.addWidget(button)
            self.buttons[kind] = button
        row.addStretch()


class _EmphasisHighlighter(QSyntaxHighlighter):
    """Shows **bold** bold and *italic* italic while the case text is edited, the marks greyed."""

    def highlightBlock(self, text: str) -> None:
        spans = markup.emphasis_spans(text)
        for start, end, bold, italic in spans:
            shown = QTextCharFormat()
            if bold:
                shown.setFontWeight(QFont.Weight.Bold)
            shown.setFontItalic(italic)
            self.setFormat(start, end - start, shown)
        for found in re.finditer(r"\*+", text):
            if any(start <= found.start() < end for start, end, _, _ in spans):
                marks = QTextCharFormat(self.format(found.start()))
                marks.setForeground(QColor("#8a8a8a"))
                self.setFormat(found.start(), found.end() - found.start(), marks)


class _FormattingKeys(QObject):
    """Ctrl+B, Ctrl+I, Ctrl+Shift+L and F12 in a case text format it (they mean other things elsewhere)."""

    def __init__(self, editor: QPlainTextEdit, apply, focused):
        super().__init__(editor)
        self._apply, self._focused = apply, focused
        self._keys = {QKeySequence(key)[0].toCombined(): kind  # type: ignore[index]  # PySide6 stubs lack __getitem__
                      for kind, keys in FORMAT_KEYS.items() for key in keys}

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self._focused()
        elif event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            kind = self._keys.get(event.keyCombination().toCombined())
            if kind is not None:
                event.accept()                       # the window's own Ctrl+B does not fire here
                if event.type() == QEvent.Type.KeyPress:
                    self._apply(kind)
                return True
        return False


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
        self._last_text = "resume"
        self._highlighters: list[QSyntaxHighlighter] = []
        self._committers: dict[str, _TextCommitter] = {}
        form = QFormLayout()
        form.addRow("&Nummer:", self.number)
        form.addRow("T&ype:", self.type)
        form.addRow("&Titel:", self.title)
        form.addRow("&Sagsnummer:", self.case_id)
        form.addRow("", self.closed)
        self.formatting = _FormattingBar(self._format)
        form.addRow("Formatering:", self.formatting)
        for field, label in self.TEXTS:
            editor = _accessible(QPlainTextEdit(), label, f"{label}: afsnit adskilles af en tom linje; "
                                 "linjer, der begynder med - , bliver punkter, og 1. nummererede punkter; "
                                 "**fed** og *kursiv* (Ctrl+B, Ctrl+I)")
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(120 if field == "sagsfremstilling" else 60)   # the window fits 600 px
            self.texts[field] = editor
            self._committers[field] = _TextCommitter(editor, lambda text, f=field: self._edit(f, text))
            self._highlighters.append(_EmphasisHighlighter(editor.document()))
            editor.installEventFilter(_FormattingKeys(editor, lambda kind, f=field: self._format(kind, f),
                                                      lambda f=field: setattr(self, "_last_text", f)))
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

    def _format(self, kind: str, field: str | None = None) -> None:
        """Bold, italic, bullets or numbers on the selection of a case text, as one undo step."""
        field = field or self._last_text
        if self.item is None or self.session.read_only or field not in self.texts:
            return
        editor = self.texts[field]
        self._committers[field].flush()            # what was typed is its own step first
        cursor = editor.textCursor()
        text = editor.toPlainText()
        if kind in ("bold", "italic"):
            edited = markup.toggle_emphasis(text, cursor.selectionStart(), cursor.selectionEnd(), kind)
        else:
            edited = markup.toggle_list(text, cursor.selectionStart(), cursor.selectionEnd(), kind)
        if edited.text == text:
            return
        self.session.format_item_text(self.item, field, edited.text, FORMAT_NAMES[kind])
        cursor = editor.textCursor()
        cursor.setPosition(min(edited.start, len(edited.text)))
        cursor.setPosition(min(edited.end, len(edited.text)), QTextCursor.MoveMode.KeepAnchor)
        editor.setTextCursor(cursor)
        editor.setFocus()

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
        with QSignalBlocker(self.type), QSignalBlocker(self.closed):
            self.type.setCurrentIndex(max(0, self.type.findData(item.type)))
            self.closed.setChecked(item.closed)
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
        self.formatting.setEnabled(not read_only)


class BilagForm(QWidget):
    """Title, file, kind, pages, flags and the fingerprint status of one bilag."""

    openRequested = Signal(object, object)   # item, bilag
    searchableMade = Signal(object, object)  # item, bilag: an OCR'd copy was just made

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
        self.ocr_status = QLabel()
        self.ocr_status.setWordWrap(True)
        self.make_searchable = _accessible(QPushButton(ACTION_TEXT + " …"), ACTION_TEXT,
                                           "Læg en tekst over de scannede sider med tekstgenkendelse "
                                           "(OCR); selve filen ændres ikke")
        self.ocr_in_pack = _accessible(QCheckBox("Brug den søgbare kopi i bilagspakken"),
                                       "Brug den søgbare kopi i bilagspakken",
                                       "Pakken får kopien med tekstlag (kan læses af skærmlæsere) i "
                                       "stedet for filen, som den kom")
        self._ocr: MakeSearchable | None = None
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
        self.ocr_row = QWidget()
        ocr_column = QVBoxLayout(self.ocr_row)
        ocr_column.setContentsMargins(0, 0, 0, 0)
        ocr_column.addWidget(self.ocr_status)       # full width, so its words wrap instead of clipping
        for widget in (self.make_searchable, self.ocr_in_pack):
            ocr_column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("Tekstgenkendelse:", self.ocr_row)
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
        self.ocr_in_pack.toggled.connect(lambda checked: self._edit("ocr_in_pack", checked))
        self.make_searchable.clicked.connect(self.start_ocr)
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

    def start_ocr(self) -> None:
        """Gør scannet bilag søgbart: OCR in the background; the form shows the copy when it is made."""
        item, bilag = self.item, self.bilag
        if item is None or bilag is None or self._ocr is not None:
            return
        self._ocr = MakeSearchable(self, self.session.folder.file_path(bilag.file), bilag.sha256,
                                   f"bilag {item.bilag_number(bilag)} til punkt {item.number}")
        self._ocr.done.connect(self._ocr_done)
        self._ocr.start()

    def _ocr_done(self, copy) -> None:
        self._ocr = None
        self.refresh()
        if copy is not None:
            self.searchableMade.emit(self.item, self.bilag)

    def _show_ocr(self, bilag: Bilag, codes: set[str]) -> None:
        """The OCR row: for a PDF whose pages are (partly) scanned, the copy's state and the action."""
        state = _scan_state(self.session.folder.file_path(bilag.file), bilag) \
            if bilag.kind is FileKind.PDF and not codes & {"file-changed", "file-missing", "hash-missing"} \
            else None
        self.ocr_row.setVisible(state is not None)
        if state is None:
            return
        copy, scanned, sampled = state
        if copy is not None:
            self.ocr_status.setText("Søgbar: søgning, læseren og kontraktkontrollen bruger kopien med "
                                    "tekst fra tekstgenkendelsen. Selve filen er uændret.")
        else:
            self.ocr_status.setText("Scannet: ingen af siderne har tekst, der kan søges i." if scanned == sampled
                                    else f"Scannet: {scanned} af {sampled} sider har ingen tekst, der kan "
                                    "søges i.")
        missing = missing_tools()
        self.make_searchable.setVisible(copy is None)
        self.make_searchable.setEnabled(not self.session.read_only and self._ocr is None
                                        and not (missing and MissingTools.told))
        self.make_searchable.setToolTip(f"Tekstgenkendelse er ikke mulig: {missing}." if missing else
                                        "Læg en tekst over de scannede sider; selve filen ændres ikke")
        self.ocr_in_pack.setVisible(copy is not None or bilag.ocr_in_pack)
        with QSignalBlocker(self.ocr_in_pack):
            self.ocr_in_pack.setChecked(bilag.ocr_in_pack)
        self.ocr_in_pack.setEnabled(not self.session.read_only)

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
            with QSignalBlocker(box):
                box.setChecked(value)
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
        self._show_ocr(bilag, codes)
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


def _scan_state(path, bilag: Bilag) -> tuple[object, int, int] | None:
    """(searchable copy or None, pages without text, pages looked at) of a scanned PDF; None if it has text."""
    if not bilag.sha256:
        return None
    # imported on first use: the preflight module loads pikepdf, which start-up does without
    from kkrdesk.core.export.preflight import TEXT_SAMPLE_PAGES, scanned_pages

    copy = searchable_copy(bilag.sha256)
    try:
        scanned, sampled = scanned_pages(path, bilag.sha256, bilag.pages or TEXT_SAMPLE_PAGES)
    except KkrError:
        return None
    return (copy, scanned, sampled) if copy is not None or scanned * 2 > sampled else None


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
