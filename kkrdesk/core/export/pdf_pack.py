"""Building the bilag pack PDF: index, separators and bilag merged with outline, links, labels and footers.

The footer never covers a bilag's own text: each bilag page is shrunk uniformly (about 3 % on
A4) towards its top edge, as the reader sees it, so a strip of FOOTER_STRIP points at its
bottom is free, and the footer is stamped into that strip. The page keeps its size, so the
pack still prints on A4 without cropping; content outside the CropBox stays clipped.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from kkrdesk.core import atomic, danish
from kkrdesk.core.errors import KkrError, Problem
from kkrdesk.core.export.bilag_outline import Bookmark, read_bookmarks
from kkrdesk.core.export.footer_stamp import FOOTER_STRIP, FooterGlyphs, footer_characters, footer_operators
from kkrdesk.core.export.layout import BilagInput, ItemInput, PackPlan, plan_pack
from kkrdesk.core.export.pack_pages import (
    PAGE_HEIGHT,
    DrawnPages,
    IndexEntry,
    IndexPage,
    NoticePage,
    PackPage,
    SeparatorPage,
    Tag,
    draw_pack_pages,
    entry_height,
    entry_rect,
    index_geometry,
)
from kkrdesk.core.export.pack_tags import PackStructure
from kkrdesk.core.export.preflight import known_active_content
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.export.selection import SelectedItem, Selection
from kkrdesk.core.export.sources import ResolvedBilag, box_of, describe, failure, rotation_of, rotation_value, visible_box
from kkrdesk.core.files.hashing import sha256_known
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.pdf_active import ready_for_pack
from kkrdesk.core.files.pdf_save import save_into
from kkrdesk.core.meeting.model import AgendaItem, Meeting


@dataclass(frozen=True)
class PackResult:
    path: Path
    plan: PackPlan
    bilag: tuple[ResolvedBilag, ...]   # in pack order; failed ones carry their problem
    pages: dict[str, int]              # "2.2/1" -> the pack page of that bilag's separator
    untagged: tuple[str, ...] = ()     # bilag merged without a structure tree (not accessible)

    @property
    def problems(self) -> list[Problem]:
        return [b.problem for b in self.bilag if b.problem is not None]


class _BilagBroke(Exception):
    def __init__(self, position: int, error: Exception):
        super().__init__(str(error))
        self.position, self.error = position, error


def item_label(item: AgendaItem) -> str:
    """``2.2 Temadrøftelse``: the item's number and type, as footers and separators print it."""
    return f"{item.number} {item.type}" if item.type else item.number


def meeting_line(meeting: Meeting) -> str:
    return f"{meeting.display_title} · {danish.format_date(meeting.date, weekday=True)}"


Groups = Sequence[tuple[SelectedItem, list[ResolvedBilag]]]   # each pack item with its printed bilag, as grouped() makes them
Geometry = tuple[tuple[float, float, float, float], int]   # a page's visible box and rotation


def grouped(selection: Selection, resolved: Sequence[ResolvedBilag]) -> list[tuple[SelectedItem, list[ResolvedBilag]]]:
    by_key = {r.selected.key: r for r in resolved}
    return [(item, [by_key[b.key] for b in item.printed]) for item in selection.pack_items]


def plan_for(groups: Sequence[tuple[SelectedItem, list[ResolvedBilag]]]) -> PackPlan:
    return plan_pack([ItemInput(entry_height(item.item.heading, 0),
                                [BilagInput(entry_height(r.selected.label, 1), r.pages) for r in bilag])
                      for item, bilag in groups], index_geometry())


def bilag_pages(groups: Groups, plan: PackPlan) -> dict[str, int]:
    """Where each bilag starts in the pack (its separator page), keyed ``"2.2/1"``."""
    order = [r for _, bilag in groups for r in bilag]
    placements = [p for item in plan.items for p in item.bilag]
    return {r.selected.key: p.separator_page for r, p in zip(order, placements)}


