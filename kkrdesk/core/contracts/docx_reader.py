"""Word files to located text: body paragraphs and table cells in document order, pages where Word left them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import docx

from kkrdesk.core.contracts.document_text import (
    DocumentText,
    Location,
    TableGrid,
    TextBlock,
    check_size,
    clean_text,
)
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import DOCX_MAX_DEPTH
from kkrdesk.core.text.word_numbering import ListLabels
from kkrdesk.core.text.word_visibility import HiddenText, paragraph_style_of

if TYPE_CHECKING:
    from collections.abc import Iterator

    from docx.document import Document
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

_SKIPPED = {W + "del", W + "moveFrom", W + "txbxContent", MC_FALLBACK, W + "instrText", W + "delText",
            W + "footnoteReference", W + "endnoteReference", W + "commentReference"}
# Tracked changes not yet accepted or rejected (read as accepted) and comments.
_CHANGES = {W + tag for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange",
                                "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange",
                                "numberingChange", "cellIns", "cellDel")}
_COMMENT_MARK = W + "commentReference"
_TEXT_MARKS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def read_docx(path: Path) -> DocumentText:
    """The body text of an admitted Word document (call it inside the boundary's ``reading``)."""
    return _BodyWalker(path, docx.Document(str(path))).read()


def _numbering_element(document: Document) -> _Element | None:
    try:
        element: _Element = document.part.numbering_part.element
        return element
    except (KeyError, NotImplementedError):
        return None


def _header_footer_parts(document: Document, kind: str) -> list[_Element]:
    """The document's header (or footer) parts, each distinct text once."""
    parts = []
    for relationship in document.part.rels.values():
        if relationship.is_external or not relationship.reltype.endswith("/" + kind):
            continue
        element = getattr(relationship.target_part, "element", None)
        if element is not None:
            parts.append(element)
    return parts


class _BodyWalker:
    """Walks the body XML once, numbering paragraphs and tables as a reader would count them."""

    def __init__(self, path: Path, document: Document) -> None:
        self.result = DocumentText(path=path, kind=FileKind.DOCX)
        self.heading_levels = _heading_style_levels(document)
        self.hidden = HiddenText(document.styles.element)
        self.labels = ListLabels(_numbering_element(document), document.styles.element)
        self.document = document
        self.part: str | None = None
        self.seen_parts: set[str] = set()
        self.carried = ""            # visible text of paragraphs whose mark is hidden, joined to the next
        self.body = document.element.body
        self.has_rendered_pages = bool(self.body.findall(f".//{W}lastRenderedPageBreak"))
        self.page = 1
        self.paragraphs = 0
        self.characters = 0

    def read(self) -> DocumentText:
        for element in _header_footer_parts(self.document, "header"):
            self._read_part(element, "sidehoved")
        self._walk(self.body, 0)
        self._flush_carried()
        for element in _header_footer_parts(self.document, "footer"):
            self._read_part(element, "sidefod")
        self._count_changes()
        if self.has_rendered_pages:
            self.result.pages = self.page
        return self.result

    def _read_part(self, element: _Element, name: str) -> None:
        """A header or footer, its paragraphs numbered on their own (``sidehoved, afsnit 1``)."""
        text = "".join(cast("Iterator[str]", element.itertext()))   # lxml-stubs allow bytes; parsed XML gives str
        if not text.strip() or text in self.seen_parts:
            return
        self.seen_parts.add(text)
        body_paragraphs, self.paragraphs, self.part = self.paragraphs, 0, name
        self._walk(element, 0)
        self._flush_carried()
        self.paragraphs, self.part = body_paragraphs, None

    def _flush_carried(self) -> None:
        if self.carried:
            self.paragraphs += 1
            self._add(clean_text(self.carried), Location(paragraph=self.paragraphs,
                                                         page=self._current_page(),
                                                         part=self.part))
            self.carried = ""

    def _count_changes(self) -> None:
        roots = [self.body] + [e for kind in ("header", "footer")
                               for e in _header_footer_parts(self.document, kind)]
        changes = comments = 0
        for root in roots:
            for element in root.iter(*_CHANGES, _COMMENT_MARK):
                if element.tag == _COMMENT_MARK:
                    comments += 1
                elif element.getparent() is None or element.getparent().tag != W + "rPr" \
                        or element.getparent().getparent().tag != W + "pPr":
                    changes += 1          # a paragraph mark's own change goes with its paragraph
        self.result.comments, self.result.tracked_changes = comments, changes

    def _walk(self, element: _Element, depth: int) -> None:
        if depth > DOCX_MAX_DEPTH:
            return
        for child in element:
            if child.tag == W + "p":
                self._paragraph(child)
            elif child.tag == W + "tbl":
                self._table(child, depth)
            elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins",
                               W + "moveTo"):
                self._walk(child, depth + 1)

    def _paragraph(self, p: _Element) -> None:
        page = self._current_page()
        text = _paragraph_text(p, self)
        for box in _text_boxes(p, self):
            self._walk(box, 1)
        if self.hidden.mark_hidden(p) or _mark_deleted(p):
            self.carried = _joined(self.carried, text)
            return
        text, self.carried = clean_text(_joined(self.carried, text)), ""
        if text:
            self.paragraphs += 1
            block = self._add(text, Location(paragraph=self.paragraphs, page=page, part=self.part),
                              level=_heading_level(p, self.heading_levels))
            if self.result.first_change is None and _has_change(p):
                self.result.first_change = block

    def _table(self, tbl: _Element, depth: int) -> None:
        number = len(self.result.tables) + 1
        self.result.tables.append(TableGrid(number=number, rows=()))
        rows: list[tuple[TextBlock, ...]] = []
        above: dict[int, TextBlock] = {}
        for row_number, tr in enumerate(_rows(tbl), start=1):
            cells: list[TextBlock] = []
            grid_column = 0
            for column_number, tc in enumerate(_cells(tr), start=1):
                span = _grid_span(tc)
                if _continues_vertical_merge(tc) and grid_column in above:
                    cells.append(above[grid_column])
                else:
                    page = self._current_page()
                    text = clean_text("\n".join(_cell_lines(tc, self, depth)))
                    block = self._add(text, Location(table=number, row=row_number,
                                                     column=column_number, page=page,
                                                     part=self.part))
                    cells.append(block)
                    above[grid_column] = block
                grid_column += span
            rows.append(tuple(cells))
        self.result.tables[number - 1] = TableGrid(number=number, rows=tuple(rows))

    def _add(self, text: str, location: Location, level: int | None = None) -> TextBlock:
        block = TextBlock(index=len(self.result.blocks) if text else -1, text=text,
                          location=location, level=level)
        if text:
            self.result.blocks.append(block)
            self.characters += len(text)
            check_size(self.result.path, len(self.result.blocks), self.characters)
        return block

    def _current_page(self) -> int | None:
        return self.page if self.has_rendered_pages else None

    def count_page_break(self) -> None:
        self.page += 1


