"""An image scan (TIFF) made searchable: OCR reads the PDF it prints as, and its text reaches search and the reader."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.ocr import rendition
from kkrdesk.core.ocr.rendition import find_ocr_tools, ocr_rendition, searchable_copy
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.text.pages import extract_text
from kkrdesk.core.text.pdf import pdf_page_texts
from kkrdesk.core.text.preview import prepare_preview
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting
from tests.scans import text_tiff

needs_ocr = pytest.mark.skipif(find_ocr_tools() is None, reason="ocrmypdf/tesseract-ocr-dan missing")


@pytest.fixture
def scanned_letter(tmp_path, monkeypatch):
    """A meeting whose item 2.4 has the TIFF as its one bilag."""
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    tiff = text_tiff(tmp_path / "brev.tif")
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Scannet brev", source=tiff)])])
    return folder


@needs_ocr
def test_a_tiff_is_read_through_its_printed_pdf_and_its_words_are_searchable(scanned_letter, tmp_path, monkeypatch):
    meeting = MeetingFolder.open(scanned_letter, write=False).meeting
    bilag = meeting.items[0].bilag[0]
    path = scanned_letter / bilag.file
    index = SearchIndex(tmp_path / "index.sqlite")
    index.update(scanned_letter, meeting)
    assert not index.search("Kommunekontaktråd").hits           # a picture has no text of its own
    read = []
    run = rendition._run
    monkeypatch.setattr(rendition, "_run", lambda tools, source, *rest: read.append(source.read_bytes())
                        or run(tools, source, *rest))
    copy = ocr_rendition(path, expected_sha256=bilag.sha256)
    printed, _ = image_pdf(path)
    assert read == [printed.read_bytes()]                      # ocrmypdf saw only what kkrdesk drew
    assert copy == searchable_copy(bilag.sha256) and sha256_of(path) == bilag.sha256
    assert "Kommunekontaktråd" in " ".join(pdf_page_texts(copy))
    assert extract_text(path, sha256=bilag.sha256).method == "ocr"
    report = index.update(scanned_letter, meeting)
    assert report.indexed == 1
    assert [hit.item_number for hit in index.search("Kommunekontaktråd").hits] == ["2.4"]
    shown = prepare_preview(path, sha256=bilag.sha256)
    assert shown.pdf == copy and shown.picture and "søgbare kopi" in shown.note


def test_an_image_changed_since_it_was_added_is_refused_and_nothing_is_written(scanned_letter, tmp_path):
    meeting = MeetingFolder.open(scanned_letter, write=False).meeting
    bilag = meeting.items[0].bilag[0]
    path = scanned_letter / bilag.file
    text_tiff(path, "Et andet brev")
    with pytest.raises(KkrError, match="filen er ændret, siden den blev lagt på punktet"):
        ocr_rendition(path, expected_sha256=bilag.sha256)
    assert not (tmp_path / "cache" / "ocr").exists()


def test_without_the_tools_an_image_names_what_is_missing(scanned_letter, monkeypatch):
    monkeypatch.setattr(rendition.shutil, "which", lambda name: None)
    meeting = MeetingFolder.open(scanned_letter, write=False).meeting
    with pytest.raises(KkrError, match="det scannede billede kan ikke gøres søgbart: ocrmypdf og Tesseract"):
        ocr_rendition(scanned_letter / meeting.items[0].bilag[0].file)


@needs_ocr
def test_the_last_page_is_reported_even_when_ocrmypdf_finished_between_two_looks(scanned_letter, monkeypatch):
    """A page Tesseract reads faster than the progress poll looks was never reported: the window stood at 0 of 1."""
    monkeypatch.setattr(rendition, "_pages_recognised", lambda work: 0)
    meeting = MeetingFolder.open(scanned_letter, write=False).meeting
    steps = []
    ocr_rendition(scanned_letter / meeting.items[0].bilag[0].file, on_page=lambda done, total: steps.append((done, total)))
    assert steps == [(1, 1)]


@needs_ocr
def test_the_pack_prints_an_image_from_its_searchable_copy_only_when_asked(scanned_letter):
    from kkrdesk.core.export.selection import select
    from kkrdesk.core.export.sources import resolve_bilag

    with MeetingFolder.open(scanned_letter) as store:
        bilag = store.meeting.items[0].bilag[0]
        copy = ocr_rendition(scanned_letter / bilag.file, expected_sha256=bilag.sha256)
        printed, _ = image_pdf(scanned_letter / bilag.file)
        [selected] = select(store.meeting).printed_bilag
        assert resolve_bilag(scanned_letter, selected, use_libreoffice=False).pdf == printed   # as drawn
        bilag.ocr_in_pack = True
        resolved = resolve_bilag(scanned_letter, selected, use_libreoffice=False)
    assert resolved.pdf == copy and resolved.page_count == 1
    assert "Kommunekontaktråd" in " ".join(pdf_page_texts(resolved.pdf))    # members can search the pack
