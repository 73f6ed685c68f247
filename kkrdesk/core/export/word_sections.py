"""Section breaks of the agenda pack: the agenda's own sections (portrait or landscape) and a Word bilag's own.

A section's properties stand in the paragraph that ends it (the last section's in the body).
The agenda's sections carry its headers and footers explicitly, so a section after a bilag
does not inherit the bilag's; a Word bilag's sections get copies of its own header and footer
parts. Page numbering runs on through the whole document (a bilag's restart is dropped), so
"side N" fields and the agenda's footer agree.
"""

from __future__ import annotations

import io
from copy import deepcopy
from typing import cast

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr
from docx.parts.hdrftr import FooterPart, HeaderPart
from docx.parts.story import StoryPart
from docx.shared import Length, Pt

_REFERENCES = (qn("w:headerReference"), qn("w:footerReference"))
_RELATIONSHIP_ATTRIBUTES = (qn("r:id"), qn("r:embed"), qn("r:link"), qn("r:pict"))


def body_properties(document: Document) -> CT_SectPr:
    return cast(CT_SectPr, document.element.body.get_or_add_sectPr())


def agenda_properties(document: Document, *, landscape: bool) -> CT_SectPr:
    """A copy of the agenda's section properties (headers and footers included), turned if asked."""
    properties = deepcopy(body_properties(document))
    if landscape:
        size = properties.get_or_add_pgSz()
        size.w, size.h = size.h, size.w
        size.orient = WD_ORIENT.LANDSCAPE
    return properties


def end_section(document: Document, properties: CT_SectPr) -> None:
    """End the section written so far with ``properties``: a paragraph carrying them. The agenda's
    first page (no header) is the first section's alone, so later ones drop the title page flag."""
    paragraph = document.add_paragraph()
    layout = paragraph.paragraph_format      # an empty line as low as can be: never a page of its own
    layout.space_before = layout.space_after = Pt(0)
    layout.line_spacing = Pt(1)
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph._p.get_or_add_pPr().append(properties)
    body = body_properties(document)
    for flag in body.findall(qn("w:titlePg")):
        body.remove(flag)


def text_block_cm(properties: CT_SectPr) -> tuple[float, float]:
    """The width and height of the text block the section properties leave, in cm."""
    def cm(length: Length | None) -> float:
        return abs(length.cm) if length is not None else 0.0
    width = (cm(properties.page_width) - cm(properties.left_margin) - cm(properties.right_margin)
             - cm(properties.gutter))
    height = cm(properties.page_height) - cm(properties.top_margin) - cm(properties.bottom_margin)
    return width, height


def bilag_properties(properties: CT_SectPr) -> CT_SectPr:
    """A Word bilag's section properties fit for the agenda: a new page, the agenda's page numbers."""
    properties = deepcopy(properties)
    for tag in ("w:pgNumType", "w:type"):
        for element in properties.findall(qn(tag)):
            properties.remove(element)
    for reference in [child for child in properties if child.tag in _REFERENCES]:
        properties.remove(reference)
    return properties


def copy_headers_and_footers(target: Document, source: Document, source_properties: CT_SectPr,
                             target_properties: CT_SectPr) -> int:
    """Give ``target_properties`` copies of the header and footer parts ``source_properties``
    (of the document ``source``) refer to; returns how many were copied."""
    copied = 0
    for reference in [child for child in source_properties if child.tag in _REFERENCES]:
        source_part = cast(StoryPart, source.part.related_parts[reference.get(qn("r:id"))])
        is_header = reference.tag == _REFERENCES[0]
        part = (HeaderPart if is_header else FooterPart).new(target.part.package)
        element = part.element
        for child in list(element):
            element.remove(child)
        for child in source_part.element:
            element.append(deepcopy(child))
        _carry_relationships(source_part, part)
        new_reference = deepcopy(reference)
        new_reference.set(qn("r:id"), target.part.relate_to(part, RT.HEADER if is_header else RT.FOOTER))
        target_properties.insert(copied, new_reference)
        copied += 1
    return copied


def _carry_relationships(source_part: StoryPart, part: StoryPart) -> None:
    """Pictures and web links of a copied header or footer; anything else it points at is left out."""
    for element in list(part.element.iter()):
        for attribute in _RELATIONSHIP_ATTRIBUTES:
            rid = element.get(attribute)
            if rid is None:
                continue
            relationship = source_part.rels.get(rid)
            if relationship is not None and relationship.is_external:
                element.set(attribute, part.relate_to(relationship.target_ref, relationship.reltype,
                                                      is_external=True))
            elif relationship is not None and relationship.reltype == RT.IMAGE:
                new_rid, _ = part.get_or_add_image(io.BytesIO(relationship.target_part.blob))
                element.set(attribute, new_rid)
            else:
                del element.attrib[attribute]


def move_last_break_into_body(document: Document) -> None:
    """A document ending with a section break would print an empty last page: the last break's
    properties become the body's instead."""
    body = document.element.body
    properties = body.get_or_add_sectPr()
    last = properties.getprevious()
    if last is None or last.tag != qn("w:p"):
        return
    paragraph_properties = last.find(qn("w:pPr"))
    ending = paragraph_properties.find(qn("w:sectPr")) if paragraph_properties is not None else None
    if ending is None:
        return
    paragraph_properties.remove(ending)
    body.replace(properties, ending)
    if not len(last.xpath("./w:r")):
        body.remove(last)
