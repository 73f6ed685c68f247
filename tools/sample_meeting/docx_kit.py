"""python-docx helpers for the sample Word bilag: Danish A4 set-up, tables, page fields, stable bytes."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kkrdesk.core.office.package_entries import with_regular_entries

ACCENT = RGBColor(0x1B, 0x4F, 0x72)
GREY = RGBColor(0x5F, 0x6B, 0x73)
ACCENT_HEX, LIGHT_HEX, ZEBRA_HEX, RULE_HEX = "1B4F72", "D6E4F0", "F2F5F7", "B8C4CC"
FONT = "Calibri"      # LibreOffice lays it out with the metric-compatible Carlito
TEXT_WIDTH_MM = 160
ZIP_TIME = (2025, 1, 26, 9, 0, 0)


@dataclass(frozen=True)
class DocumentFacts:
    """What the package's property parts say about the document."""

    title: str
    subject: str
    author: str
    keywords: str
    comments: str
    created: dt.datetime
    pages: int


def new_document(header_left: str, header_right: str, footer_left: str, footer_note: str):
    """An empty A4 document in Danish with Calibri styles, running header and "Side x af y" footer."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin, section.bottom_margin = Mm(27), Mm(25)
    section.header_distance, section.footer_distance = Mm(12), Mm(10)
    _set_language(document, "da-DK")
    _set_styles(document)
    for name in ("Header", "Footer"):
        _clear_style_tabs(document.styles[name])
    header = section.header.paragraphs[0]
    _right_tab(header)
    _run(header, header_left, size=8.5, color=GREY)
    header.add_run("\t")
    _run(header, header_right, size=14, bold=True, color=ACCENT)
    _bottom_border(header)
    footer = section.footer.paragraphs[0]
    _right_tab(footer)
    _top_border(footer)
    _run(footer, footer_left, size=8.5, color=GREY)
    footer.add_run("\t")
    _run(footer, "Side ", size=8.5, bold=True)
    _field(footer, "PAGE", size=8.5, bold=True)
    _run(footer, " af ", size=8.5, bold=True)
    _field(footer, "NUMPAGES", size=8.5, bold=True)
    note = section.footer.add_paragraph()
    _run(note, footer_note, size=7.5, italic=True, color=GREY)
    return document


def _set_language(document, language: str) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)


def _set_styles(document) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, space_before in (("Heading 1", 16, 0), ("Heading 2", 12.5, 10),
                                     ("Heading 3", 11, 8), ("Title", 28, 0), ("Subtitle", 14, 0)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = name.startswith("Heading") or name == "Title"
        style.font.italic = False
        style.font.color.rgb = ACCENT if name != "Subtitle" else GREY
        style.paragraph_format.space_before = Pt(space_before)
        style.paragraph_format.space_after = Pt(6 if name.startswith("Heading") else 12)
        fonts = style.element.rPr.find(qn("w:rFonts"))
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attribute)) is not None:
                del fonts.attrib[qn(attribute)]
    title_borders = document.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_borders is not None:
        document.styles["Title"].element.pPr.remove(title_borders)


def _clear_style_tabs(style) -> None:
    """Drop the template's US-Letter tab stops, so our right tab at the text edge is the only one."""
    properties = style.element.pPr
    tabs = properties.find(qn("w:tabs")) if properties is not None else None
    if tabs is not None:
        properties.remove(tabs)


def _run(paragraph, text: str, *, size: float | None = None, bold: bool = False,
         italic: bool = False, color: RGBColor | None = None):
    run = paragraph.add_run(text)
    if size:
        run.font.size = Pt(size)
    run.font.bold = bold or None
    run.font.italic = italic or None
    if color is not None:
        run.font.color.rgb = color
    return run


