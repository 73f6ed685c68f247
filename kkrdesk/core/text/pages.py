"""The page texts of any bilag file, chosen by its kind: pdfium for PDF, LibreOffice's PDF or python-docx for DOCX."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.meeting.model import FileKind
from kkrdesk.core.office.libreoffice import convert_to_pdf, find_soffice
from kkrdesk.core.text.docx_reading import docx_page_texts
from kkrdesk.core.text.pdf import check_pdf_structure, pdf_page_texts
from kkrdesk.core.text.tables import decode_text_file, read_sheets

MAX_TEXT_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DocumentText:
    """Page texts of one file (page 1 first) and how they were obtained."""

    pages: list[str]
    method: str   # "pdf", "libreoffice", "docx-breaks", "table", "text" or "none"


def docx_rendering(path: Path, sha256: str) -> Path | None:
    """The LibreOffice PDF of a DOCX (made once, cached by sha256), or None without LibreOffice."""
    if find_soffice() is None:
        return None
    try:
        return convert_to_pdf(path, sha256=sha256)
    except KkrError:
        return None


def extract_text(path: Path, kind: FileKind, *, sha256: str, rendering: Path | None = None,
                 on_page: Callable[[int, int], None] | None = None) -> DocumentText:
    """The page texts of a bilag file; raise BadFileError if it cannot be read.

    ``rendering`` is a PDF made from a DOCX earlier (a pack carries them); without it a DOCX is
    rendered through LibreOffice when installed, else cut at its explicit page breaks.
    """
    path = Path(path)
    if kind is FileKind.PDF:
        check_pdf_structure(path)
        return DocumentText(pdf_page_texts(path, on_page=on_page), "pdf")
    if kind is FileKind.DOCX:
        pdf = rendering or docx_rendering(path, sha256)
        if pdf is not None:
            check_pdf_structure(pdf)
            return DocumentText(pdf_page_texts(pdf, on_page=on_page), "libreoffice")
        return DocumentText(docx_page_texts(path), "docx-breaks")
    if kind in (FileKind.XLSX, FileKind.CSV):
        return DocumentText([sheet.text() for sheet in read_sheets(path, str(kind))], "table")
    if kind is FileKind.TEXT:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            raise BadFileError(f"tekstfilen fylder {size // 1_048_576} MB; for stor til søgning.",
                               reason="too-large", file=path, hint="Del filen op.")
        return DocumentText([decode_text_file(path.read_bytes())], "text")
    if kind is FileKind.IMAGE:
        return DocumentText([""], "none")
    return DocumentText([], "none")
