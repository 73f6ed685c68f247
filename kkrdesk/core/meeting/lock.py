"""The write lock of a meeting folder: one kkrdesk writes, the others open it read-only."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kkrdesk.core import danish
from kkrdesk.core.files.nesting import too_deep

LOCK_NAME = ".kkrdesk.lock"
_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte past the owner text, so others can still read it


@dataclass(frozen=True)
class LockOwner:
    """Who holds a meeting: shown to the user who gets it read-only."""

    pid: int
    host: str
    user: str
    since: str

    def describe(self) -> str:
        """Who and since when, for people: never a process number, never a placeholder."""
        if not self.user:
            return "en anden kkrdesk, som er ved at åbne eller gemme mødet"
        try:
            moment = " siden " + danish.format_moment(dt.datetime.fromisoformat(self.since))
        except (TypeError, ValueError):
            moment = ""
        where = f" på {self.host}" if self.host else ""
        return f"{self.user}{where}{moment}"


# The lock is held, but its owner text is not written yet (or not readable): someone just took it.
UNKNOWN_OWNER = LockOwner(pid=0, host="", user="", since="")


class MeetingLock:
    """An OS-level lock on ``.kkrdesk.lock``; the OS drops it when its process dies.

    A lock file left by a dead process therefore holds no lock and is simply taken over.
    """

    def __init__(self, folder: Path):
        self.path = Path(folder) / LOCK_NAME
        self._handle: BinaryIO | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> LockOwner | None:
        """Take the lock. Returns None on success, or the current owner if another process holds it."""
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open: the open file is the lock
        if not _try_lock(handle):
            handle.seek(0)
            owner = _parse_owner(handle.read(4096))
            handle.close()
            return owner or UNKNOWN_OWNER
        owner = LockOwner(pid=os.getpid(), host=_host(), user=_user(),
                          since=dt.datetime.now().isoformat(timespec="seconds"))
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(owner.__dict__).encode("utf-8"))
        handle.flush()
        self._handle = handle
        return None

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            _unlock(self._handle)
        finally:
            self._handle.close()
            self._handle = None


def _host() -> str:
    """This machine's name; from uname where there is one, as gethostname takes it there (the
    socket module costs ~10 M instructions of the window's start-up)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket
    return socket.gethostname()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "ukendt bruger"


def _parse_owner(raw: bytes) -> LockOwner | None:
    try:
        text = raw.decode("utf-8")
        if too_deep(text):
            return None
        data = json.loads(text)
        return LockOwner(pid=int(data["pid"]), host=str(data["host"]), user=str(data["user"]),
                         since=str(data["since"]))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: BinaryIO) -> bool:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: BinaryIO) -> None:
        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle: BinaryIO) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(handle: BinaryIO) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
