"""The archive's index: every meeting's items, bilag placements and page texts in one SQLite cache, refreshed per meeting."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kkrdesk.core.ahead import run_ahead
from kkrdesk.core.archive.sources import (
    FOLDER,
    MISSING,
    Source,
    Stamp,
    discover,
    stamp_of,
)
from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.danish import format_date
from kkrdesk.core.errors import KkrError, Problem, Severity, UnsafePathError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.pdf_screen import screen_ahead
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.manifest import MANIFEST_NAME
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.office.isolation import Stopped
from kkrdesk.core.pack.format import pack_id_for
from kkrdesk.core.pack.reader import open_pack
from kkrdesk.core.search.extraction import Cancelled, IndexingCancelled
from kkrdesk.core.search.index import SearchIndex, default_index_path, item_pages, prune_vocabulary
from kkrdesk.core.search.words import stems_of
from kkrdesk.core.text.pages import DocumentText, extract_text
from kkrdesk.core.userdata import user_cache_dir

ARCHIVE_SCHEMA_VERSION = "3"
# Versions brought up to date in place rather than built anew: every meeting is read again at the
# next refresh, and the texts of bilag (stored by sha256) are kept. "2": an archive made before an
# item's decision had a page of its own labels a hit there "(punktets tekst)", not "(beslutning)".
REREAD_MEETINGS_FROM = frozenset({"2"})
# Forgetting the words of removed pages rebuilds the trigram vocabulary: worth it only when many went.
PRUNE_AFTER_REMOVED_PAGES = 5000

ARCHIVE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meetings(
    id INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, kkr TEXT NOT NULL,
    date TEXT NOT NULL, title TEXT NOT NULL, pack_id TEXT NOT NULL, problem TEXT,
    version INTEGER NOT NULL DEFAULT 0, shadowed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS meeting_files(
    meeting_id INTEGER NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS meeting_files_by_meeting ON meeting_files(meeting_id);
CREATE TABLE IF NOT EXISTS items(
    id INTEGER PRIMARY KEY, meeting_id INTEGER NOT NULL, item_order INTEGER NOT NULL,
    number TEXT NOT NULL, title TEXT NOT NULL, type TEXT NOT NULL, closed INTEGER NOT NULL,
    title_stems TEXT NOT NULL, text_stems TEXT NOT NULL, beslutning TEXT NOT NULL,
    opfoelgning INTEGER NOT NULL, opfoelgning_dato TEXT);
CREATE INDEX IF NOT EXISTS items_by_meeting ON items(meeting_id);
CREATE TABLE IF NOT EXISTS archive_placements(
    item_id INTEGER NOT NULL, meeting_id INTEGER NOT NULL, sha256 TEXT NOT NULL,
    bilag_number INTEGER NOT NULL, bilag_title TEXT NOT NULL, file TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS archive_placements_by_meeting ON archive_placements(meeting_id);
CREATE INDEX IF NOT EXISTS archive_placements_by_sha ON archive_placements(sha256);
CREATE TABLE IF NOT EXISTS document_pages(
    sha256 TEXT PRIMARY KEY, first_id INTEGER NOT NULL, last_id INTEGER NOT NULL);
"""

# One meeting may be in the archive more than once: as the secretariat's folder and as the pack
# made of it, or as several versions of a pack. Only one is listed and searched: the folder, else
# the pack of the highest version.
SHADOWING = """
UPDATE meetings SET shadowed = problem IS NULL AND EXISTS (
    SELECT 1 FROM meetings other WHERE other.pack_id = meetings.pack_id AND other.id != meetings.id
    AND other.problem IS NULL
    AND (other.kind = 'folder', other.version, other.source) > (meetings.kind = 'folder', meetings.version,
                                                                 meetings.source))"""

Progress = Callable[[int, int, str], None]
Reader = Callable[[Cancelled], tuple[DocumentText, bool]]     # a document's texts, and whether they were copied


@dataclass(frozen=True)
class ArchiveMeeting:
    """A meeting as the archive lists it; ``problem`` says why it could not be read (then it has no items)."""

    id: int
    source: str
    kind: str
    kkr: str
    date: dt.date | None
    title: str
    pack_id: str
    problem: str | None = None

    def label(self) -> str:
        if self.date is None:
            return f"{self.source} (kan ikke læses)"
        return f"{self.kkr}, {format_date(self.date)}"


