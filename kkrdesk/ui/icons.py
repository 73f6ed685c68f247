"""kkrdesk's SVG icons, loaded from package data so they stay sharp on high-DPI screens."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
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
    path = resources.files("kkrdesk.ui").joinpath("icons", f"{name}.svg")
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
