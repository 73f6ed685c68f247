"""Build kkrdesk/core/export/templates/dagsorden.docx: the Danish A4 Word template of the agenda.

Run from the repository root: python tools/make_dagsorden_template.py
The template holds page set-up, language and styles only; kkrdesk writes all content.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kkrdesk.core.office.package_entries import docx_bytes

TARGET = Path(__file__).resolve().parents[1] / "kkrdesk" / "core" / "export" / "templates" / "dagsorden.docx"
FONT = "Calibri"          # LibreOffice substitutes the metric-compatible Carlito
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
TEXT_WIDTH_CM = 21.0 - 2.5 - 2.0
ZIP_TIME = (2025, 1, 1, 0, 0, 0)     # fixed, so the template is the same file on every run


def set_language(rpr_parent) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "da-DK")
    lang.set(qn("w:eastAsia"), "en-US")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def paragraph_style(document, name: str, *, base: str = "Normal", size: float | None = None,
                    bold: bool | None = None, color: RGBColor | None = None, before: float | None = None,
                    after: float | None = None, keep_with_next: bool | None = None):
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    font = style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_with_next is not None:
        fmt.keep_with_next = keep_with_next
    return style


def set_theme_fonts_off(style) -> None:
    """Heading styles in python-docx's template use theme fonts; pin them to FONT instead."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)


def build() -> docx.Document:
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.1)

    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_language(type("Holder", (), {"get_or_add_rPr": lambda self: run_defaults})())

    normal = paragraph_style(document, "Normal", size=11, after=6)
    set_theme_fonts_off(normal)
    normal.paragraph_format.line_spacing = 1.08
    for name, size, before, after in (("Heading 1", 15, 20, 6), ("Heading 2", 12.5, 14, 4),
                                      ("Heading 3", 11.5, 10, 3)):
        style = paragraph_style(document, name, size=size, bold=True, color=ACCENT, before=before,
                                after=after, keep_with_next=True)
        set_theme_fonts_off(style)
        style.font.italic = False
    for name, size, color in (("Title", 28, ACCENT), ("Subtitle", 14, GREY)):
        style = paragraph_style(document, name, size=size, color=color, after=8)
        set_theme_fonts_off(style)
        style.font.italic = False
        style.font.bold = name == "Title"
    paragraph_style(document, "Underoverskrift", size=11, bold=True, color=ACCENT, before=10, after=2,
                    keep_with_next=True)
    paragraph_style(document, "Forsidetekst", size=13, after=4)
    paragraph_style(document, "Bilagsliste", size=11, after=2).paragraph_format.left_indent = Cm(0.6)
    paragraph_style(document, "Note", size=9.5, color=GREY, after=4).font.italic = True
    toc_heading = paragraph_style(document, "TOC Heading", base="Heading 1", size=15, bold=True,
                                  color=ACCENT, before=0, after=12)
    set_theme_fonts_off(toc_heading)
    for level, (indent, bold) in enumerate(((0.0, False), (0.6, False)), start=1):
        style = paragraph_style(document, f"toc {level}", size=11, bold=bold, before=6 if level == 1 else 0,
                                after=2)
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)
    for name in ("Header", "Footer"):
        style = paragraph_style(document, name, size=9, color=GREY)
        style.paragraph_format.tab_stops.clear_all()
        style.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    paragraph_style(document, "Caption", size=9.5, color=GREY, after=10).font.italic = True

    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        settings.append(theme_lang)
    theme_lang.set(qn("w:val"), "da-DK")
    for tag, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag))
        if element is not None:
            element.set(qn("w:val"), value)

    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    properties = document.core_properties
    properties.title = ""
    properties.author = "kkrdesk"
    properties.language = "da-DK"
    properties.comments = ""
    properties.keywords = ""
    properties.last_modified_by = "kkrdesk"
    return document


def main() -> int:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_bytes(docx_bytes(build(), date_time=ZIP_TIME))
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
