"""Checking a Contract against its rammeaftale: each finding with a code, a severity, a Danish message and both sources."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from kkrdesk.core.contracts.agreement import Agreement, AgreementTarget, Goal
from kkrdesk.core.contracts.document_text import TextBlock
from kkrdesk.core.contracts.model import (
    Contract,
    ContractGoal,
    ContractTarget,
    format_value,
)
from kkrdesk.core.danish import format_int
from kkrdesk.core.errors import Severity

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
ROLE_LABELS = {"kkr-chair": "formanden for KKR",
               "house-chair": "formanden for erhvervshusets bestyrelse",
               "kkr-deputy": "næstformanden for KKR",
               "house-deputy": "næstformanden for erhvervshusets bestyrelse"}

# Every code the checker can report, with its severity; docs/contracts.md explains each.
CODES = {
    "party-missing": Severity.ERROR,
    "party-mismatch": Severity.ERROR,
    "year-missing": Severity.ERROR,
    "year-outside-agreement": Severity.ERROR,
    "year-span": Severity.WARNING,
    "goal-missing": Severity.ERROR,
    "measure-missing": Severity.ERROR,
    "target-below-national": Severity.ERROR,
    "target-below-house-share": Severity.ERROR,
    "house-share-missing": Severity.WARNING,
    "target-unreadable": Severity.WARNING,
    "target-not-minimum": Severity.WARNING,
    "signature-missing": Severity.ERROR,
    "reporting-missing": Severity.WARNING,
    "reporting-late": Severity.WARNING,
    "reporting-recipient-missing": Severity.WARNING,
    "local-goal": Severity.INFO,
    "unapproved-changes": Severity.INFO,
    "result-not-met": Severity.WARNING,
    "result-not-reported": Severity.INFO,
    "result-row-unknown": Severity.WARNING,
}


@dataclass(frozen=True)
class Finding:
    """One thing the checker found, pointing at the contract text and the agreement's section."""

    code: str
    goal: int | None
    message: str
    section: str
    block: TextBlock | None = None
    place: str = ""             # where, when it is not a contract block (a row of the results file)
    measure: str | None = None  # the agreement measure key, for findings about one measure
    note: str = ""              # how the goal was recognised, where not by its number

    @property
    def severity(self) -> Severity:
        return CODES[self.code]

    @property
    def location(self) -> str:
        if self.block is not None:
            where = self.block.location.describe()
        else:
            where = self.place or "hele kontrakten"
        return f"{where} ({self.note})" if self.note else where

    @property
    def quote(self) -> str:
        return self.block.text if self.block is not None else ""

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": str(self.severity), "goal": self.goal,
                "measure": self.measure, "message": self.message, "location": self.location,
                "section": self.section, "quote": self.quote}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Errors first, then warnings, then information; within each, by goal and place in the text."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity],
                                           99 if f.goal is None else f.goal,
                                           f.block.index if f.block is not None else -1))


def check_contract(contract: Contract, agreement: Agreement) -> list[Finding]:
    findings: list[Finding] = []
    findings += _check_parties(contract, agreement)
    findings += _check_year(contract, agreement)
    findings += _check_goals(contract, agreement)
    findings += _check_signatures(contract, agreement)
    findings += _check_reporting(contract, agreement)
    findings += _check_changes(contract, agreement)
    findings += [Finding("local-goal", None, f"Lokalt mål: »{goal.title}«.",
                         agreement.contract_section, goal.heading)
                 for goal in contract.local_goals]
    return sort_findings(findings)


def house_name(agreement: Agreement, house_id: str | None) -> str:
    house = agreement.house(house_id) if house_id else None
    return house.name if house else "erhvervshuset"