def build_pack(meeting: Meeting, selection: Selection, resolved: Sequence[ResolvedBilag], target: Path,
               steps: Steps | None = None, *, in_place: bool = False,
               saved: Callable[[PackResult], None] | None = None,
               drawn_beside: Callable[[], OwnPages | None] | None = None) -> PackResult:
    """Write the pack to ``target`` (atomically). A bilag that breaks while merging gets a notice
    page instead, and the pack is planned again, so one bad file never costs the rest.

    ``in_place`` writes straight into ``target``, a temporary file the caller replaces the real
    one with; ``saved`` is called with the result once the pack is written, while its documents
    are still open (a child process can end there without freeing them). ``drawn_beside`` gives
    the own pages another process drew for the same bilag meanwhile (see own_pages), or None."""
    steps = steps or Steps(None, 1)
    resolved = list(resolved)
    while True:
        groups = grouped(selection, resolved)
        try:
            return _build_once(meeting, groups, Path(target), steps, in_place, saved, drawn_beside)
        except _BilagBroke as broke:
            drawn_beside = None     # drawn for the bilag as they were: planned again here
            bad = [r for _, bilag in groups for r in bilag][broke.position]
            message = broke.error.message if isinstance(broke.error, KkrError) else str(broke.error)
            replacement = failure(bad.selected, "bilag-damaged",
                                  f"PDF-filen kunne ikke flettes ind ({message}).",
                                  "Åbn filen, gem en ny PDF (fx \"Udskriv til PDF\"), og læg den på igen.")
            resolved[resolved.index(bad)] = replacement


@dataclass(frozen=True)
class Footer:
    left: str
    right: str


@dataclass(frozen=True)
class OwnPages:
    """The pages the pack draws itself and every pack page's footer, for one list of bilag."""

    planned_for: tuple[object, ...]    # what the plan depends on in each bilag (see _planned_for)
    plan: PackPlan
    entries: list[IndexEntry]
    footers: list[Footer]
    drawn: DrawnPages


def own_pages(meeting: Meeting, groups: Groups) -> OwnPages:
    """Plan the pack and draw its own pages (reportlab): what needs the bilag's page counts, not their PDFs."""
    plan = plan_for(groups)
    pages, entries, footers = _pack_pages(meeting, groups, plan)
    texts = [text for footer in footers for text in (footer.left, footer.right)]
    drawn = draw_pack_pages(pages, entries, meeting_line(meeting), footer_characters(texts))
    return OwnPages(_planned_for(groups), plan, entries, footers, drawn)


def _planned_for(groups: Groups) -> tuple[object, ...]:
    return tuple((r.selected.key, str(r.pdf), r.pages, r.problem) for _, bilag in groups for r in bilag)


