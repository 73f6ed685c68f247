"""The bilag pack's structure tree: kkrdesk's own pages tagged, tagged bilag's own trees merged in.

Reading order: Document > H1, P (the index's title and meeting), TOC of TOCI > Link (one per
index entry, the bilag nested in their item's TOCI), then a Sect per item holding a Sect per
bilag (its separator's H1/P and H2, then the bilag's own tree or its notice page's P).

A tagged bilag keeps its tags: its top elements are copied under its Sect, and the
``/StructParents`` keys of its pages, annotations and forms move up by an offset so they stay
unique in the pack's ParentTree. Its MCIDs need no renumbering: MCIDs are per page, and the
pack adds only artifacts (the footer) to a bilag's pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from kkrdesk.core.export.pack_pages import Tag
from kkrdesk.core.files.limits import MAX_STRUCTURE_ELEMENTS


class PackStructure:
    """Builds the pack's structure tree while the pack is assembled; ``finish`` writes it."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array()))
        self.role_map = Dictionary()
        self.parent_tree: dict[int, pikepdf.Object] = {}
        self.next_key = 0
        self._toc: list[Dictionary] = []   # the TOC, the current item's TOCI, its bilag's TOC
        self.document = self.element("Document", self.root)

    def element(self, role: str, parent: Dictionary, page: Dictionary | None = None, **extra: Any) -> Dictionary:
        """A new structure element appended to ``parent``'s kids (reading order is append order)."""
        element = self.out.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + role), P=parent,
                                                    K=Array(), **extra))
        if page is not None:
            element.Pg = page
        parent.K.append(element)
        return element

    # -------------------------------------------------------------- kkrdesk's own pages
    def tag_page(self, page: Dictionary, tags: Sequence[Tag], element_for: Callable[[Tag], Dictionary]) -> None:
        """Give each tagged sequence on ``page`` its element (``element_for(tag)``) and record
        them in the ParentTree under the page's ``/StructParents`` key."""
        if not tags:
            return
        by_mcid = Array()
        for tag in tags:
            element = element_for(tag)
            if element.get("/Pg") is not None and element.Pg.objgen == page.objgen:
                element.K.append(tag.mcid)
            else:
                element.K.append(Dictionary(Type=Name.MCR, MCID=tag.mcid, Pg=page))
            by_mcid.append(element)
        page.StructParents = self._key(by_mcid)

    def tag_index_page(self, page: Dictionary, tags: Sequence[Tag], levels: Sequence[int],
                       links: Sequence[Dictionary]) -> None:
        """An index page: its H1 and P, and each entry as a TOCI holding a Link (the entry's text and
        its link annotation); a bilag's TOCI sits in a TOC inside its item's TOCI."""
        linked: list[tuple[int, Dictionary]] = []

        def element_for(tag: Tag) -> Dictionary:
            if tag.role != "Link" or tag.entry is None:
                return self.element(tag.role, self.document, page)
            link = self.element("Link", self._toc_item(levels[tag.entry]), page)
            linked.append((tag.entry, link))
            return link

        self.tag_page(page, tags, element_for)
        for entry, link in linked:
            self.add_annotation(links[entry], link)

    def _toc_item(self, level: int) -> Dictionary:
        """A new TOCI: an item's in the TOC, a bilag's in a TOC inside the last item's TOCI."""
        if not self._toc:
            self._toc.append(self.element("TOC", self.document))
        if level == 0:
            self._toc[1:] = [self.element("TOCI", self._toc[0])]
            return self._toc[1]
        if len(self._toc) < 3:
            self._toc.append(self.element("TOC", self._toc[1]))
        return self.element("TOCI", self._toc[2])

    def tag_section_page(self, page: Dictionary, tags: Sequence[Tag], section: Dictionary) -> None:
        """A separator or notice page: its tagged content as elements of the bilag's section."""
        self.tag_page(page, tags, lambda tag: self.element(tag.role, section, page))

    def tag_picture_pages(self, pages: Sequence[Dictionary], section: Dictionary, alt: str) -> None:
        """An image bilag's pages (a scanned letter, a photo), stamped already: what each page draws
        above its footer becomes a Figure in ``section`` whose alternate text is ``alt`` (with the
        page's number when there are more), and the footer stays an artifact."""
        for number, page in enumerate(pages, start=1):
            contents = page.Contents
            streams = list(contents) if isinstance(contents, Array) else [contents]
            text = alt if len(pages) == 1 else f"{alt}, side {number} af {len(pages)}"
            figure = self.element("Figure", section, page, Alt=String(text))
            figure.K.append(0)
            # the footer's stream comes last (pdf_pack._stamp): the picture is everything before it
            page.Contents = Array([self.out.make_stream(b"/Figure <</MCID 0>> BDC\n"), *streams[:-1],
                                   self.out.make_stream(b"EMC\n"), streams[-1]])
            page.StructParents = self._key(Array([figure]))

    def add_annotation(self, annotation: Dictionary, element: Dictionary) -> None:
        """Put a link annotation into the tree under ``element`` (an OBJR), findable from the annotation."""
        element.K.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=annotation.P))
        annotation.StructParent = self._key(element)

    def _key(self, value: pikepdf.Object) -> int:
        key = self.next_key
        self.parent_tree[key] = value
        self.next_key += 1
        return key

    # -------------------------------------------------------------- a bilag's own tree
    def merge_bilag(self, source: pikepdf.Pdf, pages: Sequence[Dictionary], section: Dictionary) -> bool:
        """Copy the bilag's structure tree under ``section``; ``pages`` are its pages as copied into
        the pack. False (and nothing changed) when the bilag is untagged or its tree is unusable."""
        tree = source.Root.get("/StructTreeRoot")
        parent_tree = tree.get("/ParentTree") if isinstance(tree, Dictionary) else None
        if not isinstance(tree, Dictionary) or "/K" not in tree or not isinstance(parent_tree, Dictionary):
            return False
        roots = tree.K if isinstance(tree.K, Array) else Array([tree.K])
        kids = [kid for kid in roots if isinstance(kid, Dictionary) and "/S" in kid]
        entries = list(number_tree_items(parent_tree))
        if not kids or len(entries) > MAX_STRUCTURE_ELEMENTS:
            return False
        offset = self.next_key
        # One copy of everything: each copy_foreign walks all it reaches (up /P to the root, too).
        try:
            bundle = source.make_indirect(Array([value for _, value in entries] + kids))
            copied = list(self.out.copy_foreign(bundle))
        except (pikepdf.PdfError, ValueError, TypeError, RecursionError):
            return False    # a tree that cannot be copied: the bilag goes in untagged, and is named
        for (key, _), value in zip(entries, copied):
            self.parent_tree[key + offset] = value
        highest = max((key for key, _ in entries), default=-1)
        declared = tree.get("/ParentTreeNextKey")
        self.next_key = max(offset + highest + 1, offset + int(declared) if isinstance(declared, int) else 0)
        _shift_struct_parents(pages, offset)
        for kid in copied[len(entries):]:
            kid.P = section
            section.K.append(kid)
        roles = tree.get("/RoleMap")
        if isinstance(roles, Dictionary):
            for name, standard in roles.items():
                if name not in self.role_map:
                    self.role_map[name] = standard
        language = source.Root.get("/Lang")
        if isinstance(language, String) and str(language) and not _declares_languages(kids):
            section.Lang = language
        return True

    # -------------------------------------------------------------- the end
    def finish(self) -> None:
        tree = pikepdf.NumberTree.new(self.out)
        for key, value in self.parent_tree.items():
            tree[key] = value
        self.root.ParentTree = self.out.make_indirect(tree.obj)
        self.root.ParentTreeNextKey = self.next_key
        if len(self.role_map):
            self.root.RoleMap = self.role_map
        self.out.Root.StructTreeRoot = self.root
        self.out.Root.MarkInfo = Dictionary(Marked=True)
        for page in self.out.pages:
            page.obj.Tabs = Name.S      # tab through annotations in structure order (PDF/UA 7.18.3)


