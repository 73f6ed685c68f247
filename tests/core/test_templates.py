"""Templates and meetings from meetings: what is copied, what is left behind, and template files."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType, Meeting
from kkrdesk.core.meeting.checks import check_structure
from kkrdesk.core.meeting.templates import (
    Template,
    available_templates,
    dump_template,
    find_source,
    is_recurring,
    new_meeting,
    parse_template,
    read_template,
    shipped_templates,
    suggested_template_path,
    template_from_meeting,
    write_template,
)

APRIL = dt.date(2025, 4, 10)


def previous() -> Meeting:
    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), start=dt.time(10, 0), place="Ringsted",
                   case_id="SAG-1", items=[
                       AgendaItem(number="2.1", type=ItemType.BESLUTNINGSSAG, title="Godkendelse af dagsorden",
                                  case_id="SAG-1", indstilling="Det indstilles, at KKR Sjælland godkender dagsordenen."),
                       AgendaItem(number="2.2", type=ItemType.TEMADROEFTELSE, title="Rammer for KKR",
                                  resume="Drøftelse, jf. bilag 1.", bilag=[Bilag(title="Notat", file="bilag/n.pdf")]),
                       AgendaItem(number="2.3", type=ItemType.MEDDELELSER, title="Nyt fra KL",
                                  bilag=[Bilag(title="Orientering", file="bilag/o.pdf")]),
                       AgendaItem(number="2.8", title="Eventuelt", resume="Korte bemærkninger."),
                   ])


def test_recurring_items_are_known_by_title_or_by_the_meddelelser_type():
    assert [is_recurring(i) for i in previous().items] == [True, False, True, True]
    assert is_recurring(AgendaItem(number="1", title="Meddelelser fra formanden"))
    assert not is_recurring(AgendaItem(number="1", title="Eventuelle ændringer i rammeaftalen"))


def test_a_meeting_from_a_previous_one_keeps_the_recurring_items_and_their_texts_only():
    meeting = new_meeting(template_from_meeting(previous()), date=APRIL)
    assert (meeting.kkr, meeting.date, meeting.start, meeting.place, meeting.case_id) == (
        "KKR Sjælland", APRIL, dt.time(10, 0), "Ringsted", "")
    assert [(i.number, i.title) for i in meeting.items] == [
        ("2.1", "Godkendelse af dagsorden"), ("2.2", "Nyt fra KL"), ("2.3", "Eventuelt")]
    assert all(not i.bilag and not i.case_id for i in meeting.items)
    assert meeting.items[0].indstilling == "Det indstilles, at KKR Sjælland godkender dagsordenen."
    assert meeting.items[2].resume == "Korte bemærkninger."
    assert meeting.continuous_numbers and check_structure(meeting) == []


def test_the_previous_meeting_is_not_changed():
    source = previous()
    kept = source.copy()
    new_meeting(template_from_meeting(source), date=APRIL).items[0].title = "Ændret"
    assert source == kept


def test_another_kkr_gets_its_own_name_in_the_copied_texts():
    meeting = new_meeting(template_from_meeting(previous()), kkr="KKR Syddanmark", date=APRIL)
    assert meeting.items[0].indstilling == "Det indstilles, at KKR Syddanmark godkender dagsordenen."


def test_a_template_without_a_kkr_needs_one():
    with pytest.raises(KkrError, match="hvilket KKR"):
        new_meeting(Template(name="Tom"), date=APRIL)


def test_the_shipped_templates_cover_both_conventions_and_make_clean_meetings():
    shipped = {path.stem: read_template(path) for path in shipped_templates()}
    assert set(shipped) == {"kkr-med-sagstyper", "kkr-uden-sagstyper"}
    typed, plain = shipped["kkr-med-sagstyper"], shipped["kkr-uden-sagstyper"]
    assert typed.items[0].heading == "2.1 Beslutningssag: Godkendelse af dagsorden"
    assert all(item.type is None for item in plain.items)
    for template in shipped.values():
        assert [i.title for i in template.items][::2] == ["Godkendelse af dagsorden", "Eventuelt"]
        meeting = new_meeting(template, kkr="KKR Hovedstaden", date=APRIL)
        assert check_structure(meeting) == []
        assert all(not i.bilag for i in meeting.items)


def test_a_template_file_round_trips(tmp_path):
    template = template_from_meeting(previous(), name="Fast dagsorden", recurring_only=False)
    target = write_template(template, tmp_path / "fast.toml")
    again = read_template(target)
    assert again.name == "Fast dagsorden"
    assert [(i.number, i.type, i.title, i.resume, i.bilag) for i in again.items] == [
        (i.number, i.type, i.title, i.resume, []) for i in previous().items]
    assert dump_template(again) == target.read_text(encoding="utf-8")


@pytest.mark.parametrize("text, fault", [
    ("ikke [toml", "ikke gyldig TOML"),
    ('[meeting]\nkkr = "KKR Sjælland"\n', "ikke en kkrdesk-skabelon"),
    ('[template]\nname = "X"\n[[items]]\nnumber = 2.1\n', "punkter kan ikke læses"),
    ('[template]\nname = "X"\n[[items]]\nnumber = "2.1"\n[[items.bilag]]\ntitle = "B"\nfile = "b.pdf"\n',
     "kan ikke have bilag"),
    ('[template]\nname = ""\n', "intet navn"),
])
def test_a_bad_template_file_is_told_in_danish_with_the_file(text, fault):
    with pytest.raises(KkrError, match=fault) as raised:
        parse_template(text, file="skabelon.toml")
    assert raised.value.file == "skabelon.toml"


def test_sources_are_found_by_folder_file_name_or_file_stem(tmp_path, sample_dir):
    assert [i.title for i in find_source(sample_dir).items] == ["Godkendelse af dagsorden", "Eventuelt"]
    own = write_template(Template(name="Min faste", items=[AgendaItem(number="2.1", title="Eventuelt")]),
                         suggested_template_path("Min faste", tmp_path))
    assert find_source("min faste", data_dir=tmp_path).name == "Min faste"
    assert find_source(own).name == "Min faste"
    assert find_source("kkr-uden-sagstyper", data_dir=tmp_path).name == "KKR-møde uden sagstyper"
    assert [t.name for _, t in available_templates(tmp_path)][-1] == "Min faste"
    with pytest.raises(KkrError, match="hverken et møde eller en skabelon"):
        find_source(tmp_path)


def test_decisions_and_follow_ups_of_the_previous_meeting_are_not_copied():
    old = previous()
    for item in old.items:
        item.beslutning, item.opfoelgning, item.opfoelgning_dato = "Godkendt.", True, dt.date(2025, 6, 1)
    template = template_from_meeting(old)
    assert all(not i.beslutning and not i.opfoelgning and i.opfoelgning_dato is None for i in template.items)
    assert "beslutning" not in dump_template(template)
    meeting = new_meeting(template, date=APRIL)
    assert all(not i.beslutning and not i.opfoelgning for i in meeting.items)
