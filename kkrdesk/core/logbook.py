"""kkrdesk's log: Python logging and faulthandler set up once, into a rotating file in the data folder.

The level comes from KKRDESK_LOG (DEBUG, INFO, WARNING, ERROR; INFO when unset). Nothing goes
to the terminal: the command line and the window tell the user in Danish and name this file.
The file is cleaned as the fejlrapport is: no quoted text, no paths, no kkrdesk error's Danish text.
"""

from __future__ import annotations

import faulthandler
import io
import logging
import os
import threading
from pathlib import Path

from kkrdesk.core.redaction import redacted, traceback_lines
from kkrdesk.core.userdata import user_data_dir

LOG_NAME = "kkrdesk.log"
LOG_BYTES = 1_000_000        # one file's size before it rotates
LOG_BACKUPS = 3              # kkrdesk.log.1 … .3 are kept
DEFAULT_LEVEL = logging.INFO
_FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger("kkrdesk")
_configured_file: Path | None = None
_lock = threading.Lock()


def log_file() -> Path:
    """Where the log is written (whether or not it exists yet)."""
    return user_data_dir() / "logs" / LOG_NAME


def logging_to_file() -> bool:
    """Whether configure_logging found a writable place for the log."""
    return _configured_file is not None


def log_level() -> int:
    """The level KKRDESK_LOG names, or INFO when it is unset or names no level."""
    named = os.environ.get("KKRDESK_LOG", "").strip().upper()
    level = logging.getLevelName(named) if named else DEFAULT_LEVEL
    return level if isinstance(level, int) else DEFAULT_LEVEL


class RedactingFormatter(logging.Formatter):
    """Log lines without user data: messages redacted, tracebacks as in the fejlrapport."""

    def format(self, record: logging.LogRecord) -> str:
        # Never record.exc_text: another handler may have cached the raw traceback there.
        record.message = redacted(record.getMessage())
        if self.usesTime():
            record.asctime = self.formatTime(record, self.datefmt)
        lines = [self.formatMessage(record)]
        if record.exc_info and record.exc_info[1] is not None:
            lines += traceback_lines(record.exc_info[1])
        if record.stack_info:
            lines.append(redacted(record.stack_info))
        return "\n".join(lines)


class _RotatingLog(logging.FileHandler):
    """A log file that rotates at LOG_BYTES into .1 … .LOG_BACKUPS, with faulthandler writing to it.

    Not logging.handlers.RotatingFileHandler: that module brings socket, pickle and queue into
    every start-up (~28 M instructions of the window's first paint) for the few lines used here.
    """

    def __init__(self, path: Path, *, crash_dumps: bool):
        self.crash_dumps = crash_dumps
        super().__init__(path, encoding="utf-8")

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        if self.crash_dumps:
            faulthandler.enable(file=stream, all_threads=True)
        return stream

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self._full_with(record):
                self._rotate()
            super().emit(record)
        except Exception:
            self.handleError(record)

    def _full_with(self, record: logging.LogRecord) -> bool:
        """Whether ``record`` would take the file to LOG_BYTES or past it (never for a device or pipe)."""
        if os.path.exists(self.baseFilename) and not os.path.isfile(self.baseFilename):
            return False
        if self.stream is None:
            self.stream = self._open()
        line = self.format(record) + self.terminator
        self.stream.seek(0, os.SEEK_END)
        return self.stream.tell() + len(line) >= LOG_BYTES

    def _rotate(self) -> None:
        """kkrdesk.log becomes .1, .1 becomes .2 and so on; the oldest beyond LOG_BACKUPS goes."""
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        for number in range(LOG_BACKUPS - 1, 0, -1):
            older = Path(f"{self.baseFilename}.{number}")
            if older.exists():
                os.replace(older, f"{self.baseFilename}.{number + 1}")
        if os.path.exists(self.baseFilename):
            os.replace(self.baseFilename, f"{self.baseFilename}.1")
        self.stream = self._open()


def configure_logging() -> Path | None:
    """Send kkrdesk's log records, uncaught thread exceptions and fatal crashes to the log file.

    Safe to call more than once; returns the log file, or None when the data folder cannot be
    written (kkrdesk then runs without a log rather than not at all).
    """
    global _configured_file
    with _lock:
        path = log_file()
        if _configured_file == path:
            return path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Crash dumps already going elsewhere (python -X faulthandler, pytest) stay there.
            handler = _RotatingLog(path, crash_dumps=not faulthandler.is_enabled() or _ours_dumping())
        except OSError:
            return None
        handler.setFormatter(RedactingFormatter(_FORMAT))
        root = logging.getLogger()
        for old in [h for h in root.handlers if isinstance(h, _RotatingLog)]:
            root.removeHandler(old)
            old.close()
        root.addHandler(handler)
        root.setLevel(log_level())
        threading.excepthook = _log_thread_exception
        _configured_file = path
        return path


def _ours_dumping() -> bool:
    return any(isinstance(h, _RotatingLog) and h.crash_dumps for h in logging.getLogger().handlers)


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    log.error("uncaught exception in thread %s", args.thread.name if args.thread else "?",
              exc_info=args.exc_value)
