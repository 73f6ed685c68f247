"""How a bilag is shown, prepared off the GUI thread: a screened PDF, LibreOffice's or an image's PDF, HTML, tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.encodings import decode_text_file
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import PREVIEW_MAX_IMAGE_BYTES, PREVIEW_MAX_TEXT_BYTES
from kkrdesk.core.files.pdf_screen import screen_pdf
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.core.text.docx_reading import docx_html
from kkrdesk.core.text.pages import render_docx
from kkrdesk.core.text.pdf import repaired_copy
from kkrdesk.core.text.tables import Sheet, read_sheets


@dataclass
class Preview:
    """What the reader shows: exactly one of pdf, html, sheets or text is set."""

    kind: str                         # "pdf", "html", "table" or "text"
    path: Path
    pdf: Path | None = None
    pages: int = 0
    needs_repair: bool = False        # pdf opens only as a repaired copy: ask the user first
    html: str = ""
    sheets: list[Sheet] = field(default_factory=list)
    text: str = ""
    note: str = ""                    # a line for the user, e.g. why a DOCX is shown as HTML
    picture: bool = False             # pdf is an image bilag's rendition (a page per picture)


def prepare_preview(path: Path, *, sha256: str | None = None, password: str = "",
                    rendering: Path | None = None, cancelled: Callable[[], bool] = never_cancelled) -> Preview:
    """Prepare ``path`` for showing; raise BadFileError with the reason when it cannot be shown.

    The file comes in through the import boundary (a PDF is screened in a child process before
    QtPdf may see it). ``reason`` is "encrypted" (ask for a password and call again),
    "damaged", "unsupported", etc. LibreOffice rendering a DOCX is stopped once ``cancelled()``
    is true (isolation.Stopped is raised).
    """
    path = Path(path)
    admitted = admit(path, Use.READER, password=password)
    kind = admitted.kind
    if admitted.pdf is not None:
        copy = _searchable_copy_of(path, sha256)
        if copy is not None:       # the reader's find searches the text OCR laid over the scan
            return Preview("pdf", path, pdf=copy, pages=screen_pdf(copy).pages,
                           note="Scannet bilag: du ser den søgbare kopi fra tekstgenkendelsen.")
        return Preview("pdf", path, pdf=path, pages=admitted.pdf.pages,
                       needs_repair=admitted.pdf.needs_repair)
    if kind is FileKind.DOCX:
        pdf, why = (rendering, "") if rendering else render_docx(path, sha256 or sha256_of(path), cancelled)
        if pdf is not None:
            return Preview("pdf", path, pdf=pdf, pages=screen_pdf(pdf).pages)
        with reading(path, "Word-dokumentet"):
            html = docx_html(path)
        return Preview("html", path, html=html,
                       note=f"Vist som tekst, fordi {why}; sidernes opsætning kan afvige fra Word.")
    if kind in (FileKind.XLSX, FileKind.CSV):
        return Preview("table", path, sheets=read_sheets(path, str(kind)))
    if kind is FileKind.IMAGE:
        if admitted.size > PREVIEW_MAX_IMAGE_BYTES:
            raise BadFileError(f"billedet fylder mere end {PREVIEW_MAX_IMAGE_BYTES // 1024 ** 2} MB og "
                               "er for stort til at blive vist.", reason="too-large", file=path,
                               hint="Gem billedet i en mindre opløsning.")
        copy = _searchable_copy_of(path, sha256)
        if copy is not None:       # drawn from the rendition below, with the text OCR found laid over it
            return Preview("pdf", path, pdf=copy, pages=screen_pdf(copy).pages, picture=True,
                           note="Scannet billede: du ser den søgbare kopi fra tekstgenkendelsen.")
        pdf, pages = image_pdf(path)      # the pages the pack prints, drawn from what screening proved (see image_pdf)
        return Preview("pdf", path, pdf=pdf, pages=pages, picture=True)
    with open(path, "rb") as handle:
        raw = handle.read(PREVIEW_MAX_TEXT_BYTES)
    return Preview("text", path, text=decode_text_file(raw))


def _searchable_copy_of(path: Path, sha256: str | None) -> Path | None:
    """The OCR'd copy of a scan, only while the file is still the one it was made from."""
    copy = searchable_copy(sha256) if sha256 else None
    return copy if copy is not None and sha256_of(path) == sha256 else None


def prepare_repaired(path: Path, sha256: str | None = None, password: str = "") -> Preview:
    """A repaired copy of a damaged PDF (made once, kept in the cache) ready to show."""
    target, check = repaired_copy(path, sha256, password)
    return Preview("pdf", Path(path), pdf=target, pages=check.pages,
                   note="Filen var beskadiget; du ser en repareret kopi.")
