"""Reading a PDF's tags as a screen reader would, and checking them: structure, artifacts, ParentTree, fonts, Lang, Title.

    python -m kkrdesk.core.export.tag_check bilag.pdf [--tree] [--pages]

The page content is read with pdfium (each page object's marks and MCID, its text, its font),
the structure tree with pikepdf. Every page object must be an artifact or carry an MCID that a
structure element claims; every MCID the tree claims must exist on its page; every page's
``/StructParents`` and every annotation's ``/StructParent`` must resolve in the ParentTree to
the element that claims it; every link has ``/Contents``; every font that draws text is embedded.
"""

from __future__ import annotations

import argparse
import ctypes
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pypdfium2.raw as pdfium
from pikepdf import Array, Dictionary, Name

from kkrdesk.core.export.pack_tags import number_tree_items

MAX_ELEMENTS = 1_000_000
MAX_DEPTH = 200
FORM_DEPTH = 8
_Handle = Any    # a pdfium handle (page object, font, mark) from pypdfium2.raw, which has no types
TEXT_SHOWN = 90      # characters of an element's text in the dump
MCIDS_SHOWN = 5      # marked-content ids named in one problem


def _listed(numbers: list[int]) -> str:
    """The first few numbers, and how many there are in all when some are left out."""
    text = ", ".join(str(number) for number in numbers[:MCIDS_SHOWN])
    return f"{text} … ({len(numbers)} i alt)" if len(numbers) > MCIDS_SHOWN else text


@dataclass
class PageReport:
    number: int                                   # 1-based
    unmarked: int = 0                             # page objects neither tagged nor artifacts
    orphan_mcids: list[int] = field(default_factory=list)     # content nothing in the tree claims
    dangling_mcids: list[int] = field(default_factory=list)   # claimed by the tree, not on the page
    parent_tree_errors: list[str] = field(default_factory=list)
    tabs_in_structure_order: bool = True
    links_without_contents: int = 0
    links_outside_structure: int = 0
    fonts_not_embedded: set[str] = field(default_factory=set)

    @property
    def tagged(self) -> bool:
        """All content is structure or artifact, and the tree agrees with the page."""
        return not (self.unmarked or self.orphan_mcids or self.dangling_mcids or self.parent_tree_errors)

    def problems(self) -> list[str]:
        found = []
        if self.unmarked:
            found.append(f"{self.unmarked} indholdsobjekter er hverken tagget eller markeret som artefakt")
        if self.orphan_mcids:
            found.append(f"indhold med MCID {_listed(self.orphan_mcids)} hører ikke til strukturtræet")
        if self.dangling_mcids:
            found.append(f"strukturtræet peger på MCID {_listed(self.dangling_mcids)}, som ikke findes på siden")
        found += self.parent_tree_errors
        if not self.tabs_in_structure_order:
            found.append("/Tabs er ikke /S (tabulering følger ikke strukturen)")
        if self.links_without_contents:
            found.append(f"{self.links_without_contents} link(s) uden /Contents (beskrivelse)")
        if self.links_outside_structure:
            found.append(f"{self.links_outside_structure} link(s) er ikke i strukturtræet")
        if self.fonts_not_embedded:
            found.append("skrifttyper er ikke indlejret: " + ", ".join(sorted(self.fonts_not_embedded)))
        return found


@dataclass
class TagReport:
    language: str
    title: str
    displays_title: bool
    marked: bool
    has_structure: bool
    pages: list[PageReport]

    def document_problems(self) -> list[str]:
        found = []
        if not self.has_structure:
            found.append("dokumentet har intet strukturtræ (er ikke tagget)")
        if not self.marked:
            found.append("/MarkInfo /Marked er ikke sat")
        if not self.language:
            found.append("dokumentets sprog (/Lang) er ikke angivet")
        if not self.title:
            found.append("dokumentet har ingen titel")
        elif not self.displays_title:
            found.append("fremvisere viser filnavnet i stedet for titlen (DisplayDocTitle mangler)")
        return found

    @property
    def fonts_not_embedded(self) -> set[str]:
        return set().union(*(page.fonts_not_embedded for page in self.pages)) if self.pages else set()


