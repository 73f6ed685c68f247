"""The window's search finds an item's decision as it is written, and forgets it when the edit is undone."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.search.index import SearchHit, SearchResults
from kkrdesk.ui.reader.search_panel import HTML_ROLE, found_text


@pytest.fixture
def window(window, tmp_path):
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem(number="2.2", title="Vækstplan", indstilling="Det indstilles, at KKR drøfter planen.")])
    with MeetingFolder.create(tmp_path / "møde", meeting) as folder:
        folder.save()
    assert window.open_meeting(tmp_path / "møde")
    return window


def _hits(qtbot, feature, word):
    """Show the search tab (which brings the index up to date after an edit) and search ``word``."""
    window = feature.window
    window.show_tab(feature.reader)              # away from Søg, so showing it again re-indexes
    with qtbot.waitSignal(feature.search.results_ready, timeout=60_000) as ready:
        feature.show_search()
        feature.search.search(word)
    return ready.args[0].hits


def test_a_decision_written_in_the_window_is_found_and_opens_with_the_item_s_text(window, qtbot):
    feature = window.feature("reader")
    item = window.session.meeting.item("2.2")
    window.session.edit_item(item, "beslutning", "KKR tiltrådte planen med busruterne.")
    hits = _hits(qtbot, feature, "busruterne")
    assert [(hit.item_number, hit.bilag_number) for hit in hits] == [("2.2", None)]
    listed = feature.search.results
    assert listed.count() == 1 and listed.item(0).toolTip() == "Punkt 2.2 (beslutning)"
    assert listed.item(0).data(HTML_ROLE).startswith("<b>Punkt 2.2 (beslutning)</b> – Vækstplan<br/>")
    feature.open_hit(hits[0])
    assert window.current_tab() is feature.reader
    assert "Beslutning" in feature.reader.html.toPlainText()
    assert feature.reader.html.textCursor().selectedText() == "busruterne"

    window.session.stack.undo()
    assert _hits(qtbot, feature, "busruterne") == []


def test_the_result_list_tells_a_hit_in_the_decision_from_one_in_the_items_text(window, qtbot):
    feature = window.feature("reader")
    window.session.edit_item(window.session.meeting.item("2.2"), "beslutning", "KKR godkendte planen.")
    hits = _hits(qtbot, feature, "planen")
    listed = feature.search.results
    assert [listed.item(row).toolTip() for row in range(listed.count())] == [
        "Punkt 2.2 (punktets tekst)", "Punkt 2.2 (beslutning)"]
    assert [hit.in_decision for hit in hits] == [False, True]


def test_the_status_counts_the_places_the_list_shows_not_pages(window, qtbot):
    feature = window.feature("reader")
    window.session.edit_item(window.session.meeting.item("2.2"), "beslutning", "KKR godkendte planen om busruterne.")
    status = feature.search.status
    assert len(_hits(qtbot, feature, "planen")) == 2          # the item's text and its decision: no page of a bilag
    assert status.text() == "2 steder fundet."
    assert len(_hits(qtbot, feature, "busruterne")) == 1
    assert status.text() == "1 sted fundet."
    assert _hits(qtbot, feature, "cykelstier") == []
    assert status.text() == "Intet i mødet indeholder »cykelstier«."


def test_more_places_than_shown_are_counted_with_a_thousands_point():
    hit = SearchHit("2.2", "Vækstplan", 1, "Notat", "bilag/notat.pdf", 3, "planen", [(0, 6)], "planen")
    assert found_text(SearchResults("planen", [hit] * 200, 1200)) == "1.200 steder fundet; de første 200 vises."
