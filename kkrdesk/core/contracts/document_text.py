"""A contract file as located text blocks, read after the import boundary has admitted it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.limits import CONTRACT_MAX_BLOCKS, CONTRACT_MAX_TEXT_CHARS
from kkrdesk.core.meeting.model import FileKind

_SPACES = re.compile(r"[ \t\u00a0\u2007\u2009\u202f]+")
_OCR_RULES_INSIDE = re.compile(r"\s[|¦]\s")
_OCR_RULES_AT_ENDS = re.compile(r"^[\s|¦\[\]!]+|[\s|¦\[\]!]+$")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff"))


@dataclass(frozen=True)
class Location:
    """Where a piece of text stands: a paragraph, or a table cell; the page where known."""

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    page: int | None = None
    part: str | None = None        # "sidehoved" or "sidefod" for a header's or footer's text

    def describe(self) -> str:
        """The place in Danish, as a reader looks it up: ``tabel 1, række 3, kolonne 2, side 2``."""
        parts = [f"side {self.page}"] if self.page is not None else []
        if self.part:
            parts.append(self.part)
        if self.table is not None:
            parts.append(f"tabel {self.table}, række {self.row}, kolonne {self.column}")
        elif self.paragraph is not None:
            parts.append(f"afsnit {self.paragraph}")
        return ", ".join(parts) or "hele dokumentet"


@dataclass(frozen=True)
class TextBlock:
    """One paragraph or table cell of text, in document order."""

    index: int
    text: str
    location: Location
    level: int | None = None     # heading level by the Word style (0 title, 1, 2, ...); None for text

    @property
    def heading(self) -> bool:
        return self.level is not None


@dataclass(frozen=True)
class TableGrid:
    """A table's rows of cell blocks; a vertically merged cell appears in every row it spans."""

    number: int
    rows: tuple[tuple[TextBlock, ...], ...]


@dataclass
class DocumentText:
    """The text of a contract file: blocks in reading order and, for Word files, its tables."""

    path: Path
    kind: FileKind
    blocks: list[TextBlock] = field(default_factory=list)
    tables: list[TableGrid] = field(default_factory=list)
    pages: int | None = None
    ocr: bool = False                    # read from a copy given a text layer by OCR
    comments: int = 0                    # Word comments left in the file
    tracked_changes: int = 0             # insertions, deletions and moves not yet accepted
    first_change: TextBlock | None = None

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)

    def table_of(self, block: TextBlock) -> TableGrid | None:
        if block.location.table is None:
            return None
        return self.tables[block.location.table - 1]


def clean_text(text: str) -> str:
    """Text with Word's invisible characters gone and every kind of space made one plain space."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.translate(_INVISIBLE).splitlines())
    return "\n".join(line for line in lines if line)


def read_document(path: Path, *, ocr: bool = False) -> DocumentText:
    """The text of a DOCX or text PDF; BadFileError with a Danish message for anything else.

    ``ocr`` says the PDF's text came from OCR: table rules read as "|", "[" or "!" are removed.
    """
    from kkrdesk.core.contracts.docx_reader import read_docx
    from kkrdesk.core.contracts.pdf_reader import read_pdf

    path = Path(path)
    kind = admit(path, Use.CONTRACT).kind
    with reading(path, _kind_name(kind), "Åbn filen i Word, gem den igen, og prøv igen."):
        document = read_docx(path) if kind is FileKind.DOCX else read_pdf(path, ocr=ocr)
    if ocr:
        document.blocks = _without_rule_marks(document.blocks)
        document.ocr = True
    if not document.blocks:
        raise BadFileError("dokumentet indeholder ingen tekst." + (
            " PDF'en er måske scannet uden tekstlag." if kind is FileKind.PDF else ""),
            reason="empty", file=path,
            hint="Brug den Word-fil eller tekst-PDF, kontrakten blev skrevet i" + (
                ", eller lad kkrdesk læse den scannede PDF med tekstgenkendelse (check-contract "
                "--ocr)." if kind is FileKind.PDF else "."))
    return document


def _without_rule_marks(blocks: list[TextBlock]) -> list[TextBlock]:
    """OCR'd blocks without the marks Tesseract makes of table borders; blocks of marks alone go."""
    kept: list[TextBlock] = []
    for block in blocks:
        text = _OCR_RULES_AT_ENDS.sub("", _OCR_RULES_INSIDE.sub(" ", block.text)).strip()
        if text:
            kept.append(replace(block, index=len(kept), text=text))
    return kept


def _kind_name(kind: FileKind) -> str:
    return "Word-dokumentet" if kind is FileKind.DOCX else "PDF-filen"


def check_size(path: Path, blocks: int, characters: int) -> None:
    """Stop reading a document that is far too large to be a contract."""
    if blocks > CONTRACT_MAX_BLOCKS or characters > CONTRACT_MAX_TEXT_CHARS:
        raise BadFileError("dokumentet er alt for stort til at være en resultatkontrakt.",
                           reason="too-large", file=path, hint="Vælg selve kontrakten.")
