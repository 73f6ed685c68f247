"""Reading a national goal's target values out of its text: which number, which measure, which unit and year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kkrdesk.core.contracts.agreement import Agreement, AgreementTarget, Goal
from kkrdesk.core.contracts.danish_numbers import NumberMention, find_numbers
from kkrdesk.core.contracts.document_text import TextBlock
from kkrdesk.core.contracts.model import ContractGoal, ContractTarget, UnreadValue
from kkrdesk.core.contracts.sections import Segment, Unit
from kkrdesk.core.contracts.text_units import clause_spans, sentence_spans, span_containing

BEFORE_WINDOW = 45
AFTER_WINDOW = 30
MIN_QUALIFIERS = ("ikke under", "ikke lavere end", "ikke mindre end", "som minimum", "mindst",
                  "minimum", "min.", "over", "mere end", "højere end", "op på", "≥", ">=")
MAX_QUALIFIERS = ("ikke over", "ikke mere end", "ikke højere end", "højst", "maksimalt", "maks.",
                  "maximum", "op til", "under", "mindre end", "lavere end", "≤", "<=")
_QUALIFIER = re.compile(r"(?<!\w)(?:" + "|".join(
    re.escape(q).replace(re.escape(" "), r"\s+")
    for q in sorted(MIN_QUALIFIERS + MAX_QUALIFIERS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE)
_NEGATION = re.compile(r"\bikke(?:\s+\w+)?\s*$", re.IGNORECASE)   # "ikke er under 70"
_VALUE_MARKER = re.compile(r"(?:\bpå|\ber|\btil|\bvære|\bnå|:|=)\s*$", re.IGNORECASE)
_REFERENCE_BEFORE = re.compile(r"(?:\bafsnit|\bpkt\.?|\bpunkt|\bbilag|\bside|§|\bkapitel|\bmål|\bnr\.?|"
                               r"\bfigur|\btabel|\bversion|\bnummer)\s*$", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"^\s*(?:år|års|årig\w*|måned\w*|mdr\.?|timer?|dage?|uger?|kvartal\w*|"
                             r"halvår\w*)\b", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:kr\b|mio\b|mia\b|million\w*|milliard\w*|t\.?kr)", re.IGNORECASE)
_ORDINAL_AFTER = re.compile(r"^\.\s+[a-zæøå]")
_RANGE_AFTER = re.compile(r"^\s*[-–/]\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*[-–/]\s*$")
_PERCENT_POINT = re.compile(r"^\s*(?:%\s*-?\s*point|procent\s*-?\s*point\w*|pct\.?\s*-?\s*point\w*|"
                            r"pp\b|%-?p\b)", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(?:%|procent\b|pct\b\.?)", re.IGNORECASE)
_COUNT = re.compile(r"^\s*(?:[a-zæøå]+\s+)?(?:virksomhed\w*|iværksætter\w*|vejledte\b|kunder\b)",
                    re.IGNORECASE)
# "Fordeling 2024: Hovedstaden: 385, ..." names the year of a table of shares, not of a value.
_LABEL_YEAR = re.compile(r"\bfordeling(?:en)?\s*$", re.IGNORECASE)
_FIRMS = re.compile(r"^\s*(?:virksomhed\w*|iværksætter\w*)", re.IGNORECASE)
_NPS_AFTER = re.compile(r"^\s*(?:i\s+)?(?:nps|net\s+promot[eo]r)", re.IGNORECASE)
_NPS_WORD = re.compile(r"\bnps\b|net\s+promot[eo]r", re.IGNORECASE)
_NATIONAL_WORDS = re.compile(r"\bsamlet\b|\bsamlede\b|\btilsammen\b|\bi alt\b|\bpå landsplan\b|"
                             r"\bnationalt\b|\balle erhvervshuse|\blandets erhvervshuse|"
                             r"\bde seks erhvervshuse", re.IGNORECASE)
_YEAR_VALUES = range(1990, 2101)
FOUND_BY_STRENGTH = ("nummer", "titel", "ord")
_ALONE_WORDS = frozenset({"", "mindst", "minimum", "min.", "min", "nps", "nps:", "nps på",
                          "nps på mindst", "mindst nps"})


@dataclass(frozen=True)
class _Reading:
    """What the words around a number say: its unit, a minimum or ceiling, a value marker, a year."""

    unit: str | None
    qualifier: str
    marked: bool
    year: int | None


def read_goal(segment_list: list[Segment], goal: Goal, agreement: Agreement, *,
              contract_year: int | None, house_id: str | None,
              claimed: dict[int, list[tuple[tuple[int, int], int]]] | None = None) -> ContractGoal:
    """The contract's version of ``goal``: every target value found in the goal's segments.

    ``claimed`` maps a block index to sentences that belong to other goals: their numbers are
    left to those goals.
    """
    first = min(segment_list, key=lambda s: FOUND_BY_STRENGTH.index(s.found_by))
    result = ContractGoal(goal=goal.id, title=first.title, heading=first.heading,
                          found_by=first.found_by)
    seen_blocks: set[int] = set()
    for segment in segment_list:
        for block in segment.blocks:
            if block.index not in seen_blocks:
                seen_blocks.add(block.index)
                result.blocks.append(block)
    reader = _GoalReader(goal, agreement, contract_year, house_id, result, claimed or {})
    for segment in segment_list:
        previous: Unit | None = None
        for unit in segment.units:
            reader.read_unit(unit, previous, segment)
            previous = unit
    lowered = result.text.lower()
    for key in goal.measure_keys():
        target = goal.first_target(key)
        if target.default or any(word in lowered for word in target.keywords):
            result.measures_named.add(key)
    return result


class _GoalReader:
    def __init__(self, goal: Goal, agreement: Agreement, contract_year: int | None,
                 house_id: str | None, result: ContractGoal,
                 claimed: dict[int, list[tuple[tuple[int, int], int]]]):
        self.goal = goal
        self.claimed = claimed
        self.contract_year = contract_year
        self.house_id = house_id
        self.result = result
        self.read_positions: set[tuple[int, int]] = set()
        own = agreement.house(house_id) if house_id else None
        self.own_names = [w.lower() for w in own.written] if own else []
        self.other_names = [w.lower() for h in agreement.houses if h.id != house_id
                            for w in h.written]

    def read_unit(self, unit: Unit, previous: Unit | None, segment: Segment) -> None:
        for cell_index, block in enumerate(unit.blocks):
            if block is segment.heading and len(unit.blocks) > 1:
                continue
            previous_end = 0
            for mention in find_numbers(block.text):
                position = (block.index, mention.start)
                if not self._is_ours(block, mention, unit):
                    previous_end = mention.end
                    continue
                if position not in self.read_positions:
                    self.read_positions.add(position)
                    self._read_number(block, mention, unit, cell_index, previous, segment,
                                      previous_end)
                previous_end = mention.end

    def _is_ours(self, block: TextBlock, mention: NumberMention, unit: Unit) -> bool:
        """A number inside the unit's span and not in a sentence another goal claimed."""
        if unit.span is not None and not unit.span[0] <= mention.start < unit.span[1]:
            return False
        return not any(start <= mention.start < end and goal != self.goal.id
                       for (start, end), goal in self.claimed.get(block.index, ()))

    def _read_number(self, block: TextBlock, mention: NumberMention, unit: Unit, cell_index: int,
                     previous: Unit | None, segment: Segment, previous_end: int) -> None:
        text = block.text
        if _is_year(mention, text) or _is_not_a_quantity(mention, text):
            return
        sentences = sentence_spans(text)
        sentence = span_containing(sentences, mention.start)
        clause = span_containing(clause_spans(text, sentence), mention.start)
        clause_text = text[clause[0]:clause[1]]
        reading = self._reading(text, mention, max(clause[0], previous_end), unit, cell_index,
                                clause)
        if reading.year is not None and self.contract_year is not None \
                and reading.year < self.contract_year:
            return                          # a baseline from an earlier year, not a target
        if mention.in_words and mention.value < 10 and reading.unit is None:
            return
        key = self._measure(text, mention, sentence, clause, unit, cell_index, previous, segment)
        if key is None:
            if reading.unit is not None:
                self._unread(None, mention, text, "det fremgår ikke, hvilket målepunkt tallet hører til",
                             block)
            return
        target = self.goal.first_target(key)
        if target.kind == "house-share" and self._national_or_other_house(mention, clause_text,
                                                                           target):
            return
        if not _fits(target, reading):
            if reading.unit is not None and reading.unit != target.unit:
                self._unread(key, mention, text, f"tallet er i {_unit_name(reading.unit)}, men målet "
                             f"måles i {_unit_name(target.unit)}", block)
            elif reading.unit is None and (reading.qualifier or reading.marked) \
                    and target.unit in ("procent", "procentpoint"):
                self._unread(key, mention, text, "tallet står uden enhed", block)
            return
        if target.unit == "procent" and mention.value > 100:
            self._unread(key, mention, text, "en andel kan ikke være over 100 procent", block)
            return                            # a misread (an OCR'd table border before "55 %")
        self.result.targets.append(ContractTarget(
            goal=self.goal.id, key=key, measure=target.measure, value=mention.value,
            unit=target.unit, qualifier=reading.qualifier, year=reading.year,
            text=_excerpt(text, clause), block=block,
            passage=(max(sentence[0], unit.span[0]) if unit.span else sentence[0], sentence[1])))

    def _reading(self, text: str, mention: NumberMention, words_from: int, unit: Unit,
                 cell_index: int, clause: tuple[int, int]) -> _Reading:
        """Unit, qualifier and marker from the words since the previous number; year from the clause."""
        after = text[mention.end:mention.end + AFTER_WINDOW]
        before = text[max(words_from, mention.start - BEFORE_WINDOW):mention.start]
        clause_before = text[clause[0]:mention.start]
        if _PERCENT_POINT.match(after):
            unit_name = "procentpoint"
        elif _PERCENT.match(after) or mention.implied_unit == "procent":
            unit_name = "procent"
        elif _COUNT.match(after):
            unit_name = "virksomheder"
        elif _NPS_AFTER.match(after) or _NPS_WORD.search(clause_before):
            unit_name = "NPS"
        else:
            unit_name = None
        qualifier = ""
        qualifiers = list(_QUALIFIER.finditer(before))
        if qualifiers:
            last = qualifiers[-1]
            word = re.sub(r"\s+", " ", last.group(0).lower())
            negated = bool(_NEGATION.search(before[:last.start()]))
            qualifier = "højst" if (word in MAX_QUALIFIERS) != negated else "mindst"
        marked = (bool(_VALUE_MARKER.search(before)) or cell_index in unit.value_cells
                  or _stands_alone(text, mention))
        return _Reading(unit_name, qualifier, marked,
                        self._year(text, mention, clause, unit, cell_index))

    def _year(self, text: str, mention: NumberMention, clause: tuple[int, int], unit: Unit,
              cell_index: int) -> int | None:
        clause_text = text[clause[0]:clause[1]]
        numbers = find_numbers(clause_text)
        years = [m for m in numbers if _is_year(m, clause_text)
                 and not _LABEL_YEAR.search(clause_text[:m.start])]
        if not years:
            return unit.header_year(cell_index)
        start, end = mention.start - clause[0], mention.end - clause[0]
        following = next((m for m in numbers if m.start >= end), None)
        if following is not None and following in years:
            return int(following.value)       # "65 pct. i 2027": the year right after the value
        earlier = [m for m in years if m.end <= start]
        chosen = earlier[-1] if earlier else min(years, key=lambda m: abs(m.start - start))
        return int(chosen.value)

    def _measure(self, text: str, mention: NumberMention, sentence: tuple[int, int],
                 clause: tuple[int, int], unit: Unit, cell_index: int, previous: Unit | None,
                 segment: Segment) -> str | None:
        keys = self.goal.measure_keys()
        if len(keys) == 1:
            return keys[0]
        position = mention.start
        levels: list[tuple[str, int | None]] = [
            (text[clause[0]:clause[1]], position - clause[0]),
            (text[sentence[0]:sentence[1]], position - sentence[0]),
            (text, position),
        ]
        if len(unit.blocks) > 1:
            measure_cells = [unit.blocks[i] for i in sorted(unit.measure_cells) if i < len(unit.blocks)]
            others = measure_cells or [b for i, b in enumerate(unit.blocks)
                                       if i != cell_index and b is not segment.heading]
            levels.append((" ".join(b.text for b in others), None))
        elif previous is not None:
            levels.append((" ".join(b.text for b in previous.blocks), None))
        for context, at in levels:
            key = self._key_in(context.lower(), at)
            if key is not None:
                return key
        return next((t.key for t in self.goal.targets if t.default), None)

    def _key_in(self, context: str, position: int | None) -> str | None:
        specific: list[tuple[int, str]] = []
        general: list[tuple[int, str]] = []
        for target in self.goal.targets:
            for word in target.keywords:
                for found in re.finditer(re.escape(word), context):
                    distance = 0 if position is None else abs(found.start() - position)
                    (general if target.default else specific).append((distance, target.key))
        hits = specific or general
        return min(hits)[1] if hits else None

    def _national_or_other_house(self, mention: NumberMention, clause_text: str,
                                 target: AgreementTarget) -> bool:
        lowered = clause_text.lower()
        names_own = any(name in lowered for name in self.own_names)
        if any(name in lowered for name in self.other_names) and not names_own:
            return True
        national = mention.value == target.national_total or (_NATIONAL_WORDS.search(clause_text)
                                                               and not names_own)
        if national:
            self.result.national_mentions.append(mention.value)
        return bool(national)

    def _unread(self, key: str | None, mention: NumberMention, text: str, reason: str,
                block: TextBlock) -> None:
        start = max(0, mention.start - 30)
        excerpt = text[start:mention.end + 25].strip()
        self.result.unread.append(UnreadValue(goal=self.goal.id, key=key, text=excerpt,
                                              reason=reason, block=block))


