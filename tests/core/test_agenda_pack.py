"""The Word agenda pack (issue 19.5): references in item texts, page pictures, Word bilag's own sections, size."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from PIL import Image, ImageDraw

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.page_images import SIZE_BUDGET_FACTOR, encode_page
from kkrdesk.core.meeting.store import read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting

EMU_PER_INCH = 914400
FONT = Path(__file__).resolve().parents[2] / "kkrdesk" / "core" / "export" / "fonts" / "Carlito-Regular.ttf"


def export_pack(folder: Path, target: Path, *, agenda_pack: bool = True) -> Path:
    """Export; the preflight's complaint about "bilag 7" (a reference on purpose to nothing) is overridden."""
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=target, use_libreoffice=False,
                                                           agenda_pack=agenda_pack, override=True), extras=[])
    assert not [p for p in result.problems if p.code == "agenda-pack-bilag"], result.problems
    return target


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def section_after(element):
    """The section properties that govern ``element``: the next paragraph's sectPr, else the body's."""
    for following in element.itersiblings(qn("w:p")):
        found = following.find(qn("w:pPr") + "/" + qn("w:sectPr"))
        if found is not None:
            return found
    return element.getparent().find(qn("w:sectPr"))


def header_texts(document, properties) -> list[str]:
    part = document.part
    return [text_of(part.related_parts[r.get(qn("r:id"))].element)
            for r in properties.findall(qn("w:headerReference"))]


def body_paragraph(document, shape_or_paragraph):
    element = shape_or_paragraph
    while element.getparent() is not document.element.body:
        element = element.getparent()
    return element


# ------------------------------------------------------------------ generated bilag
def dense_pdf(path: Path, pages: int, *, landscape_pages: tuple[int, ...] = (), figures: bool = False) -> Path:
    """A text PDF the way office programs write them: an embedded font subset, full pages of text
    (with ``figures``: a 10 × 7 cm colour picture at the top of every page, as in a report)."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("CarlitoTest", str(FONT)))
    words = ["kommunerne", "samarbejder", "om", "trafik", "uddannelse", "erhvervsfremme", "og", "sundhed",
             "i", "regionen", "følger", "op", "på", "de", "aftalte", "mål"]
    drawing = canvas.Canvas(str(path), invariant=1)
    chance = random.Random(7)
    for number in range(1, pages + 1):
        size = (841.89, 595.28) if number in landscape_pages else (595.28, 841.89)
        drawing.setPageSize(size)
        drawing.setFont("CarlitoTest", 16)
        drawing.drawString(60, size[1] - 70, f"Kapitel {number}: {'Bred tabel' if number in landscape_pages else 'Notat'}")
        top = size[1] - 100
        if figures:
            picture = io.BytesIO()
            _photo((400, 267), seed=number).save(picture, format="JPEG", quality=80)
            drawing.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 60, size[1] - 330, 300, 200)
            top = size[1] - 360
        drawing.setFont("CarlitoTest", 10.5)
        for line in range(int((top - 60) / 14)):
            drawing.drawString(60, top - line * 14,
                               " ".join(chance.choice(words) for _ in range(int(size[0] / 45))))
        drawing.drawString(60, 40, f"Side {number} af {pages}")
        drawing.showPage()
    drawing.save()
    return path


def _photo(size: tuple[int, int], seed: int):
    """A smooth colour picture (blurred noise, the same for the same seed)."""
    chance = random.Random(seed)
    small = (size[0] // 8, size[1] // 8)
    base = Image.frombytes("L", small, bytes(chance.randrange(40, 220) for _ in range(small[0] * small[1])))
    base = base.resize(size, Image.BICUBIC)
    return Image.merge("RGB", (base, base.rotate(180), base.transpose(Image.FLIP_LEFT_RIGHT)))


def photo_pdf(path: Path, pages: int) -> Path:
    """A scanned-looking PDF: every page one colour photograph at 150 dpi as a JPEG."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), invariant=1)
    for number in range(pages):
        data = io.BytesIO()
        _photo((1240, 1754), seed=100 + number).save(data, format="JPEG", quality=75)
        drawing.drawImage(ImageReader(io.BytesIO(data.getvalue())), 0, 0, 595.28, 841.89)
        drawing.showPage()
    drawing.save()
    return path


