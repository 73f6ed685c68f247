"""A broken PNG or JPEG, added as a bilag or turned into a PDF page, is told in Danish, naming the file once."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.image_pdf import image_pdf
from tests.broken_images import png_by_hand, with_bad_checksum

DAMAGED = {
    "kun halvdelen.png": lambda: png_by_hand()[:150],
    "forkert kontrolsum.png": lambda: with_bad_checksum(png_by_hand()),
    "rod efter PNG-mærket, Ærø.png": lambda: b"\x89PNG\r\n\x1a\n" + b"ikke et billede " * 8,
    "nuller efter JPEG-mærket.jpg": lambda: b"\xff\xd8\xff" + b"\x00" * 200,
}


def _told_once(error: BadFileError, path) -> str:
    told = error.format()
    assert told.count(path.name) == 1, told
    assert "cannot identify" not in told and "OSError" not in told and "SyntaxError" not in told
    assert error.message.startswith("billedet ")
    return told


def test_the_hand_written_png_is_sound(tmp_path):
    path = tmp_path / "grå flade.png"
    path.write_bytes(png_by_hand())
    admit(path, Use.BILAG)
    assert image_pdf(path)[0].read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_image_is_refused_as_a_bilag_in_danish(tmp_path, name):
    path = tmp_path / "Fælles, KKR" / name
    path.parent.mkdir()
    path.write_bytes(DAMAGED[name]())
    with pytest.raises(BadFileError) as refused:
        admit(path, Use.BILAG)
    _told_once(refused.value, path)
    assert refused.value.reason in ("damaged", "truncated")


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_image_is_not_turned_into_a_page(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(DAMAGED[name]())
    with pytest.raises(BadFileError) as refused:
        image_pdf(path)
    _told_once(refused.value, path)


def test_the_messages_say_what_is_wrong(tmp_path):
    said = {}
    for name, make in DAMAGED.items():
        path = tmp_path / name
        path.write_bytes(make())
        with pytest.raises(BadFileError) as refused:
            admit(path, Use.BILAG)
        said[name] = (refused.value.reason, refused.value.message)
    assert said["kun halvdelen.png"] == ("truncated", "billedet er afkortet: filen slutter, før billedet er færdigt.")
    assert said["nuller efter JPEG-mærket.jpg"] == (
        "damaged", "billedet er ødelagt: indholdet kan ikke genkendes som et PNG-, JPEG- eller TIFF-billede.")
    reason, message = said["forkert kontrolsum.png"]
    assert reason == "damaged" and message.startswith("billedet er ødelagt og kan ikke læses (teknisk: broken PNG file")


def test_another_library_s_text_that_repeats_the_path_loses_it_too(tmp_path):
    import docx

    from kkrdesk.core.files.boundary import classify

    path = tmp_path / "Fælles, KKR" / "sagsfremstilling.docx"
    path.parent.mkdir()
    path.write_bytes(b"ikke en Word-fil")
    with pytest.raises(Exception) as raised:
        docx.Document(str(path))
    assert str(path) in str(raised.value)              # "Package not found at '…/sagsfremstilling.docx'"
    told = classify(raised.value, path, "Word-dokumentet").format()
    assert told.count(path.name) == 1, told
    assert "(teknisk: PackageNotFoundError: Package not found at …)" in told
