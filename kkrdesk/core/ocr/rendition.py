"""A scanned PDF or image given a Danish text layer by ocrmypdf and Tesseract, as a cached copy keyed by the file's sha256.

An image bilag (a TIFF, JPEG or PNG scan) is recognised through the PDF it prints as
(files/image_pdf.py), drawn from the pixels the screening child proved decodable: ocrmypdf and
Tesseract read only that PDF, never the file's own bytes, as the reader and the pack do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core import atomic, disk_cache
from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import OCR_CACHE_BUDGET_BYTES, OCR_MAX_PAGES, OCR_SECONDS_PER_PAGE
from kkrdesk.core.userdata import user_cache_dir

LANGUAGE = "dan"
POLL_SECONDS = 0.2
INSTALL_HINT = ("Installér ocrmypdf og Tesseract med dansk (Debian/Ubuntu: sudo apt install "
                "ocrmypdf tesseract-ocr-dan; Windows og macOS: se ocrmypdf.readthedocs.io).")


@dataclass(frozen=True)
class OcrTools:
    ocrmypdf: str
    tesseract: str


def find_ocr_tools() -> OcrTools | None:
    """ocrmypdf and a Tesseract that knows Danish, or None when either is missing."""
    return find_ocr_tools_or_reason()[0]


def find_ocr_tools_or_reason() -> tuple[OcrTools | None, str]:
    """The tools, or None and what is missing in Danish."""
    ocrmypdf, tesseract = shutil.which("ocrmypdf"), shutil.which("tesseract")
    missing = [name for name, found in (("ocrmypdf", ocrmypdf), ("Tesseract", tesseract))
               if not found]
    if ocrmypdf is None or tesseract is None:
        return None, f"{' og '.join(missing)} er ikke installeret"
    try:
        languages = subprocess.run([tesseract, "--list-langs"], capture_output=True, text=True,
                                   timeout=30, check=False).stdout.split()
    except (OSError, subprocess.SubprocessError):
        languages = []
    if LANGUAGE not in languages:
        return None, "Tesseract kan ikke dansk (pakken tesseract-ocr-dan mangler)"
    return OcrTools(ocrmypdf, tesseract), ""


def cached_rendition(path: Path, cache_dir: Path | None = None) -> Path | None:
    """The OCR'd copy of ``path`` made before, if there is one."""
    return searchable_copy(sha256_of(Path(path)), cache_dir)


def searchable_copy(sha256: str, cache_dir: Path | None = None) -> Path | None:
    """The OCR'd copy of the file with this sha256 made before, if there is one."""
    return disk_cache.cached(_cache_path(sha256, cache_dir))


class OcrCancelled(KkrError):
    """The user stopped the text recognition; nothing was written."""


def ocr_rendition(path: Path, *, cache_dir: Path | None = None,
                  cancelled: threading.Event | None = None,
                  progress: Callable[[str], None] | None = None,
                  on_page: Callable[[int, int], None] | None = None,
                  expected_sha256: str | None = None) -> Path:
    """A copy of the PDF or image ``path`` with a text layer on its scanned pages; the original is untouched.

    Pages that already have text are left as they are; an image is read from the PDF it prints
    as. The copy is kept in the cache under the file's sha256, so a second call for the same
    content returns at once. OCR reads a snapshot of the file taken first, so a file changed
    meanwhile cannot mix into the copy; with ``expected_sha256`` (the fingerprint the meeting
    recorded) a file that changed since is refused. ``on_page(done, total)`` follows Tesseract
    page by page. KkrError in Danish when the tools are missing, the file is neither PDF nor
    image, is encrypted, has changed, or OCR fails, times out or is cancelled (OcrCancelled).
    """
    path = Path(path)
    admitted = admit(path, Use.BILAG, fingerprint=True)
    picture = admitted.kind is FileKind.IMAGE
    if admitted.kind is not FileKind.PDF and not picture:
        raise BadFileError("kun PDF-filer og scannede billeder (fx TIFF) kan gøres søgbare.", reason="unsupported",
                           file=path, hint="Vælg den scannede PDF eller det scannede billede.")
    pages = _image_pages(path) if picture else admitted.pdf.pages if admitted.pdf is not None else None
    if pages is not None and pages > OCR_MAX_PAGES:
        raise BadFileError(f"{'billedet' if picture else 'PDF-filen'} har {pages} sider; kkrdesk gør højst "
                           f"{OCR_MAX_PAGES} sider søgbare ad gangen.", reason="too-large", file=path,
                           hint="Del filen op, og prøv igen.")
    sha256 = admitted.sha256 or sha256_of(path)
    _refuse_changed(path, sha256, expected_sha256)
    target = _cache_path(sha256, cache_dir)
    if disk_cache.cached(target) is not None:
        return target
    if not picture:
        _refuse_encrypted(path)
    tools, reason = find_ocr_tools_or_reason()
    if tools is None:
        raise KkrError(f"{'det scannede billede' if picture else 'den scannede PDF'} kan ikke gøres søgbar"
                       f"{'t' if picture else ''}: {reason}.", file=path, hint=INSTALL_HINT)
    target.parent.mkdir(parents=True, exist_ok=True)
    limit = OCR_SECONDS_PER_PAGE * max(1, pages or 1)
    if progress:
        progress(f"Læser {pages or 'de'} scannede sider med tekstgenkendelse …")
    with tempfile.TemporaryDirectory(prefix="kkrdesk-ocr-") as work:
        snapshot = Path(work) / "original.pdf"
        if picture:
            printed = _printed(path)      # kept under the sha256 of the image it was drawn from
            shutil.copyfile(printed, snapshot)
            _refuse_changed(path, printed.stem, sha256)
        else:
            shutil.copyfile(path, snapshot)
            _refuse_changed(path, sha256_of(snapshot), sha256)
        output = Path(work) / "ocr.pdf"
        seen = _run(tools, snapshot, output, Path(work), limit, cancelled, path,
                    lambda done: on_page(done, pages or 0) if on_page else None)
        if on_page and pages and seen < pages:   # the last pages were done between two looks
            on_page(pages, pages)
        with atomic.replacing(target) as temporary:
            shutil.copyfile(output, temporary)
    disk_cache.stored(target, OCR_CACHE_BUDGET_BYTES)
    return target


