"""A title pasted from a printed agenda with its case type in front sets the type instead of printing it twice."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kkrdesk.core.meeting import ItemType
from kkrdesk.core.meeting.store import MeetingFolder
from tests.factories import small_meeting
from tests.ui.conftest import activate


def pasted_title(qtbot, agenda, text: str) -> None:
    title = agenda.item_form.title
    title.setFocus()
    title.selectAll()
    title.insert(text)                     # as a paste: QTest sends only ASCII keys
    qtbot.keyClick(title, Qt.Key.Key_Tab)


def opened(window, agenda, qtbot, tmp_path, number: str):
    MeetingFolder.create(tmp_path / "m", small_meeting()).close()
    window.open_meeting(tmp_path / "m")
    activate(qtbot, window)
    item = window.session.meeting.item(number)
    agenda.select(item)
    return item


def test_a_pasted_type_prefix_becomes_the_items_type_in_one_undo_step(window, agenda, qtbot, tmp_path):
    item = opened(window, agenda, qtbot, tmp_path, "2.4")
    assert item.type is None
    pasted_title(qtbot, agenda, "Temadrøftelse: Danmark skal hænge sammen")
    assert (item.type, item.title) == (ItemType.TEMADROEFTELSE, "Danmark skal hænge sammen")
    assert item.heading == "2.4 Temadrøftelse: Danmark skal hænge sammen"
    assert agenda.item_form.title.text() == "Danmark skal hænge sammen"
    assert agenda.item_form.type.currentText() == "Temadrøftelse"
    window.act_undo.trigger()
    assert (item.type, item.title) == (None, "Kollektiv trafik")
    window.act_redo.trigger()
    assert (item.type, item.title) == (ItemType.TEMADROEFTELSE, "Danmark skal hænge sammen")


def test_a_prefix_naming_another_type_than_the_items_is_kept_as_typed(window, agenda, qtbot, tmp_path):
    item = opened(window, agenda, qtbot, tmp_path, "2.2")
    pasted_title(qtbot, agenda, "Beslutningssag: Rammer for KKR")
    assert (item.type, item.title) == (ItemType.TEMADROEFTELSE, "Beslutningssag: Rammer for KKR")


def test_a_prefix_naming_the_items_own_type_is_dropped_as_a_title_edit(window, agenda, qtbot, tmp_path):
    item = opened(window, agenda, qtbot, tmp_path, "2.2")
    pasted_title(qtbot, agenda, "Temadrøftelse: Rammer for KKR i Østdanmark")
    assert (item.type, item.title) == (ItemType.TEMADROEFTELSE, "Rammer for KKR i Østdanmark")
    assert window.session.stack.undoText() == "Ret titel i punkt 2.2"
