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

# Arguments for a new QApplication that make Fusion its style: QApplication.setStyle returns the
# style, and taking a QStyle into Python creates its class with eleven enum classes (~48 M
# instructions, a tenth of what the window's start adds to a bare window's).
STYLE_ARGUMENTS = ["-style", "Fusion"]

# Fusion's light palette (QStyle.standardPalette() of Fusion in Qt 6.11) written out, for the same
# reason; tests/ui/test_theme.py compares it with the style's own, role by role. Its greys are
# shades of the window colour, computed as Fusion computes them (to 16 bits a channel).
_WINDOW = QColor("#efefef")
_MID, _DARK = _WINDOW.darker(130), _WINDOW.darker(150)
_SHADOW = _DARK.darker(135)
# role: (active and inactive colour, disabled colour)
_FUSION_LIGHT = {
    "WindowText": ("#000000", "#bebebe"), "Button": (_WINDOW, _WINDOW), "Light": ("#ffffff", "#ffffff"),
    "Midlight": (_MID.lighter(110), _MID.lighter(110)), "Dark": (_DARK, "#bebebe"), "Mid": (_MID, _MID),
    "Text": ("#000000", "#bebebe"), "BrightText": ("#ffffff", "#ffffff"), "ButtonText": ("#000000", "#bebebe"),
    "Base": ("#ffffff", _WINDOW), "Window": (_WINDOW, _WINDOW), "Shadow": (_SHADOW, _SHADOW.lighter(150)),
    "Highlight": ("#308cc6", "#919191"), "HighlightedText": ("#ffffff", "#ffffff"),
    "Link": ("#0000ff", "#0000ff"), "LinkVisited": ("#ff00ff", "#ff00ff"),
    "AlternateBase": ("#f7f7f7", "#f7f7f7"), "ToolTipBase": ("#ffffdc", "#ffffdc"),
    "ToolTipText": ("#000000", "#000000"), "PlaceholderText": ("#80000000", "#80000000"),
    "Accent": ("#308cc6", "#919191"),
}
# Entries Fusion's palette leaves unresolved, so the application takes them from the system's theme.
_FROM_THE_THEME = {"Dark": ("Inactive",), "Mid": ("Active",), "Shadow": ("Inactive",), "Highlight": ("Active",),
                   "ToolTipBase": ("Inactive",), "ToolTipText": ("Active",),
                   "Accent": ("Active", "Inactive", "Disabled")}


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


def fusion_light_palette() -> QPalette:
    """Fusion's own light palette, without asking the style for it."""
    palette = QPalette()
    for name, (enabled, disabled) in _FUSION_LIGHT.items():
        role = QPalette.ColorRole[name]
        palette.setColor(QPalette.ColorGroup.Active, role, QColor(enabled))
        palette.setColor(QPalette.ColorGroup.Inactive, role, QColor(enabled))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    unresolved = sum(1 << (QPalette.ColorRole[name].value * 3 + QPalette.ColorGroup[group].value)
                     for name, groups in _FROM_THE_THEME.items() for group in groups)   # Qt's bit per entry
    palette.setResolveMask(palette.resolveMask() & ~unresolved)
    return palette


def light_palette() -> QPalette:
    palette = fusion_light_palette()
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
    follow_scheme(app)


def follow_scheme(app: QApplication) -> None:
    """The palette of the system's scheme, now and whenever it changes, on an application already in
    Fusion (one made with STYLE_ARGUMENTS)."""

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
