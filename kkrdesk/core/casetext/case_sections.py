"""A case document's Resumé, Indstilling, Sagsfremstilling and Beslutning, found by heading and made into item texts."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from kkrdesk.core.casetext.word_blocks import WordBlock, read_word_blocks
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.meeting.model import AgendaItem

# The item field each heading fills, with the variants municipalities' templates use.
HEADINGS = {
    "resume": ("resumé", "resume", "kort resumé", "sammenfatning", "sammendrag"),
    "indstilling": ("indstilling", "indstilling til kkr", "indstillingen", "forslag til beslutning",
                    "forslag til indstilling", "det indstilles", "indstilles"),
    "sagsfremstilling": ("sagsfremstilling", "baggrund", "sagens baggrund", "sagsbeskrivelse",
                         "beskrivelse af sagen", "sagsfremstilling og baggrund"),
    "beslutning": ("beslutning", "beslutning i kkr", "kkr's beslutning", "kkrs beslutning"),
}
FIELD_LABELS = {"resume": "Resumé", "indstilling": "Indstilling",
                "sagsfremstilling": "Sagsfremstilling", "beslutning": "Beslutning"}
ITEM_FIELDS = ("resume", "indstilling", "sagsfremstilling", "beslutning")
ENGLISH_HEADINGS = ("summary", "recommendation", "background", "decision", "proposal",
                    "executive summary", "case description")
MAX_HEADING_WORDS = 6
_NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[a-h][.)])\s+")


@dataclass
class ImportedPart:
    """One section of the case document: the heading found, where it goes, and its text."""

    field: str
    heading: str
    text: str = ""
    html: str = ""                 # the same with bold and italic, for the preview


@dataclass
class CaseImport:
    """What a case document gives an item: a part per recognised section, and what was left over."""

    path: Path
    parts: list[ImportedPart] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)      # text before the first known heading

    @property
    def texts(self) -> dict[str, str]:
        """The new text of each item field the document fills."""
        return {part.field: part.text for part in self.parts if part.field in ITEM_FIELDS}

    def conflicts(self, item: AgendaItem) -> list[str]:
        """Fields that already hold other text on ``item``."""
        return [name for name, text in self.texts.items()
                if getattr(item, name).strip() and getattr(item, name).strip() != text.strip()]


def heading_field(text: str) -> str | None:
    """The item field a heading names ("Forslag til beslutning:" → indstilling), or None."""
    wanted = " ".join(_NUMBERING.sub("", text.strip()).strip(" :.–-").split()).lower()
    if not wanted or len(wanted.split()) > MAX_HEADING_WORDS:
        return None
    return next((name for name, variants in HEADINGS.items() if wanted in variants), None)


def read_case_document(path: Path) -> CaseImport:
    """The sections of a Word case document; BadFileError with a Danish message when it has none."""
    path = Path(path)
    kind = admit(path, Use.BILAG).kind
    if kind is not FileKind.DOCX:
        raise BadFileError("filen er ikke et Word-dokument (.docx).", reason="unsupported",
                           file=path, hint="Vælg sagsfremstillingen som Word-dokument (.docx).")
    with reading(path, "Word-dokumentet", "Åbn filen i Word, gem den igen, og prøv igen."):
        blocks = read_word_blocks(path)
    result = CaseImport(path=path)
    current: ImportedPart | None = None
    pieces: dict[int, list[tuple[str, str, bool]]] = {}
    for block in blocks:
        name = _section_heading(block)
        if name is not None:
            existing = next((p for p in result.parts if p.field == name), None)
            if existing is None:
                existing = ImportedPart(field=name, heading=block.text.strip(" :"))
                result.parts.append(existing)
                pieces[id(existing)] = []
            current = existing
            continue
        if current is None:
            result.unused.append(block.text or _table_text(block.rows))
            continue
        pieces[id(current)].append(_rendered(block))
    for part in result.parts:
        part.text, part.html = _joined(pieces[id(part)])
    if not any(part.text for part in result.parts):
        raise _no_sections(path, blocks)
    return result


def _section_heading(block: WordBlock) -> str | None:
    if block.kind == "table":
        return None
    name = heading_field(block.text)
    if name is None:
        return None
    short = len(block.text) <= 60
    if block.kind == "heading" or block.all_bold or block.text.rstrip().endswith(":") or short:
        return name
    return None


def _rendered(block: WordBlock) -> tuple[str, str, bool]:
    """(the text in kkrdesk's item text markup, the same as HTML with emphasis, is a list item).

    Item texts (core/text/markup) part paragraphs by blank lines, write bullets as "- " lines
    and bold and italic as **…** and *…*; numbered items keep their numbers, a table becomes
    one line per row.
    """
    if block.kind == "table":
        cells = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                        for row in block.rows)
        return _table_text(block.rows), f'<table border="1" cellpadding="3">{cells}</table>', False
    rich = "".join(_emphasis(run.text, run.bold, run.italic) for run in block.runs)
    marked = _marked(block)
    if block.kind == "list":
        return (f"{block.marker} {marked}", f"<p>{html.escape(block.marker)} {rich}</p>",
                True)
    if block.kind == "heading":
        return f"**{block.text.strip()}**", f"<p><b>{html.escape(block.text)}</b></p>", False
    return marked, f"<p>{rich}</p>", False


def _marked(block: WordBlock) -> str:
    """The block's text with its bold and italic written as **…** and *…* (spaces kept outside)."""
    if not block.runs:
        return block.text
    groups: list[tuple[str, bool, bool]] = []
    for run in block.runs:
        if groups and (groups[-1][1], groups[-1][2]) == (run.bold, run.italic):
            groups[-1] = (groups[-1][0] + run.text, run.bold, run.italic)
        else:
            groups.append((run.text, run.bold, run.italic))
    out = []
    for text, bold, italic in groups:
        core = text.strip()
        marker = "*" * ((2 if bold else 0) + (1 if italic else 0))
        if not core or not marker or "*" in core:
            out.append(text)
            continue
        start = text.index(core)
        out.append(f"{text[:start]}{marker}{core}{marker}{text[start + len(core):]}")
    return " ".join("".join(out).split())         # spaced as WordBlock.text is


def _emphasis(text: str, bold: bool, italic: bool) -> str:
    shown = html.escape(text)
    if italic:
        shown = f"<i>{shown}</i>"
    if bold:
        shown = f"<b>{shown}</b>"
    return shown


def _table_text(rows: list[list[str]]) -> str:
    """A table as text: one line per row, cells parted by " | "."""
    return "\n".join(" | ".join(cell for cell in row) for row in rows)


def _joined(pieces: list[tuple[str, str, bool]]) -> tuple[str, str]:
    """Paragraphs parted by blank lines; the items of one list kept together, one per line."""
    text_parts: list[str] = []
    previous_list = False
    for text, _, is_list in pieces:
        if is_list and previous_list:
            text_parts[-1] += "\n" + text
        else:
            text_parts.append(text)
        previous_list = is_list
    return "\n\n".join(text_parts), "".join(rich for _, rich, _ in pieces)


def _no_sections(path: Path, blocks: list[WordBlock]) -> BadFileError:
    headings = [b.text.strip(" :").lower() for b in blocks if b.kind != "table" and b.text]
    expected = "Resumé, Indstilling, Sagsfremstilling (eller Baggrund) og Beslutning"
    if any(h in ENGLISH_HEADINGS for h in headings):
        return BadFileError(
            "dokumentet ser ud til at være skrevet på engelsk; kkrdesk finder afsnittene ved de "
            f"danske overskrifter {expected}.", reason="no-sections", file=path,
            hint="Brug den danske sagsfremstilling, eller kopiér teksten ind i punktet i hånden.")
    return BadFileError(
        f"dokumentet har ingen af overskrifterne {expected}, så kkrdesk kan ikke se, hvilken "
        "tekst der hører hvor.", reason="no-sections", file=path,
        hint="Giv afsnittene overskrifterne fra KL's skabelon (fx »Resumé« og »Indstilling«), "
             "og prøv igen.")
