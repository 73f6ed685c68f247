"""The agenda as a Qt tree model: items with their bilag below; the only way the UI edits a meeting."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting import AgendaItem, Bilag, Meeting
from kkrdesk.core.meeting.checks import Finding
from kkrdesk.ui.icons import icon, kind_icon

NODE_MIME = "application/x-kkrdesk-agenda-node"
NodeRole = Qt.ItemDataRole.UserRole + 1
# The roles data() answers; a view asks for a dozen others for every cell it paints.
_ANSWERED_ROLES = frozenset(int(role) for role in (
    NodeRole, Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole))
_READ_ONLY_ROW = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_ROW = _READ_ONLY_ROW | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
ROOT = 0
ModelIndex = QModelIndex | QPersistentModelIndex


class AgendaItemModel(QAbstractItemModel):
    """Rows are agenda items; each item's children are its bilag. Column 1 shows page counts.

    Edits arrive through the ``insert_*``/``remove_*``/``move_*``/``set_*`` methods, which undo
    commands call; drags and file drops are turned into requests the editor makes undoable.
    """

    edited = Signal()                                   # any change to the meeting
    meetingFieldChanged = Signal(str)
    itemMoveRequested = Signal(int, int)                # source row, destination row
    bilagMoveRequested = Signal(object, int, object, int)   # source item, row, target item, row
    filesDropped = Signal(object, int, list)            # target item, row, [Path]

    COLUMNS = ("Dagsorden", "Sider")

    def __init__(self, meeting: Meeting, parent=None):
        super().__init__(parent)
        self.meeting = meeting
        self.read_only = False
        self._keys = itertools.count(1)
        self._key_of: dict[int, int] = {}       # id(item) -> key
        self._item_of: dict[int, AgendaItem] = {}
        self._findings: dict[tuple[str | None, int | None], list[Finding]] = {}
        self._grouping = 0
        self._renumber_later: dict[int, AgendaItem] = {}   # id(item) -> item, while edits are grouped

    # -- identity ------------------------------------------------------------------------
    def _key(self, item: AgendaItem) -> int:
        key = self._key_of.get(id(item))
        if key is None or self._item_of.get(key) is not item:
            key = next(self._keys)
            self._key_of[id(item)], self._item_of[key] = key, item
        return key

    def item_row(self, item: AgendaItem) -> int:
        for row, candidate in enumerate(self.meeting.items):
            if candidate is item:
                return row
        raise ValueError("item is not in the meeting")

    def item_index(self, item: AgendaItem, column: int = 0) -> QModelIndex:
        return self.index(self.item_row(item), column)

    def bilag_index(self, item: AgendaItem, bilag: Bilag, column: int = 0) -> QModelIndex:
        return self.index(item.bilag_number(bilag) - 1, column, self.item_index(item))

    def node(self, index: ModelIndex) -> tuple[AgendaItem, Bilag | None] | None:
        """(item, None) for an item row, (item, bilag) for a bilag row, None for the root."""
        if not index.isValid():
            return None
        parent_key = index.internalId()
        if parent_key == ROOT:
            return self.meeting.items[index.row()], None
        item = self._item_of[parent_key]
        return item, item.bilag[index.row()]

    # -- structure -----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self.meeting.items):
                return QModelIndex()
            return self.createIndex(row, column, ROOT)
        node = self.node(parent)
        if node is None or node[1] is not None or row >= len(node[0].bilag):
            return QModelIndex()
        return self.createIndex(row, column, self._key(node[0]))

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == ROOT:
            return QModelIndex()
        item = self._item_of.get(index.internalId())
        if item is None:
            return QModelIndex()
        try:
            return self.createIndex(self.item_row(item), 0, ROOT)
        except ValueError:  # a stale index of a removed item
            return QModelIndex()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self.meeting.items)
        if parent.column() != 0:
            return 0
        node = self.node(parent)
        return 0 if node is None or node[1] is not None else len(node[0].bilag)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags if self.read_only else Qt.ItemFlag.ItemIsDropEnabled
        return _READ_ONLY_ROW if self.read_only else _EDITABLE_ROW

    # -- data ----------------------------------------------------------------------------
    def findings_at(self, item: AgendaItem | None, bilag_number: int | None = None) -> list[Finding]:
        return self._findings.get((item.number if item else None, bilag_number), [])

    def set_findings(self, findings: list[Finding]) -> None:
        grouped: dict[tuple[str | None, int | None], list[Finding]] = {}
        for finding in findings:
            grouped.setdefault((finding.place.item, finding.place.bilag), []).append(finding)
        self._findings = grouped
        # findings show in column 0 only; telling the view column 1 changed too made it measure
        # that resize-to-contents column again for every item (0.7 s for a meeting of 120 bilag)
        if self.meeting.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.meeting.items) - 1, 0))
            for item in self.meeting.items:
                if item.bilag:
                    parent = self.item_index(item)
                    self.dataChanged.emit(self.index(0, 0, parent),
                                          self.index(len(item.bilag) - 1, 0, parent))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED_ROLES:
            return None
        found = self.node(index)
        if found is None:
            return None
        item, bilag = found
        if role == NodeRole:
            return found
        number = item.bilag_number(bilag) if bilag is not None else None
        findings = self.findings_at(item, number)
        if index.column() == 1:
            if role == Qt.ItemDataRole.DisplayRole:
                pages = bilag.pages if bilag is not None else _printed_pages(item)
                return "" if not pages else str(pages)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if bilag is None:
                return item.heading if item.title else f"{item.number} (uden titel)"
            return f"Bilag {number}: {bilag.title or '(uden titel)'}"
        if role == Qt.ItemDataRole.DecorationRole:
            return _decoration(item, bilag, findings)
        if role == Qt.ItemDataRole.FontRole and bilag is not None and not bilag.printed:
            font = QFont()
            font.setItalic(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return _describe(item, bilag, number, findings)
        return None

    # -- edits (called by undo commands) ------------------------------------------------
    def insert_item(self, row: int, item: AgendaItem) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self.meeting.items.insert(row, item)
        self.endInsertRows()
        self.edited.emit()

    def remove_item(self, row: int) -> AgendaItem:
        self.beginRemoveRows(QModelIndex(), row, row)
        item = self.meeting.items.pop(row)
        self.endRemoveRows()
        self.edited.emit()
        return item

    def move_item(self, source: int, destination: int) -> int:
        """Move the item at ``source`` to before the item now at ``destination``; returns its new row."""
        if destination in (source, source + 1):
            return source
        self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination)
        item = self.meeting.items.pop(source)
        new_row = destination if destination < source else destination - 1
        self.meeting.items.insert(new_row, item)
        self.endMoveRows()
        self.edited.emit()
        return new_row

    def set_item_field(self, item: AgendaItem, field: str, value) -> None:
        setattr(item, field, value)
        row = self.item_row(item)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 1))
        self.edited.emit()

    def insert_bilag(self, item: AgendaItem, row: int, bilag: Bilag) -> None:
        parent = self.item_index(item)
        self.beginInsertRows(parent, row, row)
        item.bilag.insert(row, bilag)
        self.endInsertRows()
        self._renumbered(item)

    def remove_bilag(self, item: AgendaItem, row: int) -> Bilag:
        parent = self.item_index(item)
        self.beginRemoveRows(parent, row, row)
        bilag = item.bilag.pop(row)
        self.endRemoveRows()
        self._renumbered(item)
        return bilag

    def move_bilag(self, source_item: AgendaItem, source_row: int, target_item: AgendaItem,
                   target_row: int) -> int:
        """Move a bilag to before ``target_row`` of ``target_item``; returns its new row there."""
        same = source_item is target_item
        if same and target_row in (source_row, source_row + 1):
            return source_row
        self.beginMoveRows(self.item_index(source_item), source_row, source_row,
                           self.item_index(target_item), target_row)
        bilag = source_item.bilag.pop(source_row)
        new_row = target_row - 1 if same and target_row > source_row else target_row
        target_item.bilag.insert(new_row, bilag)
        self.endMoveRows()
        self._renumbered(source_item)
        if not same:
            self._renumbered(target_item)
        return new_row

    def set_bilag_field(self, item: AgendaItem, bilag: Bilag, field: str, value) -> None:
        setattr(bilag, field, value)
        index = self.bilag_index(item, bilag)
        self.dataChanged.emit(index, index.siblingAtColumn(1))
        row = self.item_row(item)
        self.dataChanged.emit(self.index(row, 1), self.index(row, 1))
        self.edited.emit()

    def set_meeting_field(self, field: str, value) -> None:
        setattr(self.meeting, field, value)
        self.meetingFieldChanged.emit(field)
        self.edited.emit()

    def replace_content(self, other: Meeting) -> None:
        """Take over every field and item of ``other`` (the meeting object itself stays the same)."""
        self.beginResetModel()
        for field in ("kkr", "date", "title", "start", "place", "case_id", "items", "fravaerende",
                      "protokoltilfoersel", "referat_status", "referat_godkendt_dato"):
            setattr(self.meeting, field, getattr(other, field))
        self.endResetModel()
        self.meetingFieldChanged.emit("")
        self.edited.emit()

    @contextmanager
    def grouped_edits(self) -> Iterator[None]:
        """Many edits as one (120 dropped files): the bilag rows are renumbered and ``edited`` is
        emitted once per item at the end, not after every edit (which made a drop quadratic)."""
        self._grouping += 1
        try:
            yield
        finally:
            self._grouping -= 1
            if not self._grouping:
                waiting, self._renumber_later = self._renumber_later, {}
                for item in waiting.values():
                    if any(candidate is item for candidate in self.meeting.items):
                        self._renumbered(item)

    def _renumbered(self, item: AgendaItem) -> None:
        """Bilag numbers follow their order, so every bilag row of the item may read differently."""
        if self._grouping:
            self._renumber_later[id(item)] = item
            return
        parent = self.item_index(item)
        if item.bilag:
            self.dataChanged.emit(self.index(0, 0, parent), self.index(len(item.bilag) - 1, 1, parent))
        self.dataChanged.emit(parent.siblingAtColumn(1), parent.siblingAtColumn(1))
        self.edited.emit()

    # -- drag and drop -------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME, "text/uri-list"]

    def mimeData(self, indexes) -> QMimeData:
        mime = QMimeData()
        valid = [i for i in indexes if i.isValid() and i.column() == 0]
        node = self.node(valid[0]) if valid else None
        if node is not None:
            item, bilag = node
            payload = {"item": self.item_row(item)}
            if bilag is not None:
                payload["bilag"] = item.bilag_number(bilag) - 1
            mime.setData(NODE_MIME, json.dumps(payload).encode("utf-8"))
        return mime

    def canDropMimeData(self, data: QMimeData, action, row: int, column: int, parent: ModelIndex) -> bool:
        if self.read_only:
            return False
        if data.hasUrls():
            return any(url.isLocalFile() for url in data.urls()) and self._drop_item(parent) is not None
        return data.hasFormat(NODE_MIME)

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: ModelIndex) -> bool:
        """Turn a drop into a request the editor makes undoable; returns False so views move nothing."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if data.hasUrls():
            item = self._drop_item(parent)
            if item is None:
                return False
            paths = [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]
            node = self.node(parent)
            at = row if row >= 0 and node is not None and node[1] is None else len(item.bilag)
            if node is not None and node[1] is not None:
                at = item.bilag_number(node[1]) - 1
            self.filesDropped.emit(item, at, paths)
            return False
        payload = json.loads(bytes(data.data(NODE_MIME).data()).decode("utf-8"))
        source_item = self.meeting.items[payload["item"]]
        target = self.node(parent)
        if "bilag" not in payload:
            if target is not None:  # dropped on an item or a bilag: place before that item
                row = self.item_row(target[0])
            self.itemMoveRequested.emit(payload["item"], row if row >= 0 else len(self.meeting.items))
            return False
        if target is None:
            return False
        target_item, target_bilag = target
        if target_bilag is not None:
            row = target_item.bilag_number(target_bilag) - 1
        elif row < 0:
            row = len(target_item.bilag)
        self.bilagMoveRequested.emit(source_item, payload["bilag"], target_item, row)
        return False

    def _drop_item(self, parent: ModelIndex) -> AgendaItem | None:
        node = self.node(parent)
        return node[0] if node is not None else None


