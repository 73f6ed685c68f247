"""Drawing the pages the bilag pack prints itself: the index, the separators and notice pages.

Drawn with reportlab and the embedded Carlito font, one PDF page per own page, in pack order,
after a first page that only carries the footers' characters: the footer stamp (footer_stamp)
draws every page's footer with the Carlito subset that page made.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4

from kkrdesk.core.export.fonts import BOLD, REGULAR, register_fonts
from kkrdesk.core.export.footer_stamp import FOOTER_STRIP, MARGIN, FooterGlyphs, char_width
from kkrdesk.core.export.layout import IndexGeometry, IndexSlot

if TYPE_CHECKING:
    from reportlab.pdfgen import canvas

# reportlab's drawing and metrics are imported where they are used: the command line forks the
# process that merges the pack before it draws these pages, and that process never draws them.

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = MARGIN               # the footer's left margin too
MARGIN_TOP = MARGIN
GREY = 0.33
BOTTOM_ROOM = FOOTER_STRIP + 30.0

INDEX_TITLE = "Indholdsfortegnelse for bilag"
INDEX_TITLE_SIZE = 17.0
INDEX_SUBTITLE_SIZE = 10.5
INDEX_HEAD_ROOM = 64.0          # title, meeting line and the space below them on page 1
INDEX_CONTINUED_ROOM = 34.0     # "(fortsat)" title on later index pages
ENTRY_SIZE = 10.5
ENTRY_LEADING = 13.5
ENTRY_AFTER = 3.0
ITEM_GAP = 9.0
BILAG_INDENT = 18.0
NUMBER_COLUMN = 34.0
MAX_ENTRY_LINES = 4


@dataclass(frozen=True)
class IndexEntry:
    text: str
    level: int              # 0 = item, 1 = bilag
    slot: IndexSlot


@dataclass(frozen=True)
class IndexPage:
    number: int             # 0-based among the index pages


@dataclass(frozen=True)
class SeparatorPage:
    meeting_line: str
    item_head: str          # "2.2 Temadrøftelse"
    item_title: str
    bilag_label: str        # "Bilag 2: KKR-evaluering 2025"
    opens_item: bool = True  # the item's first bilag: its heading is the item's H1


@dataclass(frozen=True)
class NoticePage:
    bilag_label: str
    message: str
    hint: str


PackPage = IndexPage | SeparatorPage | NoticePage


def index_geometry() -> IndexGeometry:
    usable = PAGE_HEIGHT - MARGIN_TOP - BOTTOM_ROOM
    return IndexGeometry(first_page_room=usable - INDEX_HEAD_ROOM,
                         next_page_room=usable - INDEX_CONTINUED_ROOM, item_gap=ITEM_GAP)


def _entry_font(level: int) -> str:
    return BOLD if level == 0 else REGULAR


def _text_width(level: int) -> float:
    indent = BILAG_INDENT if level else 0.0
    return PAGE_WIDTH - 2 * MARGIN_X - indent - NUMBER_COLUMN - 12.0


def entry_lines(text: str, level: int) -> list[str]:
    """The index entry wrapped to its column; very long titles end in an ellipsis after four lines."""
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    font, width = _entry_font(level), _text_width(level)
    lines = simpleSplit(text, font, ENTRY_SIZE, width) or [""]
    if len(lines) > MAX_ENTRY_LINES:
        lines = lines[:MAX_ENTRY_LINES]
        last = lines[-1]
        while last and stringWidth(last + " …", font, ENTRY_SIZE) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines


def entry_height(text: str, level: int) -> float:
    return len(entry_lines(text, level)) * ENTRY_LEADING + ENTRY_AFTER


def entries_top(index_page: int) -> float:
    """The y of the top of the entry area on an index page (PDF coordinates, from the bottom)."""
    room = INDEX_HEAD_ROOM if index_page == 0 else INDEX_CONTINUED_ROOM
    return PAGE_HEIGHT - MARGIN_TOP - room


def entry_rect(slot: IndexSlot) -> tuple[float, float, float, float]:
    """The clickable area of an index entry: (x0, y0, x1, y1) on its index page."""
    top = entries_top(slot.index_page) - slot.top
    return (MARGIN_X - 2, top - slot.height + ENTRY_AFTER - 3, PAGE_WIDTH - MARGIN_X + 2, top + 2)


@dataclass(frozen=True)
class Tag:
    """One marked-content sequence on an own page: its MCID and what it is in the structure tree."""

    mcid: int
    role: str                   # "H1", "H2", "P", or "Link" for the text of an index entry
    entry: int | None = None    # for "Link": the entry's position in the entries drawn


@dataclass(frozen=True)
class DrawnPages:
    pdf: bytes              # the glyph page first, then one A4 page per own page, in pack order
    glyphs: FooterGlyphs
    font_names: tuple[str, ...]   # per footer font subset: its name in the glyph page's /Font
    tags: tuple[tuple[Tag, ...], ...]   # per own page, its tagged content in reading order


class _Marks:
    """Wraps what is drawn in marked content: tagged (an MCID the structure tree points at) or
    an artifact (decoration a screen reader skips)."""

    def __init__(self, drawing: canvas.Canvas):
        self.drawing = drawing
        self.tags: list[Tag] = []

    @contextmanager
    def tagged(self, role: str, entry: int | None = None) -> Iterator[None]:
        mcid = len(self.tags)
        self.tags.append(Tag(mcid, role, entry))
        self.drawing.addLiteral(f"/{role} <</MCID {mcid}>> BDC")
        yield
        self.drawing.addLiteral("EMC")

    @contextmanager
    def artifact(self) -> Iterator[None]:
        self.drawing.addLiteral("/Artifact BMC")
        yield
        self.drawing.addLiteral("EMC")


def draw_pack_pages(pages: Sequence[PackPage], entries: Sequence[IndexEntry], meeting_line: str,
                    footer_characters: str) -> DrawnPages:
    """The pack's own pages, after a page that puts ``footer_characters`` into the font subset."""
    from reportlab.pdfgen import canvas

    register_fonts()
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pagesize=A4, pageCompression=0, invariant=1,
                            initialFontName=REGULAR)  # type: ignore[arg-type]  # types-reportlab says float
    drawing.setCreator("kkrdesk")
    glyphs, font_names = _glyph_page(drawing, footer_characters)
    by_page: dict[int, list[tuple[int, IndexEntry]]] = {}
    for position, entry in enumerate(entries):
        by_page.setdefault(entry.slot.index_page, []).append((position, entry))
    tags = []
    for page in pages:
        marks = _Marks(drawing)
        if isinstance(page, IndexPage):
            _draw_index_page(drawing, marks, page, by_page.get(page.number, []), meeting_line)
        elif isinstance(page, SeparatorPage):
            _draw_separator(drawing, marks, page)
        else:
            _draw_notice(drawing, marks, page)
        tags.append(tuple(marks.tags))
        drawing.showPage()
    drawing.save()
    return DrawnPages(buffer.getvalue(), glyphs, font_names, tuple(tags))