@dataclass(frozen=True)
class ArchiveItem:
    """An agenda item of an archived meeting, with the decision fields of its referat."""

    id: int
    meeting_id: int
    number: str
    title: str
    type: str
    beslutning: str
    opfoelgning: bool
    opfoelgning_dato: dt.date | None


@dataclass
class RefreshReport:
    """What a refresh did: which meetings were read again, how many documents were read, what failed."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    documents_read: int = 0
    documents_copied: int = 0      # of which copied from another index rather than read from the file
    pages_read: int = 0
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"added": self.added, "changed": self.changed, "removed": self.removed,
                "unchanged": self.unchanged, "documents_read": self.documents_read,
                "documents_copied": self.documents_copied,
                "pages_read": self.pages_read, "problems": [p.to_dict() for p in self.problems]}


@dataclass
class _ReadMeeting:
    """One meeting read from its source: the meeting, its documents to index and its files' stamps."""

    meeting: Meeting
    pack_id: str
    stamps: dict[str, Stamp]
    documents: dict[str, Reader] = field(default_factory=dict)
    placements: list[tuple[int, str, int, str, str]] = field(default_factory=list)  # item order, sha, ...
    pdfs: dict[str, Path] = field(default_factory=dict)       # sha256 -> a PDF file to screen first
    version: int = 0                                            # a pack's version; 0 for a folder
    problems: list[Problem] = field(default_factory=list)


def default_archive_index_path(root: Path) -> Path:
    """The archive's index lives in the user's cache (never in the archive, which may be shared or read-only)."""
    key = hashlib.sha256(str(Path(root).resolve()).encode("utf-8")).hexdigest()[:24]
    return user_cache_dir() / "archive" / f"{key}.sqlite"