def _check_parties(contract: Contract, agreement: Agreement) -> list[Finding]:
    section = agreement.contract_section
    kkr, house = contract.parties.kkr, contract.parties.house
    findings = []
    if kkr is None:
        findings.append(Finding("party-missing", None, "Kontrakten nævner ikke, hvilket KKR den er "
                                "indgået med.", section, _first_block(contract)))
    if house is None:
        findings.append(Finding("party-missing", None, "Kontrakten nævner ikke, hvilket "
                                "erhvervshus den er indgået med.", section, _first_block(contract)))
    if kkr is not None and house is not None:
        partner = agreement.kkr(kkr.value)
        if partner is not None and house.value not in partner.houses:
            right = " eller ".join(house_name(agreement, h) for h in partner.houses)
            findings.append(Finding(
                "party-mismatch", None,
                f"{kkr.value} og {house_name(agreement, house.value)} hører ikke sammen: "
                f"{kkr.value} indgår resultatkontrakt med {right}.", section, house.block))
    for signature in contract.signatures:
        expected = (kkr.value if kkr else None) if signature.role.startswith("kkr") \
            else (house.value if house else None)
        if signature.party and expected and signature.party != expected:
            written = signature.party if signature.role.startswith("kkr") \
                else house_name(agreement, signature.party)
            wanted = expected if signature.role.startswith("kkr") else house_name(agreement, expected)
            findings.append(Finding(
                "party-mismatch", None,
                f"Underskriftsblokken nævner {written}, men kontrakten er indgået med {wanted}.",
                section, signature.block))
    return findings


def _check_year(contract: Contract, agreement: Agreement) -> list[Finding]:
    year = contract.year
    if year is None:
        return [Finding("year-missing", None, "Det fremgår ikke, hvilket år kontrakten gælder for. "
                        "Skriv året i titlen, fx »Resultatkontrakt 2025«.",
                        agreement.contract_section, _first_block(contract))]
    findings = []
    first, last = agreement.period
    if not (agreement.covers(year.year) and agreement.covers(year.last_year)):
        shown = str(year.year) if year.last_year == year.year else f"{year.year}-{year.last_year}"
        findings.append(Finding(
            "year-outside-agreement", None,
            f"Kontrakten gælder {shown}, men {agreement.short_title} dækker kun årene "
            f"{first}-{last}. Kontrollér året, eller brug den rammeaftale, der gælder for {shown}.",
            agreement.period_section, year.block))
    if agreement.one_year and year.last_year != year.year:
        findings.append(Finding(
            "year-span", None,
            f"Kontrakten dækker {year.year}-{year.last_year}; rammeaftalen forudsætter én "
            "kontrakt om året med mål for det kommende år.", agreement.contract_section, year.block))
    return findings


def _check_goals(contract: Contract, agreement: Agreement) -> list[Finding]:
    findings = []
    year = contract.year.year if contract.year else None
    house_id = contract.parties.house.value if contract.parties.house else None
    for goal in agreement.goals:
        found = contract.goals.get(goal.id)
        if found is None:
            findings.append(Finding(
                "goal-missing", goal.id,
                f"{goal.label} står ikke i kontrakten. Rammeaftalen kræver, at kontrakten "
                "indeholder alle de nationale mål.", agreement.contract_section,
                contract.national_heading))
            continue
        for key in goal.measure_keys():
            findings += [replace(f, note=found.recognised)
                         for f in _check_measure(goal, found, key, year, house_id, agreement)]
    return findings


