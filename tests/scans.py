"""Scanned copies of PDFs for OCR tests: pages rasterised, tilted, noised and rebuilt as images only.

The noise has a fixed seed and the PDFs fixed dates, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from pathlib import Path

A4 = (595.2756, 841.8898)
SEED = 20250227                              # ImageMagick's noise; page n uses SEED + n
SCANNED_AT = dt.datetime(2025, 2, 27, 9, 0)  # the PDFs' creation and modification dates


def scan(source: Path, target: Path, *, dpi: int = 200, angle: float = 0.8, seed: int = SEED) -> Path:
    """An image-only PDF of ``source``, as a scanner would make it (pdftoppm + ImageMagick + reportlab)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory(prefix="kkrdesk-scan-") as work:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source),
                        f"{work}/page"], check=True, timeout=300)
        pages = sorted(Path(work).glob("page-*.png"))
        sheet = canvas.Canvas(str(target), pagesize=A4, invariant=True)
        for number, page in enumerate(pages):
            noisy = page.with_suffix(".jpg")
            subprocess.run(["convert", str(page), "-seed", str(seed + number), "-rotate", str(angle),
                            "-attenuate", "0.3",
                            "+noise", "Gaussian", "-background", "white", "-flatten",
                            "-quality", "80", str(noisy)], check=True, timeout=300)
            # from bytes: reportlab names an image drawn from a file after its (temporary) path
            sheet.drawImage(ImageReader(io.BytesIO(noisy.read_bytes())), 0, 0, width=A4[0], height=A4[1])
            sheet.showPage()
        sheet.save()
    return target


def text_scan(target: Path, lines: list[str], *, dpi: int = 150, angle: float = 0.5) -> Path:
    """A one-page image-only PDF of ``lines`` drawn by PIL (no text layer), slightly tilted, as from a scanner."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = round(A4[0] / 72 * dpi), round(A4[1] / 72 * dpi)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", round(dpi / 72 * 14))
    for number, line in enumerate(lines):
        draw.text((round(dpi * 0.9), round(dpi * (1.2 + 0.4 * number))), line, fill=0, font=font)
    page.rotate(angle, fillcolor=255).save(target, "PDF", resolution=dpi, creationDate=SCANNED_AT.timetuple(),
                                           modDate=SCANNED_AT.timetuple())
    return target


TIFF_TEXT = "Kommunekontaktråd Sjælland"


def text_tiff(target, text: str = TIFF_TEXT):
    """A one-page grey TIFF of ``text``, as a scanner saves a letter (ImageMagick, not Pillow)."""
    subprocess.run(["convert", "-size", "1200x400", "xc:white", "-pointsize", "48", "-annotate", "+50+200", text,
                    "-alpha", "off", "-depth", "8", "-compress", "LZW", str(target)], check=True, timeout=60)
    return target