def _glyph_page(drawing: canvas.Canvas, characters: str) -> tuple[FooterGlyphs, tuple[str, ...]]:
    """Draw ``characters`` first, so they get codes in the font's first subset, and say which."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = pdfmetrics.getFont(REGULAR)
    if not isinstance(font, TTFont):
        raise TypeError(f"{REGULAR} is not a TrueType font; the footer needs its subset codes")
    drawing.setFont(REGULAR, 8)
    drawing.drawString(0, 0, characters)
    document = drawing._doc  # type: ignore[attr-defined]  # reportlab's documented way to encode for a dynamic (subset) font
    codes = {}
    for char in characters:
        [(subset, data)] = font.splitString(char, document)
        codes[char] = (subset, data[0])
    subsets = max(subset for subset, _ in codes.values()) + 1
    names = tuple(font.getSubsetInternalName(subset, document) for subset in range(subsets))
    drawing.showPage()
    return FooterGlyphs(codes, subsets, {char: char_width(char) for char in characters}), names


def _draw_index_page(drawing: canvas.Canvas, marks: _Marks, page: IndexPage,
                     entries: Sequence[tuple[int, IndexEntry]], meeting_line: str) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    top = PAGE_HEIGHT - MARGIN_TOP
    if page.number == 0:
        with marks.tagged("H1"):
            drawing.setFont(BOLD, INDEX_TITLE_SIZE)
            drawing.drawString(MARGIN_X, top - INDEX_TITLE_SIZE, INDEX_TITLE)
        drawing.setFillGray(GREY)
        with marks.tagged("P"):
            drawing.setFont(REGULAR, INDEX_SUBTITLE_SIZE)
            drawing.drawString(MARGIN_X, top - INDEX_TITLE_SIZE - 18, meeting_line)
        drawing.setFillGray(0)
    else:
        with marks.artifact():   # a running head: the index itself is one table of contents
            drawing.setFont(BOLD, 12.5)
            drawing.drawString(MARGIN_X, top - 12.5, f"{INDEX_TITLE} (fortsat)")
    number_right = PAGE_WIDTH - MARGIN_X
    for position, entry in entries:
        font = _entry_font(entry.level)
        x = MARGIN_X + (BILAG_INDENT if entry.level else 0.0)
        baseline = entries_top(page.number) - entry.slot.top - ENTRY_SIZE
        lines = entry_lines(entry.text, entry.level)
        last_baseline = baseline - (len(lines) - 1) * ENTRY_LEADING
        number_text = str(entry.slot.target_page)
        with marks.tagged("Link", position):
            drawing.setFont(font, ENTRY_SIZE)
            for number, line in enumerate(lines):
                drawing.drawString(x, baseline - number * ENTRY_LEADING, line)
            drawing.drawRightString(number_right, last_baseline, number_text)
        with marks.artifact():
            _draw_leader(drawing, x + stringWidth(lines[-1], font, ENTRY_SIZE) + 4,
                         number_right - stringWidth(number_text, font, ENTRY_SIZE) - 4, last_baseline)


def _draw_leader(drawing: canvas.Canvas, start: float, end: float, baseline: float) -> None:
    """Dots on a fixed grid, so the leaders of all lines line up under each other."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    step = 4.0
    drawing.setFont(REGULAR, ENTRY_SIZE)
    drawing.setFillGray(0.45)
    first = int(start / step) + 1
    last = int(end / step) - 1
    if last >= first:
        drawing.saveState()
        text = drawing.beginText(first * step, baseline)
        text.setFont(REGULAR, ENTRY_SIZE)
        dot = stringWidth(".", REGULAR, ENTRY_SIZE)
        text.setCharSpace(step - dot)
        text.textOut("." * (last - first + 1))
        drawing.drawText(text)
        drawing.restoreState()
    drawing.setFillGray(0)


