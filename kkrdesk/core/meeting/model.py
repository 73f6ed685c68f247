"""The meeting domain: Meeting, AgendaItem and Bilag as plain dataclasses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import ClassVar

from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.controls import clean_text, has_controls, terminal_safe
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import MAX_ITEM_NUMBER_CHARS


class ItemType(StrEnum):
    """The case types KKR agendas print before an item's title."""

    BESLUTNINGSSAG = "Beslutningssag"
    ORIENTERINGSSAG = "Orienteringssag"
    TEMADROEFTELSE = "Temadrøftelse"
    MEDDELELSER = "Meddelelser"
    MEDLEMSFORSLAG = "Medlemsforslag"


def split_type(title: str) -> tuple[ItemType | None, str]:
    """A title copied from a printed agenda, "Temadrøftelse: Drøftelse af …", as its type and the rest;
    (None, title) when it does not begin with a case type and a colon."""
    head, colon, rest = title.partition(":")
    matching = [kind for kind in ItemType if kind.value.casefold() == head.strip().casefold()]
    if not colon or not matching or not rest.strip():
        return None, title
    return matching[0], rest.strip()


# Kinds that are attached for kkrdesk's viewers rather than printed in the bilag pack.
DATA_KINDS = frozenset({FileKind.XLSX, FileKind.CSV, FileKind.OTHER})

class ReferatStatus(StrEnum):
    """Where the referat (the minutes) stands: a draft, or approved on a date."""

    UDKAST = "udkast"
    GODKENDT = "godkendt"


KKR_NAMES = ("KKR Hovedstaden", "KKR Sjælland", "KKR Syddanmark", "KKR Midtjylland",
             "KKR Nordjylland")


def printed_by_default(kind: FileKind) -> bool:
    return kind not in DATA_KINDS


NUMBER_RULE = ('et punktnummer indgår i filnavne og må ikke indeholde "/", "\\", "..", styretegn '
               f"eller være over {MAX_ITEM_NUMBER_CHARS} tegn")


def item_number_problem(number: str) -> str | None:
    """Why ``number`` cannot be an item number (it reaches file names), or None if it can."""
    if "/" in number or "\\" in number:
        return 'indeholder "/" eller "\\"'
    if ".." in number:
        return 'indeholder ".."'
    if has_controls(number):
        return "indeholder styretegn"
    if len(number) > MAX_ITEM_NUMBER_CHARS:
        return f"er {len(number)} tegn langt"
    return None


def refuse_item_number(number: str) -> None:
    """Raise KkrError saying why ``number`` cannot be an item number, if it cannot."""
    reason = item_number_problem(number)
    if reason:
        raise KkrError(f'punktnummeret "{terminal_safe(number)}" {reason}; {NUMBER_RULE}.',
                       hint='Skriv nummeret som på dagsordenen, fx "2.2".')


class _CleanedText:
    """Text fields are cleaned of control and bidi characters whenever they are set.

    The fields that needed it are remembered (outside the dataclass fields), so the checks
    can tell the user what was removed.
    """

    _cleaned: ClassVar[frozenset[str]] = frozenset()

    def __setattr__(self, name: str, value: object) -> None:
        if name in self._cleaned and isinstance(value, str):
            cleaned = clean_text(value)
            if cleaned != value:
                self.__dict__.setdefault("_cleaned_fields", set()).add(name)
                value = cleaned
        object.__setattr__(self, name, value)


def cleaned_fields(record: Meeting | AgendaItem | Bilag) -> list[str]:
    """The text fields of ``record`` that had control or bidi characters removed, in field order."""
    found = record.__dict__.get("_cleaned_fields", set())
    return [name for name in record.__dataclass_fields__ if name in found]


@dataclass
class Bilag(_CleanedText):
    """An attachment of an agenda item; its number is its place in the item's list."""

    title: str
    file: str                      # POSIX path relative to the meeting folder, e.g. "bilag/x.pdf"
    kind: FileKind = FileKind.OTHER
    pages: int | None = None
    sha256: str | None = None
    closed: bool = False
    printed: bool = True
    ocr_in_pack: bool = False      # the pack prints the OCR'd copy of a scan (see core/ocr)

    _cleaned: ClassVar[frozenset[str]] = frozenset({"title"})


@dataclass
class AgendaItem(_CleanedText):
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
    beslutning: str = ""                   # the decision, written in the referat
    opfoelgning: bool = False              # the decision is to be followed up
    opfoelgning_dato: dt.date | None = None

    _cleaned: ClassVar[frozenset[str]] = frozenset({"title", "case_id", "resume", "indstilling",
                                                    "sagsfremstilling", "beslutning"})

    def __setattr__(self, name: str, value: object) -> None:
        if name == "number" and isinstance(value, str):
            refuse_item_number(value)
        super().__setattr__(name, value)

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
class Meeting(_CleanedText):
    """A KKR meeting: who, when, where, and its agenda items in order."""

    kkr: str
    date: dt.date
    title: str = ""
    start: dt.time | None = None
    place: str = ""
    case_id: str = ""
    items: list[AgendaItem] = field(default_factory=list)
    continuous_numbers: bool = False   # items are numbered without gaps (see numbering.py)
    fravaerende: str = ""              # the referat's "Fraværende"
    protokoltilfoersel: str = ""       # the referat's "Protokoltilførsel"
    referat_status: ReferatStatus = ReferatStatus.UDKAST
    referat_godkendt_dato: dt.date | None = None

    _cleaned: ClassVar[frozenset[str]] = frozenset({"kkr", "title", "place", "case_id", "fravaerende",
                                                    "protokoltilfoersel"})

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

    def has_referat(self) -> bool:
        """Something of the referat is written: a decision, Fraværende, Protokoltilførsel or approval."""
        return (self.referat_status is ReferatStatus.GODKENDT or bool(self.fravaerende.strip())
                or bool(self.protokoltilfoersel.strip()) or any(i.beslutning.strip() for i in self.items))

    def copy(self) -> Meeting:
        """A deep copy, so an editor can keep a snapshot to compare or undo against."""
        return replace(self, items=[replace(item, bilag=[replace(b) for b in item.bilag])
                                    for item in self.items])
