"""Writing the agenda (dagsorden) as a Danish A4 Word document from kkrdesk's template.

Front page, a TOC field, then one section per item: heading, Resumé, Indstilling,
Sagsfremstilling, blocks from registered providers (survey charts, contract findings), and
the item's bilag with their page in the bilag pack. As an "agenda pack" each item's bilag
follow it: Word bilag merged in, PDF bilag as page images.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, Problem, Severity
from kkrdesk.core.export.blocks import Block, ExtraContext, ItemExtraProvider, Paragraph, Picture, Subheading, Table
from kkrdesk.core.export.docx_merge import DocxAppender
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.export.selection import SelectedBilag, SelectedItem, Selection
from kkrdesk.core.export.sources import ResolvedBilag, describe
from kkrdesk.core.export.word_fields import MODERN_WORD, add_bookmark, add_field, add_toc, set_compatibility_mode
from kkrdesk.core.export.word_numbering import restarted_numbering, set_numbering
from kkrdesk.core.export.word_shapes import fit_height, fix_table_width, repeat_as_header, set_alt_text, table_width_cm
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.model import Meeting
from kkrdesk.core.office.neutralise import neutralised_copy
from kkrdesk.core.text import markup

TEXT_WIDTH_CM = 16.5
PAGE_IMAGE_MAX_HEIGHT_CM = 22.0
PAGE_IMAGE_DPI = 150
PAGE_ALT_TEXT_CHARS = 10_000
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
    writer = _AgendaWriter(document, folder, meeting, agenda_pack, resolved or {})
    writer.front_page()
    writer.contents()
    for position, item in enumerate(selection.items):
        steps.begin(f"Skriver punkt {item.item.number}")
        writer.item(item, pack, extras, first=position == 0)
        steps.advance()
    writer.header_and_footer()
    _set_properties(document, meeting)
    document.save(str(target))
    return writer.problems


class _AgendaWriter:
    def __init__(self, document, folder: Path, meeting: Meeting, agenda_pack: bool,
                 resolved: Mapping[str, ResolvedBilag]):
        self.document = document
        self.folder = folder
        self.meeting = meeting
        self.agenda_pack = agenda_pack
        self.resolved = resolved
        self.problems: list[Problem] = []
        self._composer: DocxAppender | None = None
        self._bookmarks = 0

    # ---------------------------------------------------------------- front matter
    def front_page(self) -> None:
        meeting, add = self.meeting, self.document.add_paragraph
        spacer = add("", style="Normal")
        spacer.paragraph_format.space_before = Pt(150)
        add(meeting.kkr, style="Subtitle")
        add("Dagsorden", style="Title")
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
        heading = self.document.add_heading(item.heading, level=1)
        if first or self.agenda_pack:
            heading.paragraph_format.page_break_before = True
        if item.case_id:
            self.document.add_paragraph(f"Sagsnr. {item.case_id}", style="Note")
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

    def _text(self, text: str) -> None:
        """Case text as written in kkrdesk (core/text/markup): paragraphs, Word bullets and
        numbering (restarting where the text starts a list), bold and italic runs."""
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
                    run = paragraph.add_run(piece.text)
                    run.bold = piece.bold or None
                    run.italic = piece.italic or None
                if number < len(block.lines) - 1:
                    paragraph.add_run().add_break()

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
            detail = exc.message if isinstance(exc, KkrError) else f"{type(exc).__name__}: {exc}"
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
                shape.height, shape.width = int(shape.height * limit / shape.width), limit
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
        heading = self.document.add_heading(bilag.label, level=2)
        heading.paragraph_format.page_break_before = True
        self._bookmarks += 1
        add_bookmark(heading, bookmark_name(bilag), self._bookmarks)
        try:
            if bilag.bilag.kind in (FileKind.DOCX, FileKind.IMAGE):
                admit(inside(self.folder, bilag.bilag.file), Use.EXPORT)
            if bilag.bilag.kind is FileKind.DOCX:
                self._merge_docx(bilag)
            elif bilag.bilag.kind is FileKind.IMAGE:
                self._picture_file(inside(self.folder, bilag.bilag.file), bilag.label)
            else:
                self._pdf_pages(bilag)
        except Exception as exc:  # a broken bilag costs only itself
            detail = exc.message if isinstance(exc, KkrError) else f"{type(exc).__name__}: {exc}"
            self.problems.append(Problem(code="agenda-pack-bilag", severity=Severity.ERROR,
                                         message=f"{describe(bilag)} kunne ikke sættes ind i dagsordenen "
                                                 f"({detail}).", hint="Se filen efter, og prøv igen.",
                                         file=bilag.bilag.file))
            self.document.add_paragraph("Bilaget kunne ikke sættes ind her; se bilagspakken.", style="Note")

    def _merge_docx(self, bilag: SelectedBilag) -> None:
        if self._composer is None:
            self._composer = DocxAppender(self.document)
        clean = io.BytesIO()   # no picture, template or field of the bilag reaches outside the agenda
        neutralised_copy(inside(self.folder, bilag.bilag.file), clean)
        clean.seek(0)
        appended = docx.Document(clean)
        _keep_headings_out_of_toc(appended)
        self._composer.append(appended)

    def _picture_file(self, path: Path, label: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        shape = paragraph.add_run().add_picture(str(path), width=Cm(TEXT_WIDTH_CM))
        set_alt_text(shape, label)

    def _pdf_pages(self, bilag: SelectedBilag) -> None:
        import pypdfium2

        resolved = self.resolved.get(bilag.key)
        if resolved is None or resolved.pdf is None:
            reason = resolved.problem.message if resolved and resolved.problem else "ingen PDF"
            raise KkrError(reason)
        document = pypdfium2.PdfDocument(str(resolved.pdf))
        try:
            for index in range(len(document)):
                page = document[index]
                width, height = page.get_size()
                image = page.render(scale=PAGE_IMAGE_DPI / 72).to_pil().convert("RGB")
                text_page = page.get_textpage()
                text = " ".join(text_page.get_text_range().split())
                text_page.close()
                page.close()
                data = io.BytesIO()
                image.save(data, format="JPEG", quality=82, optimize=True)
                width_cm = min(TEXT_WIDTH_CM, PAGE_IMAGE_MAX_HEIGHT_CM * width / height)
                paragraph = self.document.add_paragraph()
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.space_after = Pt(0)
                shape = paragraph.add_run().add_picture(data, width=Cm(width_cm))
                # the page's text, so a screen reader (and Word's search of alt text) reaches it
                set_alt_text(shape, f"{bilag.label}, side {index + 1}: {text[:PAGE_ALT_TEXT_CHARS]}"
                             if text else f"{bilag.label}, side {index + 1} (uden tekst)")
        finally:
            document.close()

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


def bookmark_name(bilag: SelectedBilag) -> str:
    """The Word bookmark on a bilag's heading in the agenda pack (letters, digits and _ only)."""
    return f"kkr_bilag_{bilag.item.number.replace('.', '_')}_{bilag.number}"


