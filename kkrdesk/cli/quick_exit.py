"""Leaving the process as soon as a command is done: output flushed, exit handlers run, no teardown."""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave(code: str | int | None) -> NoReturn:
    """Exit with ``code`` (as ``sys.exit`` takes it) without freeing every object one by one,
    which took 0.03-0.15 s after each command here (pikepdf's and pdfium's modules, the parser).

    What a normal exit does that matters is done first: the ``atexit`` handlers (the log's
    flush, temporary folders left to ``weakref.finalize``, multiprocessing's clean-up) and the
    flush of stdout and stderr. A normal exit is kept when the teardown itself may do work: a
    thread Python would wait for, Qt loaded (its objects save settings as they are destroyed), a
    code that is not a number (printed by Python), or output that cannot be flushed (Python
    reports it and exits with 120)."""
    if isinstance(code, str) or _teardown_needed():
        sys.exit(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(code)
    os._exit(code or 0)


def _teardown_needed() -> bool:
    waited_for = [thread for thread in threading.enumerate()
                  if thread is not threading.main_thread() and not thread.daemon and thread.is_alive()]
    return bool(waited_for) or "PySide6.QtCore" in sys.modules
