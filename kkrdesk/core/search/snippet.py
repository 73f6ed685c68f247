"""Where a query's terms stand in a page's text, and a short snippet around the first hit with the hits marked."""

from __future__ import annotations

import heapq
import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from kkrdesk.core.search.query import MIN_SUBSTRING, Query, Term
from kkrdesk.core.search.words import WORD, fold, folded_words, stems_of_words

SNIPPET_CHARS = 180
SNIPPET_REACH = SNIPPET_CHARS + 20  # the farthest a snippet's last mark can start after its first
_WORD_REST = re.compile(r"[^\W_]*")
Span = tuple[int, int]


def find_spans(text: str, query: Query, forms: set[str] | None = None, reach: int | None = None) -> list[Span]:
    """Character ranges in ``text`` that match any positive term, sorted and merged.

    A word matches when its stem equals the term's stem, or (for terms of three letters or
    more) when it contains the term: "opfølgning" is found in "Budgetopfølgningen".
    ``forms`` are the folded words known to have a wanted stem (the index looks them up once
    per query); without them the words of ``text`` are stemmed here. With ``reach`` only the
    spans starting less than ``reach`` characters after the first are found (all a snippet shows).
    """
    text = unicodedata.normalize("NFC", text)
    single = [t for t in query.positive_terms() if not t.phrase]
    found: list[Iterator[Span]] = [(m.span() for m in _phrase_pattern(t).finditer(text))
                                   for t in query.positive_terms() if t.phrase]
    if single:
        if forms is None:
            forms = forms_with_stems(folded_words(text), {t.stems[0] for t in single})
        substrings = {t.folded[0] for t in single if len(t.folded[0]) >= MIN_SUBSTRING}
        found += _word_spans(text, forms, substrings)
    spans: list[Span] = []
    for span in heapq.merge(*found):  # each source is in text order, so the merge is too
        if reach is not None and spans and span[0] >= spans[0][0] + reach:
            break
        spans.append(span)
    return _merge(spans)


def forms_with_stems(folded: list[str], stems: set[str]) -> set[str]:
    """The distinct words among ``folded`` whose stem is one of ``stems``."""
    distinct = sorted(set(folded))
    return {word for word, word_stem in zip(distinct, stems_of_words(distinct).split(" ")) if word_stem in stems}


def _word_spans(text: str, forms: set[str], substrings: set[str]) -> list[Iterator[Span]]:
    """Sources of the spans of words whose folded form is one of ``forms`` or contains one of ``substrings``.

    The whole word is marked ("Budgetopfølgningen", not a piece of it). One case fold of the
    page and plain searches, done lazily: a snippet needs only the first few.
    """
    if not forms and not substrings:
        return []
    folded = text.casefold()
    if len(folded) != len(text):  # a letter folded to two ("ß" to "ss"): positions shift, go word by word
        return [iter([m.span() for m in WORD.finditer(text)
                      if (word := fold(m.group())) in forms or any(sub in word for sub in substrings)])]
    sources = [_containing(folded, sub) for sub in substrings]
    if forms:
        sources.append(_whole_words(folded, forms))
    return sources


def _whole_words(folded: str, forms: set[str]) -> Iterator[Span]:
    pattern = "|".join(map(re.escape, sorted(forms, key=len, reverse=True)))  # a whole word before its start
    for match in re.finditer(pattern, folded):
        start, end = match.span()
        if not (start > 0 and folded[start - 1].isalnum()) and not (end < len(folded) and folded[end].isalnum()):
            yield start, end


def _containing(folded: str, sub: str) -> Iterator[Span]:
    position = folded.find(sub)
    while position >= 0:
        start = position
        while start > 0 and folded[start - 1].isalnum():
            start -= 1
        rest = _WORD_REST.match(folded, position)
        end = rest.end() if rest else position + len(sub)
        yield start, end
        position = folded.find(sub, end)


@lru_cache(maxsize=64)
def _phrase_pattern(term: Term) -> re.Pattern[str]:
    return re.compile(r"[^\w]+".join(re.escape(w) for w in term.words), re.IGNORECASE)


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(text: str, spans: list[Span], width: int = SNIPPET_CHARS) -> tuple[str, list[Span]]:
    """About ``width`` characters around the first hit, whitespace collapsed, with hit ranges in it."""
    text = unicodedata.normalize("NFC", text)
    if not spans:
        return _collapse(text[:width]).strip(), []
    first_start = spans[0][0]
    start = max(0, first_start - width // 3)
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space > 0 and first_start - space < width // 2 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 < space - end < 20 else end
    pieces: list[tuple[str, bool]] = []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append((text[cursor:span_start], False))
        pieces.append((text[span_start:span_end], True))
        cursor = span_end
    pieces.append((text[cursor:end], False))
    snippet, marks = ("…" if start > 0 else ""), []
    for piece, is_hit in pieces:
        piece = _collapse(piece)
        if is_hit:
            marks.append((len(snippet), len(snippet) + len(piece)))
        snippet += piece
    if end < len(text):
        snippet = snippet.rstrip() + "…"
    if snippet[:1].isspace():
        shift = len(snippet) - len(snippet.lstrip())
        snippet = snippet.lstrip()
        marks = [(a - shift, b - shift) for a, b in marks]
    return snippet, marks


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def marked(snippet: str, marks: list[Span], before: str = "»", after: str = "«") -> str:
    """The snippet with each hit wrapped, e.g. for plain-text output."""
    out, cursor = [], 0
    for start, end in marks:
        out.append(snippet[cursor:start] + before + snippet[start:end] + after)
        cursor = end
    out.append(snippet[cursor:])
    return "".join(out)
