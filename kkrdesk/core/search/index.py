"""The search index of one meeting: page texts by sha256 in SQLite, FTS5 words and stems, trigram vocabulary, kept up to date."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import KkrError, Problem, Severity, UnsafePathError
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.files.sniff import sniff_kind
from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.core.search.extraction import Cancelled, IndexingCancelled, pool_workers, read_texts
from kkrdesk.core.search.query import MIN_SUBSTRING, Query, Term, exact_match, parse_query, quoted, word_match
from kkrdesk.core.search.snippet import SNIPPET_REACH, find_spans, make_snippet
from kkrdesk.core.search.untrusted import TimedConnection, check_schema, open_untrusted, query_error
from kkrdesk.core.search.words import StemCache, folded_words
from kkrdesk.core.text.markup import plain
from kkrdesk.core.text.pages import DocumentText
from kkrdesk.core.userdata import user_cache_dir

if TYPE_CHECKING:    # numpy itself is imported where page ids are gathered, not with this module
    import numpy as np
    import numpy.typing as npt

    PageIds = npt.NDArray[np.int64]     # sorted, unique page ids

SCHEMA_VERSION = "2"
ITEM_KIND = "item"
DECISION_PAGE = 2       # an item's own text is a document whose page 2 is the referat's decision
DEFAULT_LIMIT = 100
# A substring found in at most this many distinct words is looked up as those words in the
# word table (fast); one found in more (short, common pieces like "kom") by scanning the
# pages' folded words, which costs about as much as a trigram table over the pages would,
# without the time and room that table takes to build.
MAX_EXPANDED_WORDS = 300
# Pages stored between commits while an update reads many files: SQLite and FTS5 pay per
# transaction (FTS5 writes a segment each), and a crash costs at most these pages read again.
COMMIT_EVERY_PAGES = 2000

Progress = Callable[[int, int, str], None]

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents(
    sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, page_count INTEGER NOT NULL,
    method TEXT NOT NULL, problem TEXT);
CREATE TABLE IF NOT EXISTS pages(
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, page INTEGER NOT NULL,
    text TEXT NOT NULL, stems TEXT NOT NULL, folded TEXT NOT NULL, UNIQUE(sha256, page));
CREATE TABLE IF NOT EXISTS placements(
    sha256 TEXT NOT NULL, item_order INTEGER NOT NULL, item_number TEXT NOT NULL,
    item_title TEXT NOT NULL, bilag_number INTEGER NOT NULL, bilag_title TEXT NOT NULL,
    file TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS placements_by_sha ON placements(sha256);
CREATE TABLE IF NOT EXISTS file_stamps(
    file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS page_words USING fts5(
    text, stems, content='pages', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TABLE IF NOT EXISTS vocabulary(id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, stem TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS vocabulary_by_stem ON vocabulary(stem);
CREATE VIRTUAL TABLE IF NOT EXISTS vocabulary_grams USING fts5(
    word, content='vocabulary', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS page_terms USING fts5vocab(page_words, 'col');
"""

HIT_DETAILS = """
SELECT p.text, p.page, pl.item_number, pl.item_title, pl.bilag_number, pl.bilag_title, pl.file
FROM pages p, placements pl WHERE p.id = ? AND pl.rowid = ?"""


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
    in_decision: bool = False     # the hit is in the item's decision (the referat), not its case texts

    def location(self) -> str:
        """Danish: "Punkt 2.2, bilag 1, side 4", "Punkt 2.2 (punktets tekst)" or "Punkt 2.2 (beslutning)"."""
        if self.bilag_number is None:
            return f"Punkt {self.item_number} ({'beslutning' if self.in_decision else 'punktets tekst'})"
        page = f", side {self.page}" if self.page is not None else ""
        return f"Punkt {self.item_number}, bilag {self.bilag_number}{page}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["marks"] = [list(mark) for mark in self.marks]
        return data


@dataclass
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int          # matching places (bilag pages, item texts, decisions); ``hits`` holds the first ``limit``


@dataclass
class IndexReport:
    """What an update did, and the files it could not read (told to the user, never fatal)."""

    indexed: int = 0
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


