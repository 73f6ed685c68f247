"""Files made to break kkrdesk's readers and writers: deep nesting, impossible dates, full disks, read-only folders."""

from __future__ import annotations

import errno
import json
import os

import pytest

from kkrdesk.core import atomic
from kkrdesk.core.contracts.agreement import parse_agreement
from kkrdesk.core.errors import BadFileError, KkrError, ManifestError, ReadOnlyError
from kkrdesk.core.files.controls import clean_text, terminal_safe
from kkrdesk.core.files.names import safe_name
from kkrdesk.core.files.nesting import nesting_depth
from kkrdesk.core.meeting import AgendaItem, Bilag, Meeting
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.lock import LOCK_NAME, MeetingLock
from kkrdesk.core.meeting.manifest import parse_manifest
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.survey.mapping import load_mapping
from tests.factories import make_pdf, meeting_with_file

DEEP = 100_000
HEAD = 'format = 1\n[meeting]\nkkr = "KKR Sjælland"\ndate = 2025-02-27\n'


# ----------------------------------------------------------------------------- deep nesting

@pytest.mark.parametrize("value", ["[" * DEEP + "]" * DEEP, "{a = " * DEEP + "1" + "}" * DEEP])
def test_a_deeply_nested_meeting_file_is_refused_by_name(value):
    with pytest.raises(ManifestError) as caught:
        parse_manifest(HEAD + f"x = {value}\n", file="m/meeting.toml")
    problem = caught.value.problems[0]
    assert problem.code == "too-deep" and problem.file == "m/meeting.toml"
    assert "meeting.toml.bak" in problem.hint


def test_a_deeply_nested_survey_mapping_is_refused_by_name(tmp_path):
    path = tmp_path / "x.survey.toml"
    path.write_text("a = " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")
    with pytest.raises(BadFileError, match="opsætningsfilen") as caught:
        load_mapping(path)
    assert caught.value.reason == "too-deep" and caught.value.file == str(path)


def test_a_deeply_nested_agreement_is_refused_by_name():
    with pytest.raises(BadFileError, match="rammeaftalen") as caught:
        parse_agreement("format = 1\nperiod = " + "[" * DEEP + "]" * DEEP, source="aftale.toml")
    assert caught.value.file == "aftale.toml"


def test_a_deeply_nested_notes_file_is_refused_and_kept(tmp_path):
    (tmp_path / "pakke.json").write_text('{"notes": ' + "[" * DEEP + "]" * DEEP + "}", encoding="utf-8")
    with pytest.raises(KkrError, match="mere end 50 lag") as caught:
        NotesStore("pakke", tmp_path)
    assert caught.value.file == str(tmp_path / "pakke.json")
    assert (tmp_path / "pakke.ødelagt.json").is_file()


def test_brackets_in_strings_and_comments_do_not_count_as_nesting():
    text = ('a = "[[[[\\"[[" # [[[\nb = \'[[[\'\nc = """\n[[[\\""" \n"""\nd = \'\'\'[[[\'\'\'\n'
            "e = [[1], {f = [2]}]  # [[[[[[\n[[items.bilag]]\n")
    assert nesting_depth(text) == 3
    assert nesting_depth(json.dumps({"a": ["[[[[\\\"", {"b": []}]})) == 4


# ----------------------------------------------------------------------------- dates

def test_a_date_that_is_not_in_the_calendar_is_named_in_danish():
    with pytest.raises(ManifestError) as caught:
        parse_manifest(HEAD.replace("2025-02-27", "2025-02-30"), file="meeting.toml")
    problem = caught.value.problems[0]
    assert "findes ikke i kalenderen" in problem.message and problem.line == 4
    assert "Invalid" not in problem.message


# ----------------------------------------------------------------------------- names and text

def test_item_numbers_that_could_be_paths_are_refused_by_the_model():
    for number in ("/etc/x", "a\\b", "../x", "2.2\x00", "2\u202e2", "9" * 33):
        with pytest.raises(KkrError, match="punktnummeret"):
            AgendaItem(number=number)
    item = AgendaItem(number="2.2")
    with pytest.raises(KkrError):
        item.number = "../../x"
    assert item.number == "2.2"


def test_a_manifest_item_number_that_is_a_path_is_refused_naming_the_field():
    text = HEAD + '[[items]]\nnumber = "../../x"\ntitle = "Ondt"\n'
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, file="meeting.toml")
    problem = next(p for p in caught.value.problems if p.code == "unsafe-number")
    assert problem.field == "items[#1].number" and problem.line == 6


def test_text_fields_are_cleaned_whenever_they_are_set():
    item = AgendaItem(number="2.1", title="Linje\x0bto\x01 \u202eom\u2066")
    assert item.title == "Linje\nto om"
    item.resume = "a\x1b[31mb"
    assert item.resume == "a[31mb"
    meeting = Meeting(kkr="KKR Sjælland\x07", date=__import__("datetime").date(2025, 2, 27))
    assert meeting.kkr == "KKR Sjælland"
    assert Bilag(title="x\x9by", file="bilag/x.pdf").title == "xy"
    assert clean_text("æøå\n\ttekst") == "æøå\n\ttekst"


