"""Text PDFs to located text: each page's text runs put back together into paragraphs and table cells."""

from __future__ import annotations

import ctypes
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2  # untyped: its PdfDocument, PdfPage, PdfTextPage in signatures are Any to mypy
import pypdfium2.raw as pdfium_c

from kkrdesk.core import danish
from kkrdesk.core.contracts.document_text import (
    DocumentText,
    Location,
    TextBlock,
    check_size,
    clean_text,
)
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import MAX_CONTRACT_PAGES
from kkrdesk.core.files.pdf_screen import PDFIUM_LOCK

CHUNK_GAP = 9.0          # points between runs on a line that still belong together
LINE_DISTANCE = 1.6      # a paragraph's next line starts within this many font sizes below
OCR_LINE_DISTANCE = 2.0  # ... in an OCR text layer, where Tesseract sizes each line by the glyphs it saw
SIZE_SLACK = 1.5         # points of font size by which lines of one paragraph may differ
ALIGN_SLACK = 6.0
INDENT_SLACK = 20.0      # hanging indents of bullets
WIDE_SHARE = 0.6         # a block this wide is body text, where a short line ends the paragraph
SHORT_LINE_RATIO = 0.8
ROW_TOLERANCE = 4.0
EDGE_SLACK = 1.0        # points a character's centre may stand outside the shown box
INVISIBLE_RENDER_MODES = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE and _CLIP
SCAN_SHARE = 0.5        # an image covering this share of the page makes it a scanned page
# Lines that open a paragraph of their own: goal headings, numbered headings, bullets.
_OPENS_PARAGRAPH = re.compile(
    r"^(?i:(?:nationalt|lokalt)\s+)?(?i:mål)\s*\d|^(?i:lokal(?:t|e)\s+mål)\b|^\d{1,2}(?:\.\d{1,2})*\.\s+[A-ZÆØÅ]|"
    r"^\d{1,2}\.\d{1,2}\s+[A-ZÆØÅ]|^[•▪●◦\-–]\s")
_PAGE_FURNITURE = re.compile(r"^(?:side\s+)?\d+\s*(?:af|/)\s*\d+$|^side\s+\d+$", re.IGNORECASE)


def read_pdf(path: Path, *, ocr: bool = False) -> DocumentText:
    """The text of an admitted (screened) PDF page by page; call it inside the boundary's ``reading``.

    ``ocr`` says the text layer was laid by OCR: its lines are spaced less evenly.
    """
    with PDFIUM_LOCK:
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            page_count = len(pdf)
            if page_count > MAX_CONTRACT_PAGES:
                raise BadFileError(f"PDF-filen har {danish.format_int(page_count)} sider; det er for mange til en "
                                   "resultatkontrakt.", reason="too-large", file=path,
                                   hint="Vælg selve kontrakten.")
            result = DocumentText(path=path, kind=FileKind.PDF, pages=page_count)
            characters = 0
            for page_number in range(1, page_count + 1):
                for paragraph_number, text in enumerate(_page_paragraphs(pdf, page_number, ocr), start=1):
                    result.blocks.append(TextBlock(
                        index=len(result.blocks), text=text,
                        location=Location(paragraph=paragraph_number, page=page_number)))
                    characters += len(text)
                check_size(path, len(result.blocks), characters)
            return result
        finally:
            pdf.close()


def _page_paragraphs(pdf: pypdfium2.PdfDocument, page_number: int, ocr: bool = False) -> list[str]:
    page = pdf[page_number - 1]
    try:
        textpage = page.get_textpage()
        try:
            pieces = []
            for left, bottom, right, top, text in _visible_runs(page, textpage):
                text = clean_text(text)
                if text and not _PAGE_FURNITURE.match(text):
                    size = _font_size(textpage, left, bottom, top)
                    pieces.append(_Piece(left, bottom, right, top, text, size))
        finally:
            textpage.close()
    finally:
        page.close()
    return [block.text for block in arrange(pieces, OCR_LINE_DISTANCE if ocr else LINE_DISTANCE)]


def _visible_runs(page: pypdfium2.PdfPage, textpage: pypdfium2.PdfTextPage) -> list[tuple[float, float, float, float, str]]:
    """pdfium's text rectangles with their text, made only of characters a reader can see.

    A character is left out when its text is drawn invisible (render mode 3, or 7: clip only) or
    when it stands outside the part of the page that is shown (crop box within media box). The
    exception is invisible text laid over a scanned page (an image covering most of the page):
    that is a text layer made by OCR, and it says what the picture shows.
    """
    box = _shown_box(page)
    if _all_text_shown(page, box):
        return [(*rect, textpage.get_text_bounded(*rect))
                for rect in (textpage.get_rect(i) for i in range(textpage.count_rects()))]
    visible = _visible_characters(textpage, box, _scans(page, box))
    runs = []
    start = 0
    while start < len(visible):
        if not visible[start]:
            start += 1
            continue
        end = start
        while end < len(visible) and visible[end]:
            end += 1
        runs.extend(_rect_texts(textpage, start, end))
        start = end
    return runs


