"""The agenda editor builds its meeting and bilag forms the first time it shows them, not when a meeting opens."""

from __future__ import annotations

from kkrdesk.core.meeting import Meeting
from kkrdesk.core.meeting.store import MeetingFolder
from tests.factories import meeting_with_file, small_meeting


def built_forms(agenda) -> list[str]:
    forms = agenda.forms
    return sorted(type(forms.widget(index)).__name__ for index in range(forms.count())
                  if type(forms.widget(index)).__name__.endswith("Form"))


def test_opening_a_meeting_builds_only_the_item_form_it_shows(window, agenda, tmp_path):
    meeting_with_file(tmp_path / "m").close()
    assert window.open_meeting(tmp_path / "m")
    assert built_forms(agenda) == ["ItemForm"]
    assert agenda.forms.currentWidget() is agenda.item_form
    assert agenda.item_form.item is window.session.meeting.items[0]


def test_each_form_is_built_when_first_shown_and_then_kept(window, agenda, tmp_path):
    meeting_with_file(tmp_path / "m").close()
    window.open_meeting(tmp_path / "m")
    item = window.session.meeting.item("2.2")
    agenda.select(item, item.bilag[0])
    assert built_forms(agenda) == ["BilagForm", "ItemForm"]
    assert agenda.forms.currentWidget() is agenda.bilag_form
    assert agenda.bilag_form.title.text() == "Opsamling"
    agenda.act_meeting.trigger()
    assert built_forms(agenda) == ["BilagForm", "ItemForm", "MeetingForm"]
    assert agenda.forms.currentWidget() is agenda.meeting_form
    assert agenda.meeting_form.place.text() == "Ringsted"
    agenda.select(item, item.bilag[0])
    agenda.act_meeting.trigger()
    assert built_forms(agenda) == ["BilagForm", "ItemForm", "MeetingForm"]


def test_a_meeting_without_items_opens_on_its_meeting_form(window, agenda, tmp_path):
    MeetingFolder.create(tmp_path / "m", Meeting(kkr="KKR Sjælland", date=small_meeting().date)).close()
    assert window.open_meeting(tmp_path / "m")
    assert agenda.forms.currentWidget() is agenda.meeting_form
    assert agenda.meeting_form.kkr.currentText() == "KKR Sjælland"


def test_the_next_meeting_gets_forms_of_its_own(window, agenda, tmp_path):
    meeting_with_file(tmp_path / "a").close()
    meeting_with_file(tmp_path / "b").close()
    window.open_meeting(tmp_path / "a")
    agenda.act_meeting.trigger()
    first = agenda.meeting_form
    window.open_meeting(tmp_path / "b")
    assert built_forms(agenda) == ["ItemForm"]
    assert agenda.meeting_form is not first and agenda.meeting_form.session is window.session
