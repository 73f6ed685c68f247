"""The extracted packs in the user's cache: a byte budget, the least recently used extractions removed first."""

from __future__ import annotations

import os
import shutil
import stat
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.disk_cache import remove_least_recently_used

COMPLETE_MARKER = ".complete"
STAGING_PREFIX = ".staging-"
STALE_STAGING_SECONDS = 24 * 3600   # a staging folder this old was left by a crashed open


@dataclass(frozen=True)
class Extraction:
    """One extracted version of a pack, with when it was last opened and what it takes on disk."""

    folder: Path
    last_used: float
    size: int


def mark_used(folder: Path) -> None:
    """Record that ``folder`` was opened now (the time of its completion marker)."""
    try:
        os.utime(folder / COMPLETE_MARKER)
    except OSError:
        pass   # a marker that cannot be touched only makes this extraction look older


def extractions(root: Path) -> list[Extraction]:
    """Every complete extraction under ``root`` (``<pack id>/v<version>-<digest>``), oldest use first."""
    found = []
    for marker in Path(root).glob(f"*/v*/{COMPLETE_MARKER}"):
        try:
            found.append(Extraction(marker.parent, marker.stat().st_mtime, folder_bytes(marker.parent)))
        except OSError:
            continue
    return sorted(found, key=lambda extraction: extraction.last_used)


def folder_bytes(folder: Path) -> int:
    total = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.lstat(os.path.join(directory, name)).st_size
            except OSError:
                continue
    return total


def prune(root: Path, budget: int, *, keep: Path | None = None, room: int = 0) -> list[Path]:
    """Remove the least recently used extractions until they and ``room`` more bytes fit in ``budget``.

    ``keep`` (the pack being opened) is never removed, nor is an extraction in use that the system
    will not let go of, nor anything else once the rest fits. Staging folders left by crashed
    opens are removed too. Returns the folders removed.
    """
    root = Path(root)
    removed = _remove_stale_staging(root)
    kept = Path(keep).resolve() if keep else None
    gone = remove_least_recently_used(extractions(root), budget, _remove_extraction, room=room,
                                      spared=lambda extraction: extraction.folder.resolve() == kept)
    return removed + [extraction.folder for extraction in gone]


def _remove_extraction(extraction: Extraction) -> bool:
    """Move the extraction aside, then delete it. On Windows the move fails while a window holds a
    file of it open (its index, a bilag), and the extraction stays whole instead of half deleted."""
    aside = extraction.folder.with_name(f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}")
    try:
        os.replace(extraction.folder, aside)
    except OSError:
        return False
    remove_tree(aside)
    remove_if_empty(extraction.folder.parent)
    return True


def _remove_stale_staging(root: Path) -> list[Path]:
    removed = []
    now = time.time()
    for staging in root.glob(f"*/{STAGING_PREFIX}*"):
        try:
            stale = now - staging.stat().st_mtime > STALE_STAGING_SECONDS
        except OSError:
            continue
        if stale:
            remove_tree(staging)
            removed.append(staging)
    return removed


def remove_if_empty(folder: Path) -> None:
    """Remove ``folder`` if nothing is left in it."""
    try:
        folder.rmdir()
    except OSError:
        pass


def remove_tree(folder: Path) -> None:
    """Delete a (partly) extracted folder, whose files were made read-only."""
    for directory, _, names in os.walk(folder):
        for name in names:
            try:
                os.chmod(os.path.join(directory, name), stat.S_IWUSR | stat.S_IRUSR)
            except OSError:
                continue
    shutil.rmtree(folder, ignore_errors=True)
