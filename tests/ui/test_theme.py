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


def test_the_written_out_light_palette_is_fusions_own(qapp):
    from PySide6.QtWidgets import QStyleFactory

    fusion = QStyleFactory.create("Fusion").standardPalette()
    ours = theme.fusion_light_palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        for role in QPalette.ColorRole:
            if role not in (QPalette.ColorRole.NoRole, QPalette.ColorRole.NColorRoles):
                assert ours.color(group, role) == fusion.color(group, role), (group, role)
    assert ours == fusion and ours.resolveMask() == fusion.resolveMask()
    light = theme.light_palette()
    assert light.color(QPalette.ColorRole.Highlight) == theme.ACCENT == light.color(QPalette.ColorRole.Link)


def test_a_new_application_is_in_fusion_with_the_palette_of_its_scheme(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    script = ("from kkrdesk.ui.app import create_application\n"
              "from kkrdesk.ui import theme\n"
              "app = create_application(['-style', 'Windows'])\n"
              "import PySide6.QtWidgets as widgets\n"
              "print('QStyle' in vars(widgets), app.palette() == theme.light_palette())\n"
              "print(app.style().name())\n")
    env = {"QT_QPA_PLATFORM": "offscreen", "KKRDESK_THEME": "light", "PYTHONPATH": str(ROOT),
           "KKRDESK_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "fusion"]    # no QStyle class before it was asked for
