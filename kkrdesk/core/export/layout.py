"""The bilag pack's page plan: index pages, a separator before each bilag, and where everything starts.

Pure arithmetic. The renderer measures how tall each index entry is (long titles wrap); the plan
flows the entries onto as many index pages as they need, and every later page number follows
from that count, so a big meeting whose index takes two pages shifts everything by one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class BilagInput:
    entry_height: float   # height of its index entry, in points
    pages: int            # pages of the bilag itself (a placeholder counts as one)


@dataclass(frozen=True)
class ItemInput:
    entry_height: float
    bilag: Sequence[BilagInput]


@dataclass(frozen=True)
class IndexSlot:
    """Where one index entry is drawn: on which index page (0-based) and how far below the top."""

    index_page: int
    top: float
    height: float
    target_page: int      # the pack page (1-based) the entry points at and prints


@dataclass(frozen=True)
class BilagPlacement:
    separator_page: int
    first_page: int       # the bilag's own first page (separator_page + 1)
    pages: int
    slot: IndexSlot

    @property
    def last_page(self) -> int:
        return self.first_page + self.pages - 1


@dataclass(frozen=True)
class ItemPlacement:
    page: int             # an item's page is its first bilag's separator
    slot: IndexSlot
    bilag: tuple[BilagPlacement, ...]


@dataclass(frozen=True)
class PackPlan:
    index_pages: int
    items: tuple[ItemPlacement, ...]
    total_pages: int


@dataclass(frozen=True)
class IndexGeometry:
    """Room for entries on the index pages, in points."""

    first_page_room: float   # the first page also carries the heading
    next_page_room: float
    item_gap: float          # space above an item's entry, unless it opens a page


def plan_pack(items: Sequence[ItemInput], geometry: IndexGeometry) -> PackPlan:
    """Place the index entries, then number the separators and bilag pages after the index."""
    if any(not item.bilag for item in items):
        raise ValueError("items without bilag are left out of the pack before planning it")
    tops = _flow_index(items, geometry)
    index_pages = (tops[-1][0] + 1) if tops else 1
    page = index_pages + 1
    placed, cursor = [], 0
    for item in items:
        item_slot = tops[cursor]
        cursor += 1
        bilag = []
        for entry in item.bilag:
            slot = tops[cursor]
            cursor += 1
            pages = max(1, entry.pages)
            bilag.append(BilagPlacement(separator_page=page, first_page=page + 1, pages=pages,
                                        slot=IndexSlot(slot[0], slot[1], entry.entry_height, page)))
            page += 1 + pages
        first = bilag[0].separator_page
        placed.append(ItemPlacement(page=first, bilag=tuple(bilag),
                                    slot=IndexSlot(item_slot[0], item_slot[1], item.entry_height, first)))
    return PackPlan(index_pages=index_pages, items=tuple(placed), total_pages=page - 1)


def _flow_index(items: Sequence[ItemInput], geometry: IndexGeometry) -> list[tuple[int, float]]:
    """(index page, top offset) of every entry in order: item, its bilag, next item, ...

    An item's entry never ends a page alone: it moves to the next page with its first bilag.
    """
    positions: list[tuple[int, float]] = []
    page, used = 0, 0.0

    def room() -> float:
        return geometry.first_page_room if page == 0 else geometry.next_page_room

    def new_page() -> None:
        nonlocal page, used
        page, used = page + 1, 0.0

    for item in items:
        gap = geometry.item_gap if used > 0 else 0.0
        keep_together = item.entry_height + item.bilag[0].entry_height
        if used > 0 and used + gap + keep_together > room():
            new_page()
            gap = 0.0
        used += gap
        positions.append((page, used))
        used += item.entry_height
        for number, entry in enumerate(item.bilag):
            if number > 0 and used + entry.entry_height > room():
                new_page()
            positions.append((page, used))
            used += entry.entry_height
    return positions
