"""The screening verdicts' disk cache: one SQLite file, one transaction per batch, and never an error."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading

import pytest

from kkrdesk import __version__
from kkrdesk.core.files import verdicts

PAGES: verdicts.Verdict = {"pages": 3, "needs_repair": False, "final": True}
REFUSED: verdicts.Verdict = {"refused": {"reason": "hostile", "message": "for dyb", "hint": "udskriv"},
                             "final": True}


@pytest.fixture(autouse=True)
def cache(monkeypatch, tmp_path):
    folder = tmp_path / "cache"
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(folder))
    return folder


def _sha(n: int) -> str:
    return f"{n:064x}"


def test_verdicts_written_in_one_batch_are_read_back_one_by_one_and_together(cache):
    verdicts.write_verdicts([(_sha(1), PAGES), (_sha(2), REFUSED)])
    assert verdicts.read_verdict(_sha(1)) == PAGES
    assert verdicts.read_verdict(_sha(2)) == REFUSED
    assert verdicts.read_verdict(_sha(3)) is None
    assert verdicts.read_verdicts([_sha(3), _sha(2), _sha(1)]) == {_sha(1): PAGES, _sha(2): REFUSED}
    assert sorted(path.name for path in cache.iterdir() if not path.name.endswith(("-wal", "-shm"))) \
        == [verdicts.STORE_NAME]


def test_a_batch_is_one_transaction(cache):
    statements: list[str] = []
    verdicts.write_verdict(_sha(0), PAGES)       # the cache made first
    [db] = verdicts._opened().values()
    db.set_trace_callback(statements.append)
    verdicts.write_verdicts([(_sha(n), PAGES) for n in range(1, 121)])
    db.set_trace_callback(None)
    assert [s.split()[0] for s in statements].count("COMMIT") == 1
    assert len(verdicts.read_verdicts(_sha(n) for n in range(121))) == 121


def test_no_cache_yet_is_no_verdict_and_reading_makes_no_file(cache):
    assert verdicts.read_verdict(_sha(1)) is None
    assert not cache.exists()


def test_a_damaged_cache_costs_only_time_and_is_begun_anew(cache):
    cache.mkdir()
    (cache / verdicts.STORE_NAME).write_bytes(b"ikke en database " * 500)
    assert verdicts.read_verdict(_sha(1)) is None            # no error
    verdicts.write_verdict(_sha(1), PAGES)                    # no error: the damaged file is set aside
    verdicts.write_verdict(_sha(1), PAGES)
    assert verdicts.read_verdict(_sha(1)) == PAGES


def test_a_locked_cache_costs_only_time(cache, monkeypatch):
    verdicts.write_verdict(_sha(1), PAGES)
    monkeypatch.setattr(verdicts, "BUSY_SECONDS", 0.05)
    verdicts._opened().clear()
    other = sqlite3.connect(cache / verdicts.STORE_NAME, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")            # another process in the middle of its own write
    try:
        verdicts.write_verdict(_sha(2), PAGES)  # no error; the verdict is simply not kept
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert verdicts.read_verdict(_sha(2)) is None
    assert verdicts.read_verdict(_sha(1)) == PAGES


def test_verdicts_of_another_kkrdesk_version_or_ill_formed_are_not_used(cache):
    verdicts.write_verdict(_sha(1), PAGES)
    db = sqlite3.connect(cache / verdicts.STORE_NAME, isolation_level=None)
    db.execute("INSERT INTO verdicts VALUES (?, ?, ?)", (_sha(2), "0.0.0-andet", '{"final": true, "pages": 1, '
                                                         '"needs_repair": false}'))
    db.execute("INSERT INTO verdicts VALUES (?, ?, ?)", (_sha(3), __version__, '{"final": true}'))
    db.execute("INSERT INTO verdicts VALUES (?, ?, ?)", (_sha(4), __version__, "{halv"))
    db.close()
    assert verdicts.read_verdicts([_sha(n) for n in range(1, 5)]) == {_sha(1): PAGES}


def _write_range(folder: str, first: int) -> None:
    import os

    os.environ["KKRDESK_CACHE_DIR"] = folder
    for start in range(first, first + 200, 20):
        verdicts.write_verdicts([(_sha(n), PAGES) for n in range(start, start + 20)])


def test_two_processes_writing_at_once_keep_every_verdict(cache):
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_write_range, args=(str(cache), first)) for first in (0, 1000)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
        assert writer.exitcode == 0
    wanted = [_sha(n) for n in (*range(200), *range(1000, 1200))]
    assert len(verdicts.read_verdicts(wanted)) == 400


def test_a_look_up_does_not_wait_for_another_threads_write(cache, monkeypatch):
    verdicts.write_verdict(_sha(1), PAGES)
    monkeypatch.setattr(verdicts, "BUSY_SECONDS", 60.0)
    other = sqlite3.connect(cache / verdicts.STORE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")               # another process's write under way
    writer = threading.Thread(target=verdicts.write_verdict, args=(_sha(2), PAGES))
    writer.start()
    writer.join(timeout=0.3)                        # time to begin its wait for the other process
    try:
        assert writer.is_alive()
        assert verdicts.read_verdict(_sha(1)) == PAGES
        assert writer.is_alive()                    # the look-up came back while the write still waits
    finally:
        other.execute("ROLLBACK")
        other.close()
        writer.join(timeout=60)
    assert verdicts.read_verdict(_sha(2)) == PAGES
