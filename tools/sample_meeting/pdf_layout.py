"""Page layout of the sample bilag PDFs: fonts, styles, letterhead and footer, charts, page-exact builds."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

SAMPLE_MARK = "Eksempelbilag til kkrdesk – omskrevet efter det offentliggjorte materiale"
CREATOR = "kkrdesk eksempelgenerator (tools/make_sample_meeting.py)"

ACCENT = colors.HexColor("#1B4F72")
ACCENT_LIGHT = colors.HexColor("#D6E4F0")
SECOND = colors.HexColor("#7FA7C9")
GREY = colors.HexColor("#5F6B73")
RULE = colors.HexColor("#B8C4CC")
ZEBRA = colors.HexColor("#F2F5F7")

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT_MARGIN = RIGHT_MARGIN = 25 * mm
TOP_MARGIN = 30 * mm
BOTTOM_MARGIN = 28 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT_MARGIN - RIGHT_MARGIN

FONT = "Carlito"
FONT_FILES = {"Carlito": "Carlito-Regular.ttf", "Carlito-Bold": "Carlito-Bold.ttf",
              "Carlito-Italic": "Carlito-Italic.ttf", "Carlito-BoldItalic": "Carlito-BoldItalic.ttf"}
FONT_DIRS = ("/usr/share/fonts/truetype/crosextra", "/usr/share/fonts/crosextra",
             "/usr/share/fonts/truetype/carlito", "/usr/share/fonts/carlito")


class FontMissing(RuntimeError):
    """Carlito, which the PDFs embed, is not installed."""


def font_dir() -> Path:
    """The folder holding Carlito (KKRDESK_SAMPLE_FONTS overrides); the PDFs embed it."""
    candidates = [os.environ.get("KKRDESK_SAMPLE_FONTS", ""), *FONT_DIRS]
    for candidate in candidates:
        if candidate and all((Path(candidate) / name).is_file() for name in FONT_FILES.values()):
            return Path(candidate)
    raise FontMissing("the Carlito font is missing: install fonts-crosextra-carlito (Debian) or "
                      "set KKRDESK_SAMPLE_FONTS to a folder holding Carlito-*.ttf")


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = font_dir()
    for name, file_name in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
    pdfmetrics.registerFontFamily(FONT, normal="Carlito", bold="Carlito-Bold",
                                  italic="Carlito-Italic", boldItalic="Carlito-BoldItalic")


def _style(name: str, **options) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 10.5, "leading": 14.5, "spaceAfter": 6,
            "textColor": colors.black}
    base.update(options)
    return ParagraphStyle(name, **base)


class Styles:
    body = _style("body")
    small = _style("small", fontSize=9, leading=12, spaceAfter=4)
    note = _style("note", fontSize=8.5, leading=11, textColor=GREY, spaceBefore=3, spaceAfter=4)
    caption = _style("caption", fontName="Carlito-Bold", fontSize=9.5, leading=12.5, spaceBefore=4,
                     spaceAfter=4, textColor=ACCENT)
    title = _style("title", fontName="Carlito-Bold", fontSize=24, leading=29, spaceAfter=10,
                   textColor=ACCENT)
    subtitle = _style("subtitle", fontSize=14, leading=19, spaceAfter=14, textColor=GREY)
    h1 = _style("h1", fontName="Carlito-Bold", fontSize=16, leading=20, spaceBefore=4, spaceAfter=8,
                textColor=ACCENT)
    h2 = _style("h2", fontName="Carlito-Bold", fontSize=12.5, leading=16, spaceBefore=8,
                spaceAfter=5, textColor=ACCENT)
    h3 = _style("h3", fontName="Carlito-Bold", fontSize=11, leading=14.5, spaceBefore=6,
                spaceAfter=3)
    bullet = _style("bullet", leftIndent=14, bulletIndent=3, spaceAfter=3)
    proposal = _style("proposal", fontName="Carlito-Bold", textColor=ACCENT, spaceAfter=0)
    cell = _style("cell", fontSize=9, leading=11.5, spaceAfter=0)
    cell_bold = _style("cell_bold", fontName="Carlito-Bold", fontSize=9, leading=11.5, spaceAfter=0)
    cell_head = _style("cell_head", fontName="Carlito-Bold", fontSize=9, leading=11.5, spaceAfter=0,
                       textColor=colors.white)
    cell_right = _style("cell_right", fontSize=9, leading=11.5, spaceAfter=0, alignment=TA_RIGHT)
    cell_center = _style("cell_center", fontSize=9, leading=11.5, spaceAfter=0, alignment=TA_CENTER)
    toc = _style("toc", fontSize=11, leading=17, spaceAfter=0)
    toc_sub = _style("toc_sub", fontSize=10.5, leading=16, spaceAfter=0, leftIndent=16)
    cover_party = _style("cover_party", fontSize=12, leading=16, spaceAfter=2, alignment=TA_LEFT)


# --------------------------------------------------------------------------- flowables

class Heading(Paragraph):
    """A heading that becomes a PDF bookmark and, if wanted, a line in a contents page."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, *, in_contents: bool = True):
        super().__init__(text, style)
        self.outline_text = text
        self.outline_level = level
        self.in_contents = in_contents