def _build_once(meeting: Meeting, groups: Groups, target: Path, steps: Steps, in_place: bool,
                saved: Callable[[PackResult], None] | None,
                drawn_beside: Callable[[], OwnPages | None] | None) -> PackResult:
    order = [r for _, bilag in groups for r in bilag]
    with ExitStack() as stack:
        bookmarks: dict[int, list[Bookmark]] = {}
        sources: dict[int, pikepdf.Pdf] = {}
        shapes: dict[int, list[Geometry]] = {}
        # Opened and made ready first: nothing here needs the own pages, which may be drawn meanwhile.
        for position, bilag in enumerate(order):
            if bilag.pdf is None:
                continue
            steps.begin(f"Åbner {describe(bilag.selected)}")
            try:
                known = known_active_content(sha256_known(bilag.pdf))   # this content, as it is now
                source = sources[position] = stack.enter_context(pikepdf.open(bilag.pdf))
                ready_for_pack(source, keep_active_content=bilag.keep_active_content, known=known)
                bookmarks[position], shapes[position] = _prepare_bilag(source)
            except (pikepdf.PdfError, RecursionError, ValueError, OSError) as exc:
                raise _BilagBroke(position, exc) from None
        steps.begin("Tegner indholdsfortegnelse og skillesider")
        given = drawn_beside() if drawn_beside is not None else None
        own = given if given is not None and given.planned_for == _planned_for(groups) else own_pages(meeting, groups)
        plan, entries, footers, own_drawn = own.plan, own.entries, own.footers, own.drawn
        drawn = stack.enter_context(pikepdf.open(io.BytesIO(own_drawn.pdf)))
        out = stack.enter_context(pikepdf.Pdf.new())
        drawn_pages = iter(drawn.pages)
        glyph_fonts = next(drawn_pages).Resources.Font
        fonts = [out.copy_foreign(glyph_fonts[name]) for name in own_drawn.font_names]
        owners: list[int | None] = []   # per pack page: the bilag (position in order) it belongs to
        geometry: list[Geometry | None] = []   # per pack page: a bilag page's box and rotation, as merged
        for _ in range(plan.index_pages):
            out.pages.append(next(drawn_pages))
            owners.append(None)
            geometry.append(None)
        for position, bilag in enumerate(order):
            steps.begin(f"Fletter {describe(bilag.selected)}")
            out.pages.append(next(drawn_pages))  # separator
            owners.append(None)
            geometry.append(None)
            if bilag.pdf is None:
                out.pages.append(next(drawn_pages))  # notice
                owners.append(None)
                geometry.append(None)
            else:
                try:
                    out.pages.extend(sources[position].pages)
                except (pikepdf.PdfError, RecursionError, ValueError, OSError) as exc:
                    raise _BilagBroke(position, exc) from None
                owners += [position] * bilag.page_count
                geometry += shapes[position]
            steps.advance()
        pages = list(out.pages)  # one pass: indexing a page list is not O(1)
        shrinkers: dict[Geometry, pikepdf.Stream] = {}
        for page, footer, owner, shape in zip(pages, footers, owners, geometry):
            try:
                _stamp(out, page.obj, own_drawn.glyphs, fonts, footer, shape, None if owner is None else shrinkers)
            except (pikepdf.PdfError, ValueError, TypeError) as exc:
                if owner is None:
                    raise      # one of the pack's own pages: kkrdesk's fault, not a bilag's
                raise _BilagBroke(owner, exc) from None
        links = _add_links(out, entries, pages)
        untagged = _add_structure(out, plan, groups, pages, own_drawn.tags, entries, links, sources)
        _add_outline(out, plan, groups, pages, geometry, bookmarks)
        _add_labels(out)
        _set_metadata(out, meeting)
        steps.begin("Gemmer bilagspakken")
        try:
            if in_place:
                _save(out, target)
            else:
                _save_atomically(out, target)
        except (pikepdf.PdfError, OSError) as exc:
            raise KkrError(f"bilagspakken kunne ikke gemmes ({exc}).", file=target,
                           hint="Kontrollér, at mappen findes, og at der er plads på disken.") from None
        steps.advance()
        result = PackResult(path=target, plan=plan, bilag=tuple(order), pages=bilag_pages(groups, plan),
                            untagged=tuple(order[position].selected.key for position in untagged))
        if saved is not None:
            saved(result)
    return result


def _pack_pages(meeting: Meeting, groups: Groups, plan: PackPlan) -> tuple[list[PackPage], list[IndexEntry], list[Footer]]:
    """The pages the pack draws itself, the index entries, and the footer of every pack page."""
    total = plan.total_pages
    left = f"{meeting.kkr} · {danish.format_date(meeting.date)}"
    line = meeting_line(meeting)
    pages: list[PackPage] = [IndexPage(n) for n in range(plan.index_pages)]
    footers = [Footer(left, f"Indholdsfortegnelse · side {n + 1} af {total}") for n in range(plan.index_pages)]
    entries: list[IndexEntry] = []
    for (item, bilag), placement in zip(groups, plan.items):
        entries.append(IndexEntry(item.item.heading, 0, placement.slot))
        label = item_label(item.item)
        for number, (resolved, spot) in enumerate(zip(bilag, placement.bilag)):
            entries.append(IndexEntry(resolved.selected.label, 1, spot.slot))
            where = f"{label} · Bilag {resolved.selected.number}"
            pages.append(SeparatorPage(line, label, item.item.title, resolved.selected.label,
                                       opens_item=number == 0))
            if resolved.pdf is None:
                assert resolved.problem is not None, "a bilag without its PDF has the problem that says why"
                pages.append(NoticePage(resolved.selected.label, resolved.problem.message, resolved.problem.hint))
            footers += [Footer(left, f"{where} · side {page} af {total}")
                        for page in range(spot.separator_page, spot.last_page + 1)]
    return pages, entries, footers


