"""Closing the window while a search index is being built stops the build; the next opening continues it."""

from __future__ import annotations

import multiprocessing
import threading
import time

import pytest
from PySide6.QtCore import QThreadPool

from kkrdesk.core.search.extraction import WORKERS_VARIABLE, never_cancelled
from kkrdesk.core.search.index import SearchIndex, default_index_path
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from tests.reader_helpers import TOWNS, make_meeting_of_towns

PAGES_PER_TOWN = 40
HELD_AFTER_TOWNS = 4     # the first index build waits, this many towns stored, until the window asks it to stop
CANCEL_PATIENCE_SECONDS = 60


def _meeting_of_towns(root):
    """A meeting with a 40-page bilag per town, the town's name on its last page."""
    return make_meeting_of_towns(root, TOWNS, PAGES_PER_TOWN, [PAGES_PER_TOWN])


def _holding_the_first_build(monkeypatch) -> threading.Event:
    """The first index build pauses once HELD_AFTER_TOWNS towns are stored, until it is cancelled (or a
    minute passes), so the window is closed half-way whatever the load; the event is set when it pauses."""
    update, held = SearchIndex.update, threading.Event()

    def holding(index, folder, meeting, *, progress=None, cancelled=never_cancelled, **rest):
        def report(done: int, total: int, label: str) -> None:
            if done == 2 + HELD_AFTER_TOWNS and not held.is_set():     # item 2.2 and its first bilag, then the towns
                held.set()
                for _ in range(CANCEL_PATIENCE_SECONDS * 100):
                    if cancelled():
                        break
                    time.sleep(0.01)
            progress(done, total, label)

        first = progress is not None and not held.is_set()
        return update(index, folder, meeting, progress=report if first else progress, cancelled=cancelled, **rest)

    monkeypatch.setattr(SearchIndex, "update", holding)
    return held


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
    held = _holding_the_first_build(monkeypatch)
    window = _window(qtbot, settings, tmp_path)
    assert window.open_meeting(folder)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    reader = window.feature("reader")
    reader.show_search()
    search = reader.search
    qtbot.waitUntil(held.is_set, timeout=60_000)    # a few bilag read

    window.close()
    qtbot.waitUntil(lambda: not search.busy, timeout=60_000)
    assert multiprocessing.active_children() == []         # no worker left reading
    stored = _towns_found(folder)
    assert set(TOWNS[:HELD_AFTER_TOWNS]) <= stored       # what was read is kept
    assert len(stored) < len(TOWNS)     # stopped, not waited for
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
