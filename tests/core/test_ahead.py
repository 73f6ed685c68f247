"""Working one step ahead in a thread: results in order, errors handed over, and a clean stop."""

from __future__ import annotations

import threading

from kkrdesk.core.ahead import run_ahead


def test_results_come_in_order_with_errors_in_their_place():
    def square(number: int) -> int:
        if number == 3:
            raise ValueError("tre")
        return number * number

    results = list(run_ahead(square, range(6)))
    assert [item for item, _ in results] == list(range(6))
    assert [value for _, value in results if not isinstance(value, Exception)] == [0, 1, 4, 16, 25]
    assert isinstance(results[3][1], ValueError)


def test_stopping_early_stops_the_worker_a_few_items_ahead():
    started = []

    def note(number: int) -> int:
        started.append(number)
        return number

    results = run_ahead(note, range(10_000), depth=2)
    for item, _ in results:
        if item == 5:
            break
    results.close()
    assert max(started) <= 5 + 2 + 1  # the queue's depth and the item in the worker's hands
    assert not any(thread.name == "kkrdesk-ahead" for thread in threading.enumerate())
