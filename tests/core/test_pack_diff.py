"""The pack diff a member reads: changes to an item's texts and to the referat's decision, in Danish."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.pack.diff import compare_meetings
from kkrdesk.core.search.index import SearchIndex


def _meeting(**decisions: str) -> Meeting:
    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem(number=number, title=f"Punkt om emne {number}", case_id=f"25/{number}",
                   indstilling="Det indstilles, at KKR godkender planen.", beslutning=decision)
        for number, decision in (("2.2", decisions.get("first", "")), ("2.3", decisions.get("second", "")))])


def _lines(old: Meeting, new: Meeting, tmp_path) -> list[str]:
    no_bilag = SearchIndex(tmp_path / "unused.sqlite")      # items without bilag: no page is read
    return compare_meetings(old, no_bilag, new, no_bilag, old_version=1, new_version=2).lines()


@pytest.mark.parametrize(("before", "after", "said"), [
    ("", "Godkendt.", "beslutningen er tilføjet"),
    ("Godkendt.", "Godkendt med den ændring, at busruterne indgår.", "beslutningen er ændret"),
    ("Godkendt.", "", "beslutningen er fjernet"),
])
def test_an_added_changed_or_removed_decision_is_reported(tmp_path, before, after, said):
    lines = _lines(_meeting(first=before, second="Taget til efterretning."),
                   _meeting(first=after, second="Taget til efterretning."), tmp_path)
    assert lines == [f"Ændret punkt 2.2: Punkt om emne 2.2 ({said})"]


def test_a_decision_changed_beside_a_case_text_is_told_with_it_and_spaces_alone_are_no_change(tmp_path):
    old, new = _meeting(first="Godkendt.", second="Udsat."), _meeting(first="Godkendt.\n", second="Udsat.")
    assert _lines(old, new, tmp_path) == []
    new.items[1].indstilling = "Det indstilles, at KKR drøfter planen."
    new.items[1].beslutning = "Drøftet."
    assert _lines(old, new, tmp_path) == [
        "Ændret punkt 2.3: Punkt om emne 2.3 (indstillingen er ændret, beslutningen er ændret)"]
