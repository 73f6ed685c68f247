"""Cancelling an index update: it stops between files and pages, ends the pool's workers, keeps what it stored."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from concurrent.futures import Future, wait
from contextlib import closing
from pathlib import Path

import pytest

from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.search import extraction
from kkrdesk.core.search.extraction import IndexingCancelled
from kkrdesk.core.search.index import SearchIndex
from tests import reader_helpers
from tests.reader_helpers import make_meeting

TOWNS = reader_helpers.TOWNS[:10]
PAGES_PER_TOWN = 12


def _meeting_of_towns(root):
    """The reader tests' meeting plus a bilag per town, each town's name on every one of its pages."""
    return reader_helpers.make_meeting_of_towns(root, TOWNS, PAGES_PER_TOWN, range(1, PAGES_PER_TOWN + 1))


def _cancel_after(documents: int):
    """A progress callback that asks to stop once ``documents`` texts were stored, and the flag it sets."""
    stop = threading.Event()

    def progress(done: int, _total: int, _label: str) -> None:
        if done + 1 >= documents:
            stop.set()

    return progress, stop


def _documents(index: SearchIndex) -> int:
    with closing(sqlite3.connect(index.path)) as db:
        return db.execute("SELECT count(*) FROM documents").fetchone()[0]


def _towns_found(index: SearchIndex) -> set[str]:
    return {town for town in TOWNS if index.search(town).total}


@pytest.mark.slow
@pytest.mark.parametrize("workers", [0, 2])
def test_a_cancelled_update_keeps_what_it_stored_and_the_next_one_reads_the_rest(tmp_path, workers):
    folder = _meeting_of_towns(tmp_path)
    meeting, _ = read_meeting(folder)
    index = SearchIndex(tmp_path / "index.sqlite")
    progress, stop = _cancel_after(3)

    with pytest.raises(IndexingCancelled):
        index.update(folder, meeting, progress=progress, workers=workers, cancelled=stop.is_set)

    stored = _towns_found(index)
    assert 0 < len(stored) < len(TOWNS)         # stopped part-way, the towns read before it kept
    assert _documents(index) == 2 + len(stored)     # item 2.2 and its first bilag came before the towns
    hit = index.search(next(iter(stored))).hits[0]
    assert hit.item_number == "2.2" and hit.page == 1   # found where it is in the meeting now

    report = index.update(folder, meeting, workers=workers)
    assert _towns_found(index) == set(TOWNS)
    assert report.indexed == len(TOWNS) + 6 - 2 - len(stored)   # 3 items and 3 PDFs beside the towns
    fresh = SearchIndex(tmp_path / "fresh.sqlite")
    fresh.update(folder, meeting, workers=0)
    for query in [*TOWNS, "kommune", "iværksættere", "budgetopfølgning"]:
        assert index.search(query).hits == fresh.search(query).hits, query


@pytest.mark.slow
def test_a_cancel_stops_the_pool_between_files_also_when_its_workers_are_ahead(tmp_path, monkeypatch):
    folder = _meeting_of_towns(tmp_path)
    meeting, _ = read_meeting(folder)
    outcome = extraction._outcome

    def read_before_asked(entry, cancelled):
        if isinstance(entry, Future):
            wait([entry])       # the workers ahead of the index: every text is there before it is asked for
        return outcome(entry, cancelled)

    monkeypatch.setattr(extraction, "_outcome", read_before_asked)
    index = SearchIndex(tmp_path / "index.sqlite")
    progress, stop = _cancel_after(4)
    with pytest.raises(IndexingCancelled):
        index.update(folder, meeting, progress=progress, workers=2, cancelled=stop.is_set)
    assert _documents(index) == 4       # item 2.2, its first bilag and two towns: the file asked for then
    assert multiprocessing.active_children() == []


MARKS = "KKRDESK_TEST_CANCEL_MARKS"      # the folder where the stand-in worker says how it ended
WORKER_PATIENCE_SECONDS = 60


def _reading_until_stopped(path, sha, rendering):
    """Stands in for the pool's extraction function: reads "pages" until told to stop, for a minute at most."""
    (Path(os.environ[MARKS]) / f"reading-{sha}").touch()
    for _ in range(WORKER_PATIENCE_SECONDS * 100):
        try:
            extraction._stop_between_pages(1, 1)
        except extraction._Stopped:
            (Path(os.environ[MARKS]) / f"stopped-{sha}").touch()
            return None
        time.sleep(0.01)
    (Path(os.environ[MARKS]) / f"finished-{sha}").touch()
    return extraction._Failure("læst til ende", str(path), "")


