"""A title copied from a printed agenda with its case type in front is split into type and title."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core.meeting.model import ItemType, split_type


def test_a_title_that_begins_with_a_case_type_and_a_colon_is_split():
    assert split_type("Temadrøftelse: Drøftelse af rammerne for det fremtidige samarbejde") == (
        ItemType.TEMADROEFTELSE, "Drøftelse af rammerne for det fremtidige samarbejde")
    assert split_type("beslutningssag :  Godkendelse af dagsorden ") == (
        ItemType.BESLUTNINGSSAG, "Godkendelse af dagsorden")


def test_other_titles_are_left_as_they_are():
    for title in ("Eventuelt", "Status: Erhvervshus Nordjylland", "Temadrøftelse:", "Temadrøftelse om trafik",
                  "Orientering: Økonomiaftalen 2028"):
        assert split_type(title) == (None, title)


def test_a_saved_title_with_a_case_type_in_front_is_a_problem_to_mend():
    from kkrdesk.core.meeting.checks import check_structure
    from kkrdesk.core.meeting.model import AgendaItem, Meeting

    meeting = Meeting(kkr="KKR Nordjylland", date=dt.date(2027, 3, 18), items=[
        AgendaItem(number="2.1", title="Orienteringssag: Status på uddannelsesområdet", type=ItemType.BESLUTNINGSSAG),
        AgendaItem(number="2.2", title="Status: Erhvervshus Nordjylland", type=ItemType.ORIENTERINGSSAG)])
    [finding] = [f for f in check_structure(meeting) if f.problem.code == "type-in-title"]
    assert finding.place.item == "2.1"
    assert "»2.1 Beslutningssag: Orienteringssag: Status på uddannelsesområdet«" in finding.problem.message
    assert "»Status på uddannelsesområdet«" in finding.problem.hint and "Orienteringssag" in finding.problem.hint
