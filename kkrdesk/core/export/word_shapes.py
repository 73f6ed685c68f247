"""Word pictures and tables the way publishing needs them: alt text, bounded height, header rows, width."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu

if TYPE_CHECKING:
    from docx.shape import InlineShape
    from docx.table import Table, _Row


def set_alt_text(shape: InlineShape, text: str) -> None:
    """The picture's alternative text (``wp:docPr/@descr``), what a screen reader says instead of it.
    Characters XML cannot hold (control codes some PDFs' text carries) are left out."""
    shape._inline.docPr.set("descr", " ".join("".join(c for c in text if _xml_char(c)).split()))


def _xml_char(char: str) -> bool:
    code = ord(char)
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or code >= 0x10000


def fit_height(shape: InlineShape, max_height_cm: float) -> None:
    """Shrink a picture evenly so it is at most ``max_height_cm`` tall: a tall chart then fits
    on the page it follows instead of leaving that page half empty."""
    limit = Cm(max_height_cm)
    if shape.height > limit:
        shape.width = Emu(int(shape.width * limit / shape.height))
        shape.height = limit


def repeat_as_header(row: _Row) -> None:
    """Repeat the row at the top of every page the table runs onto (and mark it as the header)."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


CELL_MARGIN_DXA = 108     # Word's default left cell margin (0.19 cm), also Table Grid's


def fix_table_width(table: Table, width_cm: float) -> None:
    """A fixed layout ``width_cm`` wide, indented by one cell margin: inside the text block both
    where Word 2013+ puts the border (at the indent) and where LibreOffice does (a cell margin
    further left)."""
    properties = table._tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblInd"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(width_cm / 2.54 * 1440)))
    width.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(CELL_MARGIN_DXA))
    indent.set(qn("w:type"), "dxa")
    for element in (width, indent, layout):   # schema order: tblW, jc, ..., tblInd, ..., tblLayout
        properties.append(element)


def table_width_cm(text_width_cm: float) -> float:
    """The width a table gets so that, indented by a cell margin, it ends at the right margin."""
    return text_width_cm - CELL_MARGIN_DXA / 1440 * 2.54
