"""The agreement's goals beside the contract's, measure by measure, with results: what the panel and the note show."""

from __future__ import annotations

from dataclasses import dataclass

from kkrdesk.core.contracts.agreement import AgreementTarget
from kkrdesk.core.contracts.checks import house_name
from kkrdesk.core.contracts.document_text import TextBlock
from kkrdesk.core.contracts.model import format_value
from kkrdesk.core.contracts.results import STATUS_LABELS
from kkrdesk.core.contracts.review import ContractReview
from kkrdesk.core.danish import format_int
from kkrdesk.core.errors import Severity

SEVERITY_RANK = [Severity.ERROR, Severity.WARNING, Severity.INFO]


@dataclass(frozen=True)
class GoalRow:
    """One measure in force for the contract's year: the agreement's demand, the contract's target."""

    goal: int
    goal_name: str
    measure: str
    agreement: str
    contract: str
    severity: Severity | None       # the worst finding about this measure (or its goal), if any
    achieved: str
    status: str                     # "", or a label from results.STATUS_LABELS
    block: TextBlock | None         # where the contract states it
    passage: tuple[int, int] | None = None   # the sentence of ``block`` the target was read from


def goal_rows(review: ContractReview) -> list[GoalRow]:
    contract, agreement = review.contract, review.agreement
    year = contract.year.year if contract.year else None
    house_id = contract.parties.house.value if contract.parties.house else None
    results = {(r.goal, r.key): r for r in review.results or []}
    rows = []
    for goal in agreement.goals:
        found = contract.goals.get(goal.id)
        for key in goal.measure_keys():
            severities = [f.severity for f in review.findings if f.goal == goal.id
                          and f.measure in (key, None) and not f.code.startswith("result-")]
            worst = min(severities, key=SEVERITY_RANK.index) if severities else None
            threshold = goal.target_for(key, year)
            if threshold is None:
                continue
            stated = [t for t in found.targets if t.key == key and t.year in (None, year)] \
                if found else []
            lowest = min(stated, key=lambda t: t.value) if stated else None
            passage = None
            if found is None:
                contract_text, block = "mangler", None
            elif lowest is not None:
                contract_text, block = format_value(lowest.value, lowest.unit), lowest.block
                passage = lowest.passage
            elif threshold.kind == "positive" and key in found.measures_named:
                contract_text, block = "mervækst", found.heading
            else:
                contract_text, block = "ikke fundet", found.heading
            result = results.get((goal.id, key))
            rows.append(GoalRow(
                goal=goal.id, goal_name=goal.name, measure=threshold.measure,
                agreement=agreement_demand(threshold, house_id, review),
                contract=contract_text, severity=worst,
                achieved=format_value(result.achieved, threshold.unit) if result else "",
                status=STATUS_LABELS[result.status] if result else "", block=block,
                passage=passage))
    return rows


def agreement_demand(threshold: AgreementTarget, house_id: str | None, review: ContractReview) -> str:
    """The agreement's demand in words: ``mindst 55 %``, ``mindst 171 virksomheder (andel af 1.200)``."""
    if threshold.kind == "positive":
        return "mervækst over nul"
    if threshold.kind == "house-share":
        share = threshold.minimum_for_house(house_id)
        total = format_int(threshold.shared_total)
        if share is None:
            return f"husets andel af {total} virksomheder"
        return (f"mindst {format_value(share, threshold.unit)} "
                f"({house_name(review.agreement, house_id)}s andel af {total})")
    return f"mindst {format_value(threshold.minimum, threshold.unit)}"
