"""Where the bundled sample meeting (KKR Sjælland, February 2025) lives in a checkout or a bundle."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from kkrdesk.core.userdata import user_data_dir

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


def is_sample(path: Path) -> bool:
    sample = sample_meeting_dir()
    return sample is not None and Path(path).resolve() == sample.resolve()


def sample_working_copy(data_dir: Path | None = None) -> Path | None:
    """A copy of the sample in the user's data folder, so trying kkrdesk never changes the original."""
    sample = sample_meeting_dir()
    if sample is None:
        return None
    copy = (data_dir or user_data_dir()) / "Eksempelmøde" / SAMPLE_SLUG
    if not (copy / "meeting.toml").is_file():
        copy.parent.mkdir(parents=True, exist_ok=True)
        staging = copy.with_name(copy.name + ".kopieres")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(sample, staging, ignore=shutil.ignore_patterns(".kkrdesk.lock", "*.bak"))
        shutil.rmtree(copy, ignore_errors=True)
        staging.rename(copy)
    return copy
