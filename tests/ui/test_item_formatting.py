"""Formatting in the item form: Ctrl+B / Ctrl+I and the list buttons change the case text's markup
as one undo step each, and Ctrl+B keeps its window meaning (add bilag) outside the case texts."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.meeting.store import MeetingFolder
from tests.ui.conftest import activate


@pytest.fixture
def window(window, qtbot, tmp_path):
    folder = tmp_path / "møde"
    with MeetingFolder.create(folder, Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27))) as store:
        store.meeting.items.append(AgendaItem(number="2.2", title="Vækstplan",
                                              indstilling="Det indstilles, at KKR godkender planen",
                                              sagsfremstilling="Baggrund\nen\nto"))
        store.save()
    activate(qtbot, window)
    assert window.open_meeting(folder)
    window.feature("agenda").select(window.session.meeting.item("2.2"))
    return window


def select_text(qtbot, editor, start: int, end: int) -> None:
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_ctrl_b_and_ctrl_i_format_the_selection_as_undo_steps(qtbot, window, agenda, tmp_path):
    form, item = agenda.item_form, window.session.meeting.item("2.2")
    editor = form.texts["indstilling"]
    start = editor.toPlainText().index("godkender")
    select_text(qtbot, editor, start, start + len("godkender"))
    bilag_before = len(item.bilag)
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert item.indstilling == "Det indstilles, at KKR **godkender** planen"
    assert editor.textCursor().selectedText() == "godkender"           # still selected
    assert window.session.stack.undoText() == "Fed skrift i indstilling i punkt 2.2"
    assert len(item.bilag) == bilag_before                              # not »Tilføj bilag«
    qtbot.keyClick(editor, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert item.indstilling == "Det indstilles, at KKR ***godkender*** planen"
    window.session.stack.undo()
    assert item.indstilling == "Det indstilles, at KKR **godkender** planen"
    window.session.stack.undo()
    assert item.indstilling == "Det indstilles, at KKR godkender planen" == editor.toPlainText()


def test_list_buttons_number_and_bullet_lines_and_the_text_is_saved(qtbot, window, agenda):
    form, item = agenda.item_form, window.session.meeting.item("2.2")
    editor = form.texts["sagsfremstilling"]
    select_text(qtbot, editor, len("Baggrund\n"), len(editor.toPlainText()))
    form.formatting.buttons["number"].click()
    assert item.sagsfremstilling == "Baggrund\n1. en\n2. to"
    assert window.session.stack.undoText() == "Nummereret liste i sagsfremstilling i punkt 2.2"
    form.formatting.buttons["bullet"].click()
    assert item.sagsfremstilling == "Baggrund\n- en\n- to"
    qtbot.keyClick(editor, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert item.sagsfremstilling == "Baggrund\nen\nto"                 # bullets off again
    assert window.save()
    saved = MeetingFolder.open(window.session.folder.path, write=False).meeting.item("2.2")
    assert saved.sagsfremstilling == "Baggrund\nen\nto"


def test_typing_then_formatting_are_two_steps(qtbot, window, agenda):
    form, item = agenda.item_form, window.session.meeting.item("2.2")
    editor = form.texts["indstilling"]
    select_text(qtbot, editor, len(editor.toPlainText()), len(editor.toPlainText()))
    qtbot.keyClicks(editor, " nu")
    select_text(qtbot, editor, len(editor.toPlainText()) - 2, len(editor.toPlainText()))
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert item.indstilling == "Det indstilles, at KKR godkender planen **nu**"
    window.session.stack.undo()
    assert item.indstilling == "Det indstilles, at KKR godkender planen nu"
    window.session.stack.undo()
    assert item.indstilling == "Det indstilles, at KKR godkender planen"


def test_ctrl_b_outside_the_case_texts_still_adds_a_bilag(qtbot, window, agenda, stub_dialogs, tmp_path):
    from tests.export_fixtures import make_pdf

    stub_dialogs.answers["open_files"] = [make_pdf(tmp_path / "notat.pdf", 1)]
    item = window.session.meeting.item("2.2")
    agenda.item_form.title.setFocus()
    qtbot.waitUntil(agenda.item_form.title.hasFocus)
    qtbot.keyClick(agenda.item_form.title, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(item.bilag) == 1, timeout=30_000)


def test_the_reader_shows_an_items_text_formatted(qtbot, window, tmp_path):
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.ui.reader.reader_panel import ReaderPanel

    item = window.session.meeting.item("2.2")
    window.session.format_item_text(item, "indstilling", "Det indstilles, at KKR **godkender**:\n1. planen\n"
                                    "2. *budgettet*", "Fed skrift")
    assert window.save()
    panel = ReaderPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_source(ReadingSource.from_folder(window.session.folder.path))
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        panel.show_item("2.2")
    document = panel.html.document()
    shown = document.toPlainText()
    assert "**" not in shown and "godkender" in shown and "planen" in shown
    block = document.findBlock(shown.index("godkender"))
    fragments = {}
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        fragments[fragment.text()] = fragment.charFormat().fontWeight() > 500
        iterator += 1
    assert fragments["godkender"] is True and fragments["Det indstilles, at KKR "] is False
    numbered = document.findBlock(shown.index("budgettet"))
    assert numbered.textList() is not None and numbered.textList().count() == 2