def _image_pages(path: Path) -> int:
    """Pages of a screened image (the verdict remembered): imported here, not with the module, as
    the window and search look up copies without the image machinery."""
    from kkrdesk.core.files.image_screen import screen_image

    return screen_image(path)


def _printed(path: Path) -> Path:
    """The PDF an image bilag prints as, which OCR reads instead of the image's own bytes."""
    from kkrdesk.core.files.image_pdf import image_pdf

    return image_pdf(path)[0]


def _refuse_changed(path: Path, found: str, expected: str | None) -> None:
    if expected and found != expected:
        raise KkrError("filen er ændret, siden den blev lagt på punktet, så den gøres ikke "
                       "søgbar; intet er ændret.", file=path,
                       hint="Se filen efter, og godkend den nye udgave på bilaget først.")


def _refuse_encrypted(path: Path) -> None:
    """ocrmypdf refuses encrypted PDFs (even those only an owner password locks): say so first."""
    import pikepdf  # here, not with the module: the window and search look up copies without it

    with reading(path, "PDF-filen"), pikepdf.open(path) as pdf:
        encrypted = pdf.is_encrypted
    if encrypted:
        raise BadFileError("PDF-filen er krypteret (låst af afsenderen), så tekstgenkendelsen kan "
                           "ikke lægge tekst i den; intet er ændret.", reason="encrypted", file=path,
                           hint="Bed afsenderen om en udgave uden lås.")


def _cache_path(sha256: str, cache_dir: Path | None) -> Path:
    return (cache_dir or user_cache_dir()) / "ocr" / f"{sha256}.pdf"


def _run(tools: OcrTools, source: Path, output: Path, work: Path, limit: float,
         cancelled: threading.Event | None, shown: Path, on_page: Callable[[int], None]) -> int:
    """Run ocrmypdf to the end, calling ``on_page`` as pages are seen done; returns the pages seen."""
    command = [tools.ocrmypdf, "--language", LANGUAGE, "--skip-text", "--rotate-pages",
               "--deskew", "--jobs", "1", "--quiet", "--output-type", "pdf", str(source),
               str(output)]
    environment = {**os.environ, "TMPDIR": str(work), "OMP_THREAD_LIMIT": "1"}
    with open(work / "stderr.txt", "wb") as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors,
                                   env=environment, start_new_session=True)
        deadline = time.monotonic() + limit
        done = 0
        while process.poll() is None:
            if cancelled is not None and cancelled.is_set():
                _kill(process)
                raise OcrCancelled("tekstgenkendelsen blev afbrudt; intet er ændret.", file=shown)
            if (now_done := _pages_recognised(work)) > done:   # ocrmypdf clears them at the end
                done = now_done
                on_page(done)
            if time.monotonic() > deadline:
                _kill(process)
                raise KkrError(f"tekstgenkendelsen tog mere end {int(limit)} sekunder og blev "
                               "stoppet; intet er ændret.", file=shown,
                               hint="Prøv igen, når computeren har mindre at lave, eller del "
                                    "filen op.")
            time.sleep(POLL_SECONDS)
    if process.returncode != 0 or not output.is_file():
        last = (work / "stderr.txt").read_text(encoding="utf-8", errors="replace").strip()
        detail = last.splitlines()[-1] if last else f"afslutningskode {process.returncode}"
        raise KkrError(f"tekstgenkendelsen mislykkedes ({detail}); intet er ændret.", file=shown,
                       hint="Kontrollér, at PDF'en kan åbnes, og prøv igen.")
    return done


def _pages_recognised(work: Path) -> int:
    """Pages Tesseract has finished: ocrmypdf leaves one ``NNNNNN_ocr_tess.pdf`` per page in its temp folder."""
    return sum(1 for _ in work.rglob("*_ocr_tess.pdf"))


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop ocrmypdf and every Tesseract and Ghostscript it started."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.wait()
