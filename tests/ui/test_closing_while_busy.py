"""Closing the window while a search index is being built stops the build; the next opening continues it."""

from __future__ import annotations

import multiprocessing

import pytest
from PySide6.QtCore import QThreadPool

from kkrdesk.core.files.pdf_screen import screen_ahead
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.search.extraction import WORKERS_VARIABLE
from kkrdesk.core.search.index import SearchIndex, default_index_path
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from tests.reader_helpers import _attach, make_meeting, page_texts_for, write_pdf

TOWNS = ["Næstved", "Køge", "Ringsted", "Sorø", "Holbæk", "Odsherred", "Faxe", "Stevns", "Lejre", "Solrød",
         "Greve", "Roskilde", "Kalundborg", "Slagelse", "Vordingborg", "Guldborgsund", "Lolland"]
PAGES_PER_TOWN = 40


def _meeting_of_towns(root):
    """A meeting with a 40-page bilag per town, the town's name on its last page."""
    folder_path = make_meeting(root, docx=False)
    sources = [write_pdf(root / "kilder" / f"{town}.pdf",
                         page_texts_for({PAGES_PER_TOWN: f"Notat fra {town} Kommune."}, PAGES_PER_TOWN))
               for town in TOWNS]
    screen_ahead(sources)
    with MeetingFolder.open(folder_path) as folder:
        for town, source in zip(TOWNS, sources, strict=True):
            _attach(folder, "2.2", source, f"Notat fra {town}")
        folder.save()
    return folder_path


def _window(qtbot, settings, tmp_path) -> MainWindow:
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    connect_features(window)
    window.show()
    return window


def _towns_found(folder) -> set[str]:
    index = SearchIndex(default_index_path(folder))
    return {town for town in TOWNS if index.search(town).total}


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["0", "2"])
def test_closing_the_window_stops_the_index_build_and_the_next_opening_continues(qtbot, tmp_path, settings,
                                                                                 monkeypatch, workers):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(WORKERS_VARIABLE, workers)       # one thread, or a pool whatever the load
    folder = _meeting_of_towns(tmp_path)
    window = _window(qtbot, settings, tmp_path)
    assert window.open_meeting(folder)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    reader = window.feature("reader")
    reader.show_search()
    search = reader.search
    qtbot.waitUntil(lambda: search.progress.value() >= 4, timeout=60_000)    # a few bilag read

    window.close()
    qtbot.waitUntil(lambda: not search.busy, timeout=60_000)
    assert multiprocessing.active_children() == []         # no worker left reading
    stored = _towns_found(folder)
    assert 2 <= len(stored) < len(TOWNS)     # stopped, not waited for; what was read is kept
    assert QThreadPool.globalInstance().waitForDone(10_000)

    again = _window(qtbot, settings, tmp_path)
    assert again.open_meeting(folder)
    with qtbot.waitSignal(again.feature("reader").search.index_ready, timeout=120_000):
        again.feature("reader").show_search()
    assert _towns_found(folder) == set(TOWNS)
    hits = SearchIndex(default_index_path(folder)).search("Lolland").hits
    assert [(hit.item_number, hit.bilag_number, hit.page) for hit in hits] == [("2.2", len(TOWNS) + 1,
                                                                               PAGES_PER_TOWN)]
    again.close()


@pytest.mark.slow
def test_closing_the_window_while_a_member_pack_is_made_stops_it_and_writes_nothing(qtbot, tmp_path, settings,
                                                                                  monkeypatch, stub_dialogs):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    folder = _meeting_of_towns(tmp_path)
    window = _window(qtbot, settings, tmp_path)
    assert window.open_meeting(folder)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    packs = window.feature("packs")
    stub_dialogs.answers["save_file"] = tmp_path / "ud" / "medlemmer"
    packs.make_pack()
    assert packs.busy

    window.close()
    qtbot.waitUntil(lambda: not packs.busy, timeout=60_000)
    assert not (tmp_path / "ud" / "medlemmer.kkrpack").exists()
    assert [kind for kind, *_ in stub_dialogs.shown if kind == "error"] == []
