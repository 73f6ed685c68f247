"""Screening untrusted PDFs with qpdf before any renderer sees them, repairing them, and reading their page text."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import BadFileError

MAX_PAGE_TREE_DEPTH = 64
MAX_PAGE_TREE_NODES = 200_000
MAX_PDF_PAGES = 20_000
# pdfium keeps global state and is not thread-safe: every call into pypdfium2 holds this lock.
PDFIUM_LOCK = threading.Lock()

HINT_DAMAGED = "Hent filen igen fra afsenderen, eller bed om en ny udgave."
HINT_PASSWORD = "Skriv adgangskoden, eller bed afsenderen om en udgave uden adgangskode."


@dataclass(frozen=True)
class PdfCheck:
    """What screening found: the page count, and whether only a repaired copy can be shown."""

    pages: int
    needs_repair: bool


def screen_pdf(path: Path, password: str = "") -> PdfCheck:
    """Check that ``path`` is a PDF a renderer can open safely; raise BadFileError if not.

    qpdf reads the file first (it copes with damage and refuses loops); a page tree deeper
    than MAX_PAGE_TREE_DEPTH is refused because pdfium (and so QtPdf) can spin on it for
    minutes. ``needs_repair`` is True when qpdf can read the file but pdfium cannot.
    """
    pages = check_pdf_structure(path, password)
    return PdfCheck(pages=pages, needs_repair=not _pdfium_opens(path, password))


def check_pdf_structure(path: Path, password: str = "") -> int:
    """The page count of ``path`` once qpdf finds it safe for pdfium; raise BadFileError if not.

    The part of screening that text extraction needs: it skips loading every page in pdfium
    up front, since reading the text loads them anyway.
    """
    import pikepdf

    path = Path(path)
    try:
        with pikepdf.open(path, password=password) as pdf:
            _check_page_tree(pdf, path)
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        message = ("adgangskoden passer ikke til PDF-filen." if password
                   else "PDF-filen er beskyttet med adgangskode.")
        raise BadFileError(message, reason="encrypted", file=path, hint=HINT_PASSWORD) from None
    except (pikepdf.PdfError, RecursionError, ValueError, KeyError, TypeError, AttributeError,
            OSError) as exc:
        raise BadFileError(f"PDF-filen er ødelagt og kan ikke vises ({_short(exc)}).",
                           reason="damaged", file=path, hint=HINT_DAMAGED) from None
    if pages == 0:
        raise BadFileError("PDF-filen har ingen sider.", reason="empty", file=path, hint=HINT_DAMAGED)
    if pages > MAX_PDF_PAGES:
        raise BadFileError(f"PDF-filen har {pages} sider; kkrdesk viser højst {MAX_PDF_PAGES}.",
                           reason="too-large", file=path, hint="Del bilaget op i flere filer.")
    return pages


def _short(exc: Exception) -> str:
    text = str(exc).split(": ", 1)[-1] if ": " in str(exc) else str(exc)
    return text[:160]


def _check_page_tree(pdf, path: Path) -> None:
    import pikepdf

    root = pdf.Root.get("/Pages")
    if not isinstance(root, pikepdf.Dictionary):
        raise BadFileError("PDF-filen har ingen sider.", reason="damaged", file=path, hint=HINT_DAMAGED)
    stack = [(root, 1)]
    visited = 0
    while stack:
        node, depth = stack.pop()
        visited += 1
        if depth > MAX_PAGE_TREE_DEPTH or visited > MAX_PAGE_TREE_NODES:
            raise BadFileError("PDF-filens sidestruktur er unormalt dyb og kan få visningen til at "
                               "hænge.", reason="hostile", file=path,
                               hint="Åbn filen i et andet program, udskriv den som PDF, og tilføj "
                               "den nye fil.")
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array):
            stack.extend((kid, depth + 1) for kid in kids if isinstance(kid, pikepdf.Dictionary))


def _pdfium_opens(path: Path, password: str) -> bool:
    """Whether pdfium opens the document and finds every page in it.

    Each page is looked up for its size, which walks pdfium's page tree without parsing the
    page's content: a twentieth of the time of loading every page (0.01 s instead of 0.25 s for
    1,186 pages), and the same verdict on every PDF of the test corpus.
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path), password=password or None)
        except pdfium.PdfiumError:
            return False
        try:
            size = pdfium_c.FS_SIZEF()
            return all(pdfium_c.FPDF_GetPageSizeByIndexF(document.raw, index, ctypes.byref(size))
                       for index in range(len(document)))
        finally:
            document.close()


def repair_pdf(path: Path, target: Path, password: str = "") -> PdfCheck:
    """Write a repaired (and decrypted) copy of ``path`` to ``target`` with qpdf and screen it."""
    import pikepdf

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.repairing")
    try:
        with pikepdf.open(path, password=password) as pdf, warnings.catch_warnings():
            warnings.simplefilter("ignore")   # notes about forms that do not matter for reading
            pdf.save(temporary)
        atomic.copy_file(temporary, target)
    except (pikepdf.PdfError, RecursionError, ValueError, KeyError, OSError) as exc:
        raise BadFileError(f"PDF-filen er for ødelagt til at kunne repareres ({_short(exc)}).",
                           reason="damaged", file=path, hint=HINT_DAMAGED) from None
    finally:
        temporary.unlink(missing_ok=True)
    check = screen_pdf(target)
    if check.needs_repair:
        raise BadFileError("PDF-filen er for ødelagt til at kunne vises, heller ikke efter "
                           "reparation.", reason="damaged", file=path, hint=HINT_DAMAGED)
    return check


def pdf_page_texts(path: Path, password: str = "",
                   on_page: Callable[[int, int], None] | None = None) -> list[str]:
    """The text of every page, in order (page 1 first). Call only on a screened PDF."""
    import pypdfium2 as pdfium

    texts: list[str] = []
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path), password=password or None)
        except pdfium.PdfiumError as exc:
            raise BadFileError(f"PDF-filens tekst kan ikke læses ({exc}).", reason="damaged",
                               file=path, hint=HINT_DAMAGED) from None
        try:
            total = len(document)
            for index in range(total):
                texts.append(clean_page_text(_page_text(document.raw, index)))
                if on_page:
                    on_page(index + 1, total)
        finally:
            document.close()
    return texts


def _page_text(document, index: int) -> str:
    """One page's text through pdfium's C functions ("" if the page cannot be read).

    Called thousands of times when a meeting is indexed: pypdfium2's page and text-page objects
    cost a tenth of the extraction on top of pdfium's own work.
    """
    import ctypes

    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document, index)
    if not page:
        return ""
    try:
        text_page = pdfium_c.FPDFText_LoadPage(page)
        if not text_page:
            return ""
        try:
            count = pdfium_c.FPDFText_CountChars(text_page)
            if count <= 0:
                return ""
            buffer = ctypes.create_string_buffer((count + 1) * 2)
            written = pdfium_c.FPDFText_GetText(text_page, 0, count,
                                                ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
            return buffer.raw[:max(written - 1, 0) * 2].decode("utf-16-le", errors="ignore")
        finally:
            pdfium_c.FPDFText_ClosePage(text_page)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def clean_page_text(text: str) -> str:
    """pdfium's page text with Windows line ends, soft hyphens and NULs made plain."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.replace("\x02", "-").replace("\ufffe", "-").replace("\u00ad", "")
