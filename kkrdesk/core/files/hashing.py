"""The sha256 fingerprint of a file, read in blocks (the key by which kkrdesk knows a file's content)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import NamedTuple

from kkrdesk.core.lru import LruCache

BLOCK_BYTES = 1024 * 1024
KNOWN_FINGERPRINTS = 50_000          # remembered by sha256_known (a big meeting has 20,000 bilag)
# A file written this recently may be written again within its time stamps' resolution (whole
# seconds on some file systems) without its stamps changing: such a file is hashed every time.
RACY_NANOSECONDS = 2_000_000_000


class FileIdentity(NamedTuple):
    """One version of one file: the same file (device and inode) with the same size, modification and
    change time. Any write sets the change time, which no program can set back."""

    device: int
    inode: int
    size: int
    modified_ns: int
    changed_ns: int


def identity_of(stat: os.stat_result) -> FileIdentity:
    return FileIdentity(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def file_identity(path: Path) -> FileIdentity:
    """The identity of ``path`` as it is now (one ``stat``); raises OSError as ``os.stat`` does."""
    return identity_of(os.stat(path))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_known(path: Path, identity: FileIdentity | None = None) -> str:
    """``sha256_of``, remembered in this process while the file keeps its :class:`FileIdentity`.

    ``identity``: the file's identity taken by the caller just before (else taken here). A sha256
    is kept only when the file was settled before hashing began and kept that identity throughout.
    """
    before = identity if identity is not None else file_identity(path)
    known = _known.get(before)
    if known is not None:
        return known
    started = time.time_ns()
    sha = sha256_of(path)
    settled = max(before.modified_ns, before.changed_ns) < started - RACY_NANOSECONDS
    if settled and file_identity(path) == before:
        _known.put(before, sha)
    return sha


_known: LruCache[str] = LruCache(KNOWN_FINGERPRINTS)
