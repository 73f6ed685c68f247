"""Ctrl+Z in a one-line field undoes the meeting's last step once what was typed there is committed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit


class _UndoFallsThrough(QObject):
    """Lets Undo/Redo reach the window when the field has nothing of its own to undo or redo
    (a QLineEdit takes Ctrl+Z for itself even then, so the key did nothing)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit)
                and isinstance(event, QKeyEvent)):
            own = ((event.matches(QKeySequence.StandardKey.Undo) and watched.isUndoAvailable())
                   or (event.matches(QKeySequence.StandardKey.Redo) and watched.isRedoAvailable()))
            if not own and (event.matches(QKeySequence.StandardKey.Undo)
                            or event.matches(QKeySequence.StandardKey.Redo)):
                event.ignore()
                return True
        return False


def undo_with_the_window(line: QLineEdit) -> QLineEdit:
    """``line`` forgets its typing when it is committed (Enter, Tab, leaving it), and then gives
    Ctrl+Z and Ctrl+Y to the window's undo stack."""
    line.installEventFilter(_UndoFallsThrough(line))
    line.editingFinished.connect(lambda: line.setText(line.text()))   # setText clears its own history
    return line
