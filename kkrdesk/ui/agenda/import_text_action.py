"""The "Hent tekst fra Word …" action, installed at start-up; its dialog and reader load when it is first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kkrdesk.ui.agenda.text_target import AgendaEditor, selected_item

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

ACTION_TEXT = "Hent tekst fra &Word …"


def install(editor: AgendaEditor) -> QAction:
    """Add "Hent tekst fra Word …" to the Rediger menu and the agenda's context menu."""
    window = editor.window
    action = window.make_action(ACTION_TEXT, lambda: _import_text(editor), None, None,
                                "Hent resumé, indstilling og sagsfremstilling fra et Word-dokument")
    window.add_edit_action(action, "order")
    editor.tree.addAction(action)

    def follow_selection(*_args: object) -> None:
        action.setEnabled(selected_item(editor) is not None)

    window.agendaSelectionChanged.connect(follow_selection)
    window.sessionChanged.connect(follow_selection)
    follow_selection()
    return action


def _import_text(editor: AgendaEditor) -> None:
    from kkrdesk.ui.agenda.import_text import import_text

    import_text(editor)
