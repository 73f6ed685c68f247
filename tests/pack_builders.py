"""Member packs built from scratch with zipfile and sqlite3 (never kkrdesk's writer), sound or hostile on purpose."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import Stemmer

PACK_ID = "0b8e2d52-6f5e-5c1a-9a7d-3c2f1e0d9b8a"
BILAG_PATH = "bilag/notat.txt"
BILAG_TEXT = b"Notat om erhvervsfremme. Kommunalbestyrelsen godkendte aftalen.\n"

# The index as kkrdesk's writer lays it out (docs/reader.md), written out here by hand.
INDEX_DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents(
    sha256 TEXT PRIMARY KEY, kind TEXT NOT NULL, page_count INTEGER NOT NULL,
    method TEXT NOT NULL, problem TEXT);
CREATE TABLE pages(
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL, page INTEGER NOT NULL,
    text TEXT NOT NULL, stems TEXT NOT NULL, folded TEXT NOT NULL, UNIQUE(sha256, page));
CREATE TABLE placements(
    sha256 TEXT NOT NULL, item_order INTEGER NOT NULL, item_number TEXT NOT NULL,
    item_title TEXT NOT NULL, bilag_number INTEGER NOT NULL, bilag_title TEXT NOT NULL,
    file TEXT NOT NULL);
CREATE INDEX placements_by_sha ON placements(sha256);
CREATE TABLE file_stamps(
    file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL);
CREATE VIRTUAL TABLE page_words USING fts5(
    text, stems, content='pages', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
CREATE TABLE vocabulary(id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, stem TEXT NOT NULL);
CREATE INDEX vocabulary_by_stem ON vocabulary(stem);
CREATE VIRTUAL TABLE vocabulary_grams USING fts5(
    word, content='vocabulary', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE page_terms USING fts5vocab(page_words, 'col');
"""

RECURSIVE_PLACEMENTS = """
DROP TABLE placements;
CREATE VIEW placements AS WITH RECURSIVE endless(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM endless)
SELECT 'x' AS sha256, n AS item_order, '1' AS item_number, '' AS item_title, n AS bilag_number,
       '' AS bilag_title, '' AS file FROM endless;
"""


def manifest_text(*, date: str = "2025-02-27", bilag_path: str = BILAG_PATH, extra: str = "") -> str:
    return f"""format = 1
{extra}
[meeting]
kkr = "KKR Sjælland"
title = "Møde i KKR Sjælland"
date = {date}

[[items]]
number = "1"
type = "Orienteringssag"
title = "Erhvervsfremme"

[[items.bilag]]
title = "Notat"
file = "{bilag_path}"
kind = "text"
"""


def write_index(path: Path, *, ddl: str = INDEX_DDL, after: str = "") -> Path:
    """An index holding the one bilag's text, built with sqlite3; ``after`` runs last (to spoil it)."""
    text = BILAG_TEXT.decode()
    sha = hashlib.sha256(BILAG_TEXT).hexdigest()
    with sqlite3.connect(path) as db:
        db.executescript(ddl)
        if "CREATE TABLE meta" in ddl:
            db.execute("INSERT INTO meta VALUES('schema', '2')")
        if "CREATE TABLE pages" in ddl:
            db.execute("INSERT INTO documents VALUES(?, 'text', 1, 'text', NULL)", (sha,))
            words = text.lower().replace(".", "").split()
            stems = Stemmer.Stemmer("danish").stemWords(words)
            db.execute("INSERT INTO pages(sha256, page, text, stems, folded) VALUES(?, 1, ?, ?, ?)",
                       (sha, text, " ".join(stems), " ".join(words)))
            db.execute("INSERT INTO page_words(rowid, text, stems) SELECT id, text, stems FROM pages")
            db.executemany("INSERT OR IGNORE INTO vocabulary(word, stem) VALUES(?, ?)", zip(words, stems))
            db.execute("INSERT INTO vocabulary_grams(rowid, word) SELECT id, word FROM vocabulary")
            db.execute("INSERT INTO placements VALUES(?, 0, '1', 'Erhvervsfremme', 1, 'Notat', ?)",
                       (sha, BILAG_PATH))
        if after:
            db.executescript(after)
    return path


