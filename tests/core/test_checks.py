"""The checks `kkrdesk validate` and the editor share: numbers, titles, files present and unchanged."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting import AgendaItem
from kkrdesk.core.meeting.file_checks import accept_changed, check_meeting
from tests.factories import make_pdf, meeting_with_file


def codes(findings):
    return sorted(f.problem.code for f in findings)


@pytest.mark.slow
def test_a_clean_meeting_has_no_findings(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    assert check_meeting(folder.path, folder.meeting) == []


def test_duplicate_numbers_and_missing_titles(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    folder.meeting.items.append(AgendaItem(number="2.4", title=" "))
    findings = check_meeting(folder.path, folder.meeting)
    assert codes(findings) == ["duplicate-number", "item-no-title"]
    duplicate = next(f for f in findings if f.problem.code == "duplicate-number")
    assert duplicate.problem.severity is Severity.ERROR and duplicate.place.item == "2.4"


@pytest.mark.slow
def test_changed_file_is_reported_and_can_be_accepted(tmp_path):
    folder = meeting_with_file(tmp_path / "m", pages=3)
    bilag = folder.meeting.item("2.2").bilag[0]
    make_pdf(folder.path / bilag.file, 5)
    findings = check_meeting(folder.path, folder.meeting)
    assert codes(findings) == ["file-changed"]
    assert findings[0].place.item == "2.2" and findings[0].place.bilag == 1
    assert accept_changed(folder.path, folder.meeting) == ["punkt 2.2, bilag 1"]
    assert bilag.pages == 5
    assert check_meeting(folder.path, folder.meeting) == []


def test_missing_file_and_unreferenced_file(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    bilag = folder.meeting.item("2.2").bilag[0]
    (folder.path / bilag.file).rename(folder.path / "bilag" / "omdøbt.pdf")
    findings = check_meeting(folder.path, folder.meeting)
    assert codes(findings) == ["file-missing", "file-unreferenced"]
    missing = next(f for f in findings if f.problem.code == "file-missing")
    assert "Læg filen tilbage" in missing.problem.hint


def test_unrecorded_fingerprint_is_a_warning(tmp_path):
    folder = meeting_with_file(tmp_path / "m")
    folder.meeting.item("2.2").bilag[0].sha256 = None
    findings = check_meeting(folder.path, folder.meeting)
    assert [(f.problem.code, f.problem.severity) for f in findings] == [("hash-missing", Severity.WARNING)]
