"""The bilag pack PDF: index numbers, separators, outline, links, labels, footers that never cover text."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.footer_stamp import FOOTER_STRIP, PRINT_SAFE_EDGE
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.model import Bilag
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, make_pdf, seed_like_items

SEED_NUMBERS = [2, 2, 11, 29, 29, 39, 39]


def export_pack(folder: Path, target: Path, **options):
    meeting, _ = read_meeting(folder)
    return export_meeting(folder, meeting, ExportOptions(pdf=target, use_libreoffice=False, **options))


def page_texts(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def index_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", text, flags=re.MULTILINE)]


@pytest.fixture(scope="module")
def seed_pack(tmp_path_factory):
    root = tmp_path_factory.mktemp("seedpack")
    folder = make_meeting(root / "møde", seed_like_items())
    result = export_pack(folder, root / "bilag.pdf")
    return folder, result


def test_index_prints_the_published_page_numbers(seed_pack):
    _, result = seed_pack
    texts = page_texts(result.pdf)
    assert texts[0].startswith("Indholdsfortegnelse for bilag")
    assert index_numbers(texts[0]) == SEED_NUMBERS
    assert "2.1" not in texts[0] and "2.8" not in texts[0]  # items without bilag are left out
    assert result.bilag_pages == {"2.2/1": 2, "2.2/2": 11, "2.4/1": 29, "2.7/1": 39}
    assert result.total_pages == len(texts) == 62


def test_each_bilag_follows_a_separator_with_its_item_heading(seed_pack):
    _, result = seed_pack
    texts = page_texts(result.pdf)
    assert "2.2 Temadrøftelse" in texts[10] and "Bilag 2: Evaluering 2025" in texts[10]
    assert "Evaluering 2025 side 1 af 17" in texts[11]
    assert "Evaluering 2025 side 17 af 17" in texts[27]
    assert "2.4 Temadrøftelse" in texts[28]


def test_every_page_carries_the_running_footer(seed_pack):
    _, result = seed_pack
    texts = page_texts(result.pdf)
    assert "Indholdsfortegnelse · side 1 af 62" in texts[0]
    assert "2.2 Temadrøftelse · Bilag 2 · side 14 af 62" in texts[13]
    for number, text in enumerate(texts, start=1):
        assert f"side {number} af 62" in text


def test_outline_has_one_entry_per_item_and_bilag_pointing_at_the_separators(seed_pack):
    _, result = seed_pack
    with pikepdf.open(result.pdf) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as outline:
            found = [(item.title, pages[item.destination[0].objgen],
                      [(child.title, pages[child.destination[0].objgen]) for child in item.children])
                     for item in outline.root]
    assert found == [
        ("2.2 Temadrøftelse: Rammerne for det fremtidige samarbejde i KKR", 2,
         [("Bilag 1: Opsamling på undersøgelsen", 2), ("Bilag 2: Evaluering 2025", 11)]),
        ("2.4 Temadrøftelse: Den kollektive trafik i fremtiden", 29, [("Bilag 1: Udspil om kollektiv trafik", 29)]),
        ("2.7 Orienteringssag: Rammeaftale for erhvervshusene", 39, [("Bilag 1: Rammeaftale 2024-2027", 39)]),
    ]


def test_index_lines_are_links_to_the_pages_they_print(seed_pack):
    _, result = seed_pack
    with pikepdf.open(result.pdf) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        links = sorted((-float(a.Rect[3]), pages[a.Dest[0].objgen]) for a in pdf.pages[0].obj.Annots
                        if a.Subtype == "/Link")
    assert [target for _, target in links] == SEED_NUMBERS


def test_page_labels_match_the_printed_page_numbers(seed_pack):
    _, result = seed_pack
    with pikepdf.open(result.pdf) as pdf:
        assert [pdf.pages[i].label for i in (0, 1, 13, 61)] == ["1", "2", "14", "62"]
        assert str(pdf.docinfo["/Title"]).startswith("Bilag – Møde i KKR Sjælland")
        assert pdf.Root.Lang == "da-DK"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_check_passes(seed_pack):
    _, result = seed_pack
    check = subprocess.run(["qpdf", "--check", str(result.pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def _text_boxes(path: Path, page_index: int) -> list[tuple[str, float, float]]:
    """(text, bottom, top) of every text run on a page, in the page's visible coordinates."""
    document = pypdfium2.PdfDocument(str(path))
    page = document[page_index]
    text_page = page.get_textpage()
    boxes = []
    for index in range(text_page.count_rects()):
        left, bottom, right, top = text_page.get_rect(index)
        boxes.append((text_page.get_text_bounded(left, bottom, right, top), bottom, top))
    text_page.close()
    page.close()
    document.close()
    return boxes


def test_the_footer_sits_below_the_bilags_own_bottom_line(seed_pack):
    _, result = seed_pack
    boxes = _text_boxes(result.pdf, 2)  # the first page of bilag 2.2/1
    own = [b for b in boxes if "side 1 af 8" in b[0]]
    footer = [b for b in boxes if "side 3 af 62" in b[0]]
    assert own and footer
    assert own[0][1] > FOOTER_STRIP - 1       # the bilag's text was lifted out of the strip
    assert footer[0][2] < own[0][1]            # and the footer stays under it


