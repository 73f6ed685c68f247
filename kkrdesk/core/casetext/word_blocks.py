"""A case document from Word as blocks a reader sees: paragraphs with bold and italic, list items, tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core.files.limits import DOCX_MAX_BLOCKS, DOCX_MAX_DEPTH
from kkrdesk.core.text.word_numbering import ListLabels
from kkrdesk.core.text.word_visibility import HiddenText, paragraph_style_of

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SKIPPED = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "txbxContent",
            W + "footnoteReference", W + "endnoteReference", W + "commentReference", W + "rPr",
            W + "pPr"}
_WALKED = (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo")


@dataclass(frozen=True)
class Run:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class WordBlock:
    """A paragraph ("paragraph", "heading", "list") or a table ("table") of a case document."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    marker: str = ""                       # a list item's label: "-" for a bullet, "1." for a number
    rows: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(run.text for run in self.runs).split())

    @property
    def all_bold(self) -> bool:
        shown = [run for run in self.runs if run.text.strip()]
        return bool(shown) and all(run.bold for run in shown)


def read_word_blocks(path: Path) -> list[WordBlock]:
    """The body of an admitted Word document (call it inside the boundary's ``reading``)."""
    import docx

    document = docx.Document(str(path))
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering = None
    reader = _Reader(HiddenText(document.styles.element),
                     ListLabels(numbering, document.styles.element),
                     _heading_styles(document.styles.element))
    reader.walk(document.element.body, 0)
    return reader.blocks


class _Reader:
    def __init__(self, hidden: HiddenText, labels: ListLabels, headings: set[str | None]) -> None:
        self.hidden, self.labels, self.headings = hidden, labels, headings
        self.blocks: list[WordBlock] = []

    def walk(self, element: _Element, depth: int) -> None:
        if depth > DOCX_MAX_DEPTH:
            return
        for child in element:
            if len(self.blocks) > DOCX_MAX_BLOCKS:
                return
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child, depth)
            elif child.tag in _WALKED:
                self.walk(child, depth + 1)

    def paragraph(self, p: _Element) -> None:
        marker = self.labels.marker(p)
        runs = _runs(p, self.hidden)
        if not "".join(run.text for run in runs).strip():
            return
        style = paragraph_style_of(p) or ""
        outline = p.find(f"{W}pPr/{W}outlineLvl")
        heading = style in self.headings or (outline is not None
                                             and outline.get(W + "val", "9") in "012345678")
        kind = "heading" if heading and not marker else "list" if marker else "paragraph"
        self.blocks.append(WordBlock(kind, runs, marker))

    def table(self, tbl: _Element, depth: int) -> None:
        rows = []
        for tr in tbl.iter(W + "tr"):
            if tr.find(f"{W}trPr/{W}del") is not None:
                continue
            cells = []
            for tc in tr.findall(W + "tc"):
                lines = [" ".join("".join(r.text for r in _runs(p, self.hidden)).split())
                         for p in tc.iter(W + "p")]
                cells.append(" ".join(line for line in lines if line))
            if any(cells):
                rows.append(cells)
        if rows:
            self.blocks.append(WordBlock("table", rows=rows))


def _runs(p: _Element, hidden: HiddenText) -> list[Run]:
    style = paragraph_style_of(p)
    runs: list[Run] = []

    def visit(element: _Element, depth: int) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED or depth > DOCX_MAX_DEPTH:
                continue
            if tag == W + "r":
                if hidden.run_hidden(child, style):
                    continue
                properties = child.find(W + "rPr")
                bold = _on(properties, "b")
                italic = _on(properties, "i")
                for piece in child:
                    if piece.tag == W + "t":
                        runs.append(Run(piece.text or "", bold, italic))
                    elif piece.tag in (W + "tab", W + "br", W + "cr"):
                        runs.append(Run(" ", bold, italic))
            else:
                visit(child, depth + 1)

    visit(p, 0)
    return runs


def _on(properties: _Element | None, name: str) -> bool:
    if properties is None:
        return False
    element = properties.find(W + name)
    return element is not None and (element.get(W + "val") or "true").lower() not in ("0", "false",
                                                                                      "off")


def _heading_styles(styles: _Element) -> set[str | None]:
    """Style IDs of Word's headings ("heading 1", "Overskrift 2", "Title") and their outline levels."""
    found: set[str | None] = set()
    for style in styles.findall(W + "style"):
        name = style.find(W + "name")
        value = (name.get(W + "val") if name is not None else "") or ""
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if value.lower().startswith(("heading", "overskrift", "title", "titel")) or (
                outline is not None and outline.get(W + "val", "9") in "012345678"):
            found.add(style.get(W + "styleId"))
    return found
