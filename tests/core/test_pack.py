"""The member pack: written without closed parts, opened read-only after verifying every file, hostile packs refused unwritten."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.core.pack.format import PACK_JSON, PackInfo
from kkrdesk.core.pack.reader import open_pack, verify_pack
from kkrdesk.core.pack.writer import write_pack
from tests.reader_helpers import make_meeting


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    root = tmp_path_factory.mktemp("pack")
    folder = make_meeting(root)
    output = root / "møde.kkrpack"
    info = write_pack(folder, output)
    return folder, output, info


def _files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*")) if folder.exists() else set()


def test_the_pack_leaves_closed_items_out_and_lists_every_file(packed):
    _, output, info = packed
    names = set(zipfile.ZipFile(output).namelist())
    assert names == {PACK_JSON} | {f.path for f in info.files}
    rendered = {"rendering"} if find_soffice() else set()   # the DOCX bilag's PDF, with LibreOffice
    assert {f.role for f in info.files} == {"manifest", "index", "bilag"} | rendered
    assert "bilag/lukket.pdf" not in names and not info.includes_closed


def test_include_closed_takes_them_along(packed, tmp_path):
    folder, _, _ = packed
    info = write_pack(folder, tmp_path / "alt.kkrpack", include_closed=True)
    assert "bilag/lukket.pdf" in {f.path for f in info.files}
    pack = open_pack(tmp_path / "alt.kkrpack", root=tmp_path / "ud")
    assert [i.number for i in pack.meeting.items] == ["2.2", "2.4", "3"]
    assert [h.item_number for h in pack.index.search("takster").hits] == ["3"]


def test_every_entry_is_a_regular_0644_file_with_its_content_whatever_its_mode_on_disk(tmp_path):
    folder = make_meeting(tmp_path, docx=False)
    private = folder / "bilag" / "uddannelse.pdf"
    private.chmod(0o600)                          # as a copy from a private folder may be
    output = tmp_path / "møde.kkrpack"
    info = write_pack(folder, output)
    with zipfile.ZipFile(output) as archive:
        assert {(i.create_system, i.external_attr >> 16) for i in archive.infolist()} == {(3, 0o100644)}
        assert archive.testzip() is None
        entry = archive.getinfo(f"bilag/{private.name}")
        assert archive.read(entry) == private.read_bytes() and entry.compress_type == zipfile.ZIP_STORED
    assert open_pack(output, root=tmp_path / "ud").info.files == info.files


def test_opening_verifies_extracts_read_only_and_searches(packed, tmp_path):
    _, output, info = packed
    pack = open_pack(output, root=tmp_path / "ud")
    assert pack.info.pack_id == info.pack_id
    assert [i.number for i in pack.meeting.items] == ["2.2", "2.4"]
    bilag_file = pack.folder / "bilag" / "erhvervsfremme.pdf"
    assert not os.access(bilag_file, os.W_OK) or os.geteuid() == 0
    assert not bilag_file.stat().st_mode & 0o222
    assert [(h.item_number, h.page) for h in pack.index.search("kommunalbestyrelsens").hits] == \
        [("2.2", 6), ("2.4", 2)]
    assert open_pack(output, root=tmp_path / "ud").folder == pack.folder   # reused, not re-extracted


def test_same_content_keeps_its_version_and_new_content_gets_the_next(packed, tmp_path):
    folder, _, info = packed
    first = write_pack(folder, tmp_path / "a.kkrpack")
    again = write_pack(folder, tmp_path / "b.kkrpack")
    assert again.version == first.version and again.pack_id == info.pack_id
    assert write_pack(folder, tmp_path / "c.kkrpack", include_closed=True).version == first.version + 1
    assert write_pack(folder, tmp_path / "v7.kkrpack", version=7).version == 7


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy a ZIP entry by entry, letting ``change(name, data)`` return new data (or None to drop)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)
    return target


def _refused(path: Path, root: Path) -> BadFileError:
    before = _files_under(root)
    with pytest.raises(BadFileError) as caught:
        open_pack(path, root=root)
    assert _files_under(root) == before, "nothing may be written for a refused pack"
    return caught.value


def test_a_tampered_bilag_is_refused(packed, tmp_path):
    _, output, _ = packed
    tampered = _rewrite(output, tmp_path / "t.kkrpack",
                        lambda name, data: data[:200] + bytes([data[200] ^ 1]) + data[201:] if
                        name == "bilag/erhvervsfremme.pdf" else data)
    error = _refused(tampered, tmp_path / "ud")
    assert error.reason == "tampered" and "bilag/erhvervsfremme.pdf" in error.message


def test_a_missing_or_extra_file_is_refused(packed, tmp_path):
    _, output, _ = packed
    missing = _rewrite(output, tmp_path / "m.kkrpack",
                       lambda name, data: None if name == "bilag/uddannelse.pdf" else data)
    assert _refused(missing, tmp_path / "ud").reason == "truncated"
    extra = tmp_path / "e.kkrpack"
    _rewrite(output, extra, lambda name, data: data)
    with zipfile.ZipFile(extra, "a") as archive:
        archive.writestr("bilag/snyd.pdf", b"%PDF-1.4")
    assert _refused(extra, tmp_path / "ud").reason == "tampered"


def test_a_truncated_pack_is_refused(packed, tmp_path):
    _, output, _ = packed
    cut = tmp_path / "cut.kkrpack"
    cut.write_bytes(output.read_bytes()[: output.stat().st_size // 2])
    error = _refused(cut, tmp_path / "ud")
    assert error.reason in {"truncated", "damaged"} and "afkortet" in error.message


def test_a_pack_with_a_dotdot_entry_is_refused_before_writing(packed, tmp_path):
    _, output, _ = packed
    hostile = tmp_path / "slip.kkrpack"
    _rewrite(output, hostile, lambda name, data: data)
    with zipfile.ZipFile(hostile, "a") as archive:
        info = zipfile.ZipInfo("placeholder")
        info.filename = "../../udenfor.txt"
        archive.writestr(info, b"ondt")
    error = _refused(hostile, tmp_path / "ud")
    assert "../../udenfor.txt" in error.message and "uden for mappen" in error.message
    assert not (tmp_path / "udenfor.txt").exists()


@pytest.mark.slow
def test_a_pack_whose_entry_unpacks_to_one_gigabyte_is_refused_before_writing(packed, tmp_path):
    _, output, _ = packed
    bomb = tmp_path / "bombe.kkrpack"
    _rewrite(output, bomb, lambda name, data: data)
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("bilag/stor.pdf", "w", force_zip64=True) as entry:
            for _ in range(1024):   # 1 GiB of zeros streamed through zlib, never held in memory
                entry.write(zeros)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    error = _refused(bomb, tmp_path / "ud")
    assert error.reason == "too-large" and "bilag/stor.pdf" in error.message and "1,0 GB" in error.message


def test_a_zip_without_pack_json_is_not_a_pack(tmp_path):
    plain = tmp_path / "plain.kkrpack"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("meeting.toml", "format = 1\n")
    assert _refused(plain, tmp_path / "ud").reason == "not-a-pack"


def test_pack_json_paths_are_checked(packed, tmp_path):
    _, output, _ = packed
    raw = json.loads(zipfile.ZipFile(output).read(PACK_JSON))
    raw["files"][0]["path"] = "../meeting.toml"
    with pytest.raises(BadFileError) as caught:
        PackInfo.from_json(json.dumps(raw).encode(), file="x")
    assert "ikke tilladt" in caught.value.message


@pytest.mark.parametrize("name", ["nameRooted.zip", "nameDuplicates.zip", "symlink.zip"])
def test_third_party_hostile_zips_opened_as_packs_write_nothing(shared, tmp_path, name):
    folder = "zip2" if name == "symlink.zip" else "dotnet-runtime-assets"
    error = _refused(shared / "corpus" / folder / name, tmp_path / "ud")
    assert error.reason == "hostile"


def test_verify_pack_reads_only(packed, tmp_path):
    _, output, info = packed
    assert verify_pack(output).digest == info.digest
