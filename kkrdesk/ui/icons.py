"""kkrdesk's SVG icons, loaded from package data so they stay sharp on high-DPI screens."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from kkrdesk.core.meeting import FileKind

KIND_ICONS = {FileKind.PDF: "pdf", FileKind.DOCX: "docx", FileKind.XLSX: "data",
              FileKind.CSV: "data"}


@cache
def icon(name: str) -> QIcon:
    path = str(resources.files("kkrdesk.ui").joinpath("icons", f"{name}.svg"))
    loaded = QIcon(path)
    # Fusion tints a selected row's icon with the highlight colour, which hides it: keep it as drawn
    loaded.addFile(path, QSize(), QIcon.Mode.Selected, QIcon.State.Off)
    return loaded


def kind_icon(kind: FileKind) -> QIcon:
    return icon(KIND_ICONS.get(kind, "file"))
