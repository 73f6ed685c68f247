"""The main window as a secretary uses it: build a meeting, undo and redo it all, save and reopen."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from PySide6.QtCore import QDate, QMimeData, QSettings, Qt, QUrl
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

from kkrdesk.core.meeting.recovery import pending_recoveries, write_recovery
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings
from tests.conftest import ROOT
from tests.factories import make_docx, make_pdf, meeting_with_file

ITEMS = [
    ("2.2", "Temadrøftelse", "Drøftelse af rammerne for det fremtidige tværkommunale samarbejde i KKR",
     ["Opsamling på KKR undersøgelse 2025.pdf", "KKR-evaluering 2025.docx"]),
    ("2.4", "Temadrøftelse", "Danmark skal hænge sammen - KL's udspil til fremtidens kollektive trafik",
     ["Udspil - kollektiv trafik.pdf"]),
    ("2.7", "Orienteringssag", "Rammeaftale for erhvervshusene 2024-2027", ["Rammeaftale.pdf"]),
]


@pytest.fixture
def window(window):
    window.resize(1200, 800)
    return window


def type_into(qtbot, widget, text):
    """Type like a user; QTest can only send ASCII keys, so other letters are inserted as input."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.clear()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    elif isinstance(widget, QLineEdit):
        widget.insert(text)
    else:
        widget.insertPlainText(text)
    if isinstance(widget, QLineEdit):
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def meeting_with_a_changed_file(path):
    """A meeting whose bilag 1 to item 2.2 was recorded with 3 pages and has 6 on disk now."""
    folder = meeting_with_file(path, pages=3)
    changed = folder.path / folder.meeting.item("2.2").bilag[0].file
    folder.close()
    make_pdf(changed, 6)


def open_on_a_changed_bilag(window, agenda, qtbot, path):
    """That meeting opened in ``window``, its file check done, the changed bilag chosen; returns item 2.2."""
    meeting_with_a_changed_file(path)
    window.open_meeting(path)
    qtbot.waitUntil(lambda: not window.session.busy)
    item = window.session.meeting.item("2.2")
    agenda.select(item, item.bilag[0])
    return item


def drop_files(qtbot, window, item, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    model = window.session.model
    before = len(item.bilag)
    model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.item_index(item))
    qtbot.waitUntil(lambda: len(item.bilag) == before + len(paths), timeout=15000)


@pytest.mark.slow
def test_a_secretary_builds_the_sample_meeting_in_the_window(window, agenda, qtbot, tmp_path, stub_dialogs):
    folder = tmp_path / "KKR Sjælland februar"

    def fill(dialog):
        dialog.kkr.setCurrentText("KKR Sjælland")
        dialog.date.setDate(QDate(2025, 2, 27))
        dialog.place.setText("Ringsted")
        dialog.folder.setText(str(folder))
        return True

    stub_dialogs.answers["run"] = fill
    window.act_new.trigger()
    assert window.session is not None and window.session.meeting.kkr == "KKR Sjælland"
    sources = tmp_path / "fra-sagssystemet"
    sources.mkdir()
    for number, kind, title, files in ITEMS:
        agenda.act_add_item.trigger()
        form = agenda.item_form
        type_into(qtbot, form.number, number)
        form.type.setCurrentText(kind)
        type_into(qtbot, form.title, title)
        type_into(qtbot, form.texts["resume"], f"Resumé af punkt {number} med æøå.")
        form.commit_pending()
        paths = [make_docx(sources / name) if name.endswith(".docx") else make_pdf(sources / name, 3)
                 for name in files]
        drop_files(qtbot, window, window.session.meeting.item(number), paths)
    built = window.session.meeting.copy()
    assert [(i.number, str(i.type), i.title) for i in built.items] == [(n, k, t) for n, k, t, _ in ITEMS]
    assert [b.title for b in built.item("2.2").bilag] == ["Opsamling på KKR undersøgelse 2025",
                                                          "KKR-evaluering 2025"]
    assert window.isWindowModified()

    stack = window.session.stack
    steps = stack.count()
    assert steps >= 15
    while stack.canUndo():
        window.act_undo.trigger()
    assert window.session.meeting.items == []
    while stack.canRedo():
        window.act_redo.trigger()
    assert window.session.meeting == built

    window.act_save.trigger()
    assert not window.isWindowModified()
    assert window.close_meeting()
    assert window.open_meeting(folder)
    assert window.session.meeting == built
    assert not window.session.read_only


def test_title_bar_shows_unsaved_changes_and_closing_asks(window, agenda, qtbot, tmp_path, stub_dialogs):
    meeting_with_file(tmp_path / "m").close()
    window.open_meeting(tmp_path / "m")
    assert "[*]" in window.windowTitle() and not window.isWindowModified()
    agenda.act_add_item.trigger()
    assert window.isWindowModified()
    stub_dialogs.answers["save_discard_cancel"] = "cancel"
    assert window.close_meeting() is False
    assert window.session is not None
    stub_dialogs.answers["save_discard_cancel"] = "save"
    assert window.close_meeting() is True
    assert [i.number for i in MeetingFolder.open(tmp_path / "m", write=False).meeting.items] == [
        "2.2", "2.3", "2.4"]