def word_bilag(path: Path) -> Path:
    """A Word bilag with its own header (with a logo), footer, Title style, and a landscape section."""
    document = docx.Document()
    title = document.styles["Title"]
    title.font.size = Pt(30)
    title.font.color.rgb = RGBColor(0x80, 0x00, 0x00)
    section = document.sections[0]
    logo = io.BytesIO()
    Image.new("RGB", (60, 20), (200, 0, 0)).save(logo, format="PNG")
    header = section.header.paragraphs[0]
    header.text = "Notatets eget sidehoved "
    header.add_run().add_picture(io.BytesIO(logo.getvalue()), width=Cm(1.5))
    section.footer.paragraphs[0].text = "Notatets egen sidefod"
    document.add_paragraph("Notat om samarbejdet", style="Title")
    document.add_paragraph("Første afsnit af notatet.")
    wide = document.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = section.page_height, section.page_width
    wide.header.is_linked_to_previous = False
    wide.header.paragraphs[0].text = "Bred tabel – eget sidehoved"
    document.add_paragraph("Tabellen står på tværs.")
    document.save(str(path))
    return path


# ------------------------------------------------------------------ references in item texts
@pytest.fixture(scope="module")
def referring(tmp_path_factory):
    root = tmp_path_factory.mktemp("refs")
    folder = make_meeting(root / "møde", [
        ItemSpec("1", "Trafik", bilag=[BilagSpec("Udspil", 2), BilagSpec("Høring", 1),
                                       BilagSpec("Data", kind="csv")],
                 sagsfremstilling="Se bilag 1 og 2. Tallene står i bilag 3, og bilag 7 findes ikke.\n\n"
                                  "- budgettet, jf. bilag 1 til punkt 2.3"),
        ItemSpec("2.3", "Budget", bilag=[BilagSpec("Budgetnotat", 1)])])
    return folder, root


@pytest.mark.slow
def test_item_text_references_become_links_with_their_page_in_the_agenda_pack(referring):
    folder, root = referring
    document = docx.Document(str(export_pack(folder, root / "pakke.docx")))
    body = document.element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    links = [(link.get(qn("w:anchor")), text_of(link)) for link in body.iter(qn("w:hyperlink"))]
    assert links == [("kkr_bilag_1_1", "bilag 1 og 2"), ("kkr_bilag_2_3_1", "bilag 1 til punkt 2.3")]
    pagerefs = [re.match(r"\s*PAGEREF (\S+) \\h", t.text).group(1) for t in body.iter(qn("w:instrText"))
                if "PAGEREF" in t.text]
    assert {anchor for anchor, _ in links} | set(pagerefs) <= bookmarks      # every reference resolves
    paragraphs = [text_of(p) for p in body.iter(qn("w:p"))]
    assert "Se bilag 1 og 2 (side ? og ?). Tallene står i bilag 3, og bilag 7 findes ikke." in paragraphs
    assert "budgettet, jf. bilag 1 til punkt 2.3 (side ?)" in paragraphs
    sentence = next(p for p in body.iter(qn("w:p")) if text_of(p).startswith("Se bilag 1 og 2"))
    targets = [re.search(r"PAGEREF (\S+)", t.text).group(1) for t in sentence.iter(qn("w:instrText"))]
    assert targets == ["kkr_bilag_1_1", "kkr_bilag_1_2"]


def test_the_plain_agenda_keeps_item_texts_as_written(referring):
    folder, root = referring
    document = docx.Document(str(export_pack(folder, root / "dagsorden.docx", agenda_pack=False)))
    body = document.element.body
    assert not list(body.iter(qn("w:hyperlink")))
    paragraphs = [text_of(p) for p in body.iter(qn("w:p"))]
    assert "Se bilag 1 og 2. Tallene står i bilag 3, og bilag 7 findes ikke." in paragraphs
    assert "budgettet, jf. bilag 1 til punkt 2.3" in paragraphs


# ------------------------------------------------------------------ PDF pages as pictures
@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    pdf = dense_pdf(root / "notat.pdf", 3, landscape_pages=(2,))
    folder = make_meeting(root / "møde", [ItemSpec("1", "Trafik", bilag=[BilagSpec("Notat", source=pdf)]),
                                          ItemSpec("2", "Budget", bilag=[])])
    return docx.Document(str(export_pack(folder, root / "pakke.docx")))


