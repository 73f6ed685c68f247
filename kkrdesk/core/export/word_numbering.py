"""Word list numbering that starts again: a new w:num over a list style's abstract numbering, with a start."""

from __future__ import annotations

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


def restarted_numbering(document: Document, style_name: str, start: int = 1) -> int | None:
    """The numId of a new numbering instance of ``style_name``'s list that begins at ``start``.

    Every paragraph of one numbered list in the agenda gets this numId, so each list counts
    from its own first number instead of going on from the list before it. None when the
    style has no numbering (the paragraphs then keep the style's own).
    """
    style = document.styles[style_name].element
    style_num = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    if style_num is None:
        return None
    numbering = document.part.numbering_part.element
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    source = next((n for n in numbering.findall(qn("w:num"))
                   if n.get(qn("w:numId")) == style_num.get(qn("w:val"))), None)
    if source is None:
        return None
    abstract = source.find(qn("w:abstractNumId")).get(qn("w:val"))
    num_id = max(used, default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract_ref = OxmlElement("w:abstractNumId")
    abstract_ref.set(qn("w:val"), abstract)
    num.append(abstract_ref)
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start_override = OxmlElement("w:startOverride")
    start_override.set(qn("w:val"), str(start))
    override.append(start_override)
    num.append(override)
    numbering.append(num)      # w:num elements follow every w:abstractNum, as the schema wants
    return num_id


def set_numbering(paragraph: Paragraph, num_id: int | None) -> None:
    """Put ``paragraph`` in the numbering instance ``num_id`` at the first level."""
    if num_id is None:
        return
    properties = paragraph._p.get_or_add_pPr()
    num_pr = properties.get_or_add_numPr()  # type: ignore[attr-defined]  # made by python-docx at import
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id
