"""How deeply a TOML or JSON text nests its lists and tables, measured before a recursive parser sees it."""

from __future__ import annotations

import re
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.limits import MAX_NESTING_DEPTH

# What ends each state of the scan; strings and comments hide their brackets.
_NEXT = {
    "code": re.compile(r"\"\"\"|'''|\"|'|#|[\[\]{}]"),
    '"': re.compile(r'\\.|"|\n', re.DOTALL),
    "'": re.compile(r"'|\n"),
    '"""': re.compile(r'\\.|"""', re.DOTALL),
    "'''": re.compile(r"'''"),
    "#": re.compile(r"\n"),
}


def nesting_depth(text: str, *, stop_after: int = MAX_NESTING_DEPTH) -> int:
    """The deepest nesting of [ ] and { } outside strings and comments (stops counting past ``stop_after``)."""
    state, depth, deepest, position = "code", 0, 0, 0
    while True:
        match = _NEXT[state].search(text, position)
        if match is None:
            return deepest
        token, position = match.group(), match.end()
        if state == "code":
            if token in "[{":
                depth += 1
                deepest = max(deepest, depth)
                if deepest > stop_after:
                    return deepest
            elif token in "]}":
                depth = max(depth - 1, 0)
            else:
                state = token
        elif not token.startswith("\\"):
            state = "code"


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def too_deep(text: str) -> bool:
    """True if ``text`` nests deeper than MAX_NESTING_DEPTH.

    Counting every bracket, in strings too, can only count deeper; only when that count is
    over the limit is the text scanned properly (fast for the ordinary file, read at each open).
    """
    depth = deepest = 0
    for bracket in _NOT_BRACKET.sub("", text):
        depth = max(depth + _STEP[bracket], 0)
        deepest = max(deepest, depth)
    return deepest > MAX_NESTING_DEPTH and nesting_depth(text) > MAX_NESTING_DEPTH


def refuse_deep_nesting(text: str, *, file: str | Path, what: str, hint: str) -> None:
    """Raise BadFileError naming ``file`` if ``text`` nests deeper than MAX_NESTING_DEPTH."""
    if too_deep(text):
        raise BadFileError(f"{what} har lister eller tabeller inde i hinanden i mere end "
                           f"{MAX_NESTING_DEPTH} lag, så den kan ikke være lavet til kkrdesk og "
                           "læses ikke.", reason="too-deep", file=file, hint=hint)
