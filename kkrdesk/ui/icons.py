"""kkrdesk's SVG icons, loaded from package data so they stay sharp on high-DPI screens."""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon

from kkrdesk.core.meeting import FileKind

KIND_ICONS = {FileKind.PDF: "pdf", FileKind.DOCX: "docx", FileKind.XLSX: "data",
              FileKind.CSV: "data"}


@cache
def icon(name: str) -> QIcon:
    path = resources.files("kkrdesk.ui").joinpath("icons", f"{name}.svg")
    return QIcon(str(path))


def kind_icon(kind: FileKind) -> QIcon:
    return icon(KIND_ICONS.get(kind, "file"))