def test_pdf_pages_fill_the_text_width_at_200_dpi_with_their_text_as_alt_text(pictured):
    document = pictured
    shapes = list(document.inline_shapes)
    assert len(shapes) == 3
    text_width = Cm(16.5)
    for number, shape in enumerate(shapes, start=1):
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        image = Image.open(io.BytesIO(document.part.related_parts[blip.embed].blob))
        assert image.width / (shape.width / EMU_PER_INCH) >= 199.5        # 200 dpi as printed
        description = shape._inline.docPr.get("descr")
        assert description.startswith(f"Bilag 1: Notat, side {number} af 3: Kapitel {number}")
        assert f"Side {number} af 3" in description
    portrait, landscape = shapes[0], shapes[1]
    assert abs(portrait.width - text_width) < Cm(0.01)                       # the full text width
    assert landscape.width > text_width and landscape.width > landscape.height


def test_landscape_pages_stand_in_a_landscape_section_with_the_agendas_header(pictured):
    document = pictured
    shapes = list(document.inline_shapes)
    orientations = [section_after(body_paragraph(document, s._inline)).find(qn("w:pgSz")).get(qn("w:orient"))
                    for s in shapes]
    assert orientations == [None, "landscape", None]
    for shape in shapes:
        properties = section_after(body_paragraph(document, shape._inline))
        assert any("Dagsorden, 27. februar 2025" in t for t in header_texts(document, properties))
    item_2 = next(p for p in document.paragraphs if p.text == "2 Beslutningssag: Budget")
    assert section_after(item_2._p).find(qn("w:pgSz")).get(qn("w:orient")) is None


@pytest.mark.slow
def test_a_pack_ending_in_a_bilag_ends_without_an_empty_section(tmp_path):
    pdf = dense_pdf(tmp_path / "tabel.pdf", 2, landscape_pages=(2,))
    word = word_bilag(tmp_path / "notat.docx")
    for name, spec in (("pdf", BilagSpec("Tabel", source=pdf)), ("word", BilagSpec("Notat", kind="docx", source=word))):
        folder = make_meeting(tmp_path / name, [ItemSpec("1", "Trafik", bilag=[spec])])
        document = docx.Document(str(export_pack(folder, tmp_path / f"{name}.docx")))
        body = document.element.body
        last = body.sectPr.getprevious()
        assert text_of(last) or last.xpath(".//w:drawing"), name         # no empty paragraph left at the end
        assert not last.xpath("./w:pPr/w:sectPr"), name                  # and no break after it
        assert body.sectPr.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape", name
        if name == "word":
            assert header_texts(document, body.sectPr) == ["Bred tabel – eget sidehoved"]


@pytest.mark.parametrize("kind, allowance, expected", [
    ("text", 10_000, "png-bw"), ("text-shaded", 1_000_000, "png-grey"), ("colour", 1_000_000, "colour"),
    ("colour", 1_000, "png-bw"), ("photo", 1_000_000, "colour"), ("photo-grey", 1_000_000, "jpeg"),
    ("text-picture", 1_000_000, "jpeg"), ("text-picture", 150_000, "png-grey16"), ("text-picture", 1_000, "png-grey")])
@pytest.mark.slow
def test_each_page_gets_the_most_faithful_encoding_its_allowance_holds(kind, allowance, expected):
    page = Image.new("RGB", (1300, 1838), "white")
    draw = ImageDraw.Draw(page)
    if kind == "text-picture":
        page.paste(_photo((600, 400), seed=3).convert("L").convert("RGB"), (100, 1000))
    if kind.startswith("photo"):
        noise = Image.effect_noise((325, 460), 70).resize(page.size, Image.BICUBIC)
        page = Image.merge("RGB", (noise, noise.rotate(180), noise)) if kind == "photo" else noise.convert("RGB")
    else:
        if kind == "text-shaded":
            draw.rectangle((100, 300, 1200, 900), fill=(235, 235, 235))
        if kind == "colour":
            draw.rectangle((100, 300, 1200, 500), fill=(20, 60, 160))
        for line in range(60):
            draw.text((120, 120 + line * 26), "kommunerne samarbejder om trafik og uddannelse " * 2, fill="black")
    name, data = encode_page(page, allowance)
    assert name == expected
    assert len(data) <= allowance or allowance <= 10_000         # the last resort, whatever it weighs
    decoded = Image.open(io.BytesIO(data))
    if kind == "text-shaded":
        assert decoded.convert("L").getpixel((1150, 850)) == 224       # the shaded box stays shaded
    if kind == "text-picture":                                        # never black-and-white blots
        assert len(decoded.convert("L").crop((150, 1050, 650, 1350)).getcolors()) >= 3
    if kind == "colour" and expected == "colour":
        red, _, blue = decoded.convert("RGB").getpixel((1150, 400))
        assert blue > red + 80                                         # the blue band stays blue


