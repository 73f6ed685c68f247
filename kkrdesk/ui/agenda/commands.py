"""Every edit of a meeting as a QUndoCommand; redo() keeps what undo() needs.

Each command also says which row the window should select once it has been undone or redone
(``selection_after(undone)``): the item or bilag that changed, so the user sees what happened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from kkrdesk.core.meeting import AgendaItem, Bilag
from kkrdesk.core.meeting.numbering import NumberChange
from kkrdesk.ui.agenda.item_model import AgendaItemModel

if TYPE_CHECKING:
    from kkrdesk.core.meeting.references import TextEdit

FIELD_NAMES = {"number": "nummer", "type": "type", "title": "titel", "case_id": "sagsnummer",
               "closed": "lukket", "resume": "resumé", "indstilling": "indstilling",
               "sagsfremstilling": "sagsfremstilling", "printed": "med i bilagspakken",
               "kkr": "KKR", "date": "dato", "start": "starttid", "place": "mødested",
               "file": "fil", "sha256": "fingeraftryk", "continuous_numbers": "fortløbende numre",
               "beslutning": "beslutning", "opfoelgning": "opfølgning", "opfoelgning_dato": "opfølgningsdato",
               "fravaerende": "fraværende", "protokoltilfoersel": "protokoltilførsel",
               "referat_status": "referatets status", "referat_godkendt_dato": "referatets godkendelsesdato",
               "ocr_in_pack": "søgbar kopi i bilagspakken"}
_MERGE_FIELD_EDIT = 1

Selection = tuple[AgendaItem | None, Bilag | None]   # (None, None): the meeting form


def selection_after(command: QUndoCommand, undone: bool) -> Selection | None:
    """Where the selection goes after ``command`` (or a macro of commands) was undone or redone."""
    own = getattr(command, "selection_after", None)
    if own is not None:
        return own(undone)
    children = [command.child(i) for i in range(command.childCount())]
    for child in (children if undone else reversed(children)):
        found = selection_after(child, undone)
        if found is not None:
            return found
    return None


def _neighbour(model: AgendaItemModel, row: int) -> Selection:
    items = model.meeting.items
    if not items:
        return None, None
    return items[min(row, len(items) - 1)], None


class AddItemCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, row: int, item: AgendaItem, text: str = ""):
        super().__init__(text or f"Tilføj punkt {item.number}")
        self.model, self.row, self.item = model, row, item

    def redo(self):
        self.model.insert_item(self.row, self.item)

    def undo(self):
        self.model.remove_item(self.row)

    def selection_after(self, undone: bool) -> Selection:
        return _neighbour(self.model, max(0, self.row - 1)) if undone else (self.item, None)


class RemoveItemCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, item: AgendaItem):
        super().__init__(f"Slet punkt {item.number}")
        self.model, self.item = model, item
        self.row = model.item_row(item)

    def redo(self):
        self.model.remove_item(self.row)

    def undo(self):
        self.model.insert_item(self.row, self.item)

    def selection_after(self, undone: bool) -> Selection:
        return (self.item, None) if undone else _neighbour(self.model, self.row)


class MoveItemCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, source: int, destination: int):
        item = model.meeting.items[source]
        super().__init__(f"Flyt punkt {item.number}")
        self.model, self.source, self.destination, self.item = model, source, destination, item
        self.new_row = source

    def redo(self):
        self.new_row = self.model.move_item(self.source, self.destination)

    def undo(self):
        back = self.source if self.source < self.new_row else self.source + 1
        self.model.move_item(self.new_row, back)

    def selection_after(self, undone: bool) -> Selection:
        return self.item, None


class EditItemCommand(QUndoCommand):
    """Change one field of an item; successive edits of the same field merge into one step."""

    def __init__(self, model: AgendaItemModel, item: AgendaItem, field: str, value):
        super().__init__(f"Ret {FIELD_NAMES.get(field, field)} i punkt {item.number}")
        self.model, self.item, self.field = model, item, field
        self.old, self.new = getattr(item, field), value

    def id(self) -> int:
        return _MERGE_FIELD_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (isinstance(other, EditItemCommand) and other.item is self.item and other.field == self.field
                and self.field in ("title", "resume", "indstilling", "sagsfremstilling", "case_id",
                                   "beslutning")):
            self.new = other.new
            self.setObsolete(self.new == self.old)   # typed and undone in the box: no step left
            return True
        return False

    def redo(self):
        self.model.set_item_field(self.item, self.field, self.new)

    def undo(self):
        self.model.set_item_field(self.item, self.field, self.old)

    def selection_after(self, undone: bool) -> Selection:
        return self.item, None


class AddBilagCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, item: AgendaItem, row: int, bilag: Bilag):
        super().__init__(f"Tilføj bilag {bilag.title} til punkt {item.number}")
        self.model, self.item, self.row, self.bilag = model, item, row, bilag

    def redo(self):
        self.model.insert_bilag(self.item, self.row, self.bilag)

    def undo(self):
        self.model.remove_bilag(self.item, self.row)

    def selection_after(self, undone: bool) -> Selection:
        return (self.item, None) if undone else (self.item, self.bilag)


class RemoveBilagCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, item: AgendaItem, bilag: Bilag):
        super().__init__(f"Slet bilag {item.bilag_number(bilag)} fra punkt {item.number}")
        self.model, self.item, self.bilag = model, item, bilag
        self.row = item.bilag_number(bilag) - 1

    def redo(self):
        self.model.remove_bilag(self.item, self.row)

    def undo(self):
        self.model.insert_bilag(self.item, self.row, self.bilag)

    def selection_after(self, undone: bool) -> Selection:
        return (self.item, self.bilag) if undone else (self.item, None)


class MoveBilagCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, source_item: AgendaItem, source_row: int,
                 target_item: AgendaItem, target_row: int):
        where = "" if source_item is target_item else f" til punkt {target_item.number}"
        super().__init__(f"Flyt bilag {source_row + 1} fra punkt {source_item.number}{where}")
        self.model, self.bilag = model, source_item.bilag[source_row]
        self.source_item, self.source_row = source_item, source_row
        self.target_item, self.target_row = target_item, target_row
        self.new_row = source_row

    def redo(self):
        self.new_row = self.model.move_bilag(self.source_item, self.source_row, self.target_item,
                                             self.target_row)

    def undo(self):
        same = self.source_item is self.target_item
        back = self.source_row + 1 if same and self.source_row > self.new_row else self.source_row
        self.model.move_bilag(self.target_item, self.new_row, self.source_item, back)

    def selection_after(self, undone: bool) -> Selection:
        return (self.source_item if undone else self.target_item), self.bilag


class FormatItemTextCommand(EditItemCommand):
    """Bold, italic or a list applied to a case text: one step of its own, never merged with typing."""

    def __init__(self, model: AgendaItemModel, item: AgendaItem, field: str, value: str, what: str):
        super().__init__(model, item, field, value)
        self.setText(f"{what} i {FIELD_NAMES.get(field, field)} i punkt {item.number}")

    def id(self) -> int:
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        return False


class EditBilagCommand(QUndoCommand):
    """Change fields of a bilag together (e.g. accepting a new file: sha256, pages, kind)."""

    def __init__(self, model: AgendaItemModel, item: AgendaItem, bilag: Bilag, changes: dict,
                 text: str = ""):
        label = ", ".join(FIELD_NAMES.get(f, f) for f in changes)
        super().__init__(text or f"Ret {label} i bilag {item.bilag_number(bilag)} til punkt {item.number}")
        self.model, self.item, self.bilag = model, item, bilag
        self.new = dict(changes)
        self.old = {field: getattr(bilag, field) for field in changes}

    def id(self) -> int:
        return _MERGE_FIELD_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (isinstance(other, EditBilagCommand) and other.bilag is self.bilag
                and set(other.new) == set(self.new) == {"title"}):
            self.new = other.new
            self.setObsolete(self.new == self.old)
            return True
        return False

    def redo(self):
        for field, value in self.new.items():
            self.model.set_bilag_field(self.item, self.bilag, field, value)

    def undo(self):
        for field, value in self.old.items():
            self.model.set_bilag_field(self.item, self.bilag, field, value)

    def selection_after(self, undone: bool) -> Selection:
        return self.item, self.bilag


class EditMeetingCommand(QUndoCommand):
    def __init__(self, model: AgendaItemModel, field: str, value):
        super().__init__(f"Ret mødets {FIELD_NAMES.get(field, field)}")
        self.model, self.field = model, field
        self.old, self.new = getattr(model.meeting, field), value

    def id(self) -> int:
        return _MERGE_FIELD_EDIT

    def mergeWith(self, other: QUndoCommand) -> bool:
        if isinstance(other, EditMeetingCommand) and other.field == self.field and self.field in (
                "title", "place", "case_id", "fravaerende", "protokoltilfoersel"):
            self.new = other.new
            self.setObsolete(self.new == self.old)
            return True
        return False

    def redo(self):
        self.model.set_meeting_field(self.field, self.new)

    def undo(self):
        self.model.set_meeting_field(self.field, self.old)

    def selection_after(self, undone: bool) -> Selection:
        return None, None


class RestoreMeetingCommand(QUndoCommand):
    """Replace the whole meeting with a recovered state (after a crash)."""

    def __init__(self, model: AgendaItemModel, recovered):
        super().__init__("Gendan ikke-gemte ændringer")
        self.model, self.recovered, self.previous = model, recovered, model.meeting.copy()

    def redo(self):
        self.model.replace_content(self.recovered.copy())

    def undo(self):
        self.model.replace_content(self.previous.copy())


class RenumberItemsCommand(QUndoCommand):
    """Omnummerér: give items the numbers core.meeting.numbering worked out, all in one step."""

    def __init__(self, model: AgendaItemModel, changes: list[NumberChange]):
        super().__init__("Omnummerér punkter")
        self.model, self.changes = model, list(changes)

    def redo(self):
        for change in self.changes:
            self.model.set_item_field(change.item, "number", change.new)

    def undo(self):
        for change in reversed(self.changes):
            self.model.set_item_field(change.item, "number", change.old)


class UpdateReferencesCommand(QUndoCommand):
    """Point "jf. bilag 2" and the like at the bilag's new numbers, in every text at once."""

    def __init__(self, model: AgendaItemModel, edits: tuple[TextEdit, ...]):
        super().__init__("Opdatér henvisninger til bilag")
        self.model, self.edits = model, tuple(edits)

    def redo(self):
        for edit in self.edits:
            self.model.set_item_field(edit.item, edit.field, edit.new)

    def undo(self):
        for edit in reversed(self.edits):
            self.model.set_item_field(edit.item, edit.field, edit.old)
