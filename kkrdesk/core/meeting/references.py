"""Bilag references in item texts ("jf. bilag 2", "bilag 3 til punkt 2.4"): found, and rewritten when bilag move.

A bilag's number is its place in its item's list, so deleting, adding or reordering bilag
(or renumbering items) changes what "bilag 2" points at. An editor snapshots where every bilag
was (``places``), makes the edit, and asks ``reference_updates`` which texts to rewrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kkrdesk.core.meeting.model import AgendaItem, Meeting

REFERENCE = re.compile(
    r"\bbilag(?:ene)?\s+(?P<numbers>\d+(?:\s*(?:,|og|-|–)\s*\d+)*)"
    r"(?:\s+(?:til|under|i)\s+punkt\s+(?P<item>\d+(?:\.\d+)*))?", re.IGNORECASE)
TEXT_FIELDS = ("resume", "indstilling", "sagsfremstilling")
FIELD_NAMES_DA = {"resume": "resuméet", "indstilling": "indstillingen",
                  "sagsfremstilling": "sagsfremstillingen"}
MAX_RANGE = 50
CONTEXT_CHARS = 30


@dataclass(frozen=True)
class BilagPlace:
    """Bilag ``number`` (1-based) of the item numbered ``item``."""

    item: str
    number: int


@dataclass(frozen=True)
class Reference:
    """One "bilag …" reference in one text field of an item."""

    item: AgendaItem
    field: str
    start: int
    end: int
    text: str
    targets: tuple[BilagPlace, ...]


@dataclass(frozen=True)
class Snapshot:
    """Where every bilag and item of a meeting stood, keyed by the objects themselves."""

    bilag: dict[int, BilagPlace]
    items: dict[int, str]
    keep: tuple[object, ...]       # holds the objects, so their ids stay theirs


def snapshot(meeting: Meeting) -> Snapshot:
    places = {id(b): BilagPlace(item.number, n) for item in meeting.items
              for n, b in enumerate(item.bilag, start=1)}
    kept: list[object] = list(meeting.items) + [b for _, b in meeting.all_bilag()]
    return Snapshot(places, {id(item): item.number for item in meeting.items}, tuple(kept))


def numbers_in(text: str) -> list[int]:
    """"1, 2 og 4" → [1, 2, 4]; "1-3" → [1, 2, 3] (ranges capped, to stay sane)."""
    result: list[int] = []
    for part in re.split(r"\s*(?:,|og)\s*", text):
        bounds = re.split(r"\s*[-–]\s*", part.strip())
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            result += list(range(low, min(high, low + MAX_RANGE) + 1))
        elif bounds and bounds[0].isdigit():
            result.append(int(bounds[0]))
    return result


def references(meeting: Meeting) -> Iterator[Reference]:
    """Every bilag reference in every item's texts, with the bilag places it names."""
    for item in meeting.items:
        for field in TEXT_FIELDS:
            for match in REFERENCE.finditer(getattr(item, field) or ""):
                target = match["item"] or item.number
                yield Reference(item, field, match.start(), match.end(), match[0],
                                tuple(BilagPlace(target, n) for n in numbers_in(match["numbers"])))


def moves(before: Snapshot, meeting: Meeting) -> dict[BilagPlace, BilagPlace | None]:
    """Old place → new place of every bilag that moved since ``before`` (None: it was removed)."""
    now = snapshot(meeting)
    return {place: now.bilag.get(key) for key, place in before.bilag.items() if now.bilag.get(key) != place}


@dataclass(frozen=True)
class Rewrite:
    """The text of one reference before and after, or why it could not be rewritten."""

    item: AgendaItem
    field: str
    old: str
    new: str | None              # None: left as it was (see ``reason``)
    reason: str = ""
    context: str = ""            # the reference with the words before it, to find it again later


def danish_list(numbers: list[int]) -> str:
    """[1] → "1"; [1, 2] → "1 og 2"; [1, 3, 4] → "1, 3 og 4"."""
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


