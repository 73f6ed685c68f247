"""Working one step ahead: a background thread computes the next results while the caller uses the current one."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

class _Finished:
    """What the worker hands over after its last item."""


_FINISHED = _Finished()
_POLL_SECONDS = 0.1


def run_ahead(function: Callable[[Item], Result], items: Iterable[Item],
              depth: int = 2) -> Iterator[tuple[Item, Result | Exception]]:
    """Yield ``(item, function(item))`` in order, computed in a thread at most ``depth`` items ahead.

    Worth it when ``function`` spends its time outside the GIL (pdfium through ctypes, SQLite)
    and the caller has work of its own for each result. An Exception raised by ``function`` is
    yielded in place of the result, for the caller to judge. When the caller stops early (a
    break, an error), the thread finishes the item it is on and stops.
    """
    results: queue.Queue[tuple[Item, Result | Exception] | _Finished] = queue.Queue(maxsize=max(1, depth))
    stop = threading.Event()

    def hand_over(entry: tuple[Item, Result | Exception] | _Finished) -> bool:
        while not stop.is_set():
            try:
                results.put(entry, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                outcome: Result | Exception
                try:
                    outcome = function(item)
                except Exception as exc:  # handed to the caller, who decides what it means
                    outcome = exc
                if not hand_over((item, outcome)):
                    return
        finally:
            hand_over(_FINISHED)

    worker = threading.Thread(target=produce, name="kkrdesk-ahead", daemon=True)
    worker.start()
    try:
        while not isinstance(entry := results.get(), _Finished):
            yield entry
    finally:
        stop.set()
        worker.join()
