"""kkrdesk's SVG icons, loaded from package data so they stay sharp on high-DPI screens."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kkrdesk.core.files.kinds import FileKind

KIND_ICONS = {FileKind.PDF: "pdf", FileKind.DOCX: "docx", FileKind.XLSX: "data",
              FileKind.CSV: "data"}
SELECTED_SIZES = (16, 20, 24, 32, 48)
SELECTION_BLUE = "#1f5f8b"          # the theme's selection colour (kkrdesk.ui.theme.ACCENT)
_COLOUR = re.compile(r"#[0-9a-f]{3}(?:[0-9a-f]{3})?\b", re.IGNORECASE)


def selected_variant(svg: str) -> str:
    """The icon inverted for a selected row: its colours turn white, its white details take the
    selection's blue (an "x" on a red disc stays an "x" on a white one).

    Without it a blue icon vanishes into the blue of the selection (Fusion leaves it as drawn).
    """
    return _COLOUR.sub(lambda match: SELECTION_BLUE if _is_detail(match.group()) else "#ffffff", svg)


def _is_detail(colour: str) -> bool:
    """White or near-black: the marks drawn on an icon's coloured body (the "x", the "!")."""
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i:i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return luminance > 235 or luminance < 45


@cache
def icon(name: str) -> QIcon:
    return QIcon(_SelectedWhenAsked(name))


class _SelectedWhenAsked(QIconEngine):
    """The icon as _with_selected_variant draws it, whose selected-row pixmaps are drawn the first
    time a selected row asks for them: drawing them for every icon at start-up took 20-30 ms."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self._plain = QIcon(str(_svg_path(name)))
        self._with_selected: QIcon | None = None

    def _icon(self, mode: QIcon.Mode) -> QIcon:
        if mode != QIcon.Mode.Selected:
            return self._plain
        if self._with_selected is None:
            self._with_selected = _with_selected_variant(self.name)
        return self._with_selected

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._icon(mode).paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._icon(mode).pixmap(size, mode, state)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        return self._icon(mode).pixmap(size, scale, mode, state)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return self._icon(mode).actualSize(size, mode, state)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return self._icon(mode).availableSizes(mode, state)

    def clone(self) -> QIconEngine:
        copy = _SelectedWhenAsked(self.name)
        _CLONES.append(copy)
        return copy


# PySide leaves a clone handed to Qt (when a copy of an icon is changed) owned by Python, which
# would free it on return, under Qt's feet; kept here, it lives until Qt deletes it with the copy.
_CLONES: list[_SelectedWhenAsked] = []


# Beside this module as package data, in a source tree, a wheel and the frozen bundle alike; a plain
# path where importlib.resources would add ~24 M instructions of imports to every start.
ICON_FOLDER = Path(__file__).with_name("icons")


def _svg_path(name: str) -> Path:
    return ICON_FOLDER / f"{name}.svg"


def _with_selected_variant(name: str) -> QIcon:
    """The SVG icon, with selected_variant's pixmaps for selected rows at the usual sizes."""
    path = _svg_path(name)
    loaded = QIcon(str(path))
    renderer = QSvgRenderer(QByteArray(selected_variant(path.read_text(encoding="utf-8")).encode()))
    for size in SELECTED_SIZES:
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        for state in (QIcon.State.Off, QIcon.State.On):   # an expanded row asks for the On state
            loaded.addPixmap(pixmap, QIcon.Mode.Selected, state)
    return loaded


def kind_icon(kind: FileKind) -> QIcon:
    return icon(KIND_ICONS.get(kind, "file"))
