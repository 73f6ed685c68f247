"""add-bilag's screening child forked from the command's own process: its verdicts, its end, and when it is spawned instead."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT
from tests.factories import make_pdf


def _probe(code: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh Python, as the kkrdesk program runs (no threads, nothing imported yet)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KKRDESK_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=120)


FORK_AND_ASK = """
import json, sys
from kkrdesk.cli import main, screen_fork
child = screen_fork.start_batch_child(main)
print(type(child).__name__, child.poll(), file=sys.stderr)
child.stdin.write((json.dumps(sys.argv[1:]) + "\\n").encode()); child.stdin.close()
answers = [json.loads(line) for line in child.stdout]
print(json.dumps({"answers": answers, "code": child.wait()}))
"""


def test_a_forked_child_screens_each_file_and_ends_on_its_own(tmp_path):
    sound = make_pdf(tmp_path / "godt.pdf", 3)
    damaged = tmp_path / "skadet.pdf"
    damaged.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n")
    notes = tmp_path / "noter.txt"
    notes.write_text("ingen PDF", encoding="utf-8")

    done = _probe(FORK_AND_ASK, tmp_path, str(sound), str(damaged), str(notes))

    assert done.returncode == 0, done.stderr
    assert done.stderr.split() == ["ForkedChild", "None"]          # running, not spawned
    told = json.loads(done.stdout)
    assert told["code"] == 0
    good, bad, skipped = told["answers"]
    assert good == {"pages": 3, "needs_repair": False, "final": True}
    assert bad["final"] and bad["refused"]["reason"] == "damaged"
    assert skipped == {"skipped": True}                             # no PDF: the parent's to judge


def test_a_forked_child_that_is_killed_is_reaped_with_its_signal(tmp_path):
    code = ("import sys\n"
            "from kkrdesk.cli import main, screen_fork\n"
            "child = screen_fork.start_batch_child(main)\n"     # it waits for its list on stdin
            "child.kill()\n"
            "print(child.wait(), child.poll())\n")
    done = _probe(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["-9", "-9"]


def test_with_threads_running_the_child_is_spawned_not_forked(tmp_path):
    code = ("import threading, time\n"
            "threading.Thread(target=time.sleep, args=(5,), daemon=True).start()\n"
            "from kkrdesk.cli import main, screen_fork\n"
            "child = screen_fork.start_batch_child(main)\n"
            "print(type(child).__name__)\n"
            "child.kill(); child.wait()\n")
    done = _probe(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["Popen"]


def test_the_program_forks_its_child_before_the_parser_and_the_screening_code_are_imported(tmp_path, cli):
    folder = tmp_path / "møde"
    assert cli("new", folder, "--kkr", "KKR Sjælland", "--date", "2025-02-27").returncode == 0
    assert cli("add-item", folder, "--number", "2.2", "--title", "Punkt").returncode == 0
    files = [make_pdf(tmp_path / f"nyt {n}.pdf", n) for n in (1, 2, 3)]
    probe = ("import os, sys\n"
             "fork = os.fork\n"
             "def recording():\n"
             "    pid = fork()\n"
             "    if pid:\n"
             "        heavy = ('kkrdesk.core.files.pdf_screen', 'kkrdesk.cli.meeting_commands', 'argparse', 'logging')\n"
             "        print('forked', [m for m in heavy if m in sys.modules], file=sys.stderr, flush=True)\n"
             "    return pid\n"
             "os.fork = recording\n"
             "sys.argv = ['kkrdesk', *sys.argv[1:]]\n"
             "from kkrdesk.cli import run\n"
             "run()\n")
    done = _probe(probe, tmp_path, "add-bilag", str(folder), "--item", "2.2", *map(str, files))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines().count("forked []") == 1          # one child, before anything heavy
    assert len(list((folder / "bilag").glob("*.pdf"))) == 3
    assert "Lagde bilag 3 på punkt 2.2" in done.stdout
