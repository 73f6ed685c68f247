"""The bilag form of the editor: title, file, flags, fingerprint and scan state of the chosen bilag."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting import AgendaItem, Bilag
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.forms import _accessible, _ProblemList, _set_text
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.ocr.make_searchable import ACTION_TEXT, MakeSearchable, MissingTools, missing_tools
from kkrdesk.ui.theme import styled

KIND_NAMES = {"pdf": "PDF-dokument", "docx": "Word-dokument", "xlsx": "Excel-regneark",
              "csv": "CSV-data", "image": "Billede", "text": "Tekstfil", "other": "Anden fil"}


class BilagForm(QWidget):
    """Title, file, kind, pages, flags and the fingerprint status of one bilag."""

    openRequested = Signal(object, object)   # item, bilag
    searchableMade = Signal(object, object)  # item, bilag: an OCR'd copy was just made

    def __init__(self, session: MeetingSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.item: AgendaItem | None = None
        self.bilag: Bilag | None = None
        self.heading = styled(QLabel())
        self.heading.setObjectName("formHeading")
        self.problems = _ProblemList()
        self.title = _accessible(QLineEdit(), "Bilagets titel", "Titlen i indholdsfortegnelsen")
        self.file = QLabel()
        self.file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = QLabel()
        self.pages = QLabel()
        self.closed = _accessible(QCheckBox("Lukket bilag"), "Lukket bilag")
        self.printed = _accessible(QCheckBox("Med i bilagspakken"), "Med i bilagspakken",
                                   "Datafiler vedhæftes normalt kun og trykkes ikke")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.ocr_status = QLabel()
        self.ocr_status.setWordWrap(True)
        self.make_searchable = _accessible(QPushButton(ACTION_TEXT + " …"), ACTION_TEXT,
                                           "Læg en tekst over de scannede sider med tekstgenkendelse "
                                           "(OCR); selve filen ændres ikke")
        self.ocr_in_pack = _accessible(QCheckBox("Brug den søgbare kopi i bilagspakken"),
                                       "Brug den søgbare kopi i bilagspakken",
                                       "Pakken får kopien med tekstlag (kan læses af skærmlæsere) i "
                                       "stedet for filen, som den kom")
        self._ocr: MakeSearchable | None = None
        self.accept = _accessible(QPushButton("&Godkend ny udgave"), "Godkend ny udgave af filen",
                                  "Registrér filens nye fingeraftryk, type og sidetal")
        self.open_file = _accessible(QPushButton("Å&bn fil"), "Åbn filen i standardprogrammet")
        self.open_reader = _accessible(QPushButton("&Læs i kkrdesk"), "Åbn bilaget i kkrdesk")
        self.target = _accessible(QComboBox(), "Flyt til punkt")
        self.move_button = _accessible(QPushButton("&Flyt"), "Flyt bilaget til det valgte punkt")
        form = self.fields = QFormLayout()
        form.addRow("&Titel:", self.title)
        form.addRow("Fil:", self.file)
        form.addRow("Type:", self.kind)
        form.addRow("Sider:", self.pages)
        form.addRow("", self.closed)
        form.addRow("", self.printed)
        form.addRow("Filens tilstand:", self.status)
        self.ocr_row = QWidget()
        ocr_column = QVBoxLayout(self.ocr_row)
        ocr_column.setContentsMargins(0, 0, 0, 0)
        ocr_column.addWidget(self.ocr_status)       # full width, so its words wrap instead of clipping
        for widget in (self.make_searchable, self.ocr_in_pack):
            ocr_column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow("Tekstgenkendelse:", self.ocr_row)
        buttons = QHBoxLayout()
        for button in (self.accept, self.open_file, self.open_reader):
            buttons.addWidget(button)
        buttons.addStretch()
        move_row = QHBoxLayout()
        move_row.addWidget(QLabel("Flyt til punkt:"))
        move_row.addWidget(self.target, 1)
        move_row.addWidget(self.move_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(move_row)
        layout.addStretch()
        self.title.editingFinished.connect(lambda: self._edit("title", self.title.text().strip()))
        self.closed.toggled.connect(lambda checked: self._edit("closed", checked))
        self.printed.toggled.connect(lambda checked: self._edit("printed", checked))
        self.ocr_in_pack.toggled.connect(lambda checked: self._edit("ocr_in_pack", checked))
        self.make_searchable.clicked.connect(self.start_ocr)
        self.accept.clicked.connect(self._accept_new_file)
        self.open_file.clicked.connect(self._open_externally)
        self.open_reader.clicked.connect(lambda: self.openRequested.emit(self.item, self.bilag))
        self.move_button.clicked.connect(self._move)
        self.target.currentIndexChanged.connect(
            lambda _: self.move_button.setEnabled(not self.session.read_only and self.target.currentData() is not None))

    def _edit(self, field: str, value) -> None:
        if self.item is not None and self.bilag is not None and not self.session.read_only:
            self.session.edit_bilag(self.item, self.bilag, field, value)

    def _accept_new_file(self) -> None:
        if self.item is not None and self.bilag is not None:
            self.session.accept_new_file(self.item, self.bilag)

    def _open_externally(self) -> None:
        """Åbn fil: the file's own program; without one, say so and offer to show it in its folder."""
        if self.bilag is None:
            return
        path = self.session.folder.file_path(self.bilag.file)
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        service = dialogs.service()
        if service.offer(self, "Åbn fil", f"Der er intet program på computeren, der kan åbne {path.name}. "
                         "Du kan se filen i dens mappe og åbne den derfra.", "Vis i mappe") \
                and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            service.inform(self, "Vis i mappe", f"Filen ligger her:\n{path}")

    def start_ocr(self) -> None:
        """Gør scannet bilag søgbart: OCR in the background; the form shows the copy when it is made."""
        item, bilag = self.item, self.bilag
        if item is None or bilag is None or self._ocr is not None:
            return
        self._ocr = MakeSearchable(self, self.session.folder.file_path(bilag.file), bilag.sha256,
                                   f"bilag {item.bilag_number(bilag)} til punkt {item.number}")
        self._ocr.done.connect(self._ocr_done)
        self._ocr.start()

    def _ocr_done(self, copy) -> None:
        self._ocr = None
        self.refresh()
        if copy is not None:
            self.searchableMade.emit(self.item, self.bilag)

    def _show_ocr(self, bilag: Bilag, codes: set[str]) -> None:
        """The OCR row: for a PDF whose pages are (partly) scanned, or an image (a scanned letter, a
        photographed page), the copy's state and the action."""
        state = _scan_state(self.session.folder.file_path(bilag.file), bilag) \
            if bilag.kind in _SCANNABLE and not codes & {"file-changed", "file-missing", "hash-missing"} \
            else None
        self.fields.setRowVisible(self.ocr_row, state is not None)   # the label too, not only the field
        if state is None:
            return
        copy, scanned, sampled = state
        if copy is not None:
            self.ocr_status.setText("Søgbar: søgning, læseren og kontraktkontrollen bruger kopien med "
                                    "tekst fra tekstgenkendelsen. Selve filen er uændret.")
        elif bilag.kind is FileKind.IMAGE:
            self.ocr_status.setText("Billede: der er ingen tekst at søge i, før tekstgenkendelsen har læst det.")
        else:
            self.ocr_status.setText("Scannet: ingen af siderne har mere end et par ord tekst, der kan søges i."
                                    if scanned == sampled else f"Scannet: {scanned} af {sampled} sider har "
                                    "højst et par ord tekst, der kan søges i.")
        missing = missing_tools()
        self.make_searchable.setVisible(copy is None)
        self.make_searchable.setEnabled(not self.session.read_only and self._ocr is None
                                        and not (missing and MissingTools.told))
        self.make_searchable.setToolTip(f"Tekstgenkendelse er ikke mulig: {missing}." if missing else
                                        "Læg en tekst over de scannede sider; selve filen ændres ikke")
        self.ocr_in_pack.setVisible(copy is not None or bilag.ocr_in_pack)
        with QSignalBlocker(self.ocr_in_pack):
            self.ocr_in_pack.setChecked(bilag.ocr_in_pack)
        self.ocr_in_pack.setEnabled(not self.session.read_only)

    def _move(self) -> None:
        target = self.target.currentData()
        if self.item is None or self.bilag is None:
            return
        if target is not None and target is not self.item:
            self.session.move_bilag(self.item, self.item.bilag_number(self.bilag) - 1, target,
                                    len(target.bilag))

    def show_bilag(self, item: AgendaItem | None, bilag: Bilag | None) -> None:
        self.item, self.bilag = item, bilag
        self.refresh()

    def refresh(self) -> None:
        item, bilag = self.item, self.bilag
        if bilag is None or item is None or bilag not in item.bilag:
            return
        number = item.bilag_number(bilag)
        self.heading.setText(f"Bilag {number} til punkt {item.number}")
        _set_text(self.title, bilag.title)
        self.file.setText(bilag.file)
        self.kind.setText(KIND_NAMES.get(str(bilag.kind), str(bilag.kind)))
        self.pages.setText("ukendt" if bilag.pages is None else str(bilag.pages))
        for box, value in ((self.closed, bilag.closed), (self.printed, bilag.printed)):
            with QSignalBlocker(box):
                box.setChecked(value)
        findings = self.session.model.findings_at(item, number)
        codes = {f.problem.code for f in findings}
        if "file-changed" in codes:
            status = "Filen er ændret på disken, siden den blev lagt på punktet."
        elif "file-missing" in codes:
            status = "Filen mangler i mødets mappe."
        elif bilag.sha256:
            status = "Uændret, siden den blev lagt på punktet."
        else:
            status = "Ikke registreret: kkrdesk kan ikke se, om filen ændres."
        self.status.setText(status)
        self._show_ocr(bilag, codes)
        self.problems.show_findings(findings)
        self.accept.setVisible("file-changed" in codes or "hash-missing" in codes or "kind-mismatch" in codes)
        self.target.clear()
        self.target.addItem("Vælg et punkt …", None)
        for other in self.session.meeting.items:
            if other is not item:
                self.target.addItem(other.heading or other.number, other)
        read_only = self.session.read_only
        self.title.setReadOnly(read_only)
        for widget in (self.closed, self.printed, self.accept, self.target, self.move_button):
            widget.setEnabled(not read_only)
        self.move_button.setEnabled(not read_only and self.target.currentData() is not None)


_SCANNABLE = (FileKind.PDF, FileKind.IMAGE)


def _scan_state(path, bilag: Bilag) -> tuple[object, int, int] | None:
    """(searchable copy or None, pages without text, pages looked at) of a scanned PDF or an image
    (none of whose pages has text); None if it has text."""
    if not bilag.sha256:
        return None
    if bilag.kind is FileKind.IMAGE:
        pages = bilag.pages or 1
        return searchable_copy(bilag.sha256), pages, pages
    # imported on first use: the preflight module loads pikepdf, which start-up does without
    from kkrdesk.core.export.preflight import TEXT_SAMPLE_PAGES, scanned_pages

    copy = searchable_copy(bilag.sha256)
    try:
        scanned, sampled = scanned_pages(path, bilag.sha256, bilag.pages or TEXT_SAMPLE_PAGES)
    except KkrError:
        return None
    return (copy, scanned, sampled) if copy is not None or scanned * 2 > sampled else None


