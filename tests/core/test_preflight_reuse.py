"""A second preflight reuses what it learnt from each PDF's text by sha256; a changed file is read again."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from kkrdesk.core.export import preflight as preflight_module
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting
from tests.factories import make_pdf


@pytest.fixture
def text_reads(monkeypatch, tmp_path):
    """The PDFs whose text the preflight extracts, by file name, in a cache of this test's own."""
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    reads: list[str] = []
    extract = preflight_module._pdf_text

    def counting(path: Path, pages: int):
        reads.append(Path(path).name)
        return extract(path, pages)

    monkeypatch.setattr(preflight_module, "_pdf_text", counting)
    return reads


def run(folder: Path):
    meeting, _ = read_meeting(folder)
    return preflight_module.preflight(folder, meeting, use_libreoffice=False)


def three_bilag(tmp_path) -> Path:
    return make_meeting(tmp_path / "møde", [
        ItemSpec("2.2", "Samarbejde", bilag=[BilagSpec("Opsamling", 3), BilagSpec("Skannet brev", 2, kind="scan")]),
        ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Udspil", 4)])])


@pytest.mark.slow
def test_a_second_preflight_extracts_no_text_and_reports_the_same(tmp_path, text_reads):
    folder = three_bilag(tmp_path)
    first = run(folder)
    assert sorted(text_reads) == ["2_2-1.pdf", "2_2-2.pdf", "2_4-1.pdf"]
    text_reads.clear()
    second = run(folder)
    assert text_reads == []
    assert second == first
    assert [f.problem.code for f in second.findings] == ["pdf-no-text"]   # the scan, known from the cache


@pytest.mark.slow
def test_a_changed_and_accepted_file_is_read_again(tmp_path, text_reads):
    folder = three_bilag(tmp_path)
    before = run(folder)
    text_reads.clear()
    changed = folder / "bilag" / "2_4-1.pdf"
    make_pdf(changed, 9, text="Et meget længere udspil om kollektiv trafik, side {n}, med flere ord end før")
    with MeetingFolder.open(folder) as store:
        bilag = store.meeting.item("2.4").bilag[0]
        bilag.sha256, bilag.pages = sha256_of(changed), 9
        store.save()
    after = run(folder)
    assert text_reads == ["2_4-1.pdf"]
    assert after.estimates[0] == before.estimates[0]
    assert after.estimates[1].pages == 9 and after.estimates[1].words != before.estimates[1].words


@pytest.mark.slow
def test_a_changed_file_not_yet_accepted_is_not_taken_from_the_cache(tmp_path, text_reads):
    folder = three_bilag(tmp_path)
    before = run(folder)
    with open(folder / "bilag" / "2_4-1.pdf", "ab") as handle:
        handle.write(b"\n% edited\n")
    text_reads.clear()
    report = run(folder)
    assert "file-changed" in [f.problem.code for f in report.findings]
    assert text_reads == []
    # the item's own text is counted, but no words of the changed file come from the cache
    assert report.estimates[1].words < before.estimates[1].words


def test_a_damaged_cache_entry_is_read_past_and_replaced(tmp_path, text_reads):
    folder = three_bilag(tmp_path)
    first = run(folder)
    entries = sorted((tmp_path / "cache" / "pdf-text-facts").glob("*.json"))
    assert len(entries) == 3
    for entry in entries:
        entry.write_text('{"format": 1, "facts": [1, -5', encoding="utf-8")
    text_reads.clear()
    assert run(folder) == first
    assert len(text_reads) == 3
    text_reads.clear()
    run(folder)
    assert text_reads == []


@pytest.mark.slow
def test_without_a_recorded_fingerprint_the_text_is_read_every_time(tmp_path, text_reads):
    folder = three_bilag(tmp_path)
    with MeetingFolder.open(folder) as store:
        store.meeting.item("2.4").bilag[0].sha256 = None
        store.save()
    run(folder)
    run(folder)
    assert text_reads.count("2_4-1.pdf") == 2 and text_reads.count("2_2-1.pdf") == 1


@pytest.mark.slow
def test_a_second_preflight_does_not_walk_a_pdf_for_active_content_again(tmp_path, text_reads, monkeypatch):
    from tests.hostile_pdfs import hostile_pdf

    walks: list[int] = []
    find = preflight_module.find_active_content
    monkeypatch.setattr(preflight_module, "find_active_content", lambda pdf: walks.append(1) or find(pdf))
    folder = three_bilag(tmp_path)
    hostile = folder / "bilag" / "2_2-1.pdf"
    hostile_pdf(hostile)
    with MeetingFolder.open(folder) as store:
        bilag = store.meeting.item("2.2").bilag[0]
        with pikepdf.open(hostile) as pdf:
            bilag.sha256, bilag.pages = sha256_of(hostile), len(pdf.pages)
        store.save()
    first = run(folder)
    assert len(walks) == 3
    assert any(f.problem.code.startswith("pdf-active") for f in first.findings)
    walks.clear()
    assert run(folder) == first
    assert walks == []


@pytest.fixture
def access_reads(monkeypatch):
    """The PDFs whose pages the accessibility check reads (text and fonts), by file name."""
    from kkrdesk.core.export import accessibility

    reads: list[str] = []
    read_pages = accessibility._pdf_pages

    def counting(path: Path):
        reads.append(Path(path).name)
        return read_pages(path)

    monkeypatch.setattr(accessibility, "_pdf_pages", counting)
    return reads


@pytest.mark.slow
def test_a_second_preflight_reads_no_pdf_for_the_accessibility_check(tmp_path, text_reads, access_reads):
    folder = three_bilag(tmp_path)
    first = run(folder)
    assert sorted(access_reads) == ["2_2-1.pdf", "2_2-2.pdf", "2_4-1.pdf"]
    access_reads.clear()
    second = run(folder)
    assert access_reads == []
    assert second.accessibility == first.accessibility
    scanned = next(b for b in second.accessibility.bilag if b.key == "2.2/2")
    assert scanned.missing == ("tekst (siderne er scannede billeder)",)   # known from the cache


@pytest.mark.slow
def test_the_accessibility_check_reads_a_changed_file_again(tmp_path, text_reads, access_reads):
    folder = three_bilag(tmp_path)
    run(folder)
    access_reads.clear()
    with open(folder / "bilag" / "2_4-1.pdf", "ab") as handle:   # not accepted: not taken from the cache
        handle.write(b"\n% edited\n")
    run(folder)
    assert access_reads == ["2_4-1.pdf"]
    access_reads.clear()
    changed = folder / "bilag" / "2_4-1.pdf"
    make_pdf(changed, 2, text="x")                               # accepted: a new sha256, read once
    with MeetingFolder.open(folder) as store:
        bilag = store.meeting.item("2.4").bilag[0]
        bilag.sha256, bilag.pages = sha256_of(changed), 2
        store.save()
    after = run(folder)
    assert access_reads == ["2_4-1.pdf"]
    udspil = next(b for b in after.accessibility.bilag if b.key == "2.4/1")
    assert "tekst (siderne er scannede billeder)" in udspil.missing


@pytest.mark.slow
def test_the_pack_walks_only_pdfs_a_preflight_found_active_content_in(tmp_path, text_reads, monkeypatch):
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.files import pdf_active
    from tests.hostile_pdfs import active_leftovers, hostile_pdf

    walked: list[int] = []
    run_walker = pdf_active._Walker.run
    monkeypatch.setattr(pdf_active._Walker, "run", lambda self, pdf: walked.append(len(pdf.pages))
                        or run_walker(self, pdf))
    folder = three_bilag(tmp_path)
    hostile = folder / "bilag" / "2_4-1.pdf"
    hostile_pdf(hostile)
    with MeetingFolder.open(folder) as store:
        bilag = store.meeting.item("2.4").bilag[0]
        bilag.sha256, bilag.pages = sha256_of(hostile), 2
        store.save()
    meeting, _ = read_meeting(folder)
    report = run(folder)                 # finds the active content in 2.4's bilag, none in the others
    walked.clear()
    export_meeting(folder, meeting, ExportOptions(pdf=tmp_path / "pakke.pdf", use_libreoffice=False,
                                                  override=True), report=report)
    assert walked == [2]                 # only the hostile file, and it is stripped
    with pikepdf.open(tmp_path / "pakke.pdf") as pack:
        assert active_leftovers(pack) == []


@pytest.mark.slow
def test_the_pack_walks_a_pdf_whose_content_changed_after_the_preflight(tmp_path, text_reads, monkeypatch):
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.files import pdf_active
    from tests.hostile_pdfs import active_leftovers, hostile_pdf

    walked: list[int] = []
    run_walker = pdf_active._Walker.run
    monkeypatch.setattr(pdf_active._Walker, "run", lambda self, pdf: walked.append(len(pdf.pages))
                        or run_walker(self, pdf))
    folder = three_bilag(tmp_path)
    meeting, _ = read_meeting(folder)
    report = run(folder)                 # every file clean
    hostile_pdf(folder / "bilag" / "2_4-1.pdf")   # then swapped for a hostile one
    walked.clear()
    export_meeting(folder, meeting, ExportOptions(pdf=tmp_path / "pakke.pdf", use_libreoffice=False,
                                                  override=True), report=report)
    assert walked == [2]
    with pikepdf.open(tmp_path / "pakke.pdf") as pack:
        assert active_leftovers(pack) == []
