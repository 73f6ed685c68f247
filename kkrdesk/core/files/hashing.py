"""The sha256 fingerprint of a file, read in blocks (the key by which kkrdesk knows a file's content)."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK_BYTES = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(BLOCK_BYTES), b""):
            digest.update(block)
    return digest.hexdigest()
