"""Cleaning SurveyXact texts and codes so the XLSX and CSV layouts of one export read alike."""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np
import pandas as pd

from kkrdesk.core import danish

_WHITESPACE = re.compile(r"\s+")
_INTEGER = re.compile(r"^\s*([+-]?\d+)(?:[.,]0+)?\s*$")
_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# A text canonical_code returns as it is: a whole number written plainly, or any text without
# white space at either end that _INTEGER would not match.
_UNCHANGED_TEXT = r"(?s)0|-?[1-9][0-9]*|(?!\s)(?!.*\s\Z)(?![+-]?\d+(?:[.,]0+)?\Z).*"
_UNCHANGED = re.compile(_UNCHANGED_TEXT)


def clean_text(value: object) -> str:
    """A label or question text with runs of whitespace (newlines, tabs, trailing spaces) made one space.

    SurveyXact's XLSX keeps the newline a choice text was typed with where the CSV layouts have a
    trailing space; both read as the same text after this.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(value))
    return _WHITESPACE.sub(" ", text).strip()


def text_key(value: object) -> str:
    """How two texts are compared (KKR names in the mapping against Labels): clean and casefolded."""
    return clean_text(value).casefold()


def canonical_code(value: object) -> str:
    """A Dataset cell as text: whole numbers without decimals ("3", never "3.0"), blank for missing."""
    if value is None:
        return ""
    if isinstance(value, dt.date):      # Excel shows a code as a date when its cell is formatted so
        return danish.format_date(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    match = _INTEGER.match(text)
    return str(int(match.group(1))) if match else text


def canonical_codes(column: pd.Series) -> pd.Series:
    """``canonical_code`` for a whole column, worked out once per distinct value.

    The result is categorical: a survey column holds a handful of distinct codes, and comparing,
    matching and decoding 100,000 of them then works on small integers instead of strings.
    """
    positions, distinct = pd.factorize(column, use_na_sentinel=False)
    return canonical_categorical(positions, np.asarray(distinct, dtype=object), column.index)


def canonical_categorical(positions: np.ndarray, distinct: np.ndarray, index: pd.Index) -> pd.Series:
    """``canonical_codes`` of a column given as the position of each row's value among
    ``distinct`` (an object array, values in the order they first occur; repeats allowed)."""
    canonical = _canonical_distinct(distinct)
    merged, categories = pd.factorize(canonical)     # "3" and "3.0" become one code
    codes = pd.Categorical.from_codes(merged[positions], dtype=pd.CategoricalDtype(pd.Index(categories)))
    return pd.Series(codes, index=index)


def _canonical_distinct(values: np.ndarray) -> np.ndarray:
    """``canonical_code`` of each value, with the two common cases of a column with many
    distinct values (respondent ids) done in vectorised passes: texts that are canonical already
    and whole numbers read as floats. The rest goes through ``canonical_code`` one by one."""
    if len(values) < 1000:
        return np.array([canonical_code(value) for value in values], dtype=object)
    series = pd.Series(values, dtype=object)
    result = values.copy()
    done = np.zeros(len(values), dtype=bool)
    is_text = np.array([type(value) is str for value in values])
    if is_text.any():
        done[is_text] = [_is_canonical_text(text) for text in values[is_text]]
    is_float = np.array([type(value) is float for value in values])
    if is_float.any():
        floats = series[is_float].to_numpy(dtype="float64")
        whole = np.isfinite(floats) & (np.floor(floats) == floats) & (np.abs(floats) < 2**53)
        positions = np.flatnonzero(is_float)[whole]
        result[positions] = floats[whole].astype(np.int64).astype(str).astype(object)
        done[positions] = True
    result[~done] = [canonical_code(value) for value in values[~done]]
    return result


def _is_canonical_text(text: str) -> bool:
    """Whether ``canonical_code`` returns ``text`` as it is: told from its ends when it starts with
    neither a digit nor a sign (as respondent ids like "R0001" do), else by ``_UNCHANGED_TEXT``."""
    if text and not text[0].isspace() and not text[-1].isspace() and not text[0].isdigit() \
            and text[0] not in "+-":
        return True
    return _UNCHANGED.fullmatch(text) is not None


def contains_phrase(label: str, phrases: tuple[str, ...]) -> bool:
    """Whether a cleaned label contains one of ``phrases`` as whole words (case does not matter)."""
    key = f" {re.sub(r'[^0-9a-zæøåäöü]+', ' ', text_key(label))} "
    return any(f" {re.sub(r'[^0-9a-zæøåäöü]+', ' ', text_key(p)).strip()} " in key for p in phrases)


def danish_list(items: list[str]) -> str:
    """``a``, ``a og b``, ``a, b og c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} og {items[-1]}"
