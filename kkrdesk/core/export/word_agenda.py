"""Writing the agenda (dagsorden) as a Danish A4 Word document from kkrdesk's template.

Front page, a TOC field, then one section per item: heading, Resumé, Indstilling,
Sagsfremstilling, blocks from registered providers (survey charts, contract findings), and
the item's bilag with their page in the bilag pack. As an "agenda pack" each item's bilag
follow it: Word bilag merged in, PDF bilag as page images.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, cast

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph as DocxParagraph  # Paragraph is the agenda's own block

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, Problem, Severity
from kkrdesk.core.export.blocks import Block, ExtraContext, ItemExtraProvider, Paragraph, Picture, Subheading, Table
from kkrdesk.core.export.docx_merge import DocxAppender
from kkrdesk.core.export.page_images import alt_text, page_images, page_share_of_budget
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.export.selection import SelectedBilag, SelectedItem, Selection
from kkrdesk.core.export.sources import ResolvedBilag, describe
from kkrdesk.core.export.word_fields import (
    MODERN_WORD,
    add_bookmark,
    add_field,
    add_internal_link,
    add_toc,
    set_compatibility_mode,
)
from kkrdesk.core.export.word_numbering import restarted_numbering, set_numbering
from kkrdesk.core.export.word_sections import (
    agenda_properties,
    bilag_properties,
    body_properties,
    copy_headers_and_footers,
    end_section,
    move_last_break_into_body,
    text_block_cm,
)
from kkrdesk.core.export.word_shapes import fit_height, fix_table_width, repeat_as_header, set_alt_text, table_width_cm
from kkrdesk.core.files.bad_file import means_bad_file
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.logbook import log_file
from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.meeting.references import REFERENCE, numbers_in
from kkrdesk.core.office.neutralise import neutralised_copy
from kkrdesk.core.office.package_entries import docx_bytes
from kkrdesk.core.text import markup

log = logging.getLogger(__name__)

TEXT_WIDTH_CM = 16.5
PAGE_IMAGE_ROOM_CM = 0.5       # a page picture leaves this much of the text block's height free
PICTURE_MAX_HEIGHT_CM = 11.0     # a chart this tall still fits under a heading and some text
TOC_PLACEHOLDER = ("Indholdsfortegnelsen udfyldes, når felterne opdateres "
                   "(i Word: højreklik her og vælg Opdater felt).")
SECTIONS = (("resume", "Resumé"), ("indstilling", "Indstilling"), ("sagsfremstilling", "Sagsfremstilling"))


@dataclass(frozen=True)
class BilagInPack:
    """What the agenda says about one bilag: its pack page, or why it is not in the pack."""

    page: int | None = None
    missing: str = ""


def template_path() -> Traversable:
    return resources.files("kkrdesk.core.export").joinpath("templates", "dagsorden.docx")


def agenda_title(meeting: Meeting) -> str:
    return f"Dagsorden – {meeting.display_title}, {danish.format_date(meeting.date)}"


def write_agenda(target: Path, folder: Path, meeting: Meeting, selection: Selection, *,
                 pack: Mapping[str, BilagInPack], extras: Sequence[ItemExtraProvider] = (),
                 agenda_pack: bool = False, resolved: Mapping[str, ResolvedBilag] | None = None,
                 steps: Steps | None = None) -> list[Problem]:
    """Write the agenda to ``target`` (a plain save; the caller makes it atomic). Returns the
    problems met on the way (a failing extra, a bilag that could not be put in the agenda pack)."""
    steps = steps or Steps(None, 1)
    with resources.as_file(template_path()) as template:
        document = docx.Document(str(template))
    set_compatibility_mode(document, MODERN_WORD)
    writer = _AgendaWriter(document, folder, meeting, agenda_pack, resolved or {}, selection)
    writer.front_page()
    writer.header_and_footer()      # before any section break: the agenda's sections copy them
    writer.contents()
    for position, item in enumerate(selection.items):
        steps.begin(f"Skriver punkt {item.item.number}")
        writer.item(item, pack, extras, first=position == 0)
        steps.advance()
    writer.finish()
    _set_properties(document, meeting)
    target.write_bytes(docx_bytes(document))
    return writer.problems


class _AgendaWriter:
    document_title = "Dagsorden"      # on the front page; the referat's writer says "Referat"

    def __init__(self, document: Document, folder: Path, meeting: Meeting, agenda_pack: bool,
                 resolved: Mapping[str, ResolvedBilag], selection: Selection) -> None:
        self.document = document
        self.folder = folder
        self.meeting = meeting
        self.agenda_pack = agenda_pack
        self.resolved = resolved
        self.problems: list[Problem] = []
        self._composer: DocxAppender | None = None
        self._item: SelectedItem | None = None
        self._landscape = False           # the section being written is landscape
        self._fresh_section = False       # nothing written yet in the section being written
        # (item number, bilag number) -> the bookmark on that bilag's heading in this document
        self._headings = {(b.item.number, b.number): bookmark_name(b)
                          for b in selection.printed_bilag} if agenda_pack else {}

    # ---------------------------------------------------------------- front matter
    def front_page(self) -> None:
        meeting, add = self.meeting, self.document.add_paragraph
        spacer = add("", style="Normal")
        spacer.paragraph_format.space_before = Pt(150)
        add(meeting.kkr, style="Subtitle")
        add(self.document_title, style="Title")
        add(meeting.display_title, style="Forsidetekst")
        when = danish.format_date(meeting.date, weekday=True)
        if meeting.start:
            when += " " + danish.format_time(meeting.start)
        self._labelled("Tid", when)
        if meeting.place:
            self._labelled("Sted", meeting.place)
        if meeting.case_id:
            self._labelled("Sagsnr.", meeting.case_id)

    def _labelled(self, label: str, value: str) -> None:
        paragraph = self.document.add_paragraph(style="Forsidetekst")
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    def contents(self) -> None:
        self._page_break()
        self.document.add_paragraph("Indhold", style="TOC Heading")
        add_toc(self.document.add_paragraph(), 2 if self.agenda_pack else 1, TOC_PLACEHOLDER)

    def _page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # ---------------------------------------------------------------- items
    def item(self, selected: SelectedItem, pack: Mapping[str, BilagInPack],
             extras: Sequence[ItemExtraProvider], *, first: bool) -> None:
        item = selected.item
        self._item = selected
        if self.agenda_pack:
            self._switch_section(landscape=False)
        self._item_heading(item, new_page=first or (self.agenda_pack and not self._fresh_section))
        self._fresh_section = False
        for field, title in SECTIONS:
            text = (getattr(item, field) or "").strip()
            if text:
                self.document.add_paragraph(title, style="Underoverskrift")
                self._text(text)
        context = ExtraContext(self.folder, self.meeting, item, selected.all_bilag)
        for provider in extras:
            self._extra(provider, context)
        self._bilag_list(selected, pack)
        if self.agenda_pack:
            for bilag in selected.printed:
                self._append_bilag(bilag)

    def _item_heading(self, item: AgendaItem, *, new_page: bool) -> None:
        """The item's heading (number, type and title) and its case number, kept on the page of
        the paragraph that follows them (the heading style keeps with next; the case number is
        told to)."""
        heading = self.document.add_heading(item.heading, level=1)
        if new_page:
            heading.paragraph_format.page_break_before = True
        if item.case_id:
            case_number = self.document.add_paragraph(f"Sagsnr. {item.case_id}", style="Note")
            case_number.paragraph_format.keep_with_next = True

    def _text(self, text: str) -> None:
        """Case text as written in kkrdesk (core/text/markup): paragraphs, Word bullets and
        numbering (restarting where the text starts a list), bold and italic runs; in the agenda
        pack each "bilag N" naming a bilag of this document is a link with its page."""
        numbering = None
        for block in markup.parse(text):
            style = {"bullet": "List Bullet", "number": "List Number"}.get(block.kind)
            paragraph = self.document.add_paragraph(style=style)
            if block.kind == "number":
                if block.starts_list:
                    numbering = restarted_numbering(self.document, "List Number", block.number or 1)
                set_numbering(paragraph, numbering)
            for number, line in enumerate(block.lines):
                for piece in line:
                    self._with_references(paragraph, piece.text, bold=piece.bold, italic=piece.italic)
                if number < len(block.lines) - 1:
                    paragraph.add_run().add_break()

    def _with_references(self, paragraph: DocxParagraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
        """``text`` into ``paragraph``; in the agenda pack each "bilag N" that names a bilag in this
        document becomes a link to its heading followed by its page: "jf. bilag 1 (side 12)"."""

        def add_run(piece: str) -> None:
            run = paragraph.add_run(piece)
            run.bold = bold or None
            run.italic = italic or None

        own = self._item.item.number if self._item else ""
        last = 0
        for match in REFERENCE.finditer(text) if self._headings else ():
            item = match["item"] or own
            targets = [self._headings[(item, n)] for n in numbers_in(match["numbers"])
                       if (item, n) in self._headings]
            if not targets:
                continue
            add_run(text[last:match.start()])
            add_internal_link(paragraph, match[0], targets[0])
            add_run(" (side ")
            for position, target in enumerate(targets):
                if position:
                    add_run(" og " if position == len(targets) - 1 else ", ")
                add_field(paragraph, f"PAGEREF {target} \\h", "?")
            add_run(")")
            last = match.end()
        if text[last:]:
            add_run(text[last:])

    def _bilag_list(self, selected: SelectedItem, pack: Mapping[str, BilagInPack]) -> None:
        bilag = selected.all_bilag
        if not bilag:
            return
        self.document.add_paragraph("Bilag", style="Underoverskrift")
        for one in bilag:
            paragraph = self.document.add_paragraph(style="Bilagsliste")
            paragraph.add_run(one.label)
            if self.agenda_pack and one.bilag.printed:
                # the bilag follows in this document: its page, as a field that points at its heading
                paragraph.add_run(" – side ").italic = True
                add_field(paragraph, f"PAGEREF {bookmark_name(one)} \\h", "?")
            else:
                paragraph.add_run(" – " + self._where(one, pack.get(one.key))).italic = True

    @staticmethod
    def _where(one: SelectedBilag, place: BilagInPack | None) -> str:
        if not one.bilag.printed:
            return "vedlagt som fil; trykkes ikke i bilagspakken"
        if place is None or place.page is None:
            return f"mangler i bilagspakken ({place.missing})" if place and place.missing else \
                "ikke i bilagspakken"
        return f"bilagspakken side {place.page}"

    def _extra(self, provider: ItemExtraProvider, context: ExtraContext) -> None:
        name = getattr(provider, "__qualname__", repr(provider))
        try:
            blocks = list(provider(context))
            for block in blocks:
                self._block(block)
        except Exception as exc:  # one failing feature must not cost the agenda
            detail = exc.message if isinstance(exc, KkrError) else \
                our_failure(exc, f"the extra {name} for item {context.item.number}")
            self.problems.append(Problem(code="extra-failed", severity=Severity.WARNING,
                                         message=f"punkt {context.item.number}: tilføjelsen {name} "
                                                 f"fejlede ({detail}).",
                                         hint="Resten af dagsordenen er skrevet; tjek punktet."))
            self.document.add_paragraph(f"(Indhold fra {name} kunne ikke indsættes.)", style="Note")

    def _block(self, block: Block) -> None:
        add = self.document.add_paragraph
        if isinstance(block, Subheading):
            add(block.text, style="Underoverskrift")
        elif isinstance(block, Paragraph):
            paragraph = add()
            paragraph.add_run(block.text).italic = block.italic
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Picture):
            paragraph = add()
            # no width: the picture's own size on paper, from the resolution recorded in it
            width = None if block.width_cm is None else Cm(min(block.width_cm, TEXT_WIDTH_CM))
            shape = paragraph.add_run().add_picture(io.BytesIO(block.image), width=width)
            if shape.width > (limit := Cm(TEXT_WIDTH_CM)):
                shape.height, shape.width = Emu(int(shape.height * limit / shape.width)), limit
            fit_height(shape, PICTURE_MAX_HEIGHT_CM)
            set_alt_text(shape, block.alt_text or block.caption)
            if block.caption:
                paragraph.paragraph_format.keep_with_next = True     # a chart stays with its caption
                add(block.caption, style="Caption")
        else:
            raise TypeError(f"unknown block {type(block).__name__}")

    def _table(self, block: Table) -> None:
        columns = max([len(block.header)] + [len(row) for row in block.rows])
        table = self.document.add_table(rows=1, cols=columns)
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        for cell, text in zip(table.rows[0].cells, block.header):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        repeat_as_header(table.rows[0])
        for row in block.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
        widths = column_widths_cm(block, columns, table_width_cm(TEXT_WIDTH_CM))
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)          # the grid, which LibreOffice lays out by
            for cell in column.cells:
                cell.width = Cm(width)        # the cells, which Word lays out by
        fix_table_width(table, table_width_cm(TEXT_WIDTH_CM))
        if block.caption:
            self.document.add_paragraph(block.caption, style="Caption")
        else:
            self.document.add_paragraph()

    # ---------------------------------------------------------------- agenda pack
    def _append_bilag(self, bilag: SelectedBilag) -> None:
        word = bilag.bilag.kind is FileKind.DOCX
        if word:      # a Word bilag gets sections of its own, from its heading on
            self._switch_section(landscape=False, force=True)
        heading = self.document.add_heading(bilag.label, level=2)
        heading.paragraph_format.page_break_before = not self._fresh_section
        self._fresh_section = False
        add_bookmark(heading, bookmark_name(bilag), self._next_bookmark_id())
        try:
            if bilag.bilag.kind in (FileKind.DOCX, FileKind.IMAGE):
                admit(inside(self.folder, bilag.bilag.file), Use.EXPORT)
            if word:
                self._merge_docx(bilag, heading)
            elif bilag.bilag.kind is FileKind.IMAGE and not self._several_pages(bilag):
                self._picture_file(inside(self.folder, bilag.bilag.file), bilag.label)
            else:
                self._pdf_pages(bilag)      # a multi-page TIFF scan: its printed pages, one picture each
        except Exception as exc:  # a broken bilag costs only itself, also when kkrdesk fails on it
            hint = "Se filen efter, og prøv igen."
            if isinstance(exc, KkrError):
                detail = exc.message
            elif means_bad_file(exc):
                detail = f"{type(exc).__name__}: {exc}"
            else:
                detail = our_failure(exc, f"bilag {bilag.number} of item {bilag.item.number}")
                hint = "Send fejlrapporten til udviklerne."
            self.problems.append(Problem(code="agenda-pack-bilag", severity=Severity.ERROR,
                                         message=f"{describe(bilag)} kunne ikke sættes ind i dagsordenen "
                                                 f"({detail}).", hint=hint, file=bilag.bilag.file))
            self.document.add_paragraph("Bilaget kunne ikke sættes ind her; se bilagspakken.", style="Note")

    def _next_bookmark_id(self) -> int:
        """Unique among the document's bookmarks (docxcompose renumbers them on every append)."""
        ids = [int(b.get(qn("w:id"))) for b in self.document.element.body.iter(qn("w:bookmarkStart"))]
        return max(ids, default=0) + 1

    def _switch_section(self, *, landscape: bool, force: bool = False) -> None:
        """End the agenda's section being written if the next content needs the other orientation
        (or a section of its own); what follows starts on a new page."""
        if self._landscape == landscape and not force:
            return
        if self._fresh_section and self._landscape == landscape:
            return
        end_section(self.document, agenda_properties(self.document, landscape=self._landscape))
        self._landscape = landscape
        self._fresh_section = True

    def _merge_docx(self, bilag: SelectedBilag, heading: DocxParagraph) -> None:
        """The Word bilag after its heading, with its own styles (clashing ones renamed), headers,
        footers and page setup: each of its sections becomes a section here."""
        if self._composer is None:
            self._composer = DocxAppender(self.document)
        clean = io.BytesIO()   # no picture, template or field of the bilag reaches outside the agenda
        neutralised_copy(inside(self.folder, bilag.bilag.file), clean)
        clean.seek(0)
        appended = docx.Document(clean)
        _keep_headings_out_of_toc(appended)
        self._composer.append(appended)
        own = appended.element.body.xpath("./w:p/w:pPr/w:sectPr")      # all but its last section's
        merged = [found for paragraph in heading._p.itersiblings(qn("w:p"))
                  for found in cast("list[Any]", paragraph.xpath("./w:pPr/w:sectPr"))]   # xpath: untyped results
        for source, target in zip(own, merged):
            fitted = bilag_properties(source)
            copy_headers_and_footers(self.document, appended, source, fitted)
            target.getparent().replace(target, fitted)
        last = appended.element.body.get_or_add_sectPr()
        fitted = bilag_properties(last)
        copy_headers_and_footers(self.document, appended, last, fitted)
        end_section(self.document, fitted)
        for start_type in body_properties(self.document).findall(qn("w:type")):
            body_properties(self.document).remove(start_type)   # docxcompose hands on the bilag's
        self._landscape = False
        self._fresh_section = True

    def _several_pages(self, bilag: SelectedBilag) -> bool:
        """Whether the bilag is printed on more than one page (a multi-page TIFF scan)."""
        resolved = self.resolved.get(bilag.key)
        return resolved is not None and resolved.pdf is not None and resolved.page_count > 1

    def _picture_file(self, path: Path, label: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(str(path), width=Cm(TEXT_WIDTH_CM))
        set_alt_text(shape, label)

    def _pdf_pages(self, bilag: SelectedBilag) -> None:
        """Every page of a PDF bilag as a picture across the text block, in a landscape section
        where the page is landscape; its alt text is the page's text."""
        resolved = self.resolved.get(bilag.key)
        if resolved is None or resolved.pdf is None:
            reason = resolved.problem.message if resolved and resolved.problem else "ingen PDF"
            raise KkrError(reason)
        allowance = page_share_of_budget(inside(self.folder, bilag.bilag.file).stat().st_size,
                                         resolved.page_count)
        for number, page in enumerate(page_images(resolved.pdf, self._page_box, allowance), start=1):
            self._switch_section(landscape=page.landscape)
            paragraph = self.document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before = Pt(0)
            paragraph.paragraph_format.space_after = Pt(0)
            shape = paragraph.add_run().add_picture(io.BytesIO(page.data), width=Cm(page.width_cm),
                                                    height=Cm(page.height_cm))
            set_alt_text(shape, alt_text(bilag.label, number, resolved.page_count, page.text))
            self._fresh_section = False

    def _page_box(self, landscape: bool) -> tuple[float, float]:
        width, height = text_block_cm(agenda_properties(self.document, landscape=landscape))
        return width, height - PAGE_IMAGE_ROOM_CM

    def finish(self) -> None:
        """The agenda pack ends in the agenda's own portrait section, without an empty last page."""
        if self.agenda_pack:
            if self._landscape:
                end_section(self.document, agenda_properties(self.document, landscape=True))
            move_last_break_into_body(self.document)

    # ---------------------------------------------------------------- page furniture
    def header_and_footer(self) -> None:
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        meeting = self.meeting
        header = section.header.paragraphs[0]
        header.style = self.document.styles["Header"]
        header.text = f"{meeting.kkr}\tDagsorden, {danish.format_date(meeting.date)}"
        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Footer"]
        footer.add_run(meeting.display_title + "\tSide ")
        add_field(footer, "PAGE", "1")
        footer.add_run(" af ")
        add_field(footer, "NUMPAGES", "1")


def our_failure(exc: BaseException, place: str) -> str:
    """Log kkrdesk's own failure at ``place`` with its traceback; what a problem says of it in Danish."""
    log.error("kkrdesk failed on %s while writing the agenda", place, exc_info=exc)
    return f"en uventet fejl i kkrdesk; fejlrapporten står i logfilen {log_file()}"


def bookmark_name(bilag: SelectedBilag) -> str:
    """The Word bookmark on a bilag's heading in the agenda pack (letters, digits and _ only)."""
    return f"kkr_bilag_{bilag.item.number.replace('.', '_')}_{bilag.number}"


def _keep_headings_out_of_toc(appended: Document) -> None:
    """Rename a merged bilag's heading styles "Bilagets overskrift N" (its own look, no outline level),
    so the agenda's table of contents lists the agenda's items and bilag, not the bilag's chapters;
    Word and LibreOffice both treat a style named "heading N" as an outline level whatever it says."""
    from docx.enum.style import WD_STYLE_TYPE

    renamed: dict[str, str] = {}
    for style in appended.styles:
        name = (style.name or "").lower()
        if style.type == WD_STYLE_TYPE.PARAGRAPH and name.startswith("heading ") and name[8:].isdigit():
            renamed[style.style_id] = f"BilagetsOverskrift{name[8:]}"
            style.element.styleId = renamed[style.style_id]
            style.name = f"Bilagets overskrift {name[8:]}"
    references = [*appended.element.body.iter(qn("w:pStyle"))]
    references += [r for tag in ("w:basedOn", "w:next") for r in appended.styles.element.iter(qn(tag))]
    for reference in references:
        if reference.get(qn("w:val")) in renamed:
            reference.set(qn("w:val"), renamed[reference.get(qn("w:val"))])
    outlines = [*appended.element.body.iter(qn("w:outlineLvl"))]
    outlines += [o for style_id in renamed.values()
                 for o in appended.styles.element.get_by_id(style_id).iter(qn("w:outlineLvl"))]
    for outline in outlines:
        outline.getparent().remove(outline)


def _set_properties(document: Document, meeting: Meeting) -> None:
    properties = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    properties.title = agenda_title(meeting)
    properties.subject = f"Dagsorden for {meeting.display_title}"
    properties.author = meeting.kkr
    properties.last_modified_by = "kkrdesk"
    properties.category = "Dagsorden"
    properties.keywords = f"KKR; dagsorden; {meeting.kkr}"
    properties.language = "da-DK"
    properties.identifier = meeting.case_id or ""
    properties.created = now
    properties.modified = now
    properties.revision = 1


def column_widths_cm(block: Table, columns: int, total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths across the text width by how much each column holds: short codes stay
    narrow and running text gets the room (between 1.5 cm and the whole width)."""
    def longest(index: int) -> int:
        texts = [block.header[index] if index < len(block.header) else ""]
        texts += [row[index] for row in block.rows if index < len(row)]
        return max(max((len(word) for t in texts for word in t.split()), default=1),
                   min(40, max(len(t) for t in texts)))
    weights = [max(4, longest(i)) for i in range(columns)]
    total = sum(weights)
    widths = [max(1.5, total_cm * w / total) for w in weights]
    narrow = sum(w for w in widths if w == 1.5)
    room = total_cm - narrow        # the 1.5 cm floor is taken from the wide columns
    wide = sum(w for w in widths if w > 1.5)
    return [w if w == 1.5 else w * room / wide for w in widths]