def h1(text: str, *, in_contents: bool = True) -> Heading:
    return Heading(text, Styles.h1, 0, in_contents=in_contents)


def h2(text: str, *, in_contents: bool = True) -> Heading:
    return Heading(text, Styles.h2, 1, in_contents=in_contents)


def h3(text: str) -> Paragraph:
    return Paragraph(text, Styles.h3)


def p(text: str, style: ParagraphStyle = Styles.body) -> Paragraph:
    return Paragraph(text, style)


def bullets(*items: str, style: ParagraphStyle = Styles.bullet) -> list[Paragraph]:
    return [Paragraph(item, style, bulletText="•") for item in items]


def numbered(*items: str) -> list[Paragraph]:
    return [Paragraph(item, Styles.bullet, bulletText=f"{n}.") for n, item in enumerate(items, 1)]


def proposal(text: str) -> Table:
    """A highlighted "KL foreslår: ..." panel with an accent bar on its left."""
    bar = 3
    # the bar is drawn centred on the panel's left edge: shift the panel by half of it so that the
    # bar's outer edge, not its middle, lies on the margin
    panel = Table([[Paragraph(f"KL foreslår: {text}", Styles.proposal)]], colWidths=[TEXT_WIDTH - bar / 2],
                  hAlign="RIGHT")
    panel.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                               ("LINEBEFORE", (0, 0), (0, -1), bar, ACCENT),
                               ("LEFTPADDING", (0, 0), (-1, -1), 9),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                               ("TOPPADDING", (0, 0), (-1, -1), 5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    panel.spaceBefore = 4
    panel.spaceAfter = 8
    return panel


def gap(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def table(rows: Sequence[Sequence[object]], widths: Sequence[float], *, header_rows: int = 1,
          numeric_columns: Sequence[int] = (), bold_last_row: bool = False,
          extra_style: Sequence[tuple] = ()) -> Table:
    """A tidy data table: dark header, zebra rows, numbers right-aligned, text wrapped in cells."""
    body_rows = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
                continue
            if r < header_rows:
                style = Styles.cell_head
            elif bold_last_row and r == len(rows) - 1:
                style = Styles.cell_bold
            elif c in numeric_columns:
                style = Styles.cell_right
            else:
                style = Styles.cell
            if r < header_rows and c in numeric_columns:
                style = ParagraphStyle("head_right", parent=Styles.cell_head, alignment=TA_RIGHT)
            if bold_last_row and r == len(rows) - 1 and c in numeric_columns:
                style = ParagraphStyle("bold_right", parent=Styles.cell_bold, alignment=TA_RIGHT)
            cells.append(Paragraph(str(value), style))
        body_rows.append(cells)
    commands = [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, ACCENT),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for r in range(header_rows, len(rows)):
        if (r - header_rows) % 2 == 1:
            commands.append(("BACKGROUND", (0, r), (-1, r), ZEBRA))
    if bold_last_row:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.6, ACCENT))
    commands.extend(extra_style)
    result = Table(body_rows, colWidths=list(widths), repeatRows=header_rows)
    result.setStyle(TableStyle(commands))
    return result


