"""The "Hent tekst fra Word …" action, installed at start-up; its dialog and reader load when it is first used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QTreeView

    from kkrdesk.core.meeting import AgendaItem, Bilag
    from kkrdesk.ui.agenda.session import MeetingSession
    from kkrdesk.ui.main_window import MainWindow

ACTION_TEXT = "Hent tekst fra &Word …"


class AgendaEditor(Protocol):
    """What Hent tekst fra Word uses of the agenda editor (which installs it: no import back)."""

    @property
    def window(self) -> MainWindow: ...
    @property
    def tree(self) -> QTreeView: ...
    @property
    def session(self) -> MeetingSession | None: ...
    def selected(self) -> tuple[AgendaItem, Bilag | None] | None: ...


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


def selected_item(editor: AgendaEditor) -> AgendaItem | None:
    """The item the text would go to: the chosen one, in a meeting that may be changed."""
    session = editor.session
    if session is None or session.read_only:
        return None
    node = editor.selected()
    return node[0] if node else None
