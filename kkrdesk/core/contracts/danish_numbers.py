"""Numbers as Danish documents write them: "1.200", "52,5", "halvfjerds", "tolv hundrede", "halvdelen"."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kkrdesk.core import danish

UNITS = {"nul": 0, "en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
         "seks": 6, "syv": 7, "otte": 8, "ni": 9}
TEENS = {"ti": 10, "elleve": 11, "tolv": 12, "tretten": 13, "fjorten": 14, "femten": 15,
         "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19}
TENS = {"tyve": 20, "tredive": 30, "fyrre": 40, "fyrretyve": 40, "halvtreds": 50,
        "halvtredsindstyve": 50, "tres": 60, "tresindstyve": 60, "halvfjerds": 70,
        "halvfjerdsindstyve": 70, "firs": 80, "firsindstyve": 80, "halvfems": 90,
        "halvfemsindstyve": 90}
MULTIPLIERS = {"hundrede": 100, "tusind": 1000, "tusinde": 1000}
AND = "og"
# Words that stand for a share; they carry their unit with them.
SHARE_WORDS = {"halvdelen": 50.0, "halvdel": 50.0}
# Fractions, read as shares in percent after their count ("en tredjedel", "tre fjerdedele").
FRACTIONS = {"tredjedel": 3, "tredjedele": 3, "tredjedelen": 3, "fjerdedel": 4, "fjerdedele": 4,
             "femtedel": 5, "femtedele": 5, "tiendedel": 10, "tiendedele": 10}
_OUT_OF = re.compile(r"^\s+ud\s+af\s+$", re.IGNORECASE)      # "syv ud af ti"
ARTICLES = frozenset({"en", "et", "én", "ét"})

_SMALL = {**UNITS, **TEENS, **TENS}
_MORPHEMES = sorted([*UNITS, *TEENS, *TENS, *MULTIPLIERS, AND], key=len, reverse=True)

# Digits with thousands dots ("1.200") or plain, with an optional decimal comma ("52,5").
# A dot followed by something other than three digits is a section or item number ("8.1"),
# which is not a quantity; the look-arounds leave those alone.
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?![\w]|[.,]\d)")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class NumberMention:
    """A number found in a text: its value, where it stands, and how it was written."""

    value: float
    start: int
    end: int
    text: str
    in_words: bool = False
    implied_unit: str | None = None   # "procent" for share words such as "halvdelen"


def format_number(value: float) -> str:
    """A value as a Danish reader expects it: ``1.200``, ``52,5``."""
    if float(value).is_integer():
        return danish.format_int(int(value))
    return danish.format_decimal(value, 1)


def parse_number(text: str) -> float | None:
    """The value of ``text`` if the whole of it is one number (digits or words), else None."""
    stripped = text.strip()
    found = find_numbers(stripped)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(stripped):
        return found[0].value
    return None


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in ``text``, in order, whether written in digits or in words."""
    mentions = [_digit_mention(match) for match in _DIGITS.finditer(text)]
    mentions.extend(_word_mentions(text))
    return _shares_out_of(text, sorted(mentions, key=lambda mention: mention.start))