def _all_text_shown(page: pypdfium2.PdfPage, box: tuple[float, float, float, float]) -> bool:
    """True when every text object is drawn visibly inside the shown box (no character check needed)."""
    for text_object in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=2):
        if text_object.level > 0:
            return False              # inside a form XObject: its bounds are in the form's space
        if pdfium_c.FPDFTextObj_GetTextRenderMode(text_object.raw) in INVISIBLE_RENDER_MODES:
            return False
        left, bottom, right, top = text_object.get_bounds()
        if left < box[0] - EDGE_SLACK or bottom < box[1] - EDGE_SLACK \
                or right > box[2] + EDGE_SLACK or top > box[3] + EDGE_SLACK:
            return False
    return True


def _scans(page: pypdfium2.PdfPage, box: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    """The bounds of images covering at least half the shown page: a scanned page's picture."""
    page_area = max(1.0, (box[2] - box[0]) * (box[3] - box[1]))
    scans = []
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = image.get_bounds()
        if (right - left) * (top - bottom) >= SCAN_SHARE * page_area:
            scans.append((left, bottom, right, top))
    return scans


def _visible_characters(textpage: pypdfium2.PdfTextPage, box: tuple[float, float, float, float],
                        scans: list[tuple[float, float, float, float]]) -> list[bool]:
    raw = textpage.raw
    modes: dict[int, int] = {}
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    visible = []
    for index in range(textpage.count_chars()):
        text_object = pdfium_c.FPDFText_GetTextObject(raw, index)
        if not text_object:
            visible.append(True)          # a space or line break pdfium put in itself
            continue
        address = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        if address not in modes:
            modes[address] = pdfium_c.FPDFTextObj_GetTextRenderMode(text_object)
        pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
        x, y = (left.value + right.value) / 2, (bottom.value + top.value) / 2
        if modes[address] in INVISIBLE_RENDER_MODES:
            visible.append(any(a <= x <= c and b <= y <= d for a, b, c, d in scans))
            continue
        visible.append(box[0] - EDGE_SLACK <= x <= box[2] + EDGE_SLACK
                       and box[1] - EDGE_SLACK <= y <= box[3] + EDGE_SLACK)
    return visible


def _shown_box(page: pypdfium2.PdfPage) -> tuple[float, float, float, float]:
    """The crop box clipped to the media box: what a viewer shows of the page."""
    media, crop = page.get_mediabox(), page.get_cropbox()
    return (max(media[0], crop[0]), max(media[1], crop[1]), min(media[2], crop[2]),
            min(media[3], crop[3]))


def _rect_texts(textpage: pypdfium2.PdfTextPage, start: int, end: int) -> list[tuple[float, float, float, float, str]]:
    """pdfium's rectangles over characters ``start``..``end``, each with the characters inside it."""
    raw = textpage.raw
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects(start, end - start))]
    texts: list[list[str]] = [[] for _ in rects]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    current = 0
    for index in range(start, end):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        character = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else ""
        if pdfium_c.FPDFText_IsGenerated(raw, index) != 1 and rects:
            pdfium_c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
            x, y = (left.value + right.value) / 2, (bottom.value + top.value) / 2
            if not _inside(rects[current], x, y):
                current = next((i for i, rect in enumerate(rects) if _inside(rect, x, y)), current)
        if texts:
            texts[current].append(character)
    return [(*rect, "".join(chars)) for rect, chars in zip(rects, texts, strict=True)]


def _inside(rect: tuple[float, float, float, float], x: float, y: float) -> bool:
    left, bottom, right, top = rect
    return left - 0.5 <= x <= right + 0.5 and bottom - 0.5 <= y <= top + 0.5


def _font_size(textpage: pypdfium2.PdfTextPage, left: float, bottom: float, top: float) -> float:
    """The font size of a run's first character; its box height where the PDF's size is odd."""
    height = max(top - bottom, 1.0)
    index = textpage.get_index(left + 0.5, (bottom + top) / 2, 3, 3)
    size = pypdfium2.raw.FPDFText_GetFontSize(textpage.raw, index) if index is not None \
        and index >= 0 else 0.0
    return size if height / 2 <= size <= height * 3 else height * 1.15


