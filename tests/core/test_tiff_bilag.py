"""A TIFF scan is an image bilag: sniffed by content, screened page by page, every page counted, shown and printed."""

from __future__ import annotations

import subprocess

import pikepdf
import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files import image_screen
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.files.inspect import inspect_file
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.sniff import sniff_kind
from kkrdesk.core.text.pages import extract_text
from kkrdesk.core.text.preview import prepare_preview
from tests.broken_images import cut_in_half, png_by_hand, tiff_by_imagemagick, tiff_claiming

SCAN, PHOTO = (1240, 1754), (600, 400)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))


def _refused(path) -> BadFileError:
    with pytest.raises(BadFileError) as refused:
        admit(path, Use.BILAG)
    told = refused.value.format()
    assert told.count(path.name) == 1 and "Traceback" not in told, told
    return refused.value


def _picture_sizes(pdf) -> list[tuple[int, int]]:
    """The size of the one picture on each page of a PDF kkrdesk drew."""
    with pikepdf.open(pdf) as document:
        sizes = []
        for page in document.pages:
            [picture] = page.get_images().values()
            sizes.append((int(picture.Width), int(picture.Height)))
    return sizes


@pytest.mark.parametrize("head", [b"II*\x00\x08\x00\x00\x00", b"MM\x00*\x00\x00\x00\x08"])
def test_a_tiff_is_an_image_by_its_first_bytes_in_either_byte_order(tmp_path, head):
    path = tmp_path / "scanning.dat"
    path.write_bytes(head + bytes(40))
    assert sniff_kind(path) is FileKind.IMAGE


@pytest.mark.parametrize("compression", ["Group4", "LZW", "Zip"])
def test_a_compressed_scan_is_taken_counted_and_printed_as_one_page(tmp_path, compression):
    scan = tiff_by_imagemagick(tmp_path / f"underskrevet kopi ({compression}).tif", ("scan",), compression)
    facts = inspect_file(scan)
    assert (facts.kind, facts.pages) == (FileKind.IMAGE, 1)
    pdf, pages = image_pdf(scan)
    assert pages == 1 and _picture_sizes(pdf) == [SCAN]


@pytest.mark.slow
def test_every_page_of_a_multi_page_scan_is_counted_printed_indexed_and_shown(tmp_path):
    scan = tiff_by_imagemagick(tmp_path / "aftale, 3 sider.tiff", ("scan", "photo", "scan"), "LZW")
    assert inspect_file(scan).pages == 3
    pdf, pages = image_pdf(scan)
    assert pages == 3 and _picture_sizes(pdf) == [SCAN, PHOTO, SCAN]     # each page its own picture, in order
    with pikepdf.open(pdf) as document:     # portrait sheets, the landscape photo on a landscape page
        assert [page.mediabox[2] > page.mediabox[3] for page in document.pages] == [False, True, False]
    assert len(extract_text(scan, sha256=inspect_file(scan).sha256).pages) == 3
    preview = prepare_preview(scan)
    assert (preview.kind, preview.pdf, preview.pages, preview.picture) == ("pdf", pdf, 3, True)


def test_a_scan_cut_short_is_refused_as_truncated(tmp_path):
    whole = tiff_by_imagemagick(tmp_path / "scan.tif", ("scan", "scan"), "Group4")
    refused = _refused(cut_in_half(whole, tmp_path / "scan fra Ærø, halvt hentet.tif"))
    assert refused.reason == "truncated" and refused.message.startswith("billedet er afkortet")
    assert refused.hint.startswith("Hent billedet igen")


