"""A command's process leaves once the command is done: output, exit code, exit handlers and temporary files kept."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.export_fixtures import make_meeting, seed_like_items

# Runs kkrdesk as `python -m kkrdesk` does, with an exit handler, an object freed only by the
# interpreter's teardown, and optionally a thread Python would wait for.
PROBE = """
import atexit, sys, threading
from pathlib import Path
marks = Path(sys.argv[1])
atexit.register(lambda: marks.open("a").write("exit handler\\n"))
class FreedAtTeardown:
    def __del__(self):
        marks.open("a").write("teardown\\n")
kept = FreedAtTeardown()
if sys.argv[2] == "thread":   # alive until the interpreter's shutdown begins, however slow the command
    threading.Thread(target=threading.main_thread().join).start()
sys.argv = ["kkrdesk", *sys.argv[3:]]
from kkrdesk.cli import run
run()
"""


def _probe(tmp_path, *args: str, thread: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
    marks = tmp_path / "marks.txt"
    marks.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", PROBE, str(marks), "thread" if thread else "-", *args],
                          env={**{k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"},
                               "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    return done, marks.read_text().splitlines() if marks.exists() else []


def test_a_command_runs_the_exit_handlers_flushes_its_output_and_skips_the_teardown(tmp_path, sample_dir):
    done, marks = _probe(tmp_path, "show", str(sample_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith("2.8 Eventuelt")      # the whole answer, flushed (a buffered pipe)
    assert marks == ["exit handler"]                 # no teardown: what it would free is left to the system


def test_exit_codes_and_messages_are_kept(tmp_path, sample_dir):
    usage, marks = _probe(tmp_path, "show")
    assert usage.returncode == 2 and "fejl i kommandoen" in usage.stderr and marks == ["exit handler"]
    helped, _ = _probe(tmp_path, "--help")
    assert helped.returncode == 0 and "add-bilag" in helped.stdout
    missing, _ = _probe(tmp_path, "validate", str(tmp_path / "intet møde"))
    assert missing.returncode == 1 and "intet møde" in missing.stderr


def test_a_thread_python_waits_for_gets_the_normal_exit(tmp_path, sample_dir):
    done, marks = _probe(tmp_path, "show", str(sample_dir), thread=True)
    assert done.returncode == 0 and "2.2" in done.stdout
    assert marks[0] == "exit handler" and "teardown" in marks


@pytest.mark.slow
def test_an_export_leaves_no_temporary_files(tmp_path, cli):
    folder = make_meeting(tmp_path / "møde", seed_like_items())
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = cli("export", folder, "--pdf", tmp_path / "ud" / "bilag.pdf", "--no-libreoffice",
               env={"TMPDIR": str(temporary)})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ud" / "bilag.pdf").stat().st_size > 0
    assert list(temporary.iterdir()) == []
