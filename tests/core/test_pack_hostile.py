"""Hostile member packs (built here with zipfile and sqlite3) are refused by name before anything is kept; index untrusted."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from pathlib import Path

import pytest

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files import limits
from kkrdesk.core.pack import cache, disk
from kkrdesk.core.pack import reader as pack_reader
from kkrdesk.core.pack.reader import open_pack
from kkrdesk.core.search.untrusted import TimedConnection, open_untrusted, query_error
from tests.pack_builders import HOSTILE_PACKS, build_pack, write_index


def _everything_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*")) if folder.exists() else set()


def test_a_pack_built_from_scratch_opens_and_searches(tmp_path):
    """The control: the builder's sound pack passes every check, so the refusals below are the hostility."""
    pack = open_pack(build_pack(tmp_path / "god.kkrpack"), root=tmp_path / "ud")
    assert [item.number for item in pack.meeting.items] == ["1"]
    assert [(hit.item_number, hit.page) for hit in pack.index.search("erhvervsfremme").hits] == [("1", 1)]


@pytest.mark.parametrize("hostile", HOSTILE_PACKS, ids=[h.name for h in HOSTILE_PACKS])
@pytest.mark.slow
def test_a_hostile_pack_is_refused_by_name_and_leaves_nothing(hostile, tmp_path):
    path = hostile.make(tmp_path / f"{hostile.name}.kkrpack")
    root = tmp_path / "ud"
    with pytest.raises(BadFileError) as caught:
        open_pack(path, root=root)
    assert caught.value.reason == hostile.reason, caught.value.message
    assert hostile.words in caught.value.message
    assert caught.value.file == str(path) and caught.value.hint
    assert _everything_under(root) == set()


def test_every_query_on_an_untrusted_index_is_stopped_at_its_time_limit(tmp_path):
    index = write_index(tmp_path / "index.sqlite")
    connection = open_untrusted(index, shown_as=tmp_path / "pakke.kkrpack")
    connection.limit = 0.0   # the first look at the clock is past the deadline
    endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) "
               "SELECT count(*) FROM n")
    with pytest.raises(sqlite3.OperationalError) as caught:
        connection.execute(endless).fetchone()
    error = query_error(connection, caught.value, tmp_path / "pakke.kkrpack")
    assert error.reason == "timeout" and "svarede ikke inden for 0 sekunder" in error.message
    connection.limit = limits.PACK_INDEX_QUERY_SECONDS   # each statement gets its own time
    assert connection.execute("SELECT count(*) FROM pages").fetchone() == (1,)


def test_an_untrusted_index_cannot_be_written(tmp_path):
    index = write_index(tmp_path / "index.sqlite")
    connection = open_untrusted(index, shown_as=index)
    assert isinstance(connection, TimedConnection)
    with pytest.raises(sqlite3.DatabaseError):
        connection.execute("DELETE FROM pages")
    assert connection.execute("PRAGMA query_only").fetchone() == (1,)


def test_a_slow_search_on_a_pack_is_a_named_timeout(tmp_path, monkeypatch):
    pack = open_pack(build_pack(tmp_path / "god.kkrpack"), root=tmp_path / "ud")
    monkeypatch.setattr(TimedConnection, "limit", 0.0)
    monkeypatch.setattr("kkrdesk.core.search.untrusted.PROGRESS_STEPS", 1)
    with pytest.raises(BadFileError) as caught:
        pack.index.search("erhvervsfremme")
    assert caught.value.reason == "timeout" and caught.value.file == str(tmp_path / "god.kkrpack")


def test_a_pack_over_the_unpacked_limit_is_refused_from_its_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PACK_UNPACKED_BYTES", 2 * limits.MIB)
    path = build_pack(tmp_path / "stor.kkrpack", bilag=[("bilag/tilfaeldig.bin", os.urandom(3 * limits.MIB))])
    with pytest.raises(BadFileError) as caught:
        open_pack(path, root=tmp_path / "ud")
    assert caught.value.reason == "too-large" and "højst 2,0 MB ud" in caught.value.message
    assert not (tmp_path / "ud").exists()