def number_tree_items(node: Dictionary, depth: int = 0) -> Iterable[tuple[int, pikepdf.Object]]:
    """(key, value) of a number tree, walked by hand with a depth limit (hostile files nest deeply)."""
    if depth > 32:
        return
    numbers = node.get("/Nums")
    if isinstance(numbers, Array):
        for index in range(0, len(numbers) - 1, 2):
            try:
                yield int(numbers[index]), numbers[index + 1]
            except (TypeError, ValueError):
                continue
    kids = node.get("/Kids")
    if isinstance(kids, Array):
        for kid in kids:
            if isinstance(kid, Dictionary):
                yield from number_tree_items(kid, depth + 1)


def _declares_languages(kids: Sequence[Dictionary], look_at: int = 200) -> bool:
    """Whether the tree's first elements carry their own /Lang. LibreOffice does, and then its
    document /Lang is its own interface language rather than the text's, so it is not used."""
    pending, seen = list(kids), 0
    while pending and seen < look_at:
        element = pending.pop(0)
        seen += 1
        if "/Lang" in element:
            return True
        children = element.get("/K")
        pending += [c for c in (children if isinstance(children, Array) else [children])
                    if isinstance(c, Dictionary) and "/S" in c]
    return False


def _shift_struct_parents(pages: Sequence[Dictionary], offset: int) -> None:
    """Move every ParentTree key the bilag's pages, annotations and forms use up by ``offset``."""
    done: set[tuple[int, int]] = set()

    def shift(holder: Dictionary | pikepdf.Stream, key: str) -> None:
        if holder.is_indirect:
            if holder.objgen in done:
                return
            done.add(holder.objgen)
        value = holder.get(key)
        if isinstance(value, int):
            holder[key] = int(value) + offset

    for page in pages:
        shift(page, "/StructParents")
        annotations = page.get("/Annots")
        for annotation in annotations if isinstance(annotations, Array) else ():
            if isinstance(annotation, Dictionary):
                shift(annotation, "/StructParent")
        resources = page.get("/Resources")
        forms = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        for form in forms.values() if isinstance(forms, Dictionary) else ():
            if isinstance(form, pikepdf.Stream) and form.get("/Subtype") == Name.Form:
                for key in ("/StructParents", "/StructParent"):
                    if key in form:
                        shift(form, key)
