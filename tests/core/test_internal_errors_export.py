"""A bug in kkrdesk while exporting, checking or naming a bilag is told as kkrdesk's and logged, not as a damaged file."""

from __future__ import annotations

import pytest

from kkrdesk.cli import main
from kkrdesk.cli.output import EXIT_INTERNAL
from kkrdesk.core.errors import BadFileError, InternalError, KkrError
from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.title import suggested_title
from kkrdesk.core.logbook import configure_logging
from kkrdesk.core.meeting.store import read_meeting
from tests.broken_images import png_by_hand
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting
from tests.factories import make_docx, make_pdf


@pytest.fixture
def logged(log_in):
    """kkrdesk's log set up as the window and the command line set it up; the text it holds so far."""
    configure_logging()
    return lambda: log_in.read_text(encoding="utf-8") if log_in.exists() else ""


def broken_reader(*args, **kwargs):
    raise TypeError("Document() got an unexpected keyword argument 'docx'")


def test_a_broken_word_reader_in_the_preflight_is_blamed_on_kkrdesk(tmp_path, log_in, monkeypatch, capsys):
    import docx

    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Trafik", bilag=[BilagSpec("Notat", 2, kind="docx")])])
    monkeypatch.setattr(docx, "Document", broken_reader)
    code = main(["preflight", str(folder), "--no-libreoffice"])
    said = capsys.readouterr().err
    assert code == EXIT_INTERNAL
    assert "fejl i kkrdesk, ikke i filen" in said and "ødelagt" not in said
    logged = log_in.read_text(encoding="utf-8")
    assert "Traceback (most recent call last):" in logged and "broken_reader" in logged


def test_a_broken_image_reader_in_the_export_is_kkrdesk_s_and_a_damaged_image_the_file_s(tmp_path, logged,
                                                                                          monkeypatch):
    from PIL import Image

    damaged = tmp_path / "foto.png"
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x07" * 40)
    with pytest.raises(BadFileError) as file_s:
        image_pdf(damaged)
    assert file_s.value.reason == "damaged" and "fejl i kkrdesk" not in file_s.value.message

    sound = tmp_path / "kort.png"          # screened sound in the child; this process's reader fails
    sound.write_bytes(png_by_hand())
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))     # no rendition of it made before
    monkeypatch.setattr(Image, "open", broken_reader)
    with pytest.raises(InternalError) as ours:
        image_pdf(sound)
    assert "fejl i kkrdesk, ikke i filen" in ours.value.message
    assert "broken_reader" in logged()


def test_a_failing_extra_costs_only_itself_and_kkrdesk_s_own_failure_is_said_and_logged(tmp_path, log_in,
                                                                                       logged):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[])])

    def refused(context):
        raise KkrError("kontrakten kunne ikke læses")

    def buggy(context):
        return [None.items()]

    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False),
                            extras=[refused, buggy])
    messages = [p.message for p in result.problems if p.code == "extra-failed"]
    assert len(messages) == 2 and "kontrakten kunne ikke læses" in messages[0]
    assert "uventet fejl i kkrdesk" in messages[1] and str(log_in) in messages[1]
    assert "AttributeError" not in messages[1]
    assert "Traceback (most recent call last):" in logged() and "in buggy" in logged()
    assert result.docx.is_file()


def test_kkrdesk_failing_on_one_bilag_of_the_agenda_pack_is_said_as_kkrdesk_s(tmp_path, logged, monkeypatch):
    from kkrdesk.core.export import word_agenda

    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Trafik", bilag=[BilagSpec("Udspil", 1)])])

    def broken_pages(self, bilag):
        raise IndexError("list index out of range")

    monkeypatch.setattr(word_agenda._AgendaWriter, "_pdf_pages", broken_pages)
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False,
                                                           agenda_pack=True), extras=[])
    [problem] = [p for p in result.problems if p.code == "agenda-pack-bilag"]
    assert "uventet fejl i kkrdesk" in problem.message and "IndexError" not in problem.message
    assert problem.hint == "Send fejlrapporten til udviklerne."
    assert "broken_pages" in logged()


def test_a_title_kkrdesk_fails_to_read_falls_back_to_the_name_and_is_logged(tmp_path, logged, monkeypatch):
    from kkrdesk.core.files import title

    pdf = make_pdf(tmp_path / "03_udspil-om-trafik.pdf")
    monkeypatch.setattr(title, "_pdf_title", broken_reader)
    assert suggested_title(pdf, FileKind.PDF, pdf.name) == "Udspil om trafik"
    assert "kkrdesk failed reading a document title" in logged()


def test_a_damaged_file_s_title_falls_back_to_the_name_without_a_log_entry(tmp_path, logged):
    damaged = tmp_path / "03_udspil-om-trafik.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + b"\x00" * 200)
    assert suggested_title(damaged, FileKind.PDF, damaged.name) == "Udspil om trafik"
    assert "kkrdesk failed" not in logged()


def test_a_failing_uno_script_leaves_its_traceback_in_the_log(tmp_path, logged, monkeypatch):
    import subprocess

    from kkrdesk.core.export import libreoffice_toc

    crashed = subprocess.CompletedProcess([], 1, b"", b'Traceback (most recent call last):\n  File "uno_update_'
                                          b'indexes.py", line 71, in main\nNameError: name \'indexes\' is not defined\n')
    monkeypatch.setattr(libreoffice_toc, "find_soffice", lambda: tmp_path / "soffice")
    monkeypatch.setattr(libreoffice_toc, "find_uno_python", lambda soffice=None: tmp_path / "python3")
    monkeypatch.setattr(libreoffice_toc, "run_contained", lambda *args, **kwargs: crashed)
    with pytest.raises(KkrError) as failed:
        libreoffice_toc.update_indexes(make_docx(tmp_path / "dagsorden.docx"), tmp_path / "ud.docx")
    assert failed.value.message.startswith("LibreOffice fejlede (NameError")
    assert "exit code 1" in logged() and "line 71, in main\nNameError: name '…' is not defined" in logged()


def test_the_fast_sheet_reader_failing_is_logged_and_openpyxl_reads_the_export(tmp_path, logged, monkeypatch):
    from kkrdesk.core.survey import export_reader
    from kkrdesk.core.survey.load import summarize_survey
    from tests.survey_exports import write_export

    path = write_export(tmp_path, "xlsx")
    expected = summarize_survey(path).rows_read
    assert "fast sheet reader" not in logged()

    def broken_sheets(*args, **kwargs):
        raise TypeError("_XmlSheets() takes 2 positional arguments")

    monkeypatch.setattr(export_reader, "_XmlSheets", broken_sheets)
    assert summarize_survey(path).rows_read == expected == 8
    assert "the fast sheet reader gave up" in logged() and "in broken_sheets" in logged()
