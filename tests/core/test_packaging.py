"""The bundle's pieces that are not Python modules: child-process paths, the runtime hook, icons, launcher."""

from __future__ import annotations

import configparser
import os
import runpy
import sys

import pytest
from PIL import Image

from kkrdesk.core import process
from tests.conftest import ROOT

ICONS = ROOT / "resources" / "icons"


def test_from_source_the_command_line_is_python_dash_m():
    assert process.kkrdesk_command() == [sys.executable, "-m", "kkrdesk"]


@pytest.mark.parametrize("suffix", ["", ".exe"])
def test_frozen_the_windowed_program_hands_command_lines_to_the_console_program(tmp_path, monkeypatch, suffix):
    windowed, console = tmp_path / f"kkrdesk-gui{suffix}", tmp_path / f"kkrdesk{suffix}"
    windowed.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(windowed))
    assert process.kkrdesk_command() == [str(windowed)]       # no console program beside it
    console.write_bytes(b"")
    assert process.kkrdesk_command() == [str(console)]


@pytest.mark.parametrize(("before", "after"), [
    ({"LD_LIBRARY_PATH": "/opt/bundle/_internal", "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"},
     {"LD_LIBRARY_PATH": "/usr/local/lib"}),
    ({"LD_LIBRARY_PATH": "/opt/bundle/_internal"}, {}),
])
def test_the_runtime_hook_gives_child_processes_the_users_library_path(monkeypatch, before, after):
    for name in ("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in before.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", "linux")
    runpy.run_path(str(ROOT / "packaging" / "runtime_hook_environment.py"))
    assert {name: os.environ[name] for name in ("LD_LIBRARY_PATH", "LD_LIBRARY_PATH_ORIG")
            if name in os.environ} == after


def test_the_app_icons_hold_every_size_each_platform_asks_for():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        with Image.open(ICONS / f"kkrdesk-{size}.png") as png:
            assert png.size == (size, size) and png.mode == "RGBA"
    with Image.open(ICONS / "kkrdesk.ico") as ico:
        assert sorted(ico.info["sizes"]) == [(s, s) for s in (16, 24, 32, 48, 64, 128, 256)]
    with Image.open(ICONS / "kkrdesk.icns") as icns:
        # macOS's point sizes 16-512, each also at double resolution for Retina screens
        assert set(icns.info["sizes"]) >= {(16, 16, 2), (32, 32, 2), (128, 128, 1), (128, 128, 2),
                                           (256, 256, 1), (256, 256, 2), (512, 512, 1), (512, 512, 2)}


def test_the_window_icon_is_the_app_icon():
    window_icon = ROOT / "kkrdesk" / "ui" / "icons" / "kkrdesk.svg"
    assert window_icon.read_bytes() == (ICONS / "kkrdesk.svg").read_bytes(), \
        "run packaging/make_icons.py after changing resources/icons/kkrdesk.svg"


def test_the_linux_launcher_starts_the_windowed_program_with_its_icon():
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(ROOT / "packaging" / "kkrdesk.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Exec"].split()[0] == "kkrdesk-gui"
    assert entry["Icon"] == "kkrdesk" and "Office;" in entry["Categories"]
    assert entry["StartupWMClass"] == "kkrdesk"


def test_child_processes_get_no_console_window_only_on_windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert process.without_console_window() == {}
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(process.subprocess, "CREATE_NO_WINDOW", 0x08000000, raising=False)
    assert process.without_console_window() == {"creationflags": 0x08000000}


@pytest.mark.parametrize("entry", ["kkrdesk_console.py", "kkrdesk_gui.py"])
def test_the_frozen_programs_let_a_pool_process_do_its_work_before_kkrdesk_starts(entry):
    """The search index's extraction pool spawns the frozen program itself; PyInstaller's
    ``freeze_support`` runs the pool's work in it and exits, if called before kkrdesk's own main."""
    source = (ROOT / "packaging" / entry).read_text("utf-8")
    assert "multiprocessing.freeze_support()" in source
    assert source.index("multiprocessing.freeze_support()") < source.index("from kkrdesk")
