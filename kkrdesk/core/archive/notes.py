"""A member's notes from every meeting in the archive (the notes are kept per pack id, outside the packs)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.archive.index import ArchiveIndex, ArchiveMeeting
from kkrdesk.core.errors import KkrError, Problem, Severity
from kkrdesk.core.notes.model import Note
from kkrdesk.core.notes.store import NotesStore


@dataclass(frozen=True)
class ArchivedNote:
    meeting: ArchiveMeeting
    note: Note


def archive_notes(index: ArchiveIndex, *, notes_folder: Path | None = None) -> tuple[list[ArchivedNote], list[Problem]]:
    """The notes of all meetings, newest meeting first; a notes file that cannot be read is reported and passed by."""
    found: list[ArchivedNote] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for meeting in index.meetings():
        if not meeting.pack_id or meeting.pack_id in seen:
            continue
        seen.add(meeting.pack_id)
        try:
            store = NotesStore(meeting.pack_id, notes_folder)
        except KkrError as exc:
            problems.append(Problem(code="notes-unreadable", severity=Severity.WARNING, message=exc.message,
                                    hint=exc.hint, file=exc.file))
            continue
        found += [ArchivedNote(meeting, note) for note in store.notes]
    return found, problems
