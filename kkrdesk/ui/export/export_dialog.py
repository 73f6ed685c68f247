"""ExportDialog: choose files and options, see the preflight, export in the background, open the folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
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
from kkrdesk.core.export.default_extras import default_item_extras
from kkrdesk.core.export.exporter import ExportOptions, ExportResult, export_meeting
from kkrdesk.core.export.preflight import PreflightReport, preflight, reading_time
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.office.libreoffice import find_soffice
from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp
from kkrdesk.ui.window_words import problem_hint, window_text

EXPORT_FOLDER = "eksport"


class ExportDialog(QDialog):
    """Export a meeting's bilag pack (PDF) and agenda (Word). Nothing is written before the user
    presses Eksportér, and errors found by the preflight block it unless overridden."""

    def __init__(self, meeting_folder: MeetingFolder, parent: QWidget | None = None, *,
                 editor_problems: Callable[[], list[Problem]] | None = None):
        super().__init__(parent)
        self.folder = meeting_folder
        # Problems only the open editor knows (references left pointing at a moved bilag).
        self._editor_problems = editor_problems or list
        self.report: PreflightReport | None = None
        self.export_result: ExportResult | None = None
        self._op: BackgroundOp | None = None
        self._close_when_done = False
        self._succeeded = False
        meeting = meeting_folder.meeting
        self.setWindowTitle(self.tr("Eksportér – %s, %s") % (meeting.display_title,
                                                             danish.format_date(meeting.date)))
        self.setMinimumSize(760, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(self._files_box())
        layout.addWidget(self._options_box())
        layout.addWidget(self._preflight_box(), stretch=1)
        layout.addLayout(self._progress_row())
        layout.addLayout(self._button_row())
        self._update_buttons()
        self.run_preflight()

    # ------------------------------------------------------------------ building
    def _files_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Filer"))
        grid = QGridLayout(box)
        target = self.folder.path / EXPORT_FOLDER
        stamp = self.folder.meeting.date.isoformat()
        self.pdf_check = QCheckBox(self.tr("Bilagspakke (PDF)"))
        self.pdf_path = QLineEdit(str(target / f"bilag-{stamp}.pdf"))
        self.docx_check = QCheckBox(self.tr("Dagsorden (Word)"))
        self.docx_path = QLineEdit(str(target / f"dagsorden-{stamp}.docx"))
        for row, (check, edit, pattern) in enumerate(((self.pdf_check, self.pdf_path, "PDF (*.pdf)"),
                                                      (self.docx_check, self.docx_path, "Word (*.docx)"))):
            check.setChecked(True)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self._update_buttons)
            choose = QPushButton(self.tr("Vælg …"))
            choose.clicked.connect(lambda _=False, e=edit, p=pattern: self._choose_file(e, p))
            check.toggled.connect(choose.setEnabled)
            edit.setAccessibleName(check.text())
            grid.addWidget(check, row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(choose, row, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _options_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Indstillinger"))
        column = QVBoxLayout(box)
        self.agenda_pack_check = QCheckBox(self.tr("Dagsordenspakke: sæt hvert punkts bilag ind efter "
                                                   "punktet i Word-filen"))
        self.closed_check = QCheckBox(self.tr("Tag lukkede punkter og bilag med"))
        self.libreoffice_check = QCheckBox(self.tr("Brug LibreOffice (Word-bilag i bilagspakken, udfyldt "
                                                   "indholdsfortegnelse)"))
        self._libreoffice_installed = find_soffice() is not None
        if not self._libreoffice_installed:
            self.libreoffice_check.setChecked(False)
            self.libreoffice_check.setEnabled(False)
            self.libreoffice_check.setToolTip(self.tr("LibreOffice er ikke installeret. Word-bilag kan ikke "
                                                      "komme med i bilagspakken, og Word udfylder "
                                                      "indholdsfortegnelsen, når dagsordenen åbnes."))
        else:
            self.libreoffice_check.setChecked(True)
        self.keep_active_check = QCheckBox(self.tr("Behold aktivt indhold i bilagenes PDF'er (JavaScript, "
                                                   "programstart, vedhæftede filer – frarådes)"))
        for check in (self.agenda_pack_check, self.closed_check, self.libreoffice_check, self.keep_active_check):
            column.addWidget(check)
        self.closed_check.toggled.connect(self.run_preflight)
        self.libreoffice_check.toggled.connect(self.run_preflight)
        self.keep_active_check.toggled.connect(self.run_preflight)
        return box

    def _preflight_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Kontrol før eksport"))
        column = QVBoxLayout(box)
        self.problem_list = QListWidget()
        self.problem_list.setWordWrap(True)
        self.problem_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.problem_list.setAlternatingRowColors(True)
        self.problem_list.setAccessibleName(self.tr("Fejl og advarsler"))
        self.estimate_list = QTreeWidget()
        self.estimate_list.setHeaderLabels([self.tr("Punkt"), self.tr("Bilag"), self.tr("Sider"),
                                            self.tr("Læsetid")])
        self.estimate_list.setRootIsDecorated(False)
        self.estimate_list.setAccessibleName(self.tr("Sider og læsetid pr. punkt"))
        self.estimate_list.header().setStretchLastSection(False)
        self.estimate_list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for number in (1, 2, 3):
            self.estimate_list.header().setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
        self.summary_label = QLabel(self.tr("Kontrollerer …"))
        self.summary_label.setWordWrap(True)
        self.override_check = QCheckBox(self.tr("Eksportér trods fejl"))
        self.override_check.setEnabled(False)
        self.override_check.toggled.connect(self._update_buttons)
        column.addWidget(self.problem_list, stretch=3)
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
        self.cancel_button = QPushButton(self.tr("Annuller"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.status_label, stretch=2)
        row.addWidget(self.progress_bar, stretch=3)
        row.addWidget(self.cancel_button)
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.recheck_button = QPushButton(self.tr("Kontrollér igen"))
        self.recheck_button.clicked.connect(self.run_preflight)
        self.open_folder_button = QPushButton(self.tr("Åbn mappe"))
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_pack_button = QPushButton(self.tr("Åbn bilagspakke"))
        self.open_pack_button.clicked.connect(lambda: self.open_result(self.export_result.pdf if self.export_result else None))
        self.open_agenda_button = QPushButton(self.tr("Åbn dagsorden"))
        self.open_agenda_button.clicked.connect(lambda: self.open_result(self.export_result.docx if self.export_result else None))
        self.export_button = QPushButton(self.tr("Eksportér"))
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton(self.tr("Luk"))
        self.close_button.clicked.connect(self.close)
        row.addWidget(self.recheck_button)
        row.addStretch(1)
        for button in (self.open_pack_button, self.open_agenda_button, self.open_folder_button,
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

    def _update_buttons(self) -> None:
        busy = self.busy
        wanted = self.pdf_check.isChecked() or self.docx_check.isChecked()
        blocked = self.report is None or (self.report.blocking and not self.override_check.isChecked())
        self.export_button.setEnabled(not busy and wanted and not blocked)
        self.recheck_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.open_folder_button.setEnabled(not busy and self.export_result is not None)
        self.open_pack_button.setVisible(not busy and self.export_result is not None and bool(self.export_result.pdf))
        self.open_agenda_button.setVisible(not busy and self.export_result is not None and bool(self.export_result.docx))
        for widget in (self.agenda_pack_check, self.closed_check, self.pdf_check, self.docx_check,
                       self.keep_active_check):
            widget.setEnabled(not busy)
        self.libreoffice_check.setEnabled(not busy and self._libreoffice_installed)

    def _choose_file(self, edit: QLineEdit, pattern: str) -> None:
        chosen = dialogs.service().save_file(self, self.tr("Gem som"), edit.text(), pattern)
        if chosen is not None:
            edit.setText(str(chosen))

    # ------------------------------------------------------------------ preflight
    def run_preflight(self) -> None:
        if self.busy:
            return
        options = self.options()
        folder, meeting = self.folder.path, self.folder.meeting
        self.report = None
        self.summary_label.setText(self.tr("Kontrollerer …"))

        def work(progress):
            return preflight(folder, meeting, include_closed=options.include_closed,
                             use_libreoffice=options.use_libreoffice, progress=progress,
                             keep_active_content=options.keep_active_content)

        self._start(work, self._show_report, self.tr("Kontrollerer bilagene …"))

    def _show_report(self, report: PreflightReport) -> None:
        self.report = report
        self.problem_list.clear()
        problems = self._editor_problems() + report.problems
        for problem in problems:
            self._add_problem(problem)
        if not problems:
            item = QListWidgetItem(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton),
                                   self.tr("Alt er i orden."))
            self.problem_list.addItem(item)
        self.estimate_list.clear()
        for estimate in report.estimates:
            self.estimate_list.addTopLevelItem(QTreeWidgetItem([
                estimate.heading, str(estimate.bilag), danish.format_int(estimate.pages),
                reading_time(estimate.minutes)]))
        self.summary_label.setText(report.summary())
        if report.accessibility is not None:   # the details, with where to fix them, as a tooltip
            self.summary_label.setText(f"{report.summary()}\n{report.accessibility.summary()}")
            self.summary_label.setToolTip("\n".join(report.accessibility.lines()[1:]))
        self.status_label.setText(self.tr("Kontrollen er færdig."))
        self.override_check.setEnabled(report.blocking)
        if not report.blocking:
            self.override_check.setChecked(False)

    def _add_problem(self, problem: Problem) -> None:
        icons = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
                 Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
                 Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}
        message = window_text(problem.message)
        text = message[:1].upper() + message[1:]
        if problem.hint:
            text += "\n→ " + problem_hint(problem)
        item = QListWidgetItem(self.style().standardIcon(icons[problem.severity]), text)
        item.setData(Qt.ItemDataRole.UserRole, str(problem.severity))
        self.problem_list.addItem(item)

    # ------------------------------------------------------------------ export
    def start_export(self) -> None:
        if self.busy or self.report is None:
            return
        options = self.options()
        for target in (options.pdf, options.docx):
            if target is not None and (not target.name or target.is_dir()):
                dialogs.service().warn(self, self.tr("Eksportér"),
                                       self.tr("Angiv et filnavn for hver fil, der skal eksporteres."))
                return
        folder, meeting, report = self.folder.path, self.folder.meeting, self.report
        self.export_result = None

        def work(progress):
            return export_meeting(folder, meeting, options, extras=default_item_extras(), progress=progress,
                                  report=report)

        self._start(work, self._export_done, self.tr("Eksporterer …"))

    def _export_done(self, result: ExportResult) -> None:
        self.export_result = result
        for problem in result.problems:
            self._add_problem(problem)
        lines = []
        if result.pdf:
            lines.append(self.tr("Bilagspakken er gemt (%s sider).") % danish.format_int(result.total_pages))
        if result.docx:
            lines.append(self.tr("Dagsordenen er gemt.") if result.toc_updated else
                         self.tr("Dagsordenen er gemt; Word udfylder indholdsfortegnelsen, når den åbnes."))
        if not result.complete:
            lines.append(self.tr("Ikke alt kom med – se listen ovenfor."))
        self.status_label.setText(" ".join(lines))
        if result.notes:   # one box with everything worth knowing, not one box per note
            dialogs.service().inform(self, self.tr("Eksportér"), "\n\n".join(result.notes))

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
        self.status_label.setText(self.tr("Intet blev eksporteret."))
        dialogs.service().error(self, self.tr("Eksporten mislykkedes"), error)

    def _cancelled(self) -> None:
        self.status_label.setText(self.tr("Afbrudt."))

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
        if self.export_result is None:
            return
        target = self.export_result.pdf or self.export_result.docx
        if target is None:
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(target).parent)))

    def open_result(self, path) -> bool:
        """Åbn bilagspakke / Åbn dagsorden: the written file in its program, or its folder if none."""
        if not path:
            return False
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        if dialogs.service().offer(self, self.tr("Åbn fil"),
                                   self.tr("Der er intet program på computeren, der kan åbne %1. Du kan se "
                                           "filen i dens mappe og åbne den derfra.").replace("%1", Path(path).name),
                                   self.tr("Vis i mappe")):
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
