"""Where "Hent tekst fra Word" puts a text: what it uses of the agenda editor, and the item chosen there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeView

    from kkrdesk.core.meeting import AgendaItem, Bilag
    from kkrdesk.ui.agenda.session import MeetingSession
    from kkrdesk.ui.main_window import MainWindow


class AgendaEditor(Protocol):
    """What Hent tekst fra Word uses of the agenda editor (which installs it: no import back)."""

    @property
    def window(self) -> MainWindow: ...
    @property
    def tree(self) -> QTreeView: ...
    @property
    def session(self) -> MeetingSession | None: ...
    def selected(self) -> tuple[AgendaItem, Bilag | None] | None: ...


def selected_item(editor: AgendaEditor) -> AgendaItem | None:
    """The item the text would go to: the chosen one, in a meeting that may be changed."""
    session = editor.session
    if session is None or session.read_only:
        return None
    node = editor.selected()
    return node[0] if node else None
