"""Sentences about one national goal, named by its words or its unit, wherever in the goals they stand."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kkrdesk.core.contracts.agreement import Agreement
from kkrdesk.core.contracts.danish_numbers import find_numbers
from kkrdesk.core.contracts.document_text import TextBlock
from kkrdesk.core.contracts.sections import Sections, Segment, Unit
from kkrdesk.core.contracts.text_units import clause_spans, sentence_spans

# A figure written with a unit only one goal of the agreement is measured in.
UNIT_SIGNS = {
    "procentpoint": re.compile(r"\w\s*(?:procentpoint|pct\.?\s*-?\s*point|%\s*-?\s*point)",
                               re.IGNORECASE),
    "NPS": re.compile(r"\bnps\b|net\s+promot[eo]r", re.IGNORECASE),
    "virksomheder": re.compile(r"\d\s+(?:[a-zæøå]+\s+)?(?:virksomheder|iværksættere)\b",
                               re.IGNORECASE),
}
_NOT_A_TARGET_BEFORE = re.compile(r"(?:\bmål|\bafsnit|\bpkt\.?|\bpunkt|\bbilag|§|\bnr\.?)\s*$",
                                  re.IGNORECASE)

Span = tuple[int, int]
MAX_VALUE_CHARS = 40       # a value cell: "50 %", "mindst 55 % (2025)"


@dataclass(frozen=True)
class Claim:
    """A sentence or clause of ``block`` that is about ``goal`` and holds a figure."""

    block: TextBlock
    span: Span
    goal: int


def goals_named(text: str, agreement: Agreement) -> set[int]:
    """The national goals whose words, or whose unique unit, ``text`` uses."""
    lowered = text.lower()
    named = {goal.id for goal in agreement.goals if any(word in lowered for word in goal.keywords)}
    for unit, sign in UNIT_SIGNS.items():
        owners = {goal.id for goal in agreement.goals if any(t.unit == unit for t in goal.targets)}
        if len(owners) == 1 and sign.search(text):
            named |= owners
    return named


def has_figure(text: str) -> bool:
    """A number that could be a target: not a year, not a reference such as "mål 3" or "afsnit 8"."""
    for mention in find_numbers(text):
        if not mention.in_words and mention.value.is_integer() and 1990 <= mention.value <= 2100:
            continue
        if _NOT_A_TARGET_BEFORE.search(text[:mention.start]):
            continue
        if mention.in_words and mention.value < 10 and mention.implied_unit is None:
            continue
        return True
    return False


def find_claims(sections: Sections, agreement: Agreement) -> list[Claim]:
    """Sentences (or, where a sentence names several goals, clauses) about a goal other than their own."""
    claims: list[Claim] = []
    places: list[tuple[TextBlock, Span, int | None]] = [
        (block, (0, len(block.text)), None) for block in sections.loose]
    for segment in sections.segments:
        if segment.national:
            for unit in segment.units:
                if len(unit.blocks) == 1 and unit.blocks[0].location.table is None:
                    block = unit.blocks[0]
                    places.append((block, unit.span or (0, len(block.text)), segment.goal))
    for segment in sections.segments:
        if segment.national:
            claims += _measure_and_value(segment, agreement)
    paired = {claim.block.index for claim in claims}
    for block, within, owner in places:
        if block.index not in paired:
            claims += _claims_in(block, within, owner, agreement)
    return claims


def _measure_and_value(segment: Segment, agreement: Agreement) -> list[Claim]:
    """A line naming another goal's measure, then a bare value: a table row a PDF gave back as lines."""
    claims: list[Claim] = []
    units = [u for u in segment.units if len(u.blocks) == 1 and u.span is None]
    for measure, value in itertools.pairwise(units):
        named_block, value_block = measure.blocks[0], value.blocks[0]
        if named_block.location.table is not None or value_block.location.table is not None:
            continue
        named = goals_named(named_block.text, agreement)
        if len(named) != 1 or segment.goal in named or has_figure(named_block.text):
            continue
        goal = next(iter(named))
        if len(value_block.text) <= MAX_VALUE_CHARS and has_figure(value_block.text) \
                and goals_named(value_block.text, agreement) <= {goal}:
            claims += [Claim(named_block, (0, len(named_block.text)), goal),
                       Claim(value_block, (0, len(value_block.text)), goal)]
    return claims


def _claims_in(block: TextBlock, within: Span, owner: int | None,
               agreement: Agreement) -> list[Claim]:
    text = block.text
    found: list[Claim] = []
    for sentence in sentence_spans(text):
        start, end = max(sentence[0], within[0]), min(sentence[1], within[1])
        if start >= end:
            continue
        named = goals_named(text[start:end], agreement)
        if len(named) == 1:
            pieces = [(start, end, named)]
        elif len(named) > 1:
            pieces = [(a, b, goals_named(text[a:b], agreement))
                      for a, b in clause_spans(text, (start, end))]
        else:
            continue
        for a, b, goals in pieces:
            if len(goals) == 1 and owner not in goals and has_figure(text[a:b]):
                found.append(Claim(block, (a, b), next(iter(goals))))
    return found


def apply_claims(sections: Sections, claims: list[Claim]) -> None:
    """Each claimed sentence becomes part of its goal, in a new segment where the goal had none."""
    for claim in claims:
        segment = next((s for s in sections.segments if s.national and s.goal == claim.goal), None)
        if segment is None:
            title = " ".join(claim.block.text[claim.span[0]:claim.span[1]].split())
            segment = Segment(national=True, goal=claim.goal, title=title, heading=claim.block,
                              found_by="ord")
            sections.segments.append(segment)
        segment.units.append(Unit(blocks=(claim.block,), span=claim.span))
