"""A rammeaftale as data: its national goals, thresholds, houses, KKR and contract rules, loaded by ID."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.nesting import refuse_deep_nesting

AGREEMENT_PACKAGE = "kkrdesk.core.contracts.agreements"
FORMAT_VERSION = 1
TARGET_KINDS = ("minimum", "house-share", "positive")
UNITS = ("virksomheder", "procent", "procentpoint", "NPS")


@dataclass(frozen=True)
class AgreementTarget:
    """One measure of a national goal with its threshold, possibly only from a given year."""

    goal: int
    key: str
    measure: str
    unit: str
    kind: str
    minimum: float | None = None
    year: int | None = None
    keywords: tuple[str, ...] = ()
    default: bool = False
    national_total: int | None = None
    shares: dict[str, int] = field(default_factory=dict)
    share_label: str = ""
    share_by: str = ""

    @property
    def shared_total(self) -> int:
        """The national total a house-share target divides among the houses (its reader requires one)."""
        if self.national_total is None:
            raise ValueError(f"målet {self.key} er ikke en andel af et nationalt tal")
        return self.national_total

    def minimum_for_house(self, house_id: str | None) -> float | None:
        """The threshold a given house must meet (its share for a house-share target)."""
        if self.kind == "house-share":
            return None if house_id is None else self.shares.get(house_id)
        return self.minimum


@dataclass(frozen=True)
class Goal:
    """A national goal of the agreement (section 8.1 in 2024-2027)."""

    id: int
    name: str
    section: str
    keywords: tuple[str, ...]
    targets: tuple[AgreementTarget, ...]
    titles: tuple[str, ...] = ()      # names a contract may use for the goal instead of its number

    @property
    def label(self) -> str:
        return f"Mål {self.id} ({self.name})"

    def measure_keys(self) -> list[str]:
        """Each measure once, in the agreement's order."""
        return list(dict.fromkeys(target.key for target in self.targets))

    def target_for(self, key: str, year: int | None) -> AgreementTarget | None:
        """The threshold of measure ``key`` in force in ``year``: the latest one from that year or before."""
        candidates = [t for t in self.targets if t.key == key
                      and (t.year is None or year is None or t.year <= year)]
        if not candidates:
            return None
        return max(candidates, key=lambda t: -1 if t.year is None else t.year)

    def first_target(self, key: str) -> AgreementTarget:
        return next(t for t in self.targets if t.key == key)


@dataclass(frozen=True)
class House:
    id: str
    name: str
    written: tuple[str, ...]


@dataclass(frozen=True)
class Kkr:
    name: str
    region: str
    houses: tuple[str, ...]


@dataclass(frozen=True)
class Signer:
    role: str
    label: str
    section: str


@dataclass(frozen=True)
class Agreement:
    """Everything the contract checker needs to know about one framework agreement."""

    id: str
    title: str
    short_title: str
    parties: tuple[str, ...]
    period: tuple[int, int]
    period_section: str
    contract_section: str
    one_year: bool
    signers: tuple[Signer, ...]
    reporting_section: str
    reporting_latest_quarter: int
    reporting_recipients: tuple[str, ...]
    kkrs: tuple[Kkr, ...]
    houses: tuple[House, ...]
    goals: tuple[Goal, ...]
    source: str = ""

    def covers(self, year: int) -> bool:
        return self.period[0] <= year <= self.period[1]

    def goal(self, goal_id: int) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def house(self, house_id: str) -> House | None:
        return next((h for h in self.houses if h.id == house_id), None)

    def kkr(self, name: str) -> Kkr | None:
        return next((k for k in self.kkrs if k.name == name), None)


def agreement_ids() -> list[str]:
    """The IDs of the agreements shipped with kkrdesk, oldest first."""
    folder = resources.files(AGREEMENT_PACKAGE)
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir()
                  if entry.name.endswith(".toml"))


