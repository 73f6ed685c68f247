"""Choosing the Søg tab with the mouse puts the cursor in the search field: typing at once searches."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kkrdesk.core.meeting.store import MeetingFolder
from tests.factories import small_meeting
from tests.ui.conftest import activate


def test_a_click_on_the_search_tab_lets_the_user_type_the_query_at_once(window, agenda, qtbot, tmp_path):
    MeetingFolder.create(tmp_path / "m", small_meeting()).close()
    window.open_meeting(tmp_path / "m")
    activate(qtbot, window)
    agenda.select(window.session.meeting.item("2.4"))
    agenda.item_form.title.setFocus()
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == "Søg")
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    search = window.feature("reader").search
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search.query_box, timeout=3000)
    qtbot.keyClicks(QApplication.focusWidget(), "trafik")
    assert search.query_box.text() == "trafik"
    assert window.session.meeting.item("2.4").title == "Kollektiv trafik"
