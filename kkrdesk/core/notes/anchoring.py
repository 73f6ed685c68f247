"""Anchoring a note to a quote with context, and finding that quote again in a new version: exact, normalised, fuzzy."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from kkrdesk.core.notes.model import Anchor, BilagText

Search = Callable[[str, str], list[tuple[int, int]]]   # (quote, page text) -> (start, end) of each hit

CONTEXT_CHARS = 48
FUZZY_THRESHOLD = 0.8
MIN_FUZZY_QUOTE = 12


@dataclass(frozen=True)
class Found:
    """Where an anchor's quote stands in a given version."""

    bilag: BilagText
    page: int          # 1-based
    start: int
    end: int
    method: str        # "exact", "normalised" or "fuzzy"


def make_anchor(bilag: BilagText, page: int, start: int, end: int) -> Anchor:
    """An anchor for characters ``start:end`` of page ``page`` (1-based) of ``bilag``."""
    text = bilag.pages[page - 1]
    return Anchor(quote=text[start:end], prefix=text[max(0, start - CONTEXT_CHARS):start],
                  suffix=text[end:end + CONTEXT_CHARS], item_number=bilag.item_number,
                  item_title=bilag.item_title, bilag_number=bilag.bilag_number,
                  bilag_title=bilag.bilag_title, bilag_sha256=bilag.sha256,
                  file_name=PurePosixPath(bilag.file_name).name, page=page, start=start)


def anchor_quote(bilag: BilagText, page: int, quote: str) -> Anchor | None:
    """An anchor for the first place ``quote`` stands on the page (whitespace-tolerant), or None."""
    if not 1 <= page <= len(bilag.pages):
        return None
    text = bilag.pages[page - 1]
    spans = _exact(quote, text) or _normalised(quote, text)
    return make_anchor(bilag, page, *spans[0]) if spans else None


def locate(anchor: Anchor, candidates: list[BilagText]) -> Found | None:
    """The best place for ``anchor`` among ``candidates``, or None (the note is then an orphan).

    Candidates are tried from the most to the least likely: the same file content, the same
    bilag title in the same item, the same title, the same file name, then any bilag; fuzzy
    matching is tried only in the likely ones so a note never jumps to an unrelated bilag.
    """
    tiers = _tiers(anchor, candidates)
    for search in (_exact, _normalised):
        for tier in tiers:
            found = _best(anchor, tier, search)
            if found:
                return found
    if len(_normalise(anchor.quote)[0]) >= MIN_FUZZY_QUOTE:
        for tier in tiers[:-1]:
            found = _best(anchor, tier, _fuzzy)
            if found:
                return found
    return None


def _tiers(anchor: Anchor, candidates: list[BilagText]) -> list[list[BilagText]]:
    name = anchor.file_name
    tests: list[Callable[[BilagText], bool]] = [
        lambda b: b.sha256 == anchor.bilag_sha256,
        lambda b: b.bilag_title == anchor.bilag_title and b.item_title == anchor.item_title,
        lambda b: b.bilag_title == anchor.bilag_title,
        lambda b: bool(name) and PurePosixPath(b.file_name).name == name,
        lambda b: True,
    ]
    tiers: list[list[BilagText]] = []
    used: set[int] = set()
    for test in tests:
        tier = [b for b in candidates if id(b) not in used and test(b)]
        used.update(id(b) for b in tier)
        tiers.append(tier)
    return tiers


def _best(anchor: Anchor, bilag_list: list[BilagText], search: Search) -> Found | None:
    found = [f for bilag in bilag_list for f in [_search_document(anchor, bilag, search)] if f]
    if not found:
        return None
    return max(found, key=lambda f: _score(anchor, f))


def _search_document(anchor: Anchor, bilag: BilagText, search: Search) -> Found | None:
    best, best_score = None, None
    for page_number in range(1, len(bilag.pages) + 1):
        for start, end in search(anchor.quote, bilag.pages[page_number - 1]):
            found = Found(bilag, page_number, start, end, search.__name__.strip("_"))
            score = _score(anchor, found)
            if best_score is None or score > best_score:
                best, best_score = found, score
    return best


def _score(anchor: Anchor, found: Found) -> float:
    """Context agreement first; nearness to the page it was on breaks ties."""
    text = found.bilag.pages[found.page - 1]
    before = text[max(0, found.start - len(anchor.prefix)):found.start]
    after = text[found.end:found.end + len(anchor.suffix)]
    context = 0.0
    if anchor.prefix:
        context += difflib.SequenceMatcher(None, before, anchor.prefix, autojunk=False).ratio()
    if anchor.suffix:
        context += difflib.SequenceMatcher(None, after, anchor.suffix, autojunk=False).ratio()
    return context * 10 - abs(found.page - anchor.page) * 0.01


def _exact(quote: str, text: str) -> list[tuple[int, int]]:
    if not quote:
        return []
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]


def _normalise(text: str) -> tuple[str, list[int]]:
    """Whitespace collapsed, soft hyphen breaks joined and case folded, with each char's original index."""
    out, where = [], []
    previous_space = True
    for index, char in enumerate(text):
        if char.isspace():
            if not previous_space:
                out.append(" ")
                where.append(index)
            previous_space = True
            continue
        previous_space = False
        for folded in char.casefold():
            out.append(folded)
            where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def _normalised(quote: str, text: str) -> list[tuple[int, int]]:
    needle, _ = _normalise(quote)
    haystack, where = _normalise(text)
    if not needle:
        return []
    spans = []
    for match in re.finditer(re.escape(needle), haystack):
        spans.append((where[match.start()], where[match.end() - 1] + 1))
    return spans


def _fuzzy(quote: str, text: str) -> list[tuple[int, int]]:
    """The region of ``text`` most like ``quote``, if similar enough (small edits, reflowed lines)."""
    needle, _ = _normalise(quote)
    haystack, where = _normalise(text)
    if not needle or not haystack:
        return []
    matcher = difflib.SequenceMatcher(None, haystack, needle, autojunk=False)
    best: tuple[float, int, int] | None = None
    for block in matcher.get_matching_blocks():
        if block.size < 4:
            continue
        start = max(0, block.a - block.b)
        for width in (len(needle), int(len(needle) * 0.9), int(len(needle) * 1.1)):
            region = haystack[start:start + width]
            ratio = difflib.SequenceMatcher(None, region, needle, autojunk=False).ratio()
            if best is None or ratio > best[0]:
                best = (ratio, start, start + len(region))
    if best is None or best[0] < FUZZY_THRESHOLD or best[2] <= best[1]:
        return []
    return [(where[best[1]], where[best[2] - 1] + 1)]
