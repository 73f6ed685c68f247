"""The sample bilag's layout: tables and panels on the text block, header words whole, contract paging."""

import shutil
import subprocess
from pathlib import Path

import docx
import numpy as np
import pytest
from docx.oxml.ns import qn
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tests.conftest import ROOT

BILAG = ROOT / "agendas" / "kkr-sjaelland-2025-02" / "bilag"
REPORT_DOCX = BILAG / "2.2-bilag-2-kkr-evaluering-2025.docx"
CONTRACT_DOCX = BILAG / "resultatkontrakt-2025-kkr-sjaelland-erhvervshus-sjaelland.docx"
PDFS = ("2.2-bilag-1-opsamling-kkr-undersoegelse-2025.pdf", "2.4-bilag-1-udspil-kollektiv-trafik.pdf",
        "2.7-bilag-1-rammeaftale-erhvervshusene-2024-2027.pdf")
TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_TWIPS = 108          # Word's default left and right cell margin
TEXT_WIDTH_MM = 160              # A4 less 25 mm margins, in every sample bilag
CARLITO_BOLD = ("/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
                "/usr/share/fonts/crosextra/Carlito-Bold.ttf")


def _twips(element, name: str) -> int | None:
    found = element.find(qn(name))
    return None if found is None else int(found.get(qn("w:w")))


def test_data_report_tables_and_panels_stand_exactly_on_the_text_block():
    """Legacy table layout puts the first cell's text on the margin; the indent moves the edge there,
    and no table is wider than the text block."""
    document = docx.Document(str(REPORT_DOCX))
    assert document.tables
    for table in document.tables:
        properties = table._tbl.tblPr
        assert _twips(properties, "w:tblInd") == CELL_MARGIN_TWIPS
        widths: list[int] = [int(col.get(qn("w:w")) or 0) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        grid = sum(widths)
        assert grid <= TEXT_WIDTH_MM * TWIPS_PER_MM + len(table.columns)   # whole-twip rounding per column


def test_data_report_header_words_fit_their_columns():
    font = next((path for path in CARLITO_BOLD if Path(path).exists()), None)
    assert font, "Carlito (fonts-crosextra-carlito) is needed; tools/system-packages.sh installs it"
    pdfmetrics.registerFont(TTFont("Carlito-Bold-test", font))
    document = docx.Document(str(REPORT_DOCX))
    for table in document.tables:
        for cell in table.rows[0].cells:
            room_mm = (cell.width.twips - 2 * CELL_MARGIN_TWIPS) / TWIPS_PER_MM
            for run in cell.paragraphs[0].runs:
                size = run.font.size.pt if run.font.size else 11
                for word in run.text.replace("-", "- ").split():
                    width_mm = pdfmetrics.stringWidth(word, "Carlito-Bold-test", size) / 72 * 25.4
                    assert width_mm <= room_mm, f"{word!r} ({width_mm:.1f} mm) breaks in a {room_mm:.1f} mm cell"


@pytest.mark.parametrize("name", PDFS)
@pytest.mark.slow
def test_pdf_shading_stays_inside_the_margins(tmp_path, name):
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm (poppler-utils) is needed; tools/system-packages.sh installs it"
    dpi = 100
    subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(BILAG / name), str(tmp_path / "page")], check=True)
    left = 25 / 25.4 * dpi
    right = (210 - 25) / 25.4 * dpi
    for page in sorted(tmp_path.glob("page-*.png")):
        pixels = np.asarray(Image.open(page).convert("RGB")).astype(int)
        colour = (abs(pixels[..., 0] - pixels[..., 1]) + abs(pixels[..., 1] - pixels[..., 2])) > 6
        columns = np.flatnonzero(colour.any(axis=0))
        assert columns.min() >= int(left) - 1 and columns.max() <= int(right) + 1, (
            page.name, columns.min(), columns.max(), left, right)


def test_contract_repeats_its_table_header_and_numbers_its_pages():
    document = docx.Document(str(CONTRACT_DOCX))
    goals = next(t for t in document.tables if t.rows[0].cells[0].text == "Mål")
    header = goals.rows[0]._tr.trPr
    assert header is not None and header.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None for row in goals.rows[1:])
    footer = document.sections[0].footer._element
    codes = [code.text.strip() for code in footer.iter(qn("w:instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert len(list(footer.iter(qn("w:fldChar")))) == 6
