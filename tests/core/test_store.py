"""The meeting folder: atomic saves with a backup, bilag import, path safety and the write lock."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kkrdesk.core.errors import BadFileError, KkrError, ManifestError, ReadOnlyError
from kkrdesk.core.files.names import safe_file_name
from kkrdesk.core.meeting import Bilag
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from tests.conftest import ROOT
from tests.factories import make_docx, make_pdf, meeting_with_file, small_meeting


def test_create_save_open_round_trip(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    folder.meeting.item("2.4").title = "Ny titel"
    folder.save()
    folder.close()
    reopened = MeetingFolder.open(tmp_path / "m")
    assert reopened.meeting == folder.meeting
    assert not reopened.read_only
    backup = (tmp_path / "m" / "meeting.toml.bak").read_text(encoding="utf-8")
    assert 'title = "Kollektiv trafik"' in backup
    reopened.close()


def test_create_refuses_a_folder_with_a_meeting(tmp_path):
    MeetingFolder.create(tmp_path / "m", small_meeting()).close()
    with pytest.raises(KkrError, match="allerede et møde"):
        MeetingFolder.create(tmp_path / "m", small_meeting())


def test_open_reports_a_missing_manifest_in_danish(tmp_path):
    with pytest.raises(KkrError, match=r"ingen meeting\.toml"):
        MeetingFolder.open(tmp_path)


def test_import_never_overwrites_other_content_and_reuses_identical(tmp_path):
    with MeetingFolder.create(tmp_path / "m", small_meeting()) as folder:
        (tmp_path / "a").mkdir()
        first = import_file(folder, make_pdf(tmp_path / "a" / "notat.pdf", 2))
        second = import_file(folder, make_pdf(tmp_path / "notat.pdf", 3))
        again = import_file(folder, tmp_path / "notat.pdf")
    assert first.file == "bilag/notat.pdf"
    assert second.file == "bilag/notat-2.pdf"
    assert again.file == "bilag/notat-2.pdf"
    assert (first.facts.pages, second.facts.pages) == (2, 3)


def test_refused_file_writes_nothing(tmp_path):
    empty = tmp_path / "tom.pdf"
    empty.write_bytes(b"")
    with MeetingFolder.create(tmp_path / "m", small_meeting()) as folder:
        with pytest.raises(BadFileError) as caught:
            import_file(folder, empty)
    assert caught.value.reason == "empty"
    assert list((tmp_path / "m" / "bilag").iterdir()) == []


def test_kind_comes_from_content_not_name(tmp_path):
    disguised = make_docx(tmp_path / "rapport.pdf")
    with MeetingFolder.create(tmp_path / "m", small_meeting()) as folder:
        imported = import_file(folder, disguised)
    assert imported.facts.kind == "docx"


@pytest.mark.parametrize("path", ["../udenfor.pdf", "/etc/passwd", "bilag/../../x.pdf",
                                  "C:/Windows/x.pdf", "bilag\\x.pdf"])
def test_paths_out_of_the_folder_are_refused(tmp_path, path):
    folder = meeting_with_file(tmp_path / "m")
    folder.meeting.item("2.2").bilag[0].file = path
    folder.save()
    folder.close()
    with pytest.raises(ManifestError) as caught:
        read_meeting(tmp_path / "m")
    assert any(p.code == "unsafe-path" and p.field == "items[2.2].bilag[1].file"
               for p in caught.value.problems)


def test_a_link_pointing_out_of_the_folder_is_refused(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    outside = make_pdf(tmp_path / "hemmelig.pdf")
    (tmp_path / "m" / "bilag" / "link.pdf").symlink_to(outside)
    folder.meeting.item("2.2").bilag[0].file = "bilag/link.pdf"
    folder.save()
    folder.close()
    with pytest.raises(ManifestError, match="uden for mødets mappe"):
        read_meeting(tmp_path / "m")


def test_removed_bilag_files_go_only_when_neither_manifest_nor_backup_names_them(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    path = tmp_path / "m" / folder.meeting.item("2.2").bilag[0].file
    folder.meeting.item("2.2").bilag.clear()
    folder.save()
    assert path.exists(), "the backup still names the file"
    folder.meeting.item("2.4").title = "Anden ændring"
    folder.save()
    assert not path.exists()
    folder.close()


def test_save_as_copies_bilag_and_locks_the_new_folder(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    copy = folder.save_as(tmp_path / "kopi")
    assert copy.meeting == folder.meeting
    relative = copy.meeting.item("2.2").bilag[0].file
    assert (tmp_path / "kopi" / relative).read_bytes() == (tmp_path / "m" / relative).read_bytes()
    assert not copy.read_only
    copy.close()
    folder.close()


def test_safe_file_name_keeps_danish_letters_and_drops_dangerous_parts():
    assert safe_file_name("Referat fra mødet.PDF") == "Referat fra mødet.pdf"
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("..") == "bilag"
    assert safe_file_name("CON.docx") == "_CON.docx"
    assert safe_file_name("a:b*c?.pdf") == "a_b_c_.pdf"


HOLDER = textwrap.dedent("""
    import sys, time
    from kkrdesk.core.meeting.store import MeetingFolder
    folder = MeetingFolder.open(sys.argv[1])
    print("read-only" if folder.read_only else "holding", flush=True)
    time.sleep(60)
