"""Screening untrusted images by decoding them whole in a child process that a time and memory limit can stop.

Pillow reads an image's header without decoding a pixel, so a truncated JPEG passed that check
and failed only at export; and a fuzzed JPEG can keep the decoder busy for many seconds. So an
image is decoded whole in ``kkrdesk _screen-image`` under IMAGE_SCREEN_SECONDS and an
address-space limit of IMAGE_SCREEN_MEMORY_BYTES, after its size (MAX_IMAGE_PIXELS) and a
JPEG's number of scans (MAX_JPEG_SCANS) are checked. Final verdicts are remembered for the
process, and on disk by the file's sha256 as PDFs' are; a timeout or a crash is not final.
"""

from __future__ import annotations

import mmap
import subprocess
from pathlib import Path

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.hashing import FileIdentity, file_identity, sha256_known
from kkrdesk.core.files.images import HINT_DAMAGED, HINT_TOO_LARGE, image_errors
from kkrdesk.core.files.limits import (
    IMAGE_SCREEN_MEMORY_BYTES,
    IMAGE_SCREEN_SECONDS,
    MAX_IMAGE_PIXELS,
    MAX_JPEG_SCANS,
)
from kkrdesk.core.files.verdicts import Verdict, last_verdict, ran_out_of_memory, read_verdict, refusal, write_verdict
from kkrdesk.core.lru import LruCache
from kkrdesk.core.process import child_environment, kkrdesk_command, without_console_window

IMAGE_SCREEN_COMMAND = "_screen-image"
MEMORY_CACHE_SIZE = 10_000

_remembered: LruCache[Verdict] = LruCache(MEMORY_CACHE_SIZE)


def screen_image(path: Path, *, seconds: float = IMAGE_SCREEN_SECONDS,
                 memory_bytes: int = IMAGE_SCREEN_MEMORY_BYTES, identity: FileIdentity | None = None) -> None:
    """Decode ``path`` whole in a child process; raise BadFileError if it does not decode within the limits.

    ``identity``: the file's identity the caller took just before, if it has one. A verdict is
    kept by sha256 only if the file is unchanged since it was hashed.
    """
    path = Path(path)
    identity = identity if identity is not None else file_identity(path)
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
    from PIL import Image, JpegImagePlugin, PngImagePlugin  # noqa: F401

    Image.init()


def image_verdict_here(path: Path, memory_bytes: int = IMAGE_SCREEN_MEMORY_BYTES) -> Verdict:
    """The verdict as the child prints it (JSON-ready); decodes the image in this process."""
    try:
        check_image_here(path)
    except BadFileError as exc:
        return refusal(exc.reason, exc.message, exc.hint)
    except MemoryError:
        return too_much_memory(memory_bytes)
    return {"pages": 1, "needs_repair": False, "final": True}   # in a PDF's shape: an image prints as one page


def check_image_here(path: Path) -> None:
    """The checks themselves, in this process: call it only where a hang can be stopped (the child).

    The header's size first (nothing is decoded above MAX_IMAGE_PIXELS), a JPEG's scans counted,
    the PNG chunks' checksums verified, then every pixel decoded: a truncated or corrupt stream
    fails only there.
    """
    from PIL import Image

    path = Path(path)
    Image.MAX_IMAGE_PIXELS = None   # Pillow's own bomb check: done below, with the size in the message
    with image_errors(path):
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise BadFileError(f"billedet er {danish.format_int(width)} × {danish.format_int(height)} "
                                   f"punkter; kkrdesk viser højst {MAX_IMAGE_PIXELS // 1_000_000} millioner "
                                   "punkter.", reason="too-large", file=path, hint=HINT_TOO_LARGE)
            if image.format == "JPEG":
                _check_scans(path)
            image.verify()
        with Image.open(path) as image:
            image.load()


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