def _keep_headings_out_of_toc(appended) -> None:
    """Give a merged bilag's headings the look-alike "Bilagsoverskrift N" styles (no outline level),
    so the agenda's table of contents lists the agenda's items and bilag, not the bilag's chapters."""
    from docx.enum.style import WD_STYLE_TYPE

    replacement: dict[str, str] = {}
    for style in appended.styles:
        name = (style.name or "").lower()
        if style.type == WD_STYLE_TYPE.PARAGRAPH and name.startswith("heading ") and name[8:].isdigit():
            level = min(3, int(name[8:]))
            target = f"Bilagsoverskrift {level}"
            try:
                new = appended.styles[target]
            except KeyError:
                new = appended.styles.add_style(target, WD_STYLE_TYPE.PARAGRAPH)
                new.font.bold = True
                new.font.size = Pt((14, 12.5, 11.5)[level - 1])
            replacement[style.style_id] = new.style_id
    body = appended.element.body
    for style_ref in body.iter(qn("w:pStyle")):
        if style_ref.get(qn("w:val")) in replacement:
            style_ref.set(qn("w:val"), replacement[style_ref.get(qn("w:val"))])
    for outline in list(body.iter(qn("w:outlineLvl"))):
        outline.getparent().remove(outline)


def _set_properties(document, meeting: Meeting) -> None:
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
