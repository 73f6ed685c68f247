"""A cancel reaches LibreOffice: the conversion's process group is killed, its folder removed, nothing cached."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.office.isolation import Stopped
from kkrdesk.core.office.libreoffice import convert_to_pdf, find_soffice
from kkrdesk.core.search.extraction import IndexingCancelled
from kkrdesk.core.search.index import SearchIndex
from tests.libreoffice_processes import alive, conversions, libreoffice_runs
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
    assert conversions() == {}                # the whole process group is gone
    assert not any(alive(pid) for pid in cancel.seen)        # soffice.bin, oosplash: killed
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
    assert cancel.seen and conversions() == {} and not any(alive(pid) for pid in cancel.seen)
    assert index.search("praktikpladser").total == 0
    report = index.update(folder_path, meeting, workers=0)
    assert report.problems == []
    [hit] = index.search("praktikpladser").hits
    assert (hit.item_number, hit.page) == ("2.4", 1)
