"""ExportDialog: choose files (pack, agenda, referat) and options, see the preflight, export in the background."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, Problem, Severity
from kkrdesk.core.export.blocks import ItemExtraProvider
from kkrdesk.core.export.exporter import ExportOptions, ExportResult, export_meeting
from kkrdesk.core.export.preflight import PreflightReport, preflight, reading_time
from kkrdesk.core.export.referat_export import ReferatOptions, ReferatResult, export_referat
from kkrdesk.core.meeting.checks import Place
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp
from kkrdesk.ui.ocr.make_searchable import ACTION_TEXT, MakeSearchable
from kkrdesk.ui.window_geometry import ASSUMED_FRAME
from kkrdesk.ui.window_words import problem_hint, window_text

EXPORT_FOLDER = "eksport"
SCAN_CODES = frozenset({"pdf-no-text", "pdf-little-text"})   # findings that offer OCR
SCAN_ROLE = Qt.ItemDataRole.UserRole + 1
ESTIMATE_ROWS_SHOWN = 8         # items listed with pages and reading time before the list scrolls
PREFERRED_SIZE = QSize(900, 800)   # or what the screen has room for


class ExportDialog(QDialog):
    """Export a meeting's bilag pack (PDF) and agenda (Word). Nothing is written before the user
    presses Eksportér, and errors found by the preflight block it unless overridden."""

    def __init__(self, meeting_folder: MeetingFolder, parent: QWidget | None = None, *,
                 editor_problems: Callable[[], list[Problem]] | None = None,
                 extras: Callable[[], Sequence[ItemExtraProvider]] = tuple):
        super().__init__(parent)
        self.folder = meeting_folder
        # What the agenda adds to items, chosen by the window (kkrdesk.composition); made on the
        # GUI thread when an export starts, as its chart renderer draws there.
        self._extras = extras
        # Problems only the open editor knows (references left pointing at a moved bilag).
        self._editor_problems = editor_problems or list
        self.report: PreflightReport | None = None
        self.export_result: ExportResult | None = None
        self.referat_result: ReferatResult | None = None
        self._op: BackgroundOp | None = None
        self._close_when_done = False
        self._succeeded = False
        meeting = meeting_folder.meeting
        self.setWindowTitle(f"Eksportér – {meeting.display_title}, {danish.format_date(meeting.date)}")
        self.setMinimumSize(760, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(self._files_box())
        layout.addWidget(self._options_box())
        layout.addWidget(self._preflight_box(), stretch=1)
        layout.addLayout(self._progress_row())
        layout.addLayout(self._button_row())
        self._update_buttons()
        self._fit_to_screen()
        self.run_preflight()

    def _fit_to_screen(self) -> None:
        """PREFERRED_SIZE where the screen has room for it: at its minimum the item list showed three rows."""
        screen = self.screen()
        room = screen.availableGeometry().marginsRemoved(ASSUMED_FRAME).size() if screen else PREFERRED_SIZE
        self.resize(PREFERRED_SIZE.boundedTo(room).expandedTo(self.minimumSize()))

    # ------------------------------------------------------------------ building
    def _files_box(self) -> QGroupBox:
        box = QGroupBox("Filer")
        grid = QGridLayout(box)
        target = self.folder.path / EXPORT_FOLDER
        stamp = self.folder.meeting.date.isoformat()
        self.pdf_check = QCheckBox("Bilagspakke (PDF)")
        self.pdf_path = QLineEdit(str(target / f"bilag-{stamp}.pdf"))
        self.docx_check = QCheckBox("Dagsorden (Word)")
        self.docx_path = QLineEdit(str(target / f"dagsorden-{stamp}.docx"))
        self.referat_check = QCheckBox("Referat (Word)")
        self.referat_path = QLineEdit(str(target / f"referat-{stamp}.docx"))
        self.referat_path.setEnabled(False)
        for row, (check, edit, pattern) in enumerate(((self.pdf_check, self.pdf_path, "PDF (*.pdf)"),
                                                      (self.docx_check, self.docx_path, "Word (*.docx)"),
                                                      (self.referat_check, self.referat_path, "Word (*.docx)"))):
            check.setChecked(check is not self.referat_check)   # the referat is written after the meeting
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._update_buttons)
            choose = QPushButton("Vælg …")
            choose.clicked.connect(lambda _=False, e=edit, p=pattern: self._choose_file(e, p))
            choose.setEnabled(check.isChecked())
            check.toggled.connect(choose.setEnabled)
            edit.setAccessibleName(check.text())
            grid.addWidget(check, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(choose, row, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox("Indstillinger")
        column = QVBoxLayout(box)
        self.agenda_pack_check = QCheckBox("Dagsordenspakke: sæt hvert punkts bilag ind efter "
                                                   "punktet i Word-filen")
        self.closed_check = QCheckBox("Tag lukkede punkter og bilag med")
        self.libreoffice_check = QCheckBox("Brug LibreOffice (Word-bilag i bilagspakken, udfyldt "
                                                   "indholdsfortegnelse)")
        self._libreoffice_installed = find_soffice() is not None
        if not self._libreoffice_installed:
            self.libreoffice_check.setChecked(False)
            self.libreoffice_check.setEnabled(False)
            self.libreoffice_check.setToolTip("LibreOffice er ikke installeret. Word-bilag kan ikke "
                                                      "komme med i bilagspakken, og Word udfylder "
                                                      "indholdsfortegnelsen, når dagsordenen åbnes.")
        else:
            self.libreoffice_check.setChecked(True)
        self.keep_active_check = QCheckBox("Behold aktivt indhold i bilagenes PDF'er (JavaScript, "
                                                   "programstart, vedhæftede filer – frarådes)")
        for check in (self.agenda_pack_check, self.closed_check, self.libreoffice_check, self.keep_active_check):
            column.addWidget(check)
        self.closed_check.toggled.connect(self.run_preflight)
        self.libreoffice_check.toggled.connect(self.run_preflight)
        self.keep_active_check.toggled.connect(self.run_preflight)
        return box

    def _preflight_box(self) -> QGroupBox:
        box = QGroupBox("Kontrol før eksport")
        column = QVBoxLayout(box)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problem_list.setAlternatingRowColors(True)
        self.problem_list.setAccessibleName("Fejl og advarsler")
        self.estimate_list = QTreeWidget()
        self.estimate_list.setHeaderLabels(["Punkt", "Bilag", "Sider",
                                            "Læsetid"])
        self.estimate_list.setRootIsDecorated(False)
        self.estimate_list.setAccessibleName("Sider og læsetid pr. punkt")
        self.estimate_list.header().setStretchLastSection(False)
        self.estimate_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number in (1, 2, 3):
            self.estimate_list.header().setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
        self.summary_label = QLabel("Kontrollerer …")
        self.summary_label.setWordWrap(True)
        self.override_check = QCheckBox("Eksportér trods fejl")
        self.override_check.setEnabled(False)
        self.override_check.toggled.connect(self._update_buttons)
        self.ocr_button = QPushButton(ACTION_TEXT + " …")
        self.ocr_button.setToolTip("Læg tekst over det valgte scannede bilag med "
                                           "tekstgenkendelse; selve filen ændres ikke")
        self.ocr_button.setVisible(False)
        self.ocr_button.clicked.connect(self.make_selected_searchable)
        self.problem_list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self._ocr: MakeSearchable | None = None
        column.addWidget(self.problem_list, stretch=3)
        column.addWidget(self.ocr_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.estimate_list, stretch=2)
        column.addWidget(self.summary_label)
        column.addWidget(self.override_check)
        return box

    def _progress_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.status_label = QLabel("")
        self.progress_bar = QProgressBar()
        self.progress_bar.setFormat("%p\u00a0%")   # Danish: "14 %", as everywhere else
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.cancel_button = QPushButton("Annuller")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.status_label, stretch=2)
        row.addWidget(self.progress_bar, stretch=3)
        row.addWidget(self.cancel_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.recheck_button = QPushButton("Kontrollér igen")
        self.recheck_button.clicked.connect(self.run_preflight)
        self.open_folder_button = QPushButton("Åbn mappe")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_pack_button = QPushButton("Åbn bilagspakke")
        self.open_pack_button.clicked.connect(lambda: self.open_result(self.export_result.pdf if self.export_result else None))
        self.open_agenda_button = QPushButton("Åbn dagsorden")
        self.open_agenda_button.clicked.connect(lambda: self.open_result(self.export_result.docx if self.export_result else None))
        self.open_referat_button = QPushButton("Åbn referat")
        self.open_referat_button.clicked.connect(
            lambda: self.open_result(self.referat_result.docx if self.referat_result else None))
        self.export_button = QPushButton("Eksportér")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton("Luk")
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.recheck_button)
        row.addStretch(1)
        for button in (self.open_pack_button, self.open_agenda_button, self.open_referat_button,
                       self.open_folder_button,
                       self.export_button, self.close_button):
            row.addWidget(button)
        return row

    # ------------------------------------------------------------------ state
    @property
    def busy(self) -> bool:
        return self._op is not None

    def options(self) -> ExportOptions:
        return ExportOptions(
            pdf=Path(self.pdf_path.text().strip()) if self.pdf_check.isChecked() else None,
            docx=Path(self.docx_path.text().strip()) if self.docx_check.isChecked() else None,
            agenda_pack=self.agenda_pack_check.isChecked(), include_closed=self.closed_check.isChecked(),
            # Unticked only counts when it was the user's choice; a missing LibreOffice is reported
            # by the check itself, once, with how to install it.
            use_libreoffice=self.libreoffice_check.isChecked() or not self._libreoffice_installed,
            override=self.override_check.isChecked(), keep_active_content=self.keep_active_check.isChecked())

    def referat_options(self) -> ReferatOptions | None:
        """The referat to write beside the pack and agenda, with the same closed-items rule."""
        if not self.referat_check.isChecked():
            return None
        options = self.options()
        return ReferatOptions(docx=Path(self.referat_path.text().strip()),
                              include_closed=options.include_closed, use_libreoffice=options.use_libreoffice)

    def _update_buttons(self) -> None:
        busy = self.busy
        wanted = self.pdf_check.isChecked() or self.docx_check.isChecked() or self.referat_check.isChecked()
        done = self.export_result is not None or self.referat_result is not None
        blocked = self.report is None or (self.report.blocking and not self.override_check.isChecked())
        self.export_button.setEnabled(not busy and wanted and not blocked)
        self.recheck_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.open_folder_button.setEnabled(not busy and done)
        self.open_pack_button.setVisible(not busy and self.export_result is not None and bool(self.export_result.pdf))
        self.open_agenda_button.setVisible(not busy and self.export_result is not None and bool(self.export_result.docx))
        self.open_referat_button.setVisible(not busy and self.referat_result is not None)
        for widget in (self.agenda_pack_check, self.closed_check, self.pdf_check, self.docx_check,
                       self.referat_check, self.keep_active_check):
            widget.setEnabled(not busy)
        self.libreoffice_check.setEnabled(not busy and self._libreoffice_installed)
        scan = self._selected_scan()
        self.ocr_button.setVisible(scan is not None)
        self.ocr_button.setEnabled(not busy and self._ocr is None)

    def _selected_scan(self):
        """(item, bilag) of the scanned-PDF finding selected in the list, or None."""
        current = self.problem_list.currentItem()
        place = current.data(SCAN_ROLE) if current is not None else None
        if not isinstance(place, Place) or place.bilag is None:
            return None
        item = next((i for i in self.folder.meeting.items if i.number == place.item), None)
        if item is None or not 0 < place.bilag <= len(item.bilag):
            return None
        return item, item.bilag[place.bilag - 1]

    def make_selected_searchable(self) -> None:
        """Gør scannet bilag søgbart for the selected finding; the check runs again afterwards."""
        scan = self._selected_scan()
        if scan is None or self._ocr is not None or self.busy:
            return
        item, bilag = scan
        self._ocr = MakeSearchable(self, self.folder.file_path(bilag.file), bilag.sha256,
                                   f"bilag {item.bilag_number(bilag)} til punkt {item.number}")
        self._ocr.done.connect(self._ocr_done)
        self._ocr.start()
        self._update_buttons()

    def _ocr_done(self, copy) -> None:
        self._ocr = None
        if copy is not None:
            self.run_preflight()
        self._update_buttons()

    def _choose_file(self, edit: QLineEdit, pattern: str) -> None:
        chosen = dialogs.service().save_file(self, "Gem som", edit.text(), pattern)
        if chosen is not None:
            edit.setText(str(chosen))

    # ------------------------------------------------------------------ preflight
    def run_preflight(self) -> None:
        if self.busy:
            return
        options = self.options()
        folder, meeting = self.folder.path, self.folder.meeting
        self.report = None
        self.summary_label.setText("Kontrollerer …")

        def work(progress):
            return preflight(folder, meeting, include_closed=options.include_closed,
                             use_libreoffice=options.use_libreoffice, progress=progress,
                             keep_active_content=options.keep_active_content)

        self._start(work, self._show_report, "Kontrollerer bilagene …")

    def _show_report(self, report: PreflightReport) -> None:
        self.report = report
        self.problem_list.clear()
        problems = self._editor_problems() + report.problems
        for problem in self._editor_problems():
            self._add_problem(problem)
        for finding in report.findings:
            self._add_problem(finding.problem, finding.place)
        if not problems:
            item = QListWidgetItem(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                   "Alt er i orden.")
            self.problem_list.addItem(item)
        self.estimate_list.clear()
        for estimate in report.estimates:
            self.estimate_list.addTopLevelItem(QTreeWidgetItem([
                estimate.heading, str(estimate.bilag), danish.format_int(estimate.pages),
                reading_time(estimate.minutes)]))
        self._show_estimate_rows()
        self.summary_label.setText(report.summary())
        if report.accessibility is not None:   # the details, with where to fix them, as a tooltip
            self.summary_label.setText(f"{report.summary()}\n{report.accessibility.summary()}")
            self.summary_label.setToolTip("\n".join(report.accessibility.lines()[1:]))
        self.status_label.setText("Kontrollen er færdig.")
        self.override_check.setEnabled(report.blocking)
        if not report.blocking:
            self.override_check.setChecked(False)

    def _show_estimate_rows(self) -> None:
        """The item list tall enough for its rows, up to ESTIMATE_ROWS_SHOWN, before it scrolls."""
        listing = self.estimate_list
        rows = min(listing.topLevelItemCount(), ESTIMATE_ROWS_SHOWN)
        row_height = listing.sizeHintForRow(0) if rows else 0
        listing.setMinimumHeight(listing.header().sizeHint().height() + rows * row_height
                                 + 2 * listing.frameWidth() + 2)

    def _add_problem(self, problem: Problem, place: Place | None = None) -> None:
        icons = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
                 Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
                 Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}
        message = window_text(problem.message)
        text = message[:1].upper() + message[1:]
        if problem.hint:
            text += "\n→ " + problem_hint(problem)
        item = QListWidgetItem(self.style().standardIcon(icons[problem.severity]), text)
        item.setData(Qt.ItemDataRole.UserRole, str(problem.severity))
        if problem.code in SCAN_CODES and place is not None:
            item.setData(SCAN_ROLE, place)
        self.problem_list.addItem(item)

    # ------------------------------------------------------------------ export
    def start_export(self) -> None:
        if self.busy or self.report is None:
            return
        options, referat = self.options(), self.referat_options()
        for target in (options.pdf, options.docx, referat.docx if referat else None):
            if target is not None and (not target.name or target.is_dir()):
                dialogs.service().warn(self, "Eksportér",
                                       "Angiv et filnavn for hver fil, der skal eksporteres.")
                return
        folder, meeting, report = self.folder.path, self.folder.meeting, self.report
        self.export_result = self.referat_result = None
        extras = self._extras()

        def work(progress):
            # The pack is built by a new process (a fork of a Qt process is not safe): pikepdf would
            # hold this process's GIL for long stretches.
            result = (export_meeting(folder, meeting, options, extras=extras, progress=progress,
                                     report=report, pack_in_child="spawn")
                      if options.pdf or options.docx else None)
            return result, export_referat(folder, meeting, referat, progress=progress) if referat else None

        self._start(work, self._export_done, "Eksporterer …")

    def _export_done(self, results: tuple[ExportResult | None, ReferatResult | None]) -> None:
        result, referat = self.export_result, self.referat_result = results
        lines: list[str] = []
        notes: list[str] = []
        if result is not None:
            for problem in result.problems:
                self._add_problem(problem)
            if result.pdf:
                lines.append(f"Bilagspakken er gemt ({danish.format_int(result.total_pages)} sider).")
            if result.docx:
                lines.append("Dagsordenen er gemt." if result.toc_updated else
                             "Dagsordenen er gemt; Word udfylder indholdsfortegnelsen, når den åbnes.")
            if not result.complete:
                lines.append("Ikke alt kom med – se listen ovenfor.")
            notes += result.notes
        if referat is not None:
            for problem in referat.problems:
                self._add_problem(problem)
            lines.append("Referatet er gemt.")
            if referat.without_decision:
                lines.append("Uden beslutning endnu: punkt {}.".format(", ".join(referat.without_decision)))
            notes += [note for note in referat.notes if note not in notes]
        self.status_label.setText(" ".join(lines))
        if notes:   # one box with everything worth knowing, not one box per note
            dialogs.service().inform(self, "Eksportér", "\n\n".join(notes))

    # ------------------------------------------------------------------ running in the background
    def _start(self, work, on_success, text: str) -> None:
        self.status_label.setText(text)
        self.progress_bar.setRange(0, 0)
        self._succeeded = False

        def succeeded(value) -> None:
            self._succeeded = True
            on_success(value)

        self._op = BackgroundOp(work, on_success=succeeded, on_failure=self._failed,
                                on_cancel=self._cancelled, parent=self)
        self._op.progress.connect(self._progress)
        self._op.finished.connect(self._finished)
        self._op.start()
        self._update_buttons()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)
        if text:
            self.status_label.setText(text)

    def _failed(self, error: KkrError) -> None:
        self.status_label.setText("Intet blev eksporteret.")
        dialogs.service().error(self, "Eksporten mislykkedes", error)

    def _cancelled(self) -> None:
        self.status_label.setText("Afbrudt.")

    def _finished(self) -> None:
        if self._op is not None:
            self._op.deleteLater()
        self._op = None
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1 if self._succeeded else 0)
        self._update_buttons()
        if self._close_when_done:
            self.close()

    def cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()

    def open_folder(self) -> None:
        exported, referat = self.export_result, self.referat_result
        written = ([exported.pdf, exported.docx] if exported else []) + ([referat.docx] if referat else [])
        target = next((path for path in written if path is not None), None)
        if target is None:
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(target).parent)))

    def open_result(self, path) -> bool:
        """Åbn bilagspakke / Åbn dagsorden: the written file in its program, or its folder if none."""
        if not path:
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        if dialogs.service().offer(self, "Åbn fil",
                                   f"Der er intet program på computeren, der kan åbne {Path(path).name}. "
                                   "Du kan se filen i dens mappe og åbne den derfra.",
                                   "Vis i mappe"):
            return QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
        return False

    def closeEvent(self, event) -> None:
        if self.busy:
            self._close_when_done = True
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.busy:
            self._close_when_done = True
            self.cancel()
            return
        super().reject()
