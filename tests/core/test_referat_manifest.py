"""The referat's fields in meeting.toml: decisions, follow-up, Fraværende, status; round trip and faults."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.errors import ManifestError, Severity
from kkrdesk.core.meeting import AgendaItem, Meeting
from kkrdesk.core.meeting.checks import check_structure
from kkrdesk.core.meeting.manifest import dump_manifest, parse_manifest
from kkrdesk.core.meeting.model import ReferatStatus

HEAD = """format = 1

[meeting]
kkr = "KKR Sjælland"
date = 2025-02-27
"""


def problems_of(text: str):
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, file="m/meeting.toml")
    return caught.value.problems


def test_decisions_follow_up_and_meeting_texts_survive_a_round_trip():
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27),
                      fravaerende="Borgmester A (Næstved)\nBorgmester B",
                      protokoltilfoersel="Borgmester B ønskede sin stemme imod ført til protokols.",
                      referat_status=ReferatStatus.GODKENDT,
                      referat_godkendt_dato=dt.date(2025, 3, 20),
                      items=[AgendaItem(number="2.1", title="Dagsorden", beslutning="Godkendt."),
                             AgendaItem(number="2.2", title="Kontrakt", beslutning="Taget til efterretning.",
                                        opfoelgning=True, opfoelgning_dato=dt.date(2025, 9, 1)),
                             AgendaItem(number="2.3", title="Eventuelt")])
    text = dump_manifest(meeting)
    again, problems = parse_manifest(text)
    assert problems == []
    assert again == meeting
    assert 'referat_status = "godkendt"' in text and "referat_godkendt_dato = 2025-03-20" in text
    assert "opfoelgning_dato = 2025-09-01" in text
    third = text.split('number = "2.3"')[1]
    assert "beslutning" not in third and "opfoelgning" not in third   # written only when set


def test_a_meeting_without_a_referat_writes_none_of_its_keys():
    text = dump_manifest(Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27),
                                 items=[AgendaItem(number="2.1", title="Dagsorden")]))
    for key in ("beslutning", "opfoelgning", "fravaerende", "protokoltilfoersel", "referat_status"):
        assert key not in text


def test_a_draft_with_decisions_says_so_and_reads_back_as_a_draft():
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27),
                      items=[AgendaItem(number="2.1", beslutning="Godkendt.")])
    text = dump_manifest(meeting)
    assert 'referat_status = "udkast"' in text
    assert parse_manifest(text)[0].referat_status is ReferatStatus.UDKAST


def test_control_characters_are_cleaned_from_decisions():
    item = AgendaItem(number="2.1", beslutning="Godkendt\u202e.")
    assert item.beslutning == "Godkendt."


@pytest.mark.parametrize(("lines", "code", "field"), [
    ('referat_status = "vedtaget"', "unknown-referat-status", "meeting.referat_status"),
    ('referat_status = "godkendt"', "missing-key", "meeting.referat_godkendt_dato"),
    ('referat_status = "godkendt"\nreferat_godkendt_dato = "20. marts"', "wrong-type",
     "meeting.referat_godkendt_dato"),
    ("fravaerende = 3", "wrong-type", "meeting.fravaerende"),
])
def test_meeting_level_faults_name_the_field_and_line(lines, code, field):
    problems = problems_of(HEAD + lines + "\n")
    found = next(p for p in problems if p.code == code)
    assert found.field == field and found.severity is Severity.ERROR
    assert found.line is not None and found.line >= 6 and found.hint
    assert found.file == "m/meeting.toml"


@pytest.mark.parametrize(("lines", "code", "field"), [
    ("opfoelgning = \"ja\"", "wrong-type", "items[2.1].opfoelgning"),
    ("opfoelgning = true\nopfoelgning_dato = 2025-13-01", "toml-syntax", None),
    ("opfoelgning = true\nopfoelgning_dato = 20250901", "wrong-type", "items[2.1].opfoelgning_dato"),
    ("beslutning = [\"Godkendt\"]", "wrong-type", "items[2.1].beslutning"),
    ("beslutnig = \"Godkendt\"", "unknown-key", "items[2.1].beslutnig"),
])
def test_item_faults_name_the_field(lines, code, field):
    problems = problems_of(HEAD + '\n[[items]]\nnumber = "2.1"\n' + lines + "\n")
    found = next(p for p in problems if p.code == code)
    assert found.field == field and found.severity is Severity.ERROR and found.line is not None
    if code == "unknown-key":
        assert 'Mente du "beslutning"?' in found.hint


def test_a_follow_up_date_without_the_flag_is_a_warning_and_kept():
    meeting, problems = parse_manifest(HEAD + '\n[[items]]\nnumber = "2.1"\nopfoelgning_dato = 2025-09-01\n')
    assert [p.code for p in problems] == ["follow-up-date-unused"]
    assert problems[0].severity is Severity.WARNING
    assert meeting.items[0].opfoelgning_dato == dt.date(2025, 9, 1)


def test_an_approval_date_on_a_draft_is_a_warning():
    _, problems = parse_manifest(HEAD + "referat_godkendt_dato = 2025-03-20\n")
    assert [(p.code, p.severity) for p in problems] == [("approval-date-unused", Severity.WARNING)]


def test_an_approved_referat_warns_about_each_item_without_a_decision():
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27),
                      items=[AgendaItem(number="2.1", title="Dagsorden", beslutning="Godkendt."),
                             AgendaItem(number="2.2", title="Kontrakt")])
    assert check_structure(meeting) == []                       # a draft may lack decisions
    meeting.referat_status, meeting.referat_godkendt_dato = ReferatStatus.GODKENDT, dt.date(2025, 3, 20)
    [finding] = check_structure(meeting)
    assert finding.problem.code == "referat-no-decision" and finding.place.item == "2.2"
    assert finding.problem.severity is Severity.WARNING and finding.problem.field == "items[2.2].beslutning"


def test_every_date_is_read_one_way_a_date_time_or_text_gives_its_day():
    text = ("format = 1\n\n[meeting]\nkkr = \"KKR Sjælland\"\ndate = 2025-02-27T10:00:00\n"
            "referat_status = \"godkendt\"\nreferat_godkendt_dato = \"2025-03-20\"\n\n"
            "[[items]]\nnumber = \"2.1\"\nbeslutning = \"Godkendt.\"\nopfoelgning = true\n"
            "opfoelgning_dato = 2025-09-01T09:30:00\n")
    meeting, _ = parse_manifest(text)
    assert meeting.date == dt.date(2025, 2, 27)
    assert meeting.referat_godkendt_dato == dt.date(2025, 3, 20)
    assert meeting.items[0].opfoelgning_dato == dt.date(2025, 9, 1)


def test_the_meeting_date_missing_or_wrong_is_said_as_before():
    without = problems_of("format = 1\n\n[meeting]\nkkr = \"KKR Sjælland\"\n")
    missing = next(p for p in without if p.field == "meeting.date")
    assert (missing.code, missing.message) == ("missing-key", 'mangler mødets dato "date".')
    wrong = next(p for p in problems_of(HEAD.replace("2025-02-27", '"27. februar"')) if p.field == "meeting.date")
    assert wrong.code == "wrong-type" and wrong.line == 5
    assert wrong.message == '"date" skal være en dato som 2025-02-27, ikke tekst (\'27. februar\').'


def test_a_text_over_the_limit_is_said_with_danish_thousands():
    from kkrdesk.core.files.limits import MANIFEST_MAX_TEXT_CHARS

    problems = problems_of(HEAD + '\n[[items]]\nnumber = "2.1"\nbeslutning = "'
                           + "x" * (MANIFEST_MAX_TEXT_CHARS + 1_000) + '"\n')
    [too_long] = [p for p in problems if p.code == "text-too-long"]
    def dotted(number: int) -> str:
        return f"{number:_}".replace("_", ".")

    assert too_long.message == (f'"beslutning" er {dotted(MANIFEST_MAX_TEXT_CHARS + 1_000)} tegn lang; grænsen er '
                                f"{dotted(MANIFEST_MAX_TEXT_CHARS)} tegn.")
