"""An archive indexed before an item's decision had a page of its own is read again when opened, so a
hit in a decision is labelled "(beslutning)"; the texts of its bilag are kept, not read again."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from kkrdesk.core.archive.index import ArchiveIndex
from kkrdesk.core.archive.search import search_archive
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.text.pages import DocumentText
from tests.archive_factory import MeetingSpec, write_meeting


def _archive(root: Path) -> None:
    spec = MeetingSpec(root / "sjaelland-2024-09", "KKR Sjælland", dt.date(2024, 9, 1), [
        {"number": "2.2", "title": "Vækstplan", "type": "Beslutningssag",
         "text": "Planen beskriver busruterne i regionen.", "bilag": [("Notat om ruterne", 1)]}])
    write_meeting(spec, decisions={"2.2": {"beslutning": "KKR tiltrådte planen."}})


def _as_indexed_before_decision_pages(path: Path) -> None:
    """Turn the index into what the previous version left: each item's text and decision one page, under
    the sha256 that version gave it, and the archive schema "2" (done by hand, through the index's own
    writes so its word tables stay consistent)."""
    pages_index = SearchIndex(path)
    with closing(sqlite3.connect(path)) as db:
        items = [row[0] for row in db.execute("SELECT sha256 FROM documents WHERE method = 'item'")]
        assert items
        for sha in items:
            text = "\n\n".join(row[0] for row in db.execute(
                "SELECT text FROM pages WHERE sha256 = ? ORDER BY page", (sha,)))
            old = hashlib.sha256(("kkrdesk-archive-item\x00" + text).encode("utf-8")).hexdigest()
            pages_index.remove_document(db, sha)
            pages_index.store_document(db, old, "bilag", DocumentText([text], "item"))
            with db:
                db.execute("UPDATE archive_placements SET sha256 = ? WHERE sha256 = ?", (old, sha))
                db.execute("DELETE FROM document_pages WHERE sha256 = ?", (sha,))
                db.execute("INSERT INTO document_pages SELECT sha256, min(id), max(id) FROM pages "
                           "WHERE sha256 = ? GROUP BY sha256", (old,))
        with db:
            db.execute("UPDATE meta SET value = '2' WHERE key = 'archive_schema'")


def _locations(index: ArchiveIndex, word: str) -> list[str]:
    return [hit.location() for group in search_archive(index, word).groups for hit in group.hits]


def test_an_archive_with_the_old_item_label_is_read_again_on_opening_and_keeps_its_bilag_texts(tmp_path):
    root, path = tmp_path / "arkiv", tmp_path / "arkiv.sqlite"
    _archive(root)
    assert ArchiveIndex(root, path).refresh().problems == []
    _as_indexed_before_decision_pages(path)
    assert _locations(ArchiveIndex(root, path), "tiltrådte") == ["Punkt 2.2 (punktets tekst)"]   # as users saw it

    reopened = ArchiveIndex(root, path)
    report = reopened.refresh()                                  # what opening the archive does
    assert report.changed == ["sjaelland-2024-09"] and report.problems == []
    assert report.documents_read == 1                            # the item's text; the bilag's is kept
    assert _locations(reopened, "tiltrådte") == ["Punkt 2.2 (beslutning)"]
    assert _locations(reopened, "busruterne") == ["Punkt 2.2 (punktets tekst)"]
    assert _locations(reopened, "Notat") == ["Punkt 2.2, bilag 1, side 1"]
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM documents WHERE method = 'item'").fetchone() == (1,)
    assert reopened.refresh().unchanged == 1                     # read again once, not at every opening
