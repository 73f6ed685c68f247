"""The problems list of the editor: every finding of the checks, a click jumps to its place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting.checks import Finding, Place
from kkrdesk.ui.icons import icon

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
            text = f"{problem.message[:1].upper()}{problem.message[1:]}"
            entry = QListWidgetItem(icon(str(problem.severity)), text)
            entry.setToolTip(problem.hint)
            entry.setData(Qt.ItemDataRole.UserRole, finding.place)
            entry.setData(Qt.ItemDataRole.AccessibleTextRole, f"{problem.severity}: {text} {problem.hint}")
            self.addItem(entry)
        if not findings:
            self.addItem(QListWidgetItem(icon("info"), "Ingen problemer fundet."))

    def _activated(self, entry: QListWidgetItem) -> None:
        place = entry.data(Qt.ItemDataRole.UserRole)
        if isinstance(place, Place):
            self.placeActivated.emit(place)
