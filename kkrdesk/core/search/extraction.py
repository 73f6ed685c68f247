"""Reading the page texts of many bilag for the index: in a pool of processes when cores are free, else one thread ahead.

Either way the reading stops when asked: between files, between the pages of a PDF, and during a
LibreOffice conversion (its process group is killed), in this process and in the pool's workers
(told through a shared event, so none is killed mid-answer).
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core.ahead import run_ahead
from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.pdf_screen import screen_ahead
from kkrdesk.core.office.isolation import Stopped
from kkrdesk.core.text.pages import DocumentText, extract_text

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.synchronize import Event as EventType

MAX_WORKERS = 4
WORKERS_VARIABLE = "KKRDESK_SEARCH_WORKERS"     # a number of workers, overriding the choice by load
# Below this many files to read, starting the workers (an interpreter and kkrdesk's imports each,
# ~0.3 s) costs more than the pool saves.
POOL_MIN_FILES = 8
AHEAD_PER_WORKER = 3       # files handed to the pool beyond those being stored, per worker
CANCEL_POLL_SECONDS = 0.1  # how soon a wait for a worker's file notices that reading was cancelled

log = logging.getLogger(__name__)

Known = Callable[[str], DocumentText | None]              # a text had cheaply without reading a file
Source = Callable[[str], tuple[Path, Path | None]]        # the file to read, and its DOCX rendering
Cancelled = Callable[[], bool]                            # True once the reading is to stop


class IndexingCancelled(KkrError):
    """The update of a search index was stopped on request; what it had stored stays valid."""

    code = "index-cancelled"

    def __init__(self) -> None:
        super().__init__("opdateringen af søgeindekset blev afbrudt.",
                         hint="Det, der nåede at blive læst, er gemt; resten læses næste gang.")


@dataclass(frozen=True)
class _Failure:
    """A KkrError from a worker, as plain fields (KkrError's subclasses cannot be unpickled)."""

    message: str
    file: str | None
    hint: str


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:          # macOS and Windows
        return os.cpu_count() or 1


def spare_cores() -> int:
    """Cores this process may use that the machine's load (1-minute average) leaves idle."""
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):   # Windows keeps no load average
        busy = 0.0
    return max(0, usable_cores() - round(busy))


def pool_workers() -> int:
    """How many extraction processes to start now: none on one core or when no core is idle.

    Two workers beside one busy core still beat one thread reading ahead (5,000 pages on 2
    cores with one held by another program: 6.1-6.8 s against 8.0 s), so one idle core is enough.
    KKRDESK_SEARCH_WORKERS decides instead, when set (0 or 1: no pool), to try the pool by hand
    (or in a test) whatever the machine's load.
    """
    chosen = os.environ.get(WORKERS_VARIABLE, "").strip()
    if chosen.isdigit():
        return min(int(chosen), MAX_WORKERS)
    cores, spare = usable_cores(), spare_cores()
    if cores < 2 or spare < 1:
        return 0
    return min(max(spare, 2), cores, MAX_WORKERS)


def read_texts(shas: Sequence[str], known: Known, source: Source, workers: int,
               cancelled: Cancelled = never_cancelled) -> Generator[tuple[str, DocumentText | Exception], None, None]:
    """Yield ``(sha, text)`` in the order of ``shas``; an exception takes the place of a text that failed.

    ``known`` gives a text without reading a file (or None); the others are read from
    ``source(sha)``, in ``workers`` processes when there are enough of them, else in one thread
    a step ahead of the caller. Both ways give the same texts in the same order. Once
    ``cancelled()`` is true, IndexingCancelled is raised and no worker is left reading.
    """
    to_read = sum(1 for sha in shas if known(sha) is None) if workers > 1 else 0
    if to_read < POOL_MIN_FILES:
        def stop_between_pages(_done: int, _total: int) -> None:
            if cancelled():
                raise IndexingCancelled

        def read(sha: str) -> DocumentText:
            if cancelled():
                raise IndexingCancelled
            text = known(sha)
            if text is not None:
                return text
            path, rendering = source(sha)
            try:
                return extract_text(path, sha256=sha, rendering=rendering, on_page=stop_between_pages,
                                    cancelled=cancelled)
            except Stopped:         # LibreOffice was converting it: its process group is gone
                raise IndexingCancelled from None

        for sha, outcome in run_ahead(read, shas):
            if isinstance(outcome, IndexingCancelled):
                raise outcome
            yield sha, outcome
        return
    yield from _read_in_pool(shas, known, source, min(workers, to_read), cancelled)


