"""The page texts of any bilag file, chosen by its kind: pdfium for PDF, LibreOffice's PDF or python-docx for DOCX."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.encodings import decode_text_file
from kkrdesk.core.files.image_screen import screen_image
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import INDEX_MAX_TEXT_FILE_BYTES
from kkrdesk.core.files.pdf_screen import screen_pdf
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.core.office.libreoffice import convert_to_pdf
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.core.text.docx_reading import docx_page_texts
from kkrdesk.core.text.pdf import pdf_page_texts, repaired_copy
from kkrdesk.core.text.tables import read_sheets


@dataclass(frozen=True)
class DocumentText:
    """Page texts of one file (page 1 first) and how they were obtained."""

    pages: list[str]
    method: str   # "pdf", "ocr", "libreoffice", "docx-breaks", "table", "text" or "none"


def docx_rendering(path: Path, sha256: str, cancelled: Callable[[], bool] = never_cancelled) -> Path | None:
    """The LibreOffice PDF of a DOCX (made once, cached by sha256), or None without it."""
    return render_docx(path, sha256, cancelled)[0]


def render_docx(path: Path, sha256: str, cancelled: Callable[[], bool] = never_cancelled) -> tuple[Path | None, str]:
    """The LibreOffice PDF of a DOCX, or None and why not (Danish, to follow "fordi"); a conversion
    cancelled on the way raises isolation.Stopped."""
    if find_soffice() is None:
        return None, "LibreOffice ikke er installeret"
    try:
        return convert_to_pdf(path, sha256=sha256, cancelled=cancelled), ""
    except KkrError as exc:
        return None, f"LibreOffice ikke kunne omdanne det: {exc.message.rstrip('.')}"


def extract_text(path: Path, *, sha256: str, rendering: Path | None = None,
                 on_page: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] = never_cancelled) -> DocumentText:
    """The page texts of a bilag file, read as its content says it is; raise BadFileError if it cannot be read.

    The file comes in through the import boundary first. ``rendering`` is a PDF made from a
    DOCX earlier (a pack carries them); without it a DOCX is rendered through LibreOffice when
    installed, else cut at its explicit page breaks. LibreOffice is stopped once ``cancelled()``
    is true (isolation.Stopped is raised).
    """
    path = Path(path)
    admitted = admit(path, Use.INDEX)
    kind = admitted.kind
    if kind in (FileKind.PDF, FileKind.IMAGE):
        searchable = searchable_copy(sha256)     # a scan given a text layer by `kkrdesk ocr`
        if searchable is not None:
            return DocumentText(pdf_page_texts(searchable, on_page=on_page,
                                               pages=screen_pdf(searchable).pages), "ocr")
    if kind is FileKind.PDF:
        checked = admitted.pdf
        assert checked is not None, "admit() screens every PDF"
        if checked.needs_repair:      # read the copy the reader shows: qpdf's repair
            repaired, check = repaired_copy(path, sha256)
            return DocumentText(pdf_page_texts(repaired, on_page=on_page, pages=check.pages), "pdf")
        return DocumentText(pdf_page_texts(path, on_page=on_page, pages=checked.pages), "pdf")
    if kind is FileKind.DOCX:
        pdf = rendering or docx_rendering(path, sha256, cancelled)
        if pdf is not None:
            return DocumentText(pdf_page_texts(pdf, on_page=on_page, pages=screen_pdf(pdf).pages),
                                "libreoffice")
        with reading(path, "Word-dokumentet"):
            return DocumentText(docx_page_texts(path), "docx-breaks")
    if kind in (FileKind.XLSX, FileKind.CSV):
        return DocumentText([sheet.text() for sheet in read_sheets(path, str(kind))], "table")
    if kind is FileKind.TEXT:
        if admitted.size > INDEX_MAX_TEXT_FILE_BYTES:
            raise BadFileError(f"tekstfilen fylder {admitted.size // 1_048_576} MB; kkrdesk søger i "
                               f"tekstfiler på højst {INDEX_MAX_TEXT_FILE_BYTES // 1_048_576} MB.",
                               reason="too-large", file=path, hint="Del filen op.")
        return DocumentText([decode_text_file(path.read_bytes())], "text")
    if kind is FileKind.IMAGE:
        return DocumentText([""] * screen_image(path), "none")     # screened by admit: a page per picture
    return DocumentText([], "none")
