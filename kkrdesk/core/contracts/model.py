"""What kkrdesk read out of a resultatkontrakt: parties, year, goals and targets, local goals, signatures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kkrdesk.core.contracts.danish_numbers import format_number
from kkrdesk.core.contracts.document_text import DocumentText, TextBlock

UNIT_LABELS = {"procent": "%", "procentpoint": "procentpoint", "NPS": "", "virksomheder": "virksomheder"}


def format_value(value: float | None, unit: str) -> str:
    """``55 %``, ``10 procentpoint``, ``NPS 70``, ``171 virksomheder`` (or a dash for no value)."""
    if value is None:
        return "–"
    number = format_number(value)
    if unit == "NPS":
        return f"NPS {number}"
    label = UNIT_LABELS.get(unit, unit)
    return f"{number} {label}".strip()


@dataclass(frozen=True)
class ContractTarget:
    """A target value the contract sets for one measure of a national goal."""

    goal: int
    key: str
    measure: str
    value: float
    unit: str
    qualifier: str
    year: int | None
    text: str
    block: TextBlock
    passage: tuple[int, int] = (0, 0)    # the sentence the value stands in, as offsets in the block

    @property
    def passage_text(self) -> str:
        """The exact words of the contract the target was read from."""
        return self.block.text[self.passage[0]:self.passage[1]].strip()

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "key": self.key, "value": _plain(self.value),
                "unit": self.unit, "qualifier": self.qualifier, "year": self.year,
                "text": self.text, "passage": self.passage_text,
                "source": self.block.location.describe()}


@dataclass(frozen=True)
class UnreadValue:
    """A number in a goal's text that could not serve as a target (wrong unit, no measure)."""

    goal: int
    key: str | None
    text: str
    reason: str
    block: TextBlock


@dataclass
class ContractGoal:
    """A national goal as the contract states it, with every block of its text."""

    goal: int
    title: str
    heading: TextBlock
    blocks: list[TextBlock] = field(default_factory=list)
    targets: list[ContractTarget] = field(default_factory=list)
    unread: list[UnreadValue] = field(default_factory=list)
    measures_named: set[str] = field(default_factory=set)
    national_mentions: list[float] = field(default_factory=list)   # goal 1's all-house total
    found_by: str = "nummer"     # "nummer", "titel" (by a title, no number) or "ord" (by its words)

    @property
    def recognised(self) -> str:
        """How the goal was recognised, in Danish, where it was not by its number."""
        if self.found_by == "titel":
            return f"genkendt på titlen »{self.title}«, ikke på et målnummer"
        if self.found_by == "ord":
            return "genkendt på målets ord og enhed, ikke på et målnummer eller en titel"
        return ""

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {"goal": self.goal, "title": self.title, "found_by": self.found_by,
                "source": self.heading.location.describe(),
                "targets": [target.to_dict() for target in self.targets]}


@dataclass
class LocalGoal:
    """A goal the KKR and the house added themselves (8.2 allows them)."""

    title: str
    heading: TextBlock
    blocks: list[TextBlock] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "text": self.text, "source": self.heading.location.describe()}


@dataclass(frozen=True)
class Signature:
    """A place in the signature block for one signer: role, the party named, the name if written."""

    role: str           # "kkr-chair", "house-chair", "kkr-deputy", "house-deputy"
    party: str | None   # the KKR name or house id the line names, if any
    name: str
    block: TextBlock

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "party": self.party, "name": self.name,
                "text": self.block.text, "source": self.block.location.describe()}


@dataclass(frozen=True)
class PartyMention:
    value: str          # a KKR name ("KKR Sjælland") or a house id ("sjaelland")
    written: str
    block: TextBlock


@dataclass
class Parties:
    kkr: PartyMention | None = None
    house: PartyMention | None = None


@dataclass(frozen=True)
class ContractYear:
    year: int
    last_year: int       # equals ``year`` for a one-year contract
    text: str
    block: TextBlock


@dataclass
class Reporting:
    """What the contract says about reporting on its goals."""

    blocks: list[TextBlock] = field(default_factory=list)
    quarter: int | None = None
    quarter_text: str = ""
    quarter_block: TextBlock | None = None
    recipients: set[str] = field(default_factory=set)
    refers_to_agreement: bool = False


@dataclass
class Contract:
    document: DocumentText
    parties: Parties
    year: ContractYear | None
    goals: dict[int, ContractGoal]
    local_goals: list[LocalGoal]
    signatures: list[Signature]
    reporting: Reporting
    national_heading: TextBlock | None = None

    def to_dict(self, house_name: str | None = None) -> dict[str, Any]:
        kkr, house = self.parties.kkr, self.parties.house
        return {
            "file": str(self.document.path),
            "format": str(self.document.kind),
            "ocr": self.document.ocr,
            "parties": {
                "kkr": kkr.value if kkr else None,
                "house": house_name if house else None,
                "house_id": house.value if house else None,
                "kkr_source": kkr.block.location.describe() if kkr else None,
                "house_source": house.block.location.describe() if house else None,
            },
            "year": self.year.year if self.year else None,
            "year_source": self.year.block.location.describe() if self.year else None,
            "goals": [goal.to_dict() for goal in sorted(self.goals.values(), key=lambda g: g.goal)],
            "local_goals": [goal.to_dict() for goal in self.local_goals],
            "signatures": [signature.to_dict() for signature in self.signatures],
        }


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