def _paragraph_text(p: _Element, walker: _BodyWalker) -> str:
    """The visible text of paragraph ``p``: hidden runs, deletions and field codes left out."""
    label = walker.labels.label(p)
    pieces: list[str] = [label + " "] if label else []
    style = paragraph_style_of(p)

    def visit(element: _Element, depth: int) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED or depth > DOCX_MAX_DEPTH:
                continue
            if tag == W + "r" and walker.hidden.run_hidden(child, style):
                continue
            if tag == W + "t":
                pieces.append(child.text or "")
            elif tag in _TEXT_MARKS:
                if not (tag == W + "br" and child.get(W + "type") == "page"):
                    pieces.append(_TEXT_MARKS[tag])
            elif tag == W + "lastRenderedPageBreak":
                walker.count_page_break()
            else:
                visit(child, depth + 1)

    visit(p, 0)
    return "".join(pieces)


def _mark_deleted(p: _Element) -> bool:
    """A paragraph mark deleted (or moved away) as a tracked change: accepted, it joins the next."""
    marks = p.find(f"{W}pPr/{W}rPr")
    return marks is not None and (marks.find(W + "del") is not None
                                  or marks.find(W + "moveFrom") is not None)


def _has_change(p: _Element) -> bool:
    return next(p.iter(*_CHANGES, _COMMENT_MARK), None) is not None


