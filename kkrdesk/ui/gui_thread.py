"""Calling Qt drawing code from a worker thread: the call runs on the GUI thread while the worker waits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal

from kkrdesk.core.errors import KkrError

GUI_CALL_SECONDS = 180       # a chart takes well under a second; this only ends a wait on a frozen window


class _Call:
    def __init__(self, function: Callable[..., Any], args: tuple):
        self.function, self.args = function, args
        self.done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.function(*self.args)
        except BaseException as exc:  # handed to the waiting worker, which raises it there
            self.error = exc
        finally:
            self.done.set()


class _Runner(QObject):
    requested = Signal(object)

    def __init__(self):
        super().__init__()
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("on_gui_thread needs the application (the GUI thread is where it lives)")
        self.moveToThread(app.thread())
        self.requested.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def _run(self, call: _Call) -> None:
        call.run()


def on_gui_thread(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` made callable from any thread: on the GUI thread it runs at once; from a worker
    it is queued to the GUI thread and the worker waits for its result (or its exception)."""
    runner = _Runner()

    def call(*args):
        if QThread.currentThread() == runner.thread():
            return function(*args)
        pending = _Call(function, args)
        runner.requested.emit(pending)
        if not pending.done.wait(GUI_CALL_SECONDS):
            raise KkrError("vinduet svarede ikke, mens diagrammet skulle tegnes.",
                           hint="Luk andre vinduer i kkrdesk, og prøv eksporten igen.")
        if pending.error is not None:
            raise pending.error
        return pending.result
    return call
