"""SurveyPanel: the survey viewer tab, loading an export in the background and drawing its charts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core import atomic, danish
from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.charts_data import (
    ALL_GROUPS,
    CHART_TITLES,
    ChartKind,
    chart_for,
    compare_items,
    source_line,
)
from kkrdesk.core.survey.export_reader import open_export
from kkrdesk.core.survey.load import NO_MAPPING, summarize_survey
from kkrdesk.core.survey.mapping import mapping_name_for
from kkrdesk.core.survey.mapping_draft import closed_questions, mapping_text, suggest
from kkrdesk.core.survey.rounds import compare_rounds, rounds_chart, rounds_keyword_chart
from kkrdesk.core.survey.rules import RULE_NAMES
from kkrdesk.core.survey.statistics import SurveySummary
from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp
from kkrdesk.ui.settings import Settings
from kkrdesk.ui.survey.chart_view import ChartView
from kkrdesk.ui.survey.mapping_dialog import MappingDialog
from kkrdesk.ui.window_words import error_text

EXPORT_FILTER = "SurveyXact-eksport (*.xlsx *.csv);;Alle filer (*)"
_EXPORT_SUFFIXES = (".xlsx", ".csv")

TAB_ORDER = (ChartKind.RESPONSE, ChartKind.KEYWORDS, ChartKind.STATEMENTS, ChartKind.ROLES,
             ChartKind.DISTRIBUTION, ChartKind.COMPARE)


class SurveyPanel(QWidget):
    """Shows one survey: pick a KKR and every chart redraws for it at once.

    The main window embeds it as a tab and calls ``open_export(export, mapping)`` for a survey
    bilag; ``loaded`` or ``failed`` tells it when the background reading is done.
    """

    loaded = Signal(object)      # SurveySummary
    failed = Signal(object)      # KkrError
    rounds_loaded = Signal(object)   # the other round's SurveySummary

    def __init__(self, parent: QWidget | None = None, settings: Settings | None = None):
        super().__init__(parent)
        self.summary: SurveySummary | None = None
        self._operation: BackgroundOp | None = None
        self._rounds_operation: BackgroundOp | None = None
        self._request = 0
        self._settings = settings or Settings()
        self.setAcceptDrops(True)

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
        self.group_combo.setAccessibleName("Vælg KKR")
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_combo.currentIndexChanged.connect(self._redraw)
        self.item_combo = QComboBox(self)
        self.item_combo.setAccessibleName("Vælg udsagn eller nøgleord til sammenligning")
        self.item_combo.currentIndexChanged.connect(self._redraw_compare)
        self.group_caption = QLabel("KKR:", self)
        self.group_caption.setBuddy(self.group_combo)
        self.item_caption = QLabel("Sammenlign:", self)
        self.item_caption.setBuddy(self.item_combo)
        controls = QHBoxLayout()
        controls.addWidget(self.group_caption)
        controls.addWidget(self.group_combo)
        controls.addSpacing(16)
        controls.addWidget(self.item_caption)
        controls.addWidget(self.item_combo, 1)
        self.rounds_button = QPushButton("Sammenlign med anden runde …", self)
        self.rounds_button.setToolTip("Åbn en anden runde af samme undersøgelse og se "
                                              "udsagn og nøgleord side om side med ændringen")
        self.rounds_button.clicked.connect(self.choose_other_round)
        controls.addWidget(self.rounds_button)

        self.tabs = QTabWidget(self)
        self.views: dict[ChartKind, ChartView] = {}
        for kind in TAB_ORDER:
            view = ChartView(self)
            self.views[kind] = view
            self.tabs.addTab(view, CHART_TITLES[kind])
        self.problems_table = QTableWidget(0, 5, self)
        self.problems_table.setHorizontalHeaderLabels(
            ["Række", "Respondent", "Regel", "Spørgsmål",
             "Forklaring"])
        self.problems_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems_table.verticalHeader().setVisible(False)
        self.problems_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.no_problems_label = QLabel(("Ingen regelbrud: alle rækker følger undersøgelsens "
                                                "regler."), self)
        self.no_problems_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problems_stack = QStackedWidget(self)
        self.problems_stack.addWidget(self.problems_table)
        self.problems_stack.addWidget(self.no_problems_label)
        self.tabs.addTab(self.problems_stack, "Regelbrud")
        self.other_round: SurveySummary | None = None
        self.rounds_views = {"statements": ChartView(self), "keywords": ChartView(self)}
        for view in self.rounds_views.values():
            view.hide()                      # shown as tabs once a second round is open

        self.empty_page = _EmptyState(self)
        self.empty_page.open_button.clicked.connect(self.choose_export)
        self.empty_page.folder_button.clicked.connect(self.choose_export_folder)
        self.empty_page.mapping_button.clicked.connect(self.make_mapping)
        self._unmapped: Path | None = None          # an export that failed for want of a mapping
        self.empty_page.recent_list.itemActivated.connect(
            lambda item: self.open_export(Path(item.data(Qt.ItemDataRole.UserRole))))
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(controls)
        content_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(content)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.synthetic_label)
        layout.addWidget(self.info_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.pages, 1)
        self.title_label.hide()
        self.info_label.hide()
        self._set_enabled(False)
        self._fill_recent()

    # --- choosing an export --------------------------------------------------------------

    def choose_export(self) -> None:
        """Ask for an export file (the XLSX, or one of the three CSV files) and open it."""
        path = dialogs.service().open_file(self, "Åbn undersøgelse", EXPORT_FILTER)
        if path is not None:
            self.open_export(path)

    def choose_export_folder(self) -> None:
        """Ask for a folder holding the three CSV files of an export and open it."""
        folder = dialogs.service().choose_folder(self, "Vælg mappen med de tre CSV-filer")
        if folder is not None:
            self.open_export(folder)

    def make_mapping(self) -> None:
        """Read the questions of the export that has no mapping, let the user confirm kkrdesk's
        guess in the mapping dialog, write the mapping beside the export and open it."""
        export_path = self._unmapped
        if export_path is None:
            return

        def work(progress):
            with open_export(export_path) as export:
                questions = closed_questions(export)
                return export_path, questions, suggest(export, questions)

        self._show_message(f"Læser spørgsmålene i {export_path.name} …", error=False)
        self._operation = BackgroundOp(work, on_success=self._confirm_mapping, on_failure=self._failed,
                                       parent=self)
        self._operation.start()

    def _confirm_mapping(self, result) -> None:
        export_path, questions, draft = result
        self.message_label.hide()
        dialog = MappingDialog(questions, draft, export_path.name, self)
        if not dialogs.service().run(dialog):
            return
        target = (export_path if export_path.is_dir() else export_path.parent) / mapping_name_for(export_path)
        try:
            atomic.write_text(target, mapping_text(dialog.draft(), questions))
        except KkrError as exc:
            dialogs.service().error(self, "Opsætningen blev ikke gemt", exc)
            return
        except OSError as exc:
            dialogs.service().error(self, "Opsætningen blev ikke gemt", KkrError(
                f"filen kunne ikke skrives ({exc.strerror or exc}).", file=target,
                hint="Læg eksporten i en mappe, du kan skrive i, og prøv igen."))
            return
        self.open_export(export_path, target)

    def dragEnterEvent(self, event) -> None:
        if _dropped_export(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = _dropped_export(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.open_export(path)

    def _fill_recent(self) -> None:
        recent = self._settings.recent_surveys()
        listing = self.empty_page.recent_list
        listing.clear()
        for path in recent:
            item = QListWidgetItem(f"{path.name}  ({path.parent})")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            listing.addItem(item)
        self.empty_page.recent_caption.setVisible(bool(recent))
        listing.setVisible(bool(recent))

    # --- loading -------------------------------------------------------------------------

    def open_export(self, export_path: Path, mapping_path: Path | None = None) -> None:
        """Read the export (and its mapping, found beside it if not given) off the GUI thread."""
        self._request += 1
        request = self._request
        self.other_round = None            # a comparison belongs to the survey it was made with
        if self._operation is not None and self._operation.running:
            self._operation.cancel()
        self._set_enabled(False)
        self._show_message(f"Indlæser {Path(export_path).name} …", error=False)

        def work(progress):
            def step(text: str) -> None:
                progress.check()
                progress.report(0, 0, text)
            try:
                return request, summarize_survey(Path(export_path), mapping_path, between_steps=step)
            except KkrError as error:
                error.request = request  # type: ignore[attr-defined]  # _failed reads it with getattr
                raise

        # Bound methods (not lambdas), so Qt drops the connections if the panel is closed first.
        self._operation = BackgroundOp(work, on_success=self._loaded, on_failure=self._failed,
                                       parent=self)
        self._operation.start()

    def _loaded(self, result: tuple[int, SurveySummary]) -> None:
        request, summary = result
        if request == self._request:   # an older request finishing late is ignored
            self._settings.add_recent_survey(Path(summary.source))
            self._fill_recent()
            self.show_summary(summary)
            self.loaded.emit(summary)

    def _failed(self, error: KkrError) -> None:
        if getattr(error, "request", self._request) != self._request:
            return
        self.summary = None
        self.pages.setCurrentWidget(self.empty_page)
        unmapped = getattr(error, "reason", "") == NO_MAPPING and getattr(error, "file", None)
        self._unmapped = Path(unmapped) if unmapped else None
        self.empty_page.mapping_button.setVisible(self._unmapped is not None)
        self._show_message(f"Undersøgelsen kan ikke vises: {error_text(error)}", error=True)
        self.failed.emit(error)

    # --- showing -------------------------------------------------------------------------

    def show_summary(self, summary: SurveySummary) -> None:
        self.summary = summary
        self.pages.setCurrentIndex(1)
        self.message_label.hide()
        self.title_label.show()
        self.info_label.show()
        self.title_label.setText(summary.title or Path(summary.source).name)
        self.synthetic_label.setVisible(summary.synthetic)
        self.synthetic_label.setText(summary.note or "Syntetiske data – ikke rigtige svar.")
        skipped = (f", {danish.format_int(summary.not_answered)} uden svar"
                   if summary.not_answered else "")
        self.info_label.setText(f"{danish.format_int(summary.respondents)} besvarelser{skipped} · "
                                f"{Path(summary.source).name} · {summary.layout}")
        self.group_caption.setText(f"{summary.group_name}:")
        with QSignalBlocker(self.group_combo), QSignalBlocker(self.item_combo):
            self.group_combo.clear()
            self.group_combo.addItem(f"Alle {summary.group_name}", None)
            for group in summary.groups:
                self.group_combo.addItem(group, group)
            self.item_combo.clear()
            for item, label in compare_items(summary):
                self.item_combo.addItem(label, item)
        self._fill_problems(summary)
        source = source_line(summary)
        for view in (*self.views.values(), *self.rounds_views.values()):
            view.source = source
        if summary.warnings:
            self._show_message("\n".join(summary.warnings), error=True)
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
        self._draw_rounds()

    # --- two rounds ----------------------------------------------------------------------

    def choose_other_round(self) -> None:
        """Ask for another round's export (with its own mapping beside it) and compare."""
        path = dialogs.service().open_file(self, "Åbn den anden runde", EXPORT_FILTER)
        if path is not None:
            self.open_other_round(path)

    def open_other_round(self, export_path: Path, mapping_path: Path | None = None) -> None:
        def work(progress):
            return summarize_survey(Path(export_path), mapping_path)

        self._show_message(f"Indlæser {Path(export_path).name} …", error=False)
        self._rounds_operation = BackgroundOp(work, on_success=self._other_round_loaded,
                                              on_failure=self._other_round_failed, parent=self)
        self._rounds_operation.start()

    def _other_round_loaded(self, summary: SurveySummary) -> None:
        self.message_label.hide()
        self.other_round = summary
        self._draw_rounds()
        if self.tabs.indexOf(self.rounds_views["statements"]) >= 0:
            self.tabs.setCurrentWidget(self.rounds_views["statements"])
        self.rounds_loaded.emit(summary)

    def _other_round_failed(self, error: KkrError) -> None:
        self._show_message(f"Den anden runde kan ikke vises: {error_text(error)}", error=True)
        self.failed.emit(error)

    def _draw_rounds(self) -> None:
        """The comparison tabs for the chosen KKR, or gone when there is nothing to compare."""
        for view in self.rounds_views.values():
            index = self.tabs.indexOf(view)
            if index >= 0:
                self.tabs.removeTab(index)
        if self.summary is None or self.other_round is None:
            return
        try:
            comparison = compare_rounds(self.other_round, self.summary, self.group)
        except KkrError as exc:
            self._show_message(f"Runderne kan ikke sammenlignes: {error_text(exc)}", error=True)
            return
        charts = {"statements": (rounds_chart, "To runder: udsagn"),
                  "keywords": (rounds_keyword_chart, "To runder: nøgleord")}
        for key, (chart, title) in charts.items():
            try:
                data = chart(comparison)
            except KkrError:
                continue                     # e.g. no keyword question in common
            self.rounds_views[key].set_chart(data)
            self.tabs.insertTab(self.tabs.indexOf(self.problems_stack), self.rounds_views[key], title)

    def _redraw_compare(self) -> None:
        if self.summary is not None:
            self._draw(ChartKind.COMPARE, self.views[ChartKind.COMPARE])

    def _draw(self, kind: ChartKind, view: ChartView) -> None:
        if self.summary is None:
            return
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
        self.problems_stack.setCurrentWidget(table if summary.problems else self.no_problems_label)
        index = self.tabs.indexOf(self.problems_stack)
        self.tabs.setTabText(index, f"Regelbrud ({len(summary.problems)})")

    def _show_message(self, text: str, *, error: bool) -> None:
        self.message_label.setText(text)
        self.message_label.setStyleSheet("color:#a01818;" if error else "color:#444444;")
        self.message_label.show()

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.group_combo, self.item_combo, self.tabs, self.rounds_button):
            widget.setEnabled(enabled)