def test_a_pack_compressing_well_below_the_floor_opens(tmp_path):
    """Under PACK_OVERALL_RATIO_FLOOR_BYTES a pack may compress as well as text does."""
    path = build_pack(tmp_path / "tekst.kkrpack",
                      streamed=[(f"bilag/nuller-{n}.bin", limits.RATIO_FLOOR_BYTES) for n in range(8)])
    assert open_pack(path, root=tmp_path / "ud").info.version == 1


def _open_version(tmp_path: Path, version: int, root: Path, size: int = 100_000) -> Path:
    path = build_pack(tmp_path / f"v{version}.kkrpack", pack_overrides={"version": version},
                      bilag=[("bilag/notat.txt", b"Notat om erhvervsfremme.\n"),
                             ("bilag/fyld.bin", os.urandom(size))])
    return open_pack(path, root=root).folder


def _age(folder: Path, seconds_ago: float) -> None:
    stamp = time.time() - seconds_ago
    os.utime(folder / cache.COMPLETE_MARKER, (stamp, stamp))


def test_the_cache_keeps_to_its_budget_least_recently_used_first(tmp_path, monkeypatch):
    root = tmp_path / "packs"
    first = _open_version(tmp_path, 1, root)
    _age(first, 300)
    room_for_two = int(2.5 * cache.folder_bytes(first))
    monkeypatch.setattr(limits, "PACK_CACHE_BUDGET_BYTES", room_for_two)
    second = _open_version(tmp_path, 2, root)
    _age(second, 200)
    assert first.is_dir() and second.is_dir()
    assert open_pack(tmp_path / "v1.kkrpack", root=root).folder == first   # reopened: now the newest
    third = _open_version(tmp_path, 3, root)
    assert first.is_dir() and third.is_dir() and not second.exists()
    assert sum(e.size for e in cache.extractions(root)) <= limits.PACK_CACHE_BUDGET_BYTES


def test_the_pack_being_opened_is_kept_even_over_the_budget(tmp_path, monkeypatch):
    root = tmp_path / "packs"
    older = _open_version(tmp_path, 1, root)
    _age(older, 100)
    monkeypatch.setattr(limits, "PACK_CACHE_BUDGET_BYTES", cache.folder_bytes(older) // 2)
    opened = _open_version(tmp_path, 2, root)
    assert opened.is_dir() and (opened / "bilag" / "fyld.bin").is_file()
    assert not older.exists() and [e.folder for e in cache.extractions(root)] == [opened]


def test_an_extraction_the_system_will_not_let_go_of_stays_whole_and_the_next_goes(tmp_path, monkeypatch):
    """On Windows a folder with a file open in it (a window reading that pack) cannot be moved or removed."""
    root = tmp_path / "packs"
    held, older = _open_version(tmp_path, 1, root), _open_version(tmp_path, 2, root)
    _age(held, 300)
    _age(older, 200)
    monkeypatch.setattr(limits, "PACK_CACHE_BUDGET_BYTES", int(2.5 * cache.folder_bytes(held)))
    replace = os.replace

    def refusing(source, target):
        if Path(source) == held:
            raise PermissionError(13, "The process cannot access the file because it is being used")
        replace(source, target)

    monkeypatch.setattr(cache.os, "replace", refusing)
    opened = _open_version(tmp_path, 3, root)
    assert [e.folder for e in cache.extractions(root)] == [held, opened]
    assert (held / "bilag" / "fyld.bin").is_file() and (held / cache.COMPLETE_MARKER).is_file()


def test_staging_left_by_a_crashed_open_is_removed_once_stale(tmp_path):
    root = tmp_path / "packs"
    stale = root / "pakke" / f"{cache.STAGING_PREFIX}gammel"
    fresh = root / "pakke" / f"{cache.STAGING_PREFIX}igang"
    for folder in (stale, fresh):
        (folder / "bilag").mkdir(parents=True)
        (folder / "bilag" / "x.pdf").write_bytes(b"x")
    old = time.time() - cache.STALE_STAGING_SECONDS - 60
    os.utime(stale, (old, old))
    assert cache.prune(root, limits.PACK_CACHE_BUDGET_BYTES) == [stale]
    assert fresh.is_dir() and not stale.exists()


def test_a_disk_too_small_for_the_pack_is_named_before_writing(tmp_path, monkeypatch):
    path = build_pack(tmp_path / "god.kkrpack")
    monkeypatch.setattr(disk.shutil, "disk_usage", lambda _: type("Usage", (), {"free": 10 * limits.MIB})())
    with pytest.raises(KkrError) as caught:
        open_pack(path, root=tmp_path / "ud")
    assert "ikke plads på disken til at pakke pakken ud" in caught.value.message
    assert "10,0 MB ledigt" in caught.value.message and "Frigør plads" in caught.value.hint
    assert not (tmp_path / "ud").exists()


def test_a_disk_that_fills_while_unpacking_is_named_and_the_staging_removed(tmp_path, monkeypatch):
    path = build_pack(tmp_path / "god.kkrpack")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pack_reader.os, "fsync", full)
    with pytest.raises(KkrError) as caught:
        open_pack(path, root=tmp_path / "ud")
    assert not isinstance(caught.value, BadFileError)   # the disk, not the pack, is at fault
    assert "ikke plads på disken til at pakke pakken ud" in caught.value.message
    assert _everything_under(tmp_path / "ud") == set()


