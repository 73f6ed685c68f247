"""Every undo command round-trips: do, undo gives the meeting before, redo the meeting after."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType
from kkrdesk.core.meeting.model import ReferatStatus
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.agenda.commands import (
    AddBilagCommand,
    AddItemCommand,
    EditBilagCommand,
    EditItemCommand,
    EditMeetingCommand,
    MoveBilagCommand,
    MoveItemCommand,
    RemoveBilagCommand,
    RemoveItemCommand,
    RestoreMeetingCommand,
)
from kkrdesk.ui.agenda.session import MeetingSession, next_free_number
from tests.factories import small_meeting


@pytest.fixture
def session(tmp_path, qtbot):
    meeting = small_meeting()
    meeting.items.append(AgendaItem(number="2.7", type=ItemType.ORIENTERINGSSAG, title="Erhvervshuse"))
    meeting.items[0].bilag = [Bilag(title=f"B{n}", file=f"bilag/b{n}.pdf", kind=FileKind.PDF, pages=n)
                              for n in (1, 2, 3)]
    session = MeetingSession(MeetingFolder.create(tmp_path / "m", meeting), data_dir=tmp_path / "data")
    yield session
    session.close()


def item(session, number):
    return session.meeting.item(number)


def with_referat(meeting):
    """``meeting`` with every meeting-level referat field set (a recovered referat)."""
    meeting.fravaerende, meeting.protokoltilfoersel = "Borgmester Hansen", "Ført til protokols."
    meeting.referat_status, meeting.referat_godkendt_dato = ReferatStatus.GODKENDT, dt.date(2025, 3, 20)
    meeting.items[0].beslutning = "Godkendt."
    return meeting


COMMANDS = {
    "add item": lambda s: AddItemCommand(s.model, 1, AgendaItem(number="2.3", title="Ny")),
    "remove item": lambda s: RemoveItemCommand(s.model, item(s, "2.4")),
    "move item down": lambda s: MoveItemCommand(s.model, 0, 3),
    "move item up": lambda s: MoveItemCommand(s.model, 2, 0),
    "edit title": lambda s: EditItemCommand(s.model, item(s, "2.2"), "title", "Ny titel"),
    "edit type": lambda s: EditItemCommand(s.model, item(s, "2.4"), "type", ItemType.BESLUTNINGSSAG),
    "edit closed": lambda s: EditItemCommand(s.model, item(s, "2.4"), "closed", True),
    "add bilag": lambda s: AddBilagCommand(s.model, item(s, "2.2"), 1,
                                           Bilag(title="Ny", file="bilag/n.pdf", kind=FileKind.PDF)),
    "remove bilag": lambda s: RemoveBilagCommand(s.model, item(s, "2.2"), item(s, "2.2").bilag[1]),
    "move bilag within": lambda s: MoveBilagCommand(s.model, item(s, "2.2"), 0, item(s, "2.2"), 3),
    "move bilag back": lambda s: MoveBilagCommand(s.model, item(s, "2.2"), 2, item(s, "2.2"), 0),
    "move bilag to other item": lambda s: MoveBilagCommand(s.model, item(s, "2.2"), 1, item(s, "2.7"), 0),
    "edit bilag": lambda s: EditBilagCommand(s.model, item(s, "2.2"), item(s, "2.2").bilag[0],
                                             {"title": "X", "printed": False, "pages": 9}),
    "edit meeting date": lambda s: EditMeetingCommand(s.model, "date", dt.date(2025, 3, 1)),
    "edit meeting place": lambda s: EditMeetingCommand(s.model, "place", "Sorø"),
    "restore": lambda s: RestoreMeetingCommand(s.model, small_meeting()),
    "edit decision": lambda s: EditItemCommand(s.model, item(s, "2.2"), "beslutning", "Godkendt."),
    "edit follow-up date": lambda s: EditItemCommand(s.model, item(s, "2.2"), "opfoelgning_dato",
                                                     dt.date(2025, 9, 1)),
    "edit fraværende": lambda s: EditMeetingCommand(s.model, "fravaerende", "Borgmester Hansen"),
    "restore a referat": lambda s: RestoreMeetingCommand(s.model, with_referat(small_meeting())),
}


@pytest.mark.parametrize("name", COMMANDS)
def test_command_round_trips(session, name, qtmodeltester):
    before = session.meeting.copy()
    session.stack.push(COMMANDS[name](session))
    after = session.meeting.copy()
    assert after != before
    session.stack.undo()
    assert session.meeting == before
    session.stack.redo()
    assert session.meeting == after
    qtmodeltester.check(session.model, force_py=True)


def test_typing_in_one_field_merges_into_one_step(session):
    for text in ("R", "Ra", "Ram"):
        session.edit_item(item(session, "2.2"), "title", text)
    assert session.stack.count() == 1
    session.stack.undo()
    assert item(session, "2.2").title == "Rammer for KKR"


def test_duplicate_gets_the_next_free_number_and_copies_bilag(session):
    copy = session.duplicate_item(item(session, "2.2"))
    assert copy.number == "2.3"
    assert [b.title for b in copy.bilag] == ["B1", "B2", "B3"]
    assert copy.bilag[0] is not item(session, "2.2").bilag[0]
    assert [i.number for i in session.meeting.items] == ["2.2", "2.3", "2.4", "2.7"]


def test_next_free_number():
    meeting = small_meeting()
    assert next_free_number(meeting, "2.2") == "2.3"
    assert next_free_number(meeting, "2.3") == "2.5"
    assert next_free_number(meeting, None) == "2.5"


def test_an_item_number_that_could_become_a_path_is_refused_in_the_form_without_an_undo_step(session, qtbot):
    with qtbot.waitSignal(session.importFailed) as refused:
        session.edit_item(item(session, "2.2"), "number", "../../offer")
    assert "punktnummeret" in refused.args[0].message
    assert [i.number for i in session.meeting.items][:1] == ["2.2"]
    assert session.stack.count() == 0


def test_restoring_a_recovered_meeting_brings_back_its_referat(session):
    recovered = with_referat(small_meeting())
    session.stack.push(RestoreMeetingCommand(session.model, recovered))
    assert session.meeting == recovered
    session.stack.undo()
    assert session.meeting.fravaerende == "" and session.meeting.referat_status is ReferatStatus.UDKAST