class _EmptyState(QWidget):
    """What the tab shows before a survey is open: how to open one, and the recent ones."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        heading = QLabel("Ingen undersøgelse er åbnet", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        text = QLabel((
            "Åbn en eksport fra SurveyXact: Excel-filen med arkene Dataset, Labels og Structure, "
            "én af de tre CSV-filer eller mappen, de ligger i. Du kan også trække filen hertil. "
            "Opsætningsfilen (.survey.toml) skal ligge ved siden af eksporten."), self)
        text.setWordWrap(True)
        self.open_button = QPushButton("Åbn undersøgelse …", self)
        self.folder_button = QPushButton("Åbn mappe med CSV-filer …", self)
        self.mapping_button = QPushButton("Lav opsætning …", self)
        self.mapping_button.setToolTip("Vælg, hvilke spørgsmål der er KKR, rolle, nøgleord og udsagn")
        self.mapping_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.mapping_button)
        buttons.addStretch(1)
        self.recent_caption = QLabel("Senest åbnede undersøgelser:", self)
        self.recent_list = QListWidget(self)
        self.recent_list.setAccessibleName("Senest åbnede undersøgelser")
        self.recent_caption.setBuddy(self.recent_list)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(self.recent_caption)
        layout.addWidget(self.recent_list)
        layout.addStretch(1)
        self.recent_list.setMaximumHeight(self.fontMetrics().height() * 12)


def _dropped_export(mime) -> Path | None:
    """The first dropped local file that can be an export (XLSX, CSV, or a folder), if any."""
    for url in mime.urls() if mime.hasUrls() else ():
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if path is not None and (path.is_dir() or path.suffix.lower() in _EXPORT_SUFFIXES):
            return path
    return None
