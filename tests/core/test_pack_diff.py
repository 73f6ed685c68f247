"""The pack diff a member reads: changes to an item's texts and to the referat's decision, in Danish."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.meeting.model import AgendaItem, Meeting, ReferatStatus
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


@pytest.mark.parametrize(("field", "before", "after", "said"), [
    ("fravaerende", "", "Mette Hansen (Roskilde)", "Referatet: fraværende er tilføjet: »Mette Hansen (Roskilde)«"),
    ("fravaerende", "Mette Hansen", "Mette Hansen\nJens Ørsted", "Referatet: fraværende er ændret: »Mette Hansen Jens Ørsted«"),
    ("fravaerende", "Mette Hansen", " ", "Referatet: fraværende er fjernet"),
    ("protokoltilfoersel", "", "Køge Kommune ønsker ført til protokol, at ...", "Referatet: protokoltilførslen er tilføjet"),
    ("protokoltilfoersel", "Køge tager forbehold.", "Køge og Solrød tager forbehold.",
     "Referatet: protokoltilførslen er ændret"),
    ("protokoltilfoersel", "Køge tager forbehold.", "", "Referatet: protokoltilførslen er fjernet"),
])
def test_the_referats_absent_members_and_protocol_entry_are_reported(tmp_path, field, before, after, said):
    old, new = _meeting(), _meeting()
    setattr(old, field, before)
    setattr(new, field, after)
    assert _lines(old, new, tmp_path) == [said]
    setattr(new, field, before + "\n")
    assert _lines(old, new, tmp_path) == []


def test_a_long_list_of_absent_members_is_shortened(tmp_path):
    old, new = _meeting(), _meeting()
    new.fravaerende = ", ".join(f"Medlem nummer {n}" for n in range(1, 20))
    (line,) = _lines(old, new, tmp_path)
    quoted = line.split("»")[1].rstrip("«")
    assert len(quoted) == 80 and quoted.endswith("…") and quoted.startswith("Medlem nummer 1, ")


def test_the_referats_approval_is_reported(tmp_path):
    draft, approved = _meeting(), _meeting()
    approved.referat_status = ReferatStatus.GODKENDT
    approved.referat_godkendt_dato = dt.date(2025, 3, 20)
    assert _lines(draft, approved, tmp_path) == ["Referatet er godkendt den 20. marts 2025"]
    assert _lines(approved, draft, tmp_path) == ["Referatet er ikke længere godkendt, men et udkast"]
    redated = _meeting()
    redated.referat_status = ReferatStatus.GODKENDT
    redated.referat_godkendt_dato = dt.date(2025, 3, 21)
    assert _lines(approved, redated, tmp_path) == [
        "Referatet er nu godkendt den 21. marts 2025 (før den 20. marts 2025)"]
    assert _lines(approved, approved.copy(), tmp_path) == []


def test_an_items_follow_up_and_closing_are_reported(tmp_path):
    old, new = _meeting(), _meeting()
    new.items[0].opfoelgning = True
    new.items[0].opfoelgning_dato = dt.date(2025, 6, 1)
    new.items[1].closed = True
    assert _lines(old, new, tmp_path) == [
        "Ændret punkt 2.2: Punkt om emne 2.2 (opfølgning er tilføjet med frist 1. juni 2025)",
        "Ændret punkt 2.3: Punkt om emne 2.3 (punktet er nu lukket)"]
    later = new.copy()
    later.items[0].opfoelgning_dato = dt.date(2025, 9, 1)
    later.items[1].closed = False
    assert _lines(new, later, tmp_path) == [
        "Ændret punkt 2.2: Punkt om emne 2.2 (opfølgningens frist er nu 1. september 2025)",
        "Ændret punkt 2.3: Punkt om emne 2.3 (punktet er ikke længere lukket)"]
    later.items[0].opfoelgning_dato = None
    assert _lines(new, later, tmp_path)[0] == "Ændret punkt 2.2: Punkt om emne 2.2 (opfølgningens frist er fjernet)"
    assert _lines(new, old, tmp_path) == [
        "Ændret punkt 2.2: Punkt om emne 2.2 (opfølgningen er fjernet)",
        "Ændret punkt 2.3: Punkt om emne 2.3 (punktet er ikke længere lukket)"]


def test_referat_lines_come_before_the_items_and_make_the_changes_non_empty(tmp_path):
    old, new = _meeting(), _meeting(first="Godkendt.")
    new.fravaerende = "Jens Ørsted"
    index = SearchIndex(tmp_path / "unused.sqlite")
    changes = compare_meetings(old, index, new, index)
    assert changes.lines() == ["Referatet: fraværende er tilføjet: »Jens Ørsted«",
                               "Ændret punkt 2.2: Punkt om emne 2.2 (beslutningen er tilføjet)"]
    new.items[0].beslutning = ""
    assert not compare_meetings(old, index, new, index).empty
