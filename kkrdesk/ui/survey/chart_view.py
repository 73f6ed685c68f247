"""One survey chart beside the table of its numbers, with copy and PNG export."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.cells import tab_separated
from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.names import safe_name
from kkrdesk.core.survey.charts_data import ChartData
from kkrdesk.ui import dialogs
from kkrdesk.ui.survey.chart_drawing import draw_chart, fitted_height, new_plot_widget
from kkrdesk.ui.survey.chart_print import PRINT, SIZES, SLIDE, PictureSize, chart_image, save_chart


class NumbersTable(QTableWidget):
    """A read-only table whose selection (or everything, if nothing is selected) copies as tab text."""

    def keyPressEvent(self, event):
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.selection_text())
            return
        super().keyPressEvent(event)

    def selection_text(self) -> str:
        cells = self.selectedIndexes()
        if not cells:
            every_column = range(self.columnCount())
            header = [_text(self.horizontalHeaderItem(c)) for c in every_column]
            body = [[_text(self.item(r, c)) for c in every_column] for r in range(self.rowCount())]
            return tab_separated([header, *body])
        rows = sorted({i.row() for i in cells})
        columns = sorted({i.column() for i in cells})
        chosen = {(i.row(), i.column()) for i in cells}
        return tab_separated([[_text(self.item(r, c)) if (r, c) in chosen else "" for c in columns]
                              for r in rows])


def _text(cell: QTableWidgetItem | None) -> str:
    return cell.text() if cell is not None else ""


class ChartView(QWidget):
    """The chart on top, its numbers below; buttons copy the numbers or save the chart as PNG."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: ChartData | None = None
        self.bars: list[object] = []      # pyqtgraph's bar items, drawn by draw_chart
        self.plot_widget = new_plot_widget(self)
        self.plot_widget.setMinimumHeight(240)
        # a chart taller than its room scrolls instead of squeezing its labels together
        self.plot_area = QScrollArea(self)
        self.plot_area.setWidget(self.plot_widget)
        self.plot_area.setWidgetResizable(True)
        self.plot_area.setFrameShape(QFrame.Shape.NoFrame)
        self.plot_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table = NumbersTable(self)
        self.table.setMinimumHeight(80)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("Diagrammets tal")
        self.copy_button = QPushButton("Kopiér tabel", self)
        self.copy_button.setToolTip("Kopierer tallene, så de kan sættes ind i Excel eller Word")
        self.copy_button.clicked.connect(self.copy_table)
        self.copy_image_button = QPushButton("Kopiér billede", self)
        self.copy_image_button.setToolTip("Kopierer diagrammet som billede (1920 × 1080) til "
                                                  "at sætte ind i en præsentation")
        self.copy_image_button.clicked.connect(self.copy_image)
        self.picture_button = QToolButton(self)
        self.picture_button.setText("Gem billede …")
        self.picture_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.picture_button)
        for size in SIZES:
            menu.addAction(f"PNG til {size.label} …", partial(self.save_picture, size))
        menu.addAction("SVG (skarp i alle størrelser) …", lambda: self.save_picture(PRINT, svg=True))
        self.picture_button.setMenu(menu)
        self.source = ""             # the source line under saved pictures ("Kilde: …")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.copy_image_button)
        buttons.addWidget(self.picture_button)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.plot_area)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([3000, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def set_chart(self, data: ChartData) -> None:
        self.data = data
        self.bars = draw_chart(self.plot_widget.getPlotItem(), data)
        self.plot_widget.setMinimumHeight(fitted_height(self.plot_widget, data))
        headers, rows = data.table()
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, len(headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def copy_table(self) -> None:
        if self.data is not None:
            QGuiApplication.clipboard().setText(self.data.table_text())

    def save_png(self) -> None:
        """The chart as a PNG for Word and print (16 × 10 cm at 300 dpi)."""
        self.save_picture(PRINT)

    def save_picture(self, size: PictureSize, *, svg: bool = False) -> None:
        """Ask where, then draw the chart for ``size`` (not as the window happens to show it)."""
        if self.data is None:
            return
        suffix = ".svg" if svg else ".png"
        suggested = safe_name(self.data.title.split(":")[0].lower().replace(" ", "-"), suffix,
                                         fallback="diagram")
        kind = "SVG-billede (*.svg)" if svg else "PNG-billede (*.png)"
        target = dialogs.service().save_file(self, "Gem diagram som billede", suggested, kind)
        if target is None:
            return
        if target.suffix.lower() != suffix:
            target = target.with_suffix(suffix)
        try:
            save_chart(self.data, target, size, self.source)
        except KkrError as exc:
            dialogs.service().error(self, "Diagrammet blev ikke gemt", exc)

    def copy_image(self) -> None:
        if self.data is not None:
            QGuiApplication.clipboard().setImage(chart_image(self.data, SLIDE, self.source))
