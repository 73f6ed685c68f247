"""The sha256 fingerprint of a file, read in blocks (the key by which kkrdesk knows a file's content)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from kkrdesk.core.lru import LruCache

BLOCK_BYTES = 1024 * 1024
KNOWN_FINGERPRINTS = 50_000          # remembered by sha256_known (a big meeting has 20,000 bilag)
# A file written this recently may be written again within its time stamps' resolution (whole
# seconds on some file systems) without its stamps changing: such a file is hashed every time.
RACY_NANOSECONDS = 2_000_000_000


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_known(path: Path) -> str:
    """``sha256_of``, remembered in this process while the file is the same file (device and inode)
    with the same size, modification and change time: any write sets the change time, which no
    program can set back."""
    before = os.stat(path)
    key = _identity(before)
    known = _known.get(key)
    if known is not None:
        return known
    started = time.time_ns()
    sha = sha256_of(path)
    settled = max(before.st_mtime_ns, before.st_ctime_ns) < started - RACY_NANOSECONDS
    if settled and _identity(os.stat(path)) == key:
        _known.put(key, sha)
    return sha


_known: LruCache[str] = LruCache(KNOWN_FINGERPRINTS)


def _identity(stat: os.stat_result) -> tuple[int, int, int, int, int]:
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns
