"""The Referat tab: decisions, follow-up, Fraværende and status are typed in real widgets, undone and redone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from kkrdesk.core.meeting.model import ReferatStatus
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from kkrdesk.ui.features import ReferatFeature
from kkrdesk.ui.main_window import MainWindow
from tests.factories import small_meeting


@pytest.fixture
def window(window, tmp_path):
    meeting = small_meeting()
    meeting.item("2.4").indstilling = "Det indstilles, at KKR drøfter trafikken."
    MeetingFolder.create(tmp_path / "møde", meeting).close()
    window.open_meeting(tmp_path / "møde")
    return window


def referat(window: MainWindow) -> ReferatFeature:
    return next(f for f in window.features if isinstance(f, ReferatFeature))


def open_on(window: MainWindow, number: str):
    item = window.session.meeting.item(number)
    window.feature("agenda").select(item)
    referat(window).action.trigger()
    panel = referat(window).panel
    assert window.current_tab() is panel and panel.item is item
    return panel, item


def test_a_typed_decision_is_one_undo_step_and_comes_back_on_redo(window, qtbot):
    panel, item = open_on(window, "2.4")
    assert panel.indstilling.text() == "Det indstilles, at KKR drøfter trafikken."
    panel.beslutning.setFocus()
    qtbot.keyClicks(panel.beslutning, "KKR drøftede trafikken.")
    assert item.beslutning == "KKR drøftede trafikken."
    stack = window.session.stack
    assert stack.count() == 1 and stack.undoText() == "Ret beslutning i punkt 2.4"
    assert panel.items.item(1).text().startswith("✓ 2.4")
    stack.undo()
    assert item.beslutning == "" and panel.beslutning.toPlainText() == ""
    assert panel.items.item(1).text().startswith("– 2.4")
    stack.redo()
    assert item.beslutning == "KKR drøftede trafikken."
    assert panel.beslutning.toPlainText() == "KKR drøftede trafikken."


def test_follow_up_flag_and_date_are_undoable_and_unticking_drops_the_date(window, qtbot):
    panel, item = open_on(window, "2.2")
    assert not panel.follow_up_on.isEnabled()
    qtbot.mouseClick(panel.follow_up, Qt.MouseButton.LeftButton)
    assert item.opfoelgning and panel.follow_up_on.isEnabled()
    panel.follow_up_on.setDate(QDate(2025, 9, 1))
    assert item.opfoelgning_dato == dt.date(2025, 9, 1)
    stack = window.session.stack
    assert stack.undoText() == "Ret opfølgningsdato i punkt 2.2"
    qtbot.mouseClick(panel.follow_up, Qt.MouseButton.LeftButton)
    assert (item.opfoelgning, item.opfoelgning_dato) == (False, None)
    assert stack.undoText() == "Fjern opfølgning på punkt 2.2"
    stack.undo()
    assert (item.opfoelgning, item.opfoelgning_dato) == (True, dt.date(2025, 9, 1))
    assert panel.follow_up.isChecked() and panel.follow_up_on.date() == QDate(2025, 9, 1)
    stack.undo()
    stack.undo()
    assert (item.opfoelgning, item.opfoelgning_dato) == (False, None)
    assert not panel.follow_up.isChecked()


def test_status_fravaerende_and_protokol_are_edits_of_the_meeting(window, qtbot):
    panel, _ = open_on(window, "2.2")
    meeting, stack = window.session.meeting, window.session.stack
    before = dt.date.today()
    panel.status.setCurrentIndex(panel.status.findText("Godkendt"))
    assert meeting.referat_status is ReferatStatus.GODKENDT
    assert meeting.referat_godkendt_dato in {before, dt.date.today()} and panel.approved_on.isEnabled()
    assert stack.undoText() == "Godkend referatet"
    panel.approved_on.setDate(QDate(2025, 3, 20))
    assert meeting.referat_godkendt_dato == dt.date(2025, 3, 20)
    qtbot.keyClicks(panel.fravaerende, "Borgmester Hansen")
    qtbot.keyClicks(panel.protokol, "Ført til protokols.")
    assert (meeting.fravaerende, meeting.protokoltilfoersel) == ("Borgmester Hansen", "Ført til protokols.")
    assert stack.undoText() == "Ret mødets protokoltilførsel"
    stack.undo()
    stack.undo()
    assert meeting.fravaerende == "" and panel.fravaerende.toPlainText() == ""
    stack.undo()
    stack.undo()
    assert meeting.referat_status is ReferatStatus.UDKAST and meeting.referat_godkendt_dato is None
    assert panel.status.currentText() == "Udkast" and not panel.approved_on.isEnabled()


def test_the_referat_is_saved_with_the_meeting(window, qtbot, tmp_path):
    panel, _ = open_on(window, "2.4")
    qtbot.keyClicks(panel.beslutning, "Godkendt.")
    qtbot.mouseClick(panel.follow_up, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.fravaerende, "Ingen")
    assert window.save()
    saved, problems = read_meeting(tmp_path / "møde")
    assert problems == []
    assert saved.item("2.4").beslutning == "Godkendt." and saved.item("2.4").opfoelgning
    assert saved.fravaerende == "Ingen" and saved.referat_status is ReferatStatus.UDKAST


def test_a_read_only_meeting_shows_its_referat_without_letting_it_change(qtbot, tmp_path):
    from kkrdesk.ui.agenda.session import MeetingSession
    from kkrdesk.ui.referat.panel import ReferatPanel

    meeting = small_meeting()
    meeting.item("2.2").beslutning = "Drøftet."
    MeetingFolder.create(tmp_path / "m", meeting).close()
    session = MeetingSession(MeetingFolder.open(tmp_path / "m", write=False), data_dir=tmp_path / "data")
    panel = ReferatPanel()
    qtbot.addWidget(panel)
    panel.set_session(session)
    assert panel.beslutning.toPlainText() == "Drøftet." and panel.beslutning.isReadOnly()
    assert not panel.follow_up.isEnabled() and not panel.status.isEnabled() and panel.fravaerende.isReadOnly()
    panel.beslutning.setPlainText("Ændret")         # even a programmatic change is not an edit
    assert session.meeting.item("2.2").beslutning == "Drøftet." and session.stack.count() == 0
    session.close()


def test_choosing_the_tab_opens_it_on_the_item_chosen_in_the_agenda(window, agenda):
    panel, _ = open_on(window, "2.2")
    window.tabs.setCurrentIndex(0)
    agenda.select(window.session.meeting.item("2.4"))
    window.show_tab(panel)
    assert panel.item is window.session.meeting.item("2.4")
    assert panel.heading.text() == "2.4 Kollektiv trafik"
