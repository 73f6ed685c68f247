"""Note, Anchor and the documents a note can be anchored in."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

NOTE = "note"
HIGHLIGHT = "highlight"
ATTACHED = "attached"
ORPHAN = "orphan"


@dataclass
class Anchor:
    """The text a note was made on (quote with context) plus hints about where it stood."""

    quote: str
    prefix: str
    suffix: str
    item_number: str
    item_title: str
    bilag_number: int
    bilag_title: str
    bilag_sha256: str
    file_name: str
    page: int
    start: int = 0


@dataclass
class Note:
    """A personal note (with text) or highlight (without) on a passage of a bilag page."""

    anchor: Anchor
    text: str = ""
    kind: str = NOTE
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created: str = field(default_factory=lambda: _now())
    updated: str = field(default_factory=lambda: _now())
    status: str = ATTACHED
    pack_version: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Note:
        anchor = Anchor(**{k: data["anchor"][k] for k in Anchor.__dataclass_fields__
                           if k in data["anchor"]})
        values = {k: data[k] for k in cls.__dataclass_fields__ if k in data and k != "anchor"}
        return cls(anchor=anchor, **values)

    def location(self) -> str:
        return (f"Punkt {self.anchor.item_number}, bilag {self.anchor.bilag_number}, "
                f"side {self.anchor.page}")


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class BilagText:
    """A bilag of one pack version with its page texts, for anchoring and re-anchoring."""

    item_number: str
    item_title: str
    bilag_number: int
    bilag_title: str
    sha256: str
    file_name: str
    pages: list[str]
