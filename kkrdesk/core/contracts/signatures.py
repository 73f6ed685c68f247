"""Finding the signature block: who is to sign (the chair of the KKR, the chair of the house's board) and by name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kkrdesk.core.contracts.agreement import Agreement
from kkrdesk.core.contracts.document_text import DocumentText, TextBlock
from kkrdesk.core.contracts.model import Signature
from kkrdesk.core.contracts.parties import house_named, house_pattern, kkr_named, kkr_pattern

MAX_SIGNATURE_CHARS = 250
TAIL_SHARE = 0.4
_SIGNATURE_HEADING = re.compile(r"^(?:\d{1,2}\.?\s+)?(?:underskrift|underskrevet|signatur|godkendelse"
                                r"|for\s+parterne|parternes\s+underskrift)", re.IGNORECASE)
_PROSE = re.compile(r"underskrive[rs]?\b|\bskal\b|\bindgås\b|\bgodkendes\b|\bforhandles\b|\baftales\b",
                    re.IGNORECASE)
_CHAIR = re.compile(r"(?<!næst)(?<!vice)(?<!vice-)formand|bestyrelsesformand", re.IGNORECASE)
_DEPUTY = re.compile(r"næstformand|viceformand|vice-formand", re.IGNORECASE)
_KKR_WORD = re.compile(r"\bKKR\b|kommunekontaktråd", re.IGNORECASE)
_HOUSE_WORD = re.compile(r"erhvervshus|bestyrelse", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZÆØÅ][a-zæøåéü'\-]+(?:\s+(?:[A-ZÆØÅ][a-zæøåéü'\-\.]+|de|von|van)){1,4}$")
_ROLE_WORDS = re.compile(r"formand|kkr|erhvervshus|bestyrelse|dato|sted|underskrift|for\s", re.IGNORECASE)


def find_signatures(document: DocumentText, agreement: Agreement) -> list[Signature]:
    """Every signer place in the signature block, in document order."""
    blocks = _signature_area(document.blocks)
    found: list[Signature] = []
    for position, block in enumerate(blocks):
        text = block.text
        if len(text) > MAX_SIGNATURE_CHARS or _PROSE.search(text):
            continue
        context = _context(document, blocks, position)
        for line in text.split("\n"):
            role = _role(line, text, context)
            if role is None:
                continue
            party = next((found_party for scope in (line, text, context)
                          if (found_party := _party(scope, role, agreement))), None)
            name = _name(text.split("\n")) or _name(reversed(context.split("\n")))
            signature = Signature(role=role, party=party, name=name, block=block)
            if not any(s.role == role and s.block is block for s in found):
                found.append(signature)
    return found


def _signature_area(blocks: list[TextBlock]) -> list[TextBlock]:
    for index, block in enumerate(blocks):
        if _SIGNATURE_HEADING.match(block.text) and len(block.text) <= 80:
            return blocks[index:]
    return blocks[int(len(blocks) * (1 - TAIL_SHARE)):]


def _context(document: DocumentText, blocks: list[TextBlock], position: int) -> str:
    """Text that names the party of a bare "Formand": the cells above in a table, else the lines before."""
    block = blocks[position]
    table = document.table_of(block)
    row_number, column = block.location.row, block.location.column
    if table is not None and row_number is not None and column is not None:
        above = [row[column - 1].text for row in table.rows[:row_number - 1] if column - 1 < len(row)]
        return "\n".join(above[-3:])
    before = [b.text for b in blocks[max(0, position - 3):position] if document.table_of(b) is None]
    return "\n".join(before)


def _role(line: str, block_text: str, context: str) -> str | None:
    if _CHAIR.search(line):
        kind = "chair"
    elif _DEPUTY.search(line):
        kind = "deputy"
    else:
        return None
    for scope in (line, block_text, context):
        names_kkr, names_house = bool(_KKR_WORD.search(scope)), bool(_HOUSE_WORD.search(scope))
        if names_kkr and not names_house:
            return f"kkr-{kind}"
        if names_house and not names_kkr:
            return f"house-{kind}"
        kkr, house = _KKR_WORD.search(scope), _HOUSE_WORD.search(scope)
        if kkr and house:
            return f"kkr-{kind}" if kkr.start() < house.start() else f"house-{kind}"
    return None


def _party(text: str, role: str, agreement: Agreement) -> str | None:
    """The KKR name (for a KKR role) or house id (for a house role) that ``text`` names."""
    if role.startswith("kkr"):
        kkr = kkr_pattern(agreement).search(text)
        return kkr_named(agreement, kkr.group(1)) if kkr else None
    house = house_pattern(agreement).search(text)
    return house_named(agreement, house.group(1)) if house else None


def _name(lines: Iterable[str]) -> str:
    for line in lines:
        candidate = line.strip().strip(",")
        if _NAME.match(candidate) and not _ROLE_WORDS.search(candidate):
            return candidate
    return ""
