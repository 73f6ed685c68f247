"""The main window's shell API: features add tabs and File menu entries by name, commit pending edits
without a meeting open, are found by name, and reach the window through nothing else."""

from __future__ import annotations

import re
import shutil

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import FILE_SLOTS, MainWindow
from kkrdesk.ui.settings import Settings
from tests.conftest import ROOT


@pytest.fixture
def window(qtbot, tmp_path):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(window)
    connect_features(window)
    yield window
    window.close()


def _file_menu(window) -> list[str]:
    """The Filer menu as a user sees it: entry texts, "-" for a separator shown."""
    shown = []
    for action in window.file_menu.actions():
        if action.isSeparator():
            if shown and shown[-1] != "-":
                shown.append("-")
        else:
            shown.append(action.text())
    return shown


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


def test_commit_pending_turns_a_text_being_typed_into_an_undo_step(window, qtbot, tmp_path, sample_dir):
    shutil.copytree(sample_dir, tmp_path / "møde")
    assert window.open_meeting(tmp_path / "møde")
    session = window.current_meeting
    item = session.meeting.item("2.4")
    window.select(item)
    steps = session.stack.count()
    window.item_form.texts["resume"].setPlainText("Et resumé, der endnu ikke er overført")   # still typing
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


def test_the_features_module_reaches_the_window_only_through_its_shell_api():
    source = (ROOT / "kkrdesk" / "ui" / "features.py").read_text(encoding="utf-8")
    internals = re.findall(r"window\.(tabs|menuBar\(\)|item_form|view_menu|print_sources|session\b|"
                           r"add_feature_tab|act_\w+)", source)
    assert internals == []
