"""The "Arkiv" window with real widgets: meetings listed, search with filters grouped by meeting, earlier items, hits opened."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import QSettings

from kkrdesk.core.archive.index import ArchiveIndex
from kkrdesk.ui.archive.window import PLACE_ROLE, ArchiveWindow
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings
from tests.archive_factory import MeetingSpec, write_archive, write_meeting


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    root = tmp_path_factory.mktemp("arkiv") / "arkiv"
    write_archive(root, kkrs=("KKR Sjælland", "KKR Syddanmark"), years=(2024, 2025), meetings_per_year=1,
                  one_offs=1)
    return root


@pytest.fixture
def archive(made, tmp_path, qtbot):
    root = tmp_path / "arkiv"
    shutil.copytree(made, root)
    window = ArchiveWindow(root, ArchiveIndex(root, tmp_path / "index.sqlite"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=120000):
        window.show()
    return window


def texts(tree):
    return [tree.topLevelItem(n).text(0) for n in range(tree.topLevelItemCount())]


def test_the_meetings_are_listed_newest_first_with_their_items(archive):
    meetings = texts(archive.meeting_tree)
    assert meetings == ["KKR Syddanmark, 11. februar 2025 – syddanmark-2025-02-11",
                        "KKR Sjælland, 10. februar 2025 – sjælland-2025-02-10",
                        "KKR Syddanmark, 11. februar 2024 – syddanmark-2024-02-11",
                        "KKR Sjælland, 10. februar 2024 – sjælland-2024-02-10"]
    first = archive.meeting_tree.topLevelItem(0)
    assert [first.child(n).text(0) for n in range(first.childCount())][:2] == [
        "2.1 Resultatkontrakt med Erhvervshus Syddanmark 2025", "2.2 Landstal for flygtninge 2025"]
    assert [archive.kkr_box.itemText(n) for n in range(archive.kkr_box.count())] == [
        "Alle KKR", "KKR Sjælland", "KKR Syddanmark"]
    assert [archive.year_box.itemText(n) for n in range(archive.year_box.count())] == ["Alle år", "2025", "2024"]


def test_search_groups_hits_by_meeting_and_the_filters_narrow_it(archive, qtbot):
    archive.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(archive.searched, timeout=30000):
        archive.query_box.setText("landstal")
        archive.search()
    assert len(texts(archive.results)) == 4
    assert texts(archive.results)[0] == "KKR Syddanmark, 11. februar 2025 – 4 sider"
    with qtbot.waitSignal(archive.searched, timeout=30000) as shown:
        archive.kkr_box.setCurrentIndex(archive.kkr_box.findData("KKR Sjælland"))
    assert {group.meeting.kkr for group in shown.args[0].groups} == {"KKR Sjælland"}
    with qtbot.waitSignal(archive.searched, timeout=30000):
        archive.year_box.setCurrentIndex(archive.year_box.findData(2024))
    [only] = texts(archive.results)
    assert only == "KKR Sjælland, 10. februar 2024 – 4 sider"
    hit = archive.results.topLevelItem(0).child(2)
    assert hit.text(0).startswith("Punkt 2.2, bilag 1, side 2 – Notat om landstal for flygtninge 2024\n")
    assert "»landstal«" in hit.text(0)
    with qtbot.waitSignal(archive.placeRequested, timeout=5000) as opened:
        archive.results.itemActivated.emit(hit, 0)
    path, item, bilag, page, highlight = opened.args
    assert (path, item, bilag, page) == (archive.index.root / "sjælland-2024-02-10", "2.2", 1, 2)
    assert highlight.lower() == "landstal"
    group = archive.results.topLevelItem(0)
    more = group.child(group.childCount() - 1)
    assert more.text(0).startswith("… og 1 mere i mødet")
    with qtbot.waitSignal(archive.searched, timeout=30000):
        archive.results.itemActivated.emit(more, 0)
    assert [group.child(n).text(0).split(" – ")[0] for n in range(group.childCount())] == [
        "Punkt 2.2 (punktets tekst)", "Punkt 2.2, bilag 1, side 1", "Punkt 2.2, bilag 1, side 2",
        "Punkt 2.2, bilag 1, side 3"]


def test_choosing_an_item_lists_earlier_items_on_the_same_subject(archive, qtbot):
    newest = archive.meeting_tree.topLevelItem(0)
    with qtbot.waitSignal(archive.relatedShown, timeout=30000) as shown:
        archive.meeting_tree.setCurrentItem(newest.child(0))
    assert shown.args[0][0].meeting.source == "syddanmark-2024-02-11"
    first = archive.related_list.item(0)
    assert first.text() == "KKR Syddanmark, 11. februar 2024: 2.1 Resultatkontrakt med Erhvervshus Syddanmark 2024"
    with qtbot.waitSignal(archive.relatedShown, timeout=30000):
        archive.related_list.itemActivated.emit(first)
    assert archive.meeting_tree.currentItem().data(0, PLACE_ROLE)[:2] == ("syddanmark-2024-02-11", "2.1")


def test_a_damaged_meeting_is_named_and_the_others_listed(archive, qtbot):
    (archive.index.root / "sjælland-2025-02-10" / "meeting.toml").write_text("format = [", encoding="utf-8")
    with qtbot.waitSignal(archive.refreshed, timeout=120000):
        archive.refresh_button.click()
    assert archive.problems_label.isVisible()
    assert "sjælland-2025-02-10" in archive.problems_label.text()
    assert len(texts(archive.meeting_tree)) == 3


def test_the_followup_tab_lists_flagged_decisions_by_date(tmp_path, qtbot):
    root = tmp_path / "arkiv"
    for day, (name, due) in enumerate((("a", dt.date(2025, 5, 1)), ("b", dt.date(2025, 3, 1))), start=2):
        spec = MeetingSpec(root / name, "KKR Sjælland", dt.date(2025, 1, day), [
            {"number": "3", "title": f"Busplan {name}", "type": "Beslutningssag", "text": "Tekst.", "bilag": []}])
        write_meeting(spec, decisions={"3": {"beslutning": f"Godkendt {name}.", "opfoelgning": True,
                                             "opfoelgning_dato": due}})
    window = ArchiveWindow(root, ArchiveIndex(root, tmp_path / "index.sqlite"))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=120000):
        window.show()
    rows = [[window.followup_tree.topLevelItem(n).text(c) for c in range(4)]
            for n in range(window.followup_tree.topLevelItemCount())]
    assert [row[0] for row in rows] == ["1. marts 2025", "1. maj 2025"]
    assert rows[0][2:] == ["3 Busplan b", "Godkendt b."]
    assert window.tabs.tabText(2) == "O&pfølgning (2)"


def test_the_main_window_opens_an_archive_and_a_hit_in_a_reader_window(qtbot, tmp_path, made, stub_dialogs):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(main)
    feature = next(f for f in connect_features(main) if type(f).__name__ == "ArchiveFeature")
    assert "Åbn &arkiv …" in [a.text() for a in main.menuBar().actions()[0].menu().actions()]
    stub_dialogs.answers["choose_folder"] = made
    feature.choose_archive()
    [archive] = feature.windows
    qtbot.waitUntil(lambda: archive.meeting_tree.topLevelItemCount() == 4, timeout=120000)
    feature.open_place(made / "sjælland-2025-02-10", "2.1", 1, 3, "")
    qtbot.waitUntil(lambda: len(feature.windows) == 2, timeout=60000)
    reader = feature.windows[1]
    qtbot.waitUntil(lambda: reader.reader.current == ("2.1", 1), timeout=60000)
    assert "KKR Sjælland" in reader.windowTitle() or "Møde i KKR Sjælland" in reader.windowTitle()
    main.close()
    assert feature.windows == []


def test_earlier_items_are_shown_beside_the_item_being_edited(qtbot, tmp_path, made):
    root = tmp_path / "arkiv"
    shutil.copytree(made, root)
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, data_dir=tmp_path / "data")
    qtbot.addWidget(main)
    feature = next(f for f in connect_features(main) if type(f).__name__ == "ArchiveFeature")
    main.show()
    assert main.open_meeting(root / "sjælland-2025-02-10")
    feature.related_action.trigger()
    panel = feature.related_panel
    assert feature.related_dock.isVisible()
    with qtbot.waitSignal(panel.shown, timeout=120000) as shown:
        main.feature("agenda").select(main.session.meeting.item("2.2"))
    assert [(r.meeting.source, r.item_number) for r in shown.args[0]][:1] == [("sjælland-2024-02-10", "2.2")]
    assert panel.list.item(0).text() == "KKR Sjælland, 10. februar 2024: 2.2 Landstal for flygtninge 2024"
    panel.list.itemActivated.emit(panel.list.item(0))
    qtbot.waitUntil(lambda: len(feature.windows) == 1, timeout=60000)
    assert feature.windows[0].reader.header.text().startswith("2.2 Orienteringssag: Landstal for flygtninge 2024")
    main.close()


def test_the_notes_tab_lists_notes_from_every_meeting_and_opens_their_page(made, tmp_path, qtbot):
    from kkrdesk.core.notes.model import Anchor, Note
    from kkrdesk.core.notes.store import NotesStore

    index = ArchiveIndex(made, tmp_path / "index.sqlite")
    index.refresh()
    meeting = index.meeting("syddanmark-2024-02-11")
    anchor = Anchor(quote="landstal", prefix="", suffix="", item_number="2.2", item_title="Landstal",
                    bilag_number=1, bilag_title="Notat", bilag_sha256="0" * 64, file_name="2.2-1.pdf", page=3)
    NotesStore(meeting.pack_id).add(Note(anchor=anchor, text="Hvad betyder det for os?"))
    window = ArchiveWindow(made, index)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.refreshed, timeout=120000):
        window.show()
    assert window.tabs.tabText(3) == "&Noter (1)"
    row = window.notes_tree.topLevelItem(0)
    assert [row.text(c) for c in range(4)] == ["KKR Syddanmark, 11. februar 2024", "Punkt 2.2, bilag 1, side 3",
                                               "»landstal«", "Hvad betyder det for os?"]
    with qtbot.waitSignal(window.placeRequested, timeout=5000) as opened:
        window.notes_tree.itemActivated.emit(row, 0)
    assert opened.args == [made / "syddanmark-2024-02-11", "2.2", 1, 3, "landstal"]



def test_choosing_another_item_stops_the_earlier_items_panel_reading_for_the_last(qtbot, tmp_path, monkeypatch):
    import threading
    import time

    from kkrdesk.ui.archive.related_panel import RelatedPanel
    from tests.reader_helpers import make_meeting

    folder = make_meeting(tmp_path / "arkiv")
    refresh, held, stopped = ArchiveIndex.refresh, threading.Event(), []

    def holding_the_first(index, *, cancelled, **rest):    # the first reading lasts until it is told to stop
        if not held.is_set():
            held.set()
            for _ in range(6000):                          # a minute at most
                if cancelled():
                    break
                time.sleep(0.01)
            stopped.append(cancelled())
        return refresh(index, cancelled=cancelled, **rest)

    monkeypatch.setattr(ArchiveIndex, "refresh", holding_the_first)
    panel = RelatedPanel()
    qtbot.addWidget(panel)
    panel.show_for(folder, "2.2")
    qtbot.waitUntil(held.is_set, timeout=60_000)

    with qtbot.waitSignal(panel.shown, timeout=60_000):
        panel.show_for(folder, "2.4")                      # the user moved on to another item
    qtbot.waitUntil(lambda: not panel.busy, timeout=90_000)

    assert stopped == [True]                               # the reading for 2.2 stopped, not left to run
    assert "punkt 2.4" in panel.heading.text()
    panel.shutdown()
