"""The hostile-archive guard: crafted bombs and escapes, and third-party broken ZIPs, refused before anything is written."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.archive import check_archive
from kkrdesk.core.files.limits import ArchiveLimits

LIMITS = ArchiveLimits(max_entries=100, max_entry_bytes=512 * 1024 * 1024,
                       max_total_bytes=2 * 1024 ** 3, max_ratio=100)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _refused(path: Path) -> BadFileError:
    with pytest.raises(BadFileError) as caught:
        check_archive(path, LIMITS)
    return caught.value


def test_a_plain_archive_is_accepted(tmp_path):
    infos = check_archive(_zip(tmp_path / "ok.zip", {"a.txt": b"hej", "mappe/b.txt": b"med"}), LIMITS)
    assert [i.filename for i in infos] == ["a.txt", "mappe/b.txt"]


@pytest.mark.parametrize("name", ["../ud.txt", "a/../../ud.txt", "/etc/passwd", "C:/x.txt",
                                  "a\\..\\b.txt", "ok\x01.txt", "navn. "])
def test_names_that_could_escape_or_mislead_are_refused(tmp_path, name):
    path = tmp_path / "escape.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("placeholder")
        info.filename = name  # zipfile would normalise some of these names itself
        archive.writestr(info, b"x")
    error = _refused(path)
    assert error.reason == "hostile"
    assert "mappen" in error.message or "filnavn" in error.message or "kontroltegn" in error.message


def test_symlink_entries_are_refused(tmp_path):
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        info = zipfile.ZipInfo("link")
        info.create_system = 3
        info.external_attr = 0o120777 << 16
        archive.writestr(info, "/etc/passwd")
    assert "link" in _refused(path).message


def test_duplicate_names_are_refused_even_when_only_case_differs(tmp_path):
    path = tmp_path / "dup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Bilag.pdf", b"1")
        archive.writestr("bilag.pdf", b"2")
    assert "to gange" in _refused(path).message


def test_too_many_entries_are_refused_from_the_end_record(tmp_path):
    error = _refused(_zip(tmp_path / "many.zip", {f"f{i}.txt": b"" for i in range(101)}))
    assert "101 filer" in error.message


def test_overlapping_entries_are_refused(tmp_path):
    """Two central-directory records pointing at the same local file (the CVE-2024-0450 bomb shape)."""
    path = _zip(tmp_path / "overlap.zip", {"a.txt": b"A" * 100, "b.txt": b"B" * 100})
    raw = bytearray(path.read_bytes())
    second = raw.find(b"PK\x01\x02", raw.find(b"PK\x01\x02") + 4)
    struct.pack_into("<I", raw, second + 42, 0)   # b.txt's local-header offset -> a.txt's
    path.write_bytes(bytes(raw))
    error = _refused(path)
    assert "overlapper" in error.message or "andet navn" in error.message


def test_a_high_compression_ratio_is_refused(tmp_path):
    path = tmp_path / "ratio.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("nul.bin", bytes(20 * 1024 * 1024))
    error = _refused(path)
    assert "ZIP-bombe" in error.message


def test_an_entry_claiming_one_gigabyte_is_refused_by_its_header(tmp_path):
    path = _zip(tmp_path / "claim.zip", {"stor.bin": b"x" * 10})
    raw = bytearray(path.read_bytes())
    directory = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, directory + 24, 1024 ** 3)   # uncompressed size in the directory
    path.write_bytes(bytes(raw))
    error = _refused(path)
    assert error.reason == "too-large" and "1,0 GB" in error.message


CORPUS_FOLDERS = ("zip2", "dotnet-runtime-assets")


def _corpus_zips():
    from tests.conftest import shared_dir

    shared = shared_dir()
    if shared is None:
        return []
    return sorted(p for folder in CORPUS_FOLDERS for p in (shared / "corpus" / folder).glob("*.zip"))


@pytest.mark.parametrize("archive", _corpus_zips(), ids=lambda p: p.name)
def test_third_party_zips_are_refused_with_danish_reasons_or_accepted(archive):
    try:
        infos = check_archive(archive, LIMITS)
    except BadFileError as error:
        assert error.reason in {"hostile", "damaged", "truncated", "encrypted", "unsupported",
                                "too-large"}
        assert error.file == str(archive) and error.hint
        return
    for info in infos:   # what is accepted is harmless: plain relative names, no links
        assert not info.filename.startswith("/") and ".." not in info.filename.split("/")


def test_the_rooted_name_from_the_corpus_is_named_in_the_message(shared):
    error = _refused(shared / "corpus" / "dotnet-runtime-assets" / "nameRooted.zip")
    assert "../ka.txt" in error.message


def test_worksheets_may_have_their_own_larger_limit(tmp_path):
    """Survey exports read their Dataset sheet streaming, so only worksheets may exceed the
    per-entry limit that still binds every other part (shared strings, styles)."""
    limits = ArchiveLimits(max_entries=10, max_entry_bytes=1024 * 1024, max_total_bytes=64 * 1024 ** 2,
                           max_ratio=10_000, max_worksheet_bytes=8 * 1024 * 1024)
    big = b"<row/>" * 500_000                      # 3 MB
    sheet = _zip(tmp_path / "sheet.xlsx", {"xl/worksheets/sheet1.xml": big})
    assert [i.filename for i in check_archive(sheet, limits)] == ["xl/worksheets/sheet1.xml"]
    strings = _zip(tmp_path / "strings.xlsx", {"xl/sharedStrings.xml": big})
    with pytest.raises(BadFileError) as caught:
        check_archive(strings, limits)
    assert caught.value.reason == "too-large" and "xl/sharedStrings.xml" in caught.value.message
    with pytest.raises(BadFileError):
        check_archive(sheet, replace(limits, max_worksheet_bytes=None))
