"""How long exports report progress and learn that the user cancelled: a small protocol and a counter."""

from __future__ import annotations

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
