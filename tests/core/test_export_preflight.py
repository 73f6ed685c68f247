"""The check list before export: files, PDFs, closed material, "jf. bilag N", estimates; errors block."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from kkrdesk.core.export.exporter import ExportBlocked, ExportOptions, export_meeting
from kkrdesk.core.export.preflight import preflight, reading_time
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.model import Bilag
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting


def run(folder: Path, **options):
    meeting, _ = read_meeting(folder)
    return preflight(folder, meeting, use_libreoffice=False, **options)


def codes(report, severity=None):
    return [f.problem.code for f in report.findings if severity is None or f.problem.severity == severity]


def two_items(tmp_path, **item_options):
    return make_meeting(tmp_path / "møde", [
        ItemSpec("2.2", "Samarbejde", bilag=[BilagSpec("Opsamling", 3), BilagSpec("Evaluering", 2)],
                 **item_options),
        ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Udspil", 4)])])


@pytest.mark.slow
def test_a_clean_meeting_has_no_errors_and_estimates_pages_and_time(tmp_path):
    report = run(two_items(tmp_path))
    assert not report.blocking and codes(report) == []
    first = report.estimates[0]
    assert (first.number, first.bilag, first.pages) == ("2.2", 2, 5)
    assert first.words > 0 and first.minutes >= 1
    assert report.total_pages == 9
    assert report.summary().startswith("Ingen fejl. Bilagene fylder 9 sider")


def test_missing_and_changed_files_are_errors(tmp_path):
    folder = two_items(tmp_path)
    (folder / "bilag" / "2_2-1.pdf").unlink()
    with open(folder / "bilag" / "2_4-1.pdf", "ab") as handle:
        handle.write(b"\n% edited\n")
    report = run(folder)
    assert report.blocking
    assert sorted(codes(report, "error")) == ["file-changed", "file-missing"]
    places = {(f.place.item, f.place.bilag) for f in report.findings}
    assert places == {("2.2", 1), ("2.4", 1)}


def test_encrypted_and_damaged_pdfs_are_errors(tmp_path):
    folder = two_items(tmp_path)

    def encrypt(path):
        with pikepdf.open(path, allow_overwriting_input=True) as pdf:
            pdf.save(path, encryption=pikepdf.Encryption(user="kode", owner="ejer"))

    encrypt(folder / "bilag" / "2_2-1.pdf")
    (folder / "bilag" / "2_4-1.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF")
    with MeetingFolder.open(folder) as store:
        for _, bilag in store.meeting.all_bilag():
            bilag.sha256 = sha256_of(folder / bilag.file)
        store.save()
    report = run(folder)
    assert sorted(codes(report, "error")) == ["file-damaged", "file-encrypted"]


def test_a_scanned_pdf_is_flagged_as_not_searchable(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Scanning", bilag=[BilagSpec("Skannet brev", 3, kind="scan")])])
    report = run(folder)
    assert codes(report) == ["pdf-no-text"] and not report.blocking
    assert report.estimates[0].minutes >= 3 * 2  # unreadable pages still take time to read


def test_pages_with_only_a_stamped_number_count_as_scanned_and_are_told_so(tmp_path):
    from tests.factories import make_pdf

    folder = two_items(tmp_path)
    stamped = folder / "bilag" / "2_2-1.pdf"
    make_pdf(stamped, pages=3, text="Side {n}")        # a scan with a page number stamped on: a few letters
    with MeetingFolder.open(folder) as store:
        for _, bilag in store.meeting.all_bilag():
            bilag.sha256 = sha256_of(folder / bilag.file)
        store.save()
    report = run(folder)
    [finding] = [f for f in report.findings if f.problem.code == "pdf-no-text"]
    assert finding.place.item == "2.2" and "et par ord" in finding.problem.message


def test_the_same_file_under_a_closed_and_an_open_bilag_would_leak(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("3.1", "Personsag", bilag=[BilagSpec("Indstilling", 2)], closed=True),
        ItemSpec("3.2", "Åben sag", bilag=[BilagSpec("Notat", 2)])])
    with MeetingFolder.open(folder) as store:
        closed_file = store.meeting.item("3.1").bilag[0]
        store.meeting.item("3.2").bilag[0].file = closed_file.file
        store.meeting.item("3.2").bilag[0].sha256 = closed_file.sha256
        store.save()
    report = run(folder)
    assert codes(report, "error") == ["closed-leak"]
    assert "lukkede bilag 1 til punkt 3.1" in report.findings[0].problem.message
    with_closed = run(folder, include_closed=True)
    assert codes(with_closed) == ["closed-included"]
    assert not with_closed.blocking


@pytest.mark.slow
def test_references_in_item_texts_must_point_at_existing_bilag(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("2.2", "Samarbejde", bilag=[BilagSpec("Opsamling", 1), BilagSpec("Evaluering", 1, closed=True)],
                 sagsfremstilling="Resultaterne står i bilag 1, jf. bilag 2 og bilag 3. Se også bilag 1 til "
                                  "punkt 2.4 og bilag 1 til punkt 9.9."),
        ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Udspil", 1)])])
    report = run(folder)
    messages = {f.problem.code: f.problem.message for f in report.findings}
    assert sorted(codes(report)) == ["reference-closed", "reference-missing", "reference-missing"]
    assert "bilag 3" in messages["reference-missing"] or "9.9" in messages["reference-missing"]
    missing = [f.problem.message for f in report.findings if f.problem.code == "reference-missing"]
    assert any("punktet har kun 2 bilag" in m for m in missing)
    assert any("intet punkt 9.9" in m for m in missing)
    assert all(f.place.item == "2.2" for f in report.findings)


def test_ranges_and_lists_of_bilag_are_understood(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Punkt", bilag=[BilagSpec("A", 1), BilagSpec("B", 1)],
                 sagsfremstilling="Se bilagene 1 og 2 samt bilag 1-3.")])
    report = run(folder)
    assert codes(report) == ["reference-missing"]
    assert "bilag 3" in report.findings[0].problem.message


def test_word_bilag_without_libreoffice_is_a_warning_not_an_error(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("Notat", 2, kind="docx")])])
    report = run(folder)
    assert codes(report) == ["needs-libreoffice"] and not report.blocking


def test_errors_block_the_export_unless_overridden(tmp_path):
    folder = two_items(tmp_path)
    (folder / "bilag" / "2_2-1.pdf").unlink()
    meeting, _ = read_meeting(folder)
    target = tmp_path / "ud" / "bilag.pdf"
    with pytest.raises(ExportBlocked) as blocked:
        export_meeting(folder, meeting, ExportOptions(pdf=target, use_libreoffice=False))
    assert [p.code for p in blocked.value.problems] == ["file-missing"]
    assert not target.exists()
    result = export_meeting(folder, meeting, ExportOptions(pdf=target, use_libreoffice=False, override=True))
    assert target.is_file() and not result.complete
    assert "bilag 1 til punkt 2.2" in result.problems[0].message


def test_reading_time_reads_like_danish():
    assert reading_time(40) == "40 min."
    assert reading_time(60) == "1 time"
    assert reading_time(145) == "2 timer 25 min."


def test_hostile_pdfs_from_the_corpus_give_messages_not_crashes(tmp_path, shared):
    corpus = [shared / "corpus" / "qpdf" / name for name in
              ("deep-pages.pdf", "pages-loop.pdf", "enc-R3,V2,U=view,O=master.pdf", "bad-xref.pdf")]
    corpus.append(shared / "corpus" / "pikepdf" / "congress.pdf")
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Korpus", bilag=[])])
    with MeetingFolder.open(folder) as store:
        for source in corpus:
            target = folder / "bilag" / source.name.replace(",", "_")
            target.write_bytes(source.read_bytes())
            store.meeting.items[0].bilag.append(Bilag(source.stem, f"bilag/{target.name}", FileKind.PDF,
                                                      sha256=sha256_of(target)))
        store.save()
    report = run(folder)
    by_bilag = {}
    for finding in report.findings:
        by_bilag.setdefault(finding.place.bilag, []).append(finding.problem.code)
    assert "file-hostile" in by_bilag[1]           # deep page tree
    assert "file-encrypted" in by_bilag[3]
    assert "pdf-no-text" in by_bilag[5]            # a scanned page
