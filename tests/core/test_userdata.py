"""kkrdesk's own folders on Linux are where platformdirs puts them, without importing platformdirs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from kkrdesk.core import userdata
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG folders are Linux's")

CASES = {
    "home only": {"HOME": "/home/sekretær"},
    "home with a slash at the end": {"HOME": "/home/sekretær/"},
    "XDG folders named": {"HOME": "/home/s", "XDG_DATA_HOME": "/data/mine", "XDG_CACHE_HOME": "/var/tmp/c"},
    "XDG folders empty": {"HOME": "/home/s", "XDG_DATA_HOME": "", "XDG_CACHE_HOME": ""},
    "XDG folders relative (ignored)": {"HOME": "/home/s", "XDG_DATA_HOME": "data", "XDG_CACHE_HOME": "~/c"},
    "HOME relative (the account's folder)": {"HOME": "relative/home"},
    "HOME unset": {"HOME": None},
}


@pytest.mark.parametrize("env", CASES.values(), ids=CASES.keys())
def test_the_folders_are_platformdirs_own(monkeypatch, env):
    for name in ("KKRDESK_DATA_DIR", "KKRDESK_CACHE_DIR", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert userdata.user_data_dir() == Path(platformdirs.user_data_dir("kkrdesk", appauthor=False))
    assert userdata.user_cache_dir() == Path(platformdirs.user_cache_dir("kkrdesk", appauthor=False))


def test_named_folders_win(monkeypatch, tmp_path):
    monkeypatch.setenv("KKRDESK_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "c"))
    assert (userdata.user_data_dir(), userdata.user_cache_dir()) == (tmp_path / "d", tmp_path / "c")


def test_finding_the_folders_does_not_import_platformdirs():
    code = ("import sys; from kkrdesk.core.userdata import user_data_dir, user_cache_dir; "
            "user_data_dir(); user_cache_dir(); print('platformdirs' in sys.modules)")
    env = {"PATH": "/usr/bin:/bin", "HOME": "/home/s", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "False"
