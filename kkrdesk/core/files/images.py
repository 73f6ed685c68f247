"""Pillow's failures on a broken image as one Danish BadFileError that names the file once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.bad_file import means_bad_file, short_reason

HINT_DAMAGED = "Åbn billedet i det program, det er lavet i, og gem det igen som PNG eller JPEG, eller bed afsenderen om det igen."
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
        raise BadFileError("billedet er ødelagt: indholdet kan ikke genkendes som et PNG- eller "
                           "JPEG-billede.", reason="damaged", file=path, hint=HINT_DAMAGED) from None
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
