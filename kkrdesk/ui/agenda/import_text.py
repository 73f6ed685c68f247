"""Hent tekst fra Word: a case document's sections previewed, then put into an item's texts as one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.meeting import AgendaItem
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.item_model import AgendaItemModel
from kkrdesk.ui.agenda.text_target import AgendaEditor, selected_item
from kkrdesk.ui.background import BackgroundOp

if TYPE_CHECKING:   # the Word reader is imported when the action is used, not at start-up (~40 ms)
    from kkrdesk.core.casetext.case_sections import CaseImport
    from kkrdesk.ui.agenda.session import MeetingSession


TITLE = "Hent tekst fra Word"


class ImportItemTextsCommand(QUndoCommand):
    """Set several of an item's texts at once; one undo puts every one of them back."""

    def __init__(self, model: AgendaItemModel, item: AgendaItem, texts: dict[str, str]):
        super().__init__(f"Hent tekst fra Word til punkt {item.number}")
        self.model, self.item = model, item
        self.new = dict(texts)
        self.old = {name: getattr(item, name) for name in texts}

    def redo(self):
        for name, text in self.new.items():
            self.model.set_item_field(self.item, name, text)

    def undo(self):
        for name, text in self.old.items():
            self.model.set_item_field(self.item, name, text)


class ImportTextDialog(QDialog):
    """What goes where: each section found with its heading, the field it fills and its text."""

    def __init__(self, imported: CaseImport, item: AgendaItem, parent: QWidget | None = None):
        from kkrdesk.core.casetext.case_sections import FIELD_LABELS

        super().__init__(parent)
        self.setWindowTitle(f"Hent tekst fra Word til punkt {item.number}")
        self.resize(720, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Fra {imported.path.name}:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        content = QWidget()
        sections = QVBoxLayout(content)
        self.previews: dict[str, QTextBrowser] = {}
        replaced = set(imported.conflicts(item))
        for part in imported.parts:
            label = FIELD_LABELS[part.field]
            if part.field in replaced:
                title = f"»{part.heading}« → {label} (erstatter punktets nuværende tekst)"
            else:
                title = f"»{part.heading}« → {label}"
            box = QGroupBox(title)
            box_layout = QVBoxLayout(box)
            preview = QTextBrowser()
            preview.setAccessibleName(f"Tekst til {label}")
            preview.setHtml(part.html or "<i>(tomt afsnit)</i>")
            preview.setMinimumHeight(90)
            preview.setMaximumHeight(180)
            box_layout.addWidget(preview)
            sections.addWidget(box)
            self.previews[part.field] = preview
        if imported.unused:
            unused = QLabel(f"Teksten før første overskrift ({len(imported.unused)} afsnit) bruges ikke.")
            unused.setWordWrap(True)
            sections.addWidget(unused)
        sections.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        note = QLabel("Fed og kursiv vises her, men punktets tekst gemmes uden dem. "
                              "Overførslen kan fortrydes i ét trin.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton("Overfør",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText("Annuller")
        self.apply_button.setEnabled(bool(imported.texts))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


def import_text(editor: AgendaEditor, path: Path | None = None) -> BackgroundOp | None:
    """Ask for a Word file, read it in the background, preview it, and apply it if the user accepts."""
    window = editor.window
    item = selected_item(editor)
    session = editor.session
    if item is None or session is None:
        dialogs.service().inform(window, TITLE, "Vælg først det punkt, teksten skal hentes til.")
        return None
    if path is None:
        path = dialogs.service().open_file(window, f"Hent tekst fra Word til punkt {item.number}",
                                           "Word-dokumenter (*.docx);;Alle filer (*)")
        if path is None:
            return None
    from kkrdesk.core.casetext.case_sections import read_case_document

    chosen = Path(path)
    operation = BackgroundOp(lambda progress: read_case_document(chosen),
                             on_success=lambda imported: _preview(editor, session, item, imported),
                             on_failure=lambda error: dialogs.service().error(window, TITLE, error),
                             parent=window)
    return operation.start()


def _preview(editor: AgendaEditor, session: MeetingSession, item: AgendaItem, imported: CaseImport) -> None:
    if editor.session is not session or session.read_only:
        return
    dialog = ImportTextDialog(imported, item, editor.window)
    if dialogs.service().run(dialog) and imported.texts:
        session.stack.push(ImportItemTextsCommand(session.model, item, imported.texts))
