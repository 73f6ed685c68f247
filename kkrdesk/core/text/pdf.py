"""Repairing damaged PDFs with qpdf and reading the page text of screened PDFs with pdfium."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kkrdesk.core import atomic, disk_cache
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.limits import REPAIRED_CACHE_BUDGET_BYTES
from kkrdesk.core.files.pdf_save import save_into
from kkrdesk.core.files.pdf_screen import (
    HINT_DAMAGED,
    PDFIUM_LOCK,
    PdfCheck,
    screen_pdf,
    short_reason,
)
from kkrdesk.core.userdata import user_cache_dir


def repair_pdf(path: Path, target: Path, password: str = "") -> PdfCheck:
    """Write a repaired (and decrypted) copy of ``path`` to ``target`` with qpdf and screen it."""
    import pikepdf

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with atomic.replacing(target) as temporary, pikepdf.open(path, password=password) as pdf, \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")   # notes about forms that do not matter for reading
            save_into(pdf, temporary)
    except (pikepdf.PdfError, RecursionError, ValueError, KeyError, OSError) as exc:
        raise BadFileError(f"PDF-filen er for ødelagt til at kunne repareres (teknisk: {short_reason(exc)}).",
                           reason="damaged", file=path, hint=HINT_DAMAGED) from None
    check = screen_pdf(target)
    if check.needs_repair:
        raise BadFileError("PDF-filen er for ødelagt til at kunne vises, heller ikke efter "
                           "reparation.", reason="damaged", file=path, hint=HINT_DAMAGED)
    return check


def pdf_page_texts(path: Path, password: str = "", on_page: Callable[[int, int], None] | None = None,
                   *, pages: int | None = None) -> list[str]:
    """The text of every page, in order (page 1 first). Call only on a screened PDF.

    ``pages`` is the page count screening found (qpdf's): pdfium believes a page tree's
    /Count, which can claim a million pages that are not there. A page pdfium cannot load
    counts as a page without text.
    """
    import pypdfium2 as pdfium

    texts: list[str] = []
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path), password=password or None)
        except pdfium.PdfiumError as exc:
            raise BadFileError(f"PDF-filens tekst kan ikke læses (teknisk: {short_reason(exc)}).",
                               reason="damaged", file=path, hint=HINT_DAMAGED) from None
        try:
            total = len(document) if pages is None else min(len(document), pages)
            for index in range(total):
                texts.append(clean_page_text(_page_text(document.raw, index)))
                if on_page:
                    on_page(index + 1, total)
        finally:
            document.close()
    return texts


def _page_text(document: Any, index: int) -> str:   # a pdfium FPDF_DOCUMENT (pypdfium2.raw is untyped)
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


def repaired_dir() -> Path:
    return user_cache_dir() / "repaired"


def repaired_copy(path: Path, sha256: str | None = None, password: str = "") -> tuple[Path, PdfCheck]:
    """A repaired copy of a PDF pdfium cannot open as it is (made once by qpdf, kept in the cache)."""
    target = repaired_dir() / f"{sha256 or sha256_of(path)}.pdf"
    if disk_cache.cached(target) is not None:
        return target, screen_pdf(target)
    check = repair_pdf(path, target, password)
    disk_cache.stored(target, REPAIRED_CACHE_BUDGET_BYTES)
    return target, check


def clean_page_text(text: str) -> str:
    """pdfium's page text with Windows line ends, soft hyphens and NULs made plain."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return text.replace("\x02", "-").replace("\ufffe", "-").replace("\u00ad", "")
