"""OCR of scanned PDFs: a cached searchable copy, the original untouched, and Danish refusals."""

import threading

import pytest

from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import BadFileError, KkrError, Severity
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.ocr import rendition
from kkrdesk.core.ocr.rendition import cached_rendition, find_ocr_tools, ocr_rendition
from tests.contract_corpus import Case, write_cases
from tests.scans import scan

needs_ocr = pytest.mark.skipif(find_ocr_tools() is None, reason="ocrmypdf/tesseract-ocr-dan missing")


@pytest.fixture(scope="module")
def contracts(tmp_path_factory):
    """A clean and a defective contract made by LibreOffice, and their scanned copies."""
    folder = tmp_path_factory.mktemp("ocr")
    cases = [Case("clean", "prose-titles", "lo-pdf"),
             Case("nps", "prose-titles", "lo-pdf", values={"g1": "171", "g2a": "50",
                  "g2b": "55", "g3": "65", "g4": "50", "g5a": "10", "g5b": "5", "g6": "70"},
                  expect=("target-below-national", 3))]
    originals = write_cases(cases, folder)
    return {name: (path, scan(path, folder / f"{name}-scannet.pdf"))
            for name, path in originals.items()}


def errors(review):
    return [(f.code, f.goal) for f in review.findings if f.severity is Severity.ERROR]


@pytest.mark.slow
def test_a_scan_cannot_be_checked_without_ocr_and_says_how(contracts):
    _, scanned = contracts["clean"]
    with pytest.raises(BadFileError) as caught:
        review_contract(scanned)
    assert caught.value.reason == "empty" and "--ocr" in caught.value.hint


@pytest.mark.slow
def test_missing_tools_are_named_and_nothing_is_written(contracts, tmp_path, monkeypatch):
    monkeypatch.setattr(rendition.shutil, "which", lambda name: None)
    _, scanned = contracts["clean"]
    with pytest.raises(KkrError) as caught:
        ocr_rendition(scanned, cache_dir=tmp_path)
    assert "ocrmypdf og Tesseract er ikke installeret" in caught.value.message
    assert "tesseract-ocr-dan" in caught.value.hint
    assert not any(tmp_path.rglob("*.pdf"))


def test_only_pdfs_are_given_a_text_layer(tmp_path):
    text = tmp_path / "noter.txt"
    text.write_text("Resultatkontrakt", encoding="utf-8")
    with pytest.raises(BadFileError, match="kun PDF-filer"):
        ocr_rendition(text, cache_dir=tmp_path)


@needs_ocr
@pytest.mark.slow
def test_a_time_limit_or_a_cancel_stops_ocr_and_leaves_nothing(contracts, tmp_path, monkeypatch):
    _, scanned = contracts["clean"]
    monkeypatch.setattr(rendition, "OCR_SECONDS_PER_PAGE", 0.01)
    with pytest.raises(KkrError, match="tog mere end"):
        ocr_rendition(scanned, cache_dir=tmp_path)
    monkeypatch.undo()
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(KkrError, match="afbrudt"):
        ocr_rendition(scanned, cache_dir=tmp_path, cancelled=cancelled)
    assert not any(tmp_path.rglob("*.pdf"))


@needs_ocr
@pytest.mark.slow
@pytest.mark.parametrize("name", ["clean", "nps"])
def test_after_ocr_a_scanned_contract_gives_the_findings_of_the_original(contracts, name,
                                                                         tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path))
    original, scanned = contracts[name]
    before = sha256_of(scanned)
    review = review_contract(scanned, ocr=True)
    assert errors(review) == errors(review_contract(original))
    assert review.contract.document.path == scanned and review.contract.document.ocr
    assert sha256_of(scanned) == before, "the original file is never changed"
    assert cached_rendition(scanned, tmp_path) is not None
