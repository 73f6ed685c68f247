"""Meetings made to harm, run through the commands: item numbers as paths, parallel writers, control characters."""

from __future__ import annotations

import hashlib
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest


def tiny_png() -> bytes:
    """A 2×2 grey PNG written byte by byte (not through the imaging library kkrdesk reads it with)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x80" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def hand_written_meeting(folder, number: str, *, title: str = "Billede") -> None:
    """A meeting.toml as someone else could write it, with one item carrying one image bilag."""
    (folder / "bilag").mkdir(parents=True)
    picture = tiny_png()
    (folder / "bilag" / "foto.png").write_bytes(picture)
    (folder / "meeting.toml").write_text(
        'format = 1\n[meeting]\nkkr = "KKR Sjælland"\ndate = 2025-02-27\n\n'
        f'[[items]]\nnumber = {json.dumps(number)}\ntitle = {json.dumps(title)}\n\n'
        '[[items.bilag]]\ntitle = "Foto"\nfile = "bilag/foto.png"\nkind = "image"\n'
        f'sha256 = "{hashlib.sha256(picture).hexdigest()}"\nprinted = true\n', encoding="utf-8")


@pytest.mark.slow
def test_an_item_number_naming_an_outside_file_cannot_replace_it_on_export(tmp_path, cli):
    victim = tmp_path / "elsewhere" / "victim-1.pdf"
    victim.parent.mkdir()
    victim.write_bytes(b"precious")
    hand_written_meeting(tmp_path / "m", str(tmp_path / "elsewhere" / "victim"))
    result = cli("export", tmp_path / "m", "--pdf", tmp_path / "out.pdf", "--no-libreoffice")
    assert victim.read_bytes() == b"precious"
    assert result.returncode == 1
    assert "meeting.toml" in result.stderr and ".number" in result.stderr
    assert "uventet fejl" not in result.stderr


@pytest.mark.slow
def test_an_item_number_climbing_out_of_the_work_folder_creates_nothing_there(tmp_path, cli):
    work_root = tmp_path / "a" / "b"
    work_root.mkdir(parents=True)
    hand_written_meeting(tmp_path / "m", "../../escaped")
    result = cli("export", tmp_path / "m", "--pdf", tmp_path / "out.pdf", "--no-libreoffice",
                 env={"TMPDIR": str(work_root)})
    assert list((tmp_path / "a").iterdir()) == [work_root]
    assert result.returncode == 1 and "punktnummeret" in result.stderr


@pytest.mark.parametrize("number", ["/some/dir/victim", "..\\..\\x", "2..3", "2.\x1b[2J2"])
@pytest.mark.slow
def test_add_item_refuses_a_number_that_could_become_a_path(tmp_path, cli, number):
    assert cli("new", tmp_path / "m", "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    before = (tmp_path / "m" / "meeting.toml").read_bytes()
    result = cli("add-item", tmp_path / "m", "--number", number, "--title", "Ondt")
    assert result.returncode == 2
    assert "punktnummeret" in result.stderr and "\x1b" not in result.stderr
    assert (tmp_path / "m" / "meeting.toml").read_bytes() == before


@pytest.mark.slow
def test_twenty_parallel_add_items_lose_nothing(tmp_path, cli):
    folder = tmp_path / "m"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    numbers = [f"{n}.1" for n in range(1, 21)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda n: cli("add-item", folder, "--number", n, "--title", f"Punkt {n}"),
                                numbers))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
    shown = json.loads(cli("show", folder, "--json").stdout)
    assert sorted(item["number"] for item in shown["items"]) == sorted(numbers)


@pytest.mark.slow
def test_a_title_pasted_from_word_with_a_line_break_exports_to_word(tmp_path, cli):
    folder = tmp_path / "m"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    added = cli("add-item", folder, "--number", "2.1", "--title", "Budget\x0b2026\x01")
    assert added.returncode == 0, added.stderr
    result = cli("export", folder, "--docx", tmp_path / "dagsorden.docx", "--no-libreoffice")
    assert result.returncode == 0, result.stderr
    assert "uventet fejl" not in result.stderr
    with zipfile.ZipFile(tmp_path / "dagsorden.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Budget" in body and "2026" in body


@pytest.mark.slow
def test_a_manifest_title_with_terminal_and_bidi_controls_reaches_neither_terminal_nor_word(tmp_path, cli):
    folder = tmp_path / "m"
    hand_written_meeting(folder, "2.1", title="Ren\x1b]0;pwned\x07 tekst \u202egnidrov")
    for command in (("show", folder), ("validate", folder)):
        result = cli(*command)
        output = result.stdout + result.stderr
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output, command
    assert cli("export", folder, "--docx", tmp_path / "d.docx", "--no-libreoffice").returncode == 0
    with zipfile.ZipFile(tmp_path / "d.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert "Ren" in body and "\u202e" not in body and "\x1b" not in body


def test_validate_says_which_field_was_cleaned(tmp_path, cli):
    hand_written_meeting(tmp_path / "m", "2.1", title="Før\x0bEfter")
    result = cli("validate", tmp_path / "m")
    assert "items[2.1].title" in result.stdout and "styretegn" in result.stdout


@pytest.fixture
def small_disk(tmp_path):
    """A folder on its own 1 MB file system (root only), to fill up or make read-only for real."""
    if sys.platform == "win32" or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def _read_only(folder):
    """Make ``folder`` unwritable: a read-only remount for root, file modes for anyone else."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder.parent)], check=True)
    else:
        folder.chmod(0o555)


