"""What changed in the referat between two pack versions: Fraværende, Protokoltilførsel, approval, an item's follow-up."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core import danish
from kkrdesk.core.meeting.model import AgendaItem, Meeting, ReferatStatus

QUOTED_CHARS = 80      # Fraværende is a list of names: shown up to this length, then "…"


def referat_changes(old: Meeting, new: Meeting) -> list[str]:
    """The meeting-wide changes to the referat, each a Danish line."""
    lines = []
    absent = _text_change("fraværende", old.fravaerende, new.fravaerende)
    if absent is not None:
        shown = " ".join(new.fravaerende.split())
        if shown:
            absent += f": »{shown if len(shown) <= QUOTED_CHARS else shown[:QUOTED_CHARS - 1] + '…'}«"
        lines.append(f"Referatet: {absent}")
    protocol = _text_change("protokoltilførslen", old.protokoltilfoersel, new.protokoltilfoersel)
    if protocol is not None:
        lines.append(f"Referatet: {protocol}")
    approval = _approval_change(old, new)
    if approval is not None:
        lines.append(approval)
    return lines


def item_status_changes(old: AgendaItem, new: AgendaItem) -> list[str]:
    """How an item's follow-up and closing changed, as details of its line."""
    details = []
    if old.closed != new.closed:
        details.append("punktet er nu lukket" if new.closed else "punktet er ikke længere lukket")
    if old.opfoelgning != new.opfoelgning:
        details.append(f"opfølgning er tilføjet{_deadline(new.opfoelgning_dato)}" if new.opfoelgning
                       else "opfølgningen er fjernet")
    elif new.opfoelgning and old.opfoelgning_dato != new.opfoelgning_dato:
        details.append(f"opfølgningens frist er nu {danish.format_date(new.opfoelgning_dato)}"
                       if new.opfoelgning_dato else "opfølgningens frist er fjernet")
    return details


def _text_change(label: str, old: str, new: str) -> str | None:
    """``label`` "er tilføjet / ændret / fjernet", or None when only white space differs."""
    old, new = old.strip(), new.strip()
    if old == new:
        return None
    if not old:
        return f"{label} er tilføjet"
    return f"{label} er fjernet" if not new else f"{label} er ændret"


def _approval_change(old: Meeting, new: Meeting) -> str | None:
    approved = new.referat_status is ReferatStatus.GODKENDT
    if old.referat_status is new.referat_status and (not approved
                                                      or old.referat_godkendt_dato == new.referat_godkendt_dato):
        return None
    if not approved:
        return "Referatet er ikke længere godkendt, men et udkast"
    when = f" den {danish.format_date(new.referat_godkendt_dato)}" if new.referat_godkendt_dato else ""
    if old.referat_status is ReferatStatus.GODKENDT and old.referat_godkendt_dato is not None:
        return f"Referatet er nu godkendt{when or ' uden dato'} (før den {danish.format_date(old.referat_godkendt_dato)})"
    return f"Referatet er godkendt{when}"


def _deadline(day: dt.date | None) -> str:
    return f" med frist {danish.format_date(day)}" if day else ""