class ArchiveIndex:
    """The index of one archive folder; each method opens its own connection."""

    def __init__(self, root: Path, path: Path | None = None, *, pack_root: Path | None = None):
        self.root = Path(root)
        self.path = Path(path) if path else default_archive_index_path(self.root)
        self.pack_root = pack_root     # where packs are extracted (None: the user's pack cache)
        self._pages = SearchIndex(self.path)
        self.search_cache: object = None     # what search keeps between queries (see search.py)
        self.related_cache: object = None    # the items' vectors for earlier items (see related.py)

    def connect(self) -> sqlite3.Connection:
        if not self.root.is_dir():
            raise KkrError("arkivet findes ikke eller er ikke en mappe.", file=self.root,
                           hint="Vælg den mappe, hvor mødemapperne og medlemspakkerne ligger.")
        db = self._pages.connect()
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'archive_schema'").fetchone()
            if row is not None and row[0] in REREAD_MEETINGS_FROM:
                _reread_every_meeting(db)
            elif row is not None and row[0] != ARCHIVE_SCHEMA_VERSION:
                db.close()
                self.path.unlink()
                db = self._pages.connect()
            db.executescript(ARCHIVE_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES('archive_schema', ?)", (ARCHIVE_SCHEMA_VERSION,))
            db.commit()
        except sqlite3.DatabaseError as exc:
            db.close()
            raise KkrError(f"arkivets indeks kan ikke åbnes ({exc}).", file=self.path,
                           hint="Slet filen; kkrdesk bygger indekset igen.") from None
        return db

    def reading(self) -> sqlite3.Connection:
        """A connection for queries, without the schema work of ``connect`` (a refresh made the index)."""
        if not self.path.is_file():
            self.connect().close()
        return sqlite3.connect(self.path, timeout=30)

    # ------------------------------------------------------------------ refreshing

    def refresh(self, *, progress: Progress | None = None, cancelled: Cancelled = never_cancelled) -> RefreshReport:
        """Bring the index in line with the folder: only meetings added or changed are read again.

        A meeting is unchanged when its meeting.toml and every bilag file (or its pack file)
        have the size and time they had when it was read. A meeting that cannot be read is
        reported by name and kept out of the search until it changes; the others go on.

        Once ``cancelled()`` is true the refresh stops between meetings and between documents (a
        LibreOffice conversion at once) and raises IndexingCancelled: the meetings stored so far
        stay, the texts read of the one it was on are kept, and the rest is read next time.
        """
        report = RefreshReport()
        if (self.root / MANIFEST_NAME).is_file():
            raise KkrError("mappen er et møde, ikke et arkiv.", file=self.root,
                           hint="Vælg den mappe, mødemapperne ligger i, fx mappen over denne.")
        with closing(self.connect()) as db:
            try:
                read_count = self._read_stale(db, report, progress, cancelled)
            except IndexingCancelled:
                self._bump_generation(db)      # what was stored before the stop is searched at once
                raise
            removed_pages = self._drop_unplaced_documents(db)
            if removed_pages >= PRUNE_AFTER_REMOVED_PAGES:
                prune_vocabulary(db)
            if report.added or report.changed or report.removed:
                self._bump_generation(db)
            just_read = set(report.added) | set(report.changed)
            for source_key, problem in db.execute("SELECT source, problem FROM meetings "
                                                  "WHERE problem IS NOT NULL ORDER BY source"):
                if source_key not in just_read:
                    report.problems.append(_meeting_problem(self.root / source_key, problem))
            if progress:
                progress(read_count, read_count, "")
        return report

    def _read_stale(self, db: sqlite3.Connection, report: RefreshReport, progress: Progress | None,
                    cancelled: Cancelled) -> int:
        """Read and store the meetings added or changed (forgetting those gone); how many were read."""
        read_now: list[tuple[Source, int | None, _ReadMeeting | None]] = []
        for source, meeting_id in self._stale(db, discover(self.root), report):
            if cancelled():
                raise IndexingCancelled
            read_now.append((source, meeting_id, self._read_source(db, source, report)))
        # one screening child for many PDFs, rather than one child per file (~0.3 s each)
        present = {row[0] for row in db.execute("SELECT sha256 FROM documents")}
        screen_ahead((path for _, _, read in read_now if read is not None
                      for sha, path in read.pdfs.items() if sha not in present), cancelled=cancelled)
        for done, (source, meeting_id, read) in enumerate(read_now):
            if cancelled():
                raise IndexingCancelled
            if progress:
                progress(done, len(read_now), source.key)
            (report.changed if meeting_id is not None else report.added).append(source.key)
            if read is not None:
                self._index_documents(db, read, report, cancelled)
                self._store_meeting(db, source, read)
        return len(read_now)

    @staticmethod
    def _bump_generation(db: sqlite3.Connection) -> None:
        """Settle which copy of a meeting is shown, and tell searches that the placements changed."""
        with db:
            db.execute(SHADOWING)
            db.execute("INSERT OR IGNORE INTO meta VALUES('generation', '0')")
            db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def _stale(self, db: sqlite3.Connection, sources: list[Source],
               report: RefreshReport) -> list[tuple[Source, int | None]]:
        """The meetings to read (with their id when known before); forgets the meetings that are gone."""
        known = {source: meeting_id for meeting_id, source in db.execute("SELECT id, source FROM meetings")}
        stamps: dict[int, list[tuple[str, int, int]]] = {}
        for meeting_id, path, size, mtime in db.execute("SELECT * FROM meeting_files"):
            stamps.setdefault(meeting_id, []).append((path, size, mtime))
        stale: list[tuple[Source, int | None]] = []
        for source in sources:
            meeting_id = known.pop(source.key, None)
            if meeting_id is not None and _unchanged(stamps.get(meeting_id, [])):
                report.unchanged += 1
            else:
                stale.append((source, meeting_id))
        for source_key in known:
            with db:
                self._forget(db, source_key)
            report.removed.append(source_key)
        return stale

    def _read_source(self, db: sqlite3.Connection, source: Source, report: RefreshReport) -> _ReadMeeting | None:
        """Read the meeting again; None when it cannot be read (then the index keeps only why)."""
        try:
            read = self._read_folder(db, source) if source.kind == FOLDER else self._read_pack(source)
        except KkrError as exc:
            problem = _damage_text(exc)
            stamp_file = source.path / MANIFEST_NAME if source.kind == FOLDER else source.path
            with db:
                self._forget(db, source.key)
                cursor = db.execute("INSERT INTO meetings(source, kind, kkr, date, title, pack_id, problem) "
                                    "VALUES(?,?,?,?,?,?,?)", (source.key, source.kind, "", "", "", "", problem))
                db.execute("INSERT INTO meeting_files VALUES(?,?,?,?)",
                           (cursor.lastrowid, str(stamp_file), *stamp_of(stamp_file)))
            report.problems.append(_meeting_problem(source.path, problem))
            return None
        report.problems += read.problems
        return read

    def _index_documents(self, db: sqlite3.Connection, read: _ReadMeeting, report: RefreshReport,
                         cancelled: Cancelled) -> None:
        """Read and store the meeting's documents the index does not hold yet (by sha256)."""
        present = {row[0] for row in db.execute("SELECT sha256 FROM documents")}
        missing = [sha for sha in read.documents if sha not in present]
        for sha, outcome in run_ahead(lambda sha: read.documents[sha](cancelled), missing):
            if cancelled() or isinstance(outcome, Stopped):   # Stopped: LibreOffice was converting it
                raise IndexingCancelled
            if isinstance(outcome, KkrError):
                self._store_document(db, sha, DocumentText([], "none"), problem=outcome.format())
                report.problems.append(Problem(code="not-indexed", severity=Severity.WARNING,
                                               message=f"filen kunne ikke læses til søgningen: {outcome.message}",
                                               hint=outcome.hint, file=outcome.file))
                continue
            if isinstance(outcome, OSError):      # gone or locked meanwhile: told now, tried again next time
                report.problems.append(_unreadable_bilag(Path(outcome.filename or sha), outcome))
                if outcome.filename is not None:
                    read.stamps[str(outcome.filename)] = MISSING
                continue
            if isinstance(outcome, Exception):
                raise outcome
            text, copied = outcome
            self._store_document(db, sha, text)
            report.documents_read += 1
            report.documents_copied += copied
            report.pages_read += len(text.pages)

    def _store_document(self, db: sqlite3.Connection, sha: str, text: DocumentText,
                        problem: str | None = None) -> None:
        """Store a document's pages, unless another refresh (another window, the CLI) stored them meanwhile."""
        if db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha,)).fetchone():
            return
        try:
            self._pages.store_document(db, sha, "bilag", text, problem=problem)
        except sqlite3.IntegrityError:
            return                      # stored by the other refresh between the look and the write
        with db:
            db.execute("INSERT OR REPLACE INTO document_pages "
                       "SELECT sha256, min(id), max(id) FROM pages WHERE sha256 = ? GROUP BY sha256", (sha,))

    def _store_meeting(self, db: sqlite3.Connection, source: Source, read: _ReadMeeting) -> None:
        """Replace what the index has of the meeting, in one transaction (another refresh may store it too)."""
        meeting = read.meeting
        with db:
            self._forget(db, source.key)
            meeting_id = db.execute(
                "INSERT INTO meetings(source, kind, kkr, date, title, pack_id, version) VALUES(?,?,?,?,?,?,?)",
                (source.key, source.kind, meeting.kkr, meeting.date.isoformat(), meeting.display_title,
                 read.pack_id, read.version)).lastrowid
            db.executemany("INSERT INTO meeting_files VALUES(?,?,?,?)",
                           [(meeting_id, path, *stamp) for path, stamp in read.stamps.items()])
            item_ids = []
            for order, item in enumerate(meeting.items):
                followed = getattr(item, "opfoelgning_dato", None)
                texts = [item.resume, item.indstilling, item.sagsfremstilling,
                         *(bilag.title for bilag in item.bilag)]
                item_ids.append(db.execute(
                    "INSERT INTO items(meeting_id, item_order, number, title, type, closed, title_stems, "
                    "text_stems, beslutning, opfoelgning, opfoelgning_dato) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                    (meeting_id, order, item.number, item.title, str(item.type or ""), item.closed,
                     stems_of(item.title), stems_of("\n".join(texts)), getattr(item, "beslutning", "") or "",
                     bool(getattr(item, "opfoelgning", False)),
                     followed.isoformat() if isinstance(followed, dt.date) else None)).lastrowid)
            db.executemany("INSERT INTO archive_placements VALUES(?,?,?,?,?,?)",
                           [(item_ids[order], meeting_id, sha, number, title, file)
                            for order, sha, number, title, file in read.placements])

    def _read_folder(self, db: sqlite3.Connection, source: Source) -> _ReadMeeting:
        manifest = source.path / MANIFEST_NAME
        stamps = {str(manifest): stamp_of(manifest)}      # taken first: a change while reading shows next time
        meeting, _ = read_meeting(source.path)
        read = _ReadMeeting(meeting, pack_id_for(meeting), stamps)
        self._add_items(read)
        searched = default_index_path(source.path)     # the meeting search's own index, if it was searched
        own_index = SearchIndex(searched, read_only=True) if searched.is_file() else None
        for order, item in enumerate(meeting.items):
            for number, bilag in enumerate(item.bilag, start=1):
                try:
                    path = inside(source.path, bilag.file)
                except UnsafePathError:
                    continue                                # read_meeting refuses these already
                stamp = read.stamps[str(path)] = stamp_of(path)
                try:
                    if stamp == MISSING:
                        raise FileNotFoundError(path)
                    sha = _sha_of(db, path, stamp)
                except OSError as exc:
                    read.problems.append(_unreadable_bilag(path, exc))
                    continue
                read.documents.setdefault(sha, _reader(path, sha, own_index))
                if bilag.kind is FileKind.PDF:
                    read.pdfs[sha] = path
                read.placements.append((order, sha, number, bilag.title, bilag.file))
        return read

    def _read_pack(self, source: Source) -> _ReadMeeting:
        stamp = stamp_of(source.path)
        pack = open_pack(source.path, root=self.pack_root)
        read = _ReadMeeting(pack.meeting, pack.info.pack_id, {str(source.path): stamp}, version=pack.info.version)
        self._add_items(read)
        listed = {listed.path: listed.sha256 for listed in pack.info.files}
        for order, item in enumerate(pack.meeting.items):
            for number, bilag in enumerate(item.bilag, start=1):
                sha = listed[bilag.file]            # open_pack checked that every bilag is listed
                read.documents.setdefault(sha, _reader(inside(pack.folder, bilag.file), sha, pack.index,
                                                       pack.rendering_for(sha)))
                read.placements.append((order, sha, number, bilag.title, bilag.file))
        return read

    @staticmethod
    def _add_items(read: _ReadMeeting) -> None:
        """Each item's own text is a document placed as bilag 0, its decision on a page of its own."""
        for order, item in enumerate(read.meeting.items):
            pages = item_pages(item)
            sha = hashlib.sha256("\f".join(["kkrdesk-archive-item-pages", *pages]).encode("utf-8")).hexdigest()
            read.documents.setdefault(sha, _item_reader(pages))
            read.placements.append((order, sha, 0, "", ""))

    @staticmethod
    def _forget(db: sqlite3.Connection, source_key: str) -> None:
        """Delete the meeting's rows; the caller holds the transaction."""
        for table in ("meeting_files", "items", "archive_placements"):
            db.execute(f"DELETE FROM {table} WHERE meeting_id IN (SELECT id FROM meetings WHERE source = ?)",
                       (source_key,))
        db.execute("DELETE FROM meetings WHERE source = ?", (source_key,))

    def _drop_unplaced_documents(self, db: sqlite3.Connection) -> int:
        """Remove the texts no meeting uses any more; returns how many pages went."""
        gone = [row[0] for row in db.execute(
            "SELECT sha256 FROM documents WHERE sha256 NOT IN (SELECT sha256 FROM archive_placements)")]
        pages = 0
        for sha in gone:
            pages += db.execute("SELECT count(*) FROM pages WHERE sha256 = ?", (sha,)).fetchone()[0]
            self._pages.remove_document(db, sha)
            with db:
                db.execute("DELETE FROM document_pages WHERE sha256 = ?", (sha,))
        return pages

    # ------------------------------------------------------------------ reading

    def meetings(self) -> list[ArchiveMeeting]:
        """Every meeting, newest first; unreadable ones last."""
        with closing(self.reading()) as db:
            rows = db.execute("SELECT id, source, kind, kkr, date, title, pack_id, problem FROM meetings "
                              "WHERE NOT shadowed ORDER BY problem IS NOT NULL, date DESC, kkr, source").fetchall()
        return [_meeting(row) for row in rows]

    def meeting(self, name: str) -> ArchiveMeeting:
        """The meeting named by its place in the archive (folder or pack name) or by its date, if one has it."""
        meetings = self.meetings()
        wanted = name.strip().rstrip("/")
        found = [m for m in meetings if m.source == wanted or m.source.rsplit("/", 1)[-1] == wanted]
        if not found:
            found = [m for m in meetings if m.date is not None and m.date.isoformat() == wanted]
        if len(found) != 1:
            listed = ", ".join(m.source for m in found) if found else "ingen"
            raise KkrError(f'arkivet har {"intet" if not found else "flere"} møde(r) ved navn "{name}" '
                           f"({listed}).", file=self.root,
                           hint="Skriv mødemappens eller pakkens navn, som kkrdesk archive DIR list viser.")
        return found[0]

    @staticmethod
    def generation(db: sqlite3.Connection) -> str:
        """Changes whenever a refresh changed the index (here or in another process)."""
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return str(row[0]) if row else "0"

    def items_by_meeting(self) -> dict[int, list[ArchiveItem]]:
        """Every meeting's items in agenda order, read at once."""
        found: dict[int, list[ArchiveItem]] = {}
        with closing(self.reading()) as db:
            for row in db.execute("SELECT id, meeting_id, number, title, type, beslutning, opfoelgning, "
                                  "opfoelgning_dato FROM items ORDER BY meeting_id, item_order"):
                found.setdefault(row[1], []).append(_item(row))
        return found

    def folder_of(self, meeting: ArchiveMeeting) -> Path:
        return self.root / meeting.source


