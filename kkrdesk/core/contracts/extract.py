"""From a contract's text to a Contract: parties, year, national goals with targets, local goals, signatures."""

from __future__ import annotations

import re

from kkrdesk.core.contracts.agreement import Agreement
from kkrdesk.core.contracts.claims import apply_claims, find_claims
from kkrdesk.core.contracts.document_text import DocumentText
from kkrdesk.core.contracts.model import Contract, LocalGoal
from kkrdesk.core.contracts.parties import find_parties, find_year
from kkrdesk.core.contracts.reporting import find_reporting
from kkrdesk.core.contracts.sections import Segment, split_sections
from kkrdesk.core.contracts.signatures import find_signatures
from kkrdesk.core.contracts.targets import read_goal
from kkrdesk.core.errors import BadFileError

_CONTRACT_WORD = re.compile(r"resultatkontrakt", re.IGNORECASE)


def extract_contract(document: DocumentText, agreement: Agreement) -> Contract:
    """Read everything the checks need; BadFileError if the document is no resultatkontrakt at all."""
    parties = find_parties(document, agreement)
    year = find_year(document)
    sections = split_sections(document, agreement)
    claims = find_claims(sections, agreement)
    apply_claims(sections, claims)
    claimed: dict[int, list[tuple[tuple[int, int], int]]] = {}
    for claim in claims:
        claimed.setdefault(claim.block.index, []).append((claim.span, claim.goal))
    national: dict[int, list[Segment]] = {}
    local_goals: list[LocalGoal] = []
    for segment in sections.segments:
        if segment.national and segment.goal is not None:
            national.setdefault(segment.goal, []).append(segment)
        else:
            local_goals.append(LocalGoal(title=segment.title, heading=segment.heading,
                                         blocks=segment.blocks))
    house_id = parties.house.value if parties.house else None
    goals = {goal_id: read_goal(segments, goal, agreement,
                                contract_year=year.year if year else None, house_id=house_id,
                                claimed=claimed)
             for goal_id, segments in national.items() if (goal := agreement.goal(goal_id)) is not None}
    contract = Contract(document=document, parties=parties, year=year, goals=goals,
                        local_goals=local_goals, signatures=find_signatures(document, agreement),
                        reporting=find_reporting(document), national_heading=sections.national_heading)
    if not _looks_like_a_contract(contract):
        raise BadFileError(
            "dokumentet ligner ikke en resultatkontrakt: det nævner hverken en resultatkontrakt, "
            "et KKR og et erhvervshus eller nogen af rammeaftalens nationale mål.",
            reason="not-a-contract", file=document.path,
            hint="Vælg resultatkontrakten mellem KKR og erhvervshuset (Word eller PDF).")
    return contract


def _looks_like_a_contract(contract: Contract) -> bool:
    """A goal named only by a title word ("knudepunkter" in a paper on transport) is not enough:
    a goal by its number, one with a target, or two goals by title are."""
    parties = contract.parties
    goals = contract.goals.values()
    goal_evidence = len(contract.goals) >= 2 or any(g.found_by == "nummer" or g.targets for g in goals)
    return bool(_CONTRACT_WORD.search(contract.document.text) or goal_evidence
                or (parties.kkr and parties.house))
