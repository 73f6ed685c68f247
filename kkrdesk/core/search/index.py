"""The search index of one meeting: page texts by sha256 in SQLite, FTS5 word, stem and trigram tables, kept up to date."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kkrdesk.core.errors import KkrError, Problem, Severity, UnsafePathError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.files.sniff import sniff_kind
from kkrdesk.core.meeting.model import AgendaItem, FileKind, Meeting
from kkrdesk.core.search.query import (
    Query,
    exact_match,
    parse_query,
    substring_match,
    word_match,
)
from kkrdesk.core.search.snippet import find_spans, make_snippet
from kkrdesk.core.search.words import stems_of
from kkrdesk.core.text.pages import DocumentText, extract_text
from kkrdesk.core.userdata import user_cache_dir

SCHEMA_VERSION = "1"
ITEM_KIND = "item"
DEFAULT_LIMIT = 100

Progress = Callable[[int, int, str], None]

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, page_count INTEGER NOT NULL,
    method TEXT NOT NULL, problem TEXT);
CREATE TABLE IF NOT EXISTS pages(
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, page INTEGER NOT NULL,
    text TEXT NOT NULL, stems TEXT NOT NULL, UNIQUE(sha256, page));
CREATE TABLE IF NOT EXISTS placements(
    sha256 TEXT NOT NULL, item_order INTEGER NOT NULL, item_number TEXT NOT NULL,
    item_title TEXT NOT NULL, bilag_number INTEGER NOT NULL, bilag_title TEXT NOT NULL,
    file TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS placements_by_sha ON placements(sha256);
CREATE TABLE IF NOT EXISTS file_stamps(
    file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS page_words USING fts5(
    text, stems, content='pages', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS page_grams USING fts5(
    text, content='pages', content_rowid='id', tokenize='trigram');
"""


@dataclass(frozen=True)
class SearchHit:
    """One page (or item text) where the query matched, with where it is and a marked snippet."""

    item_number: str
    item_title: str
    bilag_number: int | None      # None: the hit is in the item's own text
    bilag_title: str
    file: str
    page: int | None
    snippet: str
    marks: list[tuple[int, int]]
    highlight: str                # the first matched text on the page, for the reader to find

    def location(self) -> str:
        """Danish: "Punkt 2.2, bilag 1, side 4" or "Punkt 2.2 (sagsfremstilling)"."""
        if self.bilag_number is None:
            return f"Punkt {self.item_number} (punktets tekst)"
        page = f", side {self.page}" if self.page is not None else ""
        return f"Punkt {self.item_number}, bilag {self.bilag_number}{page}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["marks"] = [list(mark) for mark in self.marks]
        return data


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int          # matching pages, of which ``hits`` holds the first ``limit``


@dataclass
class IndexReport:
    """What an update did, and the files it could not read (told to the user, never fatal)."""

    indexed: int = 0
    reused: int = 0
    removed: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Placement:
    """Where a document (by sha256) sits in the meeting: item and bilag number."""

    sha256: str
    item_order: int
    item_number: str
    item_title: str
    bilag_number: int
    bilag_title: str
    file: str


def default_index_path(meeting_folder: Path) -> Path:
    """The index of a meeting folder lives in the user's cache, one file per folder path."""
    key = hashlib.sha256(str(Path(meeting_folder).resolve()).encode("utf-8")).hexdigest()[:24]
    return user_cache_dir() / "search" / f"{key}.sqlite"


def item_text(item: AgendaItem) -> str:
    parts = [item.heading, item.resume, item.indstilling, item.sagsfremstilling]
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


def item_sha256(item: AgendaItem) -> str:
    return hashlib.sha256(("kkrdesk-item\x00" + item_text(item)).encode("utf-8")).hexdigest()