def _shares_out_of(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """"7 ud af 10" as one share of 70 percent."""
    result: list[NumberMention] = []
    index = 0
    while index < len(mentions):
        part = mentions[index]
        whole = mentions[index + 1] if index + 1 < len(mentions) else None
        if whole is not None and whole.value > 0 and part.value <= whole.value \
                and _OUT_OF.match(text[part.end:whole.start]):
            result.append(NumberMention(value=round(100 * part.value / whole.value, 1),
                                        start=part.start, end=whole.end,
                                        text=text[part.start:whole.end],
                                        in_words=part.in_words or whole.in_words,
                                        implied_unit="procent"))
            index += 2
            continue
        result.append(part)
        index += 1
    return result


def _digit_mention(match: re.Match[str]) -> NumberMention:
    whole = match.group(1).replace(".", "")
    value = float(f"{whole}.{match.group(2)}") if match.group(2) else float(whole)
    return NumberMention(value=value, start=match.start(), end=match.end(), text=match.group(0))


def _word_mentions(text: str) -> list[NumberMention]:
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    mentions: list[NumberMention] = []
    run: list[tuple[int, int, tuple[str, ...]]] = []

    def flush() -> None:
        while run and run[-1][2] == (AND,):
            run.pop()
        if run:
            mentions.extend(_evaluate_run(text, run))
        run.clear()

    for start, end, word in words:
        if word in FRACTIONS:
            count = _evaluate([m for _, _, morphemes in run for m in morphemes]) if run else None
            begin = run[0][0] if count is not None else start
            if count is None:
                flush()
            run.clear()
            share = round(100 * (count or 1) / FRACTIONS[word], 1)
            mentions.append(NumberMention(value=share, start=begin, end=end, text=text[begin:end],
                                          in_words=True, implied_unit="procent"))
            continue
        if word in SHARE_WORDS:
            flush()
            mentions.append(NumberMention(value=SHARE_WORDS[word], start=start, end=end,
                                          text=text[start:end], in_words=True,
                                          implied_unit="procent"))
            continue
        gap = text[run[-1][1]:start] if run else ""
        adjacent = not run or (gap.strip() == "" and "\n" not in gap)
        if not adjacent:
            flush()
        if word == AND:
            if run and run[-1][2] != (AND,):
                run.append((start, end, (AND,)))
            continue
        morphemes = _segment(word)
        if morphemes is None:
            flush()
            continue
        run.append((start, end, morphemes))
    flush()
    return mentions


def _evaluate_run(text: str, run: list[tuple[int, int, tuple[str, ...]]]) -> list[NumberMention]:
    """One number for a run of number words, or one per piece when the run does not parse."""
    value = _evaluate([m for _, _, morphemes in run for m in morphemes])
    if value is not None:
        if len(run) == 1 and run[0][2] and "".join(run[0][2]) in ARTICLES:
            return []
        start, end = run[0][0], run[-1][1]
        return [NumberMention(value=float(value), start=start, end=end, text=text[start:end],
                              in_words=True)]
    pieces: list[NumberMention] = []
    for start, end, morphemes in run:
        if morphemes == (AND,):
            continue
        single = _evaluate(morphemes)
        if single is not None and "".join(morphemes) not in ARTICLES:
            pieces.append(NumberMention(value=float(single), start=start, end=end,
                                        text=text[start:end], in_words=True))
    return pieces


@functools.lru_cache(maxsize=4096)
def _segment(word: str) -> tuple[str, ...] | None:
    """Split a word written as one ("femoghalvfjerds") into number morphemes, or None."""
    if word in _SMALL or word in MULTIPLIERS:
        return (word,)
    return _segment_from(word, 0) if len(word) <= 40 else None


def _segment_from(word: str, position: int) -> tuple[str, ...] | None:
    if position == len(word):
        return ()
    for morpheme in _MORPHEMES:
        if word.startswith(morpheme, position):
            rest = _segment_from(word, position + len(morpheme))
            if rest is not None:
                return (morpheme, *rest)
    return None


def _evaluate(morphemes: list[str] | tuple[str, ...]) -> int | None:
    """The value of number morphemes in Danish order ("fem og halvfjerds" = 75), or None."""
    tokens: list[int] = []
    index = 0
    while index < len(morphemes):
        current = morphemes[index]
        if (current in UNITS and index + 2 < len(morphemes) and morphemes[index + 1] == AND
                and morphemes[index + 2] in TENS):
            tokens.append(UNITS[current] + TENS[morphemes[index + 2]])
            index += 3
            continue
        if current == AND:
            if not tokens or tokens[-1] not in (100, 1000) or index == len(morphemes) - 1:
                return None
        elif current in MULTIPLIERS:
            tokens.append(MULTIPLIERS[current])
        else:
            tokens.append(_SMALL[current])
        index += 1
    return _combine(tokens) if tokens else None


def _combine(tokens: list[int]) -> int | None:
    total, chunk, small = 0, 0, None
    previous_multiplier = False
    for token in tokens:
        if token == 100 and not previous_multiplier:
            chunk += (1 if small is None else small) * 100
            small, previous_multiplier = None, True
        elif (token == 1000 and not previous_multiplier) or (token == 1000 and chunk):
            total += ((chunk + (small or 0)) or 1) * 1000
            chunk, small, previous_multiplier = 0, None, True
        elif token in (100, 1000):
            return None
        else:
            if small is not None:
                return None
            small, previous_multiplier = token, False
    return total + chunk + (small or 0)
