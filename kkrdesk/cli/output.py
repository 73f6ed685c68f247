"""How commands answer: JSON or plain Danish text on stdout, errors on stderr, and exit codes."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kkrdesk.core.errors import InternalError, KkrError, Problem, UsageError
from kkrdesk.core.files.controls import terminal_safe
from kkrdesk.core.files.os_errors import DISK_FULL, NO_PERMISSION, write_error
from kkrdesk.core.logbook import log_file, logging_to_file

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70          # a bug in kkrdesk, not in the user's files or command (sysexits' EX_SOFTWARE)
log = logging.getLogger(__name__)


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="svar som JSON på standard-output")


def print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_problems(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stdout
    for problem in problems:
        stream.write(problem.format() + "\n")


def progress_on_stderr(doing: str) -> Callable[[int, int, str], None] | None:
    """A progress line on a terminal's stderr ("Bygger søgeindeks: 3/40 bilag.pdf"); None when not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, label: str) -> None:
        end = "\n" if done >= total else "\r"
        sys.stderr.write(f"{doing}: {done}/{total} {label[:40]:<40}{end}")

    return show


class TerminalSafeStream:
    """A text stream that escapes control and bidi characters, so no file or pack can drive the terminal."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextmanager
def _terminal_guarded() -> Iterator[None]:
    """stdout and stderr escape control characters while the block runs."""
    saved = sys.stdout, sys.stderr
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, TerminalSafeStream):
            setattr(sys, name, TerminalSafeStream(stream))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def terminated_as_interrupted() -> Iterator[None]:
    """SIGTERM while the block runs is taken as Ctrl+C: what the command had half done is undone on
    the way out, and it ends with "afbrudt" (exit 130) instead of dying where it stood."""
    if threading.current_thread() is not threading.main_thread():   # only there can a handler be set
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def run_guarded(command: Callable[[], int], *, as_json: bool) -> int:
    """Run a command; turn kkrdesk errors into a plain message and an exit code, never a traceback.
    SIGTERM (a service manager, ``kill``) stops it as Ctrl+C does, undoing what it had half written."""
    with _terminal_guarded(), terminated_as_interrupted():
        return _run_guarded(command, as_json=as_json)


def _run_guarded(command: Callable[[], int], *, as_json: bool) -> int:
    try:
        return command()
    except UsageError as exc:
        _report(exc, as_json)
        return EXIT_USAGE
    except InternalError as exc:      # already logged with its traceback where it was caught
        _report(exc, as_json)
        return EXIT_INTERNAL
    except KkrError as exc:
        _report(exc, as_json)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        sys.stderr.write("kkrdesk: afbrudt.\n")
        return 130
    except OSError as exc:
        if exc.errno in DISK_FULL:
            _report(write_error(exc, None, "filen"), as_json)
            return EXIT_PROBLEMS
        if exc.errno in NO_PERMISSION:
            _report(KkrError(f"kkrdesk har ikke adgang til filen ({exc.strerror}).", file=exc.filename,
                             hint="Kontrollér, at du har adgang til filen og mappen; en "
                             "skrivebeskyttet mappe kan kun læses."), as_json)
            return EXIT_PROBLEMS
        return _unexpected(exc)
    except Exception as exc:  # the last line of defence: a message, not a traceback
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    log.error("a command failed", exc_info=exc)
    if os.environ.get("KKRDESK_DEBUG") == "1":
        traceback.print_exc()
    written = log_file() if logging_to_file() else None
    where = (f"fejlrapporten står i logfilen {written}" if written else
             "kør igen med KKRDESK_DEBUG=1 for at se fejlrapporten")
    sys.stderr.write(f"kkrdesk: der skete en uventet fejl i kkrdesk ({type(exc).__name__}), ikke i dine "
                     f"filer; {where}. Send den til udviklerne.\n")
    return EXIT_INTERNAL


def _report(exc: KkrError, as_json: bool) -> None:
    if as_json:
        print_json({"ok": False, "error": exc.to_dict()})
    sys.stderr.write(f"kkrdesk: {exc.format()}\n")
    print_problems(exc.problems, sys.stderr)
