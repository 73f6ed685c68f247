"""Earlier items on the same subject: TF-IDF over Danish stems of the items' titles and texts, within the archive."""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from kkrdesk.core.archive.index import ArchiveIndex, ArchiveMeeting
from kkrdesk.core.errors import KkrError
from kkrdesk.core.search.words import stems_of

DEFAULT_LIMIT = 10
MIN_SCORE = 0.1
TITLE_WEIGHT = 3          # a word of the title counts as much as three of the text
# Words too common to tell subjects apart (besides what the IDF weighs down): Danish function words.
STOP_WORDS = frozenset(stems_of(
    "og i at det en den til er som på de med af for ikke der var sig men et har om vi da fra ud sin "
    "dem os op man hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget ville jo "
    "deres efter ned skulle denne end dette også under have anden mange ad bliver været sådan kkr "
    "punkt sag sagen indstilles det indstilles").split())


@dataclass(frozen=True)
class RelatedItem:
    """An item of an earlier meeting that resembles the one asked about; ``score`` from 0 to 1."""

    meeting: ArchiveMeeting
    item_number: str
    item_title: str
    score: float
    beslutning: str = ""       # what was decided then, if the referat says


def related_items(index: ArchiveIndex, meeting: ArchiveMeeting, item_number: str, *,
                  limit: int = DEFAULT_LIMIT, earlier_only: bool = True) -> list[RelatedItem]:
    """Items of other meetings most like ``item_number`` of ``meeting``, best first.

    Each item is a vector of its stems (title words weighted up), each stem weighted by how
    rare it is across all the archive's items; items are compared by the cosine of the angle.
    """
    with closing(index.reading()) as db:
        items = _vectors(index, db)
    target = next((n for n, row in enumerate(items.rows) if row[0] == meeting.id and row[1] == item_number), None)
    if target is None:
        raise KkrError(f"mødet {meeting.source} har intet punkt {item_number} i arkivet.",
                       file=index.root / meeting.source, hint="Skriv punktets nummer som på dagsordenen, fx 2.2.")
    wanted, wanted_norm = items.vectors[target], items.norms[target]
    found = []
    for n, (meeting_id, number, title, date, beslutning) in enumerate(items.rows):
        if meeting_id == meeting.id or (earlier_only and meeting.date and date >= meeting.date.isoformat()):
            continue
        vector = items.vectors[n]
        shared = sum(weight * vector[stem] for stem, weight in wanted.items() if stem in vector)
        score = shared / (wanted_norm * items.norms[n]) if shared else 0.0
        if score >= MIN_SCORE:
            found.append(RelatedItem(items.meetings[meeting_id], number, title, round(score, 3), beslutning))
    found.sort(key=lambda related: (-related.score, related.meeting.date is None,
                                    -(related.meeting.date.toordinal() if related.meeting.date else 0)))
    return found[:limit]


@dataclass
class _Vectors:
    """Every item's TF-IDF vector and its length, kept until the archive changes."""

    generation: str
    rows: list[tuple[Any, ...]]        # meeting id, item number, title, meeting date, beslutning
    vectors: list[dict[str, float]]
    norms: list[float]
    meetings: dict[int, ArchiveMeeting]


def _vectors(index: ArchiveIndex, db: sqlite3.Connection) -> _Vectors:
    generation = index.generation(db)
    cached = index.related_cache
    if isinstance(cached, _Vectors) and cached.generation == generation:
        return cached
    rows = db.execute("SELECT i.meeting_id, i.number, i.title, i.title_stems, i.text_stems, m.date, i.beslutning "
                      "FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE NOT m.shadowed").fetchall()
    bags = [_bag(title_stems, text_stems) for _, _, _, title_stems, text_stems, _, _ in rows]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
    idf = {stem: math.log((1 + len(bags)) / (1 + count)) + 1 for stem, count in frequency.items()}
    vectors = [_weighted(bag, idf) for bag in bags]
    index.related_cache = _Vectors(generation, [(row[0], row[1], row[2], row[5], row[6]) for row in rows], vectors,
                                   [_norm(vector) for vector in vectors], {m.id: m for m in index.meetings()})
    return index.related_cache


def _bag(title_stems: str, text_stems: str) -> Counter[str]:
    bag: Counter[str] = Counter()
    for stems, weight in ((title_stems, TITLE_WEIGHT), (text_stems, 1)):
        for stem in stems.split():
            if len(stem) > 2 and stem not in STOP_WORDS and not stem.isdigit():
                bag[stem] += weight
    return bag


def _weighted(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    return {stem: (1 + math.log(count)) * idf[stem] for stem, count in bag.items()}


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(weight * weight for weight in vector.values())) or 1.0
