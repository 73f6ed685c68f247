"""The follow-up list ("Opfølgning"): decisions flagged to be followed up, across the archive, by date."""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from dataclasses import dataclass

from kkrdesk.core.archive.index import ArchiveIndex, ArchiveMeeting


@dataclass(frozen=True)
class FollowUp:
    """A decision to be followed up: where it was made, what was decided and by when."""

    meeting: ArchiveMeeting
    item_number: str
    item_title: str
    beslutning: str
    due: dt.date | None          # None: flagged without a date (listed last)

    def to_dict(self) -> dict[str, object]:
        return {"meeting": self.meeting.source, "kkr": self.meeting.kkr,
                "meeting_date": self.meeting.date.isoformat() if self.meeting.date else None,
                "item": self.item_number, "title": self.item_title, "beslutning": self.beslutning,
                "opfoelgning_dato": self.due.isoformat() if self.due else None}


def followups(index: ArchiveIndex, *, kkr: str | None = None) -> list[FollowUp]:
    """Every flagged decision, soonest date first; those without a date after, by meeting."""
    meetings = {meeting.id: meeting for meeting in index.meetings()}
    with closing(index.reading()) as db:
        rows = db.execute("SELECT meeting_id, number, title, beslutning, opfoelgning_dato FROM items "
                          "WHERE opfoelgning AND meeting_id IN (SELECT id FROM meetings WHERE NOT shadowed) "
                          "ORDER BY opfoelgning_dato IS NULL, opfoelgning_dato, meeting_id, item_order").fetchall()
    found = [FollowUp(meetings[meeting_id], number, title, beslutning,
                      dt.date.fromisoformat(due) if due else None)
             for meeting_id, number, title, beslutning, due in rows]
    return [entry for entry in found if kkr is None or entry.meeting.kkr == kkr]
