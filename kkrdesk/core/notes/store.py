"""Where a member's notes live: one JSON file per pack id in the user's data folder, written atomically."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.limits import MAX_NESTING_DEPTH
from kkrdesk.core.files.names import safe_name
from kkrdesk.core.files.nesting import too_deep
from kkrdesk.core.notes.model import Note
from kkrdesk.core.userdata import user_data_dir

STORE_FORMAT = 1


def notes_dir() -> Path:
    return user_data_dir() / "notes"


class NotesStore:
    """The notes made on one pack (all its versions share the pack id), kept outside the pack."""

    def __init__(self, pack_id: str, folder: Path | None = None):
        self.path = Path(folder or notes_dir()) / safe_name(pack_id, ".json", fallback="noter")
        self.notes: list[Note] = self._load()

    def _load(self) -> list[Note]:
        try:
            raw = self.path.read_text("utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise KkrError(f"noterne kan ikke læses ({exc.strerror}).", file=self.path,
                           hint="Kontrollér, at du har adgang til filen.") from None
        try:
            if too_deep(raw):
                raise ValueError(f"lister eller tabeller inde i hinanden i mere end {MAX_NESTING_DEPTH} lag")
            data = json.loads(raw)
            return [Note.from_dict(entry) for entry in data["notes"]]
        except (ValueError, KeyError, TypeError) as exc:
            spare = self.path.with_suffix(".ødelagt.json")
            shutil.copyfile(self.path, spare)
            raise KkrError(f"notefilen er ødelagt ({exc}); en kopi er gemt som {spare.name}.",
                           file=self.path, hint="Læg den forrige udgave (.bak) tilbage, eller "
                           "slet filen for at begynde forfra.") from None

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists():
            atomic.write_bytes(self.path.with_suffix(".json.bak"), self.path.read_bytes())
        data = {"format": STORE_FORMAT, "notes": [note.to_dict() for note in self.notes]}
        atomic.write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))

    def add(self, note: Note) -> Note:
        self.notes.append(note)
        self.save()
        return note

    def remove(self, note_id: str) -> None:
        self.notes = [note for note in self.notes if note.id != note_id]
        self.save()

    def get(self, note_id: str) -> Note:
        for note in self.notes:
            if note.id == note_id:
                return note
        raise KeyError(note_id)

    def on_page(self, sha256: str, page: int) -> list[Note]:
        return [n for n in self.notes if n.anchor.bilag_sha256 == sha256 and n.anchor.page == page
                and n.status != "orphan"]
