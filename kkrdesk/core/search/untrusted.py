"""A search index from someone else (a pack's): opened read-only, its schema compared with the writer's, every query timed."""

from __future__ import annotations

import re
import sqlite3
import time
from functools import cache
from pathlib import Path
from typing import Any

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files import limits

PROGRESS_STEPS = 10_000   # SQLite instructions between two looks at the clock
HINT_NEW_PACK = "Bed sekretariatet om at sende pakken igen."
_KINDS_DA = {"table": "tabel", "view": "visning (view)", "trigger": "trigger", "index": "indeks"}
_DEFINITE_DA = {"table": "tabellen", "view": "visningen", "trigger": "triggeren", "index": "indekset"}


class TimedConnection(sqlite3.Connection):
    """A connection whose every statement is stopped once it has run ``limit`` seconds."""

    limit: float = limits.PACK_INDEX_QUERY_SECONDS
    deadline: float = float("inf")
    timed_out: bool = False

    def _start(self) -> None:
        self.deadline = time.monotonic() + self.limit
        self.timed_out = False

    # *args/**kwargs pass through to sqlite3's own signatures unchanged
    def execute(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._start()
        return super().execute(*args, **kwargs)

    def executemany(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._start()
        return super().executemany(*args, **kwargs)

    def executescript(self, *args: Any, **kwargs: Any) -> sqlite3.Cursor:
        self._start()
        return super().executescript(*args, **kwargs)

    def _over_time(self) -> int:
        if time.monotonic() > self.deadline:
            self.timed_out = True
            return 1
        return 0


def open_untrusted(path: Path, *, shown_as: Path) -> TimedConnection:
    """Connect to ``path`` read-only and immutable, queries only, no trust in its schema, timed."""
    try:
        connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                     factory=TimedConnection)
    except sqlite3.Error as exc:
        raise unreadable(shown_as, exc) from None
    connection.set_progress_handler(connection._over_time, PROGRESS_STEPS)
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.execute("PRAGMA trusted_schema = OFF")
    except sqlite3.Error as exc:
        connection.close()
        raise query_error(connection, exc, shown_as) from None
    return connection


def unreadable(shown_as: Path, exc: Exception) -> BadFileError:
    return BadFileError(f"pakkens søgeindeks (index.sqlite) kan ikke læses ({exc}).", reason="damaged",
                        file=shown_as, hint=HINT_NEW_PACK)


def query_error(connection: sqlite3.Connection, exc: sqlite3.Error, shown_as: Path) -> BadFileError:
    """What a failed query on an untrusted index means to the user: too slow, or a damaged index."""
    if isinstance(connection, TimedConnection) and connection.timed_out:
        return BadFileError(f"pakkens søgeindeks svarede ikke inden for {connection.limit:g} sekunder; "
                            "det kan være lavet for at få kkrdesk til at hænge.", reason="timeout",
                            file=shown_as, hint=HINT_NEW_PACK)
    return unreadable(shown_as, exc)


@cache
def expected_schema(schema_sql: str) -> dict[str, tuple[str, str, str]]:
    """name -> (type, table, normalised SQL) of every object the writer's schema creates (FTS5 shadows too)."""
    with sqlite3.connect(":memory:") as db:
        db.executescript(schema_sql)
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {name: (kind, table, _normalised(sql)) for kind, name, table, sql in rows}


def check_schema(connection: TimedConnection, schema_sql: str, shown_as: Path) -> None:
    """Refuse an index holding anything the writer does not create, or lacking or redefining what it does.

    Views, triggers, virtual tables and tables the writer does not make are refused before any
    of them can run; an expected table with other columns is named with the columns it lacks.
    Then SQLite's own quick check reads every page of the file, under the time limit.
    """
    expected = expected_schema(schema_sql)
    try:
        found = {name: (kind, table, _normalised(sql)) for kind, name, table, sql in
                 connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")}
    except sqlite3.Error as exc:
        raise query_error(connection, exc, shown_as) from None

    def refuse(what: str) -> BadFileError:
        return BadFileError(f"pakkens søgeindeks (index.sqlite) {what} Sådan et indeks laver kkrdesk "
                            "ikke; det kan være lavet for at skade.", reason="hostile", file=shown_as,
                            hint=HINT_NEW_PACK)

    if not found:
        raise refuse("indeholder ingen tabeller.")
    for name, (kind, _, sql) in sorted(found.items()):
        if kind in ("view", "trigger") or (name not in expected and sql.upper().startswith("CREATE VIRTUAL")):
            shown = _KINDS_DA.get(kind, kind) if kind != "table" else "virtuel tabel"
            raise refuse(f'indeholder {shown} "{_short(name)}", som kan køre kode, når der søges.')
    extra = sorted(set(found) - set(expected))
    if extra:
        kind = _KINDS_DA.get(found[extra[0]][0], found[extra[0]][0])
        raise refuse(f'indeholder {kind} "{_short(extra[0])}", som ikke hører til et søgeindeks.')
    for name, (kind, _, sql) in expected.items():
        if name in found and found[name][0] != kind:
            raise refuse(f'har "{name}" som {_KINDS_DA.get(found[name][0], found[name][0])}, '
                         f"hvor det skal være en {_KINDS_DA.get(kind, kind)}.")
        if sql.startswith("CREATE TABLE") and name in found:
            lacking = _columns(sql) - _columns(found[name][2])
            if lacking:
                raise refuse(f'har tabellen "{name}" uden kolonnerne ' + ", ".join(sorted(lacking)) + ".")
    missing = sorted(set(expected) - set(found))
    if missing:
        kind = _DEFINITE_DA.get(expected[missing[0]][0], expected[missing[0]][0])
        raise refuse(f'mangler {kind} "{missing[0]}"' + (f" og {len(missing) - 1} andre"
                                                         if len(missing) > 1 else "") + ".")
    for name, definition in expected.items():
        if found[name] != definition:
            raise refuse(f'har "{name}" defineret anderledes, end kkrdesk gør.')
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise query_error(connection, exc, shown_as) from None
    if not verdict or verdict[0] != "ok":
        raise BadFileError("pakkens søgeindeks (index.sqlite) er ødelagt (SQLite: "
                           f"{_short(str(verdict[0]) if verdict else 'intet svar')}).", reason="damaged",
                           file=shown_as, hint=HINT_NEW_PACK)


def _normalised(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _columns(sql: str) -> set[str]:
    """The column names in a CREATE TABLE statement's parentheses (constraints left out)."""
    inside = sql[sql.find("(") + 1:sql.rfind(")")] if "(" in sql else ""
    parts = re.split(r",(?![^()]*\))", inside)
    names = {part.strip().split(" ")[0].strip("'\"") for part in parts if part.strip()}
    return {name for name in names if name.upper() not in {"PRIMARY", "UNIQUE", "CHECK", "FOREIGN",
                                                            "CONSTRAINT"}}


def _short(text: str, width: int = 80) -> str:
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= width else text[:width - 1] + "…"
