"""Read-only item models over a contract review: the goals side by side, and the findings by severity."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from kkrdesk.core.contracts.checks import Finding
from kkrdesk.core.contracts.comparison import GoalRow
from kkrdesk.core.errors import SEVERITY_DA, Severity
from kkrdesk.ui.contracts.icons import severity_icon

ModelIndex = QModelIndex | QPersistentModelIndex

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
BLOCK_ROLE = Qt.ItemDataRole.UserRole + 2
PASSAGE_ROLE = Qt.ItemDataRole.UserRole + 3     # (start, end) of the target's sentence in its block
_ROW_COLOURS = {Severity.ERROR: QColor(0xFB, 0xE3, 0xE3), Severity.WARNING: QColor(0xFF, 0xF4, 0xD6)}
_STATUS_COLOURS = {"opfyldt": QColor(0x1E, 0x7B, 0x34), "ikke opfyldt": QColor(0xB0, 0x1E, 0x1E)}


class GoalTableModel(QAbstractTableModel):
    """One row per national measure: the agreement's demand beside the contract's target."""

    BASE_HEADERS = ("Mål", "Målepunkt", "Rammeaftalen", "Kontrakten")
    RESULT_HEADERS = ("Opnået", "Status")

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[GoalRow] = []
        self._with_results = False

    def set_rows(self, rows: list[GoalRow], *, with_results: bool) -> None:
        self.beginResetModel()
        self._rows, self._with_results = list(rows), with_results
        self.endResetModel()

    def row(self, index: int) -> GoalRow:
        return self._rows[index]

    def headers(self) -> tuple[str, ...]:
        return self.BASE_HEADERS + (self.RESULT_HEADERS if self._with_results else ())

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def data(self, index: ModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = (str(row.goal), row.measure, row.agreement, row.contract, row.achieved,
                      row.status)
            if role == Qt.ItemDataRole.ToolTipRole:
                where = row.block.location.describe() if row.block else "ikke i kontrakten"
                quote = ""
                if row.block is not None and row.passage is not None:
                    quote = f"\n»{row.block.text[row.passage[0]:row.passage[1]].strip()}«"
                return f"Mål {row.goal} ({row.goal_name}): {row.measure}\nKontrakten: {where}{quote}"
            return values[column] if column < len(self.headers()) else None
        if role == Qt.ItemDataRole.DecorationRole and column == 3 and row.severity is not None:
            return severity_icon(row.severity)
        if role == Qt.ItemDataRole.BackgroundRole and row.severity in _ROW_COLOURS and column == 3:
            return QBrush(_ROW_COLOURS[row.severity])
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and row.status in _STATUS_COLOURS:
            return QBrush(_STATUS_COLOURS[row.status])
        if role == BLOCK_ROLE:
            return row.block
        if role == PASSAGE_ROLE:
            return row.passage
        return None


class FindingListModel(QAbstractListModel):
    """The findings, errors first, each with its severity icon, message and sources."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._findings)

    def data(self, index: ModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._findings)):
            return None
        finding = self._findings[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return finding.message
        if role == Qt.ItemDataRole.DecorationRole:
            return severity_icon(finding.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{SEVERITY_DA[finding.severity].capitalize()} ({finding.code})\n"
                    f"Kontrakten: {finding.location}\nRammeaftalen: afsnit {finding.section}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{SEVERITY_DA[finding.severity]}: {finding.message}"
        if role == FINDING_ROLE:
            return finding
        if role == BLOCK_ROLE:
            return finding.block
        return None
