"""Scanned copies of PDFs for OCR tests: pages rasterised, tilted, noised and rebuilt as images only."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

A4 = (595.2756, 841.8898)


def scan(source: Path, target: Path, *, dpi: int = 200, angle: float = 0.8) -> Path:
    """An image-only PDF of ``source``, as a scanner would make it (pdftoppm + ImageMagick + reportlab)."""
    from reportlab.pdfgen import canvas

    with tempfile.TemporaryDirectory(prefix="kkrdesk-scan-") as work:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source),
                        f"{work}/page"], check=True, timeout=300)
        pages = sorted(Path(work).glob("page-*.png"))
        sheet = canvas.Canvas(str(target), pagesize=A4)
        for page in pages:
            noisy = page.with_suffix(".jpg")
            subprocess.run(["convert", str(page), "-rotate", str(angle), "-attenuate", "0.3",
                            "+noise", "Gaussian", "-background", "white", "-flatten",
                            "-quality", "80", str(noisy)], check=True, timeout=300)
            sheet.drawImage(str(noisy), 0, 0, width=A4[0], height=A4[1])
            sheet.showPage()
        sheet.save()
    return target
