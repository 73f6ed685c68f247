"""The notes side panel: the current page's text to pick a passage from, its notes and highlights, and export."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.danish import format_int
from kkrdesk.core.errors import KkrError
from kkrdesk.core.notes.anchoring import make_anchor
from kkrdesk.core.notes.export import write_notes_docx, write_notes_markdown
from kkrdesk.core.notes.model import HIGHLIGHT, NOTE, ORPHAN, BilagText, Note
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.ui import dialogs


class NotesPanel(QWidget):
    """Notes on one bilag page. ``note_activated`` asks the reader to show a note's passage."""

    note_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.store: NotesStore | None = None
        self.bilag: BilagText | None = None
        self.page = 0
        self.title = ""
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.page_text = QPlainTextEdit(self)
        self.page_text.setReadOnly(True)
        self.page_text.setAccessibleName("Sidens tekst; markér den passage, noten gælder")
        self.page_text.setPlaceholderText("Siden har ingen tekst.")
        self.page_text.selectionChanged.connect(self._selection_changed)
        self.note_text = QPlainTextEdit(self)
        self.note_text.setPlaceholderText("Din note …")
        self.note_text.setAccessibleName("Notens tekst")
        self.note_text.setMaximumHeight(80)
        self.add_button = QPushButton("Tilføj note", self)
        self.highlight_button = QPushButton("Markér", self)
        self.add_button.clicked.connect(lambda: self.add_note(NOTE))
        self.highlight_button.clicked.connect(lambda: self.add_note(HIGHLIGHT))
        self.notes_list = QListWidget(self)
        self.notes_list.setWordWrap(True)
        self.notes_list.setAccessibleName("Noter på siden")
        self.notes_list.itemActivated.connect(self._activated)
        self.notes_list.itemClicked.connect(self._activated)
        self.delete_button = QPushButton("Slet note", self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.orphans_label = QLabel(self)
        self.orphans_label.setWordWrap(True)
        self.export_button = QPushButton("Eksportér noter …", self)
        self.export_button.clicked.connect(self.export)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.highlight_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        instruction = QLabel("Markér en passage i sidens tekst:", self)
        instruction.setWordWrap(True)       # unwrapped, it held the panel 220 px wide (the agenda paid on 1024 px)
        layout.addWidget(instruction)
        layout.addWidget(self.page_text, 2)
        layout.addWidget(self.note_text)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Noter på siden:", self))
        layout.addWidget(self.notes_list, 1)
        layout.addWidget(self.delete_button)
        layout.addWidget(self.orphans_label)
        layout.addWidget(self.export_button)
        self._selection_changed()

    def set_context(self, store: NotesStore | None, bilag: BilagText | None, page: int,
                    title: str = "") -> None:
        self.store, self.bilag, self.page, self.title = store, bilag, page, title or self.title
        text = bilag.pages[page - 1] if bilag and 1 <= page <= len(bilag.pages) else ""
        self.page_text.setPlainText(text)
        self.heading.setText(f"<b>Noter</b> – bilag {bilag.bilag_number}, side {page}" if bilag
                             else "<b>Noter</b>")
        self.refresh()

    def refresh(self) -> None:
        self.notes_list.clear()
        if self.store is None or self.bilag is None:
            self.orphans_label.clear()
            return
        for note in self.store.on_page(self.bilag.sha256, self.page):
            label = "Markering" if note.kind == HIGHLIGHT else "Note"
            quote = " ".join(note.anchor.quote.split())
            text = f"{label}: »{quote}«" + (f"\n{note.text}" if note.text else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.notes_list.addItem(item)
        orphans = [n for n in self.store.notes if n.status == ORPHAN]
        self.orphans_label.setText(
            ("1 note kunne ikke genfindes i denne udgave; den er med i eksporten."
             if len(orphans) == 1 else
             f"{format_int(len(orphans))} noter kunne ikke genfindes i denne udgave; de er med i "
             "eksporten.") if orphans else "")
        self.export_button.setEnabled(bool(self.store.notes))

    def _selection_changed(self) -> None:
        has_selection = self.page_text.textCursor().hasSelection()
        self.add_button.setEnabled(has_selection and self.store is not None)
        self.highlight_button.setEnabled(has_selection and self.store is not None)

    def select_passage(self, start: int, end: int) -> None:
        """Select characters ``start:end`` of the page text (what a user does with the mouse)."""
        cursor = self.page_text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.page_text.setTextCursor(cursor)

    def add_note(self, kind: str) -> Note | None:
        cursor = self.page_text.textCursor()
        if self.store is None or self.bilag is None or not cursor.hasSelection():
            return None
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        anchor = make_anchor(self.bilag, self.page, start, end)
        text = self.note_text.toPlainText().strip() if kind == NOTE else ""
        try:
            note = self.store.add(Note(anchor=anchor, text=text, kind=kind))
        except (KkrError, OSError) as exc:
            dialogs.service().error(self, "Noten kunne ikke gemmes", str(exc))
            return None
        self.note_text.clear()
        self.refresh()
        return note

    def delete_selected(self) -> None:
        item = self.notes_list.currentItem()
        if item is None or self.store is None:
            return
        if dialogs.service().confirm(self, "Slet note", "Vil du slette noten?"):
            self.store.remove(item.data(Qt.ItemDataRole.UserRole))
            self.refresh()

    def _activated(self, item: QListWidgetItem) -> None:
        if self.store is not None:
            self.note_activated.emit(self.store.get(item.data(Qt.ItemDataRole.UserRole)))

    def export(self) -> None:
        if self.store is None:
            return
        target = dialogs.service().save_file(self, "Eksportér noter", "Mine noter.docx",
                                             "Word-dokument (*.docx);;Markdown (*.md)")
        if target is None:
            return
        try:
            if target.suffix.lower() == ".md":
                write_notes_markdown(self.store.notes, self.title, target)
            else:
                write_notes_docx(self.store.notes, self.title, target.with_suffix(".docx"))
        except (KkrError, OSError) as exc:
            dialogs.service().error(self, "Noterne kunne ikke gemmes", str(exc))