def test_safe_name_never_yields_a_path():
    for data in ("/some/dir/victim", "../../x", "..", "a\\b", "c:\\x", "CON", "\x00", " . ", "x" * 500):
        name = safe_name(data, ".pdf", fallback="bilag")
        assert "/" not in name and "\\" not in name and name not in (".", "..")
        assert not name.startswith(".") and name.endswith(".pdf") and len(name) <= 120


def test_terminal_escapes_are_visible_and_keep_line_breaks():
    assert terminal_safe("a\x1b]0;x\x07b\n\tc\u202e") == "a\\u001b]0;x\\u0007b\n\tc\\u202e"


# ----------------------------------------------------------------------------- disk full, read-only, lock

def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_during_save_is_named_and_keeps_the_old_meeting(tmp_path, monkeypatch):
    folder = meeting_with_file(tmp_path / "m")
    before = (tmp_path / "m" / "meeting.toml").read_bytes()
    folder.meeting.item("2.4").title = "Ny titel"
    monkeypatch.setattr(atomic.os, "replace", _disk_full)
    with pytest.raises(KkrError, match="disken er fuld") as caught:
        folder.save()
    assert caught.value.file == str(tmp_path / "m" / "meeting.toml")
    assert (tmp_path / "m" / "meeting.toml").read_bytes() == before
    folder.close()


def test_a_full_disk_while_adding_a_bilag_is_named_and_leaves_nothing_half(tmp_path, monkeypatch):
    folder = meeting_with_file(tmp_path / "m")
    pdf = make_pdf(tmp_path / "nyt.pdf", 2)
    monkeypatch.setattr(atomic.os, "replace", _disk_full)
    with pytest.raises(KkrError, match="disken er fuld") as caught:
        import_file(folder, pdf)
    assert "nyt.pdf" in caught.value.message
    assert not (tmp_path / "m" / "bilag" / "nyt.pdf").exists()
    assert not [p for p in (tmp_path / "m" / "bilag").iterdir() if p.name.endswith(".tmp")]
    folder.close()


def test_a_folder_that_cannot_hold_a_lock_is_named_read_only_not_taken(tmp_path, monkeypatch):
    meeting_with_file(tmp_path / "m").close()

    def refused(self):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self.path))
    monkeypatch.setattr(MeetingLock, "acquire", refused)
    folder = MeetingFolder.open(tmp_path / "m")
    assert folder.read_only and folder.lock_owner is None
    assert "skrivebeskyttet" in folder.read_only_reason
    with pytest.raises(ReadOnlyError) as caught:
        folder.save()
    assert "har det åbent" not in caught.value.message and "anden kkrdesk" not in caught.value.message


def test_a_lock_whose_owner_is_not_written_yet_shows_no_pid_or_question_mark(tmp_path):
    meeting_with_file(tmp_path / "m").close()
    with MeetingFolder.open(tmp_path / "m") as holder:
        (tmp_path / "m" / LOCK_NAME).write_bytes(b"")   # the moment before the owner writes its name
        second = MeetingFolder.open(tmp_path / "m")
        assert second.read_only and holder is not None
        said = second.read_only_reason
    assert "?" not in said and "proces" not in said and "0" not in said
    assert "en anden kkrdesk" in said


def test_a_hostile_lock_file_does_not_break_opening(tmp_path):
    meeting_with_file(tmp_path / "m").close()
    with MeetingFolder.open(tmp_path / "m"):
        (tmp_path / "m" / LOCK_NAME).write_bytes(b"[" * 4000)
        second = MeetingFolder.open(tmp_path / "m")
        assert second.read_only and "proces" not in second.read_only_reason


def test_the_checks_say_which_fields_were_cleaned():
    from kkrdesk.core.meeting.checks import check_structure

    meeting, _ = parse_manifest(HEAD + '[[items]]\nnumber = "2.1"\ntitle = "Budget\\u000b2026"\n'
                                '[[items.bilag]]\ntitle = "\\u202eFoto"\nfile = "bilag/f.png"\n')
    cleaned = [f.problem for f in check_structure(meeting) if f.problem.code == "text-cleaned"]
    assert [p.field for p in cleaned] == ["items[2.1].title", "items[2.1].bilag[1].title"]
    assert meeting.items[0].title == "Budget\n2026"


def test_the_quick_count_never_lets_deep_text_through_and_brackets_in_strings_pass():
    from kkrdesk.core.files.nesting import too_deep

    assert too_deep("x = " + "[" * 51 + "]" * 51) and not too_deep("x = " + "[" * 50 + "]" * 50)
    assert not too_deep('a = "' + "[" * 500 + '"\n# ' + "{" * 500)