HOLDER = textwrap.dedent("""
    import sys, time
    from kkrdesk.core.meeting.store import MeetingFolder
    folder = MeetingFolder.open(sys.argv[1])
    print("holding", flush=True)
    time.sleep(60)
""")


def test_meeting_open_elsewhere_is_read_only_with_a_banner(window, agenda, tmp_path):
    meeting_with_file(tmp_path / "m").close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "m")], stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "holding"
        window.open_meeting(tmp_path / "m")
        assert window.session.read_only
        assert window.banner.isVisible()
        banner = window.banner_text.text()
        assert f"på {socket.gethostname()}" in banner          # who and where, for people:
        assert "proces" not in banner and str(holder.pid) not in banner and "?" not in banner  # no PID
        assert re.search(r"siden \d{1,2}\. [a-z]+ \d{4} kl\. \d\d\.\d\d\.", banner), banner   # a date in words
        assert not agenda.act_add_item.isEnabled() and not window.act_save.isEnabled()
        assert agenda.item_form.title.isReadOnly()
        assert "skrivebeskyttet" in window.windowTitle()
    finally:
        holder.kill()
        holder.wait()


def test_crash_recovery_is_offered_and_restores_unsaved_work(window, tmp_path, stub_dialogs):
    meeting_with_file(tmp_path / "m").close()
    unsaved = MeetingFolder.open(tmp_path / "m", write=False).meeting
    unsaved.item("2.4").title = "Skrevet lige før nedbruddet"
    write_recovery(tmp_path / "m", unsaved, tmp_path / "data")
    stub_dialogs.answers["confirm"] = True
    window.offer_recoveries()
    assert window.session.meeting.item("2.4").title == "Skrevet lige før nedbruddet"
    assert window.isWindowModified()
    window.act_save.trigger()
    assert pending_recoveries(tmp_path / "data") == []
    assert MeetingFolder.open(tmp_path / "m", write=False).meeting.item("2.4").title == \
        "Skrevet lige før nedbruddet"


def test_declining_recovery_discards_the_copy(window, tmp_path, stub_dialogs):
    meeting_with_file(tmp_path / "m").close()
    write_recovery(tmp_path / "m", MeetingFolder.open(tmp_path / "m", write=False).meeting, tmp_path / "data")
    stub_dialogs.answers["confirm"] = False
    window.open_meeting(tmp_path / "m")
    asked = stub_dialogs.shown[-1][2]
    assert re.search(r"gendannelseskopi fra \d{1,2}\. [a-z]+ \d{4} kl\. \d\d\.\d\d\.", asked), asked
    assert pending_recoveries(tmp_path / "data") == []
    assert not window.isWindowModified()


def test_autosave_writes_a_recovery_copy_only_when_modified(window, agenda, tmp_path):
    meeting_with_file(tmp_path / "m").close()
    window.open_meeting(tmp_path / "m")
    window.session.write_recovery()
    assert pending_recoveries(tmp_path / "data") == []
    agenda.act_add_item.trigger()
    window.session.write_recovery()
    assert [r.meeting_path for r in pending_recoveries(tmp_path / "data")] == [(tmp_path / "m").resolve()]


def test_problems_list_jumps_to_the_place(window, agenda, tmp_path, qtbot):
    folder = meeting_with_file(tmp_path / "m")
    folder.meeting.item("2.4").number = "2.2"
    folder.save()
    folder.close()
    window.open_meeting(tmp_path / "m")
    qtbot.waitUntil(lambda: not window.session.busy)
    problem = next(agenda.problems.item(i) for i in range(agenda.problems.count())
                   if "bruges 2 gange" in agenda.problems.item(i).text())
    agenda.problems.itemActivated.emit(problem)
    assert agenda.forms.currentWidget() is agenda.item_form
    assert agenda.item_form.item.number == "2.2"
    assert "bruges 2 gange" in agenda.item_form.problems.findChildren(type(window.banner_text))[0].text()


def test_changed_file_is_flagged_and_can_be_accepted(window, agenda, tmp_path, qtbot):
    item = open_on_a_changed_bilag(window, agenda, qtbot, tmp_path / "m")
    assert "ændret på disken" in agenda.bilag_form.status.text()
    assert agenda.bilag_form.accept.isVisibleTo(window)
    agenda.bilag_form.accept.click()
    qtbot.waitUntil(lambda: not window.session.busy)
    assert item.bilag[0].pages == 6
    assert agenda.bilag_form.status.text().startswith("Uændret")


def test_every_control_has_an_accessible_name(window, agenda, tmp_path):
    meeting_with_file(tmp_path / "m").close()
    window.open_meeting(tmp_path / "m")
    unnamed = []
    for form in (agenda.meeting_form, agenda.item_form, agenda.bilag_form):
        widgets = [w for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractButton)
                   for w in form.findChildren(kind)]
        for widget in widgets:
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue
            if not widget.accessibleName():
                unnamed.append(f"{type(form).__name__}.{type(widget).__name__}")
    assert unnamed == []
    assert all(action.toolTip() for action in (agenda.act_add_item, window.act_save, agenda.act_remove))


