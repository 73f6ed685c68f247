"""Images are decoded whole in a screening child under a time and memory limit before kkrdesk takes or prints them."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.files.image_screen import jpeg_scans, screen_image
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import MAX_JPEG_SCANS
from kkrdesk.core.files.verdicts import read_verdict
from tests.broken_images import (
    chunk,
    cut_in_half,
    picture_by_poppler,
    png_by_hand,
    png_header_claiming,
    with_exif_orientation,
)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Verdicts on disk in this test's own folder (a memory-limited verdict must not reach another test)."""
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))


def _refused(path, use=Use.BILAG) -> BadFileError:
    with pytest.raises(BadFileError) as refused:
        admit(path, use)
    told = refused.value.format()
    assert told.count(path.name) == 1 and "Traceback" not in told and "OSError" not in told, told
    return refused.value


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_a_picture_cut_in_half_is_refused_as_truncated_where_its_header_is_sound(tmp_path, kind):
    whole = picture_by_poppler(tmp_path, kind)
    cut = cut_in_half(whole, tmp_path / f"foto fra Ærø, halvt{whole.suffix}")
    refused = _refused(cut)
    assert (refused.reason, refused.message) == ("truncated", "billedet er afkortet: filen slutter, før billedet er "
                                                               "færdigt.")
    assert refused.hint.startswith("Hent billedet igen")
    assert read_verdict(sha256_of(cut))["refused"]["reason"] == "truncated"    # final: kept by sha256
    with pytest.raises(BadFileError):
        admit(cut, Use.EXPORT)


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_a_sound_picture_is_accepted_and_printed_as_a_page(tmp_path, kind):
    picture = picture_by_poppler(tmp_path, kind)
    assert admit(picture, Use.BILAG).kind is FileKind.IMAGE
    assert admit(picture, Use.EXPORT).kind is FileKind.IMAGE
    assert read_verdict(sha256_of(picture)) == {"pages": 1, "needs_repair": False, "final": True}
    assert image_pdf(picture)[0].read_bytes().startswith(b"%PDF")


def test_the_corpus_s_fuzzed_jpeg_is_refused_for_its_scans_and_the_refusal_is_kept(tmp_path, shared):
    fuzzed = tmp_path / "foto.jpg"
    fuzzed.write_bytes((shared / "corpus" / "qpdf" / "69977b.fuzz").read_bytes())
    refused = _refused(fuzzed)
    assert refused.reason == "hostile"
    assert f"mere end {MAX_JPEG_SCANS} gennemløb" in refused.message
    assert read_verdict(sha256_of(fuzzed))["final"] is True
    with pytest.raises(BadFileError) as again:
        image_pdf(fuzzed)           # the page is never drawn
    assert again.value.reason == "hostile"


def test_a_header_claiming_ten_billion_pixels_is_refused_without_decoding(tmp_path):
    path = tmp_path / "kort.png"
    path.write_bytes(png_header_claiming(100_000, 100_000))
    refused = _refused(path)
    assert refused.reason == "too-large"
    assert refused.message.startswith("billedet er 100.000 × 100.000 punkter; kkrdesk viser højst 64 millioner")


def test_an_image_that_needs_more_memory_than_the_limit_is_refused_as_too_large(tmp_path):
    from PIL import Image

    path = tmp_path / "luftfoto.png"
    Image.new("RGB", (6_000, 6_000), (40, 90, 30)).save(path)     # 144 MB decoded, 120 KB on disk
    with pytest.raises(BadFileError) as refused:
        screen_image(path, memory_bytes=150 * 1024 * 1024)
    assert refused.value.reason == "too-large"
    assert "kræver mere hukommelse" in refused.value.message and "150,0 MB" in refused.value.message


def test_a_child_stopped_by_its_time_limit_is_not_remembered(tmp_path):
    picture = picture_by_poppler(tmp_path, "png")
    with pytest.raises(BadFileError) as refused:
        screen_image(picture, seconds=0.001)           # stopped before it could start
    assert refused.value.reason == "timeout" and "kunne ikke læses færdigt" in refused.value.message
    assert read_verdict(sha256_of(picture)) is None
    screen_image(picture)                              # judged anew, and sound


def test_scans_are_counted_by_markers_not_by_bytes_inside_a_header():
    sos = b"\xff\xda" + (8).to_bytes(2, "big") + b"\x01\x01\x00\x00\x3f\x00"
    comment = b"\xff\xfe" + (6).to_bytes(2, "big") + b"\xff\xda\xff\xda"     # looks like two scans
    coded = b"\x12\xff\x00\x34\xff\xd0\x56"                                # stuffing and a restart marker
    jpeg = b"\xff\xd8" + comment + (sos + coded) * 3 + b"\xff\xd9" + sos
    assert jpeg_scans(jpeg, 100) == 3
    assert jpeg_scans(jpeg, 2) == 2


def test_the_hand_written_png_is_decoded_whole(tmp_path):
    path = tmp_path / "grå flade.png"
    path.write_bytes(png_by_hand(300, 200))
    admit(path, Use.READER)
    damaged = bytearray(path.read_bytes())
    start = damaged.index(b"IDAT") + 4
    data = bytes(damaged[start:start + int.from_bytes(damaged[start - 8:start - 4], "big")])
    broken = tmp_path / "grå flade, rodet.png"          # a sound checksum over data zlib cannot inflate
    broken.write_bytes(bytes(damaged[:start - 8]) + chunk(b"IDAT", data[:2] + b"\xff" * (len(data) - 2))
                       + chunk(b"IEND", b""))
    assert _refused(broken, Use.READER).reason == "damaged"


def test_a_phone_photo_is_shown_and_printed_upright_as_its_exif_orientation_says(tmp_path):
    import subprocess

    import pikepdf

    stored = tmp_path / "liggende.jpg"       # 300 × 100, black on its left: the top of the photo
    subprocess.run(["convert", "-size", "300x100", "xc:white", "-fill", "black", "-draw", "rectangle 0,0 60,100",
                    str(stored)], check=True, timeout=60)
    photo = tmp_path / "tavlen efter mødet.jpg"
    photo.write_bytes(with_exif_orientation(stored.read_bytes(), 6))     # "turn a quarter clockwise"
    pdf, _ = image_pdf(photo)
    with pikepdf.open(pdf) as document:
        page = document.pages[0]
        [picture] = page.get_images().values()
        pixels = pikepdf.PdfImage(picture).as_pil_image().convert("L")
        assert page.mediabox[2] < page.mediabox[3]              # a portrait page for an upright photo
    assert pixels.size == (100, 300)
    assert pixels.getpixel((50, 20)) < 64 and pixels.getpixel((50, 280)) > 192     # black on top
