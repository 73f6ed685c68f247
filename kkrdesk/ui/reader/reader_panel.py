"""The reader tab: shows one bilag (PDF, DOCX, tables, image as its printed PDF) loaded in the background, beside the notes."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.notes.model import BilagText, Note
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.pack.format import PACK_SUFFIX
from kkrdesk.core.pack.reader import OpenedPack, open_pack
from kkrdesk.core.pack.source import ReadingSource
from kkrdesk.core.text import markup
from kkrdesk.core.text.pages import extract_text
from kkrdesk.core.text.preview import Preview, prepare_preview, prepare_repaired
from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp, Cancelled, Jobs
from kkrdesk.ui.reader.notes_panel import NotesPanel
from kkrdesk.ui.reader.pdf_pane import PdfPane
from kkrdesk.ui.window_words import error_text


class ReaderPanel(QWidget):
    """Shows bilag read-only. The main window calls ``show_bilag``; nothing here blocks the window.

    ``loaded`` is emitted when a bilag is on screen, ``failed`` with the KkrError when it cannot be.
    """

    loaded = Signal()
    failed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.source: ReadingSource | None = None
        self.notes: NotesStore | None = None
        self.current: tuple[str, int] | None = None   # item number, bilag number
        self.preview: Preview | None = None
        self._request = 0
        self._jobs = Jobs()
        self._sources: dict[Path, ReadingSource] = {}
        self._bilag_text: BilagText | None = None

        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label = QLabel(self)
        self.note_label.setWordWrap(True)
        self.note_label.hide()
        self.stack = QStackedWidget(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.progress = QProgressBar(self)
        self.progress.setFormat("%p\u00a0%")
        self.progress.setRange(0, 0)
        self.progress.hide()
        message_page = QWidget(self)
        message_layout = QVBoxLayout(message_page)
        message_layout.addStretch(1)
        message_layout.addWidget(self.message)
        message_layout.addWidget(self.progress)
        message_layout.addStretch(1)
        self.pdf = PdfPane(self)
        self.html = QTextBrowser(self)
        self.html.setOpenLinks(False)
        self.tables = QTabWidget(self)
        for page in (message_page, self.pdf, self.html, self.tables):   # an image shows as its PDF (core/files/image_pdf)
            self.stack.addWidget(page)
        self._message_page = message_page
        self.notes_panel = NotesPanel(self)
        self.notes_panel.note_activated.connect(self.show_note)
        self.pdf.page_changed.connect(self._page_changed)
        splitter = QSplitter(self)
        splitter.addWidget(self.stack)
        splitter.addWidget(self.notes_panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.note_label)
        layout.addWidget(splitter, 1)
        self._show_message("Vælg et bilag på dagsordenen for at læse det.")

    # ------------------------------------------------------------------ public API

    def set_source(self, source: ReadingSource) -> None:
        """Use ``source`` (a meeting folder or an opened pack) for the bilag shown from now on."""
        self.source = source
        self._sources[source.folder] = source
        self.notes = NotesStore(source.pack_id)

    def show_bilag(self, source: Path | ReadingSource | OpenedPack, item_number: str,
                   bilag_number: int, page: int | None = None, highlight: str | None = None) -> None:
        """Show bilag ``bilag_number`` of item ``item_number``, at ``page`` with ``highlight`` found.

        ``source`` is a meeting folder, a .kkrpack file (verified and opened read-only first),
        a ReadingSource or an OpenedPack. Loading runs in the background; ``loaded`` or
        ``failed`` tells when it is done.
        """
        request = self._new_request()
        if isinstance(source, OpenedPack):
            source = ReadingSource.from_pack(source)
        if isinstance(source, ReadingSource):
            self.set_source(source)
            self._load_bilag(request, item_number, bilag_number, page, highlight)
            return
        path = Path(source)
        known = self._sources.get(path)
        if known is not None:
            self.show_bilag(known, item_number, bilag_number, page, highlight)
            return
        self._show_message(f"Åbner {path.name} …", busy=True)

        def work(_progress):
            if path.is_file() and path.suffix.lower() == PACK_SUFFIX:
                return ReadingSource.from_pack(open_pack(path))
            return ReadingSource.from_folder(path)

        def done(opened: ReadingSource) -> None:
            self._sources[path] = opened
            if request == self._request:
                self.show_bilag(opened, item_number, bilag_number, page, highlight)

        self._run(work, done, request)

    def show_item(self, item_number: str, highlight: str | None = None) -> None:
        """Show an item's own text (resumé, indstilling, sagsfremstilling, beslutning) of the current source."""
        if self.source is None:
            return
        self._new_request()
        try:
            item = self.source.meeting.item(item_number)
        except KeyError:
            self._fail(KkrError(f"mødet har intet punkt {item_number}.", file=self.source.folder))
            return
        self.current, self._bilag_text = None, None
        self.header.setText(item.heading)
        sections = [("Resumé", item.resume), ("Indstilling", item.indstilling),
                    ("Sagsfremstilling", item.sagsfremstilling), ("Beslutning", item.beslutning)]
        body = "".join(f"<h3>{html.escape(title)}</h3>{markup.to_html(text)}"
                       for title, text in sections if text.strip())
        self._present(Preview("html", self.source.folder, html=f"<h2>{html.escape(item.heading)}</h2>"
                              f"{body}"), None, highlight, "")

    def show_file(self, path: Path, page: int | None = None) -> None:
        """Show any file on its own (no meeting, no notes)."""
        request = self._new_request()
        self.current, self._bilag_text = None, None
        self.header.setText(Path(path).name)
        self._prepare(request, Path(path), None, None, page, None)

    def current_page(self) -> int:
        return self.pdf.current_page() if self.stack.currentWidget() is self.pdf else 1

    def print_render(self):
        """How to print what is on screen (a render(printer) callable), or None when nothing is shown."""
        from kkrdesk.ui.printing import print_pdf, print_text

        page = self.stack.currentWidget()
        if self.preview is None or page is self._message_page:
            return None
        if page is self.pdf and self.pdf.page_count():
            return lambda printer: print_pdf(printer, self.pdf.document)
        if page is self.html:
            return lambda printer: print_text(printer, self.html.document())
        return None

    def close_document(self) -> None:
        """Let go of the shown file (call before the window closes; QPdfView must not outlive it)."""
        self._new_request()
        self.pdf.clear()
        self._show_message("Vælg et bilag på dagsordenen for at læse det.")

    # ------------------------------------------------------------------ loading

    def _new_request(self) -> int:
        """A new thing to show: what was being prepared for the last one is stopped (a Word file's
        LibreOffice run killed, nothing of it cached), and its result would be ignored anyway."""
        self._request += 1
        self._jobs.cancel_all()
        return self._request

    def _load_bilag(self, request: int, item_number: str, bilag_number: int, page: int | None,
                    highlight: str | None) -> None:
        source = self.source
        if source is None:
            return
        try:
            item, bilag = source.bilag(item_number, bilag_number)
            path = source.file_of(bilag)
        except KkrError as exc:
            self._fail(exc)
            return
        self.current = (item_number, bilag_number)
        read_only = " (skrivebeskyttet)" if source.read_only else ""
        self.header.setText(f"{item.heading} — Bilag {bilag_number}: {bilag.title}{read_only}")
        rendering = source.renderings.get(bilag.sha256 or "")
        self._bilag_text = None
        self._prepare(request, path, bilag.sha256, rendering, page, highlight)

    def _prepare(self, request, path, sha256, rendering, page, highlight, password="") -> None:
        self._show_message(f"Indlæser {path.name} …", busy=True)
        source, current = self.source, self.current

        def work(progress):
            from kkrdesk.core.office.isolation import Stopped  # subprocess: not with the window

            try:
                preview = prepare_preview(path, sha256=sha256, password=password, rendering=rendering,
                                          cancelled=lambda: progress.cancelled)
            except Stopped:     # the panel let go of the file while LibreOffice rendered it
                raise Cancelled from None
            return preview, _page_texts(source, current, path, rendering)

        def done(result) -> None:
            preview, texts = result
            self._bilag_text = texts
            if preview.needs_repair:
                self._offer_repair(request, preview, sha256, password, page, highlight)
            else:
                self._present(preview, page, highlight, password)

        def failed(error: KkrError) -> None:
            if isinstance(error, BadFileError) and error.reason == "encrypted":
                answer = dialogs.service().ask_password(
                    self, "Adgangskode",
                    f"{path.name} er beskyttet med adgangskode. Skriv adgangskoden:"
                    if not password else "Adgangskoden passede ikke. Prøv igen:")
                if answer:
                    self._prepare(request, path, sha256, rendering, page, highlight, answer)
                    return
            self._fail(error)

        self._run(work, done, request, failed)

    def _offer_repair(self, request, preview: Preview, sha256, password, page, highlight) -> None:
        question = (f"{preview.path.name} er beskadiget og kan ikke vises, som den er. kkrdesk kan "
                    "lave en repareret kopi (originalen ændres ikke). Vil du se den?")
        if not dialogs.service().confirm(self, "Beskadiget fil", question):
            self._fail(BadFileError("filen er beskadiget og blev ikke vist.", reason="damaged",
                                    file=preview.path, hint="Bed afsenderen om en ny udgave."))
            return
        self._show_message(f"Reparerer {preview.path.name} …", busy=True)
        self._run(lambda _p: prepare_repaired(preview.path, sha256, password),
                  lambda repaired: self._present(repaired, page, highlight, ""), request)

    def _run(self, work, on_success, request: int, on_failure=None) -> None:
        def success(result) -> None:
            if request == self._request:
                on_success(result)

        def failure(error) -> None:
            if request == self._request:
                (on_failure or self._fail)(error)

        self._jobs.start(BackgroundOp(work, on_success=success, on_failure=failure, parent=self))

    def _present(self, preview: Preview, page: int | None, highlight: str | None, password: str) -> None:
        self.preview = preview
        self.progress.hide()
        self.note_label.setText(preview.note)
        self.note_label.setVisible(bool(preview.note))
        if preview.kind == "pdf":
            assert preview.pdf is not None, "a pdf preview has its pdf"
            error = self.pdf.load(preview.pdf, password)
            if error.value != 0:
                self._fail(BadFileError(f"PDF-filen kunne ikke vises ({error.name}).", reason="damaged",
                                        file=preview.path, hint="Bed afsenderen om en ny udgave."))
                return
            self.stack.setCurrentWidget(self.pdf)
            if page:
                self.pdf.go_to_page(page)
            if highlight:
                self.pdf.find(highlight, page)
            self._page_changed(self.pdf.current_page())
        elif preview.kind in ("html", "text"):
            if preview.kind == "html":
                self.html.setHtml(preview.html)
            else:
                self.html.setPlainText(preview.text)
            if highlight:
                self.html.find(highlight)
            self.stack.setCurrentWidget(self.html)
            self._page_changed(1)
        elif preview.kind == "table":
            self._show_tables(preview)
        self.loaded.emit()

    def _show_tables(self, preview: Preview) -> None:
        self.tables.clear()
        for sheet in preview.sheets:
            model = QStandardItemModel(self.tables)
            for row in sheet.rows:
                model.appendRow([QStandardItem(cell) for cell in row])
            view = QTableView(self.tables)
            view.setModel(model)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.resizeColumnsToContents()
            name = sheet.name + (" (afkortet)" if sheet.truncated else "")
            self.tables.addTab(view, name)
        self.stack.setCurrentWidget(self.tables)
        self._page_changed(1)

    def _show_message(self, text: str, busy: bool = False) -> None:
        self.message.setText(text)
        self.progress.setVisible(busy)
        self.stack.setCurrentWidget(self._message_page)

    def _fail(self, error: KkrError) -> None:
        reason = getattr(error, "reason", "")
        lead = {"encrypted": "Filen er beskyttet med adgangskode.",
                "damaged": "Filen er beskadiget.",
                "unsupported": "Filtypen kan ikke vises.",
                "tampered": "Pakken er ændret og åbnes ikke."}.get(reason, "Filen kan ikke vises.")
        self._show_message(f"{lead}\n\n{error_text(error)}")
        self.failed.emit(error)

    # ------------------------------------------------------------------ notes

    def _page_changed(self, page: int) -> None:
        title = self.source.meeting.display_title if self.source else ""
        self.notes_panel.set_context(self.notes, self._bilag_text, page, title)

    def show_note(self, note: Note) -> None:
        if self.stack.currentWidget() is self.pdf:
            self.pdf.go_to_page(note.anchor.page)
            self.pdf.find(" ".join(note.anchor.quote.split()[:8]), note.anchor.page)


def _page_texts(source: ReadingSource | None, current: tuple[str, int] | None, path: Path,
                rendering: Path | None) -> BilagText | None:
    """The bilag's page texts for notes: from the index, or read now if the index lacks them yet."""
    if source is None or current is None:
        return None
    number, bilag_number = current
    item, bilag = source.bilag(number, bilag_number)
    sha = bilag.sha256 or sha256_of(path)
    pages = source.index.page_texts(sha) if source.index.path.is_file() else []
    if not pages:
        try:
            pages = extract_text(path, sha256=sha, rendering=rendering).pages
        except KkrError:
            return None
    return BilagText(item_number=number, item_title=item.title, bilag_number=bilag_number,
                     bilag_title=bilag.title, sha256=sha, file_name=bilag.file, pages=pages)
