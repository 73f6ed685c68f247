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


def stems_of(text: str) -> str:
    """The stems of every word of ``text`` joined by spaces, one per word in order."""
    stemmer = _stemmer()
    return " ".join(stemmer.stemWords([fold(w) for w in words(text)]))