def _prepare_bilag(source: pikepdf.Pdf) -> tuple[list[Bookmark], list[Geometry]]:
    """Make the bilag's pages ready to leave their page tree; returns its own bookmarks and each page's geometry."""
    ancestors: dict[tuple[int, int], dict[str, pikepdf.Object | None]] = {}
    geometry = [_settle(source_page.obj, ancestors) for source_page in source.pages]
    try:
        return read_bookmarks(source), geometry
    except (pikepdf.PdfError, ValueError, TypeError, RecursionError):
        return [], geometry           # broken bookmarks cost only the bookmarks


_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def _settle(page: Dictionary, ancestors: dict[tuple[int, int], dict[str, pikepdf.Object | None]]) -> Geometry:
    """Copy attributes a page inherits from its page tree onto it, before it leaves that tree;
    returns its visible box and rotation, read from the same values (each read once per page)."""
    # `in` before reading: pikepdf's get of an absent key costs several times a present one
    found = {key: page[key] if key in page else None for key in _INHERITABLE}  # noqa: SIM401
    if None in found.values():
        inherited = _inherited_values(page.get("/Parent"), ancestors)
        for key, value in found.items():
            if value is None and inherited[key] is not None:
                page[key] = found[key] = inherited[key]
    if found["/Resources"] is None:
        page.Resources = Dictionary()
    return box_of(found["/MediaBox"], found["/CropBox"]), rotation_value(found["/Rotate"])


def _inherited_values(parent: pikepdf.Object | None,
                      ancestors: dict[tuple[int, int], dict[str, pikepdf.Object | None]]) -> dict[str, pikepdf.Object | None]:
    """What a page under ``parent`` inherits from its page tree (PDF 7.7.3.4), looked up once per tree node."""
    if parent is None:
        return dict.fromkeys(_INHERITABLE)
    known = ancestors.get(parent.objgen)
    if known is not None:
        return known
    values: dict[str, pikepdf.Object | None] = dict.fromkeys(_INHERITABLE)
    node: pikepdf.Object | None = parent
    depth = 0
    while node is not None and depth < 64:
        for key in _INHERITABLE:
            if values[key] is None and key in node:
                values[key] = node[key]
        node, depth = node.get("/Parent"), depth + 1
    if parent.is_indirect:
        ancestors[parent.objgen] = values
    return values


def _stamp(out: pikepdf.Pdf, page: Dictionary, glyphs: FooterGlyphs, fonts: Sequence[pikepdf.Object],
           footer: Footer, shape: Geometry | None, shrinkers: dict[Geometry, pikepdf.Stream] | None) -> None:
    """Put the footer on the page (``shape``: its geometry when known, else read here). A bilag page
    (``shrinkers`` given) is first shrunk so the footer strip is free; pages of the same size share
    one stream that opens the shrinking."""
    box, rotation = shape if shape is not None else (visible_box(page), rotation_of(page))
    font_names = [_font_name(page, font) for font in fonts]
    contents = page.get("/Contents")
    existing = list(contents) if isinstance(contents, Array) else ([contents] if contents is not None else [])
    closing = b""
    if shrinkers is not None:
        key = (box, rotation)
        if key not in shrinkers:
            shrinkers[key] = out.make_stream(_shrink_operators(box, rotation))
        _transform_annotations(page, *_shrink_matrix(box, rotation))
        existing.insert(0, shrinkers[key])
        closing = b"Q\n"
    footer_stream = out.make_stream(closing + footer_operators(glyphs, font_names, box, rotation,
                                                               footer.left, footer.right))
    page.Contents = Array([*existing, footer_stream])


