"""Ctrl+Z right after a title or date is committed with Enter undoes that step of the meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kkrdesk.core.meeting.store import MeetingFolder
from tests.factories import small_meeting
from tests.ui.conftest import activate

CTRL = Qt.KeyboardModifier.ControlModifier


def opened(window, qtbot, tmp_path):
    MeetingFolder.create(tmp_path / "m", small_meeting()).close()
    window.open_meeting(tmp_path / "m")
    activate(qtbot, window)
    return window.session.meeting


def test_ctrl_z_after_enter_in_the_title_undoes_the_title(window, agenda, qtbot, tmp_path):
    item = opened(window, qtbot, tmp_path).item("2.4")
    agenda.select(item)
    title = agenda.item_form.title
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Trafik i Nordjylland")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert item.title == "Trafik i Nordjylland"
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)
    assert item.title == "Kollektiv trafik" and title.text() == "Kollektiv trafik"
    qtbot.keyClick(title, Qt.Key.Key_Y, CTRL)
    assert item.title == "Trafik i Nordjylland"


def test_ctrl_z_while_typing_still_undoes_the_typing_first(window, agenda, qtbot, tmp_path):
    item = opened(window, qtbot, tmp_path).item("2.4")
    agenda.select(item)
    title = agenda.item_form.title
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " 2028")
    qtbot.keyClick(title, Qt.Key.Key_Z, CTRL)
    assert title.text() == "Kollektiv trafik" and not window.session.stack.canUndo()


def test_ctrl_z_after_enter_in_the_date_undoes_the_date(window, agenda, qtbot, tmp_path):
    meeting = opened(window, qtbot, tmp_path)
    before = meeting.date
    agenda.act_meeting.trigger()
    line = agenda.meeting_form.date.focusProxy()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "18.03.2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert meeting.date.isoformat() == "2027-03-18"
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL)
    assert meeting.date == before
