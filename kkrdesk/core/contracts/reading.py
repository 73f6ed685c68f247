"""Reading a contract: a DOCX or text PDF admitted by the import boundary, as DocumentText."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from kkrdesk.core.contracts.document_text import DocumentText, TextBlock
from kkrdesk.core.contracts.docx_reader import read_docx
from kkrdesk.core.contracts.pdf_reader import read_pdf
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.kinds import FileKind

_OCR_RULES_INSIDE = re.compile(r"\s[|¦]\s")
_OCR_RULES_AT_ENDS = re.compile(r"^[\s|¦\[\]!]+|[\s|¦\[\]!]+$")


def read_document(path: Path, *, ocr: bool = False) -> DocumentText:
    """The text of a DOCX or text PDF; BadFileError with a Danish message for anything else.

    ``ocr`` says the PDF's text came from OCR: table rules read as "|", "[" or "!" are removed.
    """
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
