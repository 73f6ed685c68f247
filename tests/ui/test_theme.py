"""The palette follows the system's light or dark scheme, and changes with it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from kkrdesk.ui import theme


def test_palette_follows_the_colour_scheme(qapp, monkeypatch):
    scheme = {"dark": True}
    monkeypatch.setattr(theme, "is_dark", lambda: scheme["dark"])
    theme.apply(qapp)
    try:
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 80
        scheme["dark"] = False
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)  # the system switched
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:
        qapp.setStyleSheet("")
