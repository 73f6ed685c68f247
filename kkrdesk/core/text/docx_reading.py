"""Reading a DOCX bilag without LibreOffice: page texts split at explicit page breaks, and HTML with tables kept.

Call these on an admitted file, inside the boundary's ``reading`` block (python-docx and lxml
raise many types on broken files).
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core.files.limits import DOCX_MAX_BLOCKS

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table, _Cell, _Row
    from docx.text.paragraph import Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _open(path: Path) -> Document:
    import docx

    return docx.Document(str(path))


def _blocks(document: Document) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables of the body in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for count, child in enumerate(document.element.body.iterchildren()):
        if count > DOCX_MAX_BLOCKS:
            return
        if child.tag == f"{W}p":
            yield Paragraph(child, document)
        elif child.tag == f"{W}tbl":
            yield Table(child, document)


def _breaks_before(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is None:
        return False
    flag = properties.find(f"{W}pageBreakBefore")
    return flag is not None and flag.get(f"{W}val", "true") not in ("false", "0")


def _paragraph_pieces(paragraph: Paragraph) -> list[str | None]:
    """The paragraph's text with None where an explicit page break stands."""
    pieces: list[str | None] = []
    current = []
    for element in paragraph._p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if element.tag == f"{W}t":
            current.append(element.text or "")
        elif element.tag == f"{W}tab":
            current.append("\t")
        elif element.get(f"{W}type") == "page":
            pieces.append("".join(current))
            pieces.append(None)
            current = []
        else:
            current.append("\n")
    pieces.append("".join(current))
    return pieces


def _unique_cells(row: _Row) -> list[_Cell]:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def docx_page_texts(path: Path) -> list[str]:
    """One text per page, where pages are cut only at explicit page breaks (Word's own layout is unknown)."""
    from docx.table import Table

    document = _open(path)
    pages: list[list[str]] = [[]]
    for block in _blocks(document):
        if isinstance(block, Table):
            for row in block.rows:
                pages[-1].append("\t".join(cell.text for cell in _unique_cells(row)))
            continue
        if _breaks_before(block) and any(line.strip() for line in pages[-1]):
            pages.append([])
        for piece in _paragraph_pieces(block):
            if piece is None:
                pages.append([])
            else:
                pages[-1].append(piece)
    texts = ["\n".join(lines).strip("\n") for lines in pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    return texts


def docx_html(path: Path) -> str:
    """A readable HTML rendering: headings, paragraphs with bold/italic, lists and tables."""
    from docx.table import Table

    document = _open(path)
    parts = ["<html><body>"]
    for block in _blocks(document):
        if isinstance(block, Table):
            parts.append(_table_html(block))
            continue
        if _breaks_before(block):
            parts.append('<hr class="page-break"/>')
        parts.append(_paragraph_html(block))
    parts.append("</body></html>")
    return "\n".join(part for part in parts if part)


def _paragraph_html(paragraph: Paragraph) -> str:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    runs = []
    for run in paragraph.runs:
        text = html.escape(run.text).replace("\n", "<br/>").replace("\t", "&emsp;")
        if run.bold:
            text = f"<b>{text}</b>"
        if run.italic:
            text = f"<i>{text}</i>"
        if run.underline:
            text = f"<u>{text}</u>"
        runs.append(text)
    content = "".join(runs)
    if any(br.get(f"{W}type") == "page" for br in paragraph._p.iter(f"{W}br")):
        content += '<hr class="page-break"/>'
    if not content.strip():
        return ""
    lowered = style.lower()
    for prefix in ("heading", "overskrift"):
        if lowered.startswith(prefix) and lowered[len(prefix):].strip().isdigit():
            level = min(6, max(1, int(lowered[len(prefix):].strip())))
            return f"<h{level}>{content}</h{level}>"
    if lowered == "title" or lowered == "titel":
        return f"<h1>{content}</h1>"
    if "list" in lowered or "liste" in lowered or (paragraph._p.pPr is not None \
            and paragraph._p.pPr.numPr is not None):
        return f"<p>•&nbsp;{content}</p>"
    return f"<p>{content}</p>"


def _table_html(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells = []
        for cell in _unique_cells(row):
            span = cell._tc.grid_span
            attribute = f' colspan="{span}"' if span > 1 else ""
            text = "<br/>".join(html.escape(p.text) for p in cell.paragraphs)
            cells.append(f"<td{attribute}>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table border="1" cellspacing="0" cellpadding="4">' + "".join(rows) + "</table>"
