""""Tidligere punkter om samme emne" beside the item being edited: the folder the meeting lies in, searched as its archive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from kkrdesk.core.archive.index import ArchiveIndex
from kkrdesk.core.archive.related import RelatedItem, related_items
from kkrdesk.core.errors import KkrError
from kkrdesk.core.search.extraction import IndexingCancelled
from kkrdesk.ui.background import BackgroundOp, Cancelled

PLACE_ROLE = Qt.ItemDataRole.UserRole
SETTLE_MS = 250


class RelatedPanel(QWidget):
    """Lists earlier items like the current one; the meeting folder's parent folder is the archive."""

    # the earlier meeting's folder or pack, and the item's number
    placeRequested = Signal(object, str)
    shown = Signal(object)            # the RelatedItems listed

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel("Vælg et punkt for at se tidligere punkter om samme emne.")
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAccessibleName("Tidligere punkter om samme emne")
        self.list.itemActivated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self._request = 0
        self._running: list[BackgroundOp] = []
        self._wanted: tuple[Path, str] | None = None
        self._archives: dict[Path, ArchiveIndex] = {}     # kept, so their search and vector caches are too
        self._pause = QTimer(self)         # moving through the agenda starts one search, not one per item
        self._pause.setSingleShot(True)
        self._pause.setInterval(SETTLE_MS)
        self._pause.timeout.connect(self._look_up)

    @property
    def busy(self) -> bool:
        return bool(self._running) or self._pause.isActive()

    def shutdown(self) -> None:
        """Stop looking (call before the window closes): reading the archive stops, LibreOffice at once."""
        self._pause.stop()
        self._request += 1
        for op in self._running:
            op.cancel()

    def show_for(self, meeting_folder: Path, item_number: str) -> None:
        """List the earlier items like ``item_number`` (as last saved) once the choice has settled."""
        self._wanted = (meeting_folder, item_number)
        self._pause.start()

    def _look_up(self) -> None:
        if self._wanted is None:
            return
        meeting_folder, item_number = self._wanted
        self._request += 1
        request = self._request
        for op in self._running:      # the last look-up stops reading (LibreOffice at once); this one reads on
            op.cancel()
        archive = self._archives.setdefault(meeting_folder.parent, ArchiveIndex(meeting_folder.parent))
        self.heading.setText(f"Punkt {item_number} – leder i {meeting_folder.parent.name} …")
        self.list.clear()

        def work(progress) -> list[RelatedItem]:
            try:
                archive.refresh(cancelled=lambda: progress.cancelled)
            except IndexingCancelled:
                raise Cancelled from None    # what was read stays; the next look-up reads the rest
            return related_items(archive, archive.meeting(meeting_folder.name), item_number)

        def done(found: list[RelatedItem]) -> None:
            if request == self._request:
                self._show(archive, item_number, found)

        def failed(error: KkrError) -> None:
            if request == self._request:
                self.heading.setText(f"Punkt {item_number} er ikke i arkivet endnu: {error.message}")

        op = BackgroundOp(work, on_success=done, on_failure=failed, parent=self)
        self._running.append(op)
        op.finished.connect(lambda: self._running.remove(op))
        op.start()

    def _show(self, archive: ArchiveIndex, item_number: str, found: list[RelatedItem]) -> None:
        self.heading.setText(f"Tidligere punkter om samme emne som punkt {item_number}:" if found
                             else f"Ingen tidligere punkter ligner punkt {item_number}.")
        for entry in found:
            row = QListWidgetItem(f"{entry.meeting.label()}: {entry.item_number} {entry.item_title}")
            row.setData(PLACE_ROLE, (archive.folder_of(entry.meeting), entry.item_number))
            if entry.beslutning:
                row.setToolTip(f"Beslutning: {entry.beslutning}")
            self.list.addItem(row)
        self.shown.emit(found)

    def _chosen(self, row: QListWidgetItem) -> None:
        folder, item_number = row.data(PLACE_ROLE)
        self.placeRequested.emit(folder, item_number)
