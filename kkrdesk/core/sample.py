"""Where the bundled sample meeting (KKR Sjælland, February 2025) lives in a checkout or a bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SAMPLE_SLUG = "kkr-sjaelland-2025-02"


def sample_meeting_dir() -> Path | None:
    """The sample meeting folder: KKRDESK_SAMPLE, the frozen bundle, or the source checkout."""
    candidates = []
    if os.environ.get("KKRDESK_SAMPLE"):
        candidates.append(Path(os.environ["KKRDESK_SAMPLE"]))
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "agendas"
                          / SAMPLE_SLUG)
    candidates.append(Path(__file__).resolve().parents[2] / "agendas" / SAMPLE_SLUG)
    for candidate in candidates:
        if (candidate / "meeting.toml").is_file():
            return candidate
    return None
