"""A bilag's own bookmarks, read as plain trees of (title, page, top), to nest under it in the pack outline."""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from kkrdesk.core.files.limits import MAX_BILAG_BOOKMARKS, MAX_BOOKMARK_DEPTH


@dataclass
class Bookmark:
    title: str
    page: int | None            # 0-based page of the bilag, None when the target cannot be found
    top: float | None = None    # the /XYZ top in the page's own space, when the bookmark gives one
    children: list[Bookmark] = field(default_factory=list)


def read_bookmarks(pdf: pikepdf.Pdf) -> list[Bookmark]:
    """The document's outline as Bookmarks. Cycles, very deep nesting and huge outlines are cut
    off (MAX_BOOKMARK_DEPTH, MAX_BILAG_BOOKMARKS): a hostile file costs only its own bookmarks."""
    outlines = pdf.Root.get("/Outlines")
    if not isinstance(outlines, Dictionary):
        return []
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    reader = _Reader(pdf, pages)
    return reader.children(outlines, 0)


class _Reader:
    def __init__(self, pdf: pikepdf.Pdf, pages: dict[tuple[int, int], int]) -> None:
        self.pdf, self.pages = pdf, pages
        self.seen: set[tuple[int, int]] = set()

    def children(self, node: Dictionary, depth: int) -> list[Bookmark]:
        found: list[Bookmark] = []
        child = node.get("/First")
        while isinstance(child, Dictionary) and len(self.seen) < MAX_BILAG_BOOKMARKS:
            if child.is_indirect:
                if child.objgen in self.seen:
                    break
                self.seen.add(child.objgen)
            page, top = self.target(child)
            bookmark = Bookmark(_title(child), page, top)
            if depth + 1 < MAX_BOOKMARK_DEPTH:
                bookmark.children = self.children(child, depth + 1)
            found.append(bookmark)
            child = child.get("/Next")
        return found

    def target(self, item: Dictionary) -> tuple[int | None, float | None]:
        destination = item.get("/Dest")
        action = item.get("/A")
        if destination is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
            destination = action.get("/D")
        destination = self.named(destination)
        if isinstance(destination, Dictionary):     # a named destination may be wrapped in /D
            destination = destination.get("/D")
        if not isinstance(destination, Array) or len(destination) == 0:
            return None, None
        page = destination[0]
        number = self.pages.get(page.objgen) if isinstance(page, Dictionary) else None
        top = None
        if len(destination) >= 4 and destination[1] == Name.XYZ:
            try:
                top = float(destination[3])
            except (TypeError, ValueError):
                top = None
        return number, top

    def named(self, destination: pikepdf.Object | None) -> pikepdf.Object | None:
        if isinstance(destination, (String, Name)):
            key = str(destination).lstrip("/") if isinstance(destination, Name) else str(destination)
            names = self.pdf.Root.get("/Names")
            if isinstance(names, Dictionary) and "/Dests" in names:
                try:
                    return pikepdf.NameTree(names.Dests).get(key)
                except (KeyError, pikepdf.PdfError, ValueError):
                    return None
            old_style = self.pdf.Root.get("/Dests")
            if isinstance(old_style, Dictionary):
                return old_style.get("/" + key)
            return None
        return destination


def _title(item: Dictionary) -> str:
    title = item.get("/Title")
    return str(title).strip() if isinstance(title, String) else ""
