"""Screening untrusted images by decoding them whole in a child process that a time and memory limit can stop.

Pillow reads an image's header without decoding a pixel, so a truncated JPEG passed that check
and failed only at export; and a fuzzed JPEG can keep the decoder busy for many seconds. So an
image is decoded whole in ``kkrdesk _screen-image`` under IMAGE_SCREEN_SECONDS and an
address-space limit of IMAGE_SCREEN_MEMORY_BYTES, after its size (MAX_IMAGE_PIXELS) and a
JPEG's number of scans (MAX_JPEG_SCANS) are checked; every page of a TIFF (MAX_IMAGE_PAGES) is
checked and decoded the same way, and the verdict gives the pages. Many images are screened
in one child with the PDFs (pdf_screen's ScreeningAhead, under the same limits per image);
:func:`screen_image` waits for such a child's verdict on a file it holds. Final verdicts are
remembered for the process, and on disk by the file's sha256 as PDFs' are; a timeout or a
crash is not final.
"""

from __future__ import annotations

import mmap
import subprocess
from pathlib import Path
from typing import Literal

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.hashing import FileIdentity, file_identity, sha256_known
from kkrdesk.core.files.images import (
    HINT_DAMAGED,
    HINT_TOO_LARGE,
    HINT_TRUNCATED,
    image_errors,
    picture_pages,
    printable,
)
from kkrdesk.core.files.limits import (
    IMAGE_SCREEN_MEMORY_BYTES,
    IMAGE_SCREEN_SECONDS,
    MAX_IMAGE_PAGES,
    MAX_IMAGE_PIXELS,
    MAX_JPEG_SCANS,
)
from kkrdesk.core.files.screen_waits import wait_for
from kkrdesk.core.files.sniff import IMAGE_MAGICS
from kkrdesk.core.files.verdicts import Verdict, last_verdict, ran_out_of_memory, read_verdict, refusal, write_verdict
from kkrdesk.core.lru import LruCache
from kkrdesk.core.process import child_environment, kkrdesk_command, without_console_window

IMAGE_SCREEN_COMMAND = "_screen-image"
MEMORY_CACHE_SIZE = 10_000
HINT_RESAVE_TIFF = ("Gem billedet igen som PNG eller JPEG, eller som TIFF med 8 bit pr. farve, fx fra "
                    "scannerens eller billedprogrammets »Gem som«.")

_remembered: LruCache[Verdict] = LruCache(MEMORY_CACHE_SIZE)


def screen_image(path: Path, *, seconds: float = IMAGE_SCREEN_SECONDS,
                 memory_bytes: int = IMAGE_SCREEN_MEMORY_BYTES, identity: FileIdentity | None = None) -> int:
    """Decode ``path`` whole in a child process and return its pages; raise BadFileError if it does
    not decode within the limits.

    ``identity``: the file's identity the caller took just before, if it has one. A verdict is
    kept by sha256 only if the file is unchanged since it was hashed.
    """
    path = Path(path)
    identity = identity if identity is not None else file_identity(path)
    wait_for((identity, ""))       # a batch child has it in its queue (pdf_screen's ScreeningAhead)
    verdict = _remembered.get(identity)
    if verdict is None:
        sha256 = sha256_known(path, identity)
        verdict = read_verdict(sha256)
        if verdict is None:
            verdict = _screen_in_child(path, seconds, memory_bytes)
            if verdict["final"] and file_identity(path) == identity:
                write_verdict(sha256, verdict)
        if verdict["final"]:
            _remembered.put(identity, verdict)
    refused = verdict.get("refused")
    if refused:
        raise BadFileError(refused["message"], reason=refused["reason"], file=path, hint=refused["hint"])
    return verdict.get("pages", 1)


def remember(identity: FileIdentity, verdict: Verdict) -> None:
    """Keep a batch child's final verdict on this very version of a file for :func:`screen_image`."""
    _remembered.put(identity, verdict)


