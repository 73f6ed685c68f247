"""A file's sha256 remembered in the process while the file is unchanged: the preflight's hash serves the pack."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from kkrdesk.core.export import pdf_pack
from kkrdesk.core.files import hashing
from kkrdesk.core.meeting import checks
from kkrdesk.core.meeting.store import read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The files hashed, by name, whichever module's name for ``sha256_of`` is called."""
    hashed: list[str] = []
    read = hashing.sha256_of

    def counting(path: Path) -> str:
        hashed.append(Path(path).name)
        return read(path)

    for module in (hashing, pdf_pack, checks):
        monkeypatch.setattr(module, "sha256_of", counting, raising=False)
    monkeypatch.setattr(hashing, "_known", hashing.LruCache(100))
    return hashed


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_an_unchanged_settled_file_is_hashed_once(tmp_path, reads, monkeypatch):
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)
    path = tmp_path / "bilag.pdf"
    path.write_bytes(b"%PDF-1.7 first")
    assert hashing.sha256_known(path) == hashing.sha256_known(path) == _sha(b"%PDF-1.7 first")
    assert reads == ["bilag.pdf"]


def test_a_write_of_the_same_size_with_the_old_modification_time_is_seen(tmp_path, reads, monkeypatch):
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)
    path = tmp_path / "bilag.pdf"
    path.write_bytes(b"%PDF-1.7 first")
    stamp = os.stat(path)
    hashing.sha256_known(path)
    path.write_bytes(b"%PDF-1.7 other")                     # same size
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the time put back
    assert hashing.sha256_known(path) == _sha(b"%PDF-1.7 other")
    assert reads == ["bilag.pdf", "bilag.pdf"]


def test_a_file_swapped_in_under_the_same_name_is_hashed_again(tmp_path, reads, monkeypatch):
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)
    path, other = tmp_path / "bilag.pdf", tmp_path / "ny.pdf"
    path.write_bytes(b"%PDF-1.7 first")
    other.write_bytes(b"%PDF-1.7 swaps")
    stamp = os.stat(path)
    os.utime(other, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    hashing.sha256_known(path)
    os.replace(other, path)
    assert hashing.sha256_known(path) == _sha(b"%PDF-1.7 swaps")
    assert len(reads) == 2


def test_a_file_written_just_now_is_hashed_every_time(tmp_path, reads):
    path = tmp_path / "bilag.pdf"
    path.write_bytes(b"%PDF-1.7 first")
    hashing.sha256_known(path)
    hashing.sha256_known(path)
    assert reads == ["bilag.pdf", "bilag.pdf"]


def test_the_pack_does_not_hash_again_what_the_preflight_just_hashed(tmp_path, reads, monkeypatch):
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.export.preflight import preflight

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(hashing, "RACY_NANOSECONDS", 0)
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("2.2", "Samarbejde", bilag=[BilagSpec("Opsamling", 3), BilagSpec("Notat", 2)]),
        ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Udspil", 4)])])
    meeting, _ = read_meeting(folder)
    bilag_files = sorted(Path(bilag.file).name for item in meeting.items for bilag in item.bilag)
    reads.clear()   # the meeting's making hashed its sources (of the same names)
    report = preflight(folder, meeting, use_libreoffice=False)
    assert sorted(name for name in reads if name in bilag_files) == bilag_files
    reads.clear()
    export_meeting(folder, meeting, ExportOptions(pdf=tmp_path / "pakke.pdf", use_libreoffice=False),
                   report=report)
    assert [name for name in reads if name in bilag_files] == []
    assert (tmp_path / "pakke.pdf").stat().st_size > 0
