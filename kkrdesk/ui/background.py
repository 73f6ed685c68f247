"""Running slow work off the GUI thread: one BackgroundOp shape with progress, cancel and callbacks."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kkrdesk.core.errors import InternalError, KkrError
from kkrdesk.ui.error_reporting import show_internal_error

log = logging.getLogger(__name__)


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

    ``on_failure`` receives a KkrError. Any other exception is kkrdesk's own failure: it is
    logged with its traceback, shown as "Der skete en fejl i kkrdesk" with the fejlrapport, and
    handed to ``on_failure`` as an InternalError (whose dialog has then been shown already).
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
        self._signals.failed.connect(self._tell_internal)
        if on_failure:
            self._signals.failed.connect(on_failure)
        if on_cancel:
            self._signals.cancelled.connect(on_cancel)
        self._signals.finished.connect(self.finished)
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> BackgroundOp:
        self.running = True
        self.finished.connect(self._mark_done)
        released = threading.Event()
        _keep_until_released(self._signals, released)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self._work, self._signals, self._cancel, released))
        return self

    def cancel(self) -> None:
        self._cancel.set()

    def _mark_done(self) -> None:
        self.running = False

    def _tell_internal(self, error: KkrError) -> None:
        if isinstance(error, InternalError):
            show_internal_error(error, _window_of(self))


def _window_of(op: QObject) -> QWidget | None:
    owner = op.parent()
    while owner is not None and not isinstance(owner, QWidget):
        owner = owner.parent()
    return owner.window() if owner is not None else None


def _internal(exc: Exception) -> InternalError:
    error = InternalError(f"der skete en uventet fejl i kkrdesk ({type(exc).__name__}), og arbejdet blev "
                          "ikke gjort færdigt.", hint="Det skyldes ikke dine filer eller det, du gjorde.")
    error.__cause__ = exc
    return error


# The signal objects of running work. A QObject must be destroyed in its own (the GUI) thread;
# were the worker to hold the last reference when it ends (its op already deleted with a closed
# window), Python would destroy the object in the worker thread and crash Qt. So the GUI thread
# keeps each one until its worker has let go of it.
_alive: set[_Signals] = set()


def _keep_until_released(signals: _Signals, released: threading.Event) -> None:
    _alive.add(signals)
    signals.finished.connect(lambda: _release_when_done(signals, released))


def _release_when_done(signals: _Signals, released: threading.Event) -> None:
    if released.is_set():
        _alive.discard(signals)
    else:   # the worker is still returning from its last emit: look again shortly
        QTimer.singleShot(10, lambda: _release_when_done(signals, released))


class _Runnable(QRunnable):
    def __init__(self, work, signals: _Signals, cancel_event: threading.Event, released: threading.Event):
        super().__init__()
        self._work, self._signals, self._cancel, self._released = work, signals, cancel_event, released

    def run(self) -> None:
        work, signals = self._work, self._signals
        del self._work, self._signals        # from here on only this frame holds them
        try:
            result = work(Progress(signals, self._cancel))
        except Cancelled:
            _emit(signals.cancelled)
        except KkrError as exc:
            _emit(signals.failed, exc)
        except Exception as exc:  # never let a worker's exception vanish or reach the event loop
            log.error("background work failed", exc_info=exc)
            _emit(signals.failed, _internal(exc))
        else:
            _emit(signals.succeeded, result)
        finally:
            _emit(signals.finished)
            del work, signals
            self._released.set()


class Jobs:
    """The BackgroundOps one owner has running: kept alive until each finishes, then let go.

    ``on_busy(busy)`` is told when one starts and when one ends.
    """

    def __init__(self, on_busy: Callable[[bool], None] | None = None):
        self._running: list[BackgroundOp] = []
        self._on_busy = on_busy

    def start(self, op: BackgroundOp, pool: QThreadPool | None = None) -> BackgroundOp:
        self._running.append(op)
        op.finished.connect(lambda: self._forget(op))
        if self._on_busy:
            self._on_busy(True)
        return op.start(pool)

    def _forget(self, op: BackgroundOp) -> None:
        if op in self._running:
            self._running.remove(op)
        op.deleteLater()
        if self._on_busy:
            self._on_busy(self.busy)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def __iter__(self) -> Iterator[BackgroundOp]:
        return iter(list(self._running))

    def cancel_all(self) -> None:
        for op in self:
            op.cancel()