def load_agreement(reference: str | Path) -> Agreement:
    """The agreement with this ID (``rammeaftale-2024-2027``) or in this TOML file."""
    text_reference = str(reference)
    if text_reference.endswith(".toml") and Path(text_reference).is_file():
        path = Path(text_reference)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KkrError(f"rammeaftalen kan ikke læses ({exc}).", file=path,
                           hint="Kontrollér, at filen er en UTF-8-tekstfil i TOML-format.") from None
        return parse_agreement(text, source=str(path))
    known = agreement_ids()
    if text_reference not in known:
        raise KkrError(f'kkrdesk kender ingen rammeaftale med navnet "{text_reference}".',
                       hint="Kendte rammeaftaler: " + ", ".join(known) + ".")
    resource = resources.files(AGREEMENT_PACKAGE) / f"{text_reference}.toml"
    return parse_agreement(resource.read_text(encoding="utf-8"), source=f"{text_reference}.toml")


def all_agreements() -> list[Agreement]:
    return [load_agreement(agreement_id) for agreement_id in agreement_ids()]


def agreement_for_year(year: int | None) -> Agreement:
    """The shipped agreement covering ``year``; else the latest that started before it, else the first."""
    agreements = all_agreements()
    if year is not None:
        covering = [a for a in agreements if a.covers(year)]
        if covering:
            return covering[-1]
        earlier = [a for a in agreements if a.period[0] <= year]
        if earlier:
            return max(earlier, key=lambda a: a.period[0])
    return min(agreements, key=lambda a: a.period[0])


def parse_agreement(text: str, *, source: str) -> Agreement:
    """An Agreement from the TOML text of an agreement file; KkrError names any fault."""
    refuse_deep_nesting(text, file=source, what="rammeaftalen",
                        hint="Ret filen; docs/contracts.md beskriver formatet.")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KkrError(f"rammeaftalen er ikke gyldig TOML ({exc}).", file=source,
                       hint="Ret filen; docs/contracts.md beskriver formatet.") from None
    reader = _Reader(source)
    if reader.get(data, "format", int) != FORMAT_VERSION:
        raise reader.fault("format", f"skal være {FORMAT_VERSION}")
    period = tuple(reader.get(data, "period", list))
    if len(period) != 2 or not all(isinstance(y, int) for y in period) or period[0] > period[1]:
        raise reader.fault("period", "skal være [første år, sidste år]")
    contract = reader.get(data, "contract", dict)
    reporting = reader.get(data, "reporting", dict)
    houses = tuple(House(id=reader.get(h, "id", str, f"house[{i}]"),
                         name=reader.get(h, "name", str, f"house[{i}]"),
                         written=tuple(reader.get(h, "written", list, f"house[{i}]")))
                   for i, h in enumerate(reader.get(data, "house", list)))
    house_ids = {h.id for h in houses}
    kkrs = []
    for i, entry in enumerate(reader.get(data, "kkr", list)):
        linked = tuple(reader.get(entry, "houses", list, f"kkr[{i}]"))
        unknown = [h for h in linked if h not in house_ids]
        if unknown:
            raise reader.fault(f"kkr[{i}].houses", f"nævner ukendte huse: {', '.join(unknown)}")
        kkrs.append(Kkr(name=reader.get(entry, "name", str, f"kkr[{i}]"),
                        region=reader.get(entry, "region", str, f"kkr[{i}]"), houses=linked))
    signers = tuple(Signer(role=reader.get(s, "role", str, f"contract.signer[{i}]"),
                           label=reader.get(s, "label", str, f"contract.signer[{i}]"),
                           section=reader.get(s, "section", str, f"contract.signer[{i}]"))
                    for i, s in enumerate(reader.get(contract, "signer", list, "contract")))
    goals = tuple(_parse_goal(reader, entry, i, house_ids)
                  for i, entry in enumerate(reader.get(data, "goal", list)))
    if len({g.id for g in goals}) != len(goals):
        raise reader.fault("goal", "to mål har samme id")
    return Agreement(
        id=reader.get(data, "id", str), title=reader.get(data, "title", str),
        short_title=reader.get(data, "short_title", str),
        parties=tuple(reader.get(data, "parties", list)), period=(period[0], period[1]),
        period_section=reader.get(data, "period_section", str),
        contract_section=reader.get(contract, "section", str, "contract"),
        one_year=reader.get(contract, "one_year", bool, "contract"), signers=signers,
        reporting_section=reader.get(reporting, "section", str, "reporting"),
        reporting_latest_quarter=reader.get(reporting, "latest_quarter", int, "reporting"),
        reporting_recipients=tuple(reader.get(reporting, "recipients", list, "reporting")),
        kkrs=tuple(kkrs), houses=houses, goals=goals, source=source)


