"""How long exports report progress and learn that the user cancelled: a small protocol and a counter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class ProgressSink(Protocol):
    """What the GUI's background helper hands in; the command line passes ``NoProgress``."""

    def report(self, done: int, total: int, text: str = "") -> None: ...

    def check(self) -> None:
        """Raise (the caller's own cancel exception) when the user asked to stop."""


class NoProgress:
    def report(self, done: int, total: int, text: str = "") -> None:
        pass

    def check(self) -> None:
        pass


class Steps:
    """Counts finished steps of a whole export against its planned total and reports each one."""

    def __init__(self, sink: ProgressSink | None, total: int):
        self.sink = sink or NoProgress()
        self.total = max(1, total)
        self.done = 0

    def begin(self, text: str) -> None:
        """Say what comes next, and stop here if the user cancelled."""
        self.sink.check()
        self.sink.report(self.done, self.total, text)

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        self.sink.report(self.done, self.total, "")
        self.sink.check()

    def check(self) -> None:
        """Stop here if the user cancelled (for waits between steps)."""
        self.sink.check()

    def cancelled(self) -> bool:
        """Whether the user cancelled, asked without stopping here: the cancel question of a wait that
        polls (LibreOffice's, which kills its process group and raises isolation.Stopped)."""
        try:
            self.sink.check()
        except Exception:   # the caller's own cancel exception, raised again by check() after the wait
            return True
        return False

    @contextmanager
    def libreoffice_stopped_on_cancel(self) -> Iterator[None]:
        """A LibreOffice run inside, stopped by :meth:`cancelled` (isolation.Stopped: its process group
        is gone, nothing was kept), ends as the caller's own cancel exception."""
        from kkrdesk.core.office.isolation import Stopped  # subprocess: not with the window

        try:
            yield
        except Stopped:
            self.check()
            raise