def _draw_separator(drawing: canvas.Canvas, marks: _Marks, page: SeparatorPage) -> None:
    from reportlab.lib.utils import simpleSplit

    width = PAGE_WIDTH - 2 * MARGIN_X
    y = PAGE_HEIGHT - 7.2 * 28.3465
    drawing.setFillGray(GREY)
    with marks.artifact():   # repeated on every separator, like a running head
        drawing.setFont(REGULAR, 11)
        drawing.drawString(MARGIN_X, y, page.meeting_line)
    drawing.setFillGray(0)
    y -= 38
    # The item's heading is a heading once, on its first separator; later ones repeat it as text.
    with marks.tagged("H1" if page.opens_item else "P"):
        drawing.setFont(BOLD, 24)
        drawing.drawString(MARGIN_X, y, page.item_head)
        y -= 30
        drawing.setFont(BOLD, 16)
        for line in simpleSplit(page.item_title, BOLD, 16, width)[:6]:
            drawing.drawString(MARGIN_X, y, line)
            y -= 21
    y -= 22
    with marks.artifact():
        drawing.setStrokeGray(0.6)
        drawing.setLineWidth(0.8)
        drawing.line(MARGIN_X, y + 16, MARGIN_X + width, y + 16)
    with marks.tagged("H2"):
        drawing.setFont(REGULAR, 15)
        for line in simpleSplit(page.bilag_label, REGULAR, 15, width)[:4]:
            y -= 6
            drawing.drawString(MARGIN_X, y, line)
            y -= 14


def _draw_notice(drawing: canvas.Canvas, marks: _Marks, page: NoticePage) -> None:
    from reportlab.lib.utils import simpleSplit

    width = PAGE_WIDTH - 2 * MARGIN_X
    y = PAGE_HEIGHT - 7.2 * 28.3465
    with marks.tagged("P"):
        drawing.setFont(BOLD, 18)
        for line in simpleSplit(page.bilag_label, BOLD, 18, width)[:3]:
            drawing.drawString(MARGIN_X, y, line)
            y -= 24
    y -= 10
    with marks.tagged("P"):
        drawing.setFont(BOLD, 13)
        drawing.setFillColorRGB(0.6, 0.1, 0.1)
        drawing.drawString(MARGIN_X, y, "Bilaget kunne ikke komme med i bilagspakken.")
        drawing.setFillGray(0)
    y -= 26
    drawing.setFont(REGULAR, 12)
    for paragraph in filter(None, (page.message, page.hint)):
        with marks.tagged("P"):
            for line in simpleSplit(paragraph, REGULAR, 12, width)[:12]:
                drawing.drawString(MARGIN_X, y, line)
                y -= 16
        y -= 10
