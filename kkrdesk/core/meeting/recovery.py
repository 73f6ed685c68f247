"""Recovery copies of unsaved meetings, written periodically and offered after a crash."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.nesting import too_deep
from kkrdesk.core.meeting.manifest import dump_manifest, parse_manifest
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.userdata import user_data_dir


@dataclass(frozen=True)
class Recovery:
    """An unsaved state of a meeting, left behind by a kkrdesk that did not close normally."""

    meeting_path: Path
    saved_at: dt.datetime
    title: str
    manifest: Path

    def meeting(self) -> Meeting:
        meeting, _ = parse_manifest(self.manifest.read_text(encoding="utf-8"), file=str(self.manifest))
        return meeting


def recovery_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or user_data_dir()) / "recovery"


def _stem(meeting_path: Path) -> str:
    return hashlib.sha1(str(Path(meeting_path).resolve()).encode("utf-8")).hexdigest()[:16]


def write_recovery(meeting_path: Path, meeting: Meeting, data_dir: Path | None = None) -> Path:
    """Write the meeting's current state as a recovery copy (manifest first, then its index card)."""
    folder = recovery_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = _stem(meeting_path)
    manifest = folder / f"{stem}.toml"
    atomic.write_text(manifest, dump_manifest(meeting))
    card = {"meeting_path": str(Path(meeting_path).resolve()), "title": meeting.display_title,
            "saved_at": dt.datetime.now().isoformat(timespec="seconds")}
    atomic.write_text(folder / f"{stem}.json", json.dumps(card, ensure_ascii=False))
    return manifest


def discard_recovery(meeting_path: Path, data_dir: Path | None = None) -> None:
    folder, stem = recovery_dir(data_dir), _stem(meeting_path)
    for suffix in (".json", ".toml"):
        (folder / f"{stem}{suffix}").unlink(missing_ok=True)


def pending_recoveries(data_dir: Path | None = None) -> list[Recovery]:
    """Recovery copies whose meeting still exists, newest first; unreadable ones are skipped."""
    found = []
    for card_path in recovery_dir(data_dir).glob("*.json"):
        try:
            text = card_path.read_text(encoding="utf-8")
            if too_deep(text):
                continue
            card = json.loads(text)
            recovery = Recovery(meeting_path=Path(card["meeting_path"]),
                                saved_at=dt.datetime.fromisoformat(card["saved_at"]),
                                title=str(card.get("title", "")), manifest=card_path.with_suffix(".toml"))
            recovery.meeting()
        except (OSError, ValueError, KeyError, TypeError, KkrError):
            continue
        if (recovery.meeting_path / "meeting.toml").is_file():
            found.append(recovery)
    return sorted(found, key=lambda r: r.saved_at, reverse=True)
