"""On a real display with a window manager, the first window (and one saved on a larger screen) fits the screen."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT
from tests.e2e.test_real_window import XServer

pytestmark = [pytest.mark.slow, pytest.mark.required]

# Starts the window as kkrdesk.ui.app.main does (settings in the default place, every feature), waits
# for the window manager's frame, and prints the frame and the screen's free area.
PROBE = textwrap.dedent("""
    import json, sys
    from PySide6.QtCore import QTimer
    from kkrdesk.ui.app import create_application
    from kkrdesk.ui.features import connect_features
    from kkrdesk.ui.main_window import MainWindow
    from kkrdesk.ui.settings import Settings
    app = create_application([])
    window = MainWindow(Settings())
    connect_features(window)
    if sys.argv[1] == "big":
        window.setGeometry(60, 40, 1800, 1000)
    window.show()
    def report():
        frame, free = window.frameGeometry(), window.screen().availableGeometry()
        print(json.dumps({"frame": frame.getRect(), "inner": window.geometry().getRect(), "free": free.getRect()}))
        window.close()
        app.quit()
    QTimer.singleShot(3000, report)
    app.exec()
""")


def _probe(server: XServer, env: dict[str, str], how: str) -> dict[str, list[int]]:
    done = subprocess.run([sys.executable, "-c", PROBE, how], env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _inside(outer: list[int], inner: list[int]) -> bool:
    (ox, oy, ow, oh), (x, y, w, h) = outer, inner
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


def _on_screen(screen: str, tmp_path, how: str) -> dict[str, list[int]]:
    server = XServer(screen)
    try:
        env = {**server.env, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT),
               "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
        env.pop("QT_DEBUG_PLUGINS", None)
        return _probe(server, env, how)
    finally:
        server.stop()


@pytest.mark.parametrize("screen", ["1024x768", "1920x1080"])
def test_the_window_fits_the_screen_on_first_start_and_after_a_larger_one(tmp_path, screen):
    first = _on_screen(screen, tmp_path, "first")
    assert _inside(first["free"], first["frame"]), first
    assert first["frame"] != first["inner"], "the window manager put no frame round the window"
    if screen == "1920x1080":
        assert first["inner"][2:] == [1280, 820], first
    else:
        assert first["inner"][2] >= 1024 - 40, first
    _on_screen("1920x1080", tmp_path, "big")          # saved 1,800 px wide on a large screen: a docked laptop
    reopened = _on_screen(screen, tmp_path, "again")
    assert _inside(reopened["free"], reopened["frame"]), reopened
    if screen == "1920x1080":
        assert reopened["inner"][2:] == [1800, 1000], reopened     # where it fits, as it was left
