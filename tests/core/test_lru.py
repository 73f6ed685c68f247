"""The least-recently-used cache shared by worker threads (admitted files, PDF screening verdicts)."""

from __future__ import annotations

import sys
import threading

from kkrdesk.core.files import boundary, pdf_screen
from kkrdesk.core.lru import LruCache


def test_the_least_recently_used_value_goes_first():
    cache: LruCache[str] = LruCache(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"          # "a" is now the most recently used
    cache.put("c", "C")
    assert cache.keys() == ["a", "c"] and "b" not in cache and cache.get("b") is None


def test_threads_sharing_a_cache_never_see_it_over_its_size_or_broken():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)              # switch threads as often as the interpreter can
    try:
        cache: LruCache[int] = LruCache(3)
        errors: list[BaseException] = []

        def hammer(worker: int) -> None:
            try:
                for number in range(5_000):
                    cache.put((worker, number), number)
                    cache.get((worker, number - 1))
                    assert len(cache.keys()) <= 3
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=hammer, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == [] and len(cache.keys()) == 3


def test_the_caches_worker_threads_share_are_locked():
    assert isinstance(boundary._admitted, LruCache) and isinstance(pdf_screen._remembered, LruCache)
