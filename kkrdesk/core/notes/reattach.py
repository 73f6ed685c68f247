"""Re-attaching every note to a new version of a pack, and listing those that cannot be found again."""

from __future__ import annotations

from dataclasses import dataclass, field

from kkrdesk.core.notes.anchoring import locate, make_anchor
from kkrdesk.core.notes.model import ATTACHED, ORPHAN, BilagText, Note


@dataclass
class ReattachReport:
    """What happened to each note: unchanged, moved (page, bilag or item number), or orphaned."""

    unchanged: list[Note] = field(default_factory=list)
    moved: list[tuple[Note, str]] = field(default_factory=list)   # note, where it was before
    orphans: list[Note] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.orphans)


def reattach(notes: list[Note], documents: list[BilagText], version: int) -> ReattachReport:
    """Find every note's quote in ``documents`` and update its anchor; never drop a note.

    A note that cannot be found keeps its old anchor and is marked orphan, so it is listed
    (and exported) until the user deletes it; if a later version has the text again it
    re-attaches.
    """
    report = ReattachReport()
    for note in notes:
        before = note.location()
        found = locate(note.anchor, documents)
        if found is None:
            note.status = ORPHAN
            report.orphans.append(note)
            continue
        new_anchor = make_anchor(found.bilag, found.page, found.start, found.end)
        moved = (new_anchor.page, new_anchor.item_number, new_anchor.bilag_number,
                 new_anchor.bilag_sha256) != (note.anchor.page, note.anchor.item_number,
                                              note.anchor.bilag_number, note.anchor.bilag_sha256)
        was_orphan = note.status == ORPHAN
        note.anchor = new_anchor
        note.status = ATTACHED
        note.pack_version = version
        if moved or was_orphan:
            report.moved.append((note, before))
        else:
            report.unchanged.append(note)
    return report
