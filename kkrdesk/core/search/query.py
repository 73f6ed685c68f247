"""Turning what a user types into a search query: words, "phrases", -exclusions, OR and prefix*, never an FTS syntax error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kkrdesk.core.search.words import fold, stem, words

MIN_SUBSTRING = 3  # the trigram table cannot look for shorter substrings
MAX_TERMS = 20
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR_WORDS = {"OR", "ELLER", "|"}
_NOT_WORDS = {"NOT", "IKKE"}
_IGNORED_OPERATORS = {"AND", "OG", "&", "+"}


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word (maybe with a trailing *) or a phrase of words in order."""

    words: tuple[str, ...]
    phrase: bool = False

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(w) for w in self.words)

    @property
    def stems(self) -> tuple[str, ...]:
        return tuple(stem(w) for w in self.words)

    def substring(self) -> str | None:
        """The folded text to look for inside words, if long enough for the trigram lookup."""
        text = " ".join(self.folded)
        return text if len(text) >= MIN_SUBSTRING else None


@dataclass
class Query:
    """All clauses must match (each clause: any of its terms); no excluded term may."""

    clauses: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.clauses

    def positive_terms(self) -> list[Term]:
        return [term for clause in self.clauses for term in clause]


def parse_query(text: str) -> Query:
    """Parse user input; anything that is not a word is ignored rather than refused.

    ``a b`` both words; ``"a b"`` the phrase; ``-a`` or ``IKKE a`` without a; ``a OR b`` /
    ``a ELLER b`` either; ``kommun*`` a prefix (substring search covers it). Operators are
    recognised only in capitals, so the Danish words "og" and "eller" are searched as words.
    """
    query = Query()
    join_next = exclude_next = False
    for match in _TOKEN.finditer(text or ""):
        minus, phrase_text, bare = match.groups()
        if bare is not None:
            if bare in _OR_WORDS:
                join_next = bool(query.clauses)
                continue
            if bare in _NOT_WORDS:
                exclude_next = True
                continue
            if bare in _IGNORED_OPERATORS:
                continue
            exclude = exclude_next or (bare.startswith("-") and len(bare) > 1)
            found = words(bare)
            term = Term(tuple(found), phrase=len(found) > 1) if found else None
        else:
            exclude = exclude_next or bool(minus)
            found = words(phrase_text)
            term = Term(tuple(found), phrase=len(found) > 1) if found else None
        exclude_next = False
        if term is None:
            continue
        if exclude:
            query.excluded.append(term)
        elif join_next and query.clauses:
            query.clauses[-1].append(term)
        else:
            query.clauses.append([term])
        join_next = False
        if len(query.clauses) + len(query.excluded) >= MAX_TERMS:
            break
    return query


def quoted(text: str) -> str:
    """``text`` as one FTS5 string (a word or phrase), whatever it contains."""
    return '"' + text.replace('"', '""') + '"'


def word_match(term: Term) -> str:
    """An FTS5 expression for the stemmed-words column: the stem, or the stems as a phrase."""
    return "stems : " + quoted(" ".join(term.stems))


def exact_match(term: Term) -> str:
    """An FTS5 expression for the text column: the words as written, as a phrase."""
    return "text : " + quoted(" ".join(term.folded))