""")


def _hold(path):
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert process.stdout.readline().strip() == "holding"
    return process


def test_second_process_gets_read_only_and_learns_who_holds_it(tmp_path):
    meeting_with_file(tmp_path / "m").close()
    holder = _hold(tmp_path / "m")
    try:
        folder = MeetingFolder.open(tmp_path / "m")
        assert folder.read_only
        assert folder.lock_owner.pid == holder.pid
        with pytest.raises(ReadOnlyError, match="skrivebeskyttet"):
            folder.save()
    finally:
        holder.kill()
        holder.wait()


def test_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    meeting_with_file(tmp_path / "m").close()
    holder = _hold(tmp_path / "m")
    holder.kill()
    holder.wait()
    assert (tmp_path / "m" / ".kkrdesk.lock").exists()
    with MeetingFolder.open(tmp_path / "m") as folder:
        assert not folder.read_only
        folder.meeting.item("2.4").title = "Efter nedbrud"
        folder.save()


@pytest.fixture
def network_drive(monkeypatch):
    """The meeting on a file system that syncfs does not make durable (a network drive): every
    file is fsynced."""
    from kkrdesk.core import atomic

    monkeypatch.setattr(atomic, "syncs_whole", lambda folder: False)


def _recording_syncs(monkeypatch, events: list[tuple[str, str]]) -> None:
    from kkrdesk.core import atomic

    real_fsync, real_sync_whole = os.fsync, atomic.sync_whole
    monkeypatch.setattr(os, "fsync", lambda fd: events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
                        or real_fsync(fd))
    monkeypatch.setattr(atomic, "sync_whole", lambda folder: events.append(("syncfs", str(folder)))
                        or real_sync_whole(folder))


def _recording_writes(monkeypatch, events: list[tuple[str, str]]) -> None:
    from kkrdesk.core import atomic

    write_text = atomic.write_text
    monkeypatch.setattr(atomic, "write_text", lambda target, text, **kw: (
        target.suffix != ".json" and events.append(("write", target.name))) or write_text(target, text, **kw))


def _folder_with_three_imports(tmp_path) -> tuple[MeetingFolder, list[str]]:
    folder = MeetingFolder.create(tmp_path / "m", small_meeting())
    files = [import_file(folder, make_pdf(tmp_path / f"in{n}.pdf", 1, f"Fil {n}")).file for n in range(3)]
    folder.meeting.items[0].bilag.extend(Bilag(title=f"b{n}", file=file) for n, file in enumerate(files))
    return folder, [str(folder.path / file) for file in files]


def test_imported_bilag_are_fsynced_before_the_manifest_names_them(tmp_path, monkeypatch, network_drive):
    events: list[tuple[str, str]] = []
    _recording_syncs(monkeypatch, events)
    _recording_writes(monkeypatch, events)
    folder, _ = _folder_with_three_imports(tmp_path)
    events.clear()   # the copies may be fsynced in the background already: that is allowed
    ahead = folder._sync_ahead.not_synced
    monkeypatch.setattr(folder._sync_ahead, "not_synced", lambda paths: events.append(("waited", "")) or ahead(paths))
    folder.save()
    manifest_written = events.index(("write", "meeting.toml"))
    assert ("waited", "") in events[:manifest_written]
    synced = {Path(name).name for kind, name in events[:manifest_written] if kind == "fsync"}
    assert "bilag" in synced                      # the folder that holds the new names
    for name in ("in0.pdf", "in1.pdf", "in2.pdf"):   # each file once, in the background or at the save
        assert sum(1 for _, path in events if Path(path).name == name) <= 1
    assert not [kind for kind, _ in events if kind == "syncfs"]
    folder.close()


def test_on_a_local_file_system_one_syncfs_makes_the_imported_bilag_durable(tmp_path, monkeypatch):
    from kkrdesk.core import atomic

    monkeypatch.setattr(atomic, "syncs_whole", lambda folder: True)
    events: list[tuple[str, str]] = []
    _recording_syncs(monkeypatch, events)
    _recording_writes(monkeypatch, events)
    folder, copies = _folder_with_three_imports(tmp_path)
    assert not [path for kind, path in events if kind == "fsync" and path in copies]   # none one by one
    events.clear()
    folder.save()
    manifest_written = events.index(("write", "meeting.toml"))
    assert events[:manifest_written].count(("syncfs", str(folder.path / "bilag"))) == 1
    assert not [path for kind, path in events if kind == "fsync" and path in copies]
    folder.close()


def test_copies_are_fsynced_in_the_background_and_not_again_at_the_save(tmp_path, monkeypatch, network_drive):
    events: list[tuple[str, str]] = []
    _recording_syncs(monkeypatch, events)
    folder, copies = _folder_with_three_imports(tmp_path)
    at_save: list[list[str]] = []
    ahead = folder._sync_ahead.not_synced
    monkeypatch.setattr(folder._sync_ahead, "not_synced",
                        lambda paths: (left := ahead(paths), at_save.append([str(p) for p in left]))[0])
    folder.save()
    assert at_save == [[]]                            # nothing left for the save: all done in the background
    assert sorted(path for kind, path in events if path in copies) == sorted(copies)   # once each
    folder.close()


def _small_files(tmp_path, folders: tuple[str, ...]) -> list[Path]:
    paths = [tmp_path / folder / f"{n}.bin" for folder in folders for n in range(5)]
    for path in paths:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x" * 10)
    return paths


def test_sync_files_fsyncs_every_file_and_its_folder(tmp_path, monkeypatch, network_drive):
    from kkrdesk.core import atomic

    paths = _small_files(tmp_path, ("a",))
    events: list[tuple[str, str]] = []
    _recording_syncs(monkeypatch, events)
    atomic.sync_files(paths)
    assert sorted(path for _, path in events) == sorted([str(tmp_path / "a"), *map(str, paths)])


def test_sync_files_on_a_local_file_system_syncs_it_once(tmp_path, monkeypatch):
    from kkrdesk.core import atomic

    paths = _small_files(tmp_path, ("a", "b"))
    events: list[tuple[str, str]] = []
    _recording_syncs(monkeypatch, events)
    monkeypatch.setattr(atomic, "syncs_whole", lambda folder: True)
    atomic.sync_files(paths)
    assert [kind for kind, _ in events] == ["syncfs"]   # a and b are on one file system


def test_discarding_removes_only_the_copies_no_saved_manifest_names(tmp_path):
    folder = MeetingFolder.create(tmp_path / "m", small_meeting())
    saved = import_file(folder, make_pdf(tmp_path / "gemt.pdf", 1, "Gemt")).file
    folder.meeting.items[0].bilag.append(Bilag(title="gemt", file=saved))
    folder.save()
    unsaved = import_file(folder, make_pdf(tmp_path / "ny.pdf", 1, "Ny")).file
    again = import_file(folder, tmp_path / "gemt.pdf").file        # the same content: used as it is
    assert again == saved
    folder.discard_unsaved_files()
    assert not folder.file_path(unsaved).exists()
    assert folder.file_path(saved).is_file()
    folder.close()


def test_a_copy_no_bilag_took_goes_at_the_close_even_after_a_save(tmp_path):
    folder = MeetingFolder.create(tmp_path / "m", small_meeting())
    orphan = import_file(folder, make_pdf(tmp_path / "punkt slettet.pdf", 1, "Til et slettet punkt")).file
    folder.save()                                     # saved while the copy belongs to no bilag
    folder.discard_unsaved_files()
    assert not folder.file_path(orphan).exists()
    folder.close()
