"""Bringing a file into a meeting as a bilag: checked at the import boundary first, then copied in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kkrdesk.core.files.inspect import DocxPageCounter, FileFacts, inspect_file
from kkrdesk.core.meeting.store import MeetingFolder


@dataclass(frozen=True)
class ImportedFile:
    """A file copied into the meeting's bilag folder, with the facts found about it."""

    file: str          # relative POSIX path inside the meeting folder
    facts: FileFacts
    original_name: str


def import_file(folder: MeetingFolder, source: Path, *, docx_pages: DocxPageCounter | None = None
                ) -> ImportedFile:
    """Copy ``source`` into ``folder``'s bilag/ (never overwriting different content) and return its facts.

    The file is checked before anything is written; a refused file leaves the folder as it was.
    """
    folder.require_writable()          # a read-only meeting refuses before any file is read
    source = Path(source)
    facts = inspect_file(source, docx_pages=docx_pages)
    return ImportedFile(file=folder.add_file(source, facts.sha256), facts=facts, original_name=source.name)
