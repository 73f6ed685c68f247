"""Table text kkrdesk hands to spreadsheets (the clipboard's tab-separated tables): no cell runs as a formula.

Survey labels, group names and contract titles come from outside. A cell that starts with
``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) is run by Excel and LibreOffice
as a formula when pasted or opened, so it gets a leading apostrophe (OWASP's advice for CSV
injection); a plain number such as ``-3,5`` or ``+12 %`` stays a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d[\d.]*(,\d+)?(\s?%)?$")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet cell that cannot run: a formula-looking start is neutralised."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def tab_separated(rows: Iterable[Iterable[str]]) -> str:
    """Rows as tab-separated text for the clipboard, every cell safe and on its own line and column."""
    lines = ("\t".join(safe_cell(" ".join(str(cell).split("\t")).replace("\r\n", " ").replace("\n", " "))
                       for cell in row) for row in rows)
    return "\n".join(lines) + "\n"
