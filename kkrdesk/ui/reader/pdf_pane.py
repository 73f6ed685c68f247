"""The PDF view of the reader: QPdfView with page navigation, zoom, fit width, thumbnails and find in document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QSignalBlocker, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.ui.theme import styled

THUMBNAIL_WIDTH = 96
THUMBNAILS_FROM_PANE_WIDTH = 600   # narrower, the page itself gets the thumbnails' room
THUMBNAILS_PER_TICK = 4
ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.25, 6.0


class PdfPane(QWidget):
    """Shows one screened PDF. ``page_changed`` carries the 1-based page the reader is on."""

    page_changed = Signal(int)
    search_finished = Signal(int)   # number of hits for the current find text

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        # Fitted to the width, a page about as tall as the view needs the scroll bar only while the
        # bar is hidden: shown and hidden in turn for ever, the window froze (a one-page Word bilag).
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setAccessibleName("Bilagets sider")
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)
        self.view.setSearchModel(self.search_model)
        self._pending_hit_page: int | None = None
        self._thumbnail_next = 0

        self.thumbnails = QListWidget(self)
        self.thumbnails.setViewMode(QListView.ViewMode.IconMode)
        self.thumbnails.setFlow(QListView.Flow.TopToBottom)
        self.thumbnails.setWrapping(False)
        self.thumbnails.setMovement(QListView.Movement.Static)
        self.thumbnails.setIconSize(QSize(THUMBNAIL_WIDTH, int(THUMBNAIL_WIDTH * 1.42)))
        self.thumbnails.setGridSize(QSize(THUMBNAIL_WIDTH + 16, int(THUMBNAIL_WIDTH * 1.42) + 28))
        self.thumbnails.setFixedWidth(THUMBNAIL_WIDTH + 40)
        self.thumbnails.setAccessibleName("Miniaturer af siderne")
        self.thumbnails.currentRowChanged.connect(self._thumbnail_chosen)
        self._thumbnail_timer = QTimer(self)
        self._thumbnail_timer.setInterval(0)
        self._thumbnail_timer.timeout.connect(self._render_some_thumbnails)

        self.previous_button = self._button("◀", "Forrige side (Page Up)", self.previous_page)
        self.page_box = styled(QSpinBox(self))
        self.page_box.setAccessibleName("Sidenummer")
        self.page_box.setMinimum(1)
        self.page_box.editingFinished.connect(lambda: self.go_to_page(self.page_box.value()))
        self.page_count_label = QLabel(self)
        self.next_button = self._button("▶", "Næste side (Page Down)", self.next_page)
        self.zoom_out_button = self._button("−", "Formindsk", self.zoom_out)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = self._button("+", "Forstør", self.zoom_in)
        self.fit_width_button = self._button("Tilpas bredde", ("Tilpas til vinduets "
                                             "bredde"), self.fit_width)
        self.fit_page_button = self._button("Hel side", "Vis hele siden", self.fit_page)
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find i bilaget …")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(180)
        self.find_box.setMinimumWidth(120)     # below this, find moves to a row of its own
        self.find_box.setAccessibleName("Find i bilaget")
        self.find_box.returnPressed.connect(self._find_next_or_start)
        self.find_previous_button = self._button("↑", "Forrige fund", self.find_previous)
        self.find_next_button = self._button("↓", "Næste fund", self.find_next)
        self.hits_label = QLabel(self)

        toolbar = QHBoxLayout()
        for widget in (self.previous_button, QLabel("Side", self), self.page_box,
                       self.page_count_label, self.next_button):
            toolbar.addWidget(widget)
        toolbar.addSpacing(12)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button,
                       self.fit_width_button, self.fit_page_button):
            toolbar.addWidget(widget)
        # Find sits at the end of the row, or on a row of its own where the pane is narrow (a
        # 1,024 px laptop with the agenda and the notes beside it), so the row does not hold the
        # pane wider than the page and the agenda beside it does not shrink to a sliver.
        self.find_group = QWidget(self)
        finding_row = QHBoxLayout(self.find_group)
        finding_row.setContentsMargins(0, 0, 0, 0)
        finding_row.addStretch(1)
        for finding in (self.find_box, self.find_previous_button, self.find_next_button, self.hits_label):
            finding_row.addWidget(finding)
        self.find_group.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(self.find_group, 1)
        self._toolbar = toolbar
        self._find_row = QHBoxLayout()
        self._find_row.addStretch(1)
        splitter = QSplitter(self)
        splitter.addWidget(self.thumbnails)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(toolbar)
        layout.addLayout(self._find_row)
        layout.addWidget(splitter, 1)

        self.view.pageNavigator().currentPageChanged.connect(self._page_moved)
        self.view.zoomFactorChanged.connect(self._show_zoom)
        self.view.zoomModeChanged.connect(self._show_zoom)
        self.search_model.countChanged.connect(self._search_updated)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_box.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindNext), self, self.find_next)
        QShortcut(QKeySequence(QKeySequence.StandardKey.FindPrevious), self, self.find_previous)
        self._show_zoom()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_find_group(event.size().width())
        self.thumbnails.setVisible(event.size().width() >= THUMBNAILS_FROM_PANE_WIDTH)

    def _place_find_group(self, width: int) -> None:
        """Find at the end of the tool row when the row has room for it, else on the row below.

        In the tool row the group's width is not counted in the row's minimum (Ignored), so the row
        never holds the pane wider; it takes the row's spare room, its contents to the right."""
        on_own_row = self._find_row.indexOf(self.find_group) >= 0
        needed = self._toolbar.minimumSize().width() + self._toolbar.spacing() + \
            self.find_group.minimumSizeHint().width()
        if (needed > width) == on_own_row:
            return
        if on_own_row:
            self._find_row.removeWidget(self.find_group)
            self._toolbar.takeAt(self._toolbar.count() - 1)      # the stretch that ended the row
            self.find_group.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self._toolbar.addWidget(self.find_group, 1)
        else:
            self._toolbar.removeWidget(self.find_group)
            self._toolbar.addStretch(1)
            self.find_group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            self._find_row.insertWidget(0, self.find_group)

    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # ------------------------------------------------------------------ document

    def load(self, path: Path, password: str = "") -> QPdfDocument.Error:
        """Load a PDF that has been screened already (never an untrusted file straight away)."""
        self.clear()
        self.document.setPassword(password)
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            return error
        count = self.document.pageCount()
        self.page_box.setMaximum(max(1, count))
        self.page_count_label.setText(f"af {count}")
        self.thumbnails.clear()
        # each page's placeholder has the shape of its thumbnail: an icon of another height moves the
        # items when it comes, and the list left the old ones painted where they were (landscape pages)
        blanks: dict[QSize, QIcon] = {}
        for index in range(count):
            size = self._thumbnail_size(index)
            if size not in blanks:
                blank = QPixmap(size)
                blank.fill(Qt.GlobalColor.white)
                blanks[size] = QIcon(blank)
            item = QListWidgetItem(blanks[size], str(index + 1))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.thumbnails.addItem(item)
        self._thumbnail_next = 0
        self._thumbnail_timer.start()
        self._page_moved(0)
        return error

    def clear(self) -> None:
        self._thumbnail_timer.stop()
        self._pending_hit_page = None
        self.search_model.setSearchString("")
        self.find_box.clear()
        self.hits_label.clear()
        self.thumbnails.clear()
        self.document.close()

    def _render_some_thumbnails(self) -> None:
        count = self.document.pageCount()
        for _ in range(THUMBNAILS_PER_TICK):
            index = self._thumbnail_next
            if index >= count or self.thumbnails.item(index) is None:
                self._thumbnail_timer.stop()
                return
            image = self.document.render(index, self._thumbnail_size(index))
            self.thumbnails.item(index).setIcon(QIcon(QPixmap.fromImage(image)))
            self._thumbnail_next += 1

    def _thumbnail_size(self, index: int) -> QSize:
        """The thumbnail of page ``index``: THUMBNAIL_WIDTH wide, as high as the page's shape makes it."""
        size = self.document.pagePointSize(index)
        height = int(THUMBNAIL_WIDTH * size.height() / size.width()) if size.width() else THUMBNAIL_WIDTH
        return QSize(THUMBNAIL_WIDTH, max(1, height))

    def thumbnails_done(self) -> bool:
        return self._thumbnail_next >= self.document.pageCount()

    # ------------------------------------------------------------------ pages

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage() + 1

    def go_to_page(self, page: int) -> None:
        count = self.document.pageCount()
        if count == 0:
            return
        index = min(max(page, 1), count) - 1
        self.view.pageNavigator().jump(index, QPointF(), self.view.pageNavigator().currentZoom())

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _page_moved(self, index: int) -> None:
        page = index + 1
        with QSignalBlocker(self.page_box):
            self.page_box.setValue(page)
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(page < self.document.pageCount())
        with QSignalBlocker(self.thumbnails):
            self.thumbnails.setCurrentRow(index)
        self.page_changed.emit(page)

    def _thumbnail_chosen(self, row: int) -> None:
        if row >= 0:
            self.go_to_page(row + 1)

    # ------------------------------------------------------------------ zoom

    def zoom_in(self) -> None:
        self._set_zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(MAX_ZOOM, max(MIN_ZOOM, factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def _show_zoom(self, *_args) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            self.zoom_label.setText("Bredde")
        elif mode == QPdfView.ZoomMode.FitInView:
            self.zoom_label.setText("Side")
        else:
            self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)} %")

    # ------------------------------------------------------------------ find

    def find(self, text: str, page: int | None = None) -> None:  # type: ignore[override]  # QWidget.find(id) is static
        """Look for ``text``; once results arrive, the first hit on (or after) ``page`` is shown."""
        self.find_box.setText(text)
        self._pending_hit_page = page or self.current_page()
        self.search_model.setSearchString(text)
        self._search_updated()

    def _find_next_or_start(self) -> None:
        if self.search_model.searchString() != self.find_box.text():
            self.find(self.find_box.text())
        else:
            self.find_next()

    def hit_count(self) -> int:
        return self.search_model.count()

    def current_hit(self) -> int:
        return self.view.currentSearchResultIndex()

    def find_next(self) -> None:
        self._select_hit((self.current_hit() + 1) % max(1, self.hit_count()))

    def find_previous(self) -> None:
        self._select_hit((self.current_hit() - 1) % max(1, self.hit_count()))

    def _select_hit(self, index: int) -> None:
        if self.hit_count() == 0:
            return
        self.view.setCurrentSearchResultIndex(index)
        link = self.search_model.resultAtIndex(index)
        self.view.pageNavigator().jump(link.page(), link.location(),
                                       self.view.pageNavigator().currentZoom())
        self._show_hits()

    def _search_updated(self, *_args) -> None:
        count = self.hit_count()
        if self._pending_hit_page is not None and count:
            wanted = self._pending_hit_page - 1
            best = None
            for index in range(count):
                if self.search_model.resultAtIndex(index).page() >= wanted:
                    best = index
                    break
            # Results arrive in page order, so a hit past the wanted page means none is left before it.
            if best is not None:
                self._pending_hit_page = None
                self._select_hit(best)
        self._show_hits()
        self.search_finished.emit(count)

    def _show_hits(self) -> None:
        if not self.search_model.searchString():
            self.hits_label.clear()
            return
        count = self.hit_count()
        current = self.current_hit()
        self.hits_label.setText("Ingen fund" if count == 0 else
                                f"{current + 1 if current >= 0 else 0} af {count}")
