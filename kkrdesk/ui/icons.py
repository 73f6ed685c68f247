"""kkrdesk's SVG icons, loaded from package data so they stay sharp on high-DPI screens."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kkrdesk.core.meeting import FileKind

KIND_ICONS = {FileKind.PDF: "pdf", FileKind.DOCX: "docx", FileKind.XLSX: "data",
              FileKind.CSV: "data"}
SELECTED_SIZES = (16, 20, 24, 32, 48)
_WHITE = re.compile(r"#(?:fff|ffffff)\b", re.IGNORECASE)
_COLOUR = re.compile(r"#[0-9a-f]{3}(?:[0-9a-f]{3})?\b", re.IGNORECASE)


def selected_variant(svg: str) -> str:
    """The icon drawn white, as on a selected row: white parts go clear, every colour turns white.

    Without it a blue icon vanishes into the blue of the selection (Fusion leaves it as drawn).
    """
    cleared = _WHITE.sub("none", svg)
    return _COLOUR.sub("#ffffff", cleared)


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
