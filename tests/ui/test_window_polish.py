"""The member pack window matches the main window; empty Læser/Kontrakt tabs start on the meeting's own."""

from __future__ import annotations

import shutil

import pypdfium2
import pytest
from PySide6.QtPrintSupport import QPrinter


def pdf_printer(target):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def pdf_pages(path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


@pytest.mark.slow
def test_the_pack_window_has_the_main_windows_menus_help_and_icons(pack_window):
    menus = [action.text() for action in pack_window.menuBar().actions()]
    assert menus == ["&Filer", "&Vis", "&Hjælp"]
    assert pack_window.act_guide.shortcut().toString() == "F1"
    assert not pack_window.windowIcon().isNull()
    first = pack_window.agenda.topLevelItem(0)
    assert not first.icon(0).isNull() and not first.child(0).icon(0).isNull()
    guide = pack_window.show_guide()
    assert guide.isVisible() and guide.contents.currentItem().text().startswith("Medlemspakker")
    guide.close()


@pytest.mark.slow
def test_the_pack_window_prints_the_bilag_it_shows(pack_window, qtbot, tmp_path, stub_dialogs):
    assert not pack_window.print_current()          # nothing chosen yet: it says what to do
    assert stub_dialogs.shown[-1][0] == "inform"
    node = pack_window.agenda.topLevelItem(0).child(0)
    with qtbot.waitSignal(pack_window.reader.loaded, timeout=20000):
        pack_window._agenda_chosen(node)
    stub_dialogs.answers["printer"] = pdf_printer(tmp_path / "bilag.pdf")
    assert pack_window.print_current()
    pages = pdf_pages(tmp_path / "bilag.pdf")
    assert len(pages) == pack_window.reader.pdf.page_count() >= 2


@pytest.fixture
def window(window, tmp_path, sample_dir):
    shutil.copytree(sample_dir, tmp_path / "møde")
    assert window.open_meeting(tmp_path / "møde")
    return window


def test_the_reader_tab_starts_on_the_bilag_chosen_on_the_agenda(window, agenda, qtbot):
    main = window
    reader = main.feature("reader")
    item = main.session.meeting.item("2.4")
    agenda.select(item, item.bilag[0])
    with qtbot.waitSignal(reader.reader.loaded, timeout=30000):
        main.tabs.setCurrentIndex(1)
    assert reader.reader.current == ("2.4", 1)


def test_the_contract_tab_starts_on_the_meetings_contract(window, qtbot):
    main = window
    contracts = main.feature("contracts")
    with qtbot.waitSignal(contracts.panel.reviewed, timeout=30000):
        main.show_tab(contracts.panel)
    assert contracts._checked[1] is main.session.meeting.item("2.7")


@pytest.mark.slow
def test_print_on_the_reader_tab_prints_the_bilag(window, qtbot, tmp_path, stub_dialogs):
    main = window
    reader = main.feature("reader")
    item = main.session.meeting.item("2.4")
    with qtbot.waitSignal(reader.reader.loaded, timeout=30000):
        reader.read(main.session, item, item.bilag[0])
    stub_dialogs.answers["printer"] = pdf_printer(tmp_path / "bilag.pdf")
    main.act_print.trigger()
    assert stub_dialogs.shown[-1][:2] == ("print", "Udskriv bilag 1 til punkt 2.4")
    assert len(pdf_pages(tmp_path / "bilag.pdf")) == item.bilag[0].pages


def test_export_offers_to_open_the_pack_and_the_agenda(window, qtbot):
    main = window
    export = main.feature("export")
    dialog = export.open_dialog()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    assert not dialog.open_pack_button.isVisibleTo(dialog) and not dialog.open_agenda_button.isVisibleTo(dialog)
    dialog.reject()


def test_the_command_line_opens_a_meeting_folder_in_the_window(tmp_path, sample_dir):
    from kkrdesk.cli import _names_something_to_open

    shutil.copytree(sample_dir, tmp_path / "m")
    assert _names_something_to_open([str(tmp_path / "m")])
    assert _names_something_to_open([str(tmp_path / "m" / "meeting.toml")])
    assert not _names_something_to_open([str(tmp_path)])            # not a meeting: the parser says so
    assert not _names_something_to_open(["validate"])
    assert not _names_something_to_open([str(tmp_path / "m"), "--json"])
