"""PDF bilag pages as pictures for the Word agenda pack: 200 dpi as printed, encoded per page within a byte allowance.

Each page is drawn at the size it gets in the agenda (the text block's width, or less where
its height would not fit) at ``PRINT_DPI`` and then encoded in the most faithful way that
keeps within the page's share of the size budget (see docs/exports.md): colour as a palette
PNG or a JPEG, a photograph or scan as a JPEG, a page holding a picture in 16 or 4 greys, a
page with shaded boxes in 4 greys, and as the last resort for text a black-and-white PNG.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter
from PIL.Image import Image as Picture

PRINT_DPI = 200                  # pixels per inch of the picture as it is printed in the agenda
CM_PER_INCH = 2.54
PAGE_ALT_TEXT_CHARS = 6_000      # a dense A4 page of 10 pt text holds about 5,000 characters
COLOURED_SHARE = 0.01            # pages with more coloured pixels than this keep their colours
PHOTO_SHARE = 0.20               # pages with more mid-grey pixels than this are photographs or scans
PICTURE_SHARE = 0.02             # pages with more textured mid-tone area than this hold a picture
TONE_SHARE = 0.03                # pages with more light-grey (shaded) pixels than this keep greys
BILEVEL_THRESHOLD = 150          # grey level below which a pixel turns black in a black-and-white page
JPEG_QUALITY = 75
SIZE_BUDGET_FACTOR = 3.0         # the agenda pack may be this many times the bilag files it holds
PAGE_IMAGE_SHARE = 2.5           # of that, a PDF bilag's pictures may take this much; the rest is text and charts
PALETTE_COLOURS = 16
FOUR_GREYS = (0, 128, 224, 255)     # black, letters' edges, shaded boxes, white
SIXTEEN_GREYS = tuple(range(0, 256, 17))

TextBlock = Callable[[bool], tuple[float, float]]   # landscape? -> the text block (width, height) in cm


@dataclass(frozen=True)
class PageImage:
    """One bilag page ready for Word: the encoded picture, its printed size and its text."""

    data: bytes
    encoding: str                # "colour", "jpeg", "png-grey16", "png-grey", "png-bw"
    width_cm: float
    height_cm: float
    landscape: bool
    text: str


def printed_size_cm(width_pt: float, height_pt: float, box_cm: tuple[float, float]) -> tuple[float, float]:
    """The page at the full width of a text block ``box_cm`` (width, height), or smaller where its
    height would not fit."""
    box_width, box_height = box_cm
    scale = min(box_width / width_pt, box_height / height_pt)
    return width_pt * scale, height_pt * scale


def page_images(pdf: Path, box_for: TextBlock, allowance_per_page: int) -> Iterator[PageImage]:
    """Every page of ``pdf`` as a picture sized for the text block ``box_for(landscape)`` returns."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                landscape = width > height
                width_cm, height_cm = printed_size_cm(width, height, box_for(landscape))
                scale = width_cm / CM_PER_INCH * PRINT_DPI / width
                image = page.render(scale=scale).to_pil().convert("RGB")
                text_page = page.get_textpage()
                text = " ".join(text_page.get_text_range().split())
                text_page.close()
            finally:
                page.close()
            encoding, data = encode_page(image, allowance_per_page)
            yield PageImage(data, encoding, width_cm, height_cm, landscape, text)
    finally:
        document.close()


def encode_page(image: Picture, allowance: int) -> tuple[str, bytes]:
    """The most faithful encoding of a rendered page that fits ``allowance`` bytes, else the smallest
    (the ladder's last, which is always the smallest kind for its page)."""
    ladder = list(_ladder(image))
    smallest_name, encode_smallest = ladder[-1]
    smallest = encode_smallest()
    if len(smallest) <= allowance:      # else nothing more faithful can fit either: spare the work
        for name, encode in ladder[:-1]:
            data = encode()
            if len(data) <= allowance:
                return name, data
    return smallest_name, smallest


