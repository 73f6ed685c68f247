"""Bilag references in item texts: found, rewritten when bilag move, and left alone when they merely mention bilag."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core.meeting import AgendaItem, Bilag, Meeting
from kkrdesk.core.meeting.numbering import apply_numbers, renumbering
from kkrdesk.core.meeting.references import (
    BilagPlace,
    apply_edits,
    danish_list,
    reference_updates,
    references,
    rewrite_text,
    snapshot,
)


def bilag(title: str) -> Bilag:
    return Bilag(title=title, file=f"bilag/{title.lower()}.pdf")


def make_meeting() -> Meeting:
    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem(number="2.2", title="Rammer for samarbejdet",
                   sagsfremstilling="Resultaterne er samlet i en opsamling, jf. bilag 1, og tabellerne "
                                    "står i bilag 2. Se også bilag 1 og 3 samt bilag 3 til punkt 2.4. "
                                    "Bilagene er sendt ud i forvejen.",
                   resume="Drøftelse på baggrund af bilagene.",
                   bilag=[bilag("Opsamling"), bilag("Evaluering"), bilag("Datarapport")]),
        AgendaItem(number="2.4", title="Kollektiv trafik",
                   indstilling="Det indstilles, at KKR tager udspillet (Bilag 1-2) til efterretning.",
                   bilag=[bilag("Udspil"), bilag("Bilagsnotat"), bilag("Kort")]),
    ])


def test_references_are_found_with_the_bilag_they_name():
    found = [(r.item.number, r.field, r.text, [(p.item, p.number) for p in r.targets])
             for r in references(make_meeting())]
    assert found == [
        ("2.2", "sagsfremstilling", "bilag 1", [("2.2", 1)]),
        ("2.2", "sagsfremstilling", "bilag 2", [("2.2", 2)]),
        ("2.2", "sagsfremstilling", "bilag 1 og 3", [("2.2", 1), ("2.2", 3)]),
        ("2.2", "sagsfremstilling", "bilag 3 til punkt 2.4", [("2.4", 3)]),
        ("2.4", "indstilling", "Bilag 1-2", [("2.4", 1), ("2.4", 2)]),
    ]


def test_deleting_a_bilag_rewrites_the_references_after_it_and_flags_the_one_to_it():
    m = make_meeting()
    before = snapshot(m)
    del m.items[0].bilag[1]                                  # bilag 2 (Evaluering) of 2.2
    update = reference_updates(before, m)
    assert [(r.old, r.new) for r in update.rewrites] == [
        ("bilag 2", None), ("bilag 1 og 3", "bilag 1 og 2")]
    assert "fjernet" in update.unresolved[0].reason
    apply_edits(update.edits)
    text = m.items[0].sagsfremstilling
    assert "jf. bilag 1, og tabellerne står i bilag 2. Se også bilag 1 og 2 samt bilag 3 til punkt 2.4." in text
    assert text.endswith("Bilagene er sendt ud i forvejen.")
    assert m.items[0].resume == "Drøftelse på baggrund af bilagene."
    apply_edits(update.edits, undo=True)
    assert m.items[0].sagsfremstilling == make_meeting().items[0].sagsfremstilling


def test_reordering_bilag_rewrites_references_in_the_item_and_in_other_items():
    m = make_meeting()
    before = snapshot(m)
    trafik = m.items[1]
    trafik.bilag.insert(0, trafik.bilag.pop(2))              # Kort first: 3 → 1, 1 → 2, 2 → 3
    update = reference_updates(before, m)
    apply_edits(update.edits)
    assert "samt bilag 1 til punkt 2.4." in m.items[0].sagsfremstilling
    assert "(Bilag 2-3)" in trafik.indstilling
    assert update.unresolved == ()


def test_adding_a_bilag_in_front_shifts_the_references():
    m = make_meeting()
    before = snapshot(m)
    m.items[0].bilag.insert(0, bilag("Forside"))
    update = reference_updates(before, m)
    apply_edits(update.edits)
    text = m.items[0].sagsfremstilling
    assert "jf. bilag 2," in text and "står i bilag 3." in text and "bilag 2 og 4 samt" in text


def test_adding_a_bilag_at_the_end_changes_nothing():
    m = make_meeting()
    before = snapshot(m)
    m.items[0].bilag.append(bilag("Efterskrift"))
    assert not reference_updates(before, m)


def test_a_bilag_moved_to_another_item_is_named_with_its_new_item():
    m = make_meeting()
    before = snapshot(m)
    m.items[1].bilag.append(m.items[0].bilag.pop(1))         # Evaluering becomes bilag 4 of 2.4
    update = reference_updates(before, m)
    apply_edits(update.edits)
    assert "står i bilag 4 til punkt 2.4." in m.items[0].sagsfremstilling
    assert "bilag 1 og 2 samt" in m.items[0].sagsfremstilling


def test_renumbered_items_carry_their_references_along():
    m = make_meeting()
    m.continuous_numbers = True
    before = snapshot(m)
    apply_numbers(renumbering(m))                            # 2.2 → 2.1, 2.4 → 2.2
    update = reference_updates(before, m)
    apply_edits(update.edits)
    assert "samt bilag 3 til punkt 2.2." in m.items[0].sagsfremstilling
    assert "jf. bilag 1," in m.items[0].sagsfremstilling     # its own bilag need no item number
    assert [r.old for r in update.rewrites] == ["bilag 3 til punkt 2.4"]


def test_a_list_whose_bilag_now_sit_on_different_items_is_left_for_the_user():
    text, touched = rewrite_text("jf. bilag 1 og 2", "2.2", "2.2",
                                 {BilagPlace("2.2", 2): BilagPlace("2.4", 1)})
    assert text == "jf. bilag 1 og 2"
    assert touched == [("bilag 1 og 2", None, "bilagene ligger nu på forskellige punkter", "jf. bilag 1 og 2")]


def test_a_range_that_is_no_longer_a_run_is_written_out():
    moved = {BilagPlace("2.2", 2): BilagPlace("2.2", 4), BilagPlace("2.2", 4): BilagPlace("2.2", 2)}
    assert rewrite_text("bilag 1–3", "2.2", "2.2", moved)[0] == "bilag 1, 4 og 3"
    assert rewrite_text("bilagene 3-4", "2.2", "2.2", moved)[0] == "bilagene 3 og 2"


def test_words_that_only_mention_bilag_are_never_touched():
    moved = {BilagPlace("2.2", 1): BilagPlace("2.2", 2)}
    for text in ("Bilagene er vedlagt.", "se bilagsoversigten", "bilag til punkt 2.2", "bilaget", ""):
        assert rewrite_text(text, "2.2", "2.2", moved) == (text, [])


def test_danish_list():
    assert [danish_list(n) for n in ([1], [1, 2], [1, 3, 4])] == ["1", "1 og 2", "1, 3 og 4"]
