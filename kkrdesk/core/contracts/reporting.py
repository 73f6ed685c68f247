"""What a contract says about the house's reporting: when (which quarter) and to whom."""

from __future__ import annotations

import re

from kkrdesk.core.contracts.document_text import DocumentText
from kkrdesk.core.contracts.model import Reporting
from kkrdesk.core.contracts.sections import is_heading_like
from kkrdesk.core.danish import MONTHS

_REPORTING = re.compile(r"afrapport|rapporter(?:er|es|ing)|resultatopgørelse|redegør\w* for "
                        r"målopfyldelse", re.IGNORECASE)
_QUARTER_WORDS = {"første": 1, "1.": 1, "andet": 2, "anden": 2, "2.": 2, "tredje": 3, "3.": 3,
                  "fjerde": 4, "4.": 4}
_QUARTER = re.compile(r"(første|andet|anden|tredje|fjerde|[1-4]\.)\s*kvartal", re.IGNORECASE)
_MONTH = re.compile(r"(senest|inden|før)\s+(?:den\s+)?(?:(\d{1,2})\.\s*|udgangen\s+af\s+)?("
                    + "|".join(MONTHS) + r")", re.IGNORECASE)
_RECIPIENTS = {
    "KKR": re.compile(r"\bKKR\b|kommunekontaktråd", re.IGNORECASE),
    "KL": re.compile(r"\bKL\b|kommunernes landsforening", re.IGNORECASE),
    "Erhvervsstyrelsen": re.compile(r"erhvervsstyrelsen|\bERST\b", re.IGNORECASE),
}
_AGREEMENT_REFERENCE = re.compile(r"rammeaftale\w*\s+(?:afsnit|pkt\.?|punkt)\s*9|jf\.\s*rammeaftale",
                                  re.IGNORECASE)


def find_reporting(document: DocumentText) -> Reporting:
    """The blocks about reporting, the latest quarter they name, and the recipients they list."""
    reporting = Reporting()
    for block in document.blocks:
        if not _REPORTING.search(block.text) or is_heading_like(block):
            continue
        reporting.blocks.append(block)
        for name, pattern in _RECIPIENTS.items():
            if pattern.search(block.text):
                reporting.recipients.add(name)
        if _AGREEMENT_REFERENCE.search(block.text):
            reporting.refers_to_agreement = True
        quarter, text = _quarter(block.text)
        if quarter is not None and (reporting.quarter is None or quarter > reporting.quarter):
            reporting.quarter, reporting.quarter_text, reporting.quarter_block = quarter, text, block
    return reporting


def _quarter(text: str) -> tuple[int | None, str]:
    match = _QUARTER.search(text)
    if match:
        return _QUARTER_WORDS[match.group(1).lower()], match.group(0)
    month = _MONTH.search(text)
    if month:
        index = MONTHS.index(month.group(3).lower())
        if month.group(1).lower() in ("inden", "før") and month.group(2) == "1":
            index = max(0, index - 1)      # "før 1. juli" is the end of June
        return index // 3 + 1, month.group(0)
    return None, ""