def test_window_geometry_and_splitter_are_remembered(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    first = MainWindow(settings, data_dir=tmp_path)
    qtbot.addWidget(first)
    connect_features(first)
    first.resize(700, 500)  # the offscreen screen is 800×600
    first.show()
    first.feature("agenda").splitter.setSizes([300, 700])
    sizes = first.feature("agenda").splitter.sizes()
    first.close()
    second = MainWindow(settings, data_dir=tmp_path)
    qtbot.addWidget(second)
    connect_features(second)
    second.show()
    assert second.size().width() == 700
    assert second.feature("agenda").splitter.sizes() == sizes


def test_meeting_form_edits_the_meeting(window, agenda, tmp_path, qtbot):
    meeting_with_file(tmp_path / "m").close()
    window.open_meeting(tmp_path / "m")
    agenda.act_meeting.trigger()
    form = agenda.meeting_form
    type_into(qtbot, form.place, "Sorø")
    form.date.setDate(QDate(2025, 3, 6))
    form.date.editingFinished.emit()
    assert window.session.meeting.place == "Sorø"
    assert window.session.meeting.date == dt.date(2025, 3, 6)
    assert "6. marts 2025" in window.windowTitle()
    window.act_undo.trigger()
    assert window.session.meeting.date == dt.date(2025, 2, 27)


@pytest.mark.slow
def test_dropping_many_files_renumbers_and_rechecks_once_and_screens_in_one_child(window, qtbot, tmp_path,
                                                                                   monkeypatch):
    from kkrdesk.core.files import pdf_screen

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    batches, singles = [], []
    batch, single = pdf_screen._screen_batch_in_child, pdf_screen._screen_in_child
    monkeypatch.setattr(pdf_screen, "_screen_batch_in_child",
                        lambda paths, *rest: batches.append(len(paths)) or batch(paths, *rest))
    monkeypatch.setattr(pdf_screen, "_screen_in_child",
                        lambda path, *rest: singles.append(path) or single(path, *rest))
    meeting_with_file(tmp_path / "m").close()
    assert window.open_meeting(tmp_path / "m")
    batches.clear()
    singles.clear()
    model = window.session.model
    edits = []
    model.edited.connect(lambda: edits.append(1))
    files = [make_pdf(tmp_path / f"nyt {n}.pdf", n, text=f"Bilag {n}, side {{n}}") for n in range(1, 7)]
    item = window.session.meeting.item("2.2")
    drop_files(qtbot, window, item, files)
    assert len(edits) == 1                      # one renumbering and one re-check for the whole drop
    assert batches == [6] and singles == []     # one screening child for all six
    rows = [model.data(model.index(row, 0, model.item_index(item))) for row in range(len(item.bilag))]
    assert [row.split(":")[0] for row in rows] == [f"Bilag {n}" for n in range(1, 8)]


def test_the_file_check_of_a_start_waits_for_the_windows_first_paint(qtbot, tmp_path, settings, monkeypatch):
    """Opening a meeting in a window not yet drawn: the check is under way (busy) at once, but reads
    no file until the window has been painted, so it does not slow the first paint down."""
    from PySide6.QtCore import QEvent, QObject

    from kkrdesk.core.meeting import file_checks

    meeting_with_a_changed_file(tmp_path / "m")
    painted, painted_when_read = [], []

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    def recording_check(*args, **kwargs):
        painted_when_read.append(bool(painted))
        return check_bilag_file(*args, **kwargs)

    check_bilag_file = file_checks.check_bilag_file
    monkeypatch.setattr(file_checks, "check_bilag_file", recording_check)
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    window.open_meeting(tmp_path / "m")
    assert window.session.busy
    time.sleep(0.3)            # the GUI thread busy elsewhere: a check not waiting would read now
    qtbot.waitUntil(lambda: not window.session.busy, timeout=15000)
    assert painted_when_read == [True]
    assert any(f.problem.code == "file-changed" for f in window.session.findings())
    window.session.stack.setClean()
    window.close()


def test_accepting_a_changed_file_reads_it_off_the_gui_thread(window, agenda, tmp_path, qtbot, monkeypatch):
    """Godkend ny udgave: the file is read (a Word file's pages counted by LibreOffice, seconds at
    worst) in a worker, so the window keeps answering; the new facts arrive as one undo step."""
    import threading

    from kkrdesk.core.meeting import file_checks

    readers = []
    accept_changed = file_checks.accept_changed

    def recording(*args, **kwargs):
        readers.append(threading.current_thread() is threading.main_thread())
        return accept_changed(*args, **kwargs)

    monkeypatch.setattr(file_checks, "accept_changed", recording)
    item = open_on_a_changed_bilag(window, agenda, qtbot, tmp_path / "m")
    agenda.bilag_form.accept.click()
    qtbot.waitUntil(lambda: not window.session.busy)
    assert readers == [False]
    assert item.bilag[0].pages == 6
    window.session.stack.undo()
    assert item.bilag[0].pages == 3
