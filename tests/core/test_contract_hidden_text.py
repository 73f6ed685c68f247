"""Text nobody sees is no contract text: hidden Word text and invisible or off-page PDF text are skipped."""

import docx
import pikepdf
import pytest
from docx.oxml import parse_xml
from reportlab.pdfgen import canvas

from kkrdesk.core.contracts.reading import read_document
from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import BadFileError
from tests.contract_factory import clean, with_values, write_docx, write_pdf

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
GOAL_4 = ("Mål 4: Erhvervshusets knudepunktsfunktion",
          "Mindst 50 procent af de henviste virksomheder skal have brugt en eller flere "
          "henvisninger.")
WITHOUT_GOAL_4 = clean(order=(1, 2, 3, 5, 6))


def significant(review):
    return [(f.code, f.goal) for f in review.findings if f.code != "local-goal"]


def paragraph(text, run_props="", mark_props="", style=""):
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    mark_xml = f"<w:rPr>{mark_props}</w:rPr>" if mark_props else ""
    return parse_xml(f'<w:p {W_NS}><w:pPr>{style_xml}{mark_xml}</w:pPr><w:r><w:rPr>{run_props}'
                     f'</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')


def add_style(document, xml):
    document.styles.element.append(parse_xml(xml.replace("<w:style ", f"<w:style {W_NS} ", 1)))


def contract_with(tmp_path, name, paragraphs, spec=WITHOUT_GOAL_4, styles=()):
    """The generated contract with ``paragraphs`` put in after the "Nationale mål" heading."""
    path = write_docx(spec, tmp_path / f"{name}.docx")
    document = docx.Document(str(path))
    for xml in styles:
        add_style(document, xml)
    anchor = next(p for p in document.paragraphs if p.text == "Nationale mål")._p
    for element in reversed([p(document) if callable(p) else p for p in paragraphs]):
        anchor.addnext(element)
    document.save(str(path))
    return path


@pytest.mark.parametrize(("name", "props"), [
    ("vanish", "<w:vanish/>"),
    ("vanish-on", '<w:vanish w:val="true"/>'),
    ("web-hidden", "<w:webHidden/>"),
])
def test_a_goal_formatted_hidden_is_missing(tmp_path, name, props):
    path = contract_with(tmp_path, name, [paragraph(text, props, props) for text in GOAL_4])
    assert significant(review_contract(path)) == [("goal-missing", 4)]


def test_a_goal_hidden_by_its_character_style_is_missing(tmp_path):
    style = ('<w:style w:type="character" w:styleId="Skjult"><w:name w:val="Skjult"/>'
             "<w:rPr><w:vanish/></w:rPr></w:style>")
    hidden = [paragraph(text, '<w:rStyle w:val="Skjult"/>') for text in GOAL_4]
    path = contract_with(tmp_path, "char-style", hidden, styles=[style])
    assert significant(review_contract(path)) == [("goal-missing", 4)]


def test_a_goal_hidden_by_a_paragraph_style_it_inherits_is_missing(tmp_path):
    styles = ['<w:style w:type="paragraph" w:styleId="Noter"><w:name w:val="Noter"/>'
              "<w:rPr><w:vanish/></w:rPr></w:style>",
              '<w:style w:type="paragraph" w:styleId="Kladde"><w:name w:val="Kladde"/>'
              '<w:basedOn w:val="Noter"/></w:style>']
    hidden = [paragraph(text, style="Kladde") for text in GOAL_4]
    path = contract_with(tmp_path, "para-style", hidden, styles=styles)
    assert significant(review_contract(path)) == [("goal-missing", 4)]


def test_direct_formatting_can_show_what_the_style_hides(tmp_path):
    style = ('<w:style w:type="paragraph" w:styleId="Noter"><w:name w:val="Noter"/>'
             "<w:rPr><w:vanish/></w:rPr></w:style>")
    shown_props = '<w:vanish w:val="0"/>'
    shown = [paragraph(text, shown_props, shown_props, style="Noter") for text in GOAL_4]
    path = contract_with(tmp_path, "shown", shown, styles=[style])
    assert significant(review_contract(path)) == []


def test_a_hidden_number_inside_a_visible_sentence_is_not_the_target(tmp_path):
    sentence = parse_xml(
        f'<w:p {W_NS}><w:r><w:t xml:space="preserve">Mindst </w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">50 procent, dog i praksis </w:t>'
        '</w:r><w:r><w:t xml:space="preserve">40 procent af de henviste virksomheder skal have '
        "brugt en eller flere henvisninger.</w:t></w:r></w:p>")
    path = contract_with(tmp_path, "inline", [paragraph(GOAL_4[0]), sentence])
    assert significant(review_contract(path)) == [("target-below-national", 4)]


def test_a_hidden_paragraph_mark_joins_visible_text_to_the_next_paragraph(tmp_path):
    path = contract_with(tmp_path, "mark", [paragraph("Mål 4: Erhvervshusets", "",
                                                      "<w:vanish/>"),
                                            paragraph("knudepunktsfunktion")])
    texts = [b.text for b in read_document(path).blocks]
    assert "Mål 4: Erhvervshusets knudepunktsfunktion" in texts