@pytest.mark.parametrize("rotate", [90, 180, 270])
@pytest.mark.slow
def test_rotated_and_offset_pages_get_an_upright_footer_at_their_visible_bottom(tmp_path, rotate):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("5", "Roterede sider", bilag=[])])
    source = make_pdf(tmp_path / "rot.pdf", 2, "Roteret")
    with pikepdf.open(source, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.Rotate = rotate
        pdf.pages[1].obj.MediaBox = [-100, -100, 695.2756, 941.8898]
        pdf.pages[1].obj.CropBox = [0, 0, 595.2756, 841.8898]
        pdf.save(source)
    with MeetingFolder.open(folder) as store:
        imported = import_file(store, source)
        store.meeting.items[0].bilag.append(Bilag("Roteret", imported.file, FileKind.PDF, 2, imported.facts.sha256))
        store.save()
    result = export_pack(folder, tmp_path / "pack.pdf")
    document = pypdfium2.PdfDocument(str(result.pdf))
    for page_index in (2, 3):
        page = document[page_index]
        text_page = page.get_textpage()
        found = text_page.search(f"side {page_index + 1} af 4").get_next()
        assert found is not None
        angle = round(math.degrees(pypdfium2.raw.FPDFText_GetCharAngle(text_page.raw, found[0])))
        left, bottom, right, top = text_page.get_charbox(found[0])  # unrotated page space
        text_page.close()
        page.close()
        assert angle % 360 == (360 - rotate) % 360            # upright for the reader
        near_visible_bottom = {90: left >= 595.2756 - FOOTER_STRIP, 180: bottom >= 841.8898 - FOOTER_STRIP,
                               270: right <= FOOTER_STRIP}[rotate]
        assert near_visible_bottom, (left, bottom, right, top)
        from_edge = {90: 595.2756 - right, 180: 841.8898 - top, 270: left}[rotate]
        assert from_edge >= PRINT_SAFE_EDGE, from_edge
    document.close()


@pytest.mark.slow
def test_a_bilag_that_cannot_be_read_gets_a_notice_page_and_is_named(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Punkt", bilag=[BilagSpec("Godt bilag", 2), BilagSpec("Låst bilag", 3)]),
        ItemSpec("2", "Andet punkt", bilag=[BilagSpec("Sidste bilag", 2)])])
    locked = folder / "bilag" / "1-2.pdf"
    with pikepdf.open(locked, allow_overwriting_input=True) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="hemmelig", owner="ejer"))
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(pdf=tmp_path / "pack.pdf", use_libreoffice=False,
                                                           override=True))
    assert not result.complete
    [problem] = result.problems
    assert "bilag 2 til punkt 1 (bilag/1-2.pdf)" in problem.message
    assert "adgangskode" in problem.message
    texts = page_texts(result.pdf)
    assert len(texts) == 1 + (1 + 2) + (1 + 1) + (1 + 2)
    assert "Bilaget kunne ikke komme med i bilagspakken." in texts[5]
    assert "Sidste bilag side 2 af 2" in texts[-1]
    assert index_numbers(texts[0]) == [2, 2, 5, 7, 7]


@pytest.mark.slow
def test_a_big_meeting_gets_a_longer_index_and_consistent_numbers(tmp_path):
    specs = [ItemSpec(f"{n}", f"Punkt nummer {n} om et emne med en ganske lang titel, der skal brydes",
                      bilag=[BilagSpec(f"Bilag til punkt {n}", 1), BilagSpec(f"Andet bilag til {n}", 1)])
             for n in range(1, 26)]
    folder = make_meeting(tmp_path / "møde", specs)
    result = export_pack(folder, tmp_path / "pack.pdf")
    texts = page_texts(result.pdf)
    index_pages = sum(1 for text in texts if text.startswith("Indholdsfortegnelse for bilag"))
    assert index_pages >= 2
    assert all(texts[i].startswith("Indholdsfortegnelse for bilag (fortsat)") for i in range(1, index_pages))
    assert result.bilag_pages["1/1"] == index_pages + 1
    numbers = [n for i in range(index_pages) for n in index_numbers(texts[i])]
    assert len(numbers) == 25 * 3
    assert numbers == sorted(numbers)
    for key, page in result.bilag_pages.items():
        item, number = key.split("/")
        title = f"Bilag til punkt {item}" if number == "1" else f"Andet bilag til {item}"
        assert title in texts[page - 1]  # the separator the index points at names the bilag
    assert len(texts) == result.total_pages == index_pages + 25 * 2 * 2