def _shrink_matrix(box: tuple[float, float, float, float], rotation: int) -> tuple[float, float, float]:
    """(scale, e, f): shrink the page so a FOOTER_STRIP at the reader's bottom edge is free."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if rotation in (0, 180):
        scale = (height - FOOTER_STRIP) / height
        left = x0 + width * (1 - scale) / 2
        bottom = y0 + FOOTER_STRIP if rotation == 0 else y0
    else:  # the reader's bottom edge is the page's right (90) or left (270) edge
        scale = (width - FOOTER_STRIP) / width
        left = x0 if rotation == 90 else x0 + FOOTER_STRIP
        bottom = y0 + height * (1 - scale) / 2
    return scale, left - scale * x0, bottom - scale * y0


def _shrink_operators(box: tuple[float, float, float, float], rotation: int) -> bytes:
    """Opens the shrunk content: transform, then clip to the visible box (content outside stays hidden)."""
    x0, y0, x1, y1 = box
    scale, e, f = _shrink_matrix(box, rotation)
    return (f"q {scale:.6f} 0 0 {scale:.6f} {e:.4f} {f:.4f} cm "
            f"{x0:.4f} {y0:.4f} {x1 - x0:.4f} {y1 - y0:.4f} re W n\n").encode()


def _font_name(page: Dictionary, font: pikepdf.Object) -> str:
    """The name under which the page's resources hold the footer font, adding it if needed.

    Pages of one file often share a /Resources dictionary; the font is added to it once, which
    is harmless for the others: they all get a footer too.
    """
    resources = page.get("/Resources")
    if not isinstance(resources, Dictionary):
        resources = page.Resources = Dictionary()
    fonts = resources.get("/Font")
    if not isinstance(fonts, Dictionary):
        fonts = resources.Font = Dictionary()
    name, counter = "/KkrFooter", 1
    present = fonts[name] if name in fonts else None   # noqa: SIM401  (`in` first: see _settle)
    while present is not None and present.objgen != font.objgen:
        counter += 1
        name = f"/KkrFooter{counter}"
        present = fonts[name] if name in fonts else None   # noqa: SIM401
    if present is None:
        fonts[name] = font
    return name


def _transform_annotations(page: Dictionary, scale: float, e: float, f: float) -> None:
    """Move link and comment areas with the shrunk content, so they stay over what they mark."""
    annotations = page["/Annots"] if "/Annots" in page else None   # noqa: SIM401  (`in` first: see _settle)
    if not isinstance(annotations, Array):
        return
    for annotation in annotations:
        if not isinstance(annotation, Dictionary):
            continue
        rect = annotation.get("/Rect")
        try:
            if rect is not None and len(rect) == 4:
                annotation.Rect = Array([float(rect[i]) * scale + (e if i % 2 == 0 else f)
                                         for i in range(4)])
            quads = annotation.get("/QuadPoints")
            if quads is not None:
                annotation.QuadPoints = Array([float(q) * scale + (e if i % 2 == 0 else f)
                                               for i, q in enumerate(quads)])
        except (TypeError, ValueError):
            continue


def _destination(page: pikepdf.Page) -> Array:
    return Array([page.obj, Name.XYZ, 0, PAGE_HEIGHT, 0])


def _add_links(out: pikepdf.Pdf, entries: Sequence[IndexEntry], pages: Sequence[pikepdf.Page]) -> list[Dictionary]:
    """A link over every index entry to the page it prints; returned in entry order."""
    links = []
    for entry in entries:
        slot = entry.slot
        index_page = pages[slot.index_page]
        link = out.make_indirect(Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array(entry_rect(slot)), Border=Array([0, 0, 0]),
            Contents=pikepdf.String(f"{entry.text}, side {slot.target_page}"), P=index_page.obj,
            Dest=_destination(pages[slot.target_page - 1])))
        if "/Annots" not in index_page.obj:
            index_page.obj.Annots = Array()
        index_page.obj.Annots.append(link)
        links.append(link)
    return links


def _add_structure(out: pikepdf.Pdf, plan: PackPlan, groups: Groups, pages: Sequence[pikepdf.Page],
                   tags: Sequence[Sequence[Tag]], entries: Sequence[IndexEntry], links: Sequence[Dictionary],
                   sources: dict[int, pikepdf.Pdf]) -> list[int]:
    """Tag the pack (see pack_tags); returns the positions of the bilag merged without tags."""
    structure = PackStructure(out)
    own_tags = iter(tags)     # in the order the own pages were drawn: index, then separator (+ notice)
    levels = [entry.level for entry in entries]
    for number in range(plan.index_pages):
        structure.tag_index_page(pages[number].obj, next(own_tags), levels, links)
    untagged, position = [], 0
    for (_, bilag), placement in zip(groups, plan.items):
        item_section = structure.element("Sect", structure.document)
        for resolved, spot in zip(bilag, placement.bilag):
            section = structure.element("Sect", item_section)
            structure.tag_section_page(pages[spot.separator_page - 1].obj, next(own_tags), section)
            if resolved.pdf is None:
                structure.tag_section_page(pages[spot.first_page - 1].obj, next(own_tags), section)
            elif resolved.selected.bilag.kind is FileKind.IMAGE:     # printed from its pixels: no tags to keep
                structure.tag_picture_pages([p.obj for p in pages[spot.first_page - 1:spot.last_page]], section,
                                            f"Billede: {resolved.selected.bilag.title}")
            elif not structure.merge_bilag(sources[position],
                                           [p.obj for p in pages[spot.first_page - 1:spot.last_page]], section):
                untagged.append(position)
            position += 1
    structure.finish()
    return untagged


def _add_outline(out: pikepdf.Pdf, plan: PackPlan, groups: Groups, pages: Sequence[pikepdf.Page],
                 geometry: Sequence[Geometry | None], bookmarks: dict[int, list[Bookmark]]) -> None:
    """An entry per item, its bilag as children, and under each bilag its own bookmarks."""
    position = 0
    with out.open_outline() as outline:
        outline.root.clear()
        for (item, bilag), placement in zip(groups, plan.items):
            entry = pikepdf.OutlineItem(item.item.heading, _destination(pages[placement.page - 1]))
            for resolved, spot in zip(bilag, placement.bilag):
                child = pikepdf.OutlineItem(resolved.selected.label, _destination(pages[spot.separator_page - 1]))
                child.children.extend(_bilag_entries(bookmarks.get(position, []), pages, geometry, spot.first_page - 1))
                entry.children.append(child)
                position += 1
            outline.root.append(entry)
    out.Root.PageMode = Name.UseOutlines


def _bilag_entries(bookmarks: Sequence[Bookmark], pages: Sequence[pikepdf.Page], geometry: Sequence[Geometry | None],
                   first: int) -> list[pikepdf.OutlineItem]:
    """The bilag's bookmarks on the pack's pages; a position on the page follows the shrunk content.
    A bookmark whose target is unknown points at the bilag's first page."""
    entries = []
    for bookmark in bookmarks:
        number = first + (bookmark.page or 0)
        page, shape = pages[number], geometry[number]
        if bookmark.top is None:
            destination = Array([page.obj, Name.Fit])
        else:
            scale, _, f = _shrink_matrix(*(shape or (visible_box(page.obj), rotation_of(page.obj))))
            destination = Array([page.obj, Name.XYZ, None, bookmark.top * scale + f, None])
        entry = pikepdf.OutlineItem(bookmark.title or "(uden titel)", destination)
        entry.children.extend(_bilag_entries(bookmark.children, pages, geometry, first))
        entries.append(entry)
    return entries


