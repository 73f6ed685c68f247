"""The "Arkiv" window: meetings with earlier items on the same subject, one search across them, follow-up and notes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.archive.followup import FollowUp, followups
from kkrdesk.core.archive.index import ArchiveIndex, ArchiveItem, ArchiveMeeting
from kkrdesk.core.archive.notes import ArchivedNote, archive_notes
from kkrdesk.core.archive.related import RelatedItem, related_items
from kkrdesk.core.archive.search import (
    ArchiveResults,
    Filters,
    MeetingHits,
    search_archive,
)
from kkrdesk.core.danish import count, format_date, format_decimal, format_int
from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.model import ItemType
from kkrdesk.core.search.extraction import IndexingCancelled
from kkrdesk.core.search.snippet import marked
from kkrdesk.ui.background import BackgroundOp, Cancelled
from kkrdesk.ui.icons import icon
from kkrdesk.ui.window_geometry import place_on_screen

PLACE_ROLE = Qt.ItemDataRole.UserRole       # (meeting source, item number, bilag number, page, highlight)
MORE_ROLE = Qt.ItemDataRole.UserRole + 1    # on "… og N mere": the meeting whose other hits to show
ALL_IN_MEETING = 200
TYPING_PAUSE_MS = 300


class ArchiveWindow(QMainWindow):
    """One archive folder opened as a library; asks for a place to be shown through ``placeRequested``."""

    # the meeting's folder or pack, item number, bilag number (0: the item's own text), page or None, text to find
    placeRequested = Signal(object, str, int, object, str)
    refreshed = Signal(object)          # the RefreshReport, once the meetings are listed
    searched = Signal(object)           # the ArchiveResults shown
    relatedShown = Signal(object)       # the RelatedItems listed beside the chosen item

    def __init__(self, root: Path, index: ArchiveIndex | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.index = index or ArchiveIndex(root)
        self.meetings: dict[str, ArchiveMeeting] = {}
        self._running: list[BackgroundOp] = []
        self._search_request = self._related_request = 0
        self.setWindowTitle(f"Arkiv – {self.index.root.name} – kkrdesk")
        self.setWindowIcon(icon("kkrdesk"))

        self.folder_label = QLabel(str(self.index.root))
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #a61b1b")
        self.problems_label.hide()
        self.refresh_button = QPushButton("&Opdatér")
        self.refresh_button.setToolTip("Læs de møder igen, der er tilføjet eller ændret siden sidst")
        self.refresh_button.clicked.connect(self.refresh)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._meetings_tab(), "&Møder")
        self.tabs.addTab(self._search_tab(), "&Søg")
        self.tabs.addTab(self._followup_tab(), "O&pfølgning")
        self.tabs.addTab(self._notes_tab(), "&Noter")

        top = QHBoxLayout()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.refresh_button)
        body = QVBoxLayout()
        body.addLayout(top)
        body.addWidget(self.problems_label)
        body.addWidget(self.tabs, 1)
        central = QWidget()
        central.setLayout(body)
        self.setCentralWidget(central)
        place_on_screen(self, restored=False, size=QSize(1100, 780))   # or what fits a smaller screen
        self.refresh()

    # ------------------------------------------------------------------ building

    def _meetings_tab(self) -> QWidget:
        self.meeting_tree = QTreeWidget()
        self.meeting_tree.setHeaderLabels(["Møde og punkter", "Sagstype"])
        self.meeting_tree.setAccessibleName("Arkivets møder og deres punkter")
        self.meeting_tree.currentItemChanged.connect(self._item_chosen)
        self.meeting_tree.itemActivated.connect(self._open_node)
        self.related_label = QLabel("Tidligere punkter om samme emne")
        self.related_list = QListWidget()
        self.related_list.setAccessibleName("Tidligere punkter om samme emne")
        self.related_list.setWordWrap(True)
        self.related_list.setSpacing(3)
        self.related_list.itemActivated.connect(self._related_chosen)
        self.decision_label = QLabel()
        self.decision_label.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.decision_label)
        side_layout.addWidget(self.related_label)
        side_layout.addWidget(self.related_list, 1)
        splitter = QSplitter()
        splitter.addWidget(self.meeting_tree)
        splitter.addWidget(side)
        splitter.setSizes([650, 400])
        return splitter

    def _search_tab(self) -> QWidget:
        self.query_box = QLineEdit()
        self.query_box.setPlaceholderText('Søg i alle møder, fx landstal eller "kollektiv trafik"')
        self.query_box.setClearButtonEnabled(True)
        self.query_box.setAccessibleName("Søg i arkivet")
        self.kkr_box, self.year_box, self.type_box = QComboBox(), QComboBox(), QComboBox()
        self.kkr_box.setAccessibleName("KKR")
        self.year_box.setAccessibleName("År")
        self.type_box.setAccessibleName("Sagstype")
        self.type_box.addItem("Alle sagstyper", None)
        for kind in ItemType:
            self.type_box.addItem(kind.value, kind.value)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setWordWrap(True)
        self.results.setAccessibleName("Søgeresultater efter møde")
        self.results.itemActivated.connect(self._open_node)
        self.result_label = QLabel()
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.search)
        self.query_box.textChanged.connect(lambda _text: self._typing.start())
        self.query_box.returnPressed.connect(self.search)
        for box in (self.kkr_box, self.year_box, self.type_box):
            box.currentIndexChanged.connect(lambda _index: self.search())
        filters = QHBoxLayout()
        filters.addWidget(self.query_box, 1)
        filters.addWidget(self.kkr_box)
        filters.addWidget(self.year_box)
        filters.addWidget(self.type_box)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.result_label)
        layout.addWidget(self.results, 1)
        return tab

    def _followup_tab(self) -> QWidget:
        self.followup_tree = QTreeWidget()
        self.followup_tree.setHeaderLabels(["Dato", "Møde", "Punkt",
                                             "Beslutning"])
        self.followup_tree.setAccessibleName("Beslutninger til opfølgning")
        self.followup_tree.setWordWrap(True)
        self.followup_tree.itemActivated.connect(self._open_node)
        return self.followup_tree

    def _notes_tab(self) -> QWidget:
        self.notes_tree = QTreeWidget()
        self.notes_tree.setHeaderLabels(["Møde", "Sted", "Tekst", "Note"])
        self.notes_tree.setAccessibleName("Dine noter fra alle møder")
        self.notes_tree.itemActivated.connect(self._open_node)
        return self.notes_tree

    # ------------------------------------------------------------------ work

    def _run(self, work, on_success) -> BackgroundOp:
        op = BackgroundOp(work, on_success=on_success, on_failure=self._failed, parent=self)
        self._running.append(op)
        op.finished.connect(lambda: self._running.remove(op))
        return op.start()

    def _failed(self, error: KkrError) -> None:
        self.statusBar().showMessage(error.format(), 15000)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def closeEvent(self, event) -> None:
        """Closed while it reads the archive: the reading stops (a LibreOffice conversion at once)."""
        for op in self._running:
            op.cancel()
        super().closeEvent(event)

    def refresh(self) -> None:
        """Read what was added or changed in the folder (in the background), then list it all."""
        self.refresh_button.setEnabled(False)
        self.statusBar().showMessage("Læser arkivet …")
        index = self.index

        def work(progress):
            try:
                report = index.refresh(progress=progress.report, cancelled=lambda: progress.cancelled)
            except IndexingCancelled:
                raise Cancelled from None    # what was read stays; the next opening reads the rest
            meetings = index.meetings()
            return report, meetings, index.items_by_meeting(), followups(index), archive_notes(index)

        self._run(work, self._show_archive)

    def _show_archive(self, result) -> None:
        report, meetings, items, followed, (notes, note_problems) = result
        self.refresh_button.setEnabled(True)
        self.meetings = {meeting.source: meeting for meeting in meetings}
        self._fill_meetings(meetings, items)
        self._fill_filters(meetings)
        self._fill_followups(followed)
        self._fill_notes(notes)
        readable = [m for m in meetings if m.problem is None]
        read_again = len(report.added) + len(report.changed)
        self.statusBar().showMessage(f"{count(len(readable), 'møde', 'møder')} i arkivet; "
                                     f"{format_int(read_again)} læst igen.", 10000)
        skipped = [m for m in meetings if m.problem is not None]
        if skipped:
            self.problems_label.setText("Kan ikke læses og er udeladt: "
                                        + ", ".join(m.source for m in skipped))
            self.problems_label.setToolTip("\n".join(problem.format() for problem in report.problems + note_problems))
        self.problems_label.setVisible(bool(skipped))
        self.refreshed.emit(report)
        if self.query_box.text().strip():
            self.search()

    def _fill_meetings(self, meetings: list[ArchiveMeeting], items: dict[int, list[ArchiveItem]]) -> None:
        self.meeting_tree.clear()
        for meeting in meetings:
            if meeting.problem is not None:
                continue
            node = QTreeWidgetItem([f"{meeting.label()} – {meeting.source}", ""])
            node.setIcon(0, icon("open"))
            node.setData(0, PLACE_ROLE, (meeting.source, "", 0, None, ""))
            for item in items.get(meeting.id, []):
                child = QTreeWidgetItem([f"{item.number} {item.title}", item.type])
                child.setIcon(0, icon("item"))
                child.setData(0, PLACE_ROLE, (meeting.source, item.number, 0, None, ""))
                child.setData(1, PLACE_ROLE, item)
                node.addChild(child)
            self.meeting_tree.addTopLevelItem(node)
        self.meeting_tree.resizeColumnToContents(0)

    def _fill_filters(self, meetings: list[ArchiveMeeting]) -> None:
        dated = [m for m in meetings if m.date is not None]
        kkrs: Sequence[object] = sorted({m.kkr for m in dated})
        years: Sequence[object] = sorted({m.date.year for m in dated if m.date}, reverse=True)
        for box, everything, values in ((self.kkr_box, "Alle KKR", kkrs),
                                        (self.year_box, "Alle år", years)):
            chosen = box.currentData()
            with QSignalBlocker(box):
                box.clear()
                box.addItem(everything, None)
                for value in values:
                    box.addItem(str(value), value)
                box.setCurrentIndex(max(0, box.findData(chosen)) if chosen is not None else 0)

    def _fill_followups(self, followed: list[FollowUp]) -> None:
        self.followup_tree.clear()
        for entry in followed:
            due = format_date(entry.due) if entry.due else "uden dato"
            node = QTreeWidgetItem([due, entry.meeting.label(), f"{entry.item_number} {entry.item_title}",
                                    entry.beslutning])
            node.setData(0, PLACE_ROLE, (entry.meeting.source, entry.item_number, 0, None, ""))
            self.followup_tree.addTopLevelItem(node)
        for column in range(3):
            self.followup_tree.resizeColumnToContents(column)
        label = f"O&pfølgning ({len(followed)})" if followed else "O&pfølgning"
        self.tabs.setTabText(2, label)

    def _fill_notes(self, notes: list[ArchivedNote]) -> None:
        self.notes_tree.clear()
        for entry in notes:
            anchor = entry.note.anchor
            node = QTreeWidgetItem([entry.meeting.label(), entry.note.location(), f"»{anchor.quote}«",
                                    entry.note.text or "(markering)"])
            node.setData(0, PLACE_ROLE, (entry.meeting.source, anchor.item_number, anchor.bilag_number,
                                         anchor.page, anchor.quote))
            self.notes_tree.addTopLevelItem(node)
        for column in range(3):
            self.notes_tree.resizeColumnToContents(column)
        self.tabs.setTabText(3, f"&Noter ({len(notes)})" if notes else "&Noter")

    # ------------------------------------------------------------------ search

    def filters(self) -> Filters:
        return Filters(kkr=self.kkr_box.currentData(), year=self.year_box.currentData(),
                       item_type=self.type_box.currentData())

    def search(self) -> None:
        self._typing.stop()
        text = self.query_box.text().strip()
        self._search_request += 1
        request = self._search_request
        if not text:
            self.results.clear()
            self.result_label.clear()
            return
        index, filters = self.index, self.filters()

        def shown(results: ArchiveResults) -> None:
            if request == self._search_request:
                self._show_results(results)

        self._run(lambda _progress: search_archive(index, text, filters), shown)

    def _show_results(self, results: ArchiveResults) -> None:
        self.results.clear()
        if not results.groups:
            self.result_label.setText(f'Ingen sider i arkivet indeholder "{results.query}".')
            self.searched.emit(results)
            return
        self.result_label.setText(f"{count(results.total, 'side', 'sider')} i "
                                  f"{count(len(results.groups), 'møde', 'møder')}")
        for group in results.groups:
            pages = count(group.total, "side", "sider")
            node = QTreeWidgetItem([f"{group.meeting.label()} – {pages}"])
            node.setIcon(0, icon("open"))
            bold = node.font(0)
            bold.setBold(True)
            node.setFont(0, bold)
            self._add_hits(node, group)
            self.results.addTopLevelItem(node)
        self.results.expandAll()
        self.searched.emit(results)

    def _add_hits(self, node: QTreeWidgetItem, group: MeetingHits) -> None:
        source = group.meeting.source
        for hit in group.hits:
            title = hit.bilag_title or hit.item_title
            child = QTreeWidgetItem([f"{hit.location()} – {title}\n{marked(hit.snippet, hit.marks)}"])
            child.setToolTip(0, source)
            child.setData(0, PLACE_ROLE, (source, hit.item_number, hit.bilag_number or 0, hit.page, hit.highlight))
            node.addChild(child)
        if len(group.hits) < group.total:
            rest = group.total - len(group.hits)
            more = QTreeWidgetItem([f"… og {format_int(rest)} mere i mødet (dobbeltklik for at se dem)"])
            more.setData(0, MORE_ROLE, source)
            node.addChild(more)

    def show_all_in(self, node: QTreeWidgetItem, source: str) -> None:
        """Replace a meeting's first hits in the results with all of them (up to ALL_IN_MEETING)."""
        text, request, index = self.query_box.text().strip(), self._search_request, self.index
        filters = replace(self.filters(), meeting=source)

        def shown(results: ArchiveResults) -> None:
            if request != self._search_request or not results.groups:
                return
            node.takeChildren()
            self._add_hits(node, results.groups[0])
            node.setExpanded(True)
            self.searched.emit(results)

        self._run(lambda _progress: search_archive(index, text, filters, limit=ALL_IN_MEETING,
                                                   per_meeting=ALL_IN_MEETING), shown)

    # ------------------------------------------------------------------ earlier items

    def _item_chosen(self, node: QTreeWidgetItem | None, _previous=None) -> None:
        item = node.data(1, PLACE_ROLE) if node is not None else None
        self.related_list.clear()
        if node is None or not isinstance(item, ArchiveItem):
            self.decision_label.clear()
            return
        meeting = self.meetings[node.data(0, PLACE_ROLE)[0]]
        decision = item.beslutning or "(ingen beslutning skrevet)"
        if item.opfoelgning:
            due = format_date(item.opfoelgning_dato) if item.opfoelgning_dato else "uden dato"
            decision += f" – til opfølgning {due}"
        self.decision_label.setText(f"Beslutning: {decision}")
        self._related_request += 1
        request, index = self._related_request, self.index

        def shown(found: list[RelatedItem]) -> None:
            if request == self._related_request:
                self._show_related(found)

        self._run(lambda _progress: related_items(index, meeting, item.number), shown)

    def _show_related(self, found: list[RelatedItem]) -> None:
        self.related_list.clear()
        if not found:
            self.related_list.addItem("Ingen tidligere punkter ligner dette.")
        for entry in found:
            row = QListWidgetItem(f"{entry.meeting.label()}: {entry.item_number} {entry.item_title}")
            row.setData(PLACE_ROLE, (entry.meeting.source, entry.item_number, 0, None, ""))
            row.setToolTip(f"Lighed {format_decimal(entry.score, 2)}"
                           + (f"\nBeslutning: {entry.beslutning}" if entry.beslutning else ""))
            self.related_list.addItem(row)
        self.relatedShown.emit(found)

    def _related_chosen(self, row: QListWidgetItem) -> None:
        place = row.data(PLACE_ROLE)
        if place is not None:
            self.select_item(place[0], place[1])

    def select_item(self, source: str, item_number: str) -> bool:
        """Make an item of a listed meeting the current one (its earlier items are then listed)."""
        for top in range(self.meeting_tree.topLevelItemCount()):
            node = self.meeting_tree.topLevelItem(top)
            children = [node.child(n) for n in range(node.childCount())] if node is not None else []
            for child in children:
                if child is not None and child.data(0, PLACE_ROLE)[:2] == (source, item_number):
                    self.tabs.setCurrentIndex(0)
                    self.meeting_tree.setCurrentItem(child)
                    return True
        return False

    # ------------------------------------------------------------------ opening

    def _open_node(self, node, _column: int = 0) -> None:
        more = node.data(0, MORE_ROLE)
        if more and node.parent() is not None:
            self.show_all_in(node.parent(), more)
            return
        place = node.data(0, PLACE_ROLE)
        if not place or not place[1]:
            return
        source, item_number, bilag_number, page, highlight = place
        self.placeRequested.emit(self.index.root / source, item_number, bilag_number, page, highlight or "")
