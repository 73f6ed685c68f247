"""A scanned copy of a document as an office scanner makes it: pages rasterised, signed, tilted, speckled, images only.

Made by another route than OCR's own (ocrmypdf rasterises with Ghostscript and reads with
Tesseract): LibreOffice prints a DOCX, poppler's pdftoppm rasterises the pages, PIL draws ink
signatures over the signature lines, tilts the sheet, adds scanner specks and thresholds it to
black and white, and PIL writes a PDF holding one CCITT G4 image per page (what office scanners
make of a black-and-white document: ~25 KB a page) and no text at all. Byte for byte the same on
every run (a fixed seed for the specks, fixed dates), given the same LibreOffice and poppler.

Run: python tools/make_scanned_copy.py SOURCE.docx|SOURCE.pdf TARGET.pdf [--dpi 200] [--angle 0.6]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from kkrdesk.core.office.libreoffice import convert_to_pdf  # noqa: E402

DPI = 200
ANGLE = 0.6               # degrees: a sheet laid a little askew on the glass
SPECKS_PER_PAGE = 900     # dust and toner specks
THRESHOLD = 165          # grey below this turns black in the black-and-white scan
SEED = 2025
SCANNED_AT = dt.datetime(2025, 1, 24, 14, 5, 0)
SIGNATURE_LINE = re.compile(r"_{10,}")


def scan(source: Path, target: Path, *, dpi: int = DPI, angle: float = ANGLE, seed: int = SEED) -> Path:
    """Write an image-only scanned copy of ``source`` (DOCX or PDF) to ``target``; signature lines get ink."""
    from PIL import Image

    source, target = Path(source), Path(target)
    with tempfile.TemporaryDirectory(prefix="kkrdesk-scan-") as work:
        pdf = (convert_to_pdf(source, cache_dir=Path(work) / "lo") if source.suffix.lower() == ".docx"
               else source)
        lines = _signature_lines(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), f"{work}/side"],
                       check=True, timeout=300)
        scanned = []
        for number, page_file in enumerate(sorted(Path(work).glob("side-*.png")), start=1):
            with Image.open(page_file) as page:
                scanned.append(_scanned(page.convert("L"), [line for line in lines if line[0] == number],
                                        dpi, angle, seed + number))
        scanned[0].save(target, "PDF", save_all=True, append_images=scanned[1:], resolution=dpi,
                        title=target.stem, creationDate=SCANNED_AT.timetuple(), modDate=SCANNED_AT.timetuple())
    return target


def _scanned(page, lines, dpi: int, angle: float, seed: int):
    """The page with ink on its signature lines, tilted and speckled."""
    import numpy
    from PIL import Image, ImageDraw

    draw = ImageDraw.Draw(page)
    scale = dpi / 72
    for index, (_page, x0, y0, x1) in enumerate(lines):
        _signature(draw, x0 * scale, y0 * scale, (x1 - x0) * scale, dpi, index)
    tilted = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    pixels = numpy.asarray(tilted, dtype=numpy.uint8).copy()
    random = numpy.random.default_rng(seed)
    rows = random.integers(0, pixels.shape[0], SPECKS_PER_PAGE)
    columns = random.integers(0, pixels.shape[1], SPECKS_PER_PAGE)
    pixels[rows, columns] = random.integers(40, 160, SPECKS_PER_PAGE, dtype=numpy.uint8)
    return Image.fromarray(numpy.where(pixels < THRESHOLD, 0, 255).astype(numpy.uint8), mode="L").convert("1")


def _signature(draw, x: float, baseline: float, width: float, dpi: int, variant: int) -> None:
    """A handwritten-looking stroke of ink just above a signature line."""
    height = dpi * 0.18
    points = []
    for step in range(160):
        t = step / 159
        loop = math.sin(t * math.pi * (9 + variant)) * (0.55 + 0.45 * math.sin(t * 5 + variant))
        points.append((x + width * (0.08 + 0.75 * t), baseline - height * (0.9 + 0.6 * loop)))
    draw.line(points, fill=25, width=max(2, dpi // 70), joint="curve")


def _signature_lines(pdf: Path) -> list[tuple[int, float, float, float]]:
    """(page, x0, top, x1) in points of every run of underscores (a line to sign on)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=120).stdout
    found, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                          line)
        if match and SIGNATURE_LINE.fullmatch(match.group(4)):
            found.append((page, float(match.group(1)), float(match.group(2)), float(match.group(3))))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--dpi", type=int, default=DPI)
    parser.add_argument("--angle", type=float, default=ANGLE)
    args = parser.parse_args(argv)
    scan(args.source, args.target, dpi=args.dpi, angle=args.angle)
    print(f"Wrote {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
