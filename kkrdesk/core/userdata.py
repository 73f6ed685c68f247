"""Where kkrdesk keeps the user's own files: recovery copies, notes, the sample's working copy."""

from __future__ import annotations

from pathlib import Path

import platformdirs


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("kkrdesk", appauthor=False))