def test_hidden_text_in_a_table_cell_and_a_text_box_is_skipped(tmp_path):
    box = (f'<w:p {W_NS} xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
           'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
           '<w:r><w:rPr><w:vanish/></w:rPr><w:drawing><wp:anchor><a:graphic><a:graphicData>'
           "<wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Skjult tekstfelt</w:t></w:r></w:p>"
           "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
           "</w:drawing></w:r></w:p>")
    table = parse_xml(
        f'<w:tbl {W_NS}><w:tr><w:tc><w:p><w:r><w:t>Synlig celle</w:t></w:r>'
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> skjult hale</w:t></w:r></w:p>'
        "</w:tc></w:tr></w:tbl>")
    path = contract_with(tmp_path, "cell-box", [parse_xml(box), table])
    texts = [b.text for b in read_document(path).blocks]
    assert "Synlig celle" in texts
    assert not any("Skjult tekstfelt" in t or "skjult hale" in t for t in texts)


# ---------------------------------------------------------------- PDF


def overlay_pdf(path, pdf_path, draw, crop_bottom=None):
    """Draw on page 1 of ``pdf_path`` with a reportlab canvas, through pikepdf."""
    layer = path.parent / f"{path.stem}-layer.pdf"
    page = canvas.Canvas(str(layer), pagesize=(595.2756, 841.8898))
    draw(page)
    page.save()
    with pikepdf.open(pdf_path) as pdf, pikepdf.open(layer) as overlay:
        pdf.pages[0].add_overlay(overlay.pages[0])
        if crop_bottom is not None:
            pdf.pages[0].CropBox = [0, crop_bottom, 595.2756, 841.8898]
        pdf.save(path)
    return path


def goal_4_lines(page, x, y, mode=0):
    text = page.beginText(x, y)
    text.setFont("Helvetica", 10)
    text.setTextRenderMode(mode)
    for line in GOAL_4:
        text.textLine(line)
    page.drawText(text)


def test_pdf_text_drawn_invisible_is_not_read(tmp_path):
    base = write_pdf(WITHOUT_GOAL_4, tmp_path / "base.pdf")
    path = overlay_pdf(tmp_path / "invisible.pdf", base, lambda c: goal_4_lines(c, 72, 60, mode=3))
    assert significant(review_contract(path)) == [("goal-missing", 4)]


def test_pdf_text_drawn_visible_is_read(tmp_path):
    base = write_pdf(WITHOUT_GOAL_4, tmp_path / "base.pdf")
    path = overlay_pdf(tmp_path / "visible.pdf", base, lambda c: goal_4_lines(c, 72, 60))
    assert significant(review_contract(path)) == []


@pytest.mark.parametrize(("name", "x", "y", "crop"), [
    ("left-of-page", -700, 400, None),
    ("below-page", 72, -200, None),
    ("cropped-away", 72, 60, 100),
])
@pytest.mark.slow
def test_pdf_text_outside_the_shown_page_is_not_read(tmp_path, name, x, y, crop):
    base = write_pdf(WITHOUT_GOAL_4, tmp_path / "base.pdf")
    path = overlay_pdf(tmp_path / f"{name}.pdf", base, lambda c: goal_4_lines(c, x, y),
                       crop_bottom=crop)
    assert significant(review_contract(path)) == [("goal-missing", 4)]


def test_an_invisible_number_on_a_visible_line_is_skipped(tmp_path):
    spec = with_values(g3=65)
    base = write_pdf(spec, tmp_path / "base.pdf")

    def draw(page):
        text = page.beginText(72, 60)
        text.setFont("Helvetica", 10)
        text.setTextRenderMode(3)
        text.textLine("Mål 3: Virksomhedernes tilfredshed. NPS på mindst 70.")
        page.drawText(text)

    path = overlay_pdf(tmp_path / "number.pdf", base, draw)
    assert significant(review_contract(path)) == [("target-below-national", 3)]


@pytest.mark.parametrize(("image_size", "read"), [((595, 842), True), ((120, 80), False)])
def test_invisible_text_counts_only_over_a_scanned_page(tmp_path, image_size, read):
    """OCR lays invisible text over the page's picture; without such a picture it is hidden text."""
    import subprocess

    picture = tmp_path / "side.png"
    subprocess.run(["convert", "-size", "200x280", "xc:white", str(picture)], check=True)
    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path), pagesize=(595.2756, 841.8898))
    page.drawImage(str(picture), 0, 0, width=image_size[0], height=image_size[1])
    text = page.beginText(72, 700)
    text.setFont("Helvetica", 10)
    text.setTextRenderMode(3)
    text.textLine("Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland")
    page.drawText(text)
    page.save()
    if read:
        assert read_document(path).blocks[0].text.startswith("Resultatkontrakt 2025")
    else:
        with pytest.raises(BadFileError):
            read_document(path)
