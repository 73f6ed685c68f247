"""Dates typed as a secretary types them (18.03.2027, 18. marts 2027) land in the meeting; wrong ones are said."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget

from kkrdesk.core import danish
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.agenda.new_meeting_dialog import NewMeetingDialog
from tests.factories import small_meeting
from tests.ui.conftest import activate


def typed(qtbot, field, text: str, leave=Qt.Key.Key_Tab) -> None:
    """Click into the field, select what is there, type ``text`` key by key (ASCII), and leave it."""
    line = field.focusProxy() or field
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, leave)


def test_a_date_typed_with_dots_in_the_new_meeting_dialog_is_the_date_typed(qtbot):
    dialog = NewMeetingDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    for text in ("18.03.2027", "18/3-27", "18032027", "18. mar 2027"):
        dialog.date.setDate(QDate(2026, 12, 3))
        typed(qtbot, dialog.date, text)
        assert dialog.date.date() == QDate(2027, 3, 18), text
    assert dialog.date.focusProxy().text() == "18. marts 2027"
    assert isinstance(dialog.focusWidget(), QWidget) and dialog.focusWidget() is dialog.start   # Tab left it


def test_a_date_that_is_no_date_is_shown_in_red_and_the_old_date_kept(qtbot):
    dialog = NewMeetingDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.date.setDate(QDate(2027, 3, 18))
    with qtbot.assertNotEmitted(dialog.date.editingFinished):
        typed(qtbot, dialog.date, "31.02.2027")
    line = dialog.date.focusProxy()
    assert dialog.date.date() == QDate(2027, 3, 18)
    assert line.text() == "31.02.2027" and "color" in line.styleSheet()
    assert "31.02.2027" in line.toolTip() and "18.03.2027" in line.toolTip()
    typed(qtbot, dialog.date, "17.3.2027")
    assert dialog.date.date() == QDate(2027, 3, 17) and line.styleSheet() == ""


def test_a_date_chosen_in_the_calendar_is_set(qtbot):
    dialog = NewMeetingDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.date.editingFinished):
        dialog.date.calendar.clicked.emit(QDate(2027, 3, 18))
    assert dialog.date.date() == QDate(2027, 3, 18)


def test_the_meeting_date_typed_in_the_meeting_form_is_one_undo_step(window, agenda, qtbot, tmp_path):
    MeetingFolder.create(tmp_path / "m", small_meeting()).close()
    window.open_meeting(tmp_path / "m")
    before = window.session.meeting.date
    agenda.act_meeting.trigger()
    activate(qtbot, window)
    form = agenda.meeting_form
    typed(qtbot, form.date, "18.03.2027", leave=Qt.Key.Key_Return)
    assert window.session.meeting.date == dt.date(2027, 3, 18)
    assert "18. marts 2027" in window.windowTitle()
    window.act_undo.trigger()
    assert window.session.meeting.date == before
    assert form.date.focusProxy().text() == danish.format_date(before)


def test_the_longest_date_fits_where_the_field_is_given_no_more_room_than_it_asks_for(qtbot):
    from PySide6.QtWidgets import QHBoxLayout, QStyle

    from kkrdesk.ui.date_field import DateField

    holder = QWidget()
    row = QHBoxLayout(holder)
    field = DateField(QDate(2027, 9, 30))
    row.addWidget(field)
    row.addStretch(1)
    qtbot.addWidget(holder)
    holder.show()
    line = field.focusProxy()
    assert line.text() == "30. september 2027"
    frame = line.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, line)
    text_room = line.width() - 2 * frame - 2 * 2        # QLineEdit keeps 2 px beside its text
    assert text_room >= line.fontMetrics().horizontalAdvance(line.text())
