"""»Gør søgbar« in the bilag form for an image bilag (a scanned letter as TIFF): offered, run, and then searchable."""

from __future__ import annotations

import pytest

from kkrdesk.core.ocr.rendition import find_ocr_tools, searchable_copy
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.ui.ocr import make_searchable
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting
from tests.scans import text_tiff

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(find_ocr_tools() is None, reason="ocrmypdf/tesseract-ocr-dan missing")]


@pytest.fixture
def letter_window(window, tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(make_searchable.MissingTools, "told", False)
    letter = text_tiff(tmp_path / "brev fra kommunen.tif", "Kommunekontaktråd Sjælland")
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.4", "Henvendelser",
                                                      bilag=[BilagSpec("Brev fra kommunen", source=letter)])])
    assert window.open_meeting(folder)
    item = window.session.meeting.item("2.4")
    window.feature("agenda").select(item, item.bilag[0])
    return window


def test_an_image_bilag_is_offered_ocr_and_its_words_become_searchable(qtbot, letter_window, tmp_path):
    window = letter_window
    form = window.feature("agenda").bilag_form
    bilag = window.session.meeting.item("2.4").bilag[0]
    assert str(bilag.kind) == "image"
    original = (window.session.folder.path / bilag.file).read_bytes()
    assert form.ocr_row.isVisibleTo(form) and form.ocr_status.text().startswith("Billede: der er ingen tekst")
    assert form.make_searchable.isVisibleTo(form) and form.make_searchable.isEnabled()

    form.make_searchable.click()
    qtbot.waitUntil(lambda: form._ocr is None, timeout=120_000)

    assert form.ocr_status.text().startswith("Søgbar") and not form.make_searchable.isVisibleTo(form)
    assert form.ocr_in_pack.isVisibleTo(form) and not form.ocr_in_pack.isChecked()   # the pack may use the copy
    assert searchable_copy(bilag.sha256) is not None
    assert (window.session.folder.path / bilag.file).read_bytes() == original
    index = SearchIndex(tmp_path / "index.sqlite")
    index.update(window.session.folder.path, window.session.meeting)
    assert index.search("Kommunekontaktråd").hits