def fact_boxes(facts: Sequence[tuple[str, str]], *, width: float = TEXT_WIDTH) -> Table:
    """A row of key figures: a big number over a short explanation, on a light background."""
    big = ParagraphStyle("fact_big", parent=Styles.body, fontName="Carlito-Bold", fontSize=20,
                         leading=24, textColor=ACCENT, alignment=TA_CENTER, spaceAfter=2)
    small = ParagraphStyle("fact_small", parent=Styles.small, alignment=TA_CENTER, spaceAfter=0)
    cells = [[Paragraph(figure, big), Paragraph(text, small)] for figure, text in facts]
    column = width / len(facts)
    inner = [Table([[a], [b]], colWidths=[column - 8]) for a, b in cells]
    for t in inner:
        t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
    outer = Table([inner], colWidths=[column] * len(facts))
    outer.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                               ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 8),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
    return outer


def boxed(*flowables: Flowable, width: float = TEXT_WIDTH, background=ACCENT_LIGHT) -> Table:
    """Flowables in a light panel (examples, summaries)."""
    box = Table([[list(flowables)]], colWidths=[width])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), background),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10),
                             ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, -1), 8),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return box


def figure(caption: str, drawing: Drawing, note: str = "") -> KeepTogether:
    parts: list[Flowable] = [Paragraph(caption, Styles.caption), drawing]
    if note:
        parts.append(Paragraph(note, Styles.note))
    parts.append(gap(2))
    return KeepTogether(parts)


# --------------------------------------------------------------------------- charts

