"""The main window's shell API: features add tabs and Filer/Rediger entries by name, commit pending
edits without a meeting open, are found by name, and reach the window through nothing else; the
agenda editor is such a feature."""

from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtWidgets import QLabel

from kkrdesk.ui.main_window import EDIT_SLOTS, FILE_SLOTS, MainWindow
from tests.conftest import ROOT


def _menu(menu) -> list[str]:
    """A menu as a user sees it: entry texts, "-" for a separator shown (none first, last or twice)."""
    shown = []
    for action in menu.actions():
        if action.isSeparator():
            if shown and shown[-1] != "-":
                shown.append("-")
        else:
            shown.append(action.text())
    return shown[:-1] if shown and shown[-1] == "-" else shown


def _file_menu(window) -> list[str]:
    return _menu(window.file_menu)


def test_file_menu_entries_land_in_their_named_section(window):
    menu = _file_menu(window)
    assert menu[menu.index("&Udskriv …"):] == [
        "&Udskriv …", "-", "&Eksportér bilagspakke og dagsorden …", "-",
        "Lav &medlemspakke …", "Åbn medlems&pakke …", "-", "&Luk vindue", "&Afslut"]
    late = window.make_action("Arki&v …", lambda: None)
    window.add_file_action(late, "meeting")       # added last, shown with the meeting entries
    menu = _file_menu(window)
    added = menu.index("Arki&v …")
    assert added > menu.index("&Seneste møder") and menu[added + 1] == "-"   # the end of its section


def test_an_unknown_file_menu_slot_is_refused_with_the_slots_named(window):
    with pytest.raises(ValueError, match="unknown Filer menu slot 'last'; the slots are " + ", ".join(FILE_SLOTS)):
        window.add_file_action(window.make_action("x", lambda: None), "last")


def test_commit_pending_without_a_meeting_does_nothing(window):
    assert window.current_meeting is None
    window.commit_pending()
    assert window.current_meeting is None


def test_commit_pending_turns_a_text_being_typed_into_an_undo_step(window, agenda, qtbot, tmp_path, sample_dir):
    shutil.copytree(sample_dir, tmp_path / "møde")
    assert window.open_meeting(tmp_path / "møde")
    session = window.current_meeting
    item = session.meeting.item("2.4")
    agenda.select(item)
    steps = session.stack.count()
    agenda.item_form.texts["resume"].setPlainText("Et resumé, der endnu ikke er overført")   # still typing
    assert item.resume != "Et resumé, der endnu ikke er overført"
    window.commit_pending()
    assert item.resume == "Et resumé, der endnu ikke er overført"
    assert session.stack.count() == steps + 1


def test_features_are_found_by_name(window):
    assert type(window.feature("survey")).__name__ == "SurveyFeature"
    assert type(window.feature("export")).__name__ == "ExportFeature"
    with pytest.raises(KeyError, match="no feature 'arkiv' in this window"):
        window.feature("arkiv")


def test_a_tab_added_through_the_api_can_be_replaced_in_place_while_shown(window, qtbot):
    seen = []
    window.currentTabChanged.connect(seen.append)
    first, second = QLabel("før"), QLabel("efter")
    index = window.add_tab(first, "&Prøve")
    window.show_tab(first)
    assert seen == [first] and window.current_tab() is first
    window.replace_tab(first, second)
    assert window.tabs.indexOf(second) == index and window.tabs.tabText(index) == "&Prøve"
    assert window.current_tab() is second and seen == [first]   # replaced without announcing a change


@pytest.mark.parametrize("module", ["features.py", "agenda/editor.py", "agenda/import_text.py",
                                    "agenda/import_text_action.py", "agenda/text_target.py"])
def test_the_features_reach_the_window_only_through_its_shell_api(module):
    source = (ROOT / "kkrdesk" / "ui" / module).read_text(encoding="utf-8")
    internals = re.findall(r"window\.(tabs|menuBar\(\)|toolbar|item_form|tree|\w+_menu|print_sources|session\b|"
                           r"add_feature_tab|act_\w+|_\w+)", source)
    assert internals == []
    assert not hasattr(MainWindow, "add_feature_tab")


