"""Without LibreOffice each place that needs it says so, and how to install it is said once."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import Severity
from kkrdesk.core.export.exporter import FIELDS_NOTE, ExportOptions, export_meeting
from kkrdesk.core.export.preflight import preflight
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.office.soffice import INSTALL_HINT, WITHOUT_LIBREOFFICE
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting


@pytest.fixture(autouse=True)
def no_libreoffice(monkeypatch):
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")


def said(texts: list[str], phrase: str) -> int:
    return sum(text.count(phrase) for text in texts)


def everything_said(report) -> list[str]:
    return [f"{p.message} {p.hint}" for p in report.problems]


@pytest.fixture
def two_word_bilag(tmp_path):
    return make_meeting(tmp_path / "møde", [
        ItemSpec("2.2", "Samarbejdet", bilag=[BilagSpec("Evaluering", 2, kind="docx"), BilagSpec("Opsamling", 2)]),
        ItemSpec("2.7", "Erhvervshuse", bilag=[BilagSpec("Resultatkontrakt", 2, kind="docx")])])


def test_the_preflight_says_once_what_is_lost_and_how_to_install_it(two_word_bilag):
    meeting, _ = read_meeting(two_word_bilag)
    report = preflight(two_word_bilag, meeting)
    codes = [f.problem.code for f in report.findings]
    assert codes == ["libreoffice-missing", "needs-libreoffice", "needs-libreoffice"]
    notice = report.findings[0]
    assert notice.problem.severity is Severity.WARNING and notice.problem.hint == INSTALL_HINT
    assert WITHOUT_LIBREOFFICE in notice.problem.message
    assert said(everything_said(report), "da.libreoffice.org") == 1
    for finding in report.findings[1:]:
        assert "fordi LibreOffice ikke er installeret" in finding.problem.message
        assert finding.problem.hint == "Læg bilaget på som PDF, eller installér LibreOffice."
    assert not report.blocking


def test_a_meeting_without_word_bilag_gets_no_notice_from_the_preflight(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("PDF", 2)])])
    meeting, _ = read_meeting(folder)
    assert preflight(folder, meeting).findings == ()


def test_deselecting_libreoffice_is_not_called_a_missing_installation(two_word_bilag):
    meeting, _ = read_meeting(two_word_bilag)
    report = preflight(two_word_bilag, meeting, use_libreoffice=False)
    assert [f.problem.code for f in report.findings] == ["needs-libreoffice", "needs-libreoffice"]
    assert all("LibreOffice er fravalgt" in text for text in everything_said(report))


def _agenda_notes(result) -> list[str]:
    return [note for note in result.notes if "ingen tags" not in note]   # the pack's own note aside


def test_the_agenda_note_names_the_installation_only_when_the_preflight_did_not(two_word_bilag, tmp_path):
    meeting, _ = read_meeting(two_word_bilag)
    result = export_meeting(two_word_bilag, meeting, ExportOptions(pdf=tmp_path / "b.pdf", docx=tmp_path / "d.docx"))
    assert _agenda_notes(result) == [f"{FIELDS_NOTE} (LibreOffice er ikke installeret.)"]
    told = everything_said(result.preflight) + [f"{p.message} {p.hint}" for p in result.problems] + list(result.notes)
    assert said(told, "da.libreoffice.org") == 1
    assert [p.hint for p in result.problems] == ["Læg bilaget på som PDF, eller installér LibreOffice."] * 2

    only_pdf = make_meeting(tmp_path / "pdf-møde", [ItemSpec("1", "Punkt", bilag=[BilagSpec("PDF", 2)])])
    meeting, _ = read_meeting(only_pdf)
    result = export_meeting(only_pdf, meeting, ExportOptions(docx=tmp_path / "d2.docx"))
    assert _agenda_notes(result) == [f"{FIELDS_NOTE} (LibreOffice er ikke installeret. {INSTALL_HINT})"]