def _field(paragraph, instruction: str, **format_options) -> None:
    """A Word field (PAGE, NUMPAGES) with "1" as its cached result until the reader updates it."""
    def char(kind: str):
        run = _run(paragraph, "", **format_options)
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    run = _run(paragraph, "", **format_options)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    _run(paragraph, "1", **format_options)
    char("end")


def _right_tab(paragraph) -> None:
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph.paragraph_format.space_after = Pt(0)


def _border(paragraph, side: str) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"), ("w:color", RULE_HEX)):
        line.set(qn(key), value)
    borders.append(line)
    properties.append(borders)


def _bottom_border(paragraph) -> None:
    _border(paragraph, "bottom")


def _top_border(paragraph) -> None:
    _border(paragraph, "top")


# --------------------------------------------------------------------------- content helpers

def heading(document, text: str, level: int = 1, *, new_page: bool = False):
    paragraph = document.add_heading(text, level=level)
    paragraph.paragraph_format.page_break_before = new_page
    return paragraph


def paragraph(document, text: str = "", *, size: float | None = None, bold: bool = False,
              italic: bool = False, color: RGBColor | None = None, style: str | None = None,
              space_after: float | None = None, align=None):
    """A paragraph; ``*word*`` in ``text`` is set in italics (keyword names)."""
    result = document.add_paragraph(style=style)
    for index, part in enumerate(re.split(r"\*", text)):
        if part:
            _run(result, part, size=size, bold=bold, italic=italic or index % 2 == 1, color=color)
    if space_after is not None:
        result.paragraph_format.space_after = Pt(space_after)
    if align is not None:
        result.alignment = align
    return result


def note(document, text: str):
    return paragraph(document, text, size=8.5, color=GREY)


def caption(document, text: str):
    result = paragraph(document, text, size=9.5, bold=True, color=ACCENT, space_after=3)
    result.paragraph_format.keep_with_next = True
    return result


def bullet_list(document, items: Sequence[str]) -> None:
    for item in items:
        result = paragraph(document, item, style="List Bullet", space_after=3)
        result.paragraph_format.left_indent = Mm(6)


def numbered_list(document, items: Sequence[str]) -> None:
    for number, item in enumerate(items, start=1):
        result = paragraph(document, f"{number}.\t{item}", space_after=3)
        result.paragraph_format.left_indent = Mm(7)
        result.paragraph_format.first_line_indent = Mm(-7)
        result.paragraph_format.tab_stops.add_tab_stop(Mm(7))


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _table_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        if side in ("left", "right", "insideV"):
            line.set(qn("w:val"), "nil")
        else:
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), "8" if side == "bottom" else "4")
            line.set(qn("w:color"), ACCENT_HEX if side == "bottom" else RULE_HEX)
        borders.append(line)
    _put_in_order(properties, borders, "w:tblBorders")


