"""The feature tabs in the main window: a bilag opens in the reader, a search hit opens its page."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture
def window(window, tmp_path, sample_dir):
    shutil.copytree(sample_dir, tmp_path / "møde")
    window.open_meeting(tmp_path / "møde")
    return window


def test_double_clicking_a_bilag_reads_it_in_the_reader_tab(window, agenda, qtbot):
    main = window
    reader = main.feature("reader").reader
    item = main.session.meeting.item("2.4")
    with qtbot.waitSignal(reader.loaded, timeout=20000):
        agenda.tree.doubleClicked.emit(main.session.model.bilag_index(item, item.bilag[0]))
    assert main.current_tab() is reader
    assert reader.current == ("2.4", 1)


@pytest.mark.slow
def test_a_search_hit_opens_its_page_in_the_reader(window, qtbot):
    main = window
    feature = main.feature("reader")
    feature.show_search()
    qtbot.waitUntil(lambda: feature._indexed_at is not None)
    with qtbot.waitSignal(feature.search.results_ready, timeout=60000) as results:
        feature.search.search("iværksættere")  # runs as soon as the index is built
    hits = [hit for hit in results.args[0].hits if hit.bilag_number]
    assert hits and hits[0].item_number == "2.7"
    with qtbot.waitSignal(feature.reader.loaded, timeout=20000):
        feature.open_hit(hits[0])
    assert main.current_tab() is feature.reader
    assert feature.reader.current == ("2.7", 1)


def test_a_resultatkontrakt_opens_in_the_contract_checker_with_its_results(window, agenda, qtbot):
    main = window
    contracts = main.feature("contracts")
    item = main.session.meeting.item("2.7")
    with qtbot.waitSignal(contracts.panel.reviewed, timeout=30000) as reviewed:
        agenda.tree.doubleClicked.emit(main.session.model.bilag_index(item, item.bilag[1]))
    assert main.current_tab() is contracts.panel
    review = reviewed.args[0]
    codes = [finding.code for finding in review.findings]
    assert "target-below-national" in codes
    assert review.results, "the results file beside the contract is read too"


def test_export_dialog_opens_on_the_open_meeting(window, qtbot):
    main = window
    export = main.feature("export")
    assert export.action.isEnabled()
    dialog = export.open_dialog()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert dialog.folder is main.session.folder
    dialog.reject()


@pytest.mark.slow
def test_the_survey_export_opens_in_the_survey_viewer(window, agenda, qtbot):
    main = window
    survey = main.feature("survey")
    item = main.session.meeting.item("2.2")
    export = next(b for b in item.bilag if b.kind == "xlsx")
    with qtbot.waitSignal(survey.panel.loaded, timeout=60000) as loaded:
        agenda.tree.doubleClicked.emit(main.session.model.bilag_index(item, export))
    assert main.current_tab() is survey.panel
    assert loaded.args[0].respondents == 118


def test_the_window_with_every_tab_fits_a_small_laptop_screen(window):
    main = window
    smallest = main.minimumSizeHint()
    assert smallest.width() <= 1366 and smallest.height() <= 700, smallest


def test_a_tab_builds_its_panel_when_first_chosen_and_no_other(window, qtbot):
    main = window
    reader, contracts, survey, referat = (main.feature(name) for name in ("reader", "contracts", "survey", "referat"))
    tabs = [reader._reader, reader._search, contracts._tab, survey._tab, referat._tab]
    assert [tab.built for tab in tabs] == [None] * 5  # the window painted without them
    titles = [main.tabs.tabText(index) for index in range(main.tabs.count())]
    main.tabs.setCurrentIndex(titles.index("&Læser"))  # its right neighbour is the search tab
    qtbot.waitUntil(lambda: main.current_tab() is reader._reader.built)
    assert [tab.built is not None for tab in tabs] == [True, False, False, False, False]
    assert [main.tabs.tabText(index) for index in range(main.tabs.count())] == titles
    main.tabs.setCurrentIndex(titles.index("&Undersøgelse"))
    qtbot.waitUntil(lambda: main.current_tab() is survey.panel)
    assert [tab.built is not None for tab in tabs] == [True, False, False, True, False]


@pytest.mark.slow
def test_a_member_pack_is_made_and_opened_from_the_window(window, qtbot, tmp_path, stub_dialogs):
    main = window
    packs = main.feature("packs")
    stub_dialogs.answers["save_file"] = tmp_path / "medlemmer"
    packs.make_pack()
    qtbot.waitUntil(lambda: not packs.busy, timeout=120000)
    made = tmp_path / "medlemmer.kkrpack"
    assert made.is_file(), stub_dialogs.shown
    packs.open_pack(made)
    qtbot.waitUntil(lambda: not packs.busy, timeout=120000)
    [reader_window] = packs.windows
    assert "skrivebeskyttet" in reader_window.windowTitle()
    main.close()
    assert packs.windows == []


def test_a_damaged_pack_given_at_start_says_why_and_exits(tmp_path, stub_dialogs, qapp):
    from kkrdesk.ui.app import open_pack_window

    broken = tmp_path / "møde.kkrpack"
    broken.write_bytes(b"PK\x03\x04 not really a pack")
    assert open_pack_window(broken) == 1
    [(kind, _title, text)] = stub_dialogs.shown
    assert kind == "error" and "møde.kkrpack" in text


@pytest.mark.slow
def test_a_contract_note_can_go_onto_the_item_as_a_bilag(window, agenda, qtbot, tmp_path, stub_dialogs):
    main = window
    contracts = main.feature("contracts")
    item = main.session.meeting.item("2.7")
    with qtbot.waitSignal(contracts.panel.reviewed, timeout=30000):
        agenda.tree.doubleClicked.emit(main.session.model.bilag_index(item, item.bilag[1]))
    stub_dialogs.answers["confirm"] = True
    with qtbot.waitSignal(contracts.panel.note_written, timeout=30000):
        contracts.panel.export_note(tmp_path / "Notat om resultatkontrakten.docx")
    qtbot.waitUntil(lambda: len(item.bilag) == 5, timeout=30000)   # after the scanned signed copy
    # the note's own document title, not its file name, becomes the bilag's title
    assert item.bilag[4].title.startswith("Notat: Resultatkontrakt 2025") and item.bilag[4].kind == "docx"
    main.session.stack.undo()
    assert len(item.bilag) == 4


def test_a_double_clicked_bilag_opens_once_after_another_meeting_was_open(window, agenda, tmp_path, sample_dir):
    shutil.copytree(sample_dir, tmp_path / "andet møde")
    assert window.open_meeting(tmp_path / "andet møde")   # the fixture's meeting is closed on the way
    opened = []
    window.bilagActivated.connect(lambda session, item, bilag: opened.append((item.number, bilag.title)))
    item = window.session.meeting.item("2.4")
    agenda.tree.doubleClicked.emit(window.session.model.bilag_index(item, item.bilag[0]))
    assert opened == [("2.4", item.bilag[0].title)]