def _fits(target: AgreementTarget, reading: _Reading) -> bool:
    """A number in the target's unit; NPS and firm counts also bare, when a qualifier or marker says so."""
    if reading.unit == target.unit:
        return True
    if reading.unit is None and target.unit in ("NPS", "virksomheder"):
        return reading.qualifier != "" or reading.marked
    return False


def _is_year(mention: NumberMention, text: str) -> bool:
    if mention.in_words or not mention.value.is_integer() or "." in mention.text:
        return False
    if int(mention.value) not in _YEAR_VALUES:
        return False
    after = text[mention.end:mention.end + AFTER_WINDOW]
    return not (_PERCENT.match(after) or _PERCENT_POINT.match(after) or _FIRMS.match(after))


def _is_not_a_quantity(mention: NumberMention, text: str) -> bool:
    before = text[max(0, mention.start - 20):mention.start]
    after = text[mention.end:mention.end + AFTER_WINDOW]
    return bool(_REFERENCE_BEFORE.search(before) or _DURATION_AFTER.match(after)
                or _MONEY_AFTER.match(after) or _ORDINAL_AFTER.match(after)
                or _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before))


def _stands_alone(text: str, mention: NumberMention) -> bool:
    """A value on its own, as in a table cell a PDF gives back as a paragraph ("70", "mindst 70")."""
    rest = (text[:mention.start] + text[mention.end:]).strip(" .").lower()
    return rest in _ALONE_WORDS


def _unit_name(unit: str) -> str:
    return {"procent": "procent", "procentpoint": "procentpoint", "NPS": "NPS-point",
            "virksomheder": "antal virksomheder"}.get(unit, unit)


def _excerpt(text: str, clause: tuple[int, int]) -> str:
    excerpt = text[clause[0]:clause[1]].strip()
    return excerpt if len(excerpt) <= 160 else excerpt[:157].rstrip() + "…"
