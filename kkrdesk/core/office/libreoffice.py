"""Finding LibreOffice and converting documents to PDF with it, cached by the source's sha256."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import BadFileError, KkrError, Problem, Severity
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.limits import LIBREOFFICE_SECONDS
from kkrdesk.core.files.pdf_screen import count_pdf_pages
from kkrdesk.core.process import without_console_window
from kkrdesk.core.userdata import user_cache_dir

INSTALL_HINT = ("Installér LibreOffice (https://da.libreoffice.org) – på Debian/Ubuntu: "
                "sudo apt install libreoffice-writer-nogui python3-uno.")
# Said once wherever LibreOffice is missing, so a user learns everything it costs in one place.
WITHOUT_LIBREOFFICE = ("Uden LibreOffice kommer Word- og tekstbilag ikke med i bilagspakken (de får en side, "
                       "der siger, at bilaget mangler), Word-bilags sidetal er det tal, Word har gemt i "
                       "filen, læseren viser Word-bilag som tekst uden sideopsætning, og Word udfylder "
                       "dagsordenens indholdsfortegnelse først, når filen åbnes.")


# Tagged PDF (a structure tree screen readers follow), which the bilag pack keeps (export/pack_tags).
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def find_soffice() -> Path | None:
    """The soffice program, or None. KKRDESK_SOFFICE names it; KKRDESK_NO_LIBREOFFICE=1 hides it."""
    if os.environ.get("KKRDESK_NO_LIBREOFFICE") == "1":
        return None
    named = os.environ.get("KKRDESK_SOFFICE")
    if named:
        return Path(named) if Path(named).is_file() else None
    for candidate in ("soffice", "libreoffice"):
        found = shutil.which(candidate)
        if found:
            return Path(found)
    for fixed in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                  "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if Path(fixed).is_file():
            return Path(fixed)
    return None


def missing_problem() -> Problem:
    """The one notice that LibreOffice is not installed: what that rules out and how to install it."""
    return Problem(code="libreoffice-missing", severity=Severity.WARNING,
                   message=f"LibreOffice er ikke installeret. {WITHOUT_LIBREOFFICE}", hint=INSTALL_HINT)


def default_cache_dir() -> Path:
    return user_cache_dir() / "pdf"


def profile_argument(folder: Path) -> str:
    """A private LibreOffice profile per run, so parallel runs and a user's open LibreOffice never clash."""
    return "-env:UserInstallation=" + folder.resolve().as_uri()


def convert_to_pdf(source: Path, *, cache_dir: Path | None = None, sha256: str | None = None,
                   timeout: float = LIBREOFFICE_SECONDS) -> Path:
    """A PDF rendering of ``source`` made by LibreOffice, reused from the cache when present."""
    source = Path(source)
    soffice = find_soffice()
    if soffice is None:
        raise KkrError("LibreOffice er ikke installeret, så dokumentet kan ikke omdannes til PDF.",
                       file=source, hint=INSTALL_HINT)
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"{sha256 or sha256_of(source)}-tagged.pdf"
    if cached.is_file():
        return cached
    with tempfile.TemporaryDirectory(prefix="kkrdesk-lo-") as work:
        work_dir = Path(work)
        # LibreOffice picks its filter by the name's suffix; a copy with a plain name avoids
        # surprises from odd characters in the original.
        staged = work_dir / ("input" + source.suffix.lower())
        shutil.copyfile(source, staged)
        command = [str(soffice), profile_argument(work_dir / "profile"), "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", PDF_FILTER, "--outdir", str(work_dir), str(staged)]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                           stdin=subprocess.DEVNULL, **without_console_window())
        except subprocess.TimeoutExpired:
            raise BadFileError(f"LibreOffice blev ikke færdig med dokumentet på {timeout:.0f} sekunder.",
                               reason="timeout", file=source,
                               hint="Dokumentet er måske ødelagt; gem det igen i Word.") from None
        produced = work_dir / "input.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise BadFileError("LibreOffice kunne ikke omdanne dokumentet til PDF.", reason="damaged",
                               file=source, hint="Åbn dokumentet i Word, gem det igen, og prøv igen.")
        atomic.copy_file(produced, cached)
    return cached


def docx_pages_via_libreoffice(path: Path, sha256: str) -> int | None:
    """Exact page count of a DOCX as LibreOffice lays it out, or None without LibreOffice."""
    if find_soffice() is None:
        return None
    return count_pdf_pages(convert_to_pdf(path, sha256=sha256))
