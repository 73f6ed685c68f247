"""Closing the window while the search index build has LibreOffice converting a Word bilag kills the conversion."""

from __future__ import annotations

import multiprocessing

import pytest
from PySide6.QtCore import QThreadPool

from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.core.search.extraction import POOL_MIN_FILES, WORKERS_VARIABLE
from kkrdesk.core.search.index import SearchIndex, default_index_path
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from tests.libreoffice_processes import ended, libreoffice_runs
from tests.reader_helpers import _attach, make_meeting, write_docx, write_pdf

TOWNS = ["Næstved", "Køge", "Ringsted", "Sorø", "Holbæk", "Faxe", "Stevns", "Lejre"]


def _meeting_with_a_word_bilag(root):
    """A meeting whose Word bilag is read first, before a PDF per town (enough files for the pool)."""
    folder_path = make_meeting(root, docx=False)
    with MeetingFolder.open(folder_path) as folder:
        folder.meeting.items[0].bilag.clear()
        _attach(folder, "2.2", write_docx(root / "kilder" / "notat.docx",
                                          ["Notat om praktikpladser i erhvervsskolerne."]), "Notat om praktik")
        for town in TOWNS:
            _attach(folder, "2.2", write_pdf(root / "kilder" / f"{town}.pdf", [f"Notat fra {town} Kommune."]),
                    f"Notat fra {town}")
        folder.save()
    return folder_path


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["0", "2"])
def test_closing_the_window_during_a_libreoffice_conversion_kills_it_and_keeps_no_rendering(
        qtbot, tmp_path, settings, monkeypatch, workers):
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed (tools/system-packages.sh installs it)")
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(WORKERS_VARIABLE, workers)        # one thread, or the pool whatever the load
    assert len(TOWNS) + 1 >= POOL_MIN_FILES
    folder = _meeting_with_a_word_bilag(tmp_path)
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    connect_features(window)
    window.show()
    assert window.open_meeting(folder)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    search = window.feature("reader").search
    window.feature("reader").show_search()
    seen: dict[int, str] = {}

    def libreoffice_converting() -> bool:
        seen.update(libreoffice_runs())
        return bool(seen)

    qtbot.waitUntil(libreoffice_converting, timeout=60_000)
    window.close()
    qtbot.waitUntil(lambda: not search.busy, timeout=60_000)

    assert ended(seen)
    assert multiprocessing.active_children() == []
    assert not list((tmp_path / "cache").rglob("*-tagged.pdf"))      # no rendering kept, none half-written
    assert not list((tmp_path / "cache").rglob("*.timeout"))         # and no timeout remembered
    assert SearchIndex(default_index_path(folder)).search("praktikpladser").total == 0
    assert QThreadPool.globalInstance().waitForDone(10_000)


@pytest.mark.slow
def test_searching_another_meeting_during_a_libreoffice_conversion_kills_it_and_keeps_no_rendering(
        qtbot, tmp_path, monkeypatch):
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed (tools/system-packages.sh installs it)")
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.ui.reader.search_panel import SearchPanel

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    with_word = _meeting_with_a_word_bilag(tmp_path / "først")
    without = make_meeting(tmp_path / "siden", docx=False)
    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.set_source(ReadingSource.from_folder(with_word))
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)

    with qtbot.waitSignal(panel.index_ready, timeout=60_000):
        panel.set_source(ReadingSource.from_folder(without))    # another meeting opened meanwhile
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)

    assert ended(seen)
    assert not list((tmp_path / "cache").rglob("*-tagged.pdf"))      # no rendering kept, none half-written
    assert SearchIndex(default_index_path(with_word)).search("praktikpladser").total == 0
    assert SearchIndex(default_index_path(without)).search("erhvervshus").total > 0
    panel.shutdown()