def _reread_every_meeting(db: sqlite3.Connection) -> None:
    """Forget every meeting's file stamps, so the next refresh reads each meeting again (and stores
    its items' texts as this version does), and mark the index as of this version."""
    with db:
        db.execute("DELETE FROM meeting_files")
        db.execute("UPDATE meta SET value = ? WHERE key = 'archive_schema'", (ARCHIVE_SCHEMA_VERSION,))


def _unchanged(stamps: list[tuple[str, int, int]]) -> bool:
    return bool(stamps) and all(stamp_of(path) == (size, mtime) for path, size, mtime in stamps)


def _sha_of(db: sqlite3.Connection, path: Path, stamp: Stamp) -> str:
    """The file's sha256, hashed again only when its size or time changed since it was last hashed."""
    row = db.execute("SELECT size, mtime_ns, sha256 FROM file_stamps WHERE file = ?", (str(path),)).fetchone()
    if row and (row[0], row[1]) == stamp:
        return str(row[2])
    sha = sha256_of(path)
    with db:
        db.execute("INSERT OR REPLACE INTO file_stamps VALUES(?,?,?,?)", (str(path), *stamp, sha))
    return sha


def _item_reader(pages: list[str]) -> Reader:
    return lambda _cancelled: (DocumentText(pages, "item"), False)