# ------------------------------------------------------------------ Word bilag in their own sections
@pytest.fixture(scope="module")
def with_word_bilag(tmp_path_factory):
    root = tmp_path_factory.mktemp("word")
    source = word_bilag(root / "notat.docx")
    folder = make_meeting(root / "møde", [
        ItemSpec("1", "Samarbejde", bilag=[BilagSpec("Notat", kind="docx", source=source)]),
        ItemSpec("2", "Budget", bilag=[])])
    return docx.Document(str(export_pack(folder, root / "pakke.docx")))


def test_word_bilag_keep_their_headers_footers_and_orientation(with_word_bilag):
    document = with_word_bilag
    paragraphs = {text_of(p): p for p in document.element.body.iter(qn("w:p"))}
    first = section_after(paragraphs["Første afsnit af notatet."])
    assert header_texts(document, first) == ["Notatets eget sidehoved "]
    footer = document.part.related_parts[first.find(qn("w:footerReference")).get(qn("r:id"))]
    assert text_of(footer.element) == "Notatets egen sidefod"
    header = document.part.related_parts[first.find(qn("w:headerReference")).get(qn("r:id"))]
    logo = header.element.xpath(".//a:blip/@r:embed")
    assert logo and header.related_parts[logo[0]].content_type == "image/png"     # the header's picture came along
    assert first.find(qn("w:pgNumType")) is None       # the agenda's page numbers run on
    wide = section_after(paragraphs["Tabellen står på tværs."])
    assert wide.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"
    assert header_texts(document, wide) == ["Bred tabel – eget sidehoved"]
    # the bilag's heading opens its first section; the next item is back in the agenda's own
    assert section_after(paragraphs["Bilag 1: Notat"]) is first
    after = section_after(paragraphs["2 Beslutningssag: Budget"])
    assert any(t.startswith("KKR Sjælland") for t in header_texts(document, after))


def test_word_bilag_keep_their_own_title_style(with_word_bilag):
    document = with_word_bilag
    title = next(p for p in document.paragraphs if p.text == "Notat om samarbejdet")
    assert title.style.style_id != "Title"                         # not the agenda's Title
    assert title.style.font.size == Pt(30) and title.style.font.color.rgb == RGBColor(0x80, 0, 0)
    agenda_title = next(p for p in document.paragraphs if p.text == "Dagsorden")
    assert agenda_title.style.style_id == "Title" and agenda_title.style.font.size != Pt(30)


# ------------------------------------------------------------------ size
@pytest.mark.slow
def test_the_agenda_pack_keeps_within_three_times_its_bilag_files(tmp_path):
    sources = [dense_pdf(tmp_path / "rapport.pdf", 8, figures=True), photo_pdf(tmp_path / "scan.pdf", 1),
               word_bilag(tmp_path / "notat.docx")]
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Samarbejde", bilag=[BilagSpec("Notat", source=sources[0]),
                                           BilagSpec("Underskrevet aftale", source=sources[1])]),
        ItemSpec("2", "Budget", bilag=[BilagSpec("Notat", kind="docx", source=sources[2])])])
    target = export_pack(folder, tmp_path / "pakke.docx")
    bilag_bytes = sum(path.stat().st_size for path in sources)
    assert target.stat().st_size <= SIZE_BUDGET_FACTOR * bilag_bytes, (target.stat().st_size, bilag_bytes)
    with zipfile.ZipFile(target) as archive:
        pictures = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(pictures) >= 8 + 1
