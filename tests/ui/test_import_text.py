"""Hent tekst fra Word in the window: a preview of what goes where, applied and undone as one step."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QGroupBox

from kkrdesk.core.meeting import AgendaItem, Meeting
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.agenda.import_text import ImportTextDialog
from tests.casetext_documents import english_case, kl_case

TIMEOUT = 15000


@pytest.fixture
def window(window, tmp_path):
    folder = tmp_path / "møde"
    MeetingFolder.create(folder, Meeting(kkr="KKR Sjælland", date=dt.date(2025, 3, 1), items=[
        AgendaItem(number="2.2", title="Vækstplan", indstilling="Gammel indstilling.")])).close()
    window.open_meeting(folder)
    window.feature("agenda").select(window.session.meeting.items[0])
    return window


def test_the_preview_shows_what_goes_where_and_applies_as_one_undo_step(
        window, agenda, qtbot, tmp_path, stub_dialogs):
    item = window.session.meeting.items[0]
    seen = {}

    def accept(dialog: ImportTextDialog):
        seen["titles"] = [box.title() for box in dialog.findChildren(QGroupBox)]
        seen["resume"] = dialog.previews["resume"].toHtml()
        return True

    stub_dialogs.answers.update(open_file=kl_case(tmp_path / "sag.docx"), run=accept)
    agenda.act_import_text.trigger()
    qtbot.waitUntil(lambda: item.resume != "", timeout=TIMEOUT)
    assert "»Forslag til beslutning« → Indstilling (erstatter punktets nuværende tekst)" in \
        seen["titles"]
    assert "»Beslutning« → Beslutning" in seen["titles"]
    assert "font-weight" in seen["resume"] or "<b>" in seen["resume"]
    assert item.indstilling.startswith("Det indstilles, at KKR:")
    assert item.sagsfremstilling.endswith("2025 | 10 mio. kr.")
    assert item.beslutning == "Godkendt."
    stack = window.session.stack
    assert stack.undoText() == "Hent tekst fra Word til punkt 2.2"
    stack.undo()
    assert (item.resume, item.indstilling, item.sagsfremstilling, item.beslutning) == (
        "", "Gammel indstilling.", "", "")
    stack.redo()
    assert item.indstilling.startswith("Det indstilles")


def test_cancelling_the_preview_changes_nothing(window, agenda, qtbot, tmp_path, stub_dialogs):
    item = window.session.meeting.items[0]
    stub_dialogs.answers.update(open_file=kl_case(tmp_path / "sag.docx"))   # run declines
    agenda.act_import_text.trigger()
    qtbot.waitUntil(lambda: any(kind == "run" for kind, _, _ in stub_dialogs.shown),
                    timeout=TIMEOUT)
    assert item.indstilling == "Gammel indstilling." and window.session.stack.count() == 0


def test_a_document_without_danish_sections_gives_a_danish_message(window, agenda, qtbot, tmp_path,
                                                                   stub_dialogs):
    stub_dialogs.answers.update(open_file=english_case(tmp_path / "english.docx"))
    agenda.act_import_text.trigger()
    qtbot.waitUntil(lambda: any(kind == "error" for kind, _, _ in stub_dialogs.shown),
                    timeout=TIMEOUT)
    _kind, title, text = next(s for s in stub_dialogs.shown if s[0] == "error")
    assert title == "Hent tekst fra Word" and "engelsk" in text
    assert window.session.stack.count() == 0


def test_the_action_is_offered_only_while_an_item_is_chosen(window, agenda):
    assert agenda.act_import_text.isEnabled()               # the fixture chose item 2.2
    agenda.show_meeting_form()                              # no item chosen: the agenda's context menu says so too
    assert not agenda.act_import_text.isEnabled()
    agenda.select(window.session.meeting.items[0])
    assert agenda.act_import_text.isEnabled()
    window.close_meeting()
    assert not agenda.act_import_text.isEnabled()
