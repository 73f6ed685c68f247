"""Where kkrdesk keeps the user's own files (notes, recovery copies) and its disposable caches.

KKRDESK_DATA_DIR and KKRDESK_CACHE_DIR move them, e.g. for the smoke test, which must leave
nothing behind in the user's folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def user_data_dir() -> Path:
    named = os.environ.get("KKRDESK_DATA_DIR")
    return Path(named) if named else Path(platformdirs.user_data_dir("kkrdesk", appauthor=False))


def user_cache_dir() -> Path:
    named = os.environ.get("KKRDESK_CACHE_DIR")
    return Path(named) if named else Path(platformdirs.user_cache_dir("kkrdesk", appauthor=False))
