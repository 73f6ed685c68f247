"""Word's automatic list numbering as a reader sees it: "Mål 3:" before a paragraph that Word numbers itself."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
MAX_STYLE_CHAIN = 20
_PLACEHOLDER = re.compile(r"%([1-9])")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


class ListLabels:
    """Counts list paragraphs in document order and gives the label Word shows before each."""

    def __init__(self, numbering_element: _Element | None, styles_element: _Element | None) -> None:
        self._abstract: dict[str | None, dict[int, _Element]] = {}   # keyed by the ids as written, absent ones too
        self._nums: dict[str | None, tuple[str | None, dict[int, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        self._last_template = ""
        self._styles = {s.get(W + "styleId"): s for s in styles_element.findall(W + "style")} \
            if styles_element is not None else {}
        if numbering_element is None:
            return
        for abstract in numbering_element.findall(W + "abstractNum"):
            levels = {}
            for level in abstract.findall(W + "lvl"):
                index = _int(level.get(W + "ilvl"))
                if index is not None and 0 <= index < LEVELS:
                    levels[index] = level
            self._abstract[abstract.get(W + "abstractNumId")] = levels
        for num in numbering_element.findall(W + "num"):
            abstract_id = num.find(W + "abstractNumId")
            if abstract_id is None:
                continue
            starts = {}
            for override in num.findall(W + "lvlOverride"):
                start = override.find(W + "startOverride")
                index = _int(override.get(W + "ilvl"))
                if start is not None and index is not None:
                    starts[index] = _int(start.get(W + "val")) or 0
            self._nums[num.get(W + "numId")] = (abstract_id.get(W + "val"), starts)

    def label(self, paragraph: _Element) -> str:
        """The label Word puts before ``paragraph`` when it holds words ("Mål 3:"), else ""."""
        marker = self.marker(paragraph)
        template = self._last_template
        if not re.search(r"[^\W\d_]", _PLACEHOLDER.sub("", template)):
            return ""              # "1.", "a)" or a bullet: nothing a goal could be found by
        return marker

    def marker(self, paragraph: _Element) -> str:
        """The list label of ``paragraph`` as Word shows it ("1.", "Mål 3:"), "-" for a bullet, "" for none.

        Call it once per paragraph, in document order: it counts.
        """
        self._last_template = ""
        num_id, level = self._numbering_of(paragraph)
        if not num_id or num_id not in self._nums:
            return ""
        abstract_id, starts = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        if level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * LEVELS)
        for index in range(LEVELS):
            if index < level and counters[index] == 0:
                counters[index] = self._start(levels, starts, index)
        counters[level] = counters[level] + 1 if counters[level] else self._start(levels, starts,
                                                                                     level)
        for deeper in range(level + 1, LEVELS):
            counters[deeper] = 0
        text_element = levels[level].find(W + "lvlText")
        template = text_element.get(W + "val", "") if text_element is not None else ""
        kind = levels[level].find(W + "numFmt")
        if kind is not None and kind.get(W + "val") in ("bullet", "none"):
            return "-"
        self._last_template = template
        return _PLACEHOLDER.sub(lambda m: _formatted(levels, int(m.group(1)) - 1, counters),
                                template).strip()

    def _start(self, levels: dict[int, _Element], starts: dict[int, int], index: int) -> int:
        if index in starts:
            return starts[index]
        start = levels[index].find(W + "start") if index in levels else None
        return _int(start.get(W + "val")) or 1 if start is not None else 1

    def _numbering_of(self, paragraph: _Element) -> tuple[str | None, int]:
        properties = paragraph.find(W + "pPr")
        numbering = properties.find(W + "numPr") if properties is not None else None
        if numbering is not None:
            num_id = numbering.find(W + "numId")
            level = numbering.find(W + "ilvl")
            return (num_id.get(W + "val") if num_id is not None else None,
                    _int(level.get(W + "val")) or 0 if level is not None else 0)
        style = properties.find(W + "pStyle") if properties is not None else None
        return self._style_numbering_of(style.get(W + "val") if style is not None else None)

    def _style_numbering_of(self, style_id: str | None) -> tuple[str | None, int]:
        seen: set[str] = set()
        while style_id and style_id not in seen and len(seen) < MAX_STYLE_CHAIN:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            numbering = style.find(f"{W}pPr/{W}numPr")
            if numbering is not None:
                num_id = numbering.find(W + "numId")
                level = numbering.find(W + "ilvl")
                return (num_id.get(W + "val") if num_id is not None else None,
                        _int(level.get(W + "val")) or 0 if level is not None else 0)
            based_on = style.find(W + "basedOn")
            style_id = based_on.get(W + "val") if based_on is not None else None
        return None, 0


def _formatted(levels: dict[int, _Element], index: int, counters: list[int]) -> str:
    value = counters[index] if 0 <= index < LEVELS else 0
    element = levels[index].find(W + "numFmt") if index in levels else None
    kind = element.get(W + "val", "decimal") if element is not None else "decimal"
    if kind == "lowerLetter":
        return _letters(value)
    if kind == "upperLetter":
        return _letters(value).upper()
    if kind == "lowerRoman":
        return _roman(value)
    if kind == "upperRoman":
        return _roman(value).upper()
    return str(value)


def _letters(value: int) -> str:
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""


def _roman(value: int) -> str:
    text = ""
    for amount, letters in _ROMAN:
        while value > 0 and amount <= value:
            text += letters
            value -= amount
    return text


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None
