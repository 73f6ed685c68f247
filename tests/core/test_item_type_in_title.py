"""A title copied from a printed agenda with its case type in front is split into type and title."""

from __future__ import annotations

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
