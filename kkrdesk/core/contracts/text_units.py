"""Sentences and clauses of Danish prose as character spans, so a number can be read with its own words."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset({"jf", "fx", "f.eks", "eks", "bl.a", "ca", "nr", "mv", "m.v", "evt", "dvs",
                           "inkl", "kr", "mio", "mia", "stk", "pkt", "min", "maks", "ift", "vedr",
                           "iht", "mht", "pga", "etc", "ang", "s", "tlf", "hhv", "resp"})
_SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'»“(]?[A-ZÆØÅ0-9])|\n")
_CLAUSE_BREAK = re.compile(r",\s|;\s|\s(?:og|samt|mens|men)\s")
_WORD_BEFORE = re.compile(r"([\w.]+)$")

Span = tuple[int, int]


def sentence_spans(text: str) -> list[Span]:
    """Where each sentence of ``text`` starts and ends (line breaks end sentences too)."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0) == ".":
            word = _WORD_BEFORE.search(text[start:match.start()])
            if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
                continue
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clause_spans(text: str, within: Span) -> list[Span]:
    """The clauses of one sentence: split at commas, semicolons and co-ordinating words."""
    start, end = within
    spans: list[Span] = []
    cursor = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if end > cursor:
        spans.append((cursor, end))
    return spans or [within]


def span_containing(spans: list[Span], position: int) -> Span:
    for span in spans:
        if span[0] <= position < span[1]:
            return span
    return (0, 0) if not spans else spans[-1]
