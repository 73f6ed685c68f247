"""Caches of files on disk kept within a byte budget: each entry's last use, the least recently used removed first.

A cache folder holds one file per entry (named by the sha256 it was derived from) and, in
``.used/``, an empty marker per entry whose modification time is the entry's last use. A hit
touches the marker, not the entry: touching the entry would change its identity (size, times),
which the screening verdicts and remembered fingerprints are keyed by, and so screen and hash a
cached PDF again on every use. A new entry may start a prune of its folder, at most once per
``PRUNE_EVERY_WRITES`` writes or when this process's estimate of the folder passes its budget,
so a hit costs one ``utime`` and a write rarely more than that.

An entry used within ``IN_USE_SECONDS`` is never removed: whoever asked for it may hold its
path and not have opened it yet (an export resolves every bilag before it merges them). An
entry that cannot be removed (open in a reader on Windows) is kept and the next one tried.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

USED_FOLDER = ".used"
IN_USE_SECONDS = 6 * 3600            # longer than the longest export between resolving a bilag and merging it
PRUNE_EVERY_WRITES = 64              # writes between two scans of a folder another process may fill too
STALE_TEMPORARY_SECONDS = 24 * 3600  # a hidden file this old was left by a write that crashed
_VERSIONED = re.compile(r"(?P<stem>.+)-(?P<version>\d+)")


class Used(Protocol):
    """What the removal order needs of an entry: its last use and its size."""

    @property
    def last_used(self) -> float: ...

    @property
    def size(self) -> int: ...


U = TypeVar("U", bound=Used)


def remove_least_recently_used(held: Sequence[U], budget: int, remove: Callable[[U], bool], *, room: int = 0,
                               spared: Callable[[U], bool] = lambda _: False) -> list[U]:
    """Remove entries of ``held`` (oldest use first) until the rest and ``room`` more bytes fit in
    ``budget``; entries ``spared`` stay, and so do those ``remove`` fails on (it returns False).
    Returns the entries removed."""
    total = sum(entry.size for entry in held) + room
    removed = []
    for entry in held:
        if total <= budget:
            break
        if spared(entry) or not remove(entry):
            continue
        removed.append(entry)
        total -= entry.size
    return removed


@dataclass(frozen=True)
class Entry:
    """One cached file, when it was last used and what it takes on disk."""

    path: Path
    last_used: float
    size: int


@dataclass
class _Estimate:
    bytes: int
    writes: int = 0


_estimates: dict[Path, _Estimate] = {}
_lock = threading.Lock()


def cached(entry: Path) -> Path | None:
    """``entry`` if it is in the cache (then marked used now), else None."""
    if not entry.is_file():
        return None
    mark_used(entry)
    return entry


def mark_used(entry: Path) -> None:
    """Record that ``entry`` is used now (the time of its marker)."""
    marker = entry.parent / USED_FOLDER / entry.name
    try:
        os.utime(marker)
    except FileNotFoundError:
        try:
            marker.parent.mkdir(exist_ok=True)
            marker.touch()
        except OSError:
            pass    # without a marker the entry counts as used when it was written
    except OSError:
        pass


def stored(entry: Path, budget: int, *, versioned: bool = False) -> None:
    """Record ``entry`` as just written, and prune its folder when due (never removing ``entry``).

    ``versioned``: the folder is ``<name>-<version>``, and the folders of older versions
    (``<name>-<lower version>``) are removed whenever it is pruned.
    """
    mark_used(entry)
    folder = entry.parent
    try:
        size = entry.stat().st_size
    except OSError:
        size = 0
    with _lock:
        estimate = _estimates.get(folder)
        if estimate is not None and estimate.writes < PRUNE_EVERY_WRITES and estimate.bytes + size <= budget:
            estimate.bytes += size
            estimate.writes += 1
            return
    if versioned:
        remove_older_versions(folder)
    left = prune(folder, budget, keep=entry)
    with _lock:
        _estimates[folder] = _Estimate(left)


def prune(folder: Path, budget: int, *, keep: Path | None = None) -> int:
    """Remove the least recently used entries of ``folder`` until the rest fit in ``budget``, sparing
    ``keep`` and entries used within ``IN_USE_SECONDS``; hidden files a crashed write left and
    markers without an entry go too. Returns the bytes the entries left take."""
    now = time.time()
    listing = _listing(folder)
    removed = remove_least_recently_used(
        listing.entries, budget, lambda entry: _remove(entry.path),
        spared=lambda entry: entry.path == keep or now - entry.last_used < IN_USE_SECONDS)
    for leftover, modified in listing.hidden:
        if now - modified > STALE_TEMPORARY_SECONDS:
            _unlink(leftover)
    names = {entry.path.name for entry in listing.entries}
    for orphan in listing.markers - names:
        _unlink(folder / USED_FOLDER / orphan)
    return sum(entry.size for entry in listing.entries) - sum(entry.size for entry in removed)


def entries(folder: Path) -> list[Entry]:
    """Every entry of ``folder``, least recently used first."""
    return _listing(folder).entries


@dataclass(frozen=True)
class _Listing:
    entries: list[Entry]                # least recently used first
    hidden: list[tuple[Path, float]]    # other files (temporary ones) and their modification times
    markers: set[str]                   # names in USED_FOLDER


def _listing(folder: Path) -> _Listing:
    used = {}
    try:
        with os.scandir(folder / USED_FOLDER) as markers:
            for marker in markers:
                try:
                    used[marker.name] = marker.stat().st_mtime
                except OSError:
                    continue
    except OSError:
        pass
    found, hidden = [], []
    try:
        with os.scandir(folder) as listed:
            for item in listed:
                try:
                    if not item.is_file(follow_symlinks=False):
                        continue
                    stat = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if item.name.startswith("."):
                    hidden.append((Path(item.path), stat.st_mtime))
                else:
                    found.append(Entry(Path(item.path), used.get(item.name, stat.st_mtime), stat.st_size))
    except OSError:
        pass
    return _Listing(sorted(found, key=lambda entry: entry.last_used), hidden, set(used))


def remove_older_versions(folder: Path) -> None:
    """Remove the sibling folders of ``folder`` (``<name>-<version>``) with a lower version; a
    higher one belongs to a newer kkrdesk on the same computer and stays."""
    named = _VERSIONED.fullmatch(folder.name)
    if named is None:
        return
    try:
        siblings = list(folder.parent.iterdir())
    except OSError:
        return
    for sibling in siblings:
        other = _VERSIONED.fullmatch(sibling.name)
        if (other is not None and other["stem"] == named["stem"] and int(other["version"]) < int(named["version"])
                and sibling.is_dir() and not sibling.is_symlink()):
            shutil.rmtree(sibling, ignore_errors=True)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        pass         # another process pruned it
    except OSError:
        return False    # open in a reader (Windows refuses to remove an open file): kept
    _unlink(path.parent / USED_FOLDER / path.name)
    return True


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