def test_a_whole_tiff_in_a_layout_pillow_cannot_decode_is_refused_as_unsupported_not_damaged(tmp_path):
    grey_with_alpha = tmp_path / "brev, 16 bit.tif"    # ImageMagick's default for text drawn on white
    subprocess.run(["convert", "-size", "300x100", "xc:white", "-pointsize", "24", "-annotate", "+10+50", "KKR",
                    str(grey_with_alpha)], check=True, timeout=60)
    refused = _refused(grey_with_alpha)
    assert refused.reason == "unsupported" and "16 bit gråtoner med gennemsigtighed" in refused.message
    assert "8 bit" in refused.hint
    damaged = tmp_path / "ødelagt.tif"                 # whole directories, nonsense in them: still damaged
    damaged.write_bytes(b"II*\x00\x08\x00\x00\x00\x01\x00" + b"\xff" * 12 + b"\x00" * 4)
    assert _refused(damaged).reason == "damaged"


def test_a_tiff_claiming_ten_billion_pixels_is_refused_without_decoding(tmp_path):
    bomb = tmp_path / "kort.tif"
    bomb.write_bytes(tiff_claiming((100_000, 100_000)))
    refused = _refused(bomb)
    assert refused.reason == "too-large"
    assert refused.message.startswith("billedet er 100.000 × 100.000 punkter; kkrdesk viser højst 64 millioner")
    assert refused.hint == "Gem billedet i en mindre opløsning."


def test_a_bomb_on_a_later_page_is_found_and_named_by_its_page(tmp_path):
    path = tmp_path / "bilag.tif"
    path.write_bytes(tiff_claiming((16, 8), (100_000, 100_000)))
    refused = _refused(path)
    assert refused.reason == "too-large" and refused.message.startswith("side 2 af billedet er 100.000 × 100.000")


def test_a_tiff_of_more_pages_than_the_limit_is_refused_with_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "stak.tif"
    path.write_bytes(tiff_claiming(*[(16, 8)] * 4))
    assert image_screen.check_image_here(path) == 4
    monkeypatch.setattr(image_screen, "MAX_IMAGE_PAGES", 3)
    with pytest.raises(BadFileError) as refused:
        image_screen.check_image_here(path)
    assert refused.value.reason == "too-large" and "mere end 3 sider" in refused.value.message
    assert refused.value.hint.startswith("Gem scanningen som PDF")


def test_sixteen_bit_grey_is_scaled_to_what_a_page_can_hold(tmp_path):
    from PIL import Image

    scan = tmp_path / "grå.tif"
    subprocess.run(["convert", "-size", "300x200", "gradient:", "-depth", "16", "-type", "Grayscale",
                    "-compress", "Zip", str(scan)], check=True, timeout=60)
    with Image.open(scan) as image:
        assert image.mode.startswith("I;16")
    pdf, _ = image_pdf(scan)
    with pikepdf.open(pdf) as document:
        [picture] = document.pages[0].get_images().values()
        samples = pikepdf.PdfImage(picture).as_pil_image().convert("L")
    assert samples.getextrema() == (0, 255)     # the whole range kept, not clipped to white


@pytest.mark.slow
def test_the_word_agenda_pack_carries_every_page_of_a_scan(tmp_path):
    import docx

    import kkrdesk.cli
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.meeting.store import read_meeting

    folder = tmp_path / "møde"
    assert kkrdesk.cli.main(["new", str(folder), "--kkr", "KKR Sjælland", "--date", "2025-02-27"]) == 0
    assert kkrdesk.cli.main(["add-item", str(folder), "--number", "2.2", "--title", "Vækstplan"]) == 0
    scan = tiff_by_imagemagick(tmp_path / "aftale.tif", ("scan", "photo", "scan"), "LZW")
    photo = tmp_path / "foto.png"
    photo.write_bytes(png_by_hand(300, 200))
    assert kkrdesk.cli.main(["add-bilag", str(folder), "--item", "2.2", str(scan), str(photo)]) == 0
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "dagsorden.docx", use_libreoffice=False,
                                                           agenda_pack=True, override=True), extras=[])
    assert not [problem for problem in result.problems if problem.code == "agenda-pack-bilag"], result.problems
    assert len(docx.Document(str(tmp_path / "dagsorden.docx")).inline_shapes) == 3 + 1   # the scan's pages, the photo