def item_pages(item: AgendaItem) -> list[str]:
    """The item's own text as searched: heading and case texts, then the referat's decision as page 2.

    "What did we decide?" is asked of the search too; the decision's page of its own lets a hit
    there be labelled as one.
    """
    parts = [item.heading, *(plain(text) for text in (item.resume, item.indstilling, item.sagsfremstilling))]
    pages = ["\n\n".join(part.strip() for part in parts if part and part.strip())]
    decision = plain(item.beslutning).strip()
    return pages + [f"Beslutning: {decision}"] if decision else pages


def item_sha256(item: AgendaItem) -> str:
    return hashlib.sha256("\f".join(["kkrdesk-item-pages", *item_pages(item)]).encode("utf-8")).hexdigest()


class SearchIndex:
    """An index file; every method opens its own connection, so threads may share the object.

    ``read_only`` opens a finished index from someone else (a pack's) without ever writing to it
    or beside it, and times every query; errors then name ``origin`` (the pack) rather than the file.
    """

    def __init__(self, path: Path, *, read_only: bool = False, origin: Path | None = None):
        self.path = Path(path)
        self.read_only = read_only
        self.origin = Path(origin) if origin else self.path

    def connect(self) -> sqlite3.Connection:
        if self.read_only:
            return self._connect_read_only()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = _open_cache(self.path)
            version = _schema_version(connection)
            if version is not None and version != SCHEMA_VERSION:
                connection.close()
                self.path.unlink()
                connection = _open_cache(self.path)
            connection.executescript(SCHEMA)
            connection.execute("INSERT OR IGNORE INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
            connection.commit()
        except sqlite3.DatabaseError as exc:
            raise KkrError(f"søgeindekset kan ikke åbnes ({exc}).", file=self.path,
                           hint="Slet filen; kkrdesk bygger indekset igen.") from None
        return connection

    def _connect_read_only(self) -> TimedConnection:
        connection = open_untrusted(self.path, shown_as=self.origin)
        try:
            version = _schema_version(connection)
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise query_error(connection, exc, self.origin) from None
        if version != SCHEMA_VERSION:
            connection.close()
            raise KkrError("søgeindekset er lavet af en anden version af kkrdesk.", file=self.origin,
                           hint="Opdatér kkrdesk, eller bed om en ny pakke.")
        return connection

    def check(self) -> None:
        """Refuse a read-only index whose schema is not the writer's, before any query runs on it."""
        with closing(open_untrusted(self.path, shown_as=self.origin)) as connection:
            check_schema(connection, SCHEMA, self.origin)
        self._connect_read_only().close()

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection for queries; on a read-only index a failed or too slow query is the index's fault."""
        with closing(self.connect()) as db:
            if not self.read_only:
                yield db
                return
            try:
                yield db
            except sqlite3.Error as exc:
                raise query_error(db, exc, self.origin) from None

    # ------------------------------------------------------------------ building

    def update(self, folder: Path, meeting: Meeting, *, progress: Progress | None = None,
               renderings: dict[str, Path] | None = None, reuse: SearchIndex | None = None,
               workers: int | None = None, cancelled: Cancelled = never_cancelled) -> IndexReport:
        """Bring the index in line with the meeting: new or changed files are read, gone ones dropped.

        Files are recognised by sha256, so an unchanged bilag is never read twice; a file
        whose size and time are unchanged is not even hashed again. ``renderings`` maps the
        sha256 of a DOCX to its PDF rendering; ``reuse`` is another index to copy texts from.
        ``workers`` processes read the files (None: as many as the load leaves cores free, none
        when texts are copied from ``reuse``; below 2 one thread reads them a step ahead).

        Once ``cancelled()`` is true the update stops (between files, and between the pages of a
        PDF), keeps the documents it has stored, and raises IndexingCancelled; the next update
        reads the rest.
        """
        folder = Path(folder)
        report = IndexReport()
        with closing(self.connect()) as db:
            try:
                self._update(db, folder, meeting, report, progress, renderings, reuse, workers, cancelled)
            except IndexingCancelled:
                db.commit()     # every document stored so far is whole: keep it for the next update
                raise
        return report

    def _update(self, db: sqlite3.Connection, folder: Path, meeting: Meeting, report: IndexReport,
                progress: Progress | None, renderings: dict[str, Path] | None, reuse: SearchIndex | None,
                workers: int | None, cancelled: Cancelled) -> None:
        """The body of ``update`` on its open connection."""
        wanted: dict[str, tuple[str, Path | None]] = {}   # sha256 -> (kind, file or None)
        placements: list[Placement] = []
        item_texts: dict[str, list[str]] = {}
        for order, item in enumerate(meeting.items):
            sha = item_sha256(item)
            item_texts[sha] = item_pages(item)
            wanted[sha] = (ITEM_KIND, None)
            placements.append(Placement(sha, order, item.number, item.title, 0, "", ""))
            for number, bilag in enumerate(item.bilag, start=1):
                if cancelled():
                    raise IndexingCancelled
                located = self._locate(db, folder, bilag.file, bilag.kind, report)
                if located is None:
                    continue
                sha, kind, found = located
                wanted.setdefault(sha, (kind, found))
                placements.append(Placement(sha, order, item.number, item.title, number,
                                            bilag.title, bilag.file))
        db.commit()           # the new file stamps, in one transaction
        # The meeting's places before its texts: an update stopped half-way leaves an index whose
        # stored documents are found where they are now (those not read yet are simply not found).
        with db:
            db.execute("DELETE FROM placements")
            db.executemany("INSERT INTO placements VALUES(?,?,?,?,?,?,?)",
                           [(p.sha256, p.item_order, p.item_number, p.item_title, p.bilag_number,
                             p.bilag_title, p.file) for p in placements])
        present = {row[0]: row[1] for row in db.execute("SELECT sha256, problem FROM documents")}
        for sha in _made_searchable(db, wanted):
            self.remove_document(db, sha)
            del present[sha]
        missing = [sha for sha in wanted if sha not in present]

        def known(sha: str) -> DocumentText | None:
            """A text had without reading its file: an item's own, or one ``reuse`` holds."""
            kind, path = wanted[sha]
            if kind == ITEM_KIND or path is None:
                return DocumentText(item_texts[sha], "item")
            return _reusable(reuse, sha, sha in (renderings or {}))

        def file_of(sha: str) -> tuple[Path, Path | None]:
            path = wanted[sha][1]
            assert path is not None, "items are known without a file"
            return path, (renderings or {}).get(sha)

        if workers is None:
            workers = 0 if reuse is not None else pool_workers()
        texts = read_texts(missing, known, file_of, workers, cancelled)
        with closing(texts):    # stopped early, the pool's workers are ended now, not when collected
            self._store_texts(db, texts, wanted, len(missing), report, progress)
        db.commit()
        for sha, problem in present.items():
            if sha in wanted and problem:
                source = wanted[sha][1]
                report.problems.append(Problem(code="not-indexed", severity=Severity.WARNING,
                                               message=problem, file=str(source) if source else None))
        for sha in set(present) - set(wanted):
            self.remove_document(db, sha)
            report.removed += 1
        if report.removed:
            prune_vocabulary(db)
        if progress:
            progress(len(missing), len(missing), "")

    def _store_texts(self, db: sqlite3.Connection, texts: Iterator[tuple[str, DocumentText | Exception]],
                     wanted: dict[str, tuple[str, Path | None]], total: int, report: IndexReport,
                     progress: Progress | None) -> None:
        """Write each text read (or the reason it could not be) as it comes, committing now and then."""
        writer = _Writer()
        for done, (sha, outcome) in enumerate(texts):
            kind, read_from = wanted[sha]
            if progress:
                progress(done, total, read_from.name if read_from else "punktets tekst")
            if isinstance(outcome, KkrError):
                self._write_document(db, sha, kind, DocumentText([], "none"), writer,
                                     problem=outcome.format())
                report.problems.append(_problem(outcome, read_from))
            elif isinstance(outcome, Exception):
                raise outcome
            else:
                self._write_document(db, sha, kind, outcome, writer)
                report.indexed += 1
            if writer.pages_since_commit >= COMMIT_EVERY_PAGES:
                db.commit()
                writer.pages_since_commit = 0

    def _locate(self, db: sqlite3.Connection, folder: Path, relative: str, kind: FileKind,
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
            db.execute("INSERT OR REPLACE INTO file_stamps VALUES(?,?,?,?)",
                       (str(path), stat.st_size, stat.st_mtime_ns, sha))
        if kind is FileKind.OTHER:
            try:
                kind = sniff_kind(path)
            except KkrError:
                kind = FileKind.OTHER
        return sha, str(kind), path

    def store_document(self, db: sqlite3.Connection, sha: str, kind: str, text: DocumentText,
                       problem: str | None = None) -> None:
        """Store one document's pages, words and vocabulary in one transaction (the archive uses it too)."""
        with db:
            self._write_document(db, sha, kind, text, _Writer(), problem=problem)

    def _write_document(self, db: sqlite3.Connection, sha: str, kind: str, text: DocumentText,
                        writer: _Writer, problem: str | None = None) -> None:
        """The inserts of one document, in the caller's transaction."""
        rows, vocabulary = [], set()
        for number, page_text in enumerate(text.pages, start=1):
            folded = folded_words(page_text)
            vocabulary.update(folded)
            rows.append((sha, number, page_text, " ".join(writer.stems.of(folded)), " ".join(folded)))
        # one document's pages get consecutive ids in page order: search relies on it
        db.execute("INSERT OR REPLACE INTO documents VALUES(?,?,?,?,?)",
                   (sha, kind, len(text.pages), text.method, problem))
        db.executemany("INSERT INTO pages(sha256, page, text, stems, folded) VALUES(?,?,?,?,?)", rows)
        db.execute("INSERT INTO page_words(rowid, text, stems) "
                   "SELECT id, text, stems FROM pages WHERE sha256 = ?", (sha,))
        words = sorted(vocabulary - writer.stored_words)
        if words:
            known = db.execute("SELECT coalesce(max(id), 0) FROM vocabulary").fetchone()[0]
            db.executemany("INSERT OR IGNORE INTO vocabulary(word, stem) VALUES(?,?)",
                           zip(words, writer.stems.of(words), strict=True))
            db.execute("INSERT INTO vocabulary_grams(rowid, word) SELECT id, word FROM vocabulary WHERE id > ?",
                       (known,))
            writer.stored_words.update(words)
        writer.pages_since_commit += len(rows)

    def remove_document(self, db: sqlite3.Connection, sha: str) -> None:
        """Drop one document's pages and words (the vocabulary is pruned apart, see ``prune_vocabulary``)."""
        with db:
            for rowid, text, stems in db.execute("SELECT id, text, stems FROM pages WHERE sha256 = ?",
                                                 (sha,)).fetchall():
                db.execute("INSERT INTO page_words(page_words, rowid, text, stems) "
                           "VALUES('delete', ?, ?, ?)", (rowid, text, stems))
            db.execute("DELETE FROM pages WHERE sha256 = ?", (sha,))
            db.execute("DELETE FROM documents WHERE sha256 = ?", (sha,))

    # ------------------------------------------------------------------ reading

    def document_text(self, sha: str) -> DocumentText | None:
        """The stored page texts of a document, or None if it is not in the index (or unreadable)."""
        if not self.path.is_file():
            return None
        with self._reading() as db:
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
        with self._reading() as db:
            rows = db.execute("SELECT * FROM placements ORDER BY item_order, bilag_number").fetchall()
        return [Placement(*row) for row in rows]

    def search(self, text: str, *, limit: int = DEFAULT_LIMIT) -> SearchResults:
        """Pages matching ``text`` in agenda order (item, then its own text, then bilag by number, page).

        Page ids are gathered term by term as sorted arrays; only the first ``limit`` places are
        read in full and get a snippet.
        """
        query = parse_query(text)
        if query.empty:
            return SearchResults(text, [], 0)
        with self._reading() as db:
            try:
                db.execute("BEGIN")   # one snapshot, should an update commit meanwhile
                places, total = _in_agenda_order(db, matching_pages(db, query), limit)
                rows = [db.execute(HIT_DETAILS, place).fetchone() for place in places]
                forms = forms_of(db, query) if rows else set()
                db.rollback()
            except sqlite3.OperationalError as exc:
                if self.read_only:
                    raise
                raise KkrError(f"søgningen kunne ikke udføres ({exc}).", file=self.path,
                               hint="Prøv med andre ord.") from None
        hits = [hit_from_row(row, query, forms) for row in rows]
        return SearchResults(text, hits, total)


class _Writer:
    """What one update remembers between documents: stems by word, and the words it put in the vocabulary."""

    def __init__(self) -> None:
        self.stems = StemCache()
        self.stored_words: set[str] = set()
        self.pages_since_commit = 0


def _schema_version(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row else None


def _made_searchable(db: sqlite3.Connection, wanted: dict[str, tuple[str, Path | None]]) -> list[str]:
    """PDFs and images indexed from their own (scanned) pages that have an OCR'd copy now."""
    return [sha for sha, method in db.execute("SELECT sha256, method FROM documents WHERE kind IN (?, ?)",
                                              (str(FileKind.PDF), str(FileKind.IMAGE)))
            if method != "ocr" and sha in wanted and searchable_copy(sha) is not None]


def prune_vocabulary(db: sqlite3.Connection) -> None:
    """Forget the words no page has any more (after documents were removed)."""
    with db:
        db.execute("DELETE FROM vocabulary WHERE word NOT IN (SELECT term FROM page_terms WHERE col = 'text')")
        db.execute("INSERT INTO vocabulary_grams(vocabulary_grams) VALUES('rebuild')")


def _open_cache(path: Path) -> sqlite3.Connection:
    """A connection to a rebuildable cache: write-ahead log, no waiting for the disk on each commit."""
    connection = sqlite3.connect(path, timeout=30)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")   # WAL stays consistent; a crash costs the last commits
    return connection


def matching_pages(db: sqlite3.Connection, query: Query) -> PageIds:
    """Ids of the pages where every clause has a term, and no excluded term is (sorted)."""
    import numpy as np

    pages: PageIds | None = None
    for clause in query.clauses:
        found = _union(*(_term_pages(db, term) for term in clause))
        pages = found if pages is None else np.intersect1d(pages, found, assume_unique=True)
        if not len(pages):
            return pages
    if pages is None:
        return _no_pages()
    for term in query.excluded:
        pages = np.setdiff1d(pages, _term_pages(db, term), assume_unique=True)
    return pages


def _union(*found: PageIds) -> PageIds:
    import numpy as np

    return _sorted_unique(np.concatenate(found)) if found else _no_pages()


def _sorted_unique(ids: PageIds) -> PageIds:
    """``ids`` sorted, each once (numpy's own unique hashes first, several times slower here)."""
    import numpy as np

    if not len(ids):
        return ids
    steps = ids[1:] - ids[:-1]
    if (steps < 0).any():        # SQLite hands ids over in order; a union of several is not
        ids = np.sort(ids)
        steps = ids[1:] - ids[:-1]
    return ids[np.concatenate(([True], steps != 0))]


def _no_pages() -> PageIds:
    import numpy as np

    return np.zeros(0, dtype=np.int64)


def _term_pages(db: sqlite3.Connection, term: Term) -> PageIds:
    """Pages with the term's stem(s), its words as written (phrases), or its text inside longer words.

    A word as written always has its own stem, so the stem lookup covers it; a phrase also
    gets its written form, since stems of neighbouring words can differ from the text's.
    """
    pages = _words_matching(db, word_match(term))
    if term.phrase:
        pages = _union(pages, _words_matching(db, exact_match(term)))
        if (substring := term.substring()) is not None:
            pages = _union(pages, _phrase_across_words(db, term, substring))
    elif (substring := term.substring()) is not None:
        words = _words_containing(db, substring)
        if words is None:
            pages = _union(pages, _pages_with_folded_text(db, substring))
        else:  # words with the term's own stem were found by the stem lookup already
            pages = _union(pages, _pages_with_any(db, [word for word, stem in words if stem != term.stems[0]]))
    return pages


def _phrase_across_words(db: sqlite3.Connection, term: Term, substring: str) -> PageIds:
    """Pages where the phrase runs from the end of one word into the start of another.

    "kollektiv transport" is also in "superkollektiv transportplan": every known word that
    ends with the first word is paired with every known word that starts with the last one.
    """
    first, *middle, last = term.folded
    before = _words_containing(db, first) if len(first) >= MIN_SUBSTRING else [(first, "")]
    after = _words_containing(db, last) if len(last) >= MIN_SUBSTRING else [(last, "")]
    if before is None or after is None:
        return _pages_with_folded_text(db, substring)
    phrases = [" ".join([start, *middle, end]) for start, _ in before if start.endswith(first)
               for end, _ in after if end.startswith(last) and (start, end) != (first, last)]
    if len(phrases) > MAX_EXPANDED_WORDS:
        return _pages_with_folded_text(db, substring)
    return _pages_with_any(db, phrases)


def _words_containing(db: sqlite3.Connection, substring: str) -> list[tuple[str, str]] | None:
    """The known words (with their stems) that contain ``substring``, or None when there are too many."""
    words = db.execute("SELECT word, stem FROM vocabulary WHERE id IN (SELECT rowid FROM vocabulary_grams "
                       "WHERE vocabulary_grams MATCH ? LIMIT ?)",
                       (quoted(substring), MAX_EXPANDED_WORDS + 1)).fetchall()
    return None if len(words) > MAX_EXPANDED_WORDS else words


def forms_of(db: sqlite3.Connection, query: Query) -> set[str]:
    """The known words that share a stem with a single-word term: what snippets mark besides substrings."""
    stems = sorted({term.stems[0] for term in query.positive_terms() if not term.phrase})
    if not stems:
        return set()
    marks = ",".join("?" * len(stems))
    return {row[0] for row in db.execute(f"SELECT word FROM vocabulary WHERE stem IN ({marks})", stems)}


def _pages_with_any(db: sqlite3.Connection, words_or_phrases: list[str]) -> PageIds:
    if not words_or_phrases:
        return _no_pages()
    return _words_matching(db, "text : (" + " OR ".join(quoted(w) for w in words_or_phrases) + ")")


def _pages_with_folded_text(db: sqlite3.Connection, text: str) -> PageIds:
    """Pages whose folded words (joined by single spaces) contain ``text``: a scan of every page."""
    return _rows(db, "SELECT id FROM pages WHERE instr(folded, ?)", text)


def _words_matching(db: sqlite3.Connection, expression: str) -> PageIds:
    return _rows(db, "SELECT rowid AS id FROM page_words WHERE page_words MATCH ?", expression)


def _rows(db: sqlite3.Connection, sql: str, parameter: str) -> PageIds:
    """The ids ``sql`` selects, sorted: joined by SQLite and parsed by numpy, since a common word
    matches most pages of an archive and a Python object per id costs more than the lookup."""
    import numpy as np

    (joined,) = db.execute(f"SELECT group_concat(id) FROM ({sql})", (parameter,)).fetchone()
    return _sorted_unique(np.fromstring(joined, dtype=np.int64, sep=",")) if joined else _no_pages()


def _in_agenda_order(db: sqlite3.Connection, pages: PageIds, limit: int) -> tuple[list[tuple[int, int]], int]:
    """The first ``limit`` (page id, placement rowid) pairs in agenda order, and how many there are.

    A document's pages have consecutive ids in page order (``store_document`` inserts them so), so
    each placement takes the matching ids inside its document's id range.
    """
    ranges = {sha: (first, last) for sha, first, last in
              db.execute("SELECT sha256, min(id), max(id) FROM pages GROUP BY sha256")}
    places: list[tuple[int, int]] = []
    total = 0
    for placement, sha in db.execute("SELECT rowid, sha256 FROM placements ORDER BY item_order, bilag_number"):
        if sha not in ranges:
            continue
        first, last = ranges[sha]
        low, high = int(pages.searchsorted(first, "left")), int(pages.searchsorted(last, "right"))
        total += high - low
        places += [(page, placement) for page in pages[low:min(high, low + limit - len(places))].tolist()]
    return places, total


def hit_from_row(row: tuple[Any, ...], query: Query, forms: set[str]) -> SearchHit:
    """A row of HIT_DETAILS as a hit with its snippet (the meeting search's and the archive's)."""
    text, page, item_number, item_title, bilag_number, bilag_title, file = row
    spans = find_spans(text, query, forms, reach=SNIPPET_REACH)
    snippet, marks = make_snippet(text, spans)
    highlight = text[spans[0][0]:spans[0][1]] if spans else ""
    is_item = bilag_number == 0
    return SearchHit(item_number=item_number, item_title=item_title,
                     bilag_number=None if is_item else bilag_number, bilag_title=bilag_title,
                     file=file, page=None if is_item else page, snippet=snippet, marks=marks,
                     highlight=highlight, in_decision=is_item and page == DECISION_PAGE)


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
