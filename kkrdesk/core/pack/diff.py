"""What changed between two versions of a pack: the referat, items and bilag, and a page-by-page text comparison."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from kkrdesk.core.meeting.model import AgendaItem, Bilag, Meeting
from kkrdesk.core.pack.referat_changes import item_status_changes, referat_changes
from kkrdesk.core.search.index import SearchIndex

TITLE_SIMILARITY = 0.75
MAX_DIFF_LINES = 40
_Placed = tuple[AgendaItem, Bilag, int]    # a bilag with its item and its number there


@dataclass
class PageChange:
    """One page of a changed bilag: inserted, removed or changed (with a few diff lines)."""

    status: str                 # "inserted", "removed" or "changed"
    old_page: int | None
    new_page: int | None
    lines: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.status == "inserted":
            return f"ny side {self.new_page}"
        if self.status == "removed":
            return f"side {self.old_page} er fjernet"
        if self.old_page == self.new_page:
            return f"side {self.new_page} er ændret"
        return f"side {self.old_page} (nu side {self.new_page}) er ændret"


@dataclass
class BilagChange:
    status: str                 # "new", "removed", "changed" or "moved"
    title: str
    item_number: str | None     # where it is now (None if removed)
    bilag_number: int | None
    old_item_number: str | None = None
    old_bilag_number: int | None = None
    pages: list[PageChange] = field(default_factory=list)

    def describe(self) -> str:
        now = f"punkt {self.item_number}, bilag {self.bilag_number}"
        before = f"punkt {self.old_item_number}, bilag {self.old_bilag_number}"
        if self.status == "new":
            return f"Nyt bilag: {self.title} ({now})"
        if self.status == "removed":
            return f"Fjernet bilag: {self.title} (var {before})"
        if self.status == "moved":
            return f"Flyttet bilag: {self.title} (fra {before} til {now})"
        where = now if now == before else f"{now}, før {before}"
        pages = "; ".join(p.describe() for p in self.pages) or "indholdet er ændret"
        return f"Ændret bilag: {self.title} ({where}): {pages}"


@dataclass
class ItemChange:
    status: str                 # "new", "removed", "changed" or "renumbered"
    number: str | None
    old_number: str | None
    title: str
    details: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.status == "new":
            return f"Nyt punkt {self.number}: {self.title}"
        if self.status == "removed":
            return f"Fjernet punkt {self.old_number}: {self.title}"
        prefix = (f"Punkt {self.old_number} er nu punkt {self.number}" if self.old_number != self.number
                  else f"Ændret punkt {self.number}")
        return f"{prefix}: {self.title}" + (f" ({', '.join(self.details)})" if self.details else "")


@dataclass
class PackChanges:
    old_version: int
    new_version: int
    items: list[ItemChange] = field(default_factory=list)
    bilag: list[BilagChange] = field(default_factory=list)
    referat: list[str] = field(default_factory=list)     # Fraværende, Protokoltilførsel, approval

    @property
    def empty(self) -> bool:
        return not self.items and not self.bilag and not self.referat

    def lines(self) -> list[str]:
        return (list(self.referat) + [change.describe() for change in self.items]
                + [c.describe() for c in self.bilag])


def compare_meetings(old: Meeting, old_index: SearchIndex, new: Meeting, new_index: SearchIndex,
                     *, old_version: int = 0, new_version: int = 0) -> PackChanges:
    """Compare two versions; items are paired by case number, then number and title, then title alone."""
    changes = PackChanges(old_version, new_version, referat=referat_changes(old, new))
    pairs = _pair_items(old.items, new.items)
    paired_new = {id(n) for _, n in pairs}
    paired_old = {id(o) for o, _ in pairs}
    for item in old.items:
        if id(item) not in paired_old:
            changes.items.append(ItemChange("removed", None, item.number, item.title))
    for old_item, new_item in pairs:
        details = _item_details(old_item, new_item)
        if old_item.number != new_item.number:
            changes.items.append(ItemChange("renumbered", new_item.number, old_item.number,
                                            new_item.title, details))
        elif details:
            changes.items.append(ItemChange("changed", new_item.number, old_item.number,
                                            new_item.title, details))
    for item in new.items:
        if id(item) not in paired_new:
            changes.items.append(ItemChange("new", item.number, None, item.title))
    changes.bilag = _compare_bilag(old, old_index, new, new_index, pairs)
    return changes


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


def _pair_items(old: list[AgendaItem], new: list[AgendaItem]) -> list[tuple[AgendaItem, AgendaItem]]:
    pairs: list[tuple[AgendaItem, AgendaItem]] = []
    free_old, free_new = list(old), list(new)

    def take(test: Callable[[AgendaItem, AgendaItem], bool]) -> None:
        for old_item in list(free_old):
            match = next((n for n in free_new if test(old_item, n)), None)
            if match is not None:
                pairs.append((old_item, match))
                free_old.remove(old_item)
                free_new.remove(match)

    take(lambda o, n: bool(o.case_id) and o.case_id == n.case_id)
    take(lambda o, n: o.number == n.number and _similar(o.title, n.title) >= TITLE_SIMILARITY)
    take(lambda o, n: _similar(o.title, n.title) >= TITLE_SIMILARITY)
    return pairs


def _item_details(old: AgendaItem, new: AgendaItem) -> list[str]:
    details = []
    if old.title != new.title:
        details.append("ny titel")
    if old.type != new.type:
        details.append(f"sagstypen er nu {new.type or 'ingen'}")
    for attribute, label in (("resume", "resuméet"), ("indstilling", "indstillingen"),
                             ("sagsfremstilling", "sagsfremstillingen")):
        if getattr(old, attribute).strip() != getattr(new, attribute).strip():
            details.append(f"{label} er ændret")
    if (decision := _decision_change(old.beslutning, new.beslutning)) is not None:
        details.append(decision)
    return details + item_status_changes(old, new)


def _decision_change(old: str, new: str) -> str | None:
    """How the referat's decision changed, in Danish, or None when it did not."""
    old, new = old.strip(), new.strip()
    if old == new:
        return None
    if not old:
        return "beslutningen er tilføjet"
    return "beslutningen er fjernet" if not new else "beslutningen er ændret"