def _reader(path: Path, sha: str, copy_from: SearchIndex | None, rendering: Path | None = None) -> Reader:
    """Texts another index holds already (the meeting's own search index, a pack's) are copied; else the file is read."""
    def read(cancelled: Cancelled) -> tuple[DocumentText, bool]:
        if copy_from is not None:
            try:
                text = copy_from.document_text(sha)
            except KkrError:          # an index of another kkrdesk version, or damaged: read the file
                text = None
            if text is not None:
                return text, True
        return extract_text(path, sha256=sha, rendering=rendering, cancelled=cancelled), False
    return read


def _unreadable_bilag(path: Path, exc: OSError) -> Problem:
    missing = isinstance(exc, FileNotFoundError)
    return Problem(code="missing-file" if missing else "unreadable-file", severity=Severity.WARNING,
                   message="bilagsfilen findes ikke og kan ikke søges i." if missing else
                   f"bilagsfilen kan ikke læses ({exc.strerror or exc}) og kan ikke søges i.",
                   hint="Kør kkrdesk validate på mødet for at finde fejlen.", file=str(path))


def _damage_text(exc: KkrError) -> str:
    details = "; ".join(problem.message for problem in exc.problems[:3])
    return f"{exc.message} {details}".strip() if details else exc.message


def _meeting_problem(path: Path, problem: str) -> Problem:
    return Problem(code="meeting-skipped", severity=Severity.ERROR,
                   message=f"mødet kan ikke læses og er udeladt af arkivet: {problem}",
                   hint="Ret eller erstat filen; arkivet læser mødet igen, når filen er ændret.",
                   file=str(path))


def _meeting(row: tuple[Any, ...]) -> ArchiveMeeting:
    meeting_id, source, kind, kkr, date, title, pack_id, problem = row
    return ArchiveMeeting(meeting_id, source, kind, kkr, dt.date.fromisoformat(date) if date else None,
                          title, pack_id, problem)


def _item(row: tuple[Any, ...]) -> ArchiveItem:
    item_id, meeting_id, number, title, kind, beslutning, opfoelgning, dato = row
    return ArchiveItem(item_id, meeting_id, number, title, kind, beslutning, bool(opfoelgning),
                       dt.date.fromisoformat(dato) if dato else None)
