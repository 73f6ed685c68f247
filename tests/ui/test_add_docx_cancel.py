"""Annullér or closing while LibreOffice works for a window (a Word bilag's page count, its rendering for
the reader, the member pack, the archive's reading) stops LibreOffice, and nothing of the file stays."""

from __future__ import annotations

import pytest

from kkrdesk.core.office.soffice import find_soffice
from tests.libreoffice_processes import ended, libreoffice_runs
from tests.reader_helpers import make_meeting, write_docx, write_pdf

pytestmark = pytest.mark.skipif(find_soffice() is None,
                                reason="LibreOffice is not installed (tools/system-packages.sh installs it)")


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.slow
def test_cancelling_the_page_count_of_a_word_bilag_stops_libreoffice_and_adds_nothing(opened_meeting, qtbot, tmp_path,
                                                                                       stub_dialogs):
    session = opened_meeting
    folder = session.folder.path
    item = session.meeting.items[0]
    had = [(bilag.title, bilag.file) for bilag in item.bilag]
    (tmp_path / "indbakke").mkdir()
    note = write_docx(tmp_path / "indbakke" / "notat om praktikpladser.docx",
                      ["Notat om praktikpladser i Næstved og Køge.", "Anden side: erhvervshus og vækst."])
    failures = []
    session.importFailed.connect(failures.append)

    op = session.add_files(item, len(item.bilag), [note])
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)
    op.cancel()                                            # Annullér
    qtbot.waitUntil(lambda: not session.busy, timeout=60_000)

    assert failures == [] and stub_dialogs.shown == []          # a cancel, not an error
    assert ended(seen)
    assert [(bilag.title, bilag.file) for bilag in item.bilag] == had
    assert not any("praktikpladser" in path.name for path in (folder / "bilag").rglob("*"))
    assert list((tmp_path / "cache").rglob("*.pdf")) == []


@pytest.mark.slow
def test_letting_go_of_a_word_bilag_while_libreoffice_renders_it_for_the_reader_stops_it(qtbot, reader, tmp_path):
    note = write_docx(tmp_path / "notat om praktikpladser.docx",
                      ["Notat om praktikpladser i Næstved og Køge.", "Anden side: erhvervshus og vækst."])
    failures = []
    reader.failed.connect(failures.append)
    reader.show_file(note)
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)
    reader.close_document()                                # as the window does when it closes
    qtbot.waitUntil(lambda: not reader._jobs.busy, timeout=60_000)

    assert failures == []
    assert ended(seen)
    assert list((tmp_path / "cache").rglob("*.pdf")) == []


@pytest.mark.slow
def test_choosing_another_file_while_libreoffice_renders_a_word_bilag_stops_it_and_shows_the_new_one(qtbot, reader,
                                                                                                     tmp_path):
    note = write_docx(tmp_path / "notat om praktikpladser.docx",
                      ["Notat om praktikpladser i Næstved og Køge.", "Anden side: erhvervshus og vækst."])
    other = write_pdf(tmp_path / "budget.pdf", ["Budget 2026", "Side to"])
    failures = []
    reader.failed.connect(failures.append)
    reader.show_file(note)
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)

    with qtbot.waitSignal(reader.loaded, timeout=60_000):
        reader.show_file(other)                            # the user chose another bilag
    qtbot.waitUntil(lambda: not reader._jobs.busy, timeout=60_000)

    assert failures == []
    assert reader.header.text() == "budget.pdf" and reader.pdf.page_count() == 2
    assert ended(seen)
    assert list((tmp_path / "cache").rglob("*.pdf")) == []     # no rendering of the Word file was kept


@pytest.mark.slow
def test_closing_the_window_while_a_member_pack_renders_a_word_bilag_stops_libreoffice(window, qtbot, tmp_path,
                                                                                       stub_dialogs):
    folder = make_meeting(tmp_path)                       # item 2.4 has a Word bilag
    assert window.open_meeting(folder)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    packs = window.feature("packs")
    stub_dialogs.answers["save_file"] = tmp_path / "ud" / "medlemmer"
    packs.make_pack()
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)

    window.close()
    qtbot.waitUntil(lambda: not packs.busy, timeout=60_000)
    assert [kind for kind, *_ in stub_dialogs.shown if "error" in kind] == []   # a cancel, not a failure
    assert ended(seen)
    assert not (tmp_path / "ud" / "medlemmer.kkrpack").exists()
    assert list((tmp_path / "cache").rglob("*.pdf")) == []


@pytest.mark.slow
def test_closing_the_archive_window_while_it_converts_a_word_bilag_stops_libreoffice(qtbot, tmp_path, stub_dialogs):
    from kkrdesk.core.archive.index import ArchiveIndex
    from kkrdesk.ui.archive.window import ArchiveWindow

    make_meeting(tmp_path / "arkiv")                      # item 2.4 has a Word bilag
    archive = ArchiveWindow(tmp_path / "arkiv", ArchiveIndex(tmp_path / "arkiv", tmp_path / "arkiv.sqlite"))
    qtbot.addWidget(archive)
    archive.show()
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)

    archive.close()
    qtbot.waitUntil(lambda: not archive.busy, timeout=60_000)
    assert stub_dialogs.shown == []
    assert ended(seen)
    assert list((tmp_path / "cache").rglob("*.pdf")) == []


@pytest.mark.slow
def test_closing_the_window_while_the_earlier_items_panel_reads_a_word_bilag_stops_libreoffice(window, qtbot, tmp_path,
                                                                                               stub_dialogs):
    folder = make_meeting(tmp_path / "arkiv")             # the panel reads the folder it lies in as its archive
    archive = window.feature("archive")
    assert window.open_meeting(folder)
    qtbot.waitUntil(lambda: not window.session.busy, timeout=60_000)
    archive.related_action.trigger()
    panel = archive.related_panel
    window.feature("agenda").select(window.session.meeting.item("2.4"))
    seen: dict[int, str] = {}
    qtbot.waitUntil(lambda: bool(seen.update(libreoffice_runs()) or seen), timeout=60_000)

    window.close()
    qtbot.waitUntil(lambda: not panel.busy, timeout=60_000)
    assert [kind for kind, *_ in stub_dialogs.shown if "error" in kind] == []
    assert ended(seen)
    assert list((tmp_path / "cache").rglob("*.pdf")) == []