def test_only_the_current_and_previous_version_are_kept_for_comparison(tmp_path):
    from kkrdesk.core.pack.opening import open_for_reading

    history = tmp_path / "historik"
    for version in (1, 2, 3):
        path = build_pack(tmp_path / f"v{version}.kkrpack", pack_overrides={"version": version},
                          bilag=[("bilag/notat.txt", f"Notat, udgave {version}.\n".encode())])
        session = open_for_reading(path, extract_root=tmp_path / "ud", history=history,
                                   notes_folder=tmp_path / "noter")
    assert session.previous.version == 2
    kept = sorted(p.name.split("-")[0] for p in (history / session.pack.info.pack_id).iterdir() if p.is_dir())
    assert kept == ["v2", "v3"]


@pytest.mark.slow
def test_the_writer_refuses_a_pack_members_could_not_open(tmp_path, monkeypatch):
    from kkrdesk.core.meeting.store import MeetingFolder
    from kkrdesk.core.pack import writer
    from tests.reader_helpers import make_meeting

    folder = make_meeting(tmp_path, closed_item=False, docx=False)
    monkeypatch.setattr(writer, "MAX_PACK_UNPACKED_BYTES", 10_000)
    with pytest.raises(KkrError) as caught:
        writer.write_pack(folder, tmp_path / "for-stor.kkrpack")
    assert "medlemmernes kkrdesk åbner højst 9,8 KB" in caught.value.message
    assert not (tmp_path / "for-stor.kkrpack").exists()
    monkeypatch.undo()

    deep = "bilag/" + "/".join(["en-meget-lang-mappe-" * 4] * 13) + "/notat.pdf"   # over 1,000 characters
    with MeetingFolder.open(folder) as meeting:
        bilag = meeting.meeting.item("2.2").bilag[0]
        (folder / deep).parent.mkdir(parents=True)
        (folder / bilag.file).rename(folder / deep)
        bilag.file = deep
        meeting.save()
    with pytest.raises(KkrError) as caught:
        writer.write_pack(folder, tmp_path / "dyb.kkrpack")
    assert "bilag 1 på punkt 2.2 kan ikke komme med i en pakke" in caught.value.message
    assert "højst 1.000 tegn" in caught.value.message and not (tmp_path / "dyb.kkrpack").exists()