def _rewrite_match(match: re.Match[str], own_before: str, own_after: str,
                   moved: dict[BilagPlace, BilagPlace | None]) -> tuple[str | None, str]:
    """The rewritten reference (None if unchanged or impossible) and, if impossible, why."""
    target = match["item"] or own_before
    numbers = numbers_in(match["numbers"])
    places = [BilagPlace(target, n) for n in numbers]
    if not any(place in moved for place in places):
        return None, ""
    new_places = [moved.get(place, place) for place in places]
    if any(place is None for place in new_places):
        gone = danish_list([p.number for p, new in zip(places, new_places) if new is None])
        return None, f"bilag {gone} til punkt {target} er fjernet"
    landed = [place for place in new_places if place is not None]
    new_items = {place.item for place in landed}
    if len(new_items) > 1:
        return None, "bilagene ligger nu på forskellige punkter"
    new_item = new_items.pop()
    new_numbers = [place.number for place in landed]
    ranged = re.search(r"[-–]", match["numbers"])
    ascending = new_numbers == list(range(new_numbers[0], new_numbers[0] + len(new_numbers)))
    if ranged and ascending and len(new_numbers) > 1:
        written = f"{new_numbers[0]}{ranged[0]}{new_numbers[-1]}"
    else:
        written = danish_list(new_numbers)
    text = match.string
    start = match.start()
    head = text[start:match.start("numbers")]
    if match["item"]:
        tail = text[match.end("numbers"):match.start("item")] + new_item
    else:
        tail = "" if new_item == own_after else f" til punkt {new_item}"
    rewritten = head + written + tail
    return (rewritten if rewritten != match[0] else None), ""


def rewrite_text(text: str, own_before: str, own_after: str,
                 moved: dict[BilagPlace, BilagPlace | None]) -> tuple[str, list[tuple[str, str | None, str, str]]]:
    """``text`` (of the item numbered ``own_before``, now ``own_after``) with its references
    pointed at the bilag's new places; also each touched reference as (old, new or None, reason,
    context), the context being the reference with the words before it."""
    pieces: list[str] = []
    touched: list[tuple[str, str | None, str, str]] = []
    last = 0
    for match in REFERENCE.finditer(text):
        new, reason = _rewrite_match(match, own_before, own_after, moved)
        if new is None and not reason:
            continue
        touched.append((match[0], new, reason, text[max(0, match.start() - CONTEXT_CHARS):match.end()]))
        if new is not None:
            pieces += [text[last:match.start()], new]
            last = match.end()
    pieces.append(text[last:])
    return "".join(pieces), touched


@dataclass(frozen=True)
class TextEdit:
    item: AgendaItem
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ReferenceUpdate:
    """The texts to rewrite after bilag moved, and the references that must be fixed by hand."""

    edits: tuple[TextEdit, ...]
    rewrites: tuple[Rewrite, ...]

    @property
    def unresolved(self) -> tuple[Rewrite, ...]:
        return tuple(r for r in self.rewrites if r.new is None)

    def __bool__(self) -> bool:
        return bool(self.rewrites)

    def describe(self) -> str:
        """The changes in Danish, one line each, for the question the editor asks."""
        lines = []
        for rewrite in self.rewrites:
            where = f"Punkt {rewrite.item.number}, {FIELD_NAMES_DA[rewrite.field]}"
            if rewrite.new is not None:
                lines.append(f"{where}: \"{rewrite.old}\" → \"{rewrite.new}\"")
            else:
                lines.append(f"{where}: \"{rewrite.old}\" skal rettes i hånden ({rewrite.reason})")
        return "\n".join(lines)


def reference_updates(before: Snapshot, meeting: Meeting) -> ReferenceUpdate:
    """What to rewrite in ``meeting``'s texts now that its bilag (or items) moved since ``before``."""
    moved = moves(before, meeting)
    if not moved:
        return ReferenceUpdate((), ())
    edits: list[TextEdit] = []
    rewrites: list[Rewrite] = []
    for item in meeting.items:
        own_before = before.items.get(id(item), item.number)
        for field in TEXT_FIELDS:
            text = getattr(item, field) or ""
            new, touched = rewrite_text(text, own_before, item.number, moved)
            rewrites += [Rewrite(item, field, *found) for found in touched]
            if new != text:
                edits.append(TextEdit(item, field, text, new))
    return ReferenceUpdate(tuple(edits), tuple(rewrites))


def apply_edits(edits: tuple[TextEdit, ...] | list[TextEdit], *, undo: bool = False) -> None:
    for edit in edits:
        setattr(edit.item, edit.field, edit.old if undo else edit.new)