@dataclass
class _Element:
    role: str
    standard: str
    obj: Dictionary
    depth: int
    page: int | None                      # the element's /Pg (inherited), 0-based
    mcids: list[tuple[int, int]] = field(default_factory=list)   # (page, mcid) in order
    annotations: list[tuple[int, int]] = field(default_factory=list)  # objgen of OBJR targets


# ------------------------------------------------------------------ page content (pdfium)
@dataclass
class _PageContent:
    mcids: dict[int, list[str]] = field(default_factory=dict)   # mcid -> texts of its objects
    unmarked: int = 0
    fonts_not_embedded: set[str] = field(default_factory=set)


def _utf16(getter: Callable[..., int]) -> str:   # getter(buffer, size), buffer a ctypes pointer or None
    """Call a pdfium getter that fills a UTF-16LE buffer (first asked for its size in bytes)."""
    size = getter(None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    getter(ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[:size].decode("utf-16-le", errors="replace").rstrip("\x00")


def _mark_names(obj: _Handle) -> list[str]:
    names = []
    for index in range(pdfium.FPDFPageObj_CountMarks(obj)):
        mark = pdfium.FPDFPageObj_GetMark(obj, index)
        length = ctypes.c_ulong(0)
        names.append(_utf16(lambda buffer, size, mark=mark, length=length: pdfium.FPDFPageObjMark_GetName(
            mark, buffer, size, ctypes.byref(length)) and length.value))
    return names


def _objects(container: _Handle, count: Callable[[_Handle], int], get: Callable[[_Handle, int], _Handle],
             depth: int = 0) -> Iterator[tuple[_Handle, int]]:
    for index in range(count(container)):
        yield get(container, index), depth


def _read_content(page: pypdfium2.PdfPage) -> _PageContent:
    content = _PageContent()
    text_page = page.get_textpage()
    try:
        pending = list(_objects(page.raw, pdfium.FPDFPage_CountObjects, pdfium.FPDFPage_GetObject))
        while pending:
            obj, depth = pending.pop(0)
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind == pdfium.FPDF_PAGEOBJ_TEXT:
                font = pdfium.FPDFTextObj_GetFont(obj)
                if font and not pdfium.FPDFFont_GetIsEmbedded(font) \
                        and pdfium.FPDFTextObj_GetTextRenderMode(obj) != pdfium.FPDF_TEXTRENDERMODE_INVISIBLE:
                    content.fonts_not_embedded.add(font_name(font))
            if "Artifact" in _mark_names(obj):
                continue
            mcid = pdfium.FPDFPageObj_GetMarkedContentID(obj)
            if mcid >= 0:
                texts = content.mcids.setdefault(mcid, [])
                if kind == pdfium.FPDF_PAGEOBJ_TEXT:
                    texts.append(_utf16(lambda b, n, obj=obj: pdfium.FPDFTextObj_GetText(obj, text_page.raw, b, n)))
            elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < FORM_DEPTH:
                pending[:0] = [(o, depth + 1) for o, _ in _objects(obj, pdfium.FPDFFormObj_CountObjects,
                                                                  pdfium.FPDFFormObj_GetObject)]
            else:
                content.unmarked += 1
    finally:
        text_page.close()
    return content


def font_name(font: _Handle) -> str:
    size = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(max(size, 1))
    pdfium.FPDFFont_GetBaseFontName(font, buffer, size)
    return buffer.value.decode("latin-1", errors="replace") or "(uden navn)"


# ------------------------------------------------------------------ structure (pikepdf)
def _elements(pdf: pikepdf.Pdf) -> list[_Element]:
    """The structure elements in reading order, with what each claims (depth-first, limited)."""
    tree = pdf.Root.get("/StructTreeRoot")
    if not isinstance(tree, Dictionary):
        return []
    role_map = tree.get("/RoleMap")
    roles = role_map if isinstance(role_map, Dictionary) else Dictionary()
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
    found: list[_Element] = []
    seen: set[tuple[int, int]] = set()

    def page_of(obj: pikepdf.Object, inherited: int | None) -> int | None:
        page = obj.get("/Pg") if isinstance(obj, Dictionary) else None
        return pages.get(page.objgen, inherited) if isinstance(page, Dictionary) else inherited

    def visit(obj: Dictionary, depth: int, inherited_page: int | None) -> None:
        if len(found) >= MAX_ELEMENTS or depth > MAX_DEPTH:
            return
        if obj.is_indirect:
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        role = str(obj.get("/S", "/?"))[1:]
        standard, hops = role, 0
        while ("/" + standard) in roles and hops < 10 and str(roles["/" + standard])[1:] != standard:
            standard, hops = str(roles["/" + standard])[1:], hops + 1
        element = _Element(role, standard, obj, depth, page_of(obj, inherited_page))
        found.append(element)
        below = obj.get("/K")
        kids = list(below) if isinstance(below, Array) else ([] if below is None else [below])
        for kid in kids:
            if isinstance(kid, int):
                if element.page is not None:
                    element.mcids.append((element.page, int(kid)))
            elif isinstance(kid, Dictionary):
                kind = kid.get("/Type")
                if kind == Name.MCR:
                    page = page_of(kid, element.page)
                    if page is not None and isinstance(kid.get("/MCID"), int):
                        element.mcids.append((page, int(kid.MCID)))
                elif kind == Name.OBJR:
                    target = kid.get("/Obj")
                    if isinstance(target, Dictionary) and target.is_indirect:
                        element.annotations.append(target.objgen)
                elif "/S" in kid:
                    visit(kid, depth + 1, element.page)

    kids = tree.get("/K")
    for kid in (list(kids) if isinstance(kids, Array) else [kids]):
        if isinstance(kid, Dictionary):
            visit(kid, 0, None)
    return found


def _parent_tree(pdf: pikepdf.Pdf) -> dict[int, pikepdf.Object]:
    tree = pdf.Root.get("/StructTreeRoot")
    node = tree.get("/ParentTree") if isinstance(tree, Dictionary) else None
    return dict(number_tree_items(node)) if isinstance(node, Dictionary) else {}


# ------------------------------------------------------------------ the check
def check_tags(path: Path) -> tuple[TagReport, list[_Element], dict[tuple[int, int], str]]:
    """The report, the elements in reading order, and the text of every (page, mcid)."""
    texts: dict[tuple[int, int], str] = {}
    contents: list[_PageContent] = []
    document = pypdfium2.PdfDocument(str(path))
    try:
        for number in range(len(document)):
            page = document[number]
            try:
                content = _read_content(page)
            finally:
                page.close()
            contents.append(content)
            for mcid, parts in content.mcids.items():
                texts[(number, mcid)] = " ".join(p.strip() for p in parts if p.strip())
    finally:
        document.close()
    with pikepdf.open(path) as pdf:
        elements = _elements(pdf)
        parent_tree = _parent_tree(pdf)
        report = _report(pdf, elements, parent_tree, contents)
    return report, elements, texts


def _report(pdf: pikepdf.Pdf, elements: list[_Element], parent_tree: dict[int, pikepdf.Object],
            contents: list[_PageContent]) -> TagReport:
    claimed: dict[tuple[int, int], _Element] = {}
    for element in elements:
        for place in element.mcids:
            claimed[place] = element
    by_annotation = {target: element for element in elements for target in element.annotations}
    reports = []
    for number, (page, content) in enumerate(zip(pdf.pages, contents)):
        report = PageReport(number + 1, unmarked=content.unmarked,
                            fonts_not_embedded=content.fonts_not_embedded)
        on_page = set(content.mcids)
        claimed_here = {mcid for (p, mcid) in claimed if p == number}
        report.orphan_mcids = sorted(on_page - claimed_here)
        report.dangling_mcids = sorted(claimed_here - on_page)
        report.tabs_in_structure_order = page.obj.get("/Tabs") == Name.S
        key = page.obj.get("/StructParents")
        if on_page and not isinstance(key, int):
            report.parent_tree_errors.append("siden har tagget indhold, men ingen /StructParents")
        elif isinstance(key, int):
            entry = parent_tree.get(int(key))
            if not isinstance(entry, Array):
                report.parent_tree_errors.append(f"/StructParents {int(key)} findes ikke i ParentTree")
            else:
                for mcid in sorted(on_page & claimed_here):
                    owner = claimed[(number, mcid)].obj
                    if mcid >= len(entry) or not _same(entry[mcid], owner):
                        report.parent_tree_errors.append(f"ParentTree {int(key)}[{mcid}] peger ikke på "
                                                         "elementet, der ejer indholdet")
        for annotation in page.obj.get("/Annots", Array()):
            if not isinstance(annotation, Dictionary) or annotation.get("/Subtype") != Name.Link:
                continue
            if not str(annotation.get("/Contents", "")).strip():
                report.links_without_contents += 1
            linked = by_annotation.get(annotation.objgen) if annotation.is_indirect else None
            key = annotation.get("/StructParent")
            if linked is None:
                report.links_outside_structure += 1
            elif not isinstance(key, int) or not _same(parent_tree.get(int(key)), linked.obj):
                report.parent_tree_errors.append("et links /StructParent peger ikke på dets element")
        reports.append(report)
    root = pdf.Root
    title = str(pdf.docinfo.get("/Title", "")).strip()
    preferences = root.get("/ViewerPreferences")
    displays = isinstance(preferences, Dictionary) and bool(preferences.get("/DisplayDocTitle", False))
    mark_info = root.get("/MarkInfo")
    return TagReport(language=str(root.get("/Lang", "")).strip(), title=title, displays_title=displays,
                     marked=isinstance(mark_info, Dictionary) and bool(mark_info.get("/Marked", False)),
                     has_structure=bool(elements), pages=reports)


def _same(a: object, b: object) -> bool:
    return isinstance(a, Dictionary) and isinstance(b, Dictionary) and a.is_indirect and b.is_indirect \
        and a.objgen == b.objgen


def dump(elements: list[_Element], texts: dict[tuple[int, int], str]) -> str:
    """The tag tree as indented text: role (its standard role), page, and the text it holds."""
    lines = []
    for element in elements:
        role = element.role if element.role == element.standard else f"{element.role} ({element.standard})"
        text = " ".join(texts.get(key, "") for key in element.mcids).strip()
        alt = element.obj.get("/Alt")
        if alt is not None:
            text = f"[Alt: {alt}] {text}".strip()
        if len(text) > TEXT_SHOWN:
            text = text[:TEXT_SHOWN - 1] + "…"
        pages = sorted({page + 1 for page, _ in element.mcids})
        where = f" s. {pages[0]}" + (f"-{pages[-1]}" if len(pages) > 1 else "") if pages else ""
        links = " [link]" * len(element.annotations)
        lines.append("  " * element.depth + role + where + links + (f": {text}" if text else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vis og kontrollér en PDF's tags.")
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--tree", action="store_true", help="skriv strukturtræet som indrykket tekst")
    parser.add_argument("--max-depth", type=int, default=99, help="vis kun træet ned til denne dybde")
    arguments = parser.parse_args(argv)
    report, elements, texts = check_tags(arguments.pdf)
    if arguments.tree:
        shown = [e for e in elements if e.depth <= arguments.max_depth]
        print(dump(shown, texts))
        print()
    problems = report.document_problems()
    for problem in problems:
        print(f"Dokument: {problem}")
    bad = 0
    for page in report.pages:
        for problem in page.problems():
            print(f"Side {page.number}: {problem}")
        bad += bool(page.problems())
    print(f"{len(report.pages)} sider, {len(elements)} strukturelementer; "
          f"{len(report.pages) - bad} sider uden fund, {bad} med.")
    return 1 if problems or bad else 0


if __name__ == "__main__":
    sys.exit(main())
