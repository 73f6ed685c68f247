"""Item numbers within a section ("2.4" is item 4 of section 2): the first number, renumbering, and order checks.

Published KKR agendas number their items within section 2: 2.1 Godkendelse af dagsorden,
2.2, 2.3 … up to Eventuelt. Numbers out of agenda order are a warning and a number used twice
is an error (checks.py). Gaps are a warning only in a meeting marked ``continuous_numbers``
(every meeting kkrdesk makes): a file may hold only some of a published agenda's items (the
sample holds 2.1, 2.2, 2.4, 2.7 and 2.8), and then its gaps are on purpose and renumbering
keeps its numbers.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kkrdesk.core.errors import Problem, Severity
from kkrdesk.core.meeting.manifest import MANIFEST_NAME
from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.meeting.view import number_key

FIRST_SECTION = "2"
_PLAIN_NUMBER = re.compile(r"(?P<section>(?:\d+\.)*)(?P<position>\d+)")


@dataclass(frozen=True)
class ItemNumber:
    """A plain item number split into its section ("2." — empty for "3") and position (4)."""

    section: str
    position: int

    def __str__(self) -> str:
        return f"{self.section}{self.position}"


def parse_number(number: str) -> ItemNumber | None:
    """``"2.4"`` → section "2.", position 4; None for numbers kkrdesk does not count ("A", "2.4a")."""
    match = _PLAIN_NUMBER.fullmatch(number.strip())
    return ItemNumber(match["section"], int(match["position"])) if match else None


def first_number(section: str = FIRST_SECTION) -> str:
    """The number of the first item of a new meeting: 2.1, as in published KKR agendas."""
    return f"{section}.1" if section else "1"


def next_free_number(meeting: Meeting, after: str | None) -> str:
    """The number after ``after`` (2.2 → 2.3) that no item uses yet; 2.1 in an empty meeting."""
    if after is None and not meeting.items:
        return first_number()
    used = {item.number for item in meeting.items}
    base = after or meeting.items[-1].number
    match = re.fullmatch(r"(.*?)(\d+)", base.strip())
    prefix, last = (match.group(1), int(match.group(2))) if match else (f"{base}.", 0)
    candidate = f"{prefix}{last + 1}"
    while candidate in used:
        last += 1
        candidate = f"{prefix}{last + 1}"
    return candidate


@dataclass(frozen=True)
class NumberChange:
    item: AgendaItem
    old: str
    new: str


def renumbering(meeting: Meeting, *, keep_gaps: bool | None = None) -> list[NumberChange]:
    """The number changes that make each section count up in agenda order.

    A section is numbered 1, 2, 3 …; with ``keep_gaps`` (by default unless the meeting has
    ``continuous_numbers``) the section's own numbers are handed out again in agenda order
    (2.1, 2.2, 2.7, 2.4 → 2.1, 2.2, 2.4, 2.7). Items whose numbers are not plain ("A",
    "2.4a") keep them.
    """
    if keep_gaps is None:
        keep_gaps = not meeting.continuous_numbers
    sections: dict[str, list[tuple[AgendaItem, ItemNumber]]] = {}
    for item in meeting.items:
        parsed = parse_number(item.number)
        if parsed is not None:
            sections.setdefault(parsed.section, []).append((item, parsed))
    changes: list[NumberChange] = []
    for section, members in sections.items():
        if keep_gaps:
            positions, previous = [], 0
            for position in sorted(parsed.position for _, parsed in members):
                previous = max(position, previous + 1)
                positions.append(previous)
        else:
            positions = list(range(1, len(members) + 1))
        for (item, _), position in zip(members, positions):
            new = f"{section}{position}"
            if new != item.number:
                changes.append(NumberChange(item, item.number, new))
    return changes


def making_room(meeting: Meeting, after: AgendaItem) -> tuple[str, list[NumberChange]] | None:
    """In a continuously numbered meeting: the number for an item inserted after ``after``, and
    the items after it moved up one to make room (after 2.1: the new item is 2.2, and 2.2, 2.3 …
    become 2.3, 2.4 … up to the first gap). None when numbers are kept as they are."""
    parsed = parse_number(after.number)
    if not meeting.continuous_numbers or parsed is None:
        return None
    row = next(i for i, item in enumerate(meeting.items) if item is after)
    wanted = parsed.position + 1
    shifts: list[NumberChange] = []
    for other in meeting.items[row + 1:]:
        found = parse_number(other.number)
        if found is None or found.section != parsed.section:
            continue
        if found.position != wanted + len(shifts):
            break
        shifts.append(NumberChange(other, other.number, f"{found.section}{found.position + 1}"))
    return f"{parsed.section}{wanted}", shifts


def apply_numbers(changes: list[NumberChange], *, undo: bool = False) -> None:
    for change in changes:
        change.item.number = change.old if undo else change.new


def check_numbering(meeting: Meeting, *, file: str = MANIFEST_NAME) -> list[tuple[Problem, str]]:
    """Numbers out of agenda order and gaps inside a section (unless kept on purpose), each with its item's number."""
    found: list[tuple[Problem, str]] = []
    previous: AgendaItem | None = None
    for item in meeting.items:
        if not item.number.strip():
            continue
        if previous is not None and number_key(item.number) < number_key(previous.number):
            found.append((Problem(
                code="number-order", severity=Severity.WARNING,
                message=f"punkt {item.number} står efter punkt {previous.number}; numrene følger ikke "
                        "dagsordenens rækkefølge.",
                hint="Flyt punktet på plads, eller brug Omnummerér, så numrene følger rækkefølgen.",
                file=file, field=f"items[{item.number}].number"), item.number))
        previous = item
    if not meeting.continuous_numbers:
        return found
    for section, numbers in _sections(meeting).items():
        ordered = sorted(set(numbers))
        for low, high in itertools.pairwise(ordered):
            if high > low + 1:
                missing = (f"{section}{low + 1}" if high == low + 2
                           else f"{section}{low + 1}–{section}{high - 1}")
                found.append((Problem(
                    code="number-gap", severity=Severity.WARNING,
                    message=f"numrene springer fra {section}{low} til {section}{high}; {missing} findes ikke.",
                    hint="Brug Omnummerér for at lukke springet. Er springet med vilje, så fjern "
                         "fluebenet ved \"Fortløbende numre\" i mødeoplysningerne.",
                    file=file, field=f"items[{section}{high}].number"), f"{section}{high}"))
    return found


def _sections(meeting: Meeting) -> dict[str, list[int]]:
    sections: dict[str, list[int]] = {}
    for item in meeting.items:
        parsed = parse_number(item.number)
        if parsed is not None:
            sections.setdefault(parsed.section, []).append(parsed.position)
    return sections
