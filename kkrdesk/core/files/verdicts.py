"""Screening verdicts: their shape, and the cache on disk that keeps them by the file's sha256."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Required, TypedDict, TypeGuard, TypeVar

from kkrdesk import __version__
from kkrdesk.core.userdata import user_cache_dir

if TYPE_CHECKING:
    import sqlite3

# The cache is one SQLite file, written in one transaction per batch of verdicts (one new file
# per verdict cost ~0.3 ms of kernel time each on ext4). sqlite3 is imported only when the cache
# is used: importing it costs more than the few look-ups a window makes at start.
STORE_NAME = "screened.sqlite3"
STORE_FORMAT = 2          # the table's shape (user_version); a cache of another shape is left alone
BUSY_SECONDS = 1.0        # how long a write waits for another process's; then the verdicts are not kept
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
_T = TypeVar("_T")
# What a screening child that ran out of memory under its address-space limit leaves on stderr
# (the last two: an allocation failing inside the import machinery)
OUT_OF_MEMORY_SIGNS = (b"MemoryError", b"Cannot allocate memory", b"failed to map segment", b"std::bad_alloc",
                       b"error return without exception set", b"returned NULL without setting an exception")


class Refusal(TypedDict):
    """Why screening refused a file, as a BadFileError would say it."""

    reason: str
    message: str
    hint: str


class Verdict(TypedDict, total=False):
    """Screening's verdict as the child prints it (JSON): refused, or the file's pages; ``final``
    when the file itself decided it (not a timeout or a crash), so it may be remembered."""

    final: Required[bool]
    refused: Refusal
    pages: int
    needs_repair: bool


def well_formed(verdict: object) -> TypeGuard[Verdict]:
    if not isinstance(verdict, dict) or not isinstance(verdict.get("final"), bool):
        return False
    refused = verdict.get("refused")
    if refused is not None:
        return isinstance(refused, dict) and all(isinstance(refused.get(k), str)
                                                 for k in ("reason", "message", "hint"))
    return isinstance(verdict.get("pages"), int) and isinstance(verdict.get("needs_repair"), bool)


def refusal(reason: str, message: str, hint: str, *, final: bool = True) -> Verdict:
    """A refusal as a BadFileError would say it; ``final`` when the file itself decided it."""
    return {"refused": {"reason": reason, "message": message, "hint": hint}, "final": final}


def last_verdict(output: bytes) -> Verdict | None:
    """The last well-formed verdict among the lines a screening child printed, if any."""
    for line in reversed(output.decode("utf-8", errors="replace").splitlines()):
        try:
            verdict = json.loads(line)
        except ValueError:
            continue
        if well_formed(verdict):
            return verdict
    return None


def ran_out_of_memory(errors: bytes) -> bool:
    """Whether a screening child's stderr says it stopped for want of memory."""
    return any(sign in errors for sign in OUT_OF_MEMORY_SIGNS)


def read_verdict(sha256: str) -> Verdict | None:
    row = _using_store(lambda db: db.execute("SELECT verdict FROM verdicts WHERE kkrdesk = ? AND sha256 = ?",
                                             (__version__, sha256)).fetchone(), create=False)
    return _parsed(row[0]) if row else None


def read_verdicts(sha256s: Iterable[str]) -> dict[str, Verdict]:
    """The cached verdicts of these files, by sha256 (those of this kkrdesk version only)."""
    wanted = list(dict.fromkeys(sha256s))

    def read(db: sqlite3.Connection) -> dict[str, Verdict]:
        found: dict[str, Verdict] = {}
        for start in range(0, len(wanted), 500):     # SQLite's limit on parameters is 999 here
            part = wanted[start:start + 500]
            rows = db.execute(f"SELECT sha256, verdict FROM verdicts WHERE kkrdesk = ? AND sha256 IN "
                              f"({','.join('?' * len(part))})", [__version__, *part]).fetchall()
            found.update((sha256, verdict) for sha256, text in rows if (verdict := _parsed(text)) is not None)
        return found

    return (_using_store(read, create=False) if wanted else None) or {}


def write_verdict(sha256: str, verdict: Verdict) -> None:
    write_verdicts([(sha256, verdict)])


def write_verdicts(verdicts: Iterable[tuple[str, Verdict]]) -> None:
    """Keep these verdicts, all in one transaction; a cache that cannot be written only costs time."""
    rows = [(sha256, __version__, json.dumps(verdict)) for sha256, verdict in verdicts]

    def write(db: sqlite3.Connection) -> None:
        with db:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO verdicts (sha256, kkrdesk, verdict) VALUES (?, ?, ?)", rows)

    if rows:
        _using_store(write, create=True)


def _parsed(text: object) -> Verdict | None:
    try:
        verdict = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return verdict if well_formed(verdict) else None


_local = threading.local()        # a connection per thread: a look-up never waits for another thread's write


def _opened() -> dict[tuple[int, str | None], sqlite3.Connection]:
    """This thread's connection, by process and cache folder (at most one: the folder in use)."""
    opened: dict[tuple[int, str | None], sqlite3.Connection] | None = getattr(_local, "opened", None)
    if opened is None:
        opened = _local.opened = {}
    return opened


def _using_store(work: Callable[[sqlite3.Connection], _T], *, create: bool) -> _T | None:
    """``work`` done with the cache's connection, or None: when there is no cache yet (and
    ``create`` is False), or on any error of SQLite or the file system."""
    import sqlite3

    try:
        db = _connection(create)
        return work(db) if db is not None else None
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorcode", None) in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            _set_aside()      # damaged: the next write begins a new cache
    except OSError:
        pass
    return None


def _connection(create: bool) -> sqlite3.Connection | None:
    import sqlite3

    # Not a connection opened before a fork, nor one in another cache folder (the folder is the
    # user's, or KKRDESK_CACHE_DIR's: a key cheaper than building the path for every look-up).
    key = (os.getpid(), os.environ.get("KKRDESK_CACHE_DIR"))
    opened = _opened()
    db = opened.get(key)
    if db is not None:
        return db
    for other in [other for other in opened if other[0] == key[0]]:
        opened.pop(other).close()   # another cache folder (tests set one each)
    path = user_cache_dir() / STORE_NAME
    if not path.exists():
        if not create:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        _prepare(db)
    except BaseException:
        db.close()
        raise
    opened[key] = db
    return db


def _prepare(db: sqlite3.Connection) -> None:
    """WAL (readers never wait for a writer), no fsync at all (a cache: a verdict lost in a crash
    is screened again, and a file a system crash damaged is set aside), and the table, made by
    whichever process comes first."""
    db.execute("PRAGMA synchronous = OFF")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == STORE_FORMAT:
        return
    if version != 0:
        import sqlite3

        raise sqlite3.DatabaseError("another format")     # a later kkrdesk's cache: leave it be
    db.execute("PRAGMA journal_mode = WAL")
    with db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("CREATE TABLE IF NOT EXISTS verdicts (sha256 TEXT PRIMARY KEY, kkrdesk TEXT NOT NULL, "
                   "verdict TEXT NOT NULL) WITHOUT ROWID")
        db.execute(f"PRAGMA user_version = {STORE_FORMAT}")


def _set_aside() -> None:
    """Remove a damaged cache (and its journal), so that the next write begins a new one."""
    opened = _opened()
    for key in [key for key in opened if key[0] == os.getpid()]:
        opened.pop(key).close()
    path = user_cache_dir() / STORE_NAME
    for suffix in ("", "-wal", "-shm"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass
