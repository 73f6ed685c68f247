"""Where an OCR'd copy of a scanned bilag is used: search, preflight, the pack (only when chosen);
and the bad inputs OCR refuses in Danish before it starts (a file changed meanwhile, an encrypted PDF).

The "OCR'd copy" here is a text PDF made by reportlab and put where kkrdesk ocr keeps its copies, so
these tests follow the wiring without Tesseract; tests/ui/test_ocr_window.py runs the real OCR."""

from __future__ import annotations

import pikepdf
import pypdfium2
import pytest

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.preflight import preflight
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.ocr.rendition import ocr_rendition, searchable_copy
from kkrdesk.core.search.index import SearchIndex
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, make_pdf

WORD = "fremkommelighed"


@pytest.fixture
def scanned_meeting(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Scannet brev", 2,
                                                                                        kind="scan")])])
    return folder


def give_copy(folder, tmp_path):
    """Put a text PDF where the OCR'd copy of the meeting's scan belongs."""
    meeting = MeetingFolder.open(folder, write=False).meeting
    bilag = meeting.items[0].bilag[0]
    target = tmp_path / "cache" / "ocr" / f"{bilag.sha256}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    make_pdf(target, 2, f"Brev om {WORD}")
    return meeting, bilag


def pack_text(path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def codes(report):
    return [f.problem.code for f in report.findings]


@pytest.mark.slow
def test_search_reads_a_scan_again_once_it_has_a_searchable_copy(scanned_meeting, tmp_path):
    meeting = MeetingFolder.open(scanned_meeting, write=False).meeting
    index = SearchIndex(tmp_path / "index.sqlite")
    index.update(scanned_meeting, meeting)
    assert not index.search(WORD).hits
    give_copy(scanned_meeting, tmp_path)
    report = index.update(scanned_meeting, meeting)
    assert report.indexed == 1
    assert [hit.item_number for hit in index.search(WORD).hits] == ["2.4"] * 2


@pytest.mark.slow
def test_preflight_names_the_copy_and_the_pack_uses_it_only_when_chosen(scanned_meeting, tmp_path):
    meeting = MeetingFolder.open(scanned_meeting, write=False).meeting
    assert codes(preflight(scanned_meeting, meeting)) == ["pdf-no-text"]
    meeting, bilag = give_copy(scanned_meeting, tmp_path)
    report = preflight(scanned_meeting, meeting)
    assert codes(report) == ["pdf-ocr-copy"] and "bilagspakken får filen, som den kom" in \
        report.findings[0].problem.message
    export_meeting(scanned_meeting, meeting, ExportOptions(pdf=tmp_path / "uden.pdf"))
    assert WORD not in pack_text(tmp_path / "uden.pdf")
    bilag.ocr_in_pack = True
    report = preflight(scanned_meeting, meeting)
    assert "bilagspakken, søgningen og kontraktkontrollen bruger" in report.findings[0].problem.message
    export_meeting(scanned_meeting, meeting, ExportOptions(pdf=tmp_path / "med.pdf"))
    assert WORD in pack_text(tmp_path / "med.pdf")
    (scanned_meeting / bilag.file).write_bytes(make_pdf(tmp_path / "ny.pdf", 2, "Ny udgave").read_bytes())
    export_meeting(scanned_meeting, meeting, ExportOptions(pdf=tmp_path / "ændret.pdf", override=True))
    assert WORD not in pack_text(tmp_path / "ændret.pdf")    # a changed file never gets the old copy


def test_a_chosen_copy_missing_on_this_computer_is_said_and_the_scan_is_printed(scanned_meeting, tmp_path):
    meeting = MeetingFolder.open(scanned_meeting, write=False).meeting
    meeting.items[0].bilag[0].ocr_in_pack = True
    report = preflight(scanned_meeting, meeting)
    assert codes(report) == ["pdf-no-text"] and "findes ikke på denne computer" in \
        report.findings[0].problem.message
    export_meeting(scanned_meeting, meeting, ExportOptions(pdf=tmp_path / "pakke.pdf"))
    assert WORD not in pack_text(tmp_path / "pakke.pdf")


def test_the_flag_is_saved_only_when_set(scanned_meeting):
    with MeetingFolder.open(scanned_meeting) as store:
        assert "ocr_in_pack" not in store.manifest_path.read_text("utf-8")
        store.meeting.items[0].bilag[0].ocr_in_pack = True
        store.save()
        assert "ocr_in_pack = true" in store.manifest_path.read_text("utf-8")
    assert MeetingFolder.open(scanned_meeting, write=False).meeting.items[0].bilag[0].ocr_in_pack


@pytest.mark.slow
def test_a_file_changed_since_it_was_added_is_refused_and_nothing_is_written(scanned_meeting, tmp_path):
    meeting = MeetingFolder.open(scanned_meeting, write=False).meeting
    bilag = meeting.items[0].bilag[0]
    path = scanned_meeting / bilag.file
    path.write_bytes(make_pdf(tmp_path / "andet.pdf", 1, "Andet", text=False).read_bytes())
    with pytest.raises(KkrError, match="filen er ændret, siden den blev lagt på punktet") as caught:
        ocr_rendition(path, expected_sha256=bilag.sha256)
    assert "godkend den nye udgave" in caught.value.hint
    assert searchable_copy(sha256_of(path)) is None and not (tmp_path / "cache" / "ocr").exists()


@pytest.mark.slow
def test_an_encrypted_pdf_is_refused_in_danish_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    plain = make_pdf(tmp_path / "scan.pdf", 1, "Scan", text=False)
    locked = tmp_path / "låst.pdf"
    with pikepdf.open(plain) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="hemmelig", user=""))
    with pytest.raises(BadFileError, match="krypteret") as caught:
        ocr_rendition(locked)
    assert caught.value.reason == "encrypted" and "intet er ændret" in caught.value.message
    assert not (tmp_path / "cache" / "ocr").exists()
