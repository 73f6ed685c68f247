"""Where a query's terms stand in a page's text, and a short snippet around the first hit with the hits marked."""

from __future__ import annotations

import re
import unicodedata

from kkrdesk.core.search.query import MIN_SUBSTRING, Query, Term
from kkrdesk.core.search.words import WORD, fold, stem

SNIPPET_CHARS = 180
Span = tuple[int, int]


def find_spans(text: str, query: Query, stems: str | None = None) -> list[Span]:
    """Character ranges in ``text`` that match any positive term, sorted and merged.

    A word matches when its stem equals the term's stem, or (for terms of three letters or
    more) when it contains the term: "opfølgning" is found in "Budgetopfølgningen".
    ``stems`` is the stored stem column of the page (one stem per word), to avoid stemming again.
    """
    text = unicodedata.normalize("NFC", text)
    tokens = list(WORD.finditer(text))
    token_stems = stems.split(" ") if stems is not None else None
    if token_stems is None or len(token_stems) != len(tokens):
        token_stems = [stem(t.group()) for t in tokens]
    single = [t for t in query.positive_terms() if not t.phrase]
    phrases = [t for t in query.positive_terms() if t.phrase]
    spans: list[Span] = []
    if single:
        wanted_stems = {t.stems[0] for t in single}
        substrings = [t.folded[0] for t in single if len(t.folded[0]) >= MIN_SUBSTRING]
        for token, token_stem in zip(tokens, token_stems):
            if token_stem in wanted_stems:
                spans.append(token.span())
                continue
            folded = fold(token.group())
            if any(sub in folded for sub in substrings):
                spans.append(token.span())  # the whole word: "Budgetopfølgningen", not a piece
    for term in phrases:
        spans.extend(m.span() for m in _phrase_pattern(term).finditer(text))
    return _merge(spans)


def _phrase_pattern(term: Term) -> re.Pattern:
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
