"""The pack's running footer as a few raw PDF operators, upright at the visible bottom of any page.

Written directly into each page's content (no overlay form per page): it is the one thing
stamped on every one of a thousand pages. The text is set in the embedded Carlito subset that
reportlab writes for the pack's own pages (``FooterGlyphs`` says which bytes draw which
character), and marked as a pagination artifact, so screen readers skip it.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kkrdesk.core.export.fonts import REGULAR, register_fonts

# Office printers leave 4-5 mm unprinted at every edge; the footer keeps at least 5 mm (in points).
PRINT_SAFE_EDGE = 5 / 25.4 * 72
# The bottom strip that carries the footer. Bilag pages are shrunk just enough to leave it free.
FOOTER_STRIP = 28.0
SIZE = 7.5
BASELINE = 17.0      # 6 mm: descenders stay above PRINT_SAFE_EDGE, capitals inside the strip
GREY = 0.33
MARGIN = 2.2 / 2.54 * 72     # 2.2 cm, the index's left margin too (pack_pages.MARGIN_X)
SPACE = 12.0
ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


class _Codes(dict[int, int]):
    """A ``str.translate`` table from characters to their byte in the one font subset; a character
    the subset lacks becomes the byte of "?"."""

    fallback = 0

    def __missing__(self, key: int) -> int:
        return self.fallback


@dataclass(frozen=True)
class FooterGlyphs:
    """How the embedded footer font draws each character: char -> (subset, byte); and how wide
    each character is, as measured when they were drawn (a process given them needs no fonts)."""

    codes: dict[str, tuple[int, int]]
    subsets: int
    widths: dict[str, float] = field(default_factory=dict)
    _runs: dict[str, list[tuple[int, bytes]]] = field(default_factory=dict, compare=False, repr=False)
    _codes: _Codes = field(default_factory=lambda: _Codes(), compare=False, repr=False)
    _widths: _Widths = field(default_factory=lambda: _Widths(), compare=False, repr=False)

    def width(self, text: str) -> float:
        """The text's width in the footer font: the sum of its characters' (the font is not kerned)."""
        if not self._widths:
            self._widths.update(self.widths)
        return sum(map(self._widths.__getitem__, text))

    def runs(self, text: str) -> list[tuple[int, bytes]]:
        """``text`` as (subset, bytes) runs; characters the subsets lack are drawn as "?"."""
        if text not in self._runs:
            self._runs[text] = self._encode(text)
        return self._runs[text]

    def _encode(self, text: str) -> list[tuple[int, bytes]]:
        if self.subsets == 1:   # the usual case: one str.translate instead of a tuple per character
            return [(0, text.translate(self._table()).encode("latin-1"))] if text else []
        fallback = self.codes["?"]
        drawn = [self.codes.get(char, fallback) for char in text]
        return [(subset, bytes(code for _, code in run))
                for subset, run in itertools.groupby(drawn, key=lambda pair: pair[0])]

    def _table(self) -> _Codes:
        if not self._codes:
            self._codes.update({ord(char): code for char, (_, code) in self.codes.items()})
            self._codes.fallback = self.codes["?"][1]
        return self._codes


class _Widths(dict[str, float]):
    """Character widths; one not measured before is measured now."""

    def __missing__(self, char: str) -> float:
        self[char] = width = char_width(char)
        return width


def footer_characters(texts: Iterable[str]) -> str:
    """Every character the footers may draw (the ellipsis too: long left parts are shortened)."""
    return "".join(sorted(set("".join(texts)) | {"…", "?"}))


def char_width(char: str) -> float:
    """One character's width at the footer's size."""
    from reportlab.pdfbase.pdfmetrics import stringWidth  # only where the glyphs did not bring the widths

    register_fonts()
    return stringWidth(char, REGULAR, SIZE)


def margin_for(width: float) -> float:
    """The footer's side margin: the index's 2.2 cm on A4, less on narrow pages, never under 5 mm."""
    return max(PRINT_SAFE_EDGE, min(MARGIN, width * MARGIN / 595.2756))


def placement(box: tuple[float, float, float, float], rotation: int) -> tuple[float, ...]:
    """The matrix from the reader's view of the page (origin bottom left) to the page's own space."""
    x0, y0, x1, y1 = box
    return {0: (1, 0, 0, 1, x0, y0), 90: (0, 1, -1, 0, x1, y0),
            180: (-1, 0, 0, -1, x1, y1), 270: (0, -1, 1, 0, x0, y1)}[rotation]


@functools.lru_cache(maxsize=1024)
def _frame(box: tuple[float, float, float, float], rotation: int) -> tuple[float, float, bytes]:
    """(width, side margin, opening operators) of the footer line on pages of this box and rotation."""
    x0, y0, x1, y1 = box
    width = (y1 - y0) if rotation in (90, 270) else (x1 - x0)
    matrix = " ".join(f"{v:.4f}".rstrip("0").rstrip(".") for v in placement(box, rotation))
    return width, margin_for(width), ARTIFACT + f" q {matrix} cm {GREY} g BT".encode()


def _shown(glyphs: FooterGlyphs, font_names: Sequence[str], text: str) -> bytes:
    parts = []
    for subset, data in glyphs.runs(text):
        parts.append(f"/{font_names[subset].lstrip('/')} {SIZE} Tf <".encode()
                     + data.hex().encode() + b"> Tj")
    return b" ".join(parts)


def footer_operators(glyphs: FooterGlyphs, font_names: Sequence[str], box: tuple[float, float, float, float], rotation: int,
                     left: str, right: str) -> bytes:
    """``q ... Q`` drawing ``left`` and ``right`` on the footer line of the page's visible box;
    ``font_names`` are the page's resource names of the font subsets."""
    width, margin, opening = _frame(box, rotation)
    right_width = glyphs.width(right)
    room = width - 2 * margin - right_width - SPACE
    while left and glyphs.width(left) > room:
        left = left[:-2] + "…" if len(left) > 2 else ""
    parts = [opening]
    if left:
        parts.append(f" 1 0 0 1 {margin:.2f} {BASELINE} Tm ".encode() + _shown(glyphs, font_names, left))
    parts.append(f" 1 0 0 1 {width - margin - right_width:.2f} {BASELINE} Tm ".encode() + _shown(glyphs, font_names, right))
    parts.append(b" ET Q EMC\n")
    return b"".join(parts)