# Word's default left and right cell margin (0,19 cm), in twentieths of a point.
CELL_MARGIN_TWIPS = 108
# The children of w:tblPr that may follow w:tblInd and w:tblBorders, in schema order.
_TBLPR_AFTER = ("w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                "w:tblCaption", "w:tblDescription")


def _put_in_order(properties, element, tag: str) -> None:
    """Insert ``element`` (a ``tag``) into w:tblPr before the first sibling the schema puts after it."""
    later = {qn(name) for name in _TBLPR_AFTER[_TBLPR_AFTER.index(tag) + 1:]}
    for child in properties:
        if child.tag in later:
            child.addprevious(element)
            return
    properties.append(element)


def _flush_with_margin(table) -> None:
    """Put the table's edge, not its first cell's text, on the left margin (legacy table layout)."""
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
    indent.set(qn("w:type"), "dxa")
    _put_in_order(table._tbl.tblPr, indent, "w:tblInd")


def data_table(document, rows: Sequence[Sequence[object]], widths_mm: Sequence[float], *,
               numeric_columns: Sequence[int] = (), bold_last_row: bool = False,
               highlight_rows: Sequence[int] = (), font_size: float = 9):
    """A table with a dark header row, zebra rows and right-aligned numbers."""
    table = document.add_table(rows=len(rows), cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _flush_with_margin(table)
    _table_borders(table)
    for c, width in enumerate(widths_mm):
        table.columns[c].width = Mm(width)
    for r, row in enumerate(rows):
        header = r == 0
        bold = header or (bold_last_row and r == len(rows) - 1) or r in highlight_rows
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Mm(widths_mm[c])
            target = cell.paragraphs[0]
            target.paragraph_format.space_before = Pt(1.5)
            target.paragraph_format.space_after = Pt(1.5)
            target.paragraph_format.line_spacing = 1.0
            if c in numeric_columns:
                target.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(target, str(value), size=font_size, bold=bold,
                 color=RGBColor(0xFF, 0xFF, 0xFF) if header else None)
            if header:
                _shade(cell, ACCENT_HEX)
            elif r in highlight_rows:
                _shade(cell, LIGHT_HEX)
            elif r % 2 == 0:
                _shade(cell, ZEBRA_HEX)
    paragraph(document, "", space_after=2, size=4)
    return table


def panel(document, title: str, lines: Sequence[str]):
    """A one-cell table with a light background: a short summary beside the data."""
    table = document.add_table(rows=1, cols=1)
    table.autofit = False
    _flush_with_margin(table)
    table.columns[0].width = Mm(TEXT_WIDTH_MM)
    cell = table.cell(0, 0)
    cell.width = Mm(TEXT_WIDTH_MM)
    _shade(cell, LIGHT_HEX)
    first = cell.paragraphs[0]
    _run(first, title, bold=True, color=ACCENT)
    first.paragraph_format.space_after = Pt(3)
    for line in lines:
        extra = cell.add_paragraph()
        extra.paragraph_format.space_after = Pt(3)
        for index, part in enumerate(re.split(r"\*", line)):
            if part:
                _run(extra, part, italic=index % 2 == 1)
    paragraph(document, "", space_after=2, size=4)
    return table


# --------------------------------------------------------------------------- stable package

def set_core_properties(document, facts: DocumentFacts) -> None:
    properties = document.core_properties
    properties.title = facts.title
    properties.subject = facts.subject
    properties.author = facts.author
    properties.last_modified_by = facts.author
    properties.keywords = facts.keywords
    properties.comments = facts.comments
    properties.category = "Bilag"
    properties.language = "da-DK"
    properties.revision = 1
    properties.created = facts.created
    properties.modified = facts.created


def _app_xml(facts: DocumentFacts, words: int, characters: int) -> bytes:
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Template>Normal.dotm</Template><TotalTime>0</TotalTime>"
        f"<Pages>{facts.pages}</Pages><Words>{words}</Words><Characters>{characters}</Characters>"
        "<Application>kkrdesk eksempelgenerator (python-docx)</Application><DocSecurity>0</DocSecurity>"
        f"<Company>{facts.author}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    ).encode()


def save_stable(document, target: Path, facts: DocumentFacts) -> None:
    """Save with fixed zip timestamps, our own app.xml (real page count) and no stock thumbnail."""
    set_core_properties(document, facts)
    text = "\n".join(p.text for p in document.paragraphs)
    for table in document.tables:
        text += "\n" + "\n".join(cell.text for row in table.rows for cell in row.cells)
    words = len(text.split())
    characters = len(text.replace(" ", "").replace("\n", ""))
    buffer = io.BytesIO()
    document.save(buffer)

    def without_thumbnail(name: str, data: bytes) -> bytes | None:
        if name == "docProps/thumbnail.jpeg":
            return None
        if name == "_rels/.rels":
            return re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>', b"", data)
        if name == "docProps/app.xml":
            return _app_xml(facts, words, characters)
        return data

    target.write_bytes(with_regular_entries(buffer.getvalue(), date_time=ZIP_TIME, edit=without_thumbnail))