def _footer_boxes(path: Path) -> list[list[tuple[float, float, float, float]]]:
    """Per page: the loose boxes (left, bottom, right, top; font ascent to descent) of the footer's
    two parts, found by their text ("KKR Sjælland · …" and "… side N af M")."""
    document = pypdfium2.PdfDocument(str(path))
    found = []
    for number in range(len(document)):
        page = document[number]
        text_page = page.get_textpage()
        boxes = []
        for needle in ("KKR Sjælland · 27. februar 2025", f"side {number + 1} af {len(document)}"):
            hit = text_page.search(needle).get_next()
            assert hit is not None, (number, needle)
            chars = [text_page.get_charbox(i, loose=True) for i in range(hit[0], hit[0] + hit[1])]
            boxes.append((min(c[0] for c in chars), min(c[1] for c in chars),
                          max(c[2] for c in chars), max(c[3] for c in chars)))
        found.append(boxes)
        text_page.close()
        page.close()
    document.close()
    return found


def test_the_footer_is_print_safe_on_every_page(seed_pack):
    """Office printers leave 4-5 mm blank: every footer box stays PRINT_SAFE_EDGE (5 mm) from every
    edge of the A4 page, and inside the footer strip."""
    _, result = seed_pack
    width, height = 595.2756, 841.8898
    pages = _footer_boxes(result.pdf)
    assert len(pages) == 62
    for number, boxes in enumerate(pages, start=1):
        for left, bottom, right, top in boxes:
            assert bottom >= PRINT_SAFE_EDGE, (number, bottom)
            assert left >= PRINT_SAFE_EDGE and right <= width - PRINT_SAFE_EDGE, (number, left, right)
            assert top <= FOOTER_STRIP and top < height, (number, top)


def test_the_index_and_the_footer_share_one_left_margin(seed_pack):
    _, result = seed_pack
    document = pypdfium2.PdfDocument(str(result.pdf))
    text_page = document[0].get_textpage()
    title = text_page.search("Indholdsfortegnelse for bilag").get_next()
    entry = text_page.search("2.2 Temadrøftelse").get_next()
    title_left = text_page.get_charbox(title[0])[0]
    entry_left = text_page.get_charbox(entry[0])[0]
    text_page.close()
    document.close()
    footer_left = _footer_boxes(result.pdf)[0][0][0]
    assert abs(title_left - footer_left) < 1.5 and abs(entry_left - footer_left) < 1.5


def _pdf_with_bookmarks(path: Path) -> Path:
    """Five pages with a two-level outline made by reportlab: chapters on pages 2 and 4, a
    section under the second one on page 5 (the last) with a position on the page."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=(595.2756, 841.8898), invariant=1)
    for number in range(1, 6):
        drawing.drawString(60, 700, f"Rapport side {number}")
        drawing.bookmarkPage(f"p{number}")
        if number in (2, 4):
            drawing.addOutlineEntry(f"Kapitel {number // 2}", f"p{number}", level=0)
        if number == 5:
            drawing.bookmarkHorizontalAbsolute("sektion", 700)
            drawing.addOutlineEntry("Afsnit 2.1", "sektion", level=1)
        drawing.showPage()
    drawing.save()
    return path


def test_the_outline_carries_each_bilags_own_bookmarks_on_the_right_pages(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2)]),
                                              ItemSpec("2", "Rapporten", bilag=[])])
    source = _pdf_with_bookmarks(tmp_path / "rapport.pdf")
    with MeetingFolder.open(folder) as store:
        imported = import_file(store, source)
        store.meeting.items[1].bilag.append(Bilag("Rapport", imported.file, FileKind.PDF, 5,
                                                  imported.facts.sha256))
        store.save()
    result = export_pack(folder, tmp_path / "pack.pdf")
    first = result.bilag_pages["2/1"] + 1     # the rapport's own first page in the pack
    with pikepdf.open(result.pdf) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        with pdf.open_outline() as outline:
            [_, item] = outline.root
            [rapport] = item.children
            tree = [(c.title, pages[c.destination[0].objgen], [(g.title, pages[g.destination[0].objgen],
                                                                float(g.destination[3]))
                                                               for g in c.children])
                    for c in rapport.children]
        labels = [pdf.pages[i].label for i in range(len(pdf.pages))]
    assert [(title, page - first + 1) for title, page, _ in tree] == [("Kapitel 1", 2), ("Kapitel 2", 4)]
    [(title, page, top)] = tree[1][2]
    assert (title, page - first + 1) == ("Afsnit 2.1", 5)
    scale = (841.8898 - FOOTER_STRIP) / 841.8898      # the page is shrunk towards its top edge
    assert top == pytest.approx(700 * scale + FOOTER_STRIP, abs=0.01)
    assert labels == [str(n) for n in range(1, len(labels) + 1)]   # the pack's labels, not the bilag's


def test_a_looping_outline_is_read_once(tmp_path):
    from kkrdesk.core.export.bilag_outline import read_bookmarks

    source = _pdf_with_bookmarks(tmp_path / "rapport.pdf")
    with pikepdf.open(source) as pdf:
        first = pdf.Root.Outlines.First
        first.Next.Next = first              # Kapitel 2 -> Kapitel 1 -> ...
        first.Next.First.First = first.Next  # Afsnit 2.1 holds its own parent
        titles = [(b.title, [c.title for c in b.children]) for b in read_bookmarks(pdf)]
    assert titles == [("Kapitel 1", []), ("Kapitel 2", ["Afsnit 2.1"])]
