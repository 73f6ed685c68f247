"""Destructive agenda actions act only on what the user sees: Delete in another tab never edits the agenda."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QLineEdit

from tests.ui.conftest import activate


@pytest.fixture
def window(window, qtbot, tmp_path, sample_dir):
    shutil.copytree(sample_dir, tmp_path / "møde")
    activate(qtbot, window)
    assert window.open_meeting(tmp_path / "møde")
    return window


def press_delete_in(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (widget, widget.focusProxy()))
    qtbot.keyClick(widget, Qt.Key.Key_Delete)


def unchanged(window, before, steps) -> bool:
    return window.session.meeting == before and window.session.stack.count() == steps


def test_delete_in_the_agenda_tree_deletes_and_can_be_undone_from_the_status_bar(window, agenda, qtbot, stub_dialogs):
    main = window
    item = main.session.meeting.item("2.4")
    bilag = item.bilag[0]
    agenda.select(item, bilag)
    press_delete_in(qtbot, agenda.tree)
    assert bilag not in item.bilag
    kind, title, text = stub_dialogs.shown[-1]
    assert (kind, title) == ("confirm", "Slet bilag") and "med i bilagspakken" in text
    assert agenda.undo_offer.isVisible() and "Bilag 1 til punkt 2.4" in agenda.undo_offer.text.text()
    agenda.undo_offer.button.click()
    assert item.bilag[0] is bilag
    assert agenda.selected() == (item, bilag), "after undo the restored bilag is selected"
    assert not agenda.undo_offer.isVisible()


@pytest.mark.slow
def test_delete_pressed_in_every_other_tab_leaves_the_meeting_alone(window, agenda, qtbot):
    main = window
    reader, contracts, survey = (main.feature(name) for name in ("reader", "contracts", "survey"))
    session = main.session
    item = session.meeting.item("2.7")
    agenda.select(item, item.bilag[1])   # a selection the old code would have deleted
    before, steps = session.meeting.copy(), session.stack.count()

    with qtbot.waitSignal(contracts.panel.reviewed, timeout=30000):
        agenda.tree.doubleClicked.emit(session.model.bilag_index(item, item.bilag[1]))
    with qtbot.waitSignal(reader.reader.loaded, timeout=30000):
        reader.read(session, item, item.bilag[0])
    reader.show_search()
    survey_item = session.meeting.item("2.2")
    with qtbot.waitSignal(survey.panel.loaded, timeout=60000):
        assert survey.show(session, survey_item, next(b for b in survey_item.bilag if b.kind == "xlsx"))

    pressed = 0
    for panel in (contracts.panel, reader.reader, reader.search, survey.panel):
        main.show_tab(panel)
        assert not agenda.act_remove.isEnabled() and not agenda.act_up.isEnabled()
        assert not agenda.act_renumber.isEnabled()
        targets = [w for kind in (QAbstractScrollArea, QLineEdit, QAbstractSpinBox, QComboBox)
                   for w in panel.findChildren(kind)
                   if w.isVisibleTo(main) and w.isEnabled() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
                   and not isinstance(w.parent(), (QAbstractSpinBox, QComboBox))]
        assert targets, f"{type(panel).__name__} has widgets to press Delete in"
        for widget in targets:
            press_delete_in(qtbot, widget)
            pressed += 1
            assert unchanged(main, before, steps), f"Delete in {type(widget).__name__} of {type(panel).__name__}"
    assert pressed >= 6
    main.show_tab(agenda.splitter)
    assert agenda.act_remove.isEnabled()


def test_agenda_actions_are_off_while_focus_is_outside_the_agenda(window, agenda, qtbot):
    agenda.problems_dock.show()
    agenda.problems.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is agenda.problems)
    assert not agenda.act_remove.isEnabled() and not agenda.act_add_item.isEnabled()
    agenda.tree.setFocus()
    qtbot.waitUntil(lambda: agenda.act_remove.isEnabled())


def test_deleting_an_item_with_bilag_asks_first(window, agenda, qtbot, stub_dialogs):
    main = window
    item = main.session.meeting.item("2.2")
    agenda.select(item)
    stub_dialogs.answers["confirm"] = False
    press_delete_in(qtbot, agenda.tree)
    assert item in main.session.meeting.items
    kind, title, text = stub_dialogs.shown[-1]
    assert (kind, title) == ("confirm", "Slet punkt") and "3 bilag" in text
    stub_dialogs.answers["confirm"] = True
    press_delete_in(qtbot, agenda.tree)
    assert item not in main.session.meeting.items
    assert agenda.undo_offer.isVisible()
    main.act_undo.trigger()
    assert agenda.selected() == (item, None)


def test_deleting_an_item_without_bilag_does_not_ask(window, agenda, qtbot, stub_dialogs):
    main = window
    item = main.session.meeting.item("2.1")
    agenda.select(item)
    press_delete_in(qtbot, agenda.tree)
    assert item not in main.session.meeting.items
    assert not [entry for entry in stub_dialogs.shown if entry[0] == "confirm"]


def test_undo_and_redo_select_what_changed(window, agenda, qtbot):
    main = window
    session = main.session
    item = session.meeting.item("2.7")
    moved = item.bilag[2]
    agenda.select(item, moved)
    agenda.act_up.trigger()
    assert item.bilag[1] is moved
    agenda.select(session.meeting.item("2.1"))
    main.act_undo.trigger()
    assert agenda.selected() == (item, moved)
    agenda.select(session.meeting.item("2.1"))
    main.act_redo.trigger()
    assert agenda.selected() == (item, moved) and item.bilag[1] is moved


@pytest.mark.slow
def test_undo_on_another_tab_brings_the_agenda_back(window, agenda, qtbot):
    main = window
    reader = main.feature("reader")
    item = main.session.meeting.item("2.4")
    main.session.edit_item(item, "title", "Ny titel")
    reader.show_search()
    main.act_undo.trigger()
    assert main.current_tab() is agenda.splitter and agenda.selected() == (item, None)


def test_typing_and_undoing_inside_a_text_box_leaves_no_dead_undo_step(window, agenda, qtbot):
    main = window
    item = main.session.meeting.item("2.4")
    agenda.select(item)
    stack = main.session.stack
    steps = stack.count()
    editor = agenda.item_form.texts["resume"]
    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(" Tilføjet.")
    agenda.item_form.commit_pending()
    assert stack.count() == steps + 1
    editor.undo()                     # Ctrl+Z inside the box: the box's own undo
    agenda.item_form.commit_pending()
    assert stack.count() == steps and not stack.canUndo(), stack.undoText()
    assert not main.act_undo.isEnabled()


def test_toolbar_undo_keeps_its_short_text_and_the_menu_names_the_step(window):
    main = window
    width = main.toolbar.widgetForAction(main.act_redo).x()
    main.session.edit_item(main.session.meeting.item("2.4"), "title", "En meget lang ny titel på punktet")
    assert main.act_undo.text() == "Fortryd"
    assert main.toolbar.widgetForAction(main.act_redo).x() == width
    assert "Ret titel i punkt 2.4" in main.act_undo_menu.text()
    assert "Ret titel i punkt 2.4" in main.act_undo.toolTip()


def test_bilag_move_target_starts_unchosen(window, agenda):
    main = window
    item = main.session.meeting.item("2.4")
    agenda.select(item, item.bilag[0])
    form = agenda.bilag_form
    assert form.target.currentData() is None and not form.move_button.isEnabled()
    form.target.setCurrentIndex(2)
    assert form.move_button.isEnabled()


def test_open_file_without_a_program_offers_the_folder(window, agenda, monkeypatch, stub_dialogs):
    from kkrdesk.ui.agenda import bilag_form

    main = window
    opened = []
    monkeypatch.setattr(bilag_form.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) and False)
    stub_dialogs.answers["offer"] = True
    item = main.session.meeting.item("2.4")
    agenda.select(item, item.bilag[0])
    agenda.bilag_form.open_file.click()
    kind, _title, text = stub_dialogs.shown[-2] if stub_dialogs.shown[-1][0] == "inform" else stub_dialogs.shown[-1]
    assert kind == "offer" and "intet program" in text
    assert len(opened) == 2 and opened[1] == str(main.session.folder.file_path(item.bilag[0].file).parent)


def test_a_selected_row_keeps_its_icon(window):
    """On the selection's blue an icon must not be drawn in that blue: it is drawn white."""
    from PySide6.QtGui import QIcon, QPalette

    main = window
    model = main.session.model
    highlight = main.palette().color(QPalette.ColorRole.Highlight)
    item = main.session.meeting.item("2.2")
    for index in (model.item_index(item), model.bilag_index(item, item.bilag[0])):
        decoration = model.data(index, Qt.ItemDataRole.DecorationRole)
        for state in (QIcon.State.Off, QIcon.State.On):
            image = decoration.pixmap(QSize(16, 16), 1.0, QIcon.Mode.Selected, state).toImage()
            drawn = [image.pixelColor(x, y) for x in range(16) for y in range(16)
                     if image.pixelColor(x, y).alpha() > 128]
            assert drawn, "the selected icon has visible pixels"
            contrasting = [c for c in drawn if abs(c.lightness() - highlight.lightness()) > 60]
            assert len(contrasting) >= len(drawn) // 3, "the icon's body stands out from the selection"


