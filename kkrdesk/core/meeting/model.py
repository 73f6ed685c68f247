"""The meeting domain: Meeting, AgendaItem and Bilag as plain dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum


class ItemType(StrEnum):
    """The case types KKR agendas print before an item's title."""

    BESLUTNINGSSAG = "Beslutningssag"
    ORIENTERINGSSAG = "Orienteringssag"
    TEMADROEFTELSE = "Temadrøftelse"
    MEDDELELSER = "Meddelelser"
    MEDLEMSFORSLAG = "Medlemsforslag"


class FileKind(StrEnum):
    """What a bilag file is, decided from its content (never from its name)."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    CSV = "csv"
    IMAGE = "image"
    TEXT = "text"
    OTHER = "other"


# Kinds that are attached for kkrdesk's viewers rather than printed in the bilag pack.
DATA_KINDS = frozenset({FileKind.XLSX, FileKind.CSV, FileKind.OTHER})

KKR_NAMES = ("KKR Hovedstaden", "KKR Sjælland", "KKR Syddanmark", "KKR Midtjylland",
             "KKR Nordjylland")


def printed_by_default(kind: FileKind) -> bool:
    return kind not in DATA_KINDS


@dataclass
class Bilag:
    """An attachment of an agenda item; its number is its place in the item's list."""

    title: str
    file: str                      # POSIX path relative to the meeting folder, e.g. "bilag/x.pdf"
    kind: FileKind = FileKind.OTHER
    pages: int | None = None
    sha256: str | None = None
    closed: bool = False
    printed: bool = True


@dataclass
class AgendaItem:
    """One point on the agenda, numbered as written ("2.2"; gaps are normal)."""

    number: str
    title: str = ""
    type: ItemType | None = None
    case_id: str = ""
    closed: bool = False
    resume: str = ""
    indstilling: str = ""
    sagsfremstilling: str = ""
    bilag: list[Bilag] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """``2.2 Temadrøftelse: Title`` as the pack and the agenda print it."""
        kind = f"{self.type}: " if self.type else ""
        return f"{self.number} {kind}{self.title}".strip()

    def bilag_number(self, bilag: Bilag) -> int:
        """Bilag are numbered 1, 2, ... by their order in the item."""
        for index, candidate in enumerate(self.bilag, start=1):
            if candidate is bilag:
                return index
        raise ValueError("bilag does not belong to this item")


@dataclass
class Meeting:
    """A KKR meeting: who, when, where, and its agenda items in order."""

    kkr: str
    date: dt.date
    title: str = ""
    start: dt.time | None = None
    place: str = ""
    case_id: str = ""
    items: list[AgendaItem] = field(default_factory=list)
    continuous_numbers: bool = False   # items are numbered without gaps (see numbering.py)

    @property
    def display_title(self) -> str:
        return self.title or f"Møde i {self.kkr}"

    def item(self, number: str) -> AgendaItem:
        for item in self.items:
            if item.number == number:
                return item
        raise KeyError(number)

    def all_bilag(self) -> list[tuple[AgendaItem, Bilag]]:
        return [(item, bilag) for item in self.items for bilag in item.bilag]

    def copy(self) -> Meeting:
        """A deep copy, so an editor can keep a snapshot to compare or undo against."""
        return replace(self, items=[replace(item, bilag=[replace(b) for b in item.bilag])
                                    for item in self.items])