def _new_meeting_without_lock(folder, cli):
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    (folder / ".kkrdesk.lock").unlink()


@pytest.mark.slow
def test_a_read_only_meeting_folder_is_named_as_such_not_as_another_kkrdesk(tmp_path, cli, request):
    if os.geteuid() == 0:
        folder = request.getfixturevalue("small_disk") / "m"
    else:
        folder = tmp_path / "m"
    _new_meeting_without_lock(folder, cli)
    _read_only(folder)
    try:
        result = cli("add-item", folder, "--number", "2.1", "--title", "X")
    finally:
        if os.geteuid() != 0:   # a read-only remount is undone when the fixture unmounts it
            folder.chmod(0o755)
    assert result.returncode == 1
    assert "skrivebeskyttet" in result.stderr and "åbent hos" not in result.stderr
    assert "proces" not in result.stderr and "?" not in result.stderr


@pytest.mark.slow
def test_a_full_disk_while_adding_a_bilag_is_named_and_the_meeting_kept(small_disk, tmp_path, cli):
    folder = small_disk / "m"
    _new_meeting_without_lock(folder, cli)
    big = make_pdf_of_size(tmp_path / "stort.pdf", 2 * 1024 * 1024)
    assert cli("add-item", folder, "--number", "2.1", "--title", "Stort").returncode == 0
    before = (folder / "meeting.toml").read_bytes()
    result = cli("add-bilag", folder, big, "--item", "2.1")
    assert result.returncode == 1
    assert "disken er fuld" in result.stderr and "stort.pdf" in result.stderr
    assert "uventet fejl" not in result.stderr
    assert (folder / "meeting.toml").read_bytes() == before
    assert [p.name for p in (folder / "bilag").iterdir()] == []


def make_pdf_of_size(path, size: int):
    """A valid one-page PDF padded with a comment stream to about ``size`` bytes."""
    from tests.factories import make_pdf

    make_pdf(path, 1)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"%%EOF", b"%" + b"x" * size + b"\n%%EOF"))
    return path


@pytest.mark.slow
def test_text_the_command_did_not_clean_is_escaped_on_the_terminal(tmp_path, cli):
    """A folder name is printed in the error as given, but a terminal never receives its controls."""
    folder = tmp_path / "møde\x1b]0;pwned\x07\u202e"
    for arguments in (("show", folder), ("show", folder, "--json")):
        result = cli(*arguments)
        assert result.returncode == 1
        assert "\x1b" not in result.stderr + result.stdout and "\x07" not in result.stderr
        assert "\u202e" not in result.stderr + result.stdout
        assert "\\u001b]0;pwned\\u0007" in result.stderr
    answer = json.loads(cli("show", folder, "--json").stdout)
    assert answer["error"]["file"] == str(folder)


def _pack_with(tmp_path, cli, **changes):
    """A real pack of a small meeting whose pack.json was then changed by hand."""
    folder = tmp_path / "m"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "2.1", "--title", "Budget").returncode == 0
    made = tmp_path / "made.kkrpack"
    assert cli("pack", folder, "-o", made).returncode == 0, "the pack must be made"
    changed = tmp_path / "changed.kkrpack"
    with zipfile.ZipFile(made) as source, zipfile.ZipFile(changed, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "pack.json":
                info = json.loads(data)
                info.update(changes)
                data = json.dumps(info).encode("utf-8")
            target.writestr(entry, data)
    return changed


@pytest.mark.slow
def test_a_pack_whose_pack_json_has_controls_in_its_title_opens_and_prints_safely(tmp_path, cli):
    result = cli("open", _pack_with(tmp_path, cli, title="Møde\x1b]0;overtaget\x07"), "--no-window")
    assert result.returncode == 0, result.stderr
    assert "uventet fejl" not in result.stderr
    assert "27. februar 2025" in result.stdout and "\x1b" not in result.stdout + result.stderr


@pytest.mark.slow
def test_a_pack_whose_pack_json_has_an_impossible_date_is_refused_by_name(tmp_path, cli):
    result = cli("open", _pack_with(tmp_path, cli, date="2025-02-30", title="Møde\x1b]0;x\x07"), "--no-window")
    assert result.returncode == 1 and "uventet fejl" not in result.stderr
    assert "date" in result.stderr and "\x1b" not in result.stdout + result.stderr