@dataclass
class _Piece:
    """A run of text on one line, with its box in PDF points (y grows upwards) and font size."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float


@dataclass
class _Block:
    lines: list[_Piece] = field(default_factory=list)

    @property
    def left(self) -> float:
        return self.lines[0].left

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return min(line.bottom for line in self.lines)

    @property
    def text(self) -> str:
        text = ""
        for line in self.lines:
            if not text:
                text = line.text
            elif text.endswith("-") and line.text[:1].islower() and not line.text.startswith(
                    ("og ", "eller ")):
                text = text[:-1] + line.text
            else:
                text = f"{text} {line.text}"
        return text


def arrange(pieces: list[_Piece], line_distance: float = LINE_DISTANCE) -> list[_Block]:
    """Paragraphs and table cells from a page's text runs, in reading order (rows, then columns).

    Runs on one line close together form a chunk; a chunk continues the block above it when it
    starts at the same left edge within a line's distance, unless that block's last line ended
    short of a wide paragraph's right edge. Blocks whose first lines start at the same height
    (the cells of a table row) are read left to right.
    """
    chunks = _chunks(pieces)
    if not chunks:
        return []
    text_width = max(c.right for c in chunks) - min(c.left for c in chunks)
    blocks: list[_Block] = []
    open_blocks: list[_Block] = []
    for chunk in chunks:
        target = None
        if not _OPENS_PARAGRAPH.match(chunk.text):
            target = next((b for b in reversed(open_blocks) if _continues(b, chunk, text_width, line_distance)), None)
        if target is None:
            target = _Block()
            blocks.append(target)
            open_blocks.append(target)
        target.lines.append(chunk)
        open_blocks = [b for b in open_blocks if b.lines[-1].top - chunk.top <= 3 * chunk.size]
    return _reading_order(blocks)


def _chunks(pieces: list[_Piece]) -> list[_Piece]:
    chunks: list[_Piece] = []
    for piece in sorted(pieces, key=lambda p: (-p.top, p.left)):
        last = chunks[-1] if chunks else None
        if last is not None and _same_line(last, piece) and -1 <= piece.left - last.right < CHUNK_GAP:
            joiner = "" if last.text.endswith(" ") else " "
            chunks[-1] = _Piece(last.left, min(last.bottom, piece.bottom), piece.right,
                                max(last.top, piece.top), (last.text + joiner + piece.text).strip(),
                                max(last.size, piece.size))
        else:
            chunks.append(piece)
    return chunks


def _same_line(a: _Piece, b: _Piece) -> bool:
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap > 0.5 * min(a.top - a.bottom, b.top - b.bottom)


def _continues(block: _Block, chunk: _Piece, text_width: float, line_distance: float) -> bool:
    last = block.lines[-1]
    size = block.lines[0].size
    distance = last.top - chunk.top
    width = max(line.right for line in block.lines) - block.left
    wide = width > WIDE_SHARE * text_width
    # OCR's looser spacing only inside body text: a narrow block may be a table cell, whose
    # next line down can be the next row
    limit = line_distance if wide else LINE_DISTANCE
    if abs(chunk.size - size) > SIZE_SLACK or not (0 < distance <= limit * size):
        return False
    first = block.lines[0]
    centred = abs((first.left + first.right) / 2 - (chunk.left + chunk.right) / 2) <= ALIGN_SLACK
    if not (block.left - ALIGN_SLACK <= chunk.left <= block.left + INDENT_SLACK or centred):
        return False
    return not (wide and last.right < block.left + SHORT_LINE_RATIO * width)


def _reading_order(blocks: list[_Block]) -> list[_Block]:
    """Rows top to bottom, cells left to right; a row is every block whose lines overlap it in height.

    Table cells of one row need not start at the same height (a short cell is often centred
    beside a wrapped one). A cell spanning several rows (a goal's title beside its measures)
    is read before the rows it spans.
    """
    result: list[_Block] = []
    for cluster in _overlapping(sorted(blocks, key=lambda b: -b.top)):
        anchors = [b for b in cluster if _spans_rows(b, cluster)]
        rest = [b for b in cluster if b not in anchors]
        result += sorted(anchors, key=lambda b: b.left)
        for row in _overlapping(rest):
            result += sorted(row, key=lambda b: b.left)
    return result


def _overlapping(ordered: list[_Block]) -> list[list[_Block]]:
    rows: list[list[_Block]] = []
    for block in ordered:
        if rows and (rows[-1][0].top - block.top <= ROW_TOLERANCE
                     or block.top - ROW_TOLERANCE > min(b.bottom for b in rows[-1])):
            rows[-1].append(block)
        else:
            rows.append([block])
    return rows


def _spans_rows(block: _Block, cluster: list[_Block]) -> bool:
    """Beside ``block`` stand at least two blocks that do not share a line."""
    beside = sorted((b for b in cluster if b is not block
                     and block.bottom <= (b.top + b.bottom) / 2 <= block.top),
                    key=lambda b: -b.top)
    return any(lower.top + ROW_TOLERANCE < upper.bottom for upper, lower in itertools.pairwise(beside))
