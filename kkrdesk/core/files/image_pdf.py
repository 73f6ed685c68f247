"""An image bilag as one PDF, a page per picture: what the pack prints and the reader shows, made once per sha256.

Why the reader shows this PDF instead of decoding the file itself: the screening child proves
that Pillow decodes the file within the limits, and the reader used to decode it a second time
with Qt's QImageReader, another decoder of the same untrusted bytes (Qt's own JPEG and PNG code
and whatever image plugins are installed) that the child's verdict says nothing about; and it
showed one picture where a TIFF scan has a page per sheet. The rendition is drawn from Pillow's
decoded pixels only after the child's verdict: reportlab stores a Pillow image as
Flate-compressed samples, and a photo (a JPEG bilag) as a baseline JPEG that Pillow encodes anew
from those pixels (Flate would make a 12-megapixel photo 34 MB and 3,7 s to draw), never the
file's own bytes. So pdfium, behind the reader's PDF view, decodes only what kkrdesk wrote; a
member sees exactly the pages the pack prints, with the PDF view's thumbnails, find and notes
per page; and a file the child refuses is refused before anything shows it.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core import atomic, disk_cache
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import reading
from kkrdesk.core.files.hashing import file_identity, sha256_known
from kkrdesk.core.files.image_screen import screen_image
from kkrdesk.core.files.images import image_errors, picture_pages, printable
from kkrdesk.core.files.limits import IMAGE_PDF_CACHE_BUDGET_BYTES
from kkrdesk.core.userdata import user_cache_dir

if TYPE_CHECKING:
    from PIL import Image

RENDITION_VERSION = 1        # bump when the page drawn changes: renditions of other versions are not used
MARGIN_POINTS = 28.35        # 1 cm
PHOTO_QUALITY = 90           # JPEG quality of a photo's page: its pixels were JPEG's already


def image_pdf(path: Path) -> tuple[Path, int]:
    """The PDF of the image bilag ``path`` and its pages: screened first (BadFileError if refused),
    then taken from the user's cache or drawn there."""
    path = Path(path)
    identity = file_identity(path)
    pages = screen_image(path, identity=identity)
    target = user_cache_dir() / f"image-pdf-{RENDITION_VERSION}" / f"{sha256_known(path, identity)}.pdf"
    if disk_cache.cached(target) is not None:
        return target, pages
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic.replacing(target) as temporary:
        image_to_pdf(path, temporary, pages)
        if file_identity(path) != identity:     # the rendition would be kept under another content's sha256
            raise BadFileError("billedet blev ændret, mens det blev læst.", reason="damaged", file=path,
                               hint="Vent, til filen er gemt færdig, og prøv igen.")
    disk_cache.stored(target, IMAGE_PDF_CACHE_BUDGET_BYTES, versioned=True)
    return target, pages


def image_to_pdf(image: Path, target: Path, pages: int = 1) -> Path:
    """Draw the first ``pages`` pictures of ``image`` (screened already) into ``target``: each on an A4
    page, portrait or landscape as the picture is, fitted inside 1 cm margins."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(target), pagesize=A4)
    # Pillow reads it inside the boundary: reportlab would wrap Pillow's error in text of its own.
    with reading(Path(image), "billedet"), image_errors(Path(image)), Image.open(image) as opened:
        for picture in itertools.islice(picture_pages(opened), pages):
            reader = ImageReader(_encoded(printable(picture), photo=opened.format == "JPEG"))
            width, height = reader.getSize()
            page = landscape(A4) if width > height else A4
            scale = min((page[0] - 2 * MARGIN_POINTS) / width, (page[1] - 2 * MARGIN_POINTS) / height)
            drawing.setPageSize(page)
            drawing.drawImage(reader, (page[0] - width * scale) / 2, (page[1] - height * scale) / 2,
                              width * scale, height * scale)
            drawing.showPage()
    drawing.save()
    return target


def _encoded(picture: Image.Image, *, photo: bool) -> Image.Image | io.BytesIO:
    """What reportlab draws: a photo's pixels as a baseline JPEG Pillow writes (stored as it is),
    anything else as the pixels (stored Flate-compressed, losslessly)."""
    if not photo or picture.mode not in ("RGB", "L"):
        return picture
    encoded = io.BytesIO()
    picture.save(encoded, "JPEG", quality=PHOTO_QUALITY)
    encoded.seek(0)
    return encoded