def _parse_goal(reader: _Reader, entry: dict[str, Any], index: int, house_ids: set[str]) -> Goal:
    where = f"goal[{index}]"
    goal_id = reader.get(entry, "id", int, where)
    targets = []
    for t_index, target in enumerate(reader.get(entry, "target", list, where)):
        t_where = f"{where}.target[{t_index}]"
        kind = reader.get(target, "kind", str, t_where)
        unit = reader.get(target, "unit", str, t_where)
        if kind not in TARGET_KINDS:
            raise reader.fault(f"{t_where}.kind", f"skal være en af {', '.join(TARGET_KINDS)}")
        if unit not in UNITS:
            raise reader.fault(f"{t_where}.unit", f"skal være en af {', '.join(UNITS)}")
        shares: dict[str, int] = {}
        national_total = None
        if kind == "house-share":
            shares = dict(reader.get(target, "shares", dict, t_where))
            national_total = reader.get(target, "national_total", int, t_where)
            if set(shares) != house_ids:
                raise reader.fault(f"{t_where}.shares", "skal have ét tal for hvert erhvervshus")
        minimum = target.get("min")
        if kind == "minimum" and not isinstance(minimum, int | float):
            raise reader.fault(f"{t_where}.min", "mangler eller er ikke et tal")
        targets.append(AgreementTarget(
            goal=goal_id, key=reader.get(target, "key", str, t_where),
            measure=reader.get(target, "measure", str, t_where), unit=unit, kind=kind,
            minimum=float(minimum) if isinstance(minimum, int | float) else None,
            year=target.get("year"), keywords=tuple(k.lower() for k in target.get("keywords", [])),
            default=bool(target.get("default", False)), national_total=national_total,
            shares=shares, share_label=str(target.get("share_label", "")),
            share_by=str(target.get("share_by", ""))))
    return Goal(id=goal_id, name=reader.get(entry, "name", str, where),
                section=reader.get(entry, "section", str, where),
                keywords=tuple(k.lower() for k in reader.get(entry, "keywords", list, where)),
                targets=tuple(targets), titles=_titles(reader, entry, where))


def _titles(reader: _Reader, entry: dict[str, Any], where: str) -> tuple[str, ...]:
    """The goal's name and the other titles the file lists for it (optional ``titles``)."""
    name = reader.get(entry, "name", str, where)
    titles = entry.get("titles", [])
    if not isinstance(titles, list) or not all(isinstance(t, str) and t.strip() for t in titles):
        raise reader.fault(f"{where}.titles", "skal være en liste af ikke-tomme tekster")
    return tuple(dict.fromkeys([name, *titles]))


class _Reader:
    """Typed access to the agreement's tables with messages that name the missing field."""

    def __init__(self, source: str):
        self.source = source

    def fault(self, field_name: str, what: str) -> KkrError:
        return KkrError(f"rammeaftalens felt {field_name} {what}.", file=self.source,
                        hint="Ret filen; docs/contracts.md beskriver formatet.")

    def get(self, table: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
        name = f"{where}.{key}" if where else key
        if not isinstance(table, dict) or key not in table:
            raise self.fault(name, "mangler")
        value = table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fault(name, f"har en forkert type ({type(value).__name__})")
        return value
