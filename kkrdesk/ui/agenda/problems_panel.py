"""The problems list of the editor: every finding of the checks, a click jumps to its place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting.checks import Finding, Place
from kkrdesk.ui.icons import icon
from kkrdesk.ui.window_words import problem_hint, window_text

ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class ProblemsPanel(QListWidget):
    """Findings sorted by severity; activating one emits the place it concerns."""

    placeActivated = Signal(object)  # Place

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Problemer i mødet")
        self.itemActivated.connect(self._activated)
        self.itemClicked.connect(self._activated)

    def show_findings(self, findings: list[Finding]) -> None:
        self.clear()
        for finding in sorted(findings, key=lambda f: ORDER[f.problem.severity]):
            problem = finding.problem
            message = window_text(problem.message)
            text = f"{message[:1].upper()}{message[1:]}"
            hint = problem_hint(problem)
            entry = QListWidgetItem(icon(str(problem.severity)), text)
            entry.setToolTip(hint)
            entry.setData(Qt.ItemDataRole.UserRole, finding.place)
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{problem.severity}: {text} {hint}")
            self.addItem(entry)
        if not findings:
            self.addItem(QListWidgetItem(icon("info"), "Ingen problemer fundet."))

    def _activated(self, entry: QListWidgetItem) -> None:
        place = entry.data(Qt.ItemDataRole.UserRole)
        if isinstance(place, Place):
            self.placeActivated.emit(place)
