"""Danish words: splitting text into words, case folding and Snowball stemming, the same for index and query."""

from __future__ import annotations

import re
import threading
import unicodedata

import Stemmer

WORD = re.compile(r"[^\W_]+")
_local = threading.local()  # a PyStemmer stemmer must not be shared between threads


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("danish")
    return stemmer


def fold(word: str) -> str:
    """Case-folded NFC form; keeps æ, ø and å apart from a and o (no diacritic folding)."""
    return unicodedata.normalize("NFC", word).casefold()


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFC", text))


def stem(word: str) -> str:
    """The Danish stem: "kommunalbestyrelsens" and "kommunalbestyrelse" both give "kommunalbestyr"."""
    return _stemmer().stemWord(fold(word)) or fold(word)


def folded_words(text: str) -> list[str]:
    """``fold`` of every word of ``text``, in order.

    One casefold of the joined words instead of one call per word: the words are already NFC
    (pieces of an NFC text cut at non-word characters), and casefolding never makes a space.
    """
    found = words(text)
    return " ".join(found).casefold().split(" ") if found else []


def stems_of_words(folded: list[str]) -> str:
    """The stems of already folded words joined by spaces, one per word in order."""
    return " ".join(_stemmer().stemWords(folded))


def stems_of(text: str) -> str:
    """The stems of every word of ``text`` joined by spaces, one per word in order."""
    return stems_of_words(folded_words(text))


class StemCache:
    """``stems_of_words`` with each distinct word stemmed once: a meeting repeats its words thousands of times."""

    def __init__(self) -> None:
        self._stems: dict[str, str] = {}

    def of(self, folded: list[str]) -> list[str]:
        """The stems of already folded words, one per word in order."""
        stems = self._stems
        new = [word for word in set(folded) if word not in stems]
        if new:
            stems.update(zip(new, _stemmer().stemWords(new), strict=True))
        return [stems[word] for word in folded]
