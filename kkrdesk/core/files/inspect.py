"""The facts kkrdesk records about a bilag file: kind, page count, size and sha256."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.sniff import sniff_kind
from kkrdesk.core.meeting.model import FileKind

MAX_BILAG_BYTES = 500 * 1024 * 1024

DocxPageCounter = Callable[[Path, str], "int | None"]


@dataclass(frozen=True)
class FileFacts:
    kind: FileKind
    pages: int | None
    sha256: str
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect_file(path: Path, *, docx_pages: DocxPageCounter | None = None) -> FileFacts:
    """Sniff, hash and count the pages of ``path``; raise BadFileError if kkrdesk must refuse it.

    ``docx_pages`` renders a DOCX to count its pages exactly (LibreOffice); without it the
    count Word stored in the document's properties is used, if any.
    """
    path = Path(path)
    if not path.is_file():
        raise BadFileError("filen findes ikke eller er en mappe.", reason="missing", file=path,
                           hint="Kontrollér stien.")
    size = path.stat().st_size
    if size > MAX_BILAG_BYTES:
        raise BadFileError(f"filen fylder {size // 1_048_576} MB; et bilag må højst fylde "
                           f"{MAX_BILAG_BYTES // 1_048_576} MB.", reason="too-large", file=path,
                           hint="Del bilaget op eller gem det med mindre billeder.")
    kind = sniff_kind(path)
    sha = sha256_of(path)
    if kind is FileKind.PDF:
        pages = count_pdf_pages(path)
    elif kind is FileKind.DOCX:
        pages = (docx_pages(path, sha) if docx_pages else None) or stored_docx_pages(path)
    elif kind is FileKind.IMAGE:
        pages = 1
    else:
        pages = None
    return FileFacts(kind=kind, pages=pages, sha256=sha, size=size)


def count_pdf_pages(path: Path, password: str = "") -> int:
    import pikepdf  # imported here: only PDFs need it, and it is slow to import

    try:
        with pikepdf.open(path, password=password) as pdf:
            return len(pdf.pages)
    except pikepdf.PasswordError:
        raise BadFileError("PDF-filen er beskyttet med adgangskode.", reason="encrypted", file=path,
                           hint="Bed afsenderen om en udgave uden adgangskode, eller åbn den og "
                           "gem en kopi uden beskyttelse.") from None
    except (pikepdf.PdfError, RecursionError, ValueError, OSError) as exc:
        raise BadFileError(f"PDF-filen er ødelagt og kan ikke læses ({exc}).", reason="damaged",
                           file=path, hint="Hent filen igen fra afsenderen.") from None


def stored_docx_pages(path: Path) -> int | None:
    """The page count Word stored in docProps/app.xml (an estimate; other programs leave 1)."""
    try:
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml")[:100_000].decode("utf-8", errors="replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    match = re.search(r"<Pages>(\d+)</Pages>", app)
    return int(match.group(1)) if match else None
