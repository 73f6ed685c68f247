"""Search across the whole meeting: a query box, the index built in the background, and results with the hit marked."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.danish import count, format_int
from kkrdesk.core.errors import KkrError
from kkrdesk.core.pack.source import ReadingSource
from kkrdesk.core.search.extraction import IndexingCancelled
from kkrdesk.core.search.index import SearchHit, SearchResults
from kkrdesk.ui.background import BackgroundOp, Cancelled, Jobs
from kkrdesk.ui.window_words import error_text, window_text

HIT_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
TYPING_PAUSE_MS = 300
RESULT_LIMIT = 200


def hit_html(hit: SearchHit) -> str:
    """The result as rich text: where it is in bold, the snippet with the hits highlighted."""
    title = html.escape(hit.bilag_title or hit.item_title)
    parts, cursor = [], 0
    for start, end in hit.marks:
        parts.append(html.escape(hit.snippet[cursor:start]))
        parts.append(f'<span style="background-color:#ffe066"><b>{html.escape(hit.snippet[start:end])}</b></span>')
        cursor = end
    parts.append(html.escape(hit.snippet[cursor:]))
    return f"<b>{html.escape(hit.location())}</b> – {title}<br/>{''.join(parts)}"


def found_text(results: SearchResults) -> str:
    """What the search found, counted as the list shows it: one row per place (a page of a bilag, an
    item's text, its decision), so an item whose text and decision both match counts twice, as two rows."""
    if results.total == 0:
        return f"Intet i mødet indeholder »{results.query}«."
    found = count(results.total, "sted", "steder")
    if results.total > len(results.hits):
        return f"{found} fundet; de første {format_int(len(results.hits))} vises."
    return f"{found} fundet."


class _HtmlDelegate(QStyledItemDelegate):
    """Paints a result's rich text, wrapped to the list's width."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(max(100, option.rect.width() - 8))
        return document

    def paint(self, painter, option, index) -> None:
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        options.text = ""
        style = options.widget.style() if options.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, options.widget)
        document = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text,
                                     option.palette.color(QPalette.ColorRole.HighlightedText))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 3)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 8, option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        option.rect.setWidth(option.widget.viewport().width() if option.widget else 400)
        document = self._document(option, index)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 6)


class SearchPanel(QWidget):
    """Type to search; ``hit_activated`` carries the SearchHit chosen (the main window opens it)."""

    hit_activated = Signal(object)
    results_ready = Signal(object)     # SearchResults
    index_ready = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source: ReadingSource | None = None
        self.ready = False
        self._pending_query: str | None = None
        self._jobs = Jobs()
        self._generation = 0
        self.query_box = QLineEdit(self)
        self.query_box.setPlaceholderText('Søg i hele mødet, fx erhvervshus eller "ord i træk"')
        self.query_box.setClearButtonEnabled(True)
        self.query_box.setAccessibleName("Søg i mødet")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setFormat("%p\u00a0%")
        self.progress.hide()
        self.results = QListWidget(self)
        self.results.setItemDelegate(_HtmlDelegate(self.results))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setAccessibleName("Søgeresultater")
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(lambda: self.search(self.query_box.text()))
        self.query_box.textEdited.connect(lambda _text: self._typing.start())
        self.query_box.returnPressed.connect(lambda: self.search(self.query_box.text()))

    def showEvent(self, event) -> None:
        """Shown (its tab chosen, by mouse too): the cursor is in the search field, ready for a query."""
        super().showEvent(event)
        self.query_box.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_source(self, source: ReadingSource) -> None:
        """Search ``source``; a meeting folder's index is brought up to date in the background first.

        A build still running for the source before stops (a Word file's LibreOffice run killed); what it
        stored stays, and the next build of that folder reads the rest.
        """
        self.source = source
        self._generation += 1
        self._jobs.cancel_all()
        generation = self._generation
        self.results.clear()
        if source.read_only:
            self._index_done(generation, None)
            return
        self.ready = False
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Bygger søgeindeks …")

        def work(progress):
            try:
                return source.index.update(source.folder, source.meeting, progress=progress.report,
                                           cancelled=lambda: progress.cancelled)
            except IndexingCancelled:
                raise Cancelled from None    # what was stored stays; the next build reads the rest

        operation = self._start(work, lambda report: self._index_done(generation, report),
                                lambda error: self._index_failed(generation, error))
        operation.progress.connect(self._index_progress)

    def _start(self, work, on_success, on_failure) -> BackgroundOp:
        return self._jobs.start(BackgroundOp(work, on_success=on_success, on_failure=on_failure, parent=self))

    def _index_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if label:
            self.status.setText(f"Bygger søgeindeks: {format_int(done)} af {format_int(total)} filer ({label})")

    def _index_done(self, generation: int, report) -> None:
        if generation != self._generation:
            return
        self.ready = True
        self.progress.hide()
        problems = report.problems if report is not None else []
        self.status.setText(("1 fil kunne ikke læses og indgår ikke i søgningen."
                             if len(problems) == 1 else
                             f"{format_int(len(problems))} filer kunne ikke læses og indgår ikke i "
                             "søgningen.") if problems else "")
        if problems:
            self.status.setToolTip("\n".join(window_text(p.format()) for p in problems))
        self.index_ready.emit()
        if self._pending_query is not None:
            query, self._pending_query = self._pending_query, None
            self.search(query)

    def _index_failed(self, generation: int, error: KkrError) -> None:
        if generation == self._generation:
            self.progress.hide()
            self.status.setText(f"Søgeindekset kunne ikke bygges: {error_text(error)}")

    def search(self, text: str) -> None:
        """Search now (or as soon as the index is ready); results arrive via ``results_ready``."""
        if self.query_box.text() != text:
            self.query_box.setText(text)
        if self.source is None or not text.strip():
            self.results.clear()
            self.status.clear()
            return
        if not self.ready:
            self._pending_query = text
            return
        index, generation = self.source.index, self._generation
        self._start(lambda _p: index.search(text, limit=RESULT_LIMIT),
                    lambda results: self._show(generation, results),
                    lambda error: self.status.setText(error_text(error)))

    def _show(self, generation: int, results: SearchResults) -> None:
        if generation != self._generation or results.query != self.query_box.text():
            return
        self.results.clear()
        for hit in results.hits:
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            item.setData(HTML_ROLE, hit_html(hit))
            item.setToolTip(hit.location())
            self.results.addItem(item)
        self.status.setText(found_text(results))
        self.results_ready.emit(results)

    def _activated(self, item: QListWidgetItem) -> None:
        self.hit_activated.emit(item.data(HIT_ROLE))

    @property
    def busy(self) -> bool:
        """True while the index is being built or a search runs."""
        return self._jobs.busy

    def shutdown(self) -> None:
        """Stop background work (call before the window closes): an index build stops within a page."""
        self._generation += 1
        self._jobs.cancel_all()
