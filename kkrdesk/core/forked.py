"""A child made by os.fork, reaped as subprocess.Popen reaps one: poll, wait and kill by its pid."""

from __future__ import annotations

import os


class ForkedProcess:
    """The part of subprocess.Popen kkrdesk's callers use, for a forked child: its pid, its exit
    code once reaped (negative: the signal that ended it), poll, wait and kill."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self._reap(os.WNOHANG)
        return self.returncode

    def wait(self) -> int:
        while self.returncode is None:
            self._reap(0)
        return self.returncode

    def kill(self) -> None:
        import signal  # not at import: a command forks before it loads enum, which signal needs

        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:    # it ended and is still to be reaped
                pass

    def _reap(self, options: int) -> None:
        pid, status = os.waitpid(self.pid, options)
        if pid == self.pid:
            self.returncode = os.waitstatus_to_exitcode(status)