def _ladder(image: Picture) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Encodings from the most faithful to the smallest that still shows this page honestly."""
    grey = image.convert("L")
    pixels = grey.width * grey.height
    histogram = grey.histogram()
    photo = sum(histogram[40:215]) / pixels > PHOTO_SHARE
    toned = sum(histogram[215:250]) / pixels > TONE_SHARE
    if _coloured_share(image) > COLOURED_SHARE:
        yield "colour", lambda: min((_palette_png(image), _jpeg(image)), key=len)
    if photo:
        yield "jpeg", lambda: _jpeg(grey)
        return                  # a photograph in four greys or black and white would mislead
    if _textured_share(grey) > PICTURE_SHARE:
        yield "jpeg", lambda: _jpeg(grey)
        yield "png-grey16", lambda: _greys(grey, SIXTEEN_GREYS)
        yield "png-grey", lambda: _greys(grey, FOUR_GREYS)
        return                  # black and white would turn the picture into blots
    if toned:
        yield "png-grey", lambda: _greys(grey, FOUR_GREYS)
    yield "png-bw", lambda: _png(grey.point(lambda v: 255 if v > BILEVEL_THRESHOLD else 0).convert("1"))


def _coloured_share(image: Picture) -> float:
    small = image.reduce(4)
    saturation = small.convert("HSV").getchannel("S").histogram()
    return sum(saturation[60:]) / (small.width * small.height)


def _textured_share(grey: Picture) -> float:
    """The share of the page in mid-tones that vary (a photograph or drawing), as opposed to text,
    whose strokes always touch black or white, and flat fills such as bars and shaded boxes."""
    small = grey.reduce(2)
    low, high = small.filter(ImageFilter.MinFilter(3)), small.filter(ImageFilter.MaxFilter(3))
    mid = ImageChops.multiply(low.point(lambda v: 255 if v > 40 else 0),
                              high.point(lambda v: 255 if v < 215 else 0))
    varied = ImageChops.subtract(high, low).point(lambda v: 255 if v >= 6 else 0)
    return ImageChops.multiply(mid, varied).histogram()[255] / (small.width * small.height)


def _png(image: Picture) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _palette_png(image: Picture) -> bytes:
    out = io.BytesIO()
    quantized = image.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)   # 3 × faster than median cut
    quantized.save(out, format="PNG", optimize=True, bits=(PALETTE_COLOURS - 1).bit_length())
    return out.getvalue()


def _greys(grey: Picture, levels: tuple[int, ...]) -> bytes:
    """A palette PNG of the page in ``levels`` greys, each pixel the nearest (no dithering)."""
    def nearest(value: int) -> int:
        return min(range(len(levels)), key=lambda index: abs(levels[index] - value))
    indexed = grey.point([nearest(value) for value in range(256)]).convert("P")
    indexed.putpalette([channel for level in levels for channel in (level,) * 3])
    out = io.BytesIO()
    indexed.save(out, format="PNG", optimize=True, bits=(len(levels) - 1).bit_length())
    return out.getvalue()


def _jpeg(image: Picture) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def page_share_of_budget(file_bytes: int, pages: int) -> int:
    """The bytes one page picture may take: its share of ``PAGE_IMAGE_SHARE`` times the bilag file."""
    return int(PAGE_IMAGE_SHARE * file_bytes / max(1, pages))


def alt_text(label: str, number: int, total: int, text: str) -> str:
    """What a screen reader says for a page picture: which bilag and page, then the page's text
    (cut at a word near ``PAGE_ALT_TEXT_CHARS``)."""
    head = f"{label}, side {number} af {total}"
    if not text:
        return f"{head} (siden har ingen tekst)"
    if len(text) > PAGE_ALT_TEXT_CHARS:
        text = text[:PAGE_ALT_TEXT_CHARS].rsplit(" ", 1)[0] + " …"
    return f"{head}: {text}"
