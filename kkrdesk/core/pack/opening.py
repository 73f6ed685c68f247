"""Opening a pack as a member: verify and extract it, compare with the version read before, and re-attach notes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.notes.documents import bilag_texts
from kkrdesk.core.notes.reattach import ReattachReport, reattach
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.pack.diff import PackChanges, compare_meetings
from kkrdesk.core.pack.format import INDEX, MANIFEST, PACK_JSON, PackInfo
from kkrdesk.core.pack.reader import OpenedPack, open_pack
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.userdata import user_data_dir

STATE_FILE = "state.json"


@dataclass
class ReadingSession:
    """A pack open for reading, with what changed since the version read before and the notes."""

    pack: OpenedPack
    previous: PackInfo | None
    changes: PackChanges | None
    notes: NotesStore
    reattached: ReattachReport


@dataclass(frozen=True)
class Snapshot:
    """What is kept of a version once read: enough to compare with (manifest, index, pack.json)."""

    folder: Path

    @property
    def info(self) -> PackInfo:
        return PackInfo.from_json((self.folder / PACK_JSON).read_bytes(), file=self.folder / PACK_JSON)

    @property
    def meeting(self) -> Meeting:
        return read_meeting(self.folder)[0]

    @property
    def index(self) -> SearchIndex:
        return SearchIndex(self.folder / INDEX, read_only=True)


def history_root() -> Path:
    return user_data_dir() / "read-packs"


class ReadingHistory:
    """The versions of one pack this user has read: the current one and the one before it."""

    def __init__(self, pack_id: str, root: Path | None = None):
        safe = "".join(ch for ch in pack_id if ch.isalnum() or ch == "-") or "pakke"
        self.folder = Path(root or history_root()) / safe

    @staticmethod
    def key(info: PackInfo) -> str:
        return f"v{info.version}-{info.digest}"

    def _state(self) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / STATE_FILE).read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def previous_for(self, info: PackInfo) -> Snapshot | None:
        """The version to compare ``info`` with: the last other version this user opened."""
        state = self._state()
        key = state.get("previous") if state.get("current") == self.key(info) else state.get("current")
        if not isinstance(key, str) or not (self.folder / key / PACK_JSON).is_file():
            return None
        return Snapshot(self.folder / key)

    def record(self, pack: OpenedPack) -> None:
        key = self.key(pack.info)
        snapshot = self.folder / key
        if not (snapshot / PACK_JSON).is_file():
            snapshot.mkdir(parents=True, exist_ok=True)
            for name in (MANIFEST, INDEX):
                shutil.copyfile(pack.folder / name, snapshot / name)
            atomic.write_bytes(snapshot / PACK_JSON, pack.info.to_json())
        state = self._state()
        if state.get("current") != key:
            state = {"previous": state.get("current"), "current": key}
        state["opened"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        atomic.write_text(self.folder / STATE_FILE, json.dumps(state))
        self._forget_all_but(state.get("current"), state.get("previous"))

    def _forget_all_but(self, *keys: str | None) -> None:
        """Only the current and the previous version are ever compared: older snapshots are removed."""
        for snapshot in self.folder.iterdir():
            if snapshot.is_dir() and snapshot.name not in keys:
                shutil.rmtree(snapshot, ignore_errors=True)


def open_for_reading(path: Path, *, extract_root: Path | None = None, history: Path | None = None,
                     notes_folder: Path | None = None) -> ReadingSession:
    """Verify and open ``path`` read-only; compare it with the version read before; move the notes along."""
    pack = open_pack(path, root=extract_root)
    reading = ReadingHistory(pack.info.pack_id, history)
    previous = reading.previous_for(pack.info)
    changes = None
    previous_info = None
    if previous is not None:
        try:
            previous_info = previous.info
            changes = compare_meetings(previous.meeting, previous.index, pack.meeting, pack.index,
                                       old_version=previous_info.version, new_version=pack.info.version)
        except KkrError:
            previous_info, changes = None, None   # a damaged snapshot only costs the comparison
    notes = NotesStore(pack.info.pack_id, notes_folder)
    report = reattach(notes.notes, bilag_texts(pack.index), pack.info.version)
    if notes.notes:
        notes.save()
    reading.record(pack)
    return ReadingSession(pack=pack, previous=previous_info, changes=changes, notes=notes,
                          reattached=report)
