"""The PDF screening child imports what screening needs, not the command line's output, the log or the import boundary."""

from __future__ import annotations

import json

from kkrdesk.core.files.limits import PDF_SCREEN_MEMORY_BYTES
from tests.conftest import run_cli
from tests.factories import make_pdf


def test_the_screening_child_loads_no_output_log_or_boundary(tmp_path):
    listing = tmp_path / "files.json"
    listing.write_text(json.dumps([str(make_pdf(tmp_path / "bilag.pdf", pages=2))]), encoding="utf-8")
    done = run_cli("_screen-pdf", "--batch", listing, "--memory", PDF_SCREEN_MEMORY_BYTES,
                   env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"pages": 2, "needs_repair": False, "final": True}
    modules = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:") and "cumulative" not in line}
    assert "pikepdf" in modules and "kkrdesk.cli.screen_child" in modules   # the list is the child's
    assert modules & {"kkrdesk.cli.output", "kkrdesk.cli.file_commands", "kkrdesk.core.logbook",
                      "kkrdesk.core.files.boundary", "logging.handlers"} == set()
