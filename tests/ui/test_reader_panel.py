"""The reader and search panels on real widgets offscreen: loading in the background, pages, hits, notes, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.pack.opening import open_for_reading
from kkrdesk.core.pack.source import ReadingSource
from kkrdesk.core.pack.writer import write_pack
from kkrdesk.ui.reader.search_panel import SearchPanel
from kkrdesk.ui.reader.window import PackReaderWindow
from tests.reader_helpers import make_meeting, page_texts_for, write_pdf

SHOTS = Path(__file__).resolve().parents[2] / "out" / "reader"


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui-pack")
    folder = make_meeting(root)
    write_pack(folder, root / "møde.kkrpack")
    return root / "møde.kkrpack"


def test_a_pack_bilag_opens_at_the_page_with_the_hit_highlighted(qtbot, reader, pack_file):
    with qtbot.waitSignal(reader.loaded, timeout=20_000):
        reader.show_bilag(pack_file, "2.2", 1, page=6, highlight="kommunalbestyrelsen")
    assert reader.source.read_only and "skrivebeskyttet" in reader.header.text()
    qtbot.waitUntil(lambda: reader.pdf.hit_count() > 0 and reader.pdf.current_hit() >= 0, timeout=10_000)
    qtbot.waitUntil(lambda: reader.pdf.current_page() == 6, timeout=10_000)
    assert reader.pdf.page_count() == 8
    reader.pdf.next_page()
    qtbot.waitUntil(lambda: reader.pdf.current_page() == 7)
    reader.pdf.zoom_in()
    assert reader.pdf.zoom_label.text().endswith("%")
    reader.pdf.fit_width()
    assert reader.pdf.zoom_label.text() == "Bredde"
    qtbot.waitUntil(reader.pdf.thumbnails_done, timeout=10_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    reader.grab().save(str(SHOTS / "reader-pdf.png"))


def test_a_note_is_made_on_the_page_text_and_listed(qtbot, reader, pack_file):
    with qtbot.waitSignal(reader.loaded, timeout=20_000):
        reader.show_bilag(pack_file, "2.4", 1, page=4)
    qtbot.waitUntil(lambda: "iværksættere" in reader.notes_panel.page_text.toPlainText(), timeout=10_000)
    text = reader.notes_panel.page_text.toPlainText()
    start = text.index("iværksættere")
    reader.notes_panel.select_passage(start, start + len("iværksættere"))
    reader.notes_panel.note_text.setPlainText("Hvor mange i vores kommune?")
    note = reader.notes_panel.add_note("note")
    assert note.anchor.page == 4 and note.anchor.quote == "iværksættere"
    assert reader.notes_panel.notes_list.count() >= 1
    reader.notes.remove(note.id)


@pytest.mark.slow
def test_encrypted_pdf_asks_for_the_password(qtbot, reader, shared, stub_dialogs):
    stub_dialogs.answers["password"] = "user"
    with qtbot.waitSignal(reader.loaded, timeout=20_000):
        reader.show_file(shared / "corpus" / "qpdf" / "20-pages.pdf")
    assert [kind for kind, *_ in stub_dialogs.shown] == ["ask_password"]
    qtbot.waitUntil(lambda: reader.pdf.page_count() == 20, timeout=10_000)


@pytest.mark.slow
def test_damaged_pdf_offers_a_repaired_copy(qtbot, reader, shared, stub_dialogs, tmp_path):
    damaged = shared / "corpus" / "qpdf" / "57639.fuzz"   # qpdf reads it, pdfium does not
    with qtbot.waitSignal(reader.loaded, timeout=20_000):
        reader.show_file(damaged)
    assert stub_dialogs.shown[0][0] == "confirm" and "repareret" in stub_dialogs.shown[0][2]
    assert "repareret kopi" in reader.note_label.text()
    qtbot.waitUntil(lambda: reader.pdf.page_count() == 7, timeout=10_000)


def test_a_deep_page_tree_is_refused_before_qtpdf_sees_it(qtbot, reader, shared):
    with qtbot.waitSignal(reader.failed, timeout=20_000) as failed:
        reader.show_file(shared / "corpus" / "qpdf" / "deep-pages.pdf")
    assert failed.args[0].reason in {"damaged", "hostile"}
    assert "Filen" in reader.message.text()


def test_unsupported_and_table_files(qtbot, reader, tmp_path):
    odd = tmp_path / "data.bin"
    odd.write_bytes(b"\x00\x01\x02binary")
    with qtbot.waitSignal(reader.failed, timeout=10_000):
        reader.show_file(odd)
    assert "kan ikke vise denne type" in reader.message.text()
    table = tmp_path / "tal.csv"
    table.write_text("Kommune;Pladser\nNæstved;120\nRingsted;80\n", encoding="cp1252")
    with qtbot.waitSignal(reader.loaded, timeout=10_000):
        reader.show_file(table)
    model = reader.tables.widget(0).model()
    assert model.rowCount() == 3 and model.item(1, 0).text() == "Næstved"


@pytest.mark.slow
def test_search_panel_builds_the_index_and_emits_the_chosen_hit(qtbot, tmp_path):
    folder = make_meeting(tmp_path, docx=False)
    panel = SearchPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.index_ready, timeout=20_000):
        panel.set_source(ReadingSource.from_folder(folder))
    with qtbot.waitSignal(panel.results_ready, timeout=10_000) as ready:
        panel.search("iværksættere")
    assert [(h.item_number, h.page) for h in ready.args[0].hits] == [("2.2", 3), ("2.4", 4)]
    qtbot.waitUntil(lambda: panel.results.count() == 2)
    with qtbot.waitSignal(panel.hit_activated) as chosen:
        panel.results.itemClicked.emit(panel.results.item(1))
    assert chosen.args[0].bilag_number == 1 and chosen.args[0].page == 4
    panel.shutdown()


@pytest.mark.slow
def test_the_pack_window_shows_changes_and_closes_cleanly(qtbot, tmp_path):
    folder = make_meeting(tmp_path, docx=False)
    homes = dict(extract_root=tmp_path / "c", history=tmp_path / "h", notes_folder=tmp_path / "n")
    write_pack(folder, tmp_path / "v1.kkrpack", version=1)
    open_for_reading(tmp_path / "v1.kkrpack", **homes)
    write_pdf(folder / "bilag" / "uddannelse.pdf", page_texts_for({1: "Nyt om erhvervshus."}, 6))
    with MeetingFolder.open(folder) as store:
        store.meeting.fravaerende = "Borgmester Hansen, Sorø"
        store.save()
    write_pack(folder, tmp_path / "v2.kkrpack", version=2)
    session = open_for_reading(tmp_path / "v2.kkrpack", **homes)
    window = PackReaderWindow(ReadingSource.from_pack(session.pack), session)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentWidget() is window.changes
    shown = window.changes.toPlainText().splitlines()
    assert shown[1] == "Referatet: fraværende er tilføjet: »Borgmester Hansen, Sorø«"
    assert "Ændret bilag: Uddannelsespladser 2025" in window.changes.toPlainText()
    window.search.search("erhvervshus")
    qtbot.waitUntil(lambda: window.search.results.count() == 2, timeout=10_000)
    hit = window.search.results.item(1).data(256)
    with qtbot.waitSignal(window.reader.loaded, timeout=20_000):
        window.open_hit(hit)
    qtbot.waitUntil(lambda: window.reader.pdf.current_page() == hit.page, timeout=10_000)
    window.tabs.setCurrentWidget(window.search)
    qtbot.waitUntil(window.reader.pdf.thumbnails_done, timeout=10_000)
    qtbot.wait(500)   # QPdfView renders pages asynchronously; give the picture time to arrive
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "pack-window.png"))
    window.close()


@pytest.mark.slow
def test_the_pack_reader_shows_an_items_decision_only_when_there_is_one(qtbot, tmp_path):
    folder_path = make_meeting(tmp_path, closed_item=False, docx=False)
    with MeetingFolder.open(folder_path) as folder:
        folder.meeting.item("2.4").beslutning = "KKR godkendte fordelingen af pladserne."
        folder.save()
    write_pack(folder_path, tmp_path / "møde.kkrpack")
    session = open_for_reading(tmp_path / "møde.kkrpack", extract_root=tmp_path / "c",
                               history=tmp_path / "h", notes_folder=tmp_path / "n")
    window = PackReaderWindow(ReadingSource.from_pack(session.pack), session)
    qtbot.addWidget(window)
    window.show()
    decided, undecided = (window.agenda.topLevelItem(row) for row in (1, 0))
    with qtbot.waitSignal(window.reader.loaded, timeout=10_000):
        window._agenda_chosen(decided)
    lines = window.reader.html.toPlainText().splitlines()
    assert lines[-2:] == ["Beslutning", "KKR godkendte fordelingen af pladserne."]
    assert lines.index("Indstilling") < lines.index("Beslutning")
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "pack-window-decision.png"))
    with qtbot.waitSignal(window.reader.loaded, timeout=10_000):
        window._agenda_chosen(undecided)
    assert "Beslutning" not in window.reader.html.toPlainText().splitlines()
    window.close()


def test_thumbnails_of_landscape_and_portrait_pages_stay_where_their_placeholders_stood(qtbot, reader, tmp_path):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    mixed = tmp_path / "tabel på tværs.pdf"          # a table printed landscape between portrait pages
    drawing = canvas.Canvas(str(mixed))
    for size in (A4, landscape(A4), A4):
        drawing.setPageSize(size)
        drawing.drawString(72, 72, "Side")
        drawing.showPage()
    drawing.save()
    with qtbot.waitSignal(reader.loaded, timeout=20_000):
        reader.show_file(mixed)
    thumbnails = reader.pdf.thumbnails
    placed = [thumbnails.visualItemRect(thumbnails.item(row)) for row in range(3)]
    qtbot.waitUntil(reader.pdf.thumbnails_done, timeout=10_000)
    thumbnails.doItemsLayout()
    assert [thumbnails.visualItemRect(thumbnails.item(row)) for row in range(3)] == placed
    assert placed[1].height() < placed[0].height()          # the landscape page's thumbnail is lower
