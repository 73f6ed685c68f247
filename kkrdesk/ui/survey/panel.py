"""SurveyPanel: the survey viewer tab, loading an export in the background and drawing its charts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.charts_data import ALL_GROUPS, CHART_TITLES, ChartKind, chart_for, compare_items
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.rules import RULE_NAMES
from kkrdesk.core.survey.statistics import SurveySummary
from kkrdesk.ui.background import BackgroundOp
from kkrdesk.ui.survey.chart_view import ChartView
from kkrdesk.ui.window_words import error_text

TAB_ORDER = (ChartKind.RESPONSE, ChartKind.KEYWORDS, ChartKind.STATEMENTS, ChartKind.ROLES,
             ChartKind.DISTRIBUTION, ChartKind.COMPARE)


class SurveyPanel(QWidget):
    """Shows one survey: pick a KKR and every chart redraws for it at once.

    The main window embeds it as a tab and calls ``open_export(export, mapping)`` for a survey
    bilag; ``loaded`` or ``failed`` tells it when the background reading is done.
    """

    loaded = Signal(object)      # SurveySummary
    failed = Signal(object)      # KkrError

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: SurveySummary | None = None
        self._operation: BackgroundOp | None = None
        self._request = 0

        self.title_label = QLabel(self)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.synthetic_label = QLabel(self)
        self.synthetic_label.setWordWrap(True)
        self.synthetic_label.setStyleSheet("background:#fff3cd; color:#5c4400; padding:4px; "
                                           "border:1px solid #e0c46c;")
        self.synthetic_label.hide()
        self.info_label = QLabel(self)
        self.info_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName(self.tr("Vælg KKR"))
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_combo.currentIndexChanged.connect(self._redraw)
        self.item_combo = QComboBox(self)
        self.item_combo.setAccessibleName(self.tr("Vælg udsagn eller nøgleord til sammenligning"))
        self.item_combo.currentIndexChanged.connect(self._redraw_compare)
        self.group_caption = QLabel(self.tr("KKR:"), self)
        self.group_caption.setBuddy(self.group_combo)
        self.item_caption = QLabel(self.tr("Sammenlign:"), self)
        self.item_caption.setBuddy(self.item_combo)
        controls = QHBoxLayout()
        controls.addWidget(self.group_caption)
        controls.addWidget(self.group_combo)
        controls.addSpacing(16)
        controls.addWidget(self.item_caption)
        controls.addWidget(self.item_combo, 1)

        self.tabs = QTabWidget(self)
        self.views: dict[ChartKind, ChartView] = {}
        for kind in TAB_ORDER:
            view = ChartView(self)
            self.views[kind] = view
            self.tabs.addTab(view, self.tr(CHART_TITLES[kind]))
        self.problems_table = QTableWidget(0, 5, self)
        self.problems_table.setHorizontalHeaderLabels(
            [self.tr("Række"), self.tr("Respondent"), self.tr("Regel"), self.tr("Spørgsmål"),
             self.tr("Forklaring")])
        self.problems_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems_table.verticalHeader().setVisible(False)
        self.problems_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.problems_table, self.tr("Regelbrud"))

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.synthetic_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.message_label)
        layout.addLayout(controls)
        layout.addWidget(self.tabs, 1)
        self._set_enabled(False)

    # --- loading -------------------------------------------------------------------------

    def open_export(self, export_path: Path, mapping_path: Path | None = None) -> None:
        """Read the export (and its mapping, found beside it if not given) off the GUI thread."""
        self._request += 1
        request = self._request
        if self._operation is not None and self._operation.running:
            self._operation.cancel()
        self._set_enabled(False)
        self._show_message(self.tr("Indlæser %s …") % Path(export_path).name, error=False)

        def work(progress):
            def step(text: str) -> None:
                progress.check()
                progress.report(0, 0, text)
            try:
                return request, summarize_survey(Path(export_path), mapping_path, between_steps=step)
            except KkrError as error:
                error.request = request
                raise

        # Bound methods (not lambdas), so Qt drops the connections if the panel is closed first.
        self._operation = BackgroundOp(work, on_success=self._loaded, on_failure=self._failed,
                                       parent=self)
        self._operation.start()

    def _loaded(self, result: tuple[int, SurveySummary]) -> None:
        request, summary = result
        if request == self._request:   # an older request finishing late is ignored
            self.show_summary(summary)
            self.loaded.emit(summary)

    def _failed(self, error: KkrError) -> None:
        if getattr(error, "request", self._request) != self._request:
            return
        self.summary = None
        self._show_message(self.tr("Undersøgelsen kan ikke vises: %s") % error_text(error), error=True)
        self.failed.emit(error)

    # --- showing -------------------------------------------------------------------------

    def show_summary(self, summary: SurveySummary) -> None:
        self.summary = summary
        self.message_label.hide()
        self.title_label.setText(summary.title or Path(summary.source).name)
        self.synthetic_label.setVisible(summary.synthetic)
        self.synthetic_label.setText(summary.note or self.tr("Syntetiske data – ikke rigtige svar."))
        skipped = (self.tr(", %s uden svar") % danish.format_int(summary.not_answered)
                   if summary.not_answered else "")
        self.info_label.setText(self.tr("%s besvarelser%s · %s · %s") % (
            danish.format_int(summary.respondents), skipped, Path(summary.source).name, summary.layout))
        self.group_caption.setText(f"{summary.group_name}:")
        with _Quiet(self.group_combo), _Quiet(self.item_combo):
            self.group_combo.clear()
            self.group_combo.addItem(self.tr("Alle %s") % summary.group_name, None)
            for group in summary.groups:
                self.group_combo.addItem(group, group)
            self.item_combo.clear()
            for item, label in compare_items(summary):
                self.item_combo.addItem(label, item)
        self._fill_problems(summary)
        self._set_enabled(True)
        self._redraw()

    def set_group(self, group: str | None) -> None:
        """Show ``group`` (None = all); the same as choosing it in the list."""
        index = self.group_combo.findData(group) if group not in (None, ALL_GROUPS) else 0
        if index < 0:
            raise KeyError(group)
        self.group_combo.setCurrentIndex(index)

    def set_item(self, item: str) -> None:
        index = self.item_combo.findData(item)
        if index < 0:
            raise KeyError(item)
        self.item_combo.setCurrentIndex(index)

    @property
    def group(self) -> str | None:
        return self.group_combo.currentData()

    def _redraw(self) -> None:
        if self.summary is None:
            return
        for kind, view in self.views.items():
            self._draw(kind, view)

    def _redraw_compare(self) -> None:
        if self.summary is not None:
            self._draw(ChartKind.COMPARE, self.views[ChartKind.COMPARE])

    def _draw(self, kind: ChartKind, view: ChartView) -> None:
        try:
            view.set_chart(chart_for(self.summary, kind, self.group, self.item_combo.currentData()))
            view.setEnabled(True)
        except KkrError as exc:        # e.g. a mapping without a role question has no role chart
            view.setEnabled(False)
            view.setToolTip(error_text(exc))

    def _fill_problems(self, summary: SurveySummary) -> None:
        table = self.problems_table
        table.setRowCount(len(summary.problems))
        for r, problem in enumerate(summary.problems):
            cells = (str(problem.row), problem.respondent, RULE_NAMES[problem.rule], problem.question,
                     problem.detail)
            for c, text in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(text))
        table.resizeColumnsToContents()
        table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        index = self.tabs.indexOf(table)
        self.tabs.setTabText(index, self.tr("Regelbrud (%d)") % len(summary.problems))

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color:#a01818;" if error else "color:#444444;")
        self.message_label.show()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.group_combo, self.item_combo, self.tabs):
            widget.setEnabled(enabled)


class _Quiet:
    """Blocks a widget's signals inside a ``with`` block (filling a list without redrawing)."""

    def __init__(self, widget: QWidget):
        self.widget = widget

    def __enter__(self):
        self.previous = self.widget.blockSignals(True)
        return self.widget

    def __exit__(self, *exc):
        self.widget.blockSignals(self.previous)
        return False
