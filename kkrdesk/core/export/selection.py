"""Which items and bilag go into the exports: closed ones only when asked for, data files listed only."""

from __future__ import annotations

from dataclasses import dataclass

from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting


@dataclass(frozen=True, eq=False)
class SelectedBilag:
    """A bilag with its number in its item; the number stays as the item's text refers to it."""

    item: AgendaItem
    number: int
    bilag: Bilag

    @property
    def closed(self) -> bool:
        return self.item.closed or self.bilag.closed

    @property
    def label(self) -> str:
        return f"Bilag {self.number}: {self.bilag.title}".rstrip(": ")

    @property
    def key(self) -> str:
        """``2.2/1``: how messages and JSON name the bilag."""
        return f"{self.item.number}/{self.number}"


@dataclass(frozen=True, eq=False)
class SelectedItem:
    item: AgendaItem
    printed: tuple[SelectedBilag, ...]   # go into the PDF pack, in the item's order
    attached: tuple[SelectedBilag, ...]  # data files (not printed): listed in the Word agenda only

    @property
    def all_bilag(self) -> tuple[SelectedBilag, ...]:
        return tuple(sorted(self.printed + self.attached, key=lambda b: b.number))


@dataclass(frozen=True)
class Selection:
    items: tuple[SelectedItem, ...]       # the agenda's items, in order
    left_out: tuple[SelectedBilag, ...]   # closed bilag of included items, and closed items' bilag
    left_out_items: tuple[AgendaItem, ...]
    include_closed: bool

    @property
    def pack_items(self) -> tuple[SelectedItem, ...]:
        """Items that appear in the bilag pack: those with at least one printed bilag."""
        return tuple(item for item in self.items if item.printed)

    @property
    def printed_bilag(self) -> tuple[SelectedBilag, ...]:
        return tuple(b for item in self.items for b in item.printed)


def select(meeting: Meeting, *, include_closed: bool = False) -> Selection:
    """Split the meeting into what the exports show; a closed item's bilag count as closed."""
    items, left_out, left_out_items = [], [], []
    for item in meeting.items:
        chosen = [SelectedBilag(item, number, bilag) for number, bilag in enumerate(item.bilag, 1)]
        if item.closed and not include_closed:
            left_out_items.append(item)
            left_out += chosen
            continue
        kept = [b for b in chosen if include_closed or not b.closed]
        left_out += [b for b in chosen if b not in kept]
        items.append(SelectedItem(item=item,
                                  printed=tuple(b for b in kept if b.bilag.printed),
                                  attached=tuple(b for b in kept if not b.bilag.printed)))
    return Selection(items=tuple(items), left_out=tuple(left_out),
                     left_out_items=tuple(left_out_items), include_closed=include_closed)
