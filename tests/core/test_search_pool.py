"""The search index read by a pool of processes: the same rows and hits as read in one thread, and when a pool is used."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkrdesk.core.files.pdf_screen import screen_ahead
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from kkrdesk.core.search import extraction
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.search.words import StemCache, folded_words, stems_of_words
from tests.reader_helpers import _attach, make_meeting, page_texts_for, write_pdf

TOWNS = ["Næstved", "Køge", "Ringsted", "Sorø", "Holbæk", "Odsherred", "Faxe", "Stevns", "Lejre", "Solrød",
         "Greve", "Roskilde"]
TABLES = ["documents", "pages", "vocabulary", "placements", "page_terms"]
QUERIES = ["kommuneplan", "køge", "erhvervshus", '"planen for"', "plan -køge", "iværksættere", "ærø",
           "budgetopfølgning", "opfølgning"]


def _many_bilag_meeting(root):
    """The reader tests' meeting plus a bilag per town (a few pages each) and one broken PDF."""
    folder_path = make_meeting(root, docx=False)
    sources = [write_pdf(root / "kilder" / f"{town}.pdf",
                         page_texts_for({n: f"{town} Kommune: kommuneplanen {number}, side {n}." for n in (1, 3)},
                                        2 + number % 4))
               for number, town in enumerate(TOWNS, start=1)]
    screen_ahead(sources)       # one screening child for all, as add-bilag does
    with MeetingFolder.open(folder_path) as folder:
        for town, source in zip(TOWNS, sources, strict=True):
            _attach(folder, "2.2", source, f"Notat fra {town}")
        broken = _attach(folder, "2.4", write_pdf(root / "kilder" / "brudt.pdf", ["Hel side."]), "Brudt")
        folder.save()
    (folder_path / broken.file).write_bytes(b"%PDF-1.7\nikke en rigtig pdf")
    return folder_path


def _rows(index: SearchIndex) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(index.path)) as db:
        return {table: db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall() for table in TABLES}


@pytest.mark.slow
def test_a_pool_of_processes_indexes_exactly_as_one_thread_does(tmp_path, monkeypatch):
    folder = _many_bilag_meeting(tmp_path)
    meeting, _ = read_meeting(folder)
    pooled = []
    in_pool = extraction._read_in_pool
    monkeypatch.setattr(extraction, "_read_in_pool", lambda *args: pooled.append(args[3]) or in_pool(*args))

    serial = SearchIndex(tmp_path / "serial.sqlite")
    serial_report = serial.update(folder, meeting, workers=0)
    assert pooled == []
    parallel = SearchIndex(tmp_path / "pool.sqlite")
    parallel_report = parallel.update(folder, meeting, workers=2)
    assert pooled == [2]

    assert serial_report.indexed == parallel_report.indexed == len(TOWNS) + 6   # and 3 items, 3 PDFs
    assert [p.format() for p in parallel_report.problems] == [p.format() for p in serial_report.problems]
    assert len(serial_report.problems) == 1 and "kunne ikke læses" in serial_report.problems[0].message
    assert _rows(parallel) == _rows(serial)
    for query in QUERIES:
        assert parallel.search(query).hits == serial.search(query).hits, query
    town_pages = sum(len([n for n in (1, 3) if n <= 2 + number % 4]) for number in range(1, len(TOWNS) + 1))
    assert len(parallel.search("kommuneplan").hits) == town_pages


def _worker_that_dies(*_args):
    """Stands in for the pool's extraction function (found by name in the spawned worker): it dies."""
    os._exit(3)


@pytest.mark.slow
def test_a_worker_that_dies_costs_no_file_the_rest_is_read_in_one_thread(tmp_path, monkeypatch):
    folder = _many_bilag_meeting(tmp_path)
    meeting, _ = read_meeting(folder)
    serial = SearchIndex(tmp_path / "serial.sqlite")
    serial.update(folder, meeting, workers=0)

    monkeypatch.setattr(extraction, "_extract_in_worker", _worker_that_dies)
    parallel = SearchIndex(tmp_path / "pool.sqlite")
    report = parallel.update(folder, meeting, workers=2)

    assert report.indexed == len(TOWNS) + 6
    assert _rows(parallel) == _rows(serial)


def test_a_pool_that_cannot_start_its_workers_costs_no_file(tmp_path, monkeypatch):
    from concurrent.futures import ProcessPoolExecutor

    folder = _many_bilag_meeting(tmp_path)
    meeting, _ = read_meeting(folder)
    serial = SearchIndex(tmp_path / "serial.sqlite")
    serial.update(folder, meeting, workers=0)

    def cannot_start(*_args, **_kwargs):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(ProcessPoolExecutor, "submit", cannot_start)
    parallel = SearchIndex(tmp_path / "pool.sqlite")
    assert parallel.update(folder, meeting, workers=2).indexed == len(TOWNS) + 6
    assert _rows(parallel) == _rows(serial)


def test_few_files_are_read_in_one_thread_even_with_workers(tmp_path, monkeypatch):
    folder = make_meeting(tmp_path, docx=False)
    meeting, _ = read_meeting(folder)
    monkeypatch.setattr(extraction, "_read_in_pool", pytest.fail)
    assert SearchIndex(tmp_path / "index.sqlite").update(folder, meeting, workers=4).indexed == 6


@pytest.mark.parametrize(("cores", "load", "workers"), [(2, 0.2, 2), (2, 0.6, 2), (2, 1.4, 2), (2, 2.3, 0),
                                                         (8, 1.0, 4), (4, 2.0, 2), (4, 3.2, 2), (1, 0.0, 0)])
def test_a_pool_only_where_a_core_is_idle_and_there_are_two(monkeypatch, cores, load, workers):
    monkeypatch.setattr(extraction.os, "sched_getaffinity", lambda _: set(range(cores)), raising=False)
    monkeypatch.setattr(extraction.os, "getloadavg", lambda: (load, load, load), raising=False)
    assert extraction.pool_workers() == workers


def test_without_a_load_average_every_core_counts_as_free(monkeypatch):
    monkeypatch.delattr(extraction.os, "getloadavg", raising=False)
    monkeypatch.setattr(extraction.os, "sched_getaffinity", lambda _: {0, 1, 2}, raising=False)
    assert extraction.spare_cores() == 3


@given(st.lists(st.text(alphabet="abcæøå kommuneplanerns", max_size=40), max_size=8))
def test_the_stem_cache_gives_the_stemmers_own_stems(texts):
    cache = StemCache()
    for text in texts:
        folded = folded_words(text)
        assert " ".join(cache.of(folded)) == stems_of_words(folded)


@pytest.mark.parametrize(("chosen", "workers"), [("2", 2), ("0", 0), ("9", extraction.MAX_WORKERS), ("", None),
                                                  ("mange", None)])
def test_the_environment_can_choose_the_number_of_workers(monkeypatch, chosen, workers):
    monkeypatch.setattr(extraction, "usable_cores", lambda: 1)    # by load alone: no pool
    monkeypatch.setenv(extraction.WORKERS_VARIABLE, chosen)
    assert extraction.pool_workers() == (0 if workers is None else workers)
