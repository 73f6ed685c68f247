"""Light and dark palettes that follow the system's colour scheme, on Qt's Fusion style."""

from __future__ import annotations

import os
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ACCENT = QColor("#1f5f8b")
STYLE_SHEET = """
QFrame#readOnlyBanner { background: #fff4d6; border-bottom: 1px solid #e0b84c; }
QFrame#readOnlyBanner QLabel { color: #4a3500; }
QLabel#inlineProblem { color: #b3261e; }
QLabel#inlineWarning { color: #8a5a00; }
QLabel#formHeading { font-size: 15pt; font-weight: 600; }
QLabel#meetingHeading { font-size: 13pt; font-weight: 600; }
"""

AnyWidget = TypeVar("AnyWidget", bound=QWidget)


def dark_palette() -> QPalette:
    palette = QPalette()
    window, base, text = QColor(37, 39, 43), QColor(28, 30, 33), QColor(230, 230, 230)
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Base, base), (QPalette.ColorRole.AlternateBase, window),
                         (QPalette.ColorRole.ToolTipBase, window), (QPalette.ColorRole.ToolTipText, text),
                         (QPalette.ColorRole.Text, text), (QPalette.ColorRole.Button, window),
                         (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.Highlight, QColor("#3d7fb3")),
                         (QPalette.ColorRole.HighlightedText, QColor("white")),
                         (QPalette.ColorRole.Link, QColor("#7fb7e6")),
                         (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150))):
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    return palette


def light_palette() -> QPalette:
    palette = QApplication.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Highlight, ACCENT)
    palette.setColor(QPalette.ColorRole.Link, ACCENT)
    return palette


def is_dark() -> bool:
    """The system's scheme; KKRDESK_THEME=dark or light overrides it (screenshots, testing)."""
    forced = os.environ.get("KKRDESK_THEME", "").lower()
    if forced in ("dark", "light"):
        return forced == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply(app: QApplication) -> None:
    """Use Fusion with the palette of the system's scheme, and follow it when it changes."""
    app.setStyle("Fusion")

    def update(*_):
        app.setPalette(dark_palette() if is_dark() else light_palette())

    update()
    app.styleHints().colorSchemeChanged.connect(update)


def styled(widget: AnyWidget) -> AnyWidget:
    """``widget`` (and what it holds) drawn with STYLE_SHEET: a heading, a problem list, the banner.

    The sheet is given only to the widgets it styles, not to the application: with a sheet on the
    application every widget of every window is drawn through Qt's style-sheet style (30-40 ms
    more at start-up). Date, time and page fields get it too: drawn by the style-sheet style they
    are as tall as the combo boxes and line edits beside them, where Fusion's own are 1-2 px taller.
    """
    widget.setStyleSheet(STYLE_SHEET)
    return widget
