"""Running slow work off the GUI thread: one BackgroundOp shape with progress, cancel and callbacks."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kkrdesk.core.errors import KkrError


def _emit(signal, *args) -> None:
    """Emit from the worker thread unless the receiving side is gone (its window was closed
    while the work ran): then there is no one left to tell."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class Cancelled(Exception):
    """Raised inside a background function when the user cancelled it."""


class Progress:
    """Handed to the background function: report progress, and learn whether to stop."""

    def __init__(self, signals: _Signals, cancel_event: threading.Event):
        self._signals = signals
        self._cancel = cancel_event

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop; call it between steps."""
        if self._cancel.is_set():
            raise Cancelled

    def report(self, done: int, total: int, text: str = "") -> None:
        _emit(self._signals.progress, done, total, text)


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()


class BackgroundOp(QObject):
    """Run ``work(progress)`` in the thread pool; callbacks run on the GUI thread.

    ``on_failure`` receives a KkrError (user-facing) or any other exception; unexpected
    exceptions are wrapped in a KkrError with a Danish message so no traceback reaches the
    event loop.
    """

    progress = Signal(int, int, str)
    finished = Signal()

    def __init__(self, work: Callable[[Progress], Any], *,
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[KkrError], None] | None = None,
                 on_cancel: Callable[[], None] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._signals = _Signals()
        self._signals.progress.connect(self.progress)
        if on_success:
            self._signals.succeeded.connect(on_success)
        if on_failure:
            self._signals.failed.connect(on_failure)
        if on_cancel:
            self._signals.cancelled.connect(on_cancel)
        self._signals.finished.connect(self.finished)
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> BackgroundOp:
        self.running = True
        self.finished.connect(self._mark_done)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._work, self._signals, self._cancel))
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _mark_done(self) -> None:
        self.running = False


class _Runnable(QRunnable):
    def __init__(self, work, signals: _Signals, cancel_event: threading.Event):
        super().__init__()
        self._work, self._signals, self._cancel = work, signals, cancel_event

    def run(self) -> None:
        try:
            result = self._work(Progress(self._signals, self._cancel))
        except Cancelled:
            _emit(self._signals.cancelled)
        except KkrError as exc:
            _emit(self._signals.failed, exc)
        except Exception as exc:  # never let a worker's exception vanish or reach the event loop
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            _emit(self._signals.failed, KkrError(f"der opstod en uventet fejl ({detail}).",
                                                 hint="Det er en fejl i kkrdesk; prøv igen, og "
                                                 "meld fejlen, hvis den gentager sig."))
        else:
            _emit(self._signals.succeeded, result)
        finally:
            _emit(self._signals.finished)