def _read_in_pool(shas: Sequence[str], known: Known, source: Source, workers: int,
                  cancelled: Cancelled) -> Iterator[tuple[str, DocumentText | Exception]]:
    import multiprocessing  # only where a pool is started: not with every window that searches
    from concurrent.futures import ProcessPoolExecutor

    # The workers find the screening verdicts on disk: one screening child for all new PDFs here,
    # rather than one per file in each worker.
    screen_ahead((source(sha)[0] for sha in shas if known(sha) is None), cancelled=cancelled)
    if cancelled():
        raise IndexingCancelled
    # spawn, not fork: the calling process may hold threads (Qt's, the screening reader's)
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_listen_for_stop, initargs=(stop,))
    log.info("reading the search index's files in %d worker processes", workers)
    pending: deque[tuple[str, DocumentText | Exception | Future[DocumentText | _Failure | None]]] = deque()
    upcoming = deque(shas)
    finished = False
    try:
        while True:
            try:
                while upcoming and sum(isinstance(entry, Future) for _, entry in pending) < workers * AHEAD_PER_WORKER:
                    entry = _start(pool, upcoming[0], known, source)
                    pending.append((upcoming.popleft(), entry))
                if not pending:
                    finished = True
                    return
                outcome = _outcome(pending[0][1], cancelled)
            except (BrokenProcessPool, OSError):
                # The pool could not start a worker, or one died (killed, out of memory): the files
                # not yet read are read here in one thread, as without a pool, so a lost process
                # does not cost the whole index.
                log.warning("the search index's workers failed; reading the remaining files in one thread",
                            exc_info=True)
                rest = [*(waiting for waiting, _ in pending), *upcoming]
                yield from read_texts(rest, known, source, 0, cancelled)
                finished = True
                return
            sha, _ = pending.popleft()
            yield sha, outcome
    finally:
        if not finished:    # cancelled, or the caller stopped early: the workers stop within a page
            stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


def _start(pool: ProcessPoolExecutor, sha: str, known: Known,
           source: Source) -> DocumentText | Exception | Future[DocumentText | _Failure | None]:
    try:
        text = known(sha)
        if text is not None:
            return text
        path, rendering = source(sha)
    except Exception as exc:  # handed to the caller in its place, as run_ahead does
        return exc
    return pool.submit(_extract_in_worker, path, sha, rendering)


def _outcome(entry: DocumentText | Exception | Future[DocumentText | _Failure | None],
             cancelled: Cancelled) -> DocumentText | Exception:
    # asked before every file, also one the workers have read already: when they are ahead of the
    # caller it never waits, and would otherwise read to the end after a cancel
    if cancelled():
        raise IndexingCancelled
    if not isinstance(entry, Future):
        return entry
    while not entry.done():
        if cancelled():
            raise IndexingCancelled
        wait([entry], timeout=CANCEL_POLL_SECONDS)
    try:
        result = entry.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:  # the worker's own failure, judged by the caller as a thread's would be
        return exc
    if result is None:      # the worker saw the stop (only ever set as the reading ends)
        raise IndexingCancelled
    if isinstance(result, _Failure):
        return KkrError(result.message, file=result.file, hint=result.hint)
    return result


# In a pool process: set when the reading was cancelled.
_stop_requested: EventType | None = None


class _Stopped(Exception):
    """Raised between the pages of a worker's file once the reading was cancelled."""


def _listen_for_stop(stop: EventType) -> None:
    """The pool's initializer: keep the event the parent sets when the reading is cancelled."""
    global _stop_requested
    _stop_requested = stop


def _stop_is_requested() -> bool:
    return _stop_requested is not None and _stop_requested.is_set()


def _stop_between_pages(_done: int, _total: int) -> None:
    if _stop_is_requested():
        raise _Stopped


def _extract_in_worker(path: Path, sha: str, rendering: Path | None) -> DocumentText | _Failure | None:
    """Runs in a pool process; None when the reading was cancelled meanwhile (nobody waits for it)."""
    try:
        _stop_between_pages(0, 0)
        return extract_text(path, sha256=sha, rendering=rendering, on_page=_stop_between_pages,
                            cancelled=_stop_is_requested)
    except (_Stopped, Stopped):
        return None
    except KkrError as exc:
        return _Failure(exc.message, exc.file, exc.hint)
