"""The item form of the editor, and what the editor's forms share (inline problems, text fields)."""

from __future__ import annotations

import itertools
import re
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeySequence, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting import AgendaItem, ItemType
from kkrdesk.core.meeting.checks import Finding
from kkrdesk.core.meeting.model import split_type
from kkrdesk.core.text import markup
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.line_undo import undo_with_the_window
from kkrdesk.ui.theme import styled
from kkrdesk.ui.window_words import problem_text

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
        styled(self)
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
        self.heading = styled(QLabel())
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
        self.title.editingFinished.connect(self._title_edited)
        self.case_id.editingFinished.connect(lambda: self._edit("case_id", self.case_id.text().strip()))
        self.type.currentIndexChanged.connect(lambda _: self._edit("type", self.type.currentData()))
        self.closed.toggled.connect(lambda checked: self._edit("closed", checked))
        for line in (self.number, self.title, self.case_id):
            undo_with_the_window(line)
        chain = [self.number, self.type, self.title, self.case_id, self.closed, *self.texts.values()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _edit(self, field: str, value) -> None:
        if self.item is not None and not self.session.read_only:
            self.session.edit_item(self.item, field, value)

    def _title_edited(self) -> None:
        """A title pasted from a printed agenda ("Temadrøftelse: …") gives the type, not a doubled one."""
        typed = self.title.text().strip()
        item_type, title = split_type(typed)
        if (item_type is None or self.item is None or self.session.read_only
                or self.item.type not in (None, item_type)):
            self._edit("title", typed)
            return
        self.session.retitle_with_type(self.item, item_type, title)
        _set_text(self.title, self.item.title)

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
