"""An image bilag through Pillow: its pages, each in a mode a PDF page holds, and its failures as one Danish BadFileError."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.bad_file import means_bad_file, short_reason

if TYPE_CHECKING:
    from PIL import Image

HINT_DAMAGED = ("Åbn billedet i det program, det er lavet i, og gem det igen som PNG, JPEG eller TIFF, eller bed "
                "afsenderen om det igen.")
HINT_TRUNCATED = "Hent billedet igen; det blev måske ikke hentet helt."
HINT_TOO_LARGE = "Gem billedet i en mindre opløsning."


@contextmanager
def image_errors(path: Path) -> Iterator[None]:
    """Read an image with Pillow inside this block: what Pillow raises on a broken image becomes one
    Danish message. Pillow's own texts repeat the full path ("cannot identify image file '…'") or are
    SyntaxErrors ("broken PNG file"); the system's errors and kkrdesk's own pass on unchanged."""
    from PIL import Image, UnidentifiedImageError

    try:
        yield
    except (KkrError, MemoryError):
        raise       # a memory limit reached is the screening child's to tell
    except Image.DecompressionBombError:
        raise BadFileError("billedet er for stort til at blive åbnet sikkert.", reason="too-large",
                           file=path, hint=HINT_TOO_LARGE) from None
    except UnidentifiedImageError:
        raise BadFileError("billedet er ødelagt: indholdet kan ikke genkendes som et PNG-, "
                           "JPEG- eller TIFF-billede.", reason="damaged", file=path, hint=HINT_DAMAGED) from None
    except Exception as exc:
        if (isinstance(exc, OSError) and exc.errno is not None) or not means_bad_file(exc):
            raise       # a file the system cannot read, or kkrdesk's own failure: the boundary tells it
        raise broken_image(exc, path) from None


def broken_image(exc: BaseException, path: Path) -> BadFileError:
    """The message for an image Pillow found broken while reading it (without Pillow's path)."""
    if "truncated" in str(exc).lower():
        return BadFileError("billedet er afkortet: filen slutter, før billedet er færdigt.",
                            reason="truncated", file=path, hint=HINT_TRUNCATED)
    return BadFileError(f"billedet er ødelagt og kan ikke læses (teknisk: {short_reason(exc)}).",
                        reason="damaged", file=path, hint=HINT_DAMAGED)


def picture_pages(image: Image.Image) -> Iterator[Image.Image]:
    """The pages of an opened image, each selected in turn on ``image`` itself: every page of a TIFF
    (a scanner writes one per sheet), the first picture of anything else (an animated PNG or a
    camera's MPO JPEG prints as its first picture, as viewers show it)."""
    if image.format != "TIFF":
        yield image
        return
    for page in itertools.count():
        try:
            image.seek(page)
        except EOFError:
            return
        yield image


EXIF_ORIENTATION = 0x0112       # 1: upright; 2-8: mirrored and/or turned (a phone stores its sensor's rows)


def printable(page: Image.Image) -> Image.Image:
    """``page`` decoded and turned upright as its EXIF orientation says (a phone photo taken upright
    is stored on its side), in a mode reportlab puts on a PDF page as it is (grey, colour, CMYK,
    with or without transparency); a bilevel scan becomes grey (a third of what colour would
    take), and 16- and 32-bit grey or floating-point samples are scaled to 8 bits over their own range."""
    page.load()
    if page.getexif().get(EXIF_ORIENTATION, 1) in range(2, 9):
        from PIL import ImageOps

        page = ImageOps.exif_transpose(page)
    if page.mode in ("L", "RGB", "CMYK", "RGBA", "LA", "P"):
        return page
    if page.mode == "1":
        return page.convert("L")
    if page.mode.startswith(("I", "F")):
        samples = page.convert("F")
        low, high = (float(extreme) for extreme in samples.getextrema() if isinstance(extreme, int | float))
        span = high - low or 1.0
        return samples.point(lambda value: (value - low) * 255.0 / span).convert("L")
    return page.convert("RGB")