def _add_labels(out: pikepdf.Pdf) -> None:
    """Page labels equal to the pack's printed page numbers, whatever labels the bilag brought."""
    out.Root.PageLabels = Dictionary(Nums=Array([0, Dictionary(S=Name.D, St=1)]))


def _set_metadata(out: pikepdf.Pdf, meeting: Meeting) -> None:
    title = f"Bilag – {meeting.display_title}, {danish.format_date(meeting.date)}"
    with out.open_metadata(set_pikepdf_as_editor=False) as metadata:
        metadata["dc:title"] = title
        metadata["dc:creator"] = [meeting.kkr]
        metadata["dc:language"] = ["da-DK"]
        metadata["xmp:CreatorTool"] = "kkrdesk"
    out.docinfo[Name.Title] = title
    out.docinfo[Name.Author] = meeting.kkr
    out.docinfo[Name.Subject] = f"Bilagspakke, {meeting.kkr}"
    out.docinfo[Name.Creator] = "kkrdesk"
    out.docinfo[Name.CreationDate] = _pdf_date(dt.datetime.now().astimezone())
    out.Root.Lang = pikepdf.String("da-DK")
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)


def _pdf_date(moment: dt.datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def _save_atomically(out: pikepdf.Pdf, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic.replacing(target) as temporary:
        _save(out, temporary)


def _save(out: pikepdf.Pdf, path: Path) -> None:
    save_into(out, path, object_stream_mode=pikepdf.ObjectStreamMode.generate, progress=_let_others_run)


def _let_others_run(percent: int) -> None:
    """Called by pikepdf at every percent written. pikepdf holds the GIL while it writes, so
    without a call back into Python the window's thread stood still for the whole save (1.7 s
    for a 3,000-page pack under load); each call lets it run."""
