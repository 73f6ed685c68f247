"""Every file kkrdesk writes gets the permissions a normal save would: the umask, or the replaced file's mode and group."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from kkrdesk.core import atomic
from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.recovery import write_recovery
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.notes.export import write_notes_docx, write_notes_markdown
from kkrdesk.core.notes.model import Anchor, Note
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.pack.writer import write_pack
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, make_pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and umask")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask():
    """Set the process umask for one test and put the old one back."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def _note() -> Note:
    return Note(anchor=Anchor(quote="citat", prefix="", suffix="", item_number="2.2", item_title="Rammer",
                              bilag_number=1, bilag_title="Opsamling", bilag_sha256="0" * 64,
                              file_name="opsamling.pdf", page=1), text="Husk at spørge")


def write_through_every_writer(root: Path) -> list[Path]:
    """Each of kkrdesk's core writers once (twice where a second write makes a backup)."""
    folder = make_meeting(root / "møde", [ItemSpec("2.1", "Rammer", bilag=[BilagSpec("Opsamling", 2)])])
    source = make_pdf(root / "nyt-bilag.pdf", 1, "Nyt")
    with MeetingFolder.open(folder) as store:
        added = import_file(store, source)
        store.meeting.title = "Møde igen"
        store.save()                                   # the second save writes meeting.toml.bak
        meeting = store.meeting
    out = root / "ud"
    out.mkdir()
    export_meeting(folder, meeting, ExportOptions(pdf=out / "bilag.pdf", docx=out / "dagsorden.docx",
                                                  use_libreoffice=False, override=True))
    write_pack(folder, out / "møde.kkrpack", version=1, now=dt.datetime(2025, 2, 20, 12, 0, tzinfo=dt.UTC))
    notes = NotesStore("kkr-sjaelland-2025-02-27", root / "noter")
    notes.add(_note())
    notes.add(_note())                                 # the second save writes the .json.bak
    write_notes_markdown(notes.notes, "Noter", out / "noter.md")
    write_notes_docx(notes.notes, "Noter", out / "noter.docx")
    recovery = write_recovery(folder, meeting, data_dir=root / "data")
    return [folder / "meeting.toml", folder / "meeting.toml.bak", folder / added.file,
            folder / meeting.items[0].bilag[0].file, out / "bilag.pdf", out / "dagsorden.docx",
            out / "møde.kkrpack", notes.path, notes.path.with_suffix(".json.bak"), out / "noter.md",
            out / "noter.docx", recovery, recovery.with_suffix(".json")]


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)], ids=["umask-022", "umask-002"])
@pytest.mark.slow
def test_every_writer_respects_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    written = write_through_every_writer(tmp_path)
    modes = {path.name: oct(mode_of(path)) for path in written}
    assert modes == {path.name: oct(expected) for path in written}


def test_no_temporary_file_is_left_beside_the_targets(tmp_path, umask):
    write_through_every_writer(tmp_path)
    assert [p.name for p in tmp_path.rglob(".*") if p.is_file() and p.name != ".kkrdesk.lock"] == []


def test_a_replaced_file_keeps_its_mode(tmp_path, umask):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.1", "Rammer")])
    manifest = folder / "meeting.toml"
    os.chmod(manifest, 0o640)
    with MeetingFolder.open(folder) as store:
        store.meeting.title = "Ny titel"
        store.save()
    assert mode_of(manifest) == 0o640
    target = tmp_path / "delt.md"
    target.write_text("gammel")
    os.chmod(target, 0o666)                            # wider than the umask allows: kept as the owner set it
    atomic.write_text(target, "ny")
    assert (target.read_text(), mode_of(target)) == ("ny", 0o666)


def _another_group() -> int | None:
    """A group this process may give files: any group for root, else a supplementary group."""
    if os.geteuid() == 0:
        return os.getgid() + 4242
    others = [g for g in os.getgroups() if g != os.getegid()]
    return others[0] if others else None


@pytest.mark.skipif(_another_group() is None, reason="needs a second group to give files")
def test_a_replaced_file_keeps_its_group(tmp_path, umask):
    group = _another_group()
    target = tmp_path / "meeting.toml"
    target.write_text("gammel")
    os.chown(target, -1, group)
    atomic.write_text(target, "ny")
    assert target.stat().st_gid == group


@pytest.mark.skipif(_another_group() is None, reason="needs a second group to give files")
def test_a_new_file_in_a_setgid_shared_folder_gets_the_folders_group(tmp_path, umask):
    umask(0o002)
    shared = tmp_path / "fællesdrev"
    shared.mkdir()
    group = _another_group()
    os.chown(shared, -1, group)
    os.chmod(shared, 0o2775)
    folder = make_meeting(shared / "møde", [ItemSpec("2.1", "Rammer", bilag=[BilagSpec("Opsamling", 1)])])
    written = [folder / "meeting.toml", *(folder / "bilag").iterdir()]
    assert {(p.name, p.stat().st_gid, mode_of(p)) for p in written} == {(p.name, group, 0o664) for p in written}


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, umask):
    target = tmp_path / "dagsorden.docx"
    target.write_bytes(b"gammel")
    with pytest.raises(RuntimeError), atomic.replacing(target) as temporary:
        temporary.write_bytes(b"halv")
        raise RuntimeError("stop")
    assert target.read_bytes() == b"gammel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dagsorden.docx"]


@pytest.mark.slow
def test_the_word_agenda_filled_in_by_libreoffice_gets_the_umask_too(tmp_path, umask):
    from kkrdesk.core.export.libreoffice_toc import can_update_indexes

    if not can_update_indexes():
        pytest.skip("LibreOffice with python3-uno is not installed")
    umask(0o002)
    folder = make_meeting(tmp_path / "møde", [ItemSpec("2.1", "Rammer", bilag=[BilagSpec("Opsamling", 1)])])
    meeting = MeetingFolder.open(folder, write=False).meeting
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "dagsorden.docx", override=True))
    assert result.toc_updated
    assert mode_of(tmp_path / "dagsorden.docx") == 0o664