def _check_measure(goal: Goal, found: ContractGoal, key: str, year: int | None,
                   house_id: str | None, agreement: Agreement) -> list[Finding]:
    in_force = goal.target_for(key, year)
    targets = [t for t in found.targets if t.key == key]
    year_specific = any(t.year is not None for t in goal.targets if t.key == key)
    by_year: dict[int | None, list[ContractTarget]] = {}
    for target in targets:
        stated = target.year if year_specific and target.year != year else None
        by_year.setdefault(stated, []).append(target)
    findings: list[Finding] = []
    for stated_year, group in sorted(by_year.items(), key=lambda item: item[0] or 0):
        threshold = in_force if stated_year is None else goal.target_for(key, stated_year)
        if threshold is not None:
            findings += _compare(goal, threshold, min(group, key=lambda t: t.value),
                                 stated_year or year, house_id, agreement)
    if in_force is None or None in by_year or (year is None and by_year):
        return findings
    if in_force.kind == "positive" and key in found.measures_named:
        return findings
    if in_force.kind == "house-share" and found.national_mentions:
        share = in_force.minimum_for_house(house_id)
        share_text = f" ({format_int(int(share))})" if share is not None else ""
        findings.append(Finding(
            "house-share-missing", goal.id,
            f"{goal.label}: kontrakten nævner kun det samlede mål på "
            f"{format_int(in_force.shared_total)} virksomheder for alle erhvervshuse og "
            f"fastsætter ikke {house_name(agreement, house_id)}s andel{share_text}.",
            goal.section, found.heading, measure=key))
        return findings
    if by_year:
        later = ", ".join(str(y) for y in sorted(y for y in by_year if y is not None))
        findings.append(Finding(
            "measure-missing", goal.id,
            f"{goal.label}: kontrakten sætter kun et mål for »{in_force.measure}« i {later}, ikke "
            f"for {year}; rammeaftalen kræver mindst "
            f"{format_value(in_force.minimum, in_force.unit)} i {year}.", goal.section,
            by_year[min(y for y in by_year if y is not None)][0].block, measure=key))
        return findings
    unread = [u for u in found.unread if u.key in (key, None)]
    if key in found.measures_named or unread:
        seen = "; ".join(f"»{u.text}« ({u.reason})" for u in unread[:3]) if unread \
            else f"»{_excerpt(found)}«"
        findings.append(Finding(
            "target-unreadable", goal.id,
            f"{goal.label} står i kontrakten, men målværdien for »{in_force.measure}« kunne ikke "
            f"læses. Fundet: {seen}. Skriv målet som et tal med enhed, fx »mindst "
            f"{format_value(in_force.minimum_for_house(house_id), in_force.unit)}«.",
            goal.section, unread[0].block if unread else found.heading, measure=key))
    else:
        findings.append(Finding(
            "measure-missing", goal.id,
            f"{goal.label} mangler målepunktet »{in_force.measure}«.", goal.section, found.heading,
            measure=key))
    return findings


def _compare(goal: Goal, threshold: AgreementTarget, stated: ContractTarget, year: int | None,
             house_id: str | None, agreement: Agreement) -> list[Finding]:
    findings: list[Finding] = []
    when = f" i {year}" if threshold.year is not None and year is not None else ""
    written = format_value(stated.value, stated.unit)
    if threshold.kind == "house-share":
        share = threshold.minimum_for_house(house_id)
        if share is not None and stated.value < share:
            findings.append(Finding(
                "target-below-house-share", goal.id,
                f"{goal.label}: kontrakten sætter målet til {written}{when}, men "
                f"{house_name(agreement, house_id)}s andel af de "
                f"{format_int(threshold.shared_total)} virksomheder er {format_int(int(share))} "
                f"({threshold.share_label}, fordelt efter {threshold.share_by}).",
                goal.section, stated.block, measure=threshold.key))
    elif threshold.kind == "positive":
        if stated.value <= 0:
            findings.append(Finding(
                "target-below-national", goal.id,
                f"{goal.label}: kontrakten sætter »{threshold.measure}« til {written}; "
                "rammeaftalen kræver en mervækst over nul.", goal.section, stated.block,
                measure=threshold.key))
    elif threshold.minimum is not None and stated.value < threshold.minimum:
        findings.append(Finding(
            "target-below-national", goal.id,
            f"{goal.label}: kontrakten sætter målet for »{threshold.measure}« til {written}{when}, "
            f"men rammeaftalen kræver mindst {format_value(threshold.minimum, threshold.unit)}"
            f"{when}.", goal.section, stated.block, measure=threshold.key))
    if stated.qualifier == "højst":
        findings.append(Finding(
            "target-not-minimum", goal.id,
            f"{goal.label}: målet er skrevet som et loft (»{stated.text}«); de nationale mål er "
            "mindstekrav.", goal.section, stated.block, measure=threshold.key))
    return findings


