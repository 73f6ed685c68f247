"""The pack's running footer as a few raw PDF operators, upright at the visible bottom of any page.

Written directly into each page's content (no overlay form per page): it is the one thing
stamped on every one of a thousand pages. Helvetica with WinAnsiEncoding needs no embedding and
covers Danish (æ, ø, å, the middle dot), so every page shares one small font dictionary.
"""

from __future__ import annotations

import functools

from reportlab.pdfbase.pdfmetrics import stringWidth

# The bottom strip that carries the footer. Bilag pages are shrunk just enough to leave it free.
FOOTER_STRIP = 24.0
FONT = "Helvetica"
SIZE = 7.5
BASELINE = 9.0
GREY = 0.33
MARGIN = 62.36       # 2.2 cm, or less on narrow pages
SPACE = 12.0


def font_dictionary() -> dict:
    return {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": f"/{FONT}", "/Encoding": "/WinAnsiEncoding"}


def _literal(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


@functools.lru_cache(maxsize=256)
def _width(text: str) -> float:
    return stringWidth(text.encode("cp1252", errors="replace").decode("cp1252"), FONT, SIZE)


def placement(box: tuple[float, float, float, float], rotation: int) -> tuple[float, ...]:
    """The matrix from the reader's view of the page (origin bottom left) to the page's own space."""
    x0, y0, x1, y1 = box
    return {0: (1, 0, 0, 1, x0, y0), 90: (0, 1, -1, 0, x1, y0),
            180: (-1, 0, 0, -1, x1, y1), 270: (0, -1, 1, 0, x0, y1)}[rotation]


def footer_operators(font_name: str, box: tuple[float, float, float, float], rotation: int,
                     left: str, right: str) -> bytes:
    """``q ... Q`` drawing ``left`` and ``right`` on the footer line of the page's visible box."""
    x0, y0, x1, y1 = box
    width = (y1 - y0) if rotation in (90, 270) else (x1 - x0)
    margin = min(MARGIN, width * 0.08)
    right_width = _width(right)
    room = width - 2 * margin - right_width - SPACE
    while left and _width(left) > room:
        left = left[:-2] + "…" if len(left) > 2 else ""
    matrix = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in placement(box, rotation))
    parts = [f"q {matrix} cm {GREY} g BT /{font_name.lstrip('/')} {SIZE} Tf".encode()]
    if left:
        parts.append(f" 1 0 0 1 {margin:.2f} {BASELINE} Tm ".encode() + _literal(left) + b" Tj")
    parts.append(f" 1 0 0 1 {width - margin - right_width:.2f} {BASELINE} Tm ".encode() + _literal(right) + b" Tj")
    parts.append(b" ET Q\n")
    return b"".join(parts)