def _axis_step(maximum: float) -> float:
    for step in (0.5, 1, 2, 5, 10, 20, 25, 50, 100):
        if maximum / step <= 8:
            return step
    return 200


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def horizontal_bars(labels: Sequence[str], series: Sequence[Sequence[float]], *,
                    series_names: Sequence[str] = (), bar_colors: Sequence = (ACCENT, SECOND),
                    width: float = TEXT_WIDTH, label_width: float = 46 * mm,
                    bar_height: float = 11, group_gap: float = 7, axis_max: float | None = None,
                    value_format=_number) -> Drawing:
    """Horizontal bars, one group per label (top to bottom), values written at the bar ends."""
    groups = len(labels)
    per_group = len(series)
    axis_max = axis_max or max(max(values) for values in series)
    step = _axis_step(axis_max)
    axis_max = step * -(-axis_max // step)
    legend_height = 16 if series_names else 0
    plot_left = label_width
    plot_width = width - label_width - 22
    group_height = per_group * bar_height + group_gap
    plot_height = groups * group_height
    axis_y = 14
    height = axis_y + plot_height + legend_height + 4
    drawing = Drawing(width, height)
    tick = 0.0
    while tick <= axis_max + 1e-9:
        x = plot_left + plot_width * tick / axis_max
        drawing.add(Line(x, axis_y, x, axis_y + plot_height, strokeColor=RULE, strokeWidth=0.4))
        drawing.add(String(x, axis_y - 10, value_format(tick), fontName=FONT, fontSize=7.5,
                           fillColor=GREY, textAnchor="middle"))
        tick += step
    for g, label in enumerate(labels):
        top = axis_y + plot_height - g * group_height - group_gap / 2
        centre = top - per_group * bar_height / 2
        drawing.add(String(plot_left - 6, centre - 3, label, fontName=FONT, fontSize=9,
                           textAnchor="end"))
        for s, values in enumerate(series):
            value = values[g]
            y = top - (s + 1) * bar_height
            length = plot_width * value / axis_max
            drawing.add(Rect(plot_left, y + 1, length, bar_height - 2, fillColor=bar_colors[s],
                             strokeColor=None))
            drawing.add(String(plot_left + length + 3, y + bar_height / 2 - 3, value_format(value),
                               fontName=FONT, fontSize=8, fillColor=colors.black))
    drawing.add(Line(plot_left, axis_y, plot_left, axis_y + plot_height, strokeColor=GREY,
                     strokeWidth=0.6))
    if series_names:
        x = plot_left
        y = axis_y + plot_height + 6
        for s, name in enumerate(series_names):
            drawing.add(Rect(x, y, 9, 7, fillColor=bar_colors[s], strokeColor=None))
            drawing.add(String(x + 12, y, name, fontName=FONT, fontSize=8.5))
            x += 12 + pdfmetrics.stringWidth(name, FONT, 8.5) + 18
    return drawing


# --------------------------------------------------------------------------- documents

@dataclass(frozen=True)
class Letterhead:
    """What every page of one bilag prints around its text."""

    header: str            # short document name, top left
    sender: str            # wordmark, top right, e.g. "KL"
    sender_name: str       # spelled out in the footer
    dateline: str          # "26. januar 2025", or a period for an agreement
    pages: int             # the planned page count, printed as "Side x af N" and verified
    title: str             # PDF metadata
    case_id: str = ""
    subject: str = ""
    plain_first_page: bool = False   # a cover page: no header line


class _PageStart(Flowable):
    """Zero-size marker placed where a planned page begins; records the page it landed on."""

    def __init__(self, planned: int, log: list[tuple[int, int]]):
        super().__init__()
        self.planned = planned
        self.log = log

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.log.append((self.planned, self.canv.getPageNumber()))


class _Document(BaseDocTemplate):
    def __init__(self, target: str, letterhead: Letterhead):
        super().__init__(target, pagesize=A4, leftMargin=LEFT_MARGIN, rightMargin=RIGHT_MARGIN,
                         topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, invariant=1,
                         title=letterhead.title, author=letterhead.sender_name,
                         subject=letterhead.subject, creator=CREATOR, lang="da-DK",
                         pageCompression=1, displayDocTitle=1)
        self.letterhead = letterhead
        self._bookmarks = 0
        frame = Frame(LEFT_MARGIN, BOTTOM_MARGIN, TEXT_WIDTH,
                      PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="text")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._furniture)])

    def afterFlowable(self, flowable):
        if isinstance(flowable, Heading):
            self._bookmarks += 1
            key = f"h{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level)

    def _furniture(self, canvas, doc):
        head = self.letterhead
        page = canvas.getPageNumber()
        canvas.saveState()
        if not (head.plain_first_page and page == 1):
            canvas.setFont(FONT, 8.5)
            canvas.setFillColor(GREY)
            canvas.drawString(LEFT_MARGIN, PAGE_HEIGHT - 17 * mm, head.header)
            canvas.setFont("Carlito-Bold", 15)
            canvas.setFillColor(ACCENT)
            canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, PAGE_HEIGHT - 17.5 * mm, head.sender)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(LEFT_MARGIN, PAGE_HEIGHT - 20 * mm, PAGE_WIDTH - RIGHT_MARGIN,
                        PAGE_HEIGHT - 20 * mm)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT_MARGIN, 20 * mm, PAGE_WIDTH - RIGHT_MARGIN, 20 * mm)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(GREY)
        parts = [head.sender_name, head.dateline] + ([f"Sags-ID {head.case_id}"] if head.case_id else [])
        canvas.drawString(LEFT_MARGIN, 15.5 * mm, "  ·  ".join(parts))
        canvas.setFont("Carlito-Bold", 8.5)
        canvas.setFillColor(colors.black)
        canvas.drawRightString(PAGE_WIDTH - RIGHT_MARGIN, 15.5 * mm,
                               f"Side {page} af {head.pages}")
        canvas.setFont("Carlito-Italic", 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(LEFT_MARGIN, 11 * mm, SAMPLE_MARK)
        canvas.restoreState()


class PageOverflow(RuntimeError):
    """A planned page did not fit, so the printed "Side x af N" would be wrong."""


def build_pdf(target: Path, letterhead: Letterhead, pages: Sequence[Sequence[Flowable]]) -> None:
    """Write ``pages`` as one PDF, each planned page on exactly one printed page, or raise."""
    register_fonts()
    if len(pages) != letterhead.pages:
        raise PageOverflow(f"{target.name}: {len(pages)} pages planned, {letterhead.pages} printed")
    log: list[tuple[int, int]] = []
    story: list[Flowable] = []
    for number, content in enumerate(pages, start=1):
        if number > 1:
            story.append(PageBreak())
        story.append(_PageStart(number, log))
        story.extend(content)
    document = _Document(str(target), letterhead)
    document.build(story)
    misplaced = [planned for planned, actual in log if planned != actual]
    if misplaced or document.page != letterhead.pages:
        raise PageOverflow(f"{target.name}: page {(misplaced or [letterhead.pages])[0] - 1} "
                           f"overflows (built {document.page} pages, planned {letterhead.pages})")


def contents_lines(pages: Sequence[Sequence[Flowable]]) -> list[tuple[int, str, int]]:
    """(level, text, page) of every heading meant for the contents, from the page plan."""
    lines = []
    for number, content in enumerate(pages, start=1):
        for flowable in content:
            if isinstance(flowable, Heading) and flowable.in_contents:
                lines.append((flowable.outline_level, flowable.outline_text, number))
    return lines
