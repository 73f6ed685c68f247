"""The palette follows the system's light or dark scheme, and changes with it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette

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


def test_the_sheet_is_on_the_widgets_it_styles_not_on_the_application(qapp):
    from PySide6.QtWidgets import QLabel

    theme.apply(qapp)
    assert qapp.styleSheet() == ""      # no application-wide sheet: other widgets draw with Fusion alone
    heading = theme.styled(QLabel("Punkt 2.2"))
    heading.setObjectName("formHeading")
    heading.ensurePolished()
    assert heading.font().pointSize() == 15 and heading.font().weight() == QFont.Weight.DemiBold
