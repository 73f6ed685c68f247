"""Opening never loses what was open; Print goes through the dialog service; window words only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter

from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.agenda.new_meeting_dialog import NewMeetingDialog
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings
from kkrdesk.ui.window_words import COMMANDS, window_text
from tests.conftest import ROOT
from tests.factories import meeting_with_file


@pytest.fixture
def settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(window, tmp_path):
    meeting_with_file(tmp_path / "open").close()
    assert window.open_meeting(tmp_path / "open")
    window.feature("agenda").act_add_item.trigger()            # unsaved work that a failed open must not touch
    return window


def _not_a_meeting(tmp_path: Path) -> Path:
    folder = tmp_path / "tom mappe"
    folder.mkdir()
    return folder


def _damaged(tmp_path: Path) -> Path:
    folder = tmp_path / "beskadiget"
    folder.mkdir()
    (folder / "meeting.toml").write_bytes(b'[meeting\nkkr = "KKR \xff')
    return folder


def _unreadable(tmp_path: Path, monkeypatch) -> Path:
    folder = meeting_with_file(tmp_path / "ingen adgang")
    folder.close()
    manifest = folder.path / "meeting.toml"
    original = Path.read_bytes

    def refuse(path):
        if path == manifest:
            raise PermissionError(13, "Permission denied", str(path))
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)   # root ignores chmod 000, so the refusal is simulated
    return folder.path


@pytest.mark.parametrize("make", [_not_a_meeting, _damaged, _unreadable], ids=["not-a-meeting", "damaged",
                                                                             "no-permission"])
def test_a_failed_open_keeps_the_open_meeting(window, agenda, tmp_path, monkeypatch, stub_dialogs, make):
    session, title = window.session, window.windowTitle()
    steps = session.stack.count()
    target = make(tmp_path, monkeypatch) if make is _unreadable else make(tmp_path)
    stub_dialogs.answers["choose_folder"] = target
    window.act_open.trigger()
    assert window.session is session and session.stack.count() == steps
    assert window.windowTitle() == title and window.isWindowModified()
    assert agenda.act_add_item.isEnabled() and agenda.tree.model() is session.model
    kind, heading, text = stub_dialogs.shown[-1]
    assert (kind, heading) == ("error", "Mødet kan ikke åbnes")
    assert "stadig åben" in text
    assert not re.search(r"kkrdesk\s+(" + "|".join(COMMANDS) + r")\b", text), text
    assert not any(entry[0] == "save_discard_cancel" for entry in stub_dialogs.shown), \
        "nothing was closed, so nothing is asked about unsaved changes"


def test_not_a_meeting_explains_in_window_words(window, tmp_path, stub_dialogs):
    window.open_meeting(_not_a_meeting(tmp_path))
    text = stub_dialogs.shown[-1][2]
    assert "Filer › Nyt møde" in text and "kkrdesk new" not in text


def test_a_meeting_toml_path_opens_its_meeting(window, tmp_path, stub_dialogs):
    stub_dialogs.answers["save_discard_cancel"] = "discard"
    meeting_with_file(tmp_path / "anden").close()
    assert window.open_meeting(tmp_path / "anden" / "meeting.toml")
    assert window.session.folder.path == (tmp_path / "anden").resolve() or \
        window.session.folder.path == tmp_path / "anden"


def test_cancelling_the_unsaved_question_keeps_both_meetings_apart(window, tmp_path, stub_dialogs):
    meeting_with_file(tmp_path / "anden").close()
    session = window.session
    stub_dialogs.answers["save_discard_cancel"] = "cancel"
    assert not window.open_meeting(tmp_path / "anden")
    assert window.session is session
    again = MeetingFolder.open(tmp_path / "anden")     # the other meeting's lock was given back
    assert not again.read_only
    again.close()


def test_opening_the_open_meeting_again_changes_nothing(window, tmp_path, stub_dialogs):
    session = window.session
    assert window.open_meeting(tmp_path / "open")
    assert window.session is session and not stub_dialogs.shown


def test_recent_meetings_are_listed_by_name(window, tmp_path, settings):
    window.recent_menu.aboutToShow.emit()
    texts = [action.text() for action in window.recent_menu.actions()]
    assert texts and texts[0].startswith("Møde i KKR") and "27. februar 2025" in texts[0]
    assert str(tmp_path) not in texts[0]


def test_print_sends_the_agenda_to_the_chosen_printer(window, tmp_path, stub_dialogs):
    target = tmp_path / "udskrift.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    stub_dialogs.answers["printer"] = printer
    item = window.session.meeting.items[0]
    window.session.edit_item(item, "title", "Trafikplan for Sjælland")
    assert window.act_print.shortcuts()[0].matches(Qt.Key.Key_P | Qt.KeyboardModifier.ControlModifier)
    assert window.print_current()
    assert stub_dialogs.shown[-1][:2] == ("print", "Udskriv dagsordenen")
    document = pypdfium2.PdfDocument(str(target))
    text = " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Trafikplan for Sjælland" in text and "Dagsorden" in text and "27. februar 2025" in text


def test_print_is_cancelled_when_the_dialog_is(window, stub_dialogs):
    assert not window.print_current()
    assert stub_dialogs.shown[-1][0] == "print"


def test_new_meeting_dialog_remembers_the_kkr_and_tab_leaves_the_time(qtbot, settings):
    dialog = NewMeetingDialog(last_kkr="")
    qtbot.addWidget(dialog)
    assert dialog.kkr.currentText() == "", "no KKR is chosen for the user"
    dialog.show()
    dialog.start.setFocus()
    qtbot.waitUntil(dialog.start.hasFocus)
    qtbot.keyClick(dialog.start, Qt.Key.Key_Tab)
    assert dialog.title.hasFocus()
    settings.set_last_kkr("KKR Syddanmark")
    assert NewMeetingDialog(last_kkr=settings.last_kkr()).kkr.currentText() == "KKR Syddanmark"


def test_new_meeting_dialog_folder_label_has_no_literal_ampersand(qtbot):
    from PySide6.QtWidgets import QLabel

    dialog = NewMeetingDialog()
    qtbot.addWidget(dialog)
    label = next(w for w in dialog.findChildren(QLabel) if "Mappe" in w.text())
    assert label.buddy() is dialog.folder


def _core_strings():
    """Every string literal in kkrdesk/core, adjacent pieces joined as Python joins them."""
    for path in sorted((ROOT / "kkrdesk" / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield path, node.value
            elif isinstance(node, ast.JoinedStr):
                yield path, "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)


@pytest.mark.slow
def test_no_core_message_reaches_the_window_naming_a_command():
    command = re.compile(r"\bkkrdesk\s+(" + "|".join(COMMANDS) + r")\b")
    found = [(path.name, text) for path, text in _core_strings() if command.search(text)]
    assert len(found) >= 8, "the scan sees the core's hints"
    left = [(name, window_text(text)) for name, text in found if command.search(window_text(text))]
    assert left == []


def test_the_known_hints_get_their_own_window_words():
    changed = window_text("x: filen er ændret. Kontrollér, at det er den rigtige udgave, og godkend den med "
                          "kkrdesk validate --accept-changed (eller i kkrdesk under bilaget).")
    assert "Godkend ny udgave" in changed and "Brugervejledning" not in changed
    assert window_text("Vælg en .kkrpack-fil lavet med kkrdesk pack.") == \
        "Vælg en .kkrpack-fil lavet med Filer › Lav medlemspakke."


def test_the_cli_parser_knows_no_command_the_window_words_miss():
    import argparse

    from kkrdesk.cli import build_parser

    choices = next(a.choices for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert set(choices) <= set(COMMANDS)


def test_the_file_dialog_texts_qt_left_in_english_are_danish(qapp):
    """With the translators the application installs: Qt's catalogue, and the texts it lacks behind it."""
    from PySide6.QtCore import QCoreApplication

    from kkrdesk.ui.app import install_danish

    translators = install_danish(qapp)
    try:
        assert len(translators) == 2, "Qt's Danish catalogue is found"
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Kig i:"
        assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "Fil&type:"
        assert QCoreApplication.translate("QAbstractFileIconProvider", "Folder") == "Mappe"
        assert QCoreApplication.translate("QFileDialog", "Detail View") == "Detaljeret visning", "the catalogue's own"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_dates_in_qt_dialogs_are_danish_when_no_locale_is_chosen(monkeypatch):
    import os

    from kkrdesk.ui.app import _danish_dates_without_a_locale

    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    _danish_dates_without_a_locale()
    assert os.environ["LC_TIME"] == "da_DK.UTF-8"
    monkeypatch.setenv("LC_TIME", "en_GB.UTF-8")
    _danish_dates_without_a_locale()
    assert os.environ["LC_TIME"] == "en_GB.UTF-8", "a locale the user chose is kept"


def test_a_lock_owner_in_a_core_message_loses_the_process_number():
    text = window_text("mappen bruges allerede af mette på kontor-7 (proces 30260) siden 03.12.2026 kl. 09.15.")
    assert text == "mappen bruges allerede af mette på kontor-7 siden 03.12.2026 kl. 09.15."


def test_opening_the_sample_again_while_its_copy_is_open_keeps_it_writable(qtbot, tmp_path, settings, sample_dir):
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    assert window.open_meeting(sample_dir)
    session = window.session
    assert window.open_meeting(sample_dir)
    assert window.session is session and not session.read_only
    window.close()
