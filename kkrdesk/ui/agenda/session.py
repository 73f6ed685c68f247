"""One open meeting in the editor: its folder, item model, undo stack, checks and recovery copies."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from kkrdesk.core.errors import BadFileError, KkrError, Problem, Severity
from kkrdesk.core.meeting import AgendaItem, Bilag, Meeting, printed_by_default
from kkrdesk.core.meeting.checks import Finding, Place, check_structure
from kkrdesk.core.meeting.model import ItemType, refuse_item_number
from kkrdesk.core.meeting.numbering import making_room, next_free_number, renumbering
from kkrdesk.core.meeting.recovery import Recovery, discard_recovery, write_recovery
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.meeting.view import number_key
from kkrdesk.ui.agenda.commands import (
    AddBilagCommand,
    AddItemCommand,
    EditBilagCommand,
    EditItemCommand,
    EditMeetingCommand,
    FormatItemTextCommand,
    MoveBilagCommand,
    MoveItemCommand,
    RemoveBilagCommand,
    RemoveItemCommand,
    RenumberItemsCommand,
    RestoreMeetingCommand,
    UpdateReferencesCommand,
)
from kkrdesk.ui.agenda.item_model import AgendaItemModel
from kkrdesk.ui.background import BackgroundOp, Cancelled, Jobs

if TYPE_CHECKING:
    from kkrdesk.core.meeting.importing import ImportedFile
    from kkrdesk.core.meeting.references import ReferenceUpdate, Rewrite

AUTOSAVE_MS = 60_000
# A window's start checks its files after its first paint; a window that is never drawn (minimised
# at start) checks them after this long all the same.
FIRST_PAINT_WAIT_SECONDS = 2.0


class MeetingSession(QObject):
    """Owns one open meeting. Every change goes through the undo stack as a command."""

    findingsChanged = Signal(list)
    importFailed = Signal(object)          # KkrError
    busyChanged = Signal(bool)
    referencesMoved = Signal(object)       # ReferenceUpdate: texts naming bilag whose numbers just changed

    def __init__(self, folder: MeetingFolder, parent: QObject | None = None, *,
                 data_dir: Path | None = None):
        super().__init__(parent)
        self.folder = folder
        self.data_dir = data_dir
        self.model = AgendaItemModel(folder.meeting, self)
        self.model.read_only = folder.read_only
        self.stack = QUndoStack(self)
        self._file_findings: list[Finding] = []
        self._stale_references: list[tuple[int, Rewrite]] = []   # (undo index of the edit, reference)
        self._jobs = Jobs(on_busy=self.busyChanged.emit)
        self.model.edited.connect(self._structure_changed)
        self.model.itemMoveRequested.connect(self.move_item)
        self.model.bilagMoveRequested.connect(self.move_bilag)
        self.model.filesDropped.connect(self.add_files)
        self._autosave = QTimer(self)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.write_recovery)
        if not folder.read_only:
            self._autosave.start()

    # -- state -----------------------------------------------------------------------------
    @property
    def meeting(self) -> Meeting:
        return self.folder.meeting

    @property
    def read_only(self) -> bool:
        return self.folder.read_only

    @property
    def modified(self) -> bool:
        return not self.stack.isClean()

    def findings(self) -> list[Finding]:
        return (check_structure(self.meeting, file=str(self.folder.manifest_path)) + self._file_findings
                + self._reference_findings())

    def _structure_changed(self) -> None:
        self.publish_findings()

    def publish_findings(self) -> None:
        findings = self.findings()
        self.model.set_findings(findings)
        self.findingsChanged.emit(findings)

    # -- background file checks -------------------------------------------------------------
    def check_files(self, *, not_before: threading.Event | None = None) -> BackgroundOp:
        """Hash and sniff every bilag file off the GUI thread, then show what changed or went missing.

        With ``not_before``, the work waits until it is set (at most FIRST_PAINT_WAIT_SECONDS); whoever
        cancels the check before then sets it too.
        """
        folder_path = self.folder.path
        snapshot = [(item, number, replace(bilag)) for item in self.meeting.items
                    for number, bilag in enumerate(item.bilag, start=1)]
        manifest = str(self.folder.manifest_path)

        def work(progress):
            if not_before is not None:
                not_before.wait(FIRST_PAINT_WAIT_SECONDS)
                progress.check()
            # the import boundary's machinery, loaded here: after the first paint, off the GUI thread
            from kkrdesk.core.meeting.file_checks import check_bilag_file

            findings = []
            for done, (item, number, bilag) in enumerate(snapshot, start=1):
                progress.check()
                findings += check_bilag_file(folder_path, item, number, bilag, file=manifest)
                progress.report(done, len(snapshot), bilag.title)
            return findings

        return self._run(work, self._files_checked)

    def _files_checked(self, findings: list[Finding]) -> None:
        self._file_findings = findings
        self.publish_findings()

    def _run(self, work, on_success) -> BackgroundOp:
        return self._jobs.start(BackgroundOp(work, on_success=on_success, on_failure=self._failed, parent=self))

    def _failed(self, error: KkrError) -> None:
        # a method, not importFailed.emit: Qt drops the connection once the session is deleted (its
        # window closed while the work ran), where an emit would raise "Signal source has been deleted"
        self.importFailed.emit(error)

    @property
    def busy(self) -> bool:
        return self._jobs.busy

    # -- items -----------------------------------------------------------------------------
    def add_item(self, after: AgendaItem | None = None) -> AgendaItem:
        item = AgendaItem(number="")
        if after is not None and self._insert_numbered(after, item, "Tilføj punkt {}"):
            return item
        number = next_free_number(self.meeting, after.number if after else None)
        item = AgendaItem(number=number)
        row = (self.model.item_row(after) + 1 if after is not None else
               next((i for i, other in enumerate(self.meeting.items)
                     if number_key(other.number) > number_key(number)), len(self.meeting.items)))
        self.stack.push(AddItemCommand(self.model, row, item))
        return item

    def duplicate_item(self, item: AgendaItem) -> AgendaItem:
        copy = replace(item, number=next_free_number(self.meeting, item.number),
                       title=f"{item.title} (kopi)" if item.title else "",
                       bilag=[replace(b) for b in item.bilag])
        if self._insert_numbered(item, copy, f"Dupliker punkt {item.number}"):
            return copy
        self.stack.push(AddItemCommand(self.model, self.model.item_row(item) + 1, copy,
                                       f"Dupliker punkt {item.number}"))
        return copy

    def _insert_numbered(self, after: AgendaItem, item: AgendaItem, text: str) -> bool:
        """In a continuously numbered meeting, insert ``item`` after ``after`` with the next number,
        moving the numbers after it up, as one step; False where numbers are kept as they are."""
        room = making_room(self.meeting, after)
        if room is None:
            return False
        item.number, shifts = room
        with self._tracking_references():
            self.stack.beginMacro(text.format(item.number))
            if shifts:
                self.stack.push(RenumberItemsCommand(self.model, shifts))
            self.stack.push(AddItemCommand(self.model, self.model.item_row(after) + 1, item))
            self.stack.endMacro()
        return True

    def remove_item(self, item: AgendaItem) -> None:
        with self._tracking_references():
            self.stack.push(RemoveItemCommand(self.model, item))

    def move_item(self, source: int, destination: int) -> None:
        if destination in (source, source + 1) or not 0 <= source < len(self.meeting.items):
            return
        self.stack.push(MoveItemCommand(self.model, source, destination))

    def move_item_by(self, item: AgendaItem, step: int) -> None:
        row = self.model.item_row(item)
        target = row + step
        if 0 <= target < len(self.meeting.items):
            self.move_item(row, target + 1 if step > 0 else target)

    def edit_item(self, item: AgendaItem, field: str, value) -> None:
        if field == "number":
            try:
                refuse_item_number(value)
            except KkrError as exc:
                self.importFailed.emit(exc)
                return
        if getattr(item, field) != value:
            with self._tracking_references():
                self.stack.push(EditItemCommand(self.model, item, field, value))

    def retitle_with_type(self, item: AgendaItem, item_type: ItemType, title: str) -> None:
        """A title pasted with its case type in front: the type set and the title without it, as one step."""
        edits = [(field, value) for field, value in (("type", item_type), ("title", title))
                 if getattr(item, field) != value]
        if len(edits) < 2:       # the type was already right: an ordinary title edit
            for field, value in edits:
                self.edit_item(item, field, value)
            return
        with self._tracking_references():
            self.stack.beginMacro(f"Ret titel og type i punkt {item.number}")
            for field, value in edits:
                self.stack.push(EditItemCommand(self.model, item, field, value))
            self.stack.endMacro()

    def format_item_text(self, item: AgendaItem, field: str, value: str, what: str) -> None:
        """A formatting change of a case text (bold, a list …) as its own undo step."""
        if getattr(item, field) != value:
            self.stack.push(FormatItemTextCommand(self.model, item, field, value, what))

    def renumber(self, *, keep_gaps: bool | None = None) -> bool:
        """Omnummerér: number the items in agenda order within each section; False if nothing changed."""
        changes = renumbering(self.meeting, keep_gaps=keep_gaps)
        if changes:
            with self._tracking_references():
                self.stack.push(RenumberItemsCommand(self.model, changes))
        return bool(changes)

    @contextmanager
    def _tracking_references(self) -> Iterator[None]:
        """Around an edit that may renumber bilag: afterwards, tell which texts now point wrong."""
        # loaded at the first edit, not at start-up (six dataclasses, each compiled at import)
        from kkrdesk.core.meeting.references import reference_updates, snapshot

        before = snapshot(self.meeting)
        yield
        update = reference_updates(before, self.meeting)
        if update:
            self.referencesMoved.emit(update)

    def update_references(self, update: ReferenceUpdate) -> None:
        """Rewrite the references the user agreed to, as one undoable step; the rest stay in the problems."""
        edits = tuple(e for e in update.edits if getattr(e.item, e.field) == e.old
                      and any(e.item is item for item in self.meeting.items))
        self.keep_references(update.unresolved)
        if edits:
            self.stack.push(UpdateReferencesCommand(self.model, edits))

    def keep_references(self, rewrites: tuple[Rewrite, ...]) -> None:
        """References left pointing at a moved or deleted bilag: a warning until the text or the edit goes."""
        self._stale_references += [(self.stack.index(), rewrite) for rewrite in rewrites]
        self.publish_findings()

    def reference_problems(self) -> list[Problem]:
        """References the user left pointing at a moved or deleted bilag, for the export's check list."""
        return [finding.problem for finding in self._reference_findings()]

    def _reference_findings(self) -> list[Finding]:
        if not self._stale_references:
            return []
        from kkrdesk.core.meeting.references import FIELD_NAMES_DA

        self._stale_references = [
            (index, r) for index, r in self._stale_references
            if self.stack.index() >= index and any(r.item is item for item in self.meeting.items)
            and r.context in (getattr(r.item, r.field) or "")]
        findings = []
        for _, rewrite in self._stale_references:
            item = rewrite.item
            now = f'; det hedder nu "{rewrite.new}"' if rewrite.new else f" ({rewrite.reason})"
            findings.append(Finding(Problem(
                code="reference-moved", severity=Severity.WARNING,
                message=f'punkt {item.number} henviser i {FIELD_NAMES_DA[rewrite.field]} til '
                        f'"{rewrite.old}", men bilaget har fået et andet nummer{now}.',
                hint="Ret henvisningen i teksten.", file=str(self.folder.manifest_path),
                field=f"items[{item.number}].{rewrite.field}"), Place(item=item.number)))
        return findings

    def edit_meeting(self, field: str, value) -> None:
        if getattr(self.meeting, field) != value:
            self.stack.push(EditMeetingCommand(self.model, field, value))

    # -- bilag -----------------------------------------------------------------------------
    def add_files(self, item: AgendaItem, row: int, paths: list[Path]) -> BackgroundOp:
        """Copy files into the meeting in the background, then add them as bilag in one undo step."""
        folder = self.folder

        def work(progress):
            from kkrdesk.core.files.pdf_screen import ScreeningAhead  # not at start-up, with its subprocess
            from kkrdesk.core.files.title import suggested_title
            from kkrdesk.core.meeting.importing import ImportBatch
            from kkrdesk.core.office.isolation import Stopped

            docx_pages = _word_pages_until_cancelled(progress)
            imported, refused = [], []
            # a cancel takes the files this batch copied back out, and its refusals go unsaid: nothing happened
            with ScreeningAhead(paths), ImportBatch(folder) as batch:   # one screening child for all the PDFs
                for done, path in enumerate(paths, start=1):
                    progress.check()
                    progress.report(done - 1, len(paths), Path(path).name)
                    try:
                        file = batch.import_file(Path(path), docx_pages=docx_pages)
                    except BadFileError as exc:
                        refused.append(exc)
                        continue
                    except Stopped:     # counting its pages: nothing was copied or cached
                        raise Cancelled from None
                    title = suggested_title(folder.file_path(file.file), file.facts.kind, file.original_name)
                    imported.append((file, title))
                progress.check()
            return imported, refused

        def done(result):
            imported, refused = result
            self._attach(item, row, imported)
            for error in refused:
                self.importFailed.emit(error)

        return self._run(work, done)

    def _attach(self, item: AgendaItem, row: int, imported: list[tuple[ImportedFile, str]]) -> None:
        if not imported or item not in self.meeting.items:
            return
        row = max(0, min(row, len(item.bilag)))
        with self._tracking_references():
            self._push_bilag(item, row, imported)

    def _push_bilag(self, item: AgendaItem, row: int, imported: list[tuple[ImportedFile, str]]) -> None:
        if len(imported) > 1:
            self.stack.beginMacro(f"Tilføj {len(imported)} bilag til punkt {item.number}")
        with self.model.grouped_edits():
            for offset, (file, title) in enumerate(imported):
                facts = file.facts
                bilag = Bilag(title=title, file=file.file,
                              kind=facts.kind, pages=facts.pages, sha256=facts.sha256,
                              printed=printed_by_default(facts.kind))
                self.stack.push(AddBilagCommand(self.model, item, row + offset, bilag))
        if len(imported) > 1:
            self.stack.endMacro()

    def remove_bilag(self, item: AgendaItem, bilag: Bilag) -> None:
        with self._tracking_references():
            self.stack.push(RemoveBilagCommand(self.model, item, bilag))

    def move_bilag(self, source_item: AgendaItem, source_row: int, target_item: AgendaItem,
                   target_row: int) -> None:
        if source_item is target_item and target_row in (source_row, source_row + 1):
            return
        with self._tracking_references():
            self.stack.push(MoveBilagCommand(self.model, source_item, source_row, target_item, target_row))

    def move_bilag_by(self, item: AgendaItem, bilag: Bilag, step: int) -> None:
        row = item.bilag_number(bilag) - 1
        target = row + step
        if 0 <= target < len(item.bilag):
            self.move_bilag(item, row, item, target + 1 if step > 0 else target)

    def edit_bilag(self, item: AgendaItem, bilag: Bilag, field: str, value) -> None:
        if getattr(bilag, field) != value:
            self.stack.push(EditBilagCommand(self.model, item, bilag, {field: value}))

    def accept_new_file(self, item: AgendaItem, bilag: Bilag) -> BackgroundOp:
        """Record the current fingerprint, kind and pages of a bilag whose file changed on disk.

        The file is read off the GUI thread: a Word file's pages are counted by LibreOffice, which
        can take seconds, and a cancel (closing the window) stops it.
        """
        probe = Meeting(kkr="", date=self.meeting.date,
                        items=[replace(item, bilag=[replace(bilag)])])
        folder_path = self.folder.path

        def work(progress):
            from kkrdesk.core.meeting.file_checks import accept_changed  # not at start-up
            from kkrdesk.core.office.isolation import Stopped

            docx_pages = _word_pages_until_cancelled(progress)
            try:
                accept_changed(folder_path, probe, docx_pages=docx_pages)
            except Stopped:
                raise Cancelled from None
            return probe.items[0].bilag[0]

        def done(fresh: Bilag) -> None:
            if not any(candidate is bilag for candidate in item.bilag):
                return        # the bilag was removed while its file was read
            changes = {f: getattr(fresh, f) for f in ("sha256", "kind", "pages")
                       if getattr(fresh, f) != getattr(bilag, f)}
            if changes:
                self.stack.push(EditBilagCommand(self.model, item, bilag, changes,
                                                 f"Godkend ny udgave af bilag {item.bilag_number(bilag)} "
                                                 f"til punkt {item.number}"))
            self.check_files()

        return self._run(work, done)

    def restore(self, recovery: Recovery) -> None:
        """Bring back the unsaved state of a recovery copy as one undoable step."""
        self.stack.push(RestoreMeetingCommand(self.model, recovery.meeting()))

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        self.folder.save()
        self.stack.setClean()
        self.discard_recovery()

    def save_as(self, target: Path) -> None:
        new_folder = self.folder.save_as(target)
        self.folder.discard_unsaved_files()    # the meeting left behind keeps none of this session's copies
        self.folder.close()
        self.discard_recovery()
        self.folder = new_folder
        self.stack.setClean()

    def write_recovery(self) -> None:
        if self.modified and not self.read_only:
            write_recovery(self.folder.path, self.meeting, self.data_dir)

    def discard_recovery(self) -> None:
        discard_recovery(self.folder.path, self.data_dir)

    def close(self) -> None:
        """Release the meeting; the caller has already saved or chosen to discard the changes. Files
        of bilag added since the last save that no saved manifest names (the changes discarded, or
        the adding undone) go too."""
        self._autosave.stop()
        self._jobs.cancel_all()
        self.discard_recovery()
        self.folder.discard_unsaved_files()
        self.folder.close()


def _word_pages_until_cancelled(progress):
    """A Word file's page count by LibreOffice, stopped once the user cancels ``progress``'s work."""
    from kkrdesk.core.office.libreoffice import docx_pages_via_libreoffice  # not at start-up, with its caches

    return lambda path, sha256: docx_pages_via_libreoffice(path, sha256, cancelled=lambda: progress.cancelled)
