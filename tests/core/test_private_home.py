"""A test run gives kkrdesk private user folders, and removes them when it ends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PROBE = '''
import os

def test_where():
    print("XDG_CONFIG_HOME=" + os.environ["XDG_CONFIG_HOME"])
'''


@pytest.mark.slow
def test_a_run_has_a_private_home_and_leaves_none_behind(tmp_path):
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider",
                           "-p", "no:pytest-qt", "-q", "-s", str(tmp_path / "test_probe.py")],
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    config = Path(next(line for line in done.stdout.splitlines() if "XDG_CONFIG_HOME=" in line).split("=", 1)[1])
    assert config.parent.name.startswith("kkrdesk-test-home-")
    assert not config.parent.exists()