def _printed_pages(item: AgendaItem) -> int:
    return sum(b.pages or 0 for b in item.bilag if b.printed)


def _decoration(item: AgendaItem, bilag: Bilag | None, findings: list[Finding]):
    severities = {f.problem.severity for f in findings}
    if Severity.ERROR in severities:
        return icon("error")
    if Severity.WARNING in severities:
        return icon("warning")
    closed = bilag.closed if bilag is not None else item.closed
    if closed:
        return icon("closed")
    return kind_icon(bilag.kind) if bilag is not None else icon("item")


def _describe(item: AgendaItem, bilag: Bilag | None, number: int | None, findings: list[Finding]) -> str:
    if bilag is None:
        parts = [item.heading or item.number]
        if item.closed:
            parts.append("Lukket punkt.")
        parts.append(f"{len(item.bilag)} bilag.")
    else:
        parts = [f"Bilag {number} til punkt {item.number}: {bilag.title}.",
                 f"{str(bilag.kind).upper()}" + (f", {bilag.pages} sider." if bilag.pages else ".")]
        if bilag.closed:
            parts.append("Lukket bilag.")
        if not bilag.printed:
            parts.append("Kommer ikke med i bilagspakken.")
    parts += [f.problem.message[:1].upper() + f.problem.message[1:] for f in findings]
    return " ".join(parts)
