"""Which Word runs a reader sees: text formatted hidden (w:vanish, w:webHidden), directly or by style, is not."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HIDING = (W + "vanish", W + "webHidden")
MAX_STYLE_CHAIN = 20          # basedOn links followed before a chain is taken as a loop
_OFF = {"0", "false", "off"}


def hides(run_properties: _Element | None) -> bool | None:
    """True or False where ``w:rPr`` sets hidden text, None where it says nothing.

    ``w:vanish`` and ``w:webHidden`` are toggles: present without a value means on.
    """
    if run_properties is None:
        return None
    said = None
    for tag in HIDING:
        element = run_properties.find(tag)
        if element is not None:
            on = (element.get(W + "val") or "true").lower() not in _OFF
            said = on or bool(said)
    return said


class HiddenText:
    """Decides hiddenness for runs and paragraph marks from direct formatting, styles and defaults."""

    def __init__(self, styles_element: _Element | None) -> None:
        self._styles: dict[str, _Element] = {}
        self._default = False
        self._cache: dict[str, bool | None] = {}
        if styles_element is None:
            return
        for style in styles_element.findall(W + "style"):
            style_id = style.get(W + "styleId")
            if style_id:
                self._styles[style_id] = style
        default = styles_element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self._default = bool(hides(default))

    def run_hidden(self, run: _Element, paragraph_style: str | None) -> bool:
        """Whether run ``w:r`` is hidden: its own formatting, else its character and paragraph styles."""
        return self._hidden(run.find(W + "rPr"), paragraph_style)

    def mark_hidden(self, paragraph: _Element) -> bool:
        """Whether the paragraph mark is hidden (Word then joins the paragraph to the next one)."""
        properties = paragraph.find(W + "pPr")
        marks = properties.find(W + "rPr") if properties is not None else None
        return self._hidden(marks, paragraph_style_of(paragraph))

    def _hidden(self, run_properties: _Element | None, paragraph_style: str | None) -> bool:
        direct = hides(run_properties)
        if direct is not None:
            return direct
        character = None
        if run_properties is not None:
            style = run_properties.find(W + "rStyle")
            if style is not None:
                character = self._style_hides(style.get(W + "val"))
        paragraph = self._style_hides(paragraph_style)
        if character is None and paragraph is None:
            return self._default
        return bool(character) != bool(paragraph)      # toggles set at two style levels cancel

    def _style_hides(self, style_id: str | None) -> bool | None:
        if not style_id:
            return None
        if style_id not in self._cache:
            said = None
            seen: set[str] = set()
            current: str | None = style_id
            while current and current not in seen and len(seen) < MAX_STYLE_CHAIN:
                seen.add(current)
                style = self._styles.get(current)
                if style is None:
                    break
                said = hides(style.find(W + "rPr"))
                if said is not None:
                    break
                based_on = style.find(W + "basedOn")
                current = based_on.get(W + "val") if based_on is not None else None
            self._cache[style_id] = said
        return self._cache[style_id]


def paragraph_style_of(paragraph: _Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None
