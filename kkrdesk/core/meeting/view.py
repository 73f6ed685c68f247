"""Plain-data views of a meeting: the JSON the CLI prints and the order items sort in."""

from __future__ import annotations

import re
from typing import Any

from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting


def number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that orders "2.2" < "2.10" < "3" and keeps odd numbers ("A", "2.4a") stable."""
    parts = re.split(r"[.\s]+", number.strip())
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def bilag_dict(item: AgendaItem, bilag: Bilag) -> dict[str, Any]:
    return {"number": item.bilag_number(bilag), "title": bilag.title, "file": bilag.file,
            "kind": str(bilag.kind), "pages": bilag.pages, "sha256": bilag.sha256,
            "closed": bilag.closed, "printed": bilag.printed}


def item_dict(item: AgendaItem) -> dict[str, Any]:
    return {"number": item.number, "type": str(item.type) if item.type else None,
            "title": item.title, "heading": item.heading, "case_id": item.case_id,
            "closed": item.closed, "resume": item.resume, "indstilling": item.indstilling,
            "sagsfremstilling": item.sagsfremstilling,
            "bilag": [bilag_dict(item, b) for b in item.bilag]}


def meeting_dict(meeting: Meeting) -> dict[str, Any]:
    return {"kkr": meeting.kkr, "title": meeting.display_title, "date": meeting.date.isoformat(),
            "start": meeting.start.strftime("%H:%M") if meeting.start else None,
            "place": meeting.place, "case_id": meeting.case_id,
            "items": [item_dict(item) for item in meeting.items]}