def _joined(before: str, text: str) -> str:
    return f"{before} {text}" if before and text else before or text


def _text_boxes(p: _Element, walker: _BodyWalker) -> list[_Element]:
    """Text boxes anchored in a paragraph (a cover title often sits in one): no fallbacks, none in hidden runs."""
    style = paragraph_style_of(p)
    boxes = []
    for box in p.iter(W + "txbxContent"):
        ancestors = list(box.iterancestors())
        if any(a.tag == MC_FALLBACK for a in ancestors):
            continue
        if any(a.tag == W + "r" and walker.hidden.run_hidden(a, style) for a in ancestors):
            continue
        boxes.append(box)
    return boxes


def _children(parent: _Element, tag: str) -> list[_Element]:
    """The ``w:tag`` children of ``parent``, also those wrapped in a content control (``w:sdt``)."""
    found = []
    for child in parent:
        if child.tag == W + tag:
            found.append(child)
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                found.extend(content.findall(W + tag))
    return found


def _rows(tbl: _Element) -> list[_Element]:
    """The table's rows, less those deleted as a tracked change."""
    return [tr for tr in _children(tbl, "tr")
            if tr.find(f"{W}trPr/{W}del") is None]


def _cells(tr: _Element) -> list[_Element]:
    return _children(tr, "tc")


def _cell_lines(tc: _Element, walker: _BodyWalker, depth: int) -> list[str]:
    lines: list[str] = []
    carried = ""
    for child in tc:
        if child.tag == W + "p":
            text = _joined(carried, _paragraph_text(child, walker))
            carried = text if walker.hidden.mark_hidden(child) or _mark_deleted(child) else ""
            if not carried:
                lines.append(text)
        elif child.tag == W + "tbl" and depth < DOCX_MAX_DEPTH:
            for tr in _rows(child):
                lines.extend(" ".join(_cell_lines(inner, walker, depth + 1)) for inner in _cells(tr))
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                lines.extend(_cell_lines(content, walker, depth + 1))
    if carried:
        lines.append(carried)
    return lines


def _grid_span(tc: _Element) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    try:
        return max(1, int(span.get(W + "val", ""))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _continues_vertical_merge(tc: _Element) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(W + "val", "continue") == "continue"


def _heading_style_levels(document: Document) -> dict[str, int]:
    """Heading level by style ID: "Title" 0, "heading 2"/"Overskrift 2" 2, or the style's outline level."""
    levels: dict[str, int] = {}
    for style in document.styles.element.findall(W + "style"):
        style_id = style.get(W + "styleId") or ""
        name_element = style.find(W + "name")
        name = ((name_element.get(W + "val") if name_element is not None else "") or "").lower()
        level = _outline_level(style)
        if name.startswith(("title", "titel")):
            level = 0
        elif name.startswith(("heading", "overskrift")):
            digits = "".join(ch for ch in name if ch.isdigit())
            level = int(digits) if digits else 1
        if level is not None:
            levels[style_id] = level
    return levels


def _heading_level(p: _Element, style_levels: dict[str, int]) -> int | None:
    own = _outline_level(p)
    if own is not None:
        return own
    style = p.find(f"{W}pPr/{W}pStyle")
    style_id = style.get(W + "val") if style is not None else None
    return style_levels.get(style_id) if style_id is not None else None


def _outline_level(element: _Element) -> int | None:
    """Word's outline level 0-8 as heading level 1-9; 9 is "body text"."""
    level = element.find(f"{W}pPr/{W}outlineLvl")
    value = level.get(W + "val", "9") if level is not None else "9"
    return int(value) + 1 if value in tuple("012345678") else None
