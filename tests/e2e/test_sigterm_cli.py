"""SIGTERM (a service manager, `kill`) stops any command as Ctrl+C does: "afbrudt", exit 130, nothing half-written left."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.export_fixtures import make_meeting, seed_like_items

# The export's preflight runs in the command's own process while its child merges the pack: the
# probe holds it there, so the SIGTERM arrives with the pack half made.
HELD_IN_THE_PREFLIGHT = """
import sys, time
from pathlib import Path
from kkrdesk.cli import main
from kkrdesk.core.export import exporter

real_preflight = exporter.preflight

def held(*args, **kwargs):
    Path(sys.argv[1]).touch()
    time.sleep(120)
    return real_preflight(*args, **kwargs)

exporter.preflight = held
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM ends a Windows process where it stands")
def test_an_export_stopped_with_sigterm_leaves_no_pack_and_no_temporary_file(tmp_path):
    folder = make_meeting(tmp_path / "møde", seed_like_items())
    out = tmp_path / "ud"
    out.mkdir()
    held = tmp_path / "holdt"
    child = subprocess.Popen([sys.executable, "-c", HELD_IN_THE_PREFLIGHT, str(held), "export", str(folder),
                              "--pdf", str(out / "bilagspakke.pdf"), "--no-libreoffice"],
                             env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8",
                                  "KKRDESK_CACHE_DIR": str(tmp_path / "cache")},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        for _ in range(600):
            if held.exists() or child.poll() is not None:
                break
            time.sleep(0.1)
        assert held.exists(), child.communicate()
        child.terminate()
        _, errors = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    assert child.returncode == 130 and "afbrudt" in errors
    assert list(out.iterdir()) == []                 # no pack, and no hidden temporary file beside it