def pack_json(files: list[dict], **overrides) -> bytes:
    data = {"format": "kkrdesk-pack", "format_version": 1, "pack_id": PACK_ID, "version": 1,
            "created": "2025-02-20T10:00:00+01:00", "title": "Møde i KKR Sjælland",
            "kkr": "KKR Sjælland", "date": "2025-02-27", "includes_closed": False, "files": files}
    data.update(overrides)
    return json.dumps(data, ensure_ascii=False).encode()


def listed(path: str, data: bytes, role: str) -> dict:
    return {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "role": role}


def build_pack(target: Path, *, manifest: str | bytes | None = None, index: bytes | None = None,
               bilag: Iterable[tuple[str, bytes]] = ((BILAG_PATH, BILAG_TEXT),),
               streamed: Iterable[tuple[str, int]] = (), compression: int = zipfile.ZIP_DEFLATED,
               pack_overrides: dict | None = None,
               change_listing: Callable[[list[dict]], list[dict]] | None = None) -> Path:
    """A .kkrpack whose pack.json lists exactly what is in it (unless ``change_listing`` says otherwise).

    ``streamed`` adds entries of that many zero bytes, written through zlib without being held in
    memory (the 1 MiB-at-a-time bomb).
    """
    raw_manifest = manifest if isinstance(manifest, bytes) else (manifest or manifest_text()).encode()
    if index is None:
        with tempfile.TemporaryDirectory() as work:
            index = write_index(Path(work) / "index.sqlite").read_bytes()
    contents = [("meeting.toml", raw_manifest, "manifest"), ("index.sqlite", index, "index")]
    contents += [(name, data, "bilag") for name, data in bilag]
    files = [listed(name, data, role) for name, data, role in contents]
    zero_digests = {}
    for name, size in streamed:
        if size not in zero_digests:
            digest = hashlib.sha256()
            for block in _zero_blocks(size):
                digest.update(block)
            zero_digests[size] = digest.hexdigest()
        files.append({"path": name, "sha256": zero_digests[size], "size": size, "role": "bilag"})
    if change_listing:
        files = change_listing(files)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=compression, allowZip64=True) as archive:
        archive.writestr("pack.json", pack_json(files, **(pack_overrides or {})))
        for name, data, _ in contents:
            archive.writestr(name, data)
        for name, size in streamed:
            with archive.open(name, "w", force_zip64=size > 2**31) as entry:
                for block in _zero_blocks(size):
                    entry.write(block)
    return target


def _zero_blocks(size: int, block: int = 1024 * 1024):
    zeros = bytes(block)
    while size > 0:
        yield zeros[:min(block, size)]
        size -= block


def index_bytes(**kwargs) -> bytes:
    with tempfile.TemporaryDirectory() as work:
        return write_index(Path(work) / "index.sqlite", **kwargs).read_bytes()


@dataclass(frozen=True)
class HostilePack:
    """A pack made to hurt or confuse, the refusal's reason, and words the refusal must contain."""

    name: str
    make: Callable[[Path], Path]
    reason: str
    words: str
    in_index: bool = False   # the hostility is in the search index (what ``search`` reads beyond ``open``)


def _spoiled_index(after: str = "", ddl: str = INDEX_DDL) -> Callable[[Path], Path]:
    return lambda target: build_pack(target, index=index_bytes(ddl=ddl, after=after))


def _no_tables(target: Path) -> Path:
    with tempfile.TemporaryDirectory() as work:
        index = Path(work) / "index.sqlite"
        with sqlite3.connect(index) as db:
            db.execute("PRAGMA user_version = 7")   # a real SQLite file, with no tables
        return build_pack(target, index=index.read_bytes())


