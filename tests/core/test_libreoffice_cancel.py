"""A cancel reaches LibreOffice wherever it runs (index build, archive, member pack, export, referat): the
conversion's process group is killed, its folder removed, nothing cached or half-written kept."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from kkrdesk.core.archive.index import ArchiveIndex
from kkrdesk.core.archive.search import search_archive
from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from kkrdesk.core.export.referat_export import ReferatOptions, export_referat
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from kkrdesk.core.office.isolation import Stopped
from kkrdesk.core.office.libreoffice import convert_to_pdf
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.core.pack.writer import write_pack
from kkrdesk.core.search.extraction import IndexingCancelled
from kkrdesk.core.search.index import SearchIndex
from tests.libreoffice_processes import ended, libreoffice_runs
from tests.reader_helpers import _attach, make_meeting, write_docx


@pytest.fixture(autouse=True)
def libreoffice(tmp_path, monkeypatch):
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed (tools/system-packages.sh installs it)")
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))


class CancelOnceLibreOfficeRuns:
    """A cancel question that turns true once LibreOffice itself (soffice.bin, not its shell script) runs on
    the conversion, counting the questions after."""

    def __init__(self) -> None:
        self.seen: dict[int, str] = {}
        self.asked_after = 0

    def __call__(self) -> bool:
        if self.seen:
            self.asked_after += 1
            return True
        self.seen = libreoffice_runs()
        return bool(self.seen)


def _notat(folder: Path) -> Path:
    return write_docx(folder / "notat om praktikpladser.docx",
                      ["Notat om praktikpladser i erhvervsskolerne i Næstved og Køge.",
                       "Anden side: erhvervshus og vækst."])


@pytest.mark.slow
def test_a_cancel_during_a_conversion_kills_libreoffice_and_keeps_nothing(tmp_path):
    cancel = CancelOnceLibreOfficeRuns()
    with pytest.raises(Stopped):
        convert_to_pdf(_notat(tmp_path), cache_dir=tmp_path / "pdf", cancelled=cancel)
    assert cancel.asked_after == 0                 # stopped at the first poll that saw the cancel
    assert ended(cancel.seen)                 # the whole process group: soffice.bin, oosplash killed
    assert list((tmp_path / "pdf").iterdir()) == []        # no PDF, no timeout remembered
    assert not list(Path(tempfile.gettempdir()).glob(f"kkrdesk-lo-{os.getpid()}-*"))   # work folder removed


@pytest.mark.slow
def test_a_cancelled_index_build_stops_libreoffice_and_the_next_one_converts_the_document(tmp_path):
    folder_path = make_meeting(tmp_path, docx=False)
    with MeetingFolder.open(folder_path) as folder:
        _attach(folder, "2.4", _notat(tmp_path / "kilder"), "Notat om praktik")
        folder.save()
        meeting = folder.meeting
    index = SearchIndex(tmp_path / "indeks.sqlite")
    cancel = CancelOnceLibreOfficeRuns()
    with pytest.raises(IndexingCancelled):
        index.update(folder_path, meeting, workers=0, cancelled=cancel)
    assert cancel.seen and ended(cancel.seen)
    assert index.search("praktikpladser").total == 0
    report = index.update(folder_path, meeting, workers=0)
    assert report.problems == []
    [hit] = index.search("praktikpladser").hits
    assert (hit.item_number, hit.page) == ("2.4", 1)


class UserCancelled(Exception):
    """The caller's own cancel exception, as the window's progress raises it."""


class CancellingProgress(CancelOnceLibreOfficeRuns):
    """An export's progress sink whose check() raises once LibreOffice runs, as the window's does after Annullér."""

    def report(self, done: int, total: int, text: str = "") -> None:
        pass

    def check(self) -> None:
        if self():
            raise UserCancelled


def _nothing_left_running(cancel: CancelOnceLibreOfficeRuns) -> None:
    assert cancel.seen, "LibreOffice never ran"
    assert ended(cancel.seen)
    assert not list(Path(tempfile.gettempdir()).glob(f"kkrdesk-*-{os.getpid()}-*"))


def _cached_pdfs(tmp_path: Path) -> list[Path]:
    return list((tmp_path / "cache").rglob("*.pdf"))


@pytest.mark.slow
def test_a_cancelled_member_pack_stops_the_rendering_of_a_word_bilag_and_keeps_the_old_pack(tmp_path):
    folder_path = make_meeting(tmp_path)
    output = tmp_path / "ud" / "møde.kkrpack"
    output.parent.mkdir()
    output.write_bytes(b"the pack made yesterday")
    cancel = CancelOnceLibreOfficeRuns()
    with pytest.raises(Stopped):
        write_pack(folder_path, output, cancelled=cancel)
    assert cancel.asked_after == 0                  # stopped at the first poll that saw the cancel
    _nothing_left_running(cancel)
    assert _cached_pdfs(tmp_path) == []             # no rendering the next pack would trust
    assert output.read_bytes() == b"the pack made yesterday"
    assert sorted(p.name for p in output.parent.iterdir()) == ["møde.kkrpack"]


@pytest.mark.slow
def test_a_cancelled_export_stops_the_conversion_of_a_word_bilag_and_writes_no_pack(tmp_path):
    folder_path = make_meeting(tmp_path)
    meeting, _ = read_meeting(folder_path)
    target = tmp_path / "ud" / "bilagspakke.pdf"
    progress = CancellingProgress()
    with pytest.raises(UserCancelled):
        export_meeting(folder_path, meeting, ExportOptions(pdf=target, override=True), progress=progress)
    assert progress.asked_after == 1                # the one check() that raised, right after the kill
    _nothing_left_running(progress)
    assert _cached_pdfs(tmp_path) == []
    assert not target.parent.exists() or list(target.parent.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_a_cancelled_export_stops_the_table_of_contents_update_and_keeps_the_old_agenda(tmp_path):
    folder_path = make_meeting(tmp_path, docx=False)      # no bilag to convert: LibreOffice runs for the TOC only
    meeting, _ = read_meeting(folder_path)
    target = tmp_path / "ud" / "dagsorden.docx"
    target.parent.mkdir()
    target.write_bytes(b"the agenda sent yesterday")
    progress = CancellingProgress()
    with pytest.raises(UserCancelled):
        export_meeting(folder_path, meeting, ExportOptions(docx=target, override=True), progress=progress)
    assert progress.asked_after == 1
    _nothing_left_running(progress)
    assert target.read_bytes() == b"the agenda sent yesterday"
    assert sorted(p.name for p in target.parent.iterdir()) == ["dagsorden.docx"]   # no draft left


@pytest.mark.slow
@pytest.mark.skipif(not can_update_indexes(), reason="LibreOffice with Python-UNO is not installed")
def test_a_cancelled_referat_stops_libreoffice_and_writes_neither_file(tmp_path):
    folder_path = make_meeting(tmp_path, docx=False)
    meeting, _ = read_meeting(folder_path)
    out = tmp_path / "ud"
    progress = CancellingProgress()
    with pytest.raises(UserCancelled):
        export_referat(folder_path, meeting, ReferatOptions(docx=out / "referat.docx", pdf=out / "referat.pdf"),
                       progress=progress)
    assert progress.asked_after == 1
    _nothing_left_running(progress)
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_a_cancelled_archive_refresh_stops_libreoffice_keeps_what_it_read_and_reads_the_rest_next_time(tmp_path):
    make_meeting(tmp_path / "arkiv")                      # a meeting folder whose item 2.4 has a Word bilag
    index = ArchiveIndex(tmp_path / "arkiv", tmp_path / "arkiv.sqlite")
    cancel = CancelOnceLibreOfficeRuns()
    with pytest.raises(IndexingCancelled):
        index.refresh(cancelled=cancel)
    _nothing_left_running(cancel)
    assert _cached_pdfs(tmp_path) == []
    assert search_archive(index, "praktikpladser").total == 0

    report = index.refresh()
    assert report.added == ["møde"] and report.problems == []
    assert report.documents_read == 2       # the Word bilag and the PDF after it; the texts before were kept
    [group] = search_archive(index, "praktikpladser").groups
    assert [hit.location() for hit in group.hits] == ["Punkt 2.4, bilag 2, side 1"]
