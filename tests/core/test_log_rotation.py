"""kkrdesk's log rotates at its size into three older files, and crash dumps follow it into the new file."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap

from kkrdesk.core import logbook
from tests.conftest import ROOT

SMALL = 2_000       # bytes before the log rotates, in these tests


def logged_numbers(path) -> list[int]:
    return [int(line.rsplit("linje ", 1)[1]) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_log_rotates_at_its_size_and_keeps_three_older_files_in_order(monkeypatch, log_in):
    monkeypatch.setattr(logbook, "LOG_BYTES", SMALL)
    logbook.configure_logging()
    writer = logging.getLogger("kkrdesk.test")
    for number in range(400):                       # ~80 bytes a line: 16 files' worth
        writer.info("linje %d", number)
    files = [log_in.with_name(f"kkrdesk.log.{n}") for n in (3, 2, 1)] + [log_in]
    assert all(path.exists() for path in files) and not log_in.with_name("kkrdesk.log.4").exists()
    assert all(0 < path.stat().st_size < SMALL for path in files)
    numbers = [number for path in files for number in logged_numbers(path)]
    assert numbers == list(range(numbers[0], 400))  # oldest first, nothing lost between the kept files
    assert numbers[0] > 0                           # the oldest file went


def test_a_crash_after_a_rotation_is_dumped_into_the_new_log(tmp_path):
    crash = textwrap.dedent(f"""
        import faulthandler, logging
        from kkrdesk.core import logbook
        logbook.LOG_BYTES = {SMALL}
        logbook.configure_logging()
        for number in range(100):
            logging.getLogger("kkrdesk.test").info("linje %d", number)
        def reading_a_bilag():
            faulthandler._sigsegv()
        reading_a_bilag()
    """)
    env = {**os.environ, "KKRDESK_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONFAULTHANDLER", None)
    done = subprocess.run([sys.executable, "-c", crash], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    logs = tmp_path / "data" / "logs"
    assert (logs / "kkrdesk.log.1").exists()
    current = (logs / "kkrdesk.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in current and "reading_a_bilag" in current
    assert "Fatal Python error" not in (logs / "kkrdesk.log.1").read_text(encoding="utf-8")


def test_logging_to_the_file_needs_no_logging_handlers(tmp_path):
    """logging.handlers brings socket, pickle and queue: the window's start-up does not need them."""
    script = ("import sys, logging\n"
              "from kkrdesk.core.logbook import configure_logging\n"
              "assert configure_logging() is not None\n"
              "logging.getLogger('kkrdesk.test').warning('skrevet')\n"
              "print(sorted({'logging.handlers', 'socket', 'pickle', 'queue'} & set(sys.modules)))\n")
    env = {**os.environ, "KKRDESK_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert "skrevet" in (tmp_path / "data" / "logs" / "kkrdesk.log").read_text(encoding="utf-8")
