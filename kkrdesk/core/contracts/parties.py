"""Finding a contract's parties (which KKR, which erhvervshus) and the year it covers."""

from __future__ import annotations

import re

from kkrdesk.core.contracts.agreement import Agreement
from kkrdesk.core.contracts.document_text import DocumentText
from kkrdesk.core.contracts.model import ContractYear, Parties, PartyMention

COVER_BLOCKS = 25
_YEAR_PATTERNS = (
    re.compile(r"resultatkontrakt(?:en)?\s+(?:for\s+)?(?:(?:kalender)?året\s+)?"
               r"(\d{4})(?:\s*[-–/]\s*(\d{2,4}))?(?![\d.])", re.IGNORECASE),
    re.compile(r"(?:kontrakten|aftalen)\s+(?:gælder|dækker)\s+(?:for\s+)?(?:(?:kalender)?året\s+|"
               r"perioden\s+(?:fra\s+)?1\.\s*januar\s+)?(\d{4})(?:\s*[-–/]\s*(\d{2,4}))?", re.IGNORECASE),
    re.compile(r"\bfor\s+(?:kalender)?året\s+(\d{4})(?:\s*[-–/]\s*(\d{2,4}))?", re.IGNORECASE),
)


def kkr_pattern(agreement: Agreement) -> re.Pattern[str]:
    regions = "|".join(re.escape(k.region) for k in agreement.kkrs)
    return re.compile(rf"\b(?:KKR|Kommunekontaktråd(?:et)?)\s+(?:i\s+|for\s+)?(?:Region\s+)?"
                      rf"({regions})s?\b", re.IGNORECASE)


def house_pattern(agreement: Agreement) -> re.Pattern[str]:
    names = sorted({written for h in agreement.houses for written in h.written}, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"\bErhvervshus(?:et)?\s+({alternatives})s?\b", re.IGNORECASE)


def kkr_named(agreement: Agreement, region_written: str) -> str | None:
    for kkr in agreement.kkrs:
        if kkr.region.lower() == region_written.lower():
            return kkr.name
    return None


def house_named(agreement: Agreement, written: str) -> str | None:
    for house in agreement.houses:
        if any(w.lower() == written.lower() for w in house.written):
            return house.id
    return None


def find_parties(document: DocumentText, agreement: Agreement) -> Parties:
    """The KKR and the house the contract is between: the title's pair if the cover names both."""
    kkr_re, house_re = kkr_pattern(agreement), house_pattern(agreement)
    kkr_mentions: list[PartyMention] = []
    house_mentions: list[PartyMention] = []
    for block in document.blocks:
        for match in kkr_re.finditer(block.text):
            name = kkr_named(agreement, match.group(1))
            if name:
                kkr_mentions.append(PartyMention(name, match.group(0), block))
        for match in house_re.finditer(block.text):
            house_id = house_named(agreement, match.group(1))
            if house_id:
                house_mentions.append(PartyMention(house_id, match.group(0), block))
    parties = Parties()
    title = next((block for block in document.blocks[:COVER_BLOCKS]
                  if "kontrakt" in block.text.lower()
                  and any(m.block is block for m in kkr_mentions)
                  and any(m.block is block for m in house_mentions)), None)
    if title is not None:
        parties.kkr = next(m for m in kkr_mentions if m.block is title)
        parties.house = next(m for m in house_mentions if m.block is title)
    else:
        parties.kkr = kkr_mentions[0] if kkr_mentions else None
        parties.house = house_mentions[0] if house_mentions else None
    parties.other_kkr = _distinct_others(kkr_mentions, parties.kkr)
    parties.other_houses = _distinct_others(house_mentions, parties.house)
    return parties


def _distinct_others(mentions: list[PartyMention], chosen: PartyMention | None) -> list[PartyMention]:
    seen: dict[str, PartyMention] = {}
    for mention in mentions:
        if chosen is not None and mention.value == chosen.value:
            continue
        seen.setdefault(mention.value, mention)
    return list(seen.values())


def find_year(document: DocumentText) -> ContractYear | None:
    """The year the contract sets goals for, from its title or its statement of the period."""
    for pattern in _YEAR_PATTERNS:
        for block in document.blocks:
            match = pattern.search(block.text)
            if not match:
                continue
            year = int(match.group(1))
            if not 1990 <= year <= 2100:
                continue
            last = year
            if match.group(2):
                tail = match.group(2)
                last = int(tail) if len(tail) == 4 else year // 100 * 100 + int(tail)
                if last < year:
                    last = year
            return ContractYear(year=year, last_year=last, text=match.group(0), block=block)
    return None
