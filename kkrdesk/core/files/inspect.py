"""The facts kkrdesk records about a bilag file (kind, page count, size, sha256), found through the import boundary."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.kinds import FileKind

if TYPE_CHECKING:
    from kkrdesk.core.files.pdf_active import ActiveContent

DocxPageCounter = Callable[[Path, str], "int | None"]


@dataclass(frozen=True)
class FileFacts:
    kind: FileKind
    pages: int | None
    sha256: str
    size: int


def inspect_file(path: Path, *, docx_pages: DocxPageCounter | None = None) -> FileFacts:
    """Admit ``path`` as a bilag, hash it and count its pages; raise BadFileError if kkrdesk must refuse it.

    ``docx_pages`` renders a DOCX to count its pages exactly (LibreOffice); without it the
    count Word stored in the document's properties is used, if any.
    """
    path = Path(path)
    admitted = admit(path, Use.BILAG, fingerprint=True)
    sha = admitted.sha256
    assert sha is not None, "admit(fingerprint=True) always fingerprints"
    pages: int | None
    if admitted.pdf is not None:
        pages = admitted.pdf.pages
    elif admitted.kind is FileKind.DOCX:
        pages = (docx_pages(path, sha) if docx_pages else None) or stored_docx_pages(path)
    elif admitted.kind is FileKind.IMAGE:
        from kkrdesk.core.files.image_screen import screen_image  # screened by admit: its verdict is remembered

        pages = screen_image(path)
    else:
        pages = None
    return FileFacts(kind=admitted.kind, pages=pages, sha256=sha, size=admitted.size)


def stored_docx_pages(path: Path) -> int | None:
    """The page count Word stored in docProps/app.xml (an estimate; other programs leave 1)."""
    try:
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml")[:100_000].decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    match = re.search(r"<Pages>(\d+)</Pages>", app)
    return int(match.group(1)) if match else None


def pdf_active_content(path: Path) -> ActiveContent:
    """The active content (pdf_active.ActiveContent) of an admitted PDF: what a bilag pack would
    strip, and the web links it keeps."""
    from kkrdesk.core.files.pdf_active import active_content_of  # pikepdf only when asked

    with reading(Path(path), "PDF-filen"):
        return active_content_of(Path(path))
