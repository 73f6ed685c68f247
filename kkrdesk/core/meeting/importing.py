"""Bringing files into a meeting as bilag: checked at the import boundary, copied in, taken out if their batch stops."""

from __future__ import annotations

import threading
import weakref
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
    return _import(folder, source, docx_pages, None)


# Batches may run side by side (two drops in the window, each in its own worker): choosing a file's
# name and telling the open batches of it is one step, and so is taking a batch's copies back out.
_adding = threading.Lock()
_open: weakref.WeakKeyDictionary[MeetingFolder, set[ImportBatch]] = weakref.WeakKeyDictionary()


class ImportBatch:
    """Files brought into a meeting together, to be added as bilag at once. Used as a context manager:
    when the block ends with an exception (a refused file, Annullér, Ctrl+C), the files this batch
    copied in are removed again, so the meeting folder is as it was.

    Never removed: a file that was there already (one of the same content is used as it is), one
    that another batch still running has used too (it takes it over), one that another batch finished
    with (it is on its way into the meeting), and one a bilag of the meeting names.
    """

    def __init__(self, folder: MeetingFolder):
        self.folder = folder
        self._copied: set[str] = set()   # files this batch copied in and would take back out
        self._used: set[str] = set()     # every file this batch's imports named

    def import_file(self, source: Path, *, docx_pages: DocxPageCounter | None = None) -> ImportedFile:
        """:func:`import_file`, remembered by this batch."""
        return _import(self.folder, source, docx_pages, self)

    def __enter__(self) -> ImportBatch:
        with _adding:
            _open.setdefault(self.folder, set()).add(self)
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        with _adding:
            others = _open.get(self.folder, set())
            others.discard(self)
            if exc_type is None:
                for other in others:                   # what this batch keeps, none of them removes
                    other._copied -= self._used
                return
            for other in others:                       # what another batch used too, it takes over
                other._copied |= self._copied & other._used
            still_used = set().union(*(other._used for other in others))
            named = {bilag.file for _, bilag in self.folder.meeting.all_bilag()}
            for relative in sorted(self._copied - still_used - named):
                try:
                    self.folder.file_path(relative).unlink(missing_ok=True)
                except OSError:      # left for validate to name; the reason the batch stopped matters more
                    pass

    def _record(self, file: str, copied: bool) -> None:
        self._used.add(file)
        if copied:
            self._copied.add(file)


def _import(folder: MeetingFolder, source: Path, docx_pages: DocxPageCounter | None,
            batch: ImportBatch | None) -> ImportedFile:
    folder.require_writable()          # a read-only meeting refuses before any file is read
    source = Path(source)
    facts = inspect_file(source, docx_pages=docx_pages)
    with _adding:
        file, copied = folder.add_file(source, facts.sha256)
        if batch is not None:
            batch._record(file, copied)
    return ImportedFile(file=file, facts=facts, original_name=source.name)