@pytest.mark.slow
def test_cancelling_stops_the_workers_in_the_middle_of_their_files(tmp_path, monkeypatch):
    folder = _meeting_of_towns(tmp_path)
    meeting, _ = read_meeting(folder)
    (tmp_path / "marks").mkdir()
    monkeypatch.setenv(MARKS, str(tmp_path / "marks"))
    monkeypatch.setattr(extraction, "_extract_in_worker", _reading_until_stopped)
    marks = tmp_path / "marks"

    def cancel_once_a_worker_reads() -> bool:
        return any(marks.glob("reading-*"))

    with pytest.raises(IndexingCancelled):
        SearchIndex(tmp_path / "index.sqlite").update(folder, meeting, workers=2,
                                                      cancelled=cancel_once_a_worker_reads)

    began = {mark.name.split("-", 1)[1] for mark in marks.glob("reading-*")}
    assert began
    assert {mark.name.split("-", 1)[1] for mark in marks.glob("stopped-*")} == began
    assert not any(marks.glob("finished-*"))
    assert multiprocessing.active_children() == []


def test_reading_in_one_thread_stops_between_the_pages_of_a_long_pdf(tmp_path, monkeypatch):
    folder = make_meeting(tmp_path, docx=False)
    meeting, _ = read_meeting(folder)
    stop = threading.Event()
    pages_read: list[int] = []
    extract = extraction.extract_text

    def counting_pages(path, *, sha256, rendering, on_page, cancelled):
        def page(done: int, total: int) -> None:
            pages_read.append(done)
            if done == 3:
                stop.set()          # asked to stop while page 3 of the 8-page bilag is read
            on_page(done, total)
        return extract(path, sha256=sha256, rendering=rendering, on_page=page, cancelled=cancelled)

    monkeypatch.setattr(extraction, "extract_text", counting_pages)
    index = SearchIndex(tmp_path / "index.sqlite")
    with pytest.raises(IndexingCancelled):
        index.update(folder, meeting, workers=0, cancelled=stop.is_set)
    assert max(pages_read) == 3
    assert index.search("erhvervshus").total == 0      # the bilag stopped in is not half stored
    assert _documents(index) == 1                        # item 2.2's own text, read before it, is
    assert index.update(folder, meeting, workers=0).indexed == 5


def test_a_cancel_before_reading_stores_nothing_and_is_told_in_danish(tmp_path):
    folder = make_meeting(tmp_path, docx=False)
    meeting, _ = read_meeting(folder)
    index = SearchIndex(tmp_path / "index.sqlite")
    with pytest.raises(IndexingCancelled) as raised:
        index.update(folder, meeting, workers=0, cancelled=lambda: True)
    assert "afbrudt" in raised.value.format()
    assert index.search("kkr").total == 0
    assert index.update(folder, meeting, workers=0).indexed == 6


def test_a_member_pack_cancelled_while_its_index_is_built_leaves_the_old_pack_as_it_was(tmp_path, monkeypatch):
    from kkrdesk.core.pack.writer import write_pack

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KKRDESK_DATA_DIR", str(tmp_path / "data"))
    folder = make_meeting(tmp_path, docx=False)
    target = tmp_path / "ud" / "møde.kkrpack"
    write_pack(folder, target)
    before = target.read_bytes()
    calls = 0

    def cancel_after_the_first_files() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    with pytest.raises(IndexingCancelled):
        write_pack(folder, target, include_closed=True, cancelled=cancel_after_the_first_files)
    assert target.read_bytes() == before
    assert [path.name for path in target.parent.iterdir()] == [target.name]
