"""What other features add to an item in the Word agenda: plain blocks and the providers that make them.

A provider is a function ``(ExtraContext) -> Sequence[Block]``. The survey feature, for
example, has one that returns the chosen charts as Picture blocks for items with a survey
bilag; the contract checker one that returns its findings as a Table. Callers pass the
providers they want as ``extras=`` to the export (the front ends choose them through
``kkrdesk.composition``). A provider that fails costs only its own blocks: the agenda says so
in the item.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.export.selection import SelectedBilag
from kkrdesk.core.meeting.model import AgendaItem, Meeting


@dataclass(frozen=True)
class Subheading:
    """A bold line inside the item (not a heading in the table of contents)."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Picture:
    """A PNG or JPEG, placed at ``width_cm`` (at most the text width) with an optional caption;
    ``width_cm=None`` places it at its own size on paper (the resolution recorded in the image).

    ``alt_text`` is what a screen reader says instead of the picture: for a chart, its main
    figures in words (the caption is used when it is empty)."""

    image: bytes
    width_cm: float | None = 15.0
    caption: str = ""
    alt_text: str = ""


Block = Subheading | Paragraph | Table | Picture


@dataclass(frozen=True)
class ExtraContext:
    folder: Path                       # the meeting folder (read only)
    meeting: Meeting
    item: AgendaItem
    bilag: tuple[SelectedBilag, ...]   # the item's bilag that are in this export


ItemExtraProvider = Callable[[ExtraContext], Sequence[Block]]