def _compare_bilag(old: Meeting, old_index: SearchIndex, new: Meeting, new_index: SearchIndex,
                   item_pairs: list[tuple[AgendaItem, AgendaItem]]) -> list[BilagChange]:
    old_list = [(item, b, item.bilag_number(b)) for item, b in old.all_bilag()]
    new_list = [(item, b, item.bilag_number(b)) for item, b in new.all_bilag()]
    partner = {id(o): n for o, n in item_pairs}
    matches: list[tuple[_Placed, _Placed]] = []
    free_old, free_new = list(old_list), list(new_list)

    def take(test: Callable[[_Placed, _Placed], bool]) -> None:
        for entry in list(free_old):
            match = next((n for n in free_new if test(entry, n)), None)
            if match is not None:
                matches.append((entry, match))
                free_old.remove(entry)
                free_new.remove(match)

    take(lambda o, n: bool(o[1].sha256) and o[1].sha256 == n[1].sha256)
    take(lambda o, n: partner.get(id(o[0])) is n[0] and o[1].title == n[1].title)
    take(lambda o, n: PurePosixPath(o[1].file).name == PurePosixPath(n[1].file).name)
    take(lambda o, n: partner.get(id(o[0])) is n[0] and _similar(o[1].title, n[1].title) >= TITLE_SIMILARITY)
    result = []
    for (old_item, old_b, old_no), (new_item, new_b, new_no) in matches:
        same_place = partner.get(id(old_item)) is new_item and old_no == new_no
        if old_b.sha256 and old_b.sha256 == new_b.sha256:
            if not same_place:
                result.append(BilagChange("moved", new_b.title, new_item.number, new_no,
                                          old_item.number, old_no))
            continue
        pages = compare_pages(old_index.page_texts(old_b.sha256 or ""),
                              new_index.page_texts(new_b.sha256 or ""))
        result.append(BilagChange("changed", new_b.title, new_item.number, new_no, old_item.number,
                                  old_no, pages))
    for item, bilag, number in free_old:
        result.append(BilagChange("removed", bilag.title, None, None, item.number, number))
    for item, bilag, number in free_new:
        result.append(BilagChange("new", bilag.title, item.number, number))
    return result


def _page_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def compare_pages(old_pages: list[str], new_pages: list[str]) -> list[PageChange]:
    """Pages aligned by content, so one inserted page shows as one inserted page, not a cascade."""
    old_keys = [_page_key(p) for p in old_pages]
    new_keys = [_page_key(p) for p in new_pages]
    changes: list[PageChange] = []
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace":
            paired = _pair_pages(old_keys, new_keys, range(i1, i2), range(j1, j2))
            used_old = {i for i, _ in paired}
            used_new = {j for _, j in paired}
            for i, j in paired:
                changes.append(PageChange("changed", i + 1, j + 1,
                                          page_diff(old_pages[i], new_pages[j])))
            changes += [PageChange("removed", i + 1, None) for i in range(i1, i2) if i not in used_old]
            changes += [PageChange("inserted", None, j + 1) for j in range(j1, j2) if j not in used_new]
        elif tag == "delete":
            changes += [PageChange("removed", i + 1, None) for i in range(i1, i2)]
        elif tag == "insert":
            changes += [PageChange("inserted", None, j + 1) for j in range(j1, j2)]
    return sorted(changes, key=lambda c: (c.new_page or c.old_page or 0, c.old_page or 0))


def _pair_pages(old_keys: list[str], new_keys: list[str], old_range: range, new_range: range) -> list[tuple[int, int]]:
    """Pair changed pages by similarity, in order; unpaired ones count as inserted or removed."""
    pairs, start = [], new_range.start
    for i in old_range:
        best, best_ratio = None, 0.5
        for j in range(start, new_range.stop):
            ratio = difflib.SequenceMatcher(None, old_keys[i], new_keys[j], autojunk=False).quick_ratio()
            if ratio > best_ratio:
                best, best_ratio = j, ratio
        if best is not None:
            pairs.append((i, best))
            start = best + 1
    return pairs


def page_diff(old: str, new: str) -> list[str]:
    """Changed lines of one page, '-' for removed and '+' for added text."""
    lines = []
    for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        lines.append(line)
        if len(lines) >= MAX_DIFF_LINES:
            lines.append("…")
            break
    return lines
