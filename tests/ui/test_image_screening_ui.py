"""Images in the window: a truncated one refused in Danish, the reader showing the pack's pages, a drop screened in one child."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkrdesk.core.files.image_pdf import image_pdf
from tests.broken_images import cut_in_half, picture_by_poppler, png_by_hand, tiff_by_imagemagick

SHOTS = Path(__file__).resolve().parents[2] / "out" / "reader"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.slow
def test_adding_a_truncated_jpeg_shows_why_and_keeps_what_the_user_had(opened_meeting, qtbot, tmp_path, stub_dialogs):
    session = opened_meeting
    folder = session.folder.path
    item = session.meeting.items[0]
    had = [(bilag.title, bilag.file) for bilag in item.bilag]
    whole = picture_by_poppler(tmp_path / "indbakke", "jpeg")
    cut = cut_in_half(whole, tmp_path / "indbakke" / "foto fra Ærø, halvt hentet.jpg")

    with qtbot.waitSignal(session.importFailed, timeout=60_000) as refused:
        session.add_files(item, len(item.bilag), [whole, cut])
    qtbot.waitUntil(lambda: not session.busy, timeout=60_000)

    assert refused.args[0].reason == "truncated"
    [(_, title, error)] = [shown for shown in stub_dialogs.shown if shown[0] == "error"]
    assert title == "Bilaget kan ikke bruges"
    told = error.format()
    assert told.count(cut.name) == 1 and "billedet er afkortet" in told and "Hent billedet igen" in told
    assert [(bilag.title, bilag.file) for bilag in item.bilag[:len(had)]] == had
    assert len(item.bilag) == len(had) + 1                # the whole picture came in, the cut one did not
    assert not any(cut.stem in bilag.file for bilag in item.bilag)
    assert not any(cut.stem in path.name for path in (folder / "bilag").rglob("*"))
    session.stack.undo()
    assert [(bilag.title, bilag.file) for bilag in item.bilag] == had


def test_the_reader_refuses_a_truncated_jpeg_and_shows_a_whole_one_as_the_page_the_pack_prints(qtbot, reader, tmp_path):
    whole = picture_by_poppler(tmp_path, "jpeg")
    cut = cut_in_half(whole, tmp_path / "halvt hentet.jpg")
    with qtbot.waitSignal(reader.failed, timeout=30_000) as failed:
        reader.show_file(cut)
    assert failed.args[0].reason == "truncated"
    assert "billedet er afkortet" in reader.message.text() and cut.name in reader.message.text()
    with qtbot.waitSignal(reader.loaded, timeout=30_000):
        reader.show_file(whole)
    assert reader.stack.currentWidget() is reader.pdf and reader.pdf.page_count() == 1
    assert reader.preview.pdf == image_pdf(whole)[0]         # the very PDF the pack prints
    reader.close_document()
    with qtbot.waitSignal(reader.failed, timeout=30_000):
        reader.show_file(cut)
    reader.resize(900, 500)
    SHOTS.mkdir(parents=True, exist_ok=True)
    reader.grab().save(str(SHOTS / "reader-truncated-jpeg.png"))


@pytest.mark.slow
def test_the_reader_shows_every_page_of_a_tiff_scan(qtbot, reader, tmp_path):
    reader.resize(1000, 700)
    scan = tiff_by_imagemagick(tmp_path / "underskrevet aftale.tif", ("scan", "photo", "scan"), "LZW")
    with qtbot.waitSignal(reader.loaded, timeout=30_000):
        reader.show_file(scan)
    assert reader.stack.currentWidget() is reader.pdf and reader.pdf.page_count() == 3
    reader.pdf.go_to_page(2)
    qtbot.waitUntil(lambda: reader.current_page() == 2, timeout=10_000)
    qtbot.wait(500)           # QPdfView paints its pages and thumbnails asynchronously
    SHOTS.mkdir(parents=True, exist_ok=True)
    reader.grab().save(str(SHOTS / "reader-tiff-scan.png"))


@pytest.mark.slow
def test_dropping_many_images_screens_them_in_one_child(opened_meeting, qtbot, tmp_path, monkeypatch):
    from kkrdesk.core.files import image_screen, pdf_screen

    session = opened_meeting
    batches, own = [], []
    batch, single = pdf_screen._screen_batch_in_child, image_screen._screen_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest, **options: batches.append(len(paths)) or batch(paths, *rest, **options))
    monkeypatch.setattr(image_screen, "_screen_in_child", lambda path, *rest: own.append(path) or single(path, *rest))
    pictures = []
    for number in range(8):
        pictures.append(tmp_path / "indbakke" / f"tavle {number}.png")
        pictures[-1].parent.mkdir(exist_ok=True)
        pictures[-1].write_bytes(png_by_hand(40 + number, 30))
    pictures.append(tiff_by_imagemagick(tmp_path / "indbakke" / "scan.tif", ("scan", "scan", "scan"), "Group4"))
    item = session.meeting.items[0]
    had = len(item.bilag)

    session.add_files(item, had, pictures)
    qtbot.waitUntil(lambda: not session.busy and len(item.bilag) == had + 9, timeout=60_000)

    assert batches == [9] and own == []
    assert [bilag.pages for bilag in item.bilag[had:]] == [1] * 8 + [3]


HOSTILE = {
    "foto fra mødet.jpg": ("hostile", "billedet er et JPEG med mere end 100 gennemløb"),
    "kort over Ærø.png": ("too-large", "billedet er 100.000 × 100.000 punkter; kkrdesk viser højst 64 millioner"),
    "scanning.tif": ("too-large", "side 2 af billedet er 100.000 × 100.000 punkter"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_the_reader_refuses_what_the_screening_child_refuses_and_says_why_in_danish(qtbot, reader, tmp_path, shared, name):
    from kkrdesk.core.files.image_screen import image_verdict_here
    from tests.broken_images import png_header_claiming, tiff_claiming

    path = tmp_path / name
    path.write_bytes({"foto fra mødet.jpg": lambda: (shared / "corpus" / "qpdf" / "69977b.fuzz").read_bytes(),
                      "kort over Ærø.png": lambda: png_header_claiming(100_000, 100_000),
                      "scanning.tif": lambda: tiff_claiming((16, 8), (100_000, 100_000))}[name]())
    reason, message = HOSTILE[name]
    assert image_verdict_here(path)["refused"]["reason"] == reason     # what the child says of it
    with qtbot.waitSignal(reader.failed, timeout=30_000) as failed:
        reader.show_file(path)
    assert failed.args[0].reason == reason
    shown = reader.message.text()
    assert reader.stack.currentWidget() is reader._message_page
    assert shown.startswith("Filen kan ikke vises.") and message in shown and shown.count(name) == 1
    assert reader.pdf.page_count() == 0                # nothing of it reached the PDF view
    reader.resize(900, 400)
    SHOTS.mkdir(parents=True, exist_ok=True)
    reader.grab().save(str(SHOTS / f"reader-refused-{path.suffix[1:]}.png"))


def _shown_picture(qtbot, reader, path):
    """The filters and the (ASCII85-undone) bytes of the picture on the page the reader shows for ``path``."""
    import base64

    import pikepdf

    with qtbot.waitSignal(reader.loaded, timeout=30_000):
        reader.show_file(path)
    with pikepdf.open(reader.preview.pdf) as shown:
        [picture] = shown.pages[0].get_images().values()
        filters = picture.Filter if isinstance(picture.Filter, pikepdf.Array) else pikepdf.Array([picture.Filter])
        data = picture.read_raw_bytes()
    names = [str(name) for name in filters]
    if names[0] == "/ASCII85Decode":
        data = base64.a85decode(b"".join(data.split()).removesuffix(b"~>"))
    reader.close_document()
    return names, data


def test_the_reader_s_pdf_holds_only_pictures_kkrdesk_encoded_never_the_file_s_own_bytes(qtbot, reader, tmp_path):
    import subprocess

    photo = tmp_path / "tavle.jpg"                   # progressive, as many cameras and web sites write
    subprocess.run(["convert", "-size", "400x300", "plasma:", "-interlace", "JPEG", "-quality", "80", str(photo)],
                   check=True, timeout=60)
    assert b"\xff\xc2" in photo.read_bytes()[:4000]
    filters, data = _shown_picture(qtbot, reader, photo)
    # the photo's pixels encoded anew by Pillow: a baseline JPEG (not the file's progressive one)
    assert filters[-1] == "/DCTDecode" and data != photo.read_bytes() and data not in photo.read_bytes()
    assert b"\xff\xc0" in data[:4000] and b"\xff\xc2" not in data[:4000]

    drawing = tmp_path / "tegning.png"
    drawing.write_bytes(png_by_hand(300, 200))
    filters, _ = _shown_picture(qtbot, reader, drawing)
    assert filters[-1] == "/FlateDecode" and "/DCTDecode" not in filters     # lossless samples