def _long_bilag_path(path: str) -> Callable[[Path], Path]:
    return lambda target: build_pack(target, manifest=manifest_text(bilag_path=path),
                                     bilag=[(path, BILAG_TEXT)])


def _with_pack_json(**overrides) -> Callable[[Path], Path]:
    return lambda target: build_pack(target, pack_overrides=overrides)


def _with_manifest_extra(extra: str) -> Callable[[Path], Path]:
    return lambda target: build_pack(target, manifest=manifest_text(extra=extra))


def _file_and_folder(target: Path) -> Path:
    return build_pack(target, bilag=[(BILAG_PATH, BILAG_TEXT), (BILAG_PATH + "/inde.txt", b"x")])


def _zeros(target: Path) -> Path:
    return build_pack(target, streamed=[(f"bilag/nul-{n:03d}.bin", 1024 * 1024) for n in range(70)])


HOSTILE_PACKS = [
    HostilePack("rekursiv-visning", _spoiled_index(RECURSIVE_PLACEMENTS), "hostile",
                'visning (view) "placements"', in_index=True),
    HostilePack("trigger-i-indeks",
                _spoiled_index("CREATE TRIGGER spor AFTER INSERT ON meta BEGIN DELETE FROM pages; END;"),
                "hostile", 'trigger "spor"', in_index=True),
    HostilePack("fremmed-tabel", _spoiled_index("CREATE TABLE udenfor(x);"), "hostile", '"udenfor"',
                in_index=True),
    HostilePack("virtuel-tabel", _spoiled_index("CREATE VIRTUAL TABLE ekstra USING fts5(x);"), "hostile",
                'virtuel tabel "ekstra"', in_index=True),
    HostilePack("indeks-uden-tabeller", _no_tables, "hostile", "ingen tabeller", in_index=True),
    HostilePack("forkerte-kolonner",
                _spoiled_index("DROP TABLE placements; CREATE TABLE placements(sha256 TEXT, x INTEGER);"),
                "hostile", 'tabellen "placements" uden kolonnerne', in_index=True),
    HostilePack("anden-tokenizer",
                _spoiled_index(ddl=INDEX_DDL.replace("tokenize='trigram'", "tokenize='porter'")),
                "hostile", '"vocabulary_grams" defineret anderledes', in_index=True),
    HostilePack("fil-og-mappe", _file_and_folder, "damaged", "både en fil og en mappe"),
    HostilePack("navn-paa-300-tegn", _long_bilag_path("bilag/" + "a" * 300 + ".txt"), "damaged",
                "et filnavn kan højst fylde 255 byte"),
    HostilePack("sti-paa-5000-tegn", _long_bilag_path("bilag/" + "/".join(["mappe1234"] * 500) + "/x.txt"),
                "damaged", "højst 1.000 tegn"),
    HostilePack("version-10-i-300", _with_pack_json(version=10**300), "damaged",
                "versionsnummeret er over 1.000.000"),
    HostilePack("pakke-id-paa-400-tegn", _with_pack_json(pack_id="a" * 400), "damaged", "pakkens id"),
    HostilePack("toml-100000-niveauer", _with_manifest_extra("dyb = " + "[" * 100_000 + "]" * 100_000),
                "hostile", "100.000 niveauer"),
    HostilePack("toml-prikket-noegle-100000-dele", _with_manifest_extra("k." + ".".join(["a"] * 100_000) + " = 1"),
                "hostile", "niveauer inde i hinanden"),
    HostilePack("ugyldig-dato", _with_pack_json(date="2025-13-45"), "damaged",
                '"2025-13-45", som ikke er en gyldig dato'),
    HostilePack("ugyldig-oprettelsestid", _with_pack_json(created="i går"), "damaged",
                '"i går", som ikke er en gyldig dato'),
    HostilePack("70-mb-nuller", _zeros, "hostile", "Det ligner en ZIP-bombe"),
]
