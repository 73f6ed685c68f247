"""One search across the archive: the meeting search's matching, filtered by KKR, year and item type, grouped by meeting."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from kkrdesk.core.archive.index import ArchiveIndex, ArchiveMeeting
from kkrdesk.core.errors import KkrError
from kkrdesk.core.search.index import SearchHit, forms_of, hit_from_row, matching_pages
from kkrdesk.core.search.query import parse_query

if TYPE_CHECKING:    # numpy itself is imported when the first search runs
    import numpy as np
    from numpy.typing import NDArray

    from kkrdesk.core.search.index import PageIds

DEFAULT_LIMIT = 20          # hits read in full, with a snippet (about 0,4 ms each)
PER_MEETING = 3             # of which at most this many in one meeting; the rest are counted

PLACEMENTS = """
SELECT pl.rowid, pl.meeting_id, m.kkr, substr(m.date, 1, 4), i.type, m.source, dp.first_id, dp.last_id
FROM archive_placements pl JOIN meetings m ON m.id = pl.meeting_id JOIN items i ON i.id = pl.item_id
JOIN document_pages dp ON dp.sha256 = pl.sha256 WHERE NOT m.shadowed
ORDER BY m.date DESC, m.kkr, m.source, i.item_order, pl.bilag_number"""

HIT_DETAILS = """
SELECT p.text, p.page, i.number, i.title, pl.bilag_number, pl.bilag_title, pl.file
FROM pages p, archive_placements pl JOIN items i ON i.id = pl.item_id WHERE p.id = ? AND pl.rowid = ?"""


@dataclass(frozen=True)
class Filters:
    """Which meetings and items a search looks in; None means all."""

    kkr: str | None = None
    year: int | None = None
    item_type: str | None = None
    meeting: str | None = None      # one meeting, by its name in the archive (to see all its hits)


@dataclass
class MeetingHits:
    """The hits in one meeting; ``total`` counts them all, ``hits`` holds those within the limit."""

    meeting: ArchiveMeeting
    total: int
    hits: list[SearchHit] = field(default_factory=list)


@dataclass
class ArchiveResults:
    query: str
    groups: list[MeetingHits]
    total: int

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "total": self.total,
                "meetings": [{"meeting": group.meeting.source, "kkr": group.meeting.kkr,
                              "date": group.meeting.date.isoformat() if group.meeting.date else None,
                              "total": group.total,
                              "hits": [{**asdict(hit), "location": hit.location()} for hit in group.hits]}
                             for group in self.groups]}


def search_archive(index: ArchiveIndex, text: str, filters: Filters | None = None, *,
                   limit: int = DEFAULT_LIMIT, per_meeting: int = PER_MEETING) -> ArchiveResults:
    """Pages matching ``text``, newest meeting first, in agenda order within a meeting.

    Matching is the meeting search's own (words, stems, phrases, parts of words, exclusions);
    only the first ``limit`` hits, at most ``per_meeting`` of each meeting, are read in full
    and get a snippet; every meeting's matches are counted.
    """
    filters = filters or Filters()
    query = parse_query(text)
    if query.empty:
        return ArchiveResults(text, [], 0)
    with closing(index.reading()) as db:
        try:
            db.execute("BEGIN")
            snapshot = _snapshot(index, db)
            pages = matching_pages(db, query)
            totals, places = _places(snapshot, pages, filters, limit, per_meeting)
            rows = [db.execute(HIT_DETAILS, (page, placement)).fetchone() for page, placement, _ in places]
            forms = forms_of(db, query) if rows else set()
            db.rollback()
        except sqlite3.OperationalError as exc:
            raise KkrError(f"søgningen kunne ikke udføres ({exc}).", file=index.path,
                           hint="Prøv med andre ord.") from None
    groups = {meeting_id: MeetingHits(snapshot.meetings[meeting_id], total) for meeting_id, total in totals.items()}
    for (_, _, meeting_id), row in zip(places, rows, strict=True):
        groups[meeting_id].hits.append(hit_from_row(row, query, forms))
    return ArchiveResults(text, list(groups.values()), sum(totals.values()))


@dataclass
class _Snapshot:
    """The archive's placements in result order, with each document's page-id range, kept between searches."""

    generation: str
    meetings: dict[int, ArchiveMeeting]
    placements: list[tuple[Any, ...]]   # rowid, meeting id, kkr, year, item type, source, first page id, last page id
    starts: list[int]              # the first page id of each document, ascending
    ends: list[int]                # the last page id of the same document
    ranks: list[list[int]]         # where the same document is placed (indexes into ``placements``)
    first_pages: NDArray[np.int64]  # each placement's first and last page id, as arrays
    last_pages: NDArray[np.int64]
    chosen: dict[Filters, list[int]] = field(default_factory=dict)   # the placements each filter keeps

    def wanted(self, filters: Filters) -> list[int]:
        """Indexes of the placements that ``filters`` keep, in result order (remembered per filter)."""
        if filters not in self.chosen:
            year = str(filters.year) if filters.year else None
            self.chosen[filters] = [
                rank for rank, (_, _, kkr, in_year, kind, source, _, _) in enumerate(self.placements)
                if (filters.kkr is None or kkr == filters.kkr) and (year is None or in_year == year)
                and (filters.item_type is None or kind == filters.item_type)
                and (filters.meeting is None or source == filters.meeting)]
        return self.chosen[filters]


def _snapshot(index: ArchiveIndex, db: sqlite3.Connection) -> _Snapshot:
    generation = index.generation(db)
    cached = index.search_cache
    if isinstance(cached, _Snapshot) and cached.generation == generation:
        return cached
    placements = db.execute(PLACEMENTS).fetchall()
    documents: dict[int, tuple[int, list[int]]] = {}
    for rank, placement in enumerate(placements):
        documents.setdefault(placement[6], (placement[7], []))[1].append(rank)
    import numpy as np

    starts = sorted(documents)
    snapshot = _Snapshot(generation, {m.id: m for m in index.meetings()}, placements, starts,
                         [documents[start][0] for start in starts], [documents[start][1] for start in starts],
                         np.array([p[6] for p in placements], dtype=np.int64),
                         np.array([p[7] for p in placements], dtype=np.int64))
    index.search_cache = snapshot
    return snapshot


def _places(snapshot: _Snapshot, pages: PageIds, filters: Filters, limit: int,
            per_meeting: int) -> tuple[dict[int, int], list[tuple[int, int, int]]]:
    """Matches per meeting (in result order), and the (page id, placement, meeting) of the hits to show.

    Few matching pages are looked up in the documents' page ranges; many are cut into the
    ranges placement by placement. Either way the pages come out in result order.
    """
    import numpy as np

    placements = snapshot.placements
    wanted = snapshot.wanted(filters)
    runs: list[tuple[int, Sequence[int] | PageIds]] = []
    if len(pages) < len(wanted):
        allowed = set(wanted)
        found: dict[int, list[int]] = {}
        for page in pages.tolist():
            at = bisect_right(snapshot.starts, page) - 1
            if at >= 0 and page <= snapshot.ends[at]:
                for rank in snapshot.ranks[at]:
                    if rank in allowed:
                        found.setdefault(rank, []).append(page)
        runs = sorted(found.items())
    else:   # all placements' page ranges cut out of the pages at once
        ranks = np.array(wanted, dtype=np.int64)
        lows = pages.searchsorted(snapshot.first_pages[ranks], "left")
        highs = pages.searchsorted(snapshot.last_pages[ranks], "right")
        for rank, low, high in zip(ranks.tolist(), lows.tolist(), highs.tolist(), strict=True):
            if low < high:
                runs.append((rank, pages[low:high]))
    totals: dict[int, int] = {}
    places: list[tuple[int, int, int]] = []
    for rank, matched in runs:
        placement, meeting_id = placements[rank][0], placements[rank][1]
        shown = min(totals.get(meeting_id, 0), per_meeting)
        totals[meeting_id] = totals.get(meeting_id, 0) + len(matched)
        room = min(limit - len(places), per_meeting - shown)
        if room > 0:
            places += [(int(page), placement, meeting_id) for page in matched[:room]]
    return totals, places