class SearchIndex:
    """An index file; every method opens its own connection, so threads may share the object.

    ``read_only`` opens a finished index (a pack's) without ever writing to it or beside it.
    """

    def __init__(self, path: Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only

    def connect(self) -> sqlite3.Connection:
        if self.read_only:
            return self._connect_read_only()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(self.path, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            version = _schema_version(connection)
            if version is not None and version != SCHEMA_VERSION:
                connection.close()
                self.path.unlink()
                connection = sqlite3.connect(self.path, timeout=30)
                connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(SCHEMA)
            connection.execute("INSERT OR IGNORE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            connection.commit()
        except sqlite3.DatabaseError as exc:
            raise KkrError(f"søgeindekset kan ikke åbnes ({exc}).", file=self.path,
                           hint="Slet filen; kkrdesk bygger indekset igen.") from None
        return connection

    def _connect_read_only(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True)
            version = _schema_version(connection)
        except sqlite3.DatabaseError as exc:
            raise KkrError(f"søgeindekset kan ikke læses ({exc}).", file=self.path,
                           hint="Pakken er ødelagt; bed om en ny.") from None
        if version != SCHEMA_VERSION:
            connection.close()
            raise KkrError("søgeindekset er lavet af en anden version af kkrdesk.", file=self.path,
                           hint="Opdatér kkrdesk, eller bed om en ny pakke.")
        return connection

    # ------------------------------------------------------------------ building

    def update(self, folder: Path, meeting: Meeting, *, progress: Progress | None = None,
               renderings: dict[str, Path] | None = None, reuse: SearchIndex | None = None) -> IndexReport:
        """Bring the index in line with the meeting: new or changed files are read, gone ones dropped.

        Files are recognised by sha256, so an unchanged bilag is never read twice; a file
        whose size and time are unchanged is not even hashed again. ``renderings`` maps the
        sha256 of a DOCX to its PDF rendering; ``reuse`` is another index to copy texts from.
        """
        folder = Path(folder)
        report = IndexReport()
        with closing(self.connect()) as db:
            wanted: dict[str, tuple[str, Path | None]] = {}   # sha256 -> (kind, file or None)
            placements: list[Placement] = []
            item_texts: dict[str, str] = {}
            for order, item in enumerate(meeting.items):
                sha = item_sha256(item)
                item_texts[sha] = item_text(item)
                wanted[sha] = (ITEM_KIND, None)
                placements.append(Placement(sha, order, item.number, item.title, 0, "", ""))
                for number, bilag in enumerate(item.bilag, start=1):
                    located = self._locate(db, folder, bilag.file, bilag.kind, report)
                    if located is None:
                        continue
                    sha, kind, path = located
                    wanted.setdefault(sha, (kind, path))
                    placements.append(Placement(sha, order, item.number, item.title, number,
                                                bilag.title, bilag.file))
            present = {row[0]: row[1] for row in db.execute("SELECT sha256, problem FROM documents")}
            missing = [sha for sha in wanted if sha not in present]
            for done, sha in enumerate(missing):
                kind, path = wanted[sha]
                label = path.name if path else "punktets tekst"
                if progress:
                    progress(done, len(missing), label)
                if kind == ITEM_KIND:
                    text = DocumentText([item_texts[sha]], "item")
                elif (copied := _reusable(reuse, sha, sha in (renderings or {}))) is not None:
                    text = copied
                    report.reused += 1
                else:
                    try:
                        text = extract_text(path, sha256=sha,
                                            rendering=(renderings or {}).get(sha))
                    except KkrError as exc:
                        self._store(db, sha, kind, DocumentText([], "none"), problem=exc.format())
                        report.problems.append(_problem(exc, path))
                        continue
                self._store(db, sha, kind, text)
                report.indexed += 1
            for sha, problem in present.items():
                if sha in wanted and problem:
                    path = wanted[sha][1]
                    report.problems.append(Problem(code="not-indexed", severity=Severity.WARNING,
                                                   message=problem, file=str(path) if path else None))
            for sha in set(present) - set(wanted):
                self._remove(db, sha)
                report.removed += 1
            with db:
                db.execute("DELETE FROM placements")
                db.executemany("INSERT INTO placements VALUES(?,?,?,?,?,?,?)",
                               [(p.sha256, p.item_order, p.item_number, p.item_title, p.bilag_number,
                                 p.bilag_title, p.file) for p in placements])
            if progress:
                progress(len(missing), len(missing), "")
        return report

    def _locate(self, db, folder: Path, relative: str, kind: FileKind,
                report: IndexReport) -> tuple[str, str, Path] | None:
        try:
            path = inside(folder, relative)
            stat = path.stat()
        except (UnsafePathError, OSError):
            report.problems.append(Problem(code="missing-file", severity=Severity.WARNING,
                                           message="bilagsfilen findes ikke og kan ikke søges i.",
                                           hint="Kør kkrdesk validate for at finde fejlen.",
                                           file=str(folder / relative)))
            return None
        row = db.execute("SELECT size, mtime_ns, sha256 FROM file_stamps WHERE file = ?",
                         (str(path),)).fetchone()
        if row and row[0] == stat.st_size and row[1] == stat.st_mtime_ns:
            sha = row[2]
        else:
            sha = sha256_of(path)
            with db:
                db.execute("INSERT OR REPLACE INTO file_stamps VALUES(?,?,?,?)",
                           (str(path), stat.st_size, stat.st_mtime_ns, sha))
        if kind is FileKind.OTHER:
            try:
                kind = sniff_kind(path)
            except KkrError:
                kind = FileKind.OTHER
        return sha, str(kind), path

    def _store(self, db: sqlite3.Connection, sha: str, kind: str, text: DocumentText,
               problem: str | None = None) -> None:
        with db:
            db.execute("INSERT OR REPLACE INTO documents VALUES(?,?,?,?,?)",
                       (sha, kind, len(text.pages), text.method, problem))
            for number, page_text in enumerate(text.pages, start=1):
                stems = stems_of(page_text)
                cursor = db.execute("INSERT INTO pages(sha256, page, text, stems) VALUES(?,?,?,?)",
                                    (sha, number, page_text, stems))
                rowid = cursor.lastrowid
                db.execute("INSERT INTO page_words(rowid, text, stems) VALUES(?,?,?)",
                           (rowid, page_text, stems))
                db.execute("INSERT INTO page_grams(rowid, text) VALUES(?,?)", (rowid, page_text))

    def _remove(self, db: sqlite3.Connection, sha: str) -> None:
        with db:
            for rowid, text, stems in db.execute("SELECT id, text, stems FROM pages WHERE sha256 = ?",
                                                 (sha,)).fetchall():
                db.execute("INSERT INTO page_words(page_words, rowid, text, stems) "
                           "VALUES('delete', ?, ?, ?)", (rowid, text, stems))
                db.execute("INSERT INTO page_grams(page_grams, rowid, text) VALUES('delete', ?, ?)",
                           (rowid, text))
            db.execute("DELETE FROM pages WHERE sha256 = ?", (sha,))
            db.execute("DELETE FROM documents WHERE sha256 = ?", (sha,))

    # ------------------------------------------------------------------ reading

    def document_text(self, sha: str) -> DocumentText | None:
        """The stored page texts of a document, or None if it is not in the index (or unreadable)."""
        if not self.path.is_file():
            return None
        with closing(self.connect()) as db:
            row = db.execute("SELECT method, problem FROM documents WHERE sha256 = ?", (sha,)).fetchone()
            if row is None or row[1]:
                return None
            pages = [r[0] for r in db.execute("SELECT text FROM pages WHERE sha256 = ? ORDER BY page",
                                              (sha,))]
        return DocumentText(pages, row[0])

    def page_texts(self, sha: str) -> list[str]:
        text = self.document_text(sha)
        return text.pages if text else []

    def placements(self) -> list[Placement]:
        with closing(self.connect()) as db:
            rows = db.execute("SELECT * FROM placements ORDER BY item_order, bilag_number").fetchall()
        return [Placement(*row) for row in rows]

    def search(self, text: str, *, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """Pages matching ``text`` in agenda order (item, then its own text, then bilag by number, page)."""
        query = parse_query(text)
        if query.empty:
            return SearchResults(text, [], 0)
        candidates, parameters = _candidate_sql(query)
        ordered = ("SELECT p.text, p.stems, p.page, pl.item_number, pl.item_title, pl.bilag_number, "
                   "pl.bilag_title, pl.file FROM pages p JOIN placements pl ON pl.sha256 = p.sha256 "
                   f"WHERE p.id IN ({candidates}) "
                   "ORDER BY pl.item_order, pl.bilag_number, p.page")
        with closing(self.connect()) as db:
            try:
                total = db.execute(f"SELECT count(*) FROM ({ordered})", parameters).fetchone()[0]
                rows = db.execute(f"{ordered} LIMIT ?", (*parameters, limit)).fetchall()
            except sqlite3.OperationalError as exc:
                raise KkrError(f"søgningen kunne ikke udføres ({exc}).", file=self.path,
                               hint="Prøv med andre ord.") from None
        hits = [_hit(row, query) for row in rows]
        return SearchResults(text, hits, total)


def _schema_version(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _term_sql(term) -> tuple[str, list[str]]:
    parts = ["SELECT rowid AS id FROM page_words WHERE page_words MATCH ?",
             "SELECT rowid AS id FROM page_words WHERE page_words MATCH ?"]
    parameters = [word_match(term), exact_match(term)]
    substring = substring_match(term)
    if substring:
        parts.append("SELECT rowid AS id FROM page_grams WHERE page_grams MATCH ?")
        parameters.append(substring)
    return " UNION ".join(parts), parameters


def _candidate_sql(query: Query) -> tuple[str, list[str]]:
    """One compound SELECT of page ids: every clause intersected, excluded terms taken away."""
    selects, parameters = [], []
    for clause in query.clauses:
        union, clause_parameters = [], []
        for term in clause:
            sql, term_parameters = _term_sql(term)
            union.append(sql)
            clause_parameters += term_parameters
        selects.append(f"SELECT id FROM ({' UNION '.join(union)})")
        parameters += clause_parameters
    sql = " INTERSECT ".join(selects)
    for term in query.excluded:
        term_sql, term_parameters = _term_sql(term)
        sql += f" EXCEPT SELECT id FROM ({term_sql})"
        parameters += term_parameters
    return sql, parameters


def _hit(row: tuple, query: Query) -> SearchHit:
    text, stems, page, item_number, item_title, bilag_number, bilag_title, file = row
    spans = find_spans(text, query, stems)
    snippet, marks = make_snippet(text, spans)
    highlight = text[spans[0][0]:spans[0][1]] if spans else ""
    is_item = bilag_number == 0
    return SearchHit(item_number=item_number, item_title=item_title,
                     bilag_number=None if is_item else bilag_number, bilag_title=bilag_title,
                     file=file, page=None if is_item else page, snippet=snippet, marks=marks,
                     highlight=highlight)


def _reusable(reuse: SearchIndex | None, sha: str, rendered: bool) -> DocumentText | None:
    """Texts another index already holds, unless they were cut differently from the rendering at hand."""
    if reuse is None:
        return None
    text = reuse.document_text(sha)
    if text is None or (rendered and text.method != "libreoffice"):
        return None
    return text


def _problem(exc: KkrError, path: Path | None) -> Problem:
    return Problem(code="not-indexed", severity=Severity.WARNING,
                   message=f"filen kunne ikke læses til søgningen: {exc.message}", hint=exc.hint,
                   file=str(path) if path else None)
