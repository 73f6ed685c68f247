"""The bilag of a meeting version with their page texts, taken from its search index, for anchoring notes."""

from __future__ import annotations

from kkrdesk.core.notes.model import BilagText
from kkrdesk.core.search.index import SearchIndex


def bilag_texts(index: SearchIndex) -> list[BilagText]:
    """Every bilag placement in the index (item texts left out), each with its page texts."""
    texts: dict[str, list[str]] = {}
    result = []
    for placement in index.placements():
        if placement.bilag_number == 0:
            continue
        if placement.sha256 not in texts:
            texts[placement.sha256] = index.page_texts(placement.sha256)
        result.append(BilagText(item_number=placement.item_number, item_title=placement.item_title,
                                bilag_number=placement.bilag_number, bilag_title=placement.bilag_title,
                                sha256=placement.sha256, file_name=placement.file,
                                pages=texts[placement.sha256]))
    return result