def remembered(identity: FileIdentity) -> bool:
    return identity in _remembered


def _screen_in_child(path: Path, seconds: float, memory_bytes: int) -> Verdict:
    command = [*kkrdesk_command(), IMAGE_SCREEN_COMMAND, str(path), "--memory", str(int(memory_bytes))]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=seconds,
                              env=child_environment(), check=False, **without_console_window())
    except subprocess.TimeoutExpired:
        return refusal("timeout", f"billedet kunne ikke læses færdigt på {seconds:.0f} sekunder; det er "
                       "måske ødelagt på en måde, der får visningen til at hænge.", HINT_DAMAGED, final=False)
    verdict = last_verdict(done.stdout)
    if verdict is not None:
        return verdict
    if ran_out_of_memory(done.stderr):
        return too_much_memory(memory_bytes, final=False)
    return refusal("damaged", "billedet fik kontrollen til at gå ned (det er ødelagt på en måde, der ikke "
                   "kan læses sikkert).", HINT_DAMAGED, final=False)


def too_much_memory(memory_bytes: int, *, final: bool = True) -> Verdict:
    """The verdict for an image that needs more memory to decode than ``memory_bytes``."""
    return refusal("too-large", "billedet kræver mere hukommelse at læse, end kkrdesk tillader "
                   f"({danish.format_size(memory_bytes)}).", HINT_TOO_LARGE, final=final)


def load_image_libraries() -> None:
    """Import Pillow and its decoders before the memory limit is set (see pdf_screen's twin)."""
    from PIL import Image, ImageOps, JpegImagePlugin, PngImagePlugin, TiffImagePlugin  # noqa: F401

    Image.init()


def image_verdict_here(path: Path, memory_bytes: int = IMAGE_SCREEN_MEMORY_BYTES) -> Verdict:
    """The verdict as the child prints it (JSON-ready); decodes the image in this process."""
    try:
        pages = check_image_here(path)
    except BadFileError as exc:
        return refusal(exc.reason, exc.message, exc.hint)
    except MemoryError:
        return too_much_memory(memory_bytes)
    return {"pages": pages, "needs_repair": False, "final": True}   # in a PDF's shape: a page per picture


def check_image_here(path: Path) -> int:
    """The checks themselves, in this process (call it only where a hang can be stopped: the child);
    return the image's pages.

    The header's size first (nothing is decoded above MAX_IMAGE_PIXELS), a JPEG's scans counted,
    the PNG chunks' checksums verified, then every pixel decoded and made printable: a truncated
    or corrupt stream fails only there. A TIFF's pages are checked the same way, one by one.
    """
    from PIL import Image

    path = Path(path)
    Image.MAX_IMAGE_PIXELS = None   # Pillow's own bomb check: done below, with the size in the message
    with image_errors(path):
        if _is_tiff(path):
            if tiff_cut_short(path):
                raise BadFileError("billedet er afkortet: TIFF-filen slutter, før dens sider er beskrevet.",
                                   reason="truncated", file=path, hint=HINT_TRUNCATED)
            _check_tiff_layout(path)
        with Image.open(path) as image:
            _check_size(image.size, path)
            if image.format == "JPEG":
                _check_scans(path)
            if image.format != "TIFF":    # a TIFF's verify() checks nothing: its pages are decoded below
                image.verify()
        with Image.open(path) as image:
            pages = 0
            for page in picture_pages(image):
                pages += 1
                if pages > MAX_IMAGE_PAGES:
                    raise BadFileError(f"billedet har mere end {danish.format_int(MAX_IMAGE_PAGES)} sider; "
                                       f"kkrdesk læser højst {danish.format_int(MAX_IMAGE_PAGES)}.",
                                       reason="too-large", file=path,
                                       hint="Gem scanningen som PDF, eller del den op i flere filer.")
                _check_size(page.size, path, pages if image.format == "TIFF" else 0)
                printable(page)
    return pages


