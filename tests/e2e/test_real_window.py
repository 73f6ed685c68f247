"""A real window on a real X server: kkrdesk started on a meeting folder under Xvfb and a window manager.

The rest of the suite runs Qt offscreen; this test alone gives the child process the xcb platform,
so a missing xcb library (the reason ``make run`` failed on a fresh Debian) fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, private_home

WINDOW_TIMEOUT_S = 90
EXIT_TIMEOUT_S = 30
SCREEN = "1280x800"

pytestmark = [pytest.mark.slow, pytest.mark.required]


def _tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: run tools/system-packages.sh"
    return found


class XServer:
    """Xvfb (choosing its own free display) with openbox managing its windows."""

    def __init__(self, screen: str = SCREEN):
        read_end, write_end = os.pipe()
        self.xvfb = subprocess.Popen([_tool("Xvfb"), "-displayfd", str(write_end), "-screen", "0", f"{screen}x24",
                                      "-nolisten", "tcp"], pass_fds=(write_end,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number, "Xvfb did not start"
        self.display = f":{number}"
        self.env = {**os.environ, "DISPLAY": self.display}
        self.openbox = subprocess.Popen([_tool("openbox")], env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)

    def run(self, *args: str, timeout: float = 30) -> str:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout,
                              check=True).stdout

    def stop(self) -> None:
        for process in (self.openbox, self.xvfb):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def xserver():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (tools/system-packages.sh installs it)")
    server = XServer()
    yield server
    server.stop()


def _wait_for_window(server: XServer, title: str, app: subprocess.Popen) -> None:
    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    while time.monotonic() < deadline:
        assert app.poll() is None, f"kkrdesk ended before its window showed:\n{app.stderr.read()}"
        found = subprocess.run([_tool("xdotool"), "search", "--onlyvisible", "--name", title],
                               env=server.env, capture_output=True, text=True)
        if found.stdout.strip():
            return
        time.sleep(0.3)
    raise AssertionError(f"no window titled {title!r} within {WINDOW_TIMEOUT_S} s")


def _activate(server: XServer, title: str) -> None:
    """Give the window the keyboard, as a click would; the window manager may need a moment. Qt
    may map more than one X window under the title (the first found is not always the one the
    window manager manages), so each is tried."""
    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    windows: list[str] = []
    while time.monotonic() < deadline:
        windows = subprocess.run([_tool("xdotool"), "search", "--onlyvisible", "--name", title],
                                 env=server.env, capture_output=True, text=True).stdout.split()
        for window in reversed(windows):
            subprocess.run([_tool("xdotool"), "windowactivate", "--sync", window], env=server.env,
                           capture_output=True, text=True, timeout=15)
            active = subprocess.run([_tool("xdotool"), "getactivewindow"], env=server.env,
                                    capture_output=True, text=True, timeout=15).stdout.strip()
            if active in windows:
                return
        time.sleep(0.5)
    raise AssertionError(f"none of the windows {windows} titled {title!r} became active")


def _screenshot_is_not_blank(server: XServer, target: Path) -> None:
    """Poll until the window has painted: many colours on the screen, not one flat background."""
    from PIL import Image

    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    colours = 0
    while time.monotonic() < deadline:
        server.run(_tool("import"), "-window", "root", str(target))
        with Image.open(target) as picture:
            colours = len(picture.convert("RGB").getcolors(maxcolors=1 << 20) or [])
        if colours > 200:
            return
        time.sleep(0.5)
    raise AssertionError(f"the screen stayed (nearly) blank: {colours} colours in {target}")


@pytest.mark.parametrize("how", ["kkrdesk-gui DIR", "kkrdesk DIR/meeting.toml"])
def test_the_window_opens_a_meeting_on_a_real_display_and_quits_cleanly(xserver, tmp_path, sample_dir, how):
    meeting = tmp_path / "KKR møde"
    shutil.copytree(sample_dir, meeting)
    if how.startswith("kkrdesk-gui"):
        command = [sys.executable, "-c", "import sys; from kkrdesk.ui.app import main; sys.exit(main())",
                   str(meeting)]
    else:
        command = [sys.executable, "-m", "kkrdesk", str(meeting / "meeting.toml")]
    home = private_home(tmp_path)       # settings, log and caches of its own, as on a fresh machine
    env = {**xserver.env, **home, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}
    for inherited in ("QT_DEBUG_PLUGINS", "KKRDESK_DATA_DIR", "KKRDESK_CACHE_DIR"):
        env.pop(inherited, None)
    app = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_window(xserver, "Møde i KKR Sjælland", app)
        shot = tmp_path / "vindue.png"
        _screenshot_is_not_blank(xserver, shot)
        if os.environ.get("KKRDESK_SHOTS"):
            shutil.copy(shot, Path(os.environ["KKRDESK_SHOTS"]) / f"real-window-{how.split()[0]}.png")
        _activate(xserver, "Møde i KKR Sjælland")
        xserver.run(_tool("xdotool"), "key", "--clearmodifiers", "ctrl+q")
        code = app.wait(timeout=EXIT_TIMEOUT_S)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    stderr = app.stderr.read()
    assert code == 0, stderr
    assert "Traceback" not in stderr and "Could not load the Qt platform plugin" not in stderr, stderr
    # the settings it saved and its log are in the fresh folders, not the test run's own
    assert (Path(home["XDG_CONFIG_HOME"]) / "kkrdesk" / "kkrdesk.conf").is_file()
    assert (Path(home["XDG_DATA_HOME"]) / "kkrdesk" / "logs" / "kkrdesk.log").is_file()
