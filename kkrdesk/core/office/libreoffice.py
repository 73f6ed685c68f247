"""Converting documents to PDF with LibreOffice, shut in, cached by the source's sha256."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kkrdesk.core import atomic, disk_cache
from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import BadFileError, KkrError, Problem, Severity
from kkrdesk.core.files.encodings import decode_text_file
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import (
    LIBREOFFICE_CACHE_BUDGET_BYTES,
    LIBREOFFICE_SECONDS,
    LIBREOFFICE_TIMEOUT_REMEMBERED_SECONDS,
)
from kkrdesk.core.files.sniff import sniff_kind
from kkrdesk.core.office.soffice import INSTALL_HINT, WITHOUT_LIBREOFFICE, find_soffice
from kkrdesk.core.userdata import user_cache_dir


def tagged_pdf_filter(export_filter: str) -> str:
    """``--convert-to`` for tagged PDF (a structure tree screen readers follow), which the bilag
    pack keeps (export/pack_tags); Writer and Calc each have their own PDF export filter."""
    return f'pdf:{export_filter}:{{"UseTaggedPDF":{{"type":"boolean","value":"true"}}}}'


def missing_problem() -> Problem:
    """The one notice that LibreOffice is not installed: what that rules out and how to install it."""
    return Problem(code="libreoffice-missing", severity=Severity.WARNING,
                   message=f"LibreOffice er ikke installeret. {WITHOUT_LIBREOFFICE}", hint=INSTALL_HINT)


def default_cache_dir() -> Path:
    return user_cache_dir() / "pdf"


def profile_argument(folder: Path) -> str:
    """A private LibreOffice profile per run (parallel runs and a user's open LibreOffice never
    clash), set up to load nothing from outside the document."""
    from kkrdesk.core.office.isolation import private_profile

    return "-env:UserInstallation=" + private_profile(folder)


# What LibreOffice may convert, judged by content: the name it is given and the filter it must
# use (never its own guess, which would read HTML, RTF or flat ODF behind a .txt).
# name of the staged copy, LibreOffice's input filter, and its PDF export filter
_STAGING = {FileKind.DOCX: ("input.docx", "MS Word 2007 XML", "writer_pdf_Export"),
            FileKind.XLSX: ("input.xlsx", "Calc MS Excel 2007 XML", "calc_pdf_Export"),
            FileKind.TEXT: ("input.txt", "Text (encoded):UTF8,LF,,", "writer_pdf_Export"),
            FileKind.CSV: ("input.txt", "Text (encoded):UTF8,LF,,", "writer_pdf_Export")}


def convert_to_pdf(source: Path, *, cache_dir: Path | None = None, sha256: str | None = None,
                   timeout: float = LIBREOFFICE_SECONDS, cancelled: Callable[[], bool] = never_cancelled) -> Path:
    """A PDF rendering of ``source`` made by LibreOffice, reused from the cache when present.

    LibreOffice sees only a neutralised copy (core/office/neutralise.py), runs with a private
    profile in its own process group, and is stopped whole at ``timeout``, or as soon as
    ``cancelled()`` is true (then isolation.Stopped is raised, and nothing is cached or remembered).
    """
    source = Path(source)
    soffice = find_soffice()
    if soffice is None:
        raise KkrError("LibreOffice er ikke installeret, så dokumentet kan ikke omdannes til PDF.",
                       file=source, hint=INSTALL_HINT)
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    sha = sha256 or sha256_of(source)
    cached = cache / f"{sha}-tagged.pdf"
    if disk_cache.cached(cached) is not None:
        return cached
    gave_up = cache / f"{sha}.timeout"   # the same bytes timed out lately: do not wait again
    if _recently_timed_out(gave_up, timeout):
        raise _timed_out(source, timeout, again=True)
    # isolation (subprocess, tempfile) is imported when a conversion runs, not with the window
    from kkrdesk.core.office.isolation import TimedOut, run_contained, work_folder

    with work_folder("lo") as work_dir:
        staged, input_filter, export_filter = stage_for_libreoffice(source, work_dir)
        command = [str(soffice), profile_argument(work_dir / "profile"), "--headless", "--norestore",
                   "--nolockcheck", "--nologo", "--nodefault", f"--infilter={input_filter}",
                   "--convert-to", tagged_pdf_filter(export_filter), "--outdir", str(work_dir), str(staged)]
        try:
            run_contained(command, work_dir, timeout, cancelled)
        except TimedOut:
            atomic.write_text(gave_up, repr(float(timeout)))
            raise _timed_out(source, timeout) from None
        produced = work_dir / (staged.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            raise BadFileError("LibreOffice kunne ikke omdanne dokumentet til PDF.", reason="damaged",
                               file=source, hint="Åbn dokumentet i Word, gem det igen, og prøv igen.")
        atomic.copy_file(produced, cached)
    disk_cache.stored(cached, LIBREOFFICE_CACHE_BUDGET_BYTES)
    return cached


def _recently_timed_out(marker: Path, timeout: float) -> bool:
    try:
        recent = time.time() - marker.stat().st_mtime < LIBREOFFICE_TIMEOUT_REMEMBERED_SECONDS
        return recent and float(marker.read_text(encoding="utf-8")) >= timeout
    except (OSError, ValueError):
        return False


def _timed_out(source: Path, timeout: float, *, again: bool = False) -> BadFileError:
    minutes = LIBREOFFICE_TIMEOUT_REMEMBERED_SECONDS // 60
    said = (f"LibreOffice blev ikke færdig med dokumentet på {timeout:.0f} sekunder, da det blev prøvet "
            f"for nylig; kkrdesk prøver først igen, når der er gået {minutes} minutter."
            if again else f"LibreOffice blev ikke færdig med dokumentet på {timeout:.0f} sekunder og er stoppet.")
    return BadFileError(said, reason="timeout", file=source,
                        hint="Dokumentet er måske meget stort eller ødelagt; gem det som PDF i Word, og "
                             "læg PDF'en på i stedet.")


def stage_for_libreoffice(source: Path, work_dir: Path) -> tuple[Path, str, str]:
    """The copy of ``source`` LibreOffice may open (in ``work_dir``), the filter it must read it
    with, and the filter that writes it as PDF.

    The kind comes from the content, through the import boundary's ZIP and XML checks; an Office
    file is neutralised (nothing in it reaches outside), a text file is decoded and written as UTF-8.
    """
    kind = sniff_kind(source)
    if kind not in _STAGING:
        raise BadFileError(f"LibreOffice omdanner ikke filer af denne slags ({kind}) i kkrdesk.",
                           reason="unsupported", file=source, hint="Læg bilaget på som PDF.")
    name, input_filter, export_filter = _STAGING[kind]
    staged = work_dir / name
    if kind in (FileKind.DOCX, FileKind.XLSX):
        from kkrdesk.core.office.neutralise import neutralised_copy  # lxml: only when converting

        neutralised_copy(source, staged)
    else:
        staged.write_text(decode_text_file(source.read_bytes()), encoding="utf-8")
    return staged, input_filter, export_filter


def docx_pages_via_libreoffice(path: Path, sha256: str, cancelled: Callable[[], bool] = never_cancelled) -> int | None:
    """Exact page count of a DOCX as LibreOffice lays it out, or None without LibreOffice (or in time).
    Once ``cancelled()`` is true LibreOffice is stopped and isolation.Stopped is raised."""
    if find_soffice() is None:
        return None
    from kkrdesk.core.files.pdf_screen import count_pdf_pages  # not at start-up: the window imports this module

    try:
        return count_pdf_pages(convert_to_pdf(path, sha256=sha256, cancelled=cancelled))
    except BadFileError as exc:
        if exc.reason == "timeout":   # the bilag still goes on, with the page count Word stored
            return None
        raise