def _check_tiff_layout(path: Path) -> None:
    """Refuse a whole TIFF whose pixel layout Pillow cannot decode (16-bit grey with transparency,
    say) as what it is, not as damaged: Pillow's open says only that it cannot identify the file."""
    from PIL import TiffImagePlugin

    try:
        TiffImagePlugin.TiffImageFile(path).close()
    except SyntaxError as exc:
        if "pixel mode" not in str(exc):
            return      # damaged: Image.open fails on it, and image_errors says so
        raise BadFileError("TIFF-billedet er gemt på en måde, kkrdesk ikke kan vise (fx 16 bit gråtoner med "
                           "gennemsigtighed).", reason="unsupported", file=path, hint=HINT_RESAVE_TIFF) from None
    except Exception:    # any other failure is told by Image.open and image_errors
        return


def _check_size(size: tuple[int, int], path: Path, page: int = 0) -> None:
    """Refuse a picture (or a TIFF's ``page``) of more than MAX_IMAGE_PIXELS before it is decoded."""
    width, height = size
    if width * height > MAX_IMAGE_PIXELS:
        where = f"side {page} af billedet" if page > 1 else "billedet"
        raise BadFileError(f"{where} er {danish.format_int(width)} × {danish.format_int(height)} "
                           f"punkter; kkrdesk viser højst {MAX_IMAGE_PIXELS // 1_000_000} millioner "
                           "punkter.", reason="too-large", file=path, hint=HINT_TOO_LARGE)


def _check_scans(path: Path) -> None:
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        scans = jpeg_scans(data, MAX_JPEG_SCANS + 1)
    if scans > MAX_JPEG_SCANS:
        raise BadFileError(f"billedet er et JPEG med mere end {MAX_JPEG_SCANS} gennemløb (scans); et "
                           "almindeligt billede har omkring 10, og så mange kan få visningen til at "
                           "hænge.", reason="hostile", file=path, hint=HINT_DAMAGED)


def jpeg_scans(data: bytes | mmap.mmap, stop_at: int) -> int:
    """The number of start-of-scan markers in a JPEG, counted up to ``stop_at``.

    Segments are skipped by their length, so bytes inside a header (an EXIF thumbnail, an ICC
    profile) are not counted; in the coded data a 0xFF byte is always followed by 0x00 (stuffing),
    a restart marker or the next marker.
    """
    scans, position, end = 0, 2, len(data)     # after the start-of-image marker
    while scans < stop_at:
        position = data.find(b"\xff", position)
        if position < 0 or position + 1 >= end:
            break
        marker = data[position + 1]
        if marker == 0xFF:                        # fill byte before a marker
            position += 1
        elif marker in (0x00, 0x01) or 0xD0 <= marker <= 0xD7:   # stuffing, TEM, restart: no length
            position += 2
        elif marker == 0xD9:                      # end of image
            break
        else:
            scans += marker == 0xDA
            position += 2 + int.from_bytes(data[position + 2:position + 4], "big")
    return scans


def _is_tiff(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) in IMAGE_MAGICS[2:]


def tiff_cut_short(path: Path) -> bool:
    """Whether a TIFF's chain of page directories (IFDs) runs past the end of the file: what a
    download stopped half-way leaves, since scanners and ImageMagick write the directories after
    the pixels (Pillow then only says it cannot identify the file). Follows at most
    MAX_IMAGE_PAGES + 1 directories; a loop ends the walk (Pillow stops there too)."""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        order: Literal["little", "big"] = "little" if data[:2] == b"II" else "big"
        size, seen = len(data), set[int]()
        offset = int.from_bytes(data[4:8], order)
        while offset and offset not in seen and len(seen) <= MAX_IMAGE_PAGES:
            seen.add(offset)
            if offset + 2 > size:
                return True
            end = offset + 2 + 12 * int.from_bytes(data[offset:offset + 2], order)
            if end + 4 > size:
                return True
            offset = int.from_bytes(data[end:end + 4], order)
    return False
