"""SIGTERM (a service manager, `kill`) stops any command as Ctrl+C does: "afbrudt", exit 130, nothing half-written left."""

from __future__ import annotations

import sys

import pytest

from tests.export_fixtures import make_meeting, seed_like_items
from tests.held_commands import held_then_terminated

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
    code, errors = held_then_terminated(HELD_IN_THE_PREFLIGHT, tmp_path / "holdt",
                                        ["export", folder, "--pdf", out / "bilagspakke.pdf", "--no-libreoffice"],
                                        env={"KKRDESK_CACHE_DIR": str(tmp_path / "cache")})
    assert code == 130 and "afbrudt" in errors
    assert list(out.iterdir()) == []                 # no pack, and no hidden temporary file beside it
