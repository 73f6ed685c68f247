"""ContractPanel: a resultatkontrakt's goals beside the rammeaftale's, its findings, and the text they concern."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.contracts.comparison import goal_rows
from kkrdesk.core.contracts.document_text import TextBlock
from kkrdesk.core.contracts.note import write_findings_note
from kkrdesk.core.contracts.review import ContractReview, review_contract
from kkrdesk.core.errors import BadFileError, KkrError, Severity
from kkrdesk.core.files.names import safe_name
from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp, Jobs
from kkrdesk.ui.contracts.models import BLOCK_ROLE, PASSAGE_ROLE, FindingListModel, GoalTableModel
from kkrdesk.ui.ocr.make_searchable import ACTION_TEXT, MakeSearchable
from kkrdesk.ui.window_words import error_text

HIGHLIGHT = QColor(0xFF, 0xE5, 0x8F)
MUTED = QColor(0x6B, 0x6B, 0x6B)


class ContractPanel(QWidget):
    """Shows one contract check. The main window calls ``open_contract(path)`` for a contract bilag."""

    reviewed = Signal(object)        # the ContractReview, once a check has finished
    failed = Signal(object)          # the KkrError when the file could not be checked
    note_written = Signal(object)    # the Path of an exported note

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._review: ContractReview | None = None
        self._contract_path: Path | None = None
        self._results_path: Path | None = None
        self._ocr: MakeSearchable | None = None
        self._read_by_ocr: set[Path] = set()     # OCR found no text in these either: not offered again
        self._jobs = Jobs()
        self._generation = 0             # only the latest check may fill the panel
        self._spans: dict[int, tuple[int, int]] = {}

        self.title_label = QLabel("Ingen resultatkontrakt er åbnet")
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.25)
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.title_label.setWordWrap(True)
        self.summary_label = QLabel("Åbn en resultatkontrakt (Word eller PDF) for at "
                                            "kontrollere den mod rammeaftalen for erhvervshusene.")
        self.summary_label.setWordWrap(True)
        self.open_button = QPushButton("Åbn kontrakt …")
        self.results_button = QPushButton("Åbn resultater …")
        self.note_button = QPushButton("Gem notat …")
        self.note_button.setToolTip("Gem fundene som et kort Word-notat til dagsordenspunktet")
        self.ocr_button = QPushButton(f"{ACTION_TEXT} …")
        self.ocr_button.setToolTip("Læs den scannede kontrakt med tekstgenkendelse (en søgbar kopi; "
                                   "originalen ændres ikke), og kontrollér den så igen")
        self.ocr_button.hide()
        self.ocr_button.clicked.connect(self.make_searchable)
        self.results_button.setToolTip("Sammenhold kontraktens mål med erhvervshusets "
                                               "resultatopgørelse (CSV eller Excel)")
        for button in (self.results_button, self.note_button):
            button.setEnabled(False)
        self.open_button.clicked.connect(self._choose_contract)
        self.results_button.clicked.connect(self._choose_results)
        self.note_button.clicked.connect(lambda: self.export_note())

        self.goal_model = GoalTableModel(self)
        self.goal_view = QTableView()
        self.goal_view.setModel(self.goal_model)
        self.goal_view.setAccessibleName("Nationale mål: rammeaftalen og kontrakten")
        self.goal_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.goal_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.goal_view.setWordWrap(True)
        self.goal_view.verticalHeader().setVisible(False)
        self.goal_view.clicked.connect(self._goal_clicked)

        self.finding_model = FindingListModel(self)
        self.finding_view = QListView()
        self.finding_view.setModel(self.finding_model)
        self.finding_view.setAccessibleName("Fund")
        self.finding_view.setWordWrap(True)
        self.finding_view.setUniformItemSizes(False)
        self.finding_view.setSpacing(2)
        self.finding_view.setAlternatingRowColors(True)
        self.finding_view.clicked.connect(self._finding_clicked)

        self.text_view = QTextBrowser()
        self.text_view.setAccessibleName("Kontraktens tekst")
        self.place_label = QLabel("")
        self.place_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.results_button)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.ocr_button)
        buttons.addStretch(1)
        header = QVBoxLayout()
        header.addWidget(self.title_label)
        header.addWidget(self.summary_label)
        header.addLayout(buttons)

        findings_box = _titled("Fund", self.finding_view)
        text_box = _titled("Kontraktens tekst", self.text_view, self.place_label)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(findings_box)
        lower.addWidget(text_box)
        lower.setSizes([500, 500])
        goals_box = _titled("Nationale mål: rammeaftalen og kontrakten", self.goal_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(goals_box)
        splitter.addWidget(lower)
        splitter.setSizes([330, 370])
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ public

    @property
    def review(self) -> ContractReview | None:
        return self._review

    def open_contract(self, path: Path, results_path: Path | None = None) -> None:
        """Check the contract in ``path`` (and the results file, if given) in the background."""
        self._contract_path = Path(path)
        self._results_path = Path(results_path) if results_path is not None else None
        self.ocr_button.hide()
        self.title_label.setText(Path(path).name)
        self.summary_label.setText("Kontrollerer kontrakten …")
        self.summary_label.setStyleSheet("")
        self._set_buttons(enabled=False)
        self._generation += 1
        generation = self._generation

        def latest(show):
            return lambda outcome: show(outcome) if generation == self._generation else None

        self._start(lambda progress: review_contract(path, results=results_path),
                    latest(self._show_review), latest(self._show_failure))

    def make_searchable(self) -> None:
        """OCR the scanned contract PDF that had no text (a cached copy), then check it again."""
        path = self._contract_path
        if path is None or self._ocr is not None:
            return
        self._ocr = MakeSearchable(self, path, None, path.name)
        self._ocr.done.connect(self._searchable_done)
        if self._ocr.start():
            self.ocr_button.setEnabled(False)

    def _searchable_done(self, copy: Path | None) -> None:
        runner, self._ocr = self._ocr, None
        if runner is not None:
            runner.deleteLater()
        self.ocr_button.setEnabled(True)
        if copy is not None and self._contract_path is not None:
            self._read_by_ocr.add(self._contract_path)
            self.open_contract(self._contract_path, self._results_path)   # finds the copy by sha256

    def export_note(self, target: Path | None = None) -> None:
        """Write the findings as a Word note; asks where when ``target`` is not given."""
        if self._review is None:
            return
        if target is None:
            target = dialogs.service().save_file(self, "Gem notat",
                                                 safe_name(f"Notat - {self._review.title}",
                                                                      ".docx", fallback="notat"),
                                                 "Word-dokument (*.docx)")
            if target is None:
                return
        review = self._review
        self._start(lambda progress: write_findings_note(review, Path(target)),
                    self._note_done, self._note_failed)

    def show_block(self, block: TextBlock | None, place: str = "",
                   passage: tuple[int, int] | None = None) -> None:
        """Select and show the contract text of ``block``, or only its ``passage`` (start, end) when given."""
        if block is None or block.index not in self._spans:
            self.text_view.setExtraSelections([])
            cursor = self.text_view.textCursor()
            cursor.clearSelection()
            self.text_view.setTextCursor(cursor)
            self.place_label.setText(place)
            return
        start, end = self._spans[block.index]
        if passage is not None:
            start, end = start + passage[0], min(end, start + passage[1])
        cursor = self.text_view.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)
        self.text_view.ensureCursorVisible()
        highlight = QTextEdit.ExtraSelection()
        highlight.cursor = cursor
        highlight.format.setBackground(HIGHLIGHT)
        self.text_view.setExtraSelections([highlight])
        self.place_label.setText(f"Kontrakten, {block.location.describe()}")

    # ------------------------------------------------------------------ work

    def _start(self, work, on_success, on_failure) -> None:
        self._jobs.start(BackgroundOp(work, on_success=on_success, on_failure=on_failure, parent=self))

    def _show_review(self, review: ContractReview) -> None:
        self._review = review
        self.title_label.setText(review.title)
        errors, warnings = review.count(Severity.ERROR), review.count(Severity.WARNING)
        infos = review.count(Severity.INFO)
        verdict = ("Kontrakten har fejl." if errors
                   else "Kontrakten lever op til rammeaftalens krav.")
        self.summary_label.setText(
            f"{review.contract.document.path.name} · kontrolleret mod {review.agreement.title} · "
            f"{errors} fejl, {warnings} {'advarsel' if warnings == 1 else 'advarsler'}, "
            f"{infos} {'oplysning' if infos == 1 else 'oplysninger'}. {verdict}")
        self.summary_label.setStyleSheet("color: #B01E1E;" if errors else "")
        self.goal_model.set_rows(goal_rows(review), with_results=review.results is not None)
        self._fit_goal_columns()
        self.finding_model.set_findings(review.findings)
        self._fill_text(review)
        self._set_buttons(enabled=True)
        self.reviewed.emit(review)

    def _show_failure(self, error: KkrError) -> None:
        self._review = None
        self.goal_model.set_rows([], with_results=False)
        self.finding_model.set_findings([])
        self.text_view.clear()
        self._spans = {}
        self.summary_label.setText(error_text(error))
        self.summary_label.setStyleSheet("color: #B01E1E;")
        self.open_button.setEnabled(True)
        self.ocr_button.setVisible(_scanned_without_text(error, self._contract_path)
                                   and self._contract_path not in self._read_by_ocr)
        self.failed.emit(error)

    def _note_done(self, path: Path) -> None:
        self.place_label.setText(f"Notatet er gemt i {path}.")
        self.note_written.emit(path)

    def _note_failed(self, error: KkrError) -> None:
        dialogs.service().error(self, "Notatet blev ikke gemt", error)

    # ------------------------------------------------------------------ view

    def _fill_text(self, review: ContractReview) -> None:
        self.text_view.clear()
        self._spans = {}
        cursor = QTextCursor(self.text_view.document())
        plain, heading, label = QTextCharFormat(), QTextCharFormat(), QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        label.setForeground(MUTED)
        label.setFontPointSize(max(self.font().pointSizeF() - 1, 7))
        spacing = QTextBlockFormat()
        spacing.setBottomMargin(5)
        for number, block in enumerate(review.contract.document.blocks):
            if number:
                cursor.insertBlock(spacing)
            else:
                cursor.setBlockFormat(spacing)
            location = block.location
            if location.table is not None:
                cursor.insertText(f"[tabel {location.table}, række {location.row}, "
                                  f"kolonne {location.column}] ", label)
            start = cursor.position()
            cursor.insertText(block.text, heading if block.heading else plain)
            self._spans[block.index] = (start, cursor.position())
        self.text_view.moveCursor(QTextCursor.MoveOperation.Start)

    def _fit_goal_columns(self) -> None:
        header = self.goal_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.goal_view.resizeColumnsToContents()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.goal_view.resizeRowsToContents()

    def _set_buttons(self, *, enabled: bool) -> None:
        self.open_button.setEnabled(enabled or self._review is None)
        self.results_button.setEnabled(enabled and self._review is not None)
        self.note_button.setEnabled(enabled and self._review is not None)

    def _finding_clicked(self, index: QModelIndex) -> None:
        finding = self.finding_model.finding(index.row())
        self.show_block(finding.block, finding.location)
        if finding.block is not None and finding.note:
            self.place_label.setText(f"Kontrakten, {finding.location}")

    def _goal_clicked(self, index: QModelIndex) -> None:
        self.show_block(self.goal_model.data(index, BLOCK_ROLE),
                        "Målet står ikke i kontrakten.",
                        self.goal_model.data(index, PASSAGE_ROLE))

    def _choose_contract(self) -> None:
        path = dialogs.service().open_file(self, "Åbn resultatkontrakt",
                                           "Resultatkontrakt (*.docx *.pdf)")
        if path is not None:
            self.open_contract(path)

    def _choose_results(self) -> None:
        if self._contract_path is None:
            return
        path = dialogs.service().open_file(self, "Åbn resultatopgørelse",
                                           "Resultater (*.csv *.xlsx)")
        if path is not None:
            self.open_contract(self._contract_path, path)


def _scanned_without_text(error: KkrError, path: Path | None) -> bool:
    """The contract is a PDF the checker found no text in: a scan OCR can read."""
    return (isinstance(error, BadFileError) and error.reason == "empty" and path is not None
            and path.suffix.lower() == ".pdf")


def _titled(title: str, *widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    caption = QLabel(title)
    font = caption.font()
    font.setBold(True)
    caption.setFont(font)
    layout.addWidget(caption)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is widgets[0] else 0)
    return box
