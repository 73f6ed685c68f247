"""A forked child reaped as Popen reaps one: its exit code, the signal that ended it, and a kill after its end."""

from __future__ import annotations

import os
import time

from kkrdesk.core.forked import ForkedProcess


def _fork(then) -> ForkedProcess:
    pid = os.fork()
    if pid == 0:
        try:
            then()
        finally:
            os._exit(3)
    return ForkedProcess(pid)


def test_the_exit_code_is_kept_once_reaped():
    child = _fork(lambda: None)
    assert child.wait() == 3
    assert child.poll() == 3 and child.wait() == 3     # reaped once, asked again
    child.kill()                                       # an ended child: nothing to kill, no error


def test_a_killed_child_reports_the_signal():
    child = _fork(lambda: time.sleep(30))
    assert child.poll() is None
    child.kill()
    assert child.wait() == -9
