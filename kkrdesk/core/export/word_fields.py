"""Word fields and settings python-docx cannot make: TOC, PAGE, NUMPAGES, field updates, compatibility mode.

Also the repairs LibreOffice's save needs (it writes back an old compatibility mode and drops
the TOC's links).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from kkrdesk.core import atomic
from kkrdesk.core.office.package_entries import docx_bytes

if TYPE_CHECKING:
    from docx.document import Document
    from lxml.etree import _Element

# Elements that follow w:updateFields in w:settings (ECMA-376 schema order).
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


MODERN_WORD = 15      # compatibilityMode of Word 2013 and later: no "Kompatibilitetstilstand" banner
WORD_URI = "http://schemas.microsoft.com/office/word"


def set_compatibility_mode(document: Document, mode: int) -> None:
    """Set ``w:compat/w:compatSetting[compatibilityMode]`` (added when missing)."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.insert_element_before(compat, *_AFTER_UPDATE_FIELDS[4:])
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            return
    setting = OxmlElement("w:compatSetting")
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), WORD_URI)
    setting.set(qn("w:val"), str(mode))
    compat.append(setting)


def keep_toc_links(document: Document) -> int:
    """Put back the TOC field's ``\\h`` (entries are links), which LibreOffice drops when it saves;
    returns how many fields were repaired."""
    repaired = 0
    for text in document.element.body.iter(qn("w:instrText")):
        words = (text.text or "").split()
        if words and words[0] == "TOC" and "\\h" not in words:
            text.text = (text.text or "").rstrip() + " \\h "
            repaired += 1
    return repaired


def repair_after_libreoffice(docx_path: Path) -> None:
    """What LibreOffice's save undoes: the modern compatibility mode and the TOC's links."""
    import docx

    document = docx.Document(str(docx_path))
    set_compatibility_mode(document, MODERN_WORD)
    keep_toc_links(document)
    with atomic.replacing(docx_path) as temporary:
        temporary.write_bytes(docx_bytes(document))


def _field_char(kind: str, dirty: bool = False) -> _Element:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def add_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (begin · instruction · separate · shown result · end) at the paragraph's end."""
    element = paragraph._p
    element.append(_field_char("begin"))
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    element.append(run)
    element.append(_field_char("separate"))
    paragraph.add_run(shown)
    element.append(_field_char("end"))


def add_bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """A bookmark around the paragraph's content, for PAGEREF fields and links to point at."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    properties = paragraph._p.pPr
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def add_toc(paragraph: Paragraph, levels: int, placeholder: str) -> None:
    """A table of contents over Heading 1..levels, with links, that Word or LibreOffice fills in."""
    add_field(paragraph, f'TOC \\o "1-{levels}" \\h \\z \\u', placeholder)


def mark_fields_for_update(docx_path: Path) -> None:
    """Set <w:updateFields w:val="true"/> in settings.xml so Word refreshes the TOC when the file opens.

    Word then asks whether to update fields; answering No leaves the placeholder.
    """
    import docx

    document = docx.Document(str(docx_path))
    settings = document.settings.element
    for old in settings.findall(qn("w:updateFields")):
        settings.remove(old)
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    settings.insert_element_before(flag, *_AFTER_UPDATE_FIELDS)
    with atomic.replacing(docx_path) as temporary:
        temporary.write_bytes(docx_bytes(document))



LINK_COLOUR = "0563C1"     # Word's own colour for links (the template has no Hyperlink style)


def add_internal_link(paragraph: Paragraph, text: str, bookmark: str) -> None:
    """``text`` as a link to a bookmark in the same document, drawn as a link (blue, underlined)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), bookmark)
    link.set(qn("w:history"), "1")
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), LINK_COLOUR)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    run.append(properties)
    shown = OxmlElement("w:t")
    shown.set(qn("xml:space"), "preserve")
    shown.text = text
    run.append(shown)
    link.append(run)
    paragraph._p.append(link)
