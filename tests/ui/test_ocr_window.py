"""»Gør scannet bilag søgbart« in the window: a real one-page scan made searchable in the background,
with page progress, a Cancel that kills ocrmypdf, one notice when the tools are missing, and nothing
changed in the original file or the meeting when OCR fails."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import tempfile

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QPushButton

from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.ocr import rendition
from kkrdesk.core.ocr.rendition import find_ocr_tools, searchable_copy
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.text.preview import prepare_preview
from kkrdesk.ui.ocr import make_searchable
from kkrdesk.ui.reader.reader_panel import ReaderPanel
from tests.scans import text_scan

LINES = ["Resultatkontrakt for Erhvervshus Sjælland", "Underskrevet af formanden for KKR",
         "Kendskabsgraden skal være mindst halvtreds procent"]


@pytest.fixture
def meeting_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(make_searchable.MissingTools, "told", False)
    scan = text_scan(tmp_path / "underskrevet.pdf", LINES)
    folder = tmp_path / "møde"
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27))
    with MeetingFolder.create(folder, meeting) as store:
        imported = import_file(store, scan)
        store.meeting.items.append(AgendaItem(number="2.7", title="Resultatkontrakt", bilag=[
            Bilag(title="Underskrevet kontrakt", file=imported.file, kind=imported.facts.kind,
                  pages=imported.facts.pages, sha256=imported.facts.sha256)]))
        store.save()
    return folder


@pytest.fixture
def window(window, meeting_dir):
    assert window.open_meeting(meeting_dir)
    item = window.session.meeting.item("2.7")
    window.feature("agenda").select(item, item.bilag[0])
    return window


def bilag_of(window):
    return window.session.meeting.item("2.7").bilag[0]


needs_ocr = pytest.mark.skipif(find_ocr_tools() is None, reason="ocrmypdf/tesseract-ocr-dan missing")


@needs_ocr
@pytest.mark.slow
def test_the_bilag_form_makes_a_scan_searchable_for_search_reader_and_pack(qtbot, window, agenda, meeting_dir,
                                                                          tmp_path):
    form, bilag = agenda.bilag_form, bilag_of(window)
    original = (meeting_dir / bilag.file).read_bytes()
    assert form.ocr_row.isVisibleTo(form) and form.ocr_status.text().startswith("Scannet: ingen")
    assert form.make_searchable.isVisibleTo(form) and not form.ocr_in_pack.isVisibleTo(form)
    steps = []
    form.make_searchable.click()
    form._ocr.op.progress.connect(lambda done, total, text: steps.append((done, total)))
    assert form._ocr.dialog.isVisible()
    qtbot.waitUntil(lambda: form._ocr is None, timeout=120_000)
    assert steps and steps[-1] == (1, 1)                       # page 1 of 1 is read
    assert form.ocr_status.text().startswith("Søgbar") and not form.make_searchable.isVisibleTo(form)
    assert (meeting_dir / bilag.file).read_bytes() == original  # the original is never touched
    copy = searchable_copy(bilag.sha256)
    assert copy is not None and not any((tmp_path / "tmp").iterdir())   # temp files gone
    hits = SearchIndex(tmp_path / "index.sqlite").update(meeting_dir, window.session.meeting)
    assert hits.indexed >= 2
    assert SearchIndex(tmp_path / "index.sqlite").search("kendskabsgraden").hits
    assert prepare_preview(meeting_dir / bilag.file, sha256=bilag.sha256).pdf == copy
    reader = ReaderPanel()                                     # the reader's find finds the scan's words
    qtbot.addWidget(reader)
    reader.show()
    with qtbot.waitSignal(reader.loaded, timeout=30_000):
        reader.show_bilag(meeting_dir, "2.7", 1)
    reader.pdf.find("Kendskabsgraden")
    qtbot.waitUntil(lambda: reader.pdf.hit_count() >= 1, timeout=30_000)
    reader.close_document()
    # the pack uses it only when chosen: a per-bilag option, one undo step, saved in meeting.toml
    assert form.ocr_in_pack.isVisibleTo(form) and not form.ocr_in_pack.isChecked()
    form.ocr_in_pack.click()
    assert bilag.ocr_in_pack and "bilagspakken" in window.session.stack.undoText()
    window.session.stack.undo()
    assert not bilag.ocr_in_pack and not form.ocr_in_pack.isChecked()
    window.session.stack.redo()
    assert window.save()
    assert "ocr_in_pack = true" in (meeting_dir / "meeting.toml").read_text("utf-8")


@needs_ocr
def test_cancel_kills_ocrmypdf_and_leaves_nothing(qtbot, window, agenda, meeting_dir, tmp_path, monkeypatch):
    started = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(rendition.subprocess, "Popen",
                        lambda *a, **k: started.append(real_popen(*a, **k)) or started[-1])
    form, bilag = agenda.bilag_form, bilag_of(window)
    original = (meeting_dir / bilag.file).read_bytes()
    form.make_searchable.click()
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    runner = form._ocr
    cancel = runner.dialog.findChild(QPushButton)
    assert cancel.text() == "Annuller"
    cancel.click()
    qtbot.waitUntil(lambda: form._ocr is None, timeout=30_000)
    process = started[0]
    assert process.poll() is not None
    with pytest.raises(ProcessLookupError):                    # no Tesseract or Ghostscript left
        os.killpg(process.pid, signal.SIGCONT)
    assert searchable_copy(bilag.sha256) is None
    assert not any((tmp_path / "tmp").iterdir())
    assert (meeting_dir / bilag.file).read_bytes() == original
    assert form.make_searchable.isVisibleTo(form) and form.make_searchable.isEnabled()
    assert not window.session.stack.count()


def test_missing_tools_are_told_once_with_how_to_install(qtbot, window, agenda, monkeypatch, stub_dialogs):
    monkeypatch.setattr(make_searchable, "find_ocr_tools_or_reason",
                        lambda: (None, "ocrmypdf og Tesseract er ikke installeret"))
    form = agenda.bilag_form
    form.make_searchable.click()
    told = [text for kind, _title, text in stub_dialogs.shown if kind == "inform"]
    assert len(told) == 1 and "ocrmypdf og Tesseract er ikke installeret" in told[0]
    assert "sudo apt install ocrmypdf tesseract-ocr-dan" in told[0]
    assert not form.make_searchable.isEnabled()               # not offered again this session
    assert "ikke installeret" in form.make_searchable.toolTip()
    form.start_ocr()
    assert len([c for c in stub_dialogs.shown if c[0] == "inform"]) == 1


def test_failing_ocr_says_why_in_danish_and_changes_nothing(qtbot, window, agenda, meeting_dir, tmp_path,
                                                            monkeypatch, stub_dialogs):
    fake = tmp_path / "ocrmypdf"
    fake.write_text("#!/bin/sh\necho 'PriorOcrFoundError: page already has text' >&2\nexit 6\n")
    fake.chmod(0o755)
    monkeypatch.setattr(rendition, "find_ocr_tools_or_reason",
                        lambda: (rendition.OcrTools(str(fake), "tesseract"), ""))
    form, bilag = agenda.bilag_form, bilag_of(window)
    original = (meeting_dir / bilag.file).read_bytes()
    form.make_searchable.click()
    qtbot.waitUntil(lambda: form._ocr is None, timeout=30_000)
    errors = [text for kind, _title, text in stub_dialogs.shown if kind == "error"]
    assert len(errors) == 1 and "tekstgenkendelsen mislykkedes" in str(errors[0])
    assert "intet er ændret" in str(errors[0])
    assert searchable_copy(bilag.sha256) is None
    assert (meeting_dir / bilag.file).read_bytes() == original and not window.session.stack.count()


def test_a_file_changed_on_disk_is_not_offered_for_ocr(qtbot, window, agenda, meeting_dir):
    bilag = bilag_of(window)
    text_scan(meeting_dir / bilag.file, ["En anden side"])
    window.session.check_files()
    qtbot.waitUntil(lambda: "ændret på disken" in agenda.bilag_form.status.text(), timeout=30_000)
    form = agenda.bilag_form
    assert not form.ocr_row.isVisibleTo(form)
    assert not form.fields.labelForField(form.ocr_row).isVisibleTo(form)     # no label left alone


@needs_ocr
@pytest.mark.slow
def test_the_preflight_finding_offers_ocr_and_checks_again(qtbot, meeting_dir, tmp_path, monkeypatch):
    from kkrdesk.ui.export.export_dialog import ExportDialog

    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    dialog = ExportDialog(MeetingFolder.open(meeting_dir, write=False))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=30_000)
    entries = [dialog.problem_list.item(i) for i in range(dialog.problem_list.count())]
    scan = next(e for e in entries if "ser ud til at være scannet" in e.text())
    assert "Gør scannet bilag søgbart" in scan.text() and not dialog.ocr_button.isVisible()
    dialog.problem_list.setCurrentItem(scan)
    assert dialog.ocr_button.isVisible() and dialog.ocr_button.isEnabled()
    dialog.ocr_button.click()
    qtbot.waitUntil(lambda: dialog._ocr is None and dialog.report is not None and not dialog.busy,
                    timeout=120_000)
    texts = [dialog.problem_list.item(i).text() for i in range(dialog.problem_list.count())]
    assert any("bruger den søgbare kopi" in text for text in texts)
    assert not any("ser ud til at være scannet" in text for text in texts)
    dialog.close()


@pytest.mark.parametrize("hint", [
    ("Bed om en tekst-PDF, eller gør bilaget søgbart med tekstgenkendelse (»Gør scannet bilag søgbart« "
     "på bilaget, eller kkrdesk ocr)."),
    ("Brug den Word-fil eller tekst-PDF, kontrakten blev skrevet i, eller lad kkrdesk læse den scannede "
     "PDF med tekstgenkendelse (check-contract --ocr)."),
])
def test_the_window_points_at_the_button_not_at_the_command_line(hint):
    from kkrdesk.ui.window_words import window_text

    shown = window_text(hint)
    assert "»Gør scannet bilag søgbart«" in shown and "kkrdesk ocr" not in shown and "--ocr" not in shown
    assert "Brugervejledning" not in shown


@needs_ocr
def test_closing_the_window_during_ocr_stops_ocrmypdf(qtbot, meeting_dir, tmp_path, monkeypatch):
    import shiboken6
    from PySide6.QtWidgets import QWidget

    started = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(rendition.subprocess, "Popen",
                        lambda *a, **k: started.append(real_popen(*a, **k)) or started[-1])
    bilag = MeetingFolder.open(meeting_dir, write=False).meeting.item("2.7").bilag[0]
    parent = QWidget()
    make_searchable.MakeSearchable(parent, meeting_dir / bilag.file, bilag.sha256, "bilag 1").start()
    qtbot.waitUntil(lambda: bool(started), timeout=30_000)
    shiboken6.delete(parent)                                   # the window and its form are gone
    qtbot.waitUntil(lambda: started[0].poll() is not None, timeout=30_000)
    QThreadPool.globalInstance().waitForDone(30_000)
    with pytest.raises(ProcessLookupError):
        os.killpg(started[0].pid, signal.SIGCONT)
    assert searchable_copy(bilag.sha256) is None and not any((tmp_path / "tmp").iterdir())