def test_the_agenda_editor_is_the_first_feature_and_fills_rediger_vis_and_the_toolbar(window, agenda):
    assert window.features[0] is agenda and window.tabs.tabText(0) == "&Dagsorden"
    assert window.current_tab() is agenda.splitter
    assert _menu(window.edit_menu) == [
        "&Fortryd\tCtrl+Z", "&Gentag\tCtrl+Y", "-", "Nyt &punkt", "Tilføj &bilag …", "&Dupliker", "&Slet", "-",
        "Flyt &op", "Flyt &ned", "Omnummer&ér", "Hent tekst fra &Word …"]
    assert _menu(window.view_menu)[:3] == ["&Mødeoplysninger", "&Kontrollér bilagsfiler", "&Problemer"]
    assert [a.text() or "-" for a in window.toolbar.actions()] == [
        "Å&bn møde …", "&Gem", "-", "Fortryd", "Gentag", "-", "Nyt &punkt", "Tilføj &bilag …", "&Dupliker",
        "&Slet", "Flyt &op", "Flyt &ned"]


def test_a_rediger_entry_lands_at_the_end_of_its_section_and_an_unknown_section_is_refused(window):
    late = window.make_action("&Sortér", lambda: None)
    window.add_edit_action(late, "change")
    menu = _menu(window.edit_menu)
    assert menu[menu.index("&Slet") + 1:menu.index("&Slet") + 3] == ["&Sortér", "-"]
    with pytest.raises(ValueError, match="unknown Rediger menu slot 'sidst'; the slots are " + ", ".join(EDIT_SLOTS)):
        window.add_edit_action(window.make_action("x", lambda: None), "sidst")


def test_commit_pending_calls_what_features_registered_only_while_a_meeting_is_open(window, tmp_path,
                                                                                     sample_dir):
    calls = []
    window.add_pending_commit(lambda: calls.append(window.current_meeting))
    window.commit_pending()
    assert calls == []
    shutil.copytree(sample_dir, tmp_path / "møde")
    assert window.open_meeting(tmp_path / "møde")
    window.commit_pending()
    assert calls == [window.current_meeting]


def test_opening_announces_the_session_then_the_opened_meeting_with_its_first_item_chosen(window, agenda, tmp_path,
                                                                                          sample_dir):
    seen = []
    window.sessionChanged.connect(lambda session: seen.append(("session", agenda.selected())))
    window.meetingOpened.connect(lambda session: seen.append(("opened", agenda.selected())))
    shutil.copytree(sample_dir, tmp_path / "møde")
    assert window.open_meeting(tmp_path / "møde")
    first = window.current_meeting.meeting.items[0]
    assert seen == [("session", None), ("opened", (first, None))]


def test_an_undo_from_the_shell_brings_the_agenda_back_to_what_it_changed(window, agenda, qtbot, tmp_path,
                                                                        sample_dir):
    shutil.copytree(sample_dir, tmp_path / "møde")
    assert window.open_meeting(tmp_path / "møde")
    session = window.current_meeting
    item = session.meeting.item("2.4")
    session.remove_item(item)
    window.show_tab(window.feature("referat").panel)
    with qtbot.waitSignal(window.undoStepped) as stepped:
        window.undo()
    assert stepped.args[1] is True and stepped.args[0].text() == "Slet punkt 2.4"
    assert window.current_tab() is agenda.splitter and agenda.selected() == (item, None)
    with qtbot.waitSignal(window.undoStepped) as stepped:
        window.redo()
    assert stepped.args[1] is False and item not in session.meeting.items


def test_focus_places_the_shell_tells_a_feature(window, agenda):
    toolbar_button = window.toolbar.widgetForAction(window.act_save)
    assert window.is_chrome(toolbar_button) and not window.is_chrome(agenda.tree)
    assert window.tab_of(agenda.tree) is agenda.splitter
    assert window.tab_of(window.tabs.tabBar()) is window.current_tab()
    assert window.tab_of(agenda.problems) is None   # a dock beside the tabs
    search = window.feature("reader").search
    window.show_tab(search)
    assert window.tab_of(search.query_box) is search and window.tab_of(window.tabs.tabBar()) is search