def test_the_selected_row_shows_its_icon_in_the_drawn_tree(window, agenda, qtbot):
    """Drawn as the user sees it: the icon area of the selected row is not just the selection colour."""
    from PySide6.QtGui import QPalette

    from kkrdesk.ui.theme import ACCENT

    main = window
    palette = agenda.tree.palette()
    palette.setColor(QPalette.ColorRole.Highlight, ACCENT)     # kkrdesk's theme: the item icon's own blue
    agenda.tree.setPalette(palette)
    item = main.session.meeting.item("2.1")
    agenda.select(item)
    agenda.tree.setFocus()
    rect = agenda.tree.visualRect(main.session.model.item_index(item))
    image = agenda.tree.viewport().grab(rect).toImage()
    highlight = agenda.tree.palette().color(QPalette.ColorRole.Highlight)
    icon_area = [image.pixelColor(x, y) for x in range(min(30, image.width())) for y in range(image.height())]
    assert any(abs(c.lightness() - highlight.lightness()) > 60 for c in icon_area)


def test_the_form_shows_no_fingerprint(window, agenda):
    main = window
    item = main.session.meeting.item("2.4")
    agenda.select(item, item.bilag[0])
    bilag = item.bilag[0]
    assert bilag.sha256 and bilag.sha256[:12] not in agenda.bilag_form.status.text()
