"""Item numbers within a section: the first number, renumbering, and the order, gap and duplicate checks."""

from __future__ import annotations

import datetime as dt

import pytest

from kkrdesk.core.errors import Severity
from kkrdesk.core.meeting import AgendaItem, Meeting
from kkrdesk.core.meeting.checks import check_structure
from kkrdesk.core.meeting.manifest import dump_manifest, parse_manifest
from kkrdesk.core.meeting.numbering import (
    apply_numbers,
    first_number,
    making_room,
    next_free_number,
    parse_number,
    renumbering,
)


def meeting(*numbers: str, continuous: bool = False) -> Meeting:
    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), continuous_numbers=continuous,
                   items=[AgendaItem(number=n, title=f"Punkt {n}") for n in numbers])


def numbers(m: Meeting) -> list[str]:
    return [item.number for item in m.items]


def codes(m: Meeting) -> list[tuple[str, str, str]]:
    return [(f.problem.code, str(f.problem.severity), f.place.item) for f in check_structure(m)]


def test_a_new_meeting_starts_at_the_kkr_convention():
    assert first_number() == "2.1"
    assert next_free_number(meeting(), None) == "2.1"
    assert next_free_number(meeting("2.1"), None) == "2.2"


@pytest.mark.parametrize("text, parsed", [("2.4", ("2.", 4)), ("3", ("", 3)), ("2.10", ("2.", 10)),
                                          (" 1.2.3 ", ("1.2.", 3)), ("A", None), ("2.4a", None)])
def test_parse_number(text, parsed):
    result = parse_number(text)
    assert (None if result is None else (result.section, result.position)) == parsed


def test_renumbering_after_a_move_closes_up_a_continuous_meeting():
    m = meeting("2.1", "2.2", "2.7", "2.4", "2.8", continuous=True)
    changes = renumbering(m)
    assert [(c.old, c.new) for c in changes] == [("2.7", "2.3"), ("2.8", "2.5")]
    apply_numbers(changes)
    assert numbers(m) == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    apply_numbers(changes, undo=True)
    assert numbers(m) == ["2.1", "2.2", "2.7", "2.4", "2.8"]


def test_renumbering_a_meeting_with_kept_gaps_only_puts_its_numbers_in_order():
    m = meeting("2.1", "2.2", "2.7", "2.4", "2.8")
    apply_numbers(renumbering(m))
    assert numbers(m) == ["2.1", "2.2", "2.4", "2.7", "2.8"]
    apply_numbers(renumbering(m, keep_gaps=False))
    assert numbers(m) == ["2.1", "2.2", "2.3", "2.4", "2.5"]


def test_renumbering_works_within_each_section_and_leaves_odd_numbers_alone():
    m = meeting("1.1", "2.3", "2.1", "A", "3", "2.9", "1.4", continuous=True)
    apply_numbers(renumbering(m))
    assert numbers(m) == ["1.1", "2.1", "2.2", "A", "1", "2.3", "1.2"]


def test_renumbering_separates_duplicates_even_when_keeping_gaps():
    m = meeting("2.1", "2.4", "2.4", "2.9")
    apply_numbers(renumbering(m))
    assert numbers(m) == ["2.1", "2.4", "2.5", "2.9"]


def test_a_renumbered_meeting_has_nothing_to_renumber():
    m = meeting("2.1", "2.2", "2.3", continuous=True)
    assert renumbering(m) == []


def test_an_item_moved_out_of_order_is_a_warning_that_names_both_numbers():
    m = meeting("2.1", "2.2", "2.7", "2.4", "2.8")
    assert codes(m) == [("number-order", "warning", "2.4")]
    message = check_structure(m)[0].problem.message
    assert "2.4" in message and "2.7" in message


def test_numbers_compare_as_numbers_not_text():
    assert codes(meeting("2.9", "2.10", "2.11")) == []
    assert codes(meeting("2.10", "2.9")) == [("number-order", "warning", "2.9")]


def test_duplicates_are_an_error_and_not_also_an_order_warning():
    assert codes(meeting("2.1", "2.2", "2.2", "2.3")) == [("duplicate-number", "error", "2.2")]


def test_gaps_are_warned_only_in_a_meeting_numbered_continuously():
    kept = meeting("2.1", "2.2", "2.4", "2.7", "2.8")
    assert codes(kept) == []
    continuous = meeting("2.1", "2.2", "2.4", "2.7", "2.8", continuous=True)
    found = check_structure(continuous)
    assert [(f.problem.code, f.place.item) for f in found] == [("number-gap", "2.4"), ("number-gap", "2.7")]
    assert all(f.problem.severity is Severity.WARNING for f in found)
    assert "2.5–2.6 findes ikke" in found[1].problem.message
    assert "Omnummerér" in found[0].problem.hint


def test_the_continuous_flag_is_written_only_when_set_and_read_back():
    plain = dump_manifest(meeting("2.1"))
    assert "continuous_numbers" not in plain
    text = dump_manifest(meeting("2.1", continuous=True))
    assert "continuous_numbers = true" in text
    read, problems = parse_manifest(text)
    assert problems == [] and read.continuous_numbers is True


def test_making_room_moves_the_following_numbers_up_to_the_first_gap():
    m = meeting("2.1", "2.2", "2.3", "2.5", "3.1", continuous=True)
    number, shifts = making_room(m, m.items[0])
    assert number == "2.2"
    assert [(c.old, c.new) for c in shifts] == [("2.2", "2.3"), ("2.3", "2.4")]
    number, shifts = making_room(m, m.items[3])
    assert (number, shifts) == ("2.6", [])


def test_making_room_is_not_done_where_numbers_are_kept():
    m = meeting("2.1", "2.2")
    assert making_room(m, m.items[0]) is None