def _check_signatures(contract: Contract, agreement: Agreement) -> list[Finding]:
    findings = []
    roles = {signature.role for signature in contract.signatures}
    for signer in agreement.signers:
        if signer.role in roles:
            continue
        deputy_role = signer.role.replace("chair", "deputy")
        deputy = next((s for s in contract.signatures if s.role == deputy_role), None)
        found = f" Underskriftsblokken har i stedet {ROLE_LABELS[deputy_role]}." if deputy else ""
        last = contract.signatures[-1].block if contract.signatures else None
        findings.append(Finding(
            "signature-missing", None,
            f"Kontrakten mangler underskrift fra {signer.label}.{found} Rammeaftalen kræver, at "
            "formanden for KKR og formanden for erhvervshusets bestyrelse underskriver.",
            signer.section, deputy.block if deputy else last))
    return findings


def _check_reporting(contract: Contract, agreement: Agreement) -> list[Finding]:
    reporting = contract.reporting
    section = agreement.reporting_section
    wanted = ", ".join(agreement.reporting_recipients[:-1]) + " og " + agreement.reporting_recipients[-1]
    quarter_words = {1: "første", 2: "andet", 3: "tredje", 4: "fjerde"}
    if not reporting.blocks:
        return [Finding(
            "reporting-missing", None,
            "Kontrakten siger ikke, hvordan erhvervshuset afrapporterer på målene. Rammeaftalen "
            f"kræver årlig afrapportering til {wanted} senest i "
            f"{quarter_words[agreement.reporting_latest_quarter]} kvartal året efter.", section)]
    findings = []
    if reporting.quarter is not None and reporting.quarter > agreement.reporting_latest_quarter:
        findings.append(Finding(
            "reporting-late", None,
            f"Kontrakten lægger afrapporteringen »{reporting.quarter_text}«; rammeaftalen kræver "
            f"afrapportering senest i {quarter_words[agreement.reporting_latest_quarter]} kvartal.",
            section, reporting.quarter_block))
    missing = [r for r in agreement.reporting_recipients if r not in reporting.recipients]
    if missing and not reporting.refers_to_agreement:
        names = " og ".join(missing)
        findings.append(Finding(
            "reporting-recipient-missing", None,
            f"Afrapporteringen nævner ikke {names}; rammeaftalen kræver, at erhvervshuset "
            f"afrapporterer til {wanted}.", section, reporting.blocks[0]))
    return findings


def _check_changes(contract: Contract, agreement: Agreement) -> list[Finding]:
    """Comments and tracked changes left in the file: read as if accepted, and said so."""
    comments, changes = contract.document.comments, contract.document.tracked_changes
    if not comments and not changes:
        return []
    parts = []
    if comments:
        parts.append(f"{comments} {'kommentar' if comments == 1 else 'kommentarer'}")
    if changes:
        parts.append(f"{changes} sporede {'ændring' if changes == 1 else 'ændringer'}")
    return [Finding(
        "unapproved-changes", None,
        "Kontrakten indeholder kommentarer/ændringer, der ikke er godkendt "
        f"({' og '.join(parts)}). Kontrollen har læst teksten, som om ændringerne var godkendt "
        "(slettet tekst tæller ikke, indsat tekst tæller), og har set bort fra kommentarerne. "
        "Godkend eller afvis ændringerne og slet kommentarerne, før kontrakten underskrives.",
        agreement.contract_section, contract.document.first_change)]


def _first_block(contract: Contract) -> TextBlock | None:
    return contract.document.blocks[0] if contract.document.blocks else None


def _excerpt(goal: ContractGoal) -> str:
    text = " ".join(block.text for block in goal.blocks if block is not goal.heading) or goal.title
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157].rstrip() + "…"
