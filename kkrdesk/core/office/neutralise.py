"""A copy of a Word or Excel file with every way out of the file cut, made before LibreOffice opens it.

LibreOffice follows what a package points at outside itself: a picture linked to ``http://`` or
``file:///`` (fetched, or embedded into the PDF), an INCLUDETEXT field, an attached template, a
sub-document, an altChunk, a linked OLE object, a VML ``src``, an Excel external link or data
connection. The copy keeps the content and the package's own parts; what reaches outside is
removed:

- relationships with ``TargetMode="External"`` (and "internal" targets that are URLs), except
  hyperlinks to http, https or mailto, which stay only where they are clickable links;
- every reference to a removed relationship: whole elements where the element is nothing but
  the reference (altChunk, subDoc, attachedTemplate, OLE links, external references), else the
  attribute (a linked picture keeps its place, without a picture);
- fields that include content (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT,
  DATABASE, RD), complex or simple: their instruction is emptied, the text they last showed stays;
- ``src``/``href`` attributes that are not fragments or inline (non-SVG) data (VML pictures, SVG images);
- every altChunk (internal ones are HTML or RTF LibreOffice imports with its own filters);
- mail-merge data sources and frame sets in settings; Excel data connections, external links
  and DDE links, and formulas that fetch (WEBSERVICE, FILTERXML, INDIRECT, URLs, DDE);
- embedded Office packages are neutralised the same way, two levels deep.

The file must have been admitted (the ZIP checked as a hostile archive, no DTDs) before.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, cast

from lxml import etree

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.office.package_entries import regular_entry

REL_NAMESPACES = frozenset({"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                            "http://purl.oclc.org/ooxml/officeDocument/relationships"})
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
VML_OFFICE = "urn:schemas-microsoft-com:office:office"
SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Elements whose relationship reference is a clickable link, nothing loaded.
LINK_ELEMENTS = frozenset({"hyperlink", "hlinkClick", "hlinkHover", "hlinkMouseOver"})
# Elements that are nothing but a pointer to another file: removed whole when the pointer goes.
POINTER_ELEMENTS = frozenset({"altChunk", "subDoc", "attachedTemplate", "OLEObject", "oleObject",
                              "externalReference", "dataSource", "headerSource", "recipientData",
                              "sourceFileName", "externalData", "oleLink", "ddeLink", "externalBook"})
# Elements removed wherever they stand: data sources, frames, links to templates' styles.
# An altChunk, even an internal one, hands LibreOffice an HTML or RTF part it imports with its own
# filters (pictures fetched by URL); Word itself turns altChunks into ordinary content when it saves.
DROPPED_ELEMENTS = frozenset({(W, "mailMerge"), (W, "frameset"), (W, "linkStyles"), (W, "altChunk")})
INCLUDING_FIELD = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT|DATABASE|RD)\b",
                             re.IGNORECASE)
FETCHING_FORMULA = re.compile(r"WEBSERVICE|FILTERXML|INDIRECT|DDE|://|file:|\|", re.IGNORECASE)
FORMULA_ELEMENTS = frozenset({"f", "formula", "formula1", "formula2", "definedName"})
PICTURE_HOLDERS = frozenset({"drawing", "twoCellAnchor", "oneCellAnchor", "absoluteAnchor"})
URL_ATTRIBUTES = frozenset({"src", "href", "althref"})
# Excel parts kept only as empty shells: connections to databases and web queries, external links.
EMPTIED_ROOTS = frozenset({"connections", "externalLink"})
MAX_NESTING = 2
NESTED_MAX_ENTRIES = 1_000
NESTED_MAX_BYTES = 64 * 1024 * 1024   # declared size of an embedded package (zipfile reads no more)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True,
                          remove_comments=False)


@dataclass
class Neutralised:
    """What was cut from a package, for the log and the tests."""

    relationships: int = 0
    references: int = 0
    fields: int = 0
    attributes: int = 0
    elements: int = 0
    formulas: int = 0
    removed_targets: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.relationships + self.references + self.fields + self.attributes + self.elements \
            + self.formulas


def neutralised_copy(source: Path, target: Path | BinaryIO) -> Neutralised:
    """Write to ``target`` (a path or a binary file) a copy of the Office package ``source`` with
    nothing reaching outside it."""
    found = Neutralised()
    try:
        with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            _copy_package(archive, out, found, depth=0)
    except BadFileError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, etree.LxmlError) as exc:
        raise BadFileError(f"dokumentet er ødelagt og kan ikke gøres klar til LibreOffice ({exc}).",
                           reason="damaged", file=source,
                           hint="Åbn dokumentet i Word, gem det igen, og prøv igen.") from None
    return found


def _copy_package(archive: zipfile.ZipFile, out: zipfile.ZipFile, found: Neutralised, depth: int) -> None:
    entries = [entry for entry in archive.infolist() if not entry.is_dir()]
    removed: dict[str, set[str]] = {}      # part name -> relationship ids cut from it
    links: dict[str, set[str]] = {}        # part name -> ids of kept external hyperlinks
    rels = [entry for entry in entries if _is_rels(entry.filename)]
    for entry in rels:
        owner = _owner_of(entry.filename).casefold()   # part names in a package ignore case
        tree = _parse(archive.read(entry))
        if tree is None:   # not XML: a relationships part LibreOffice cannot use either
            found.elements += 1
            continue
        removed[owner], links[owner] = _cut_relationships(tree, found)
        out.writestr(_info_like(entry), etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                                       standalone=True))
    for entry in entries:
        if _is_rels(entry.filename):
            continue
        with archive.open(entry) as part:
            head = part.read(8)
        if head.startswith(b"PK\x03\x04"):   # an embedded package: neutralised too, or emptied when too deep
            inner = _nested(archive.read(entry), found, depth + 1) if depth < MAX_NESTING else b""
            found.elements += not inner
            out.writestr(_info_like(entry), inner)
        elif _looks_like_xml(archive, entry):
            tree = _parse(archive.read(entry))
            if tree is None:   # markup that is no XML (HTML): nothing may read it, LibreOffice neither
                found.elements += 1
                continue
            key = entry.filename.casefold()
            _clean_part(tree, removed.get(key, set()), links.get(key, set()), found)
            out.writestr(_info_like(entry), etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True))
        else:
            with archive.open(entry) as part, out.open(_info_like(entry), "w") as copy:
                shutil.copyfileobj(part, copy, 1024 * 1024)


def _nested(data: bytes, found: Neutralised, depth: int) -> bytes:
    """An embedded package (a workbook inside a Word file), neutralised in turn; emptied if broken or too big."""
    buffer = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as inner:
            infos = inner.infolist()
            if len(infos) > NESTED_MAX_ENTRIES or sum(i.file_size for i in infos) > NESTED_MAX_BYTES:
                raise ValueError("embedded package too large")
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
                _copy_package(inner, out, found, depth)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, etree.LxmlError, BadFileError):
        return b""
    return buffer.getvalue()


def _info_like(entry: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A deflated entry of the same name and date, a regular 0644 file (zipfile would make it 0600)."""
    return regular_entry(entry.filename, entry.date_time)


def _is_rels(name: str) -> bool:
    return name.casefold().endswith(".rels")


def _owner_of(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` -> ``word/document.xml``; ``_rels/.rels`` -> "" (the package)."""
    path = PurePosixPath(rels_name)
    stem = path.name[: -len(".rels")]
    if path.parent.name.casefold() != "_rels":
        return rels_name
    folder = str(path.parent.parent)
    return stem if folder == "." or not stem else f"{folder}/{stem}"


def _looks_like_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    with archive.open(entry) as part:
        head = part.read(512)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"<") or head.startswith((b"\xff\xfe<", b"\xfe\xff\x00<", b"<\x00", b"\x00<"))


def _parse(data: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None


def _cut_relationships(root: etree._Element, found: Neutralised) -> tuple[set[str], set[str]]:
    removed, links = set(), set()
    for relationship in list(root):
        if not isinstance(relationship.tag, str) or etree.QName(relationship).localname != "Relationship":
            continue
        target = (relationship.get("Target") or "").strip()
        external = (relationship.get("TargetMode") or "").strip().lower() == "external"
        kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
        if not external and not _is_url(target):
            continue
        if kind == "hyperlink" and target.lower().startswith(SAFE_LINK_SCHEMES):
            links.add(relationship.get("Id") or "")
            continue
        removed.add(relationship.get("Id") or "")
        found.relationships += 1
        found.removed_targets.append(target)
        root.remove(relationship)
    return removed, links


def _is_url(target: str) -> bool:
    """An "internal" target that is really a URL or a network path."""
    return ":" in target.split("/", 1)[0] or target.startswith(("//", "\\\\"))


def _clean_part(root: etree._Element, removed: set[str], links: set[str], found: Neutralised) -> None:
    if etree.QName(root).localname in EMPTIED_ROOTS:
        for child in list(root):
            root.remove(child)
            found.elements += 1
        return
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element)
        if (name.namespace, name.localname) in DROPPED_ELEMENTS:
            doomed.append(element)
            continue
        attributes = cast("list[tuple[str, str]]", list(element.attrib.items()))   # str, not bytes: parsed XML
        for attribute, value in attributes:
            key = etree.QName(attribute)
            if key.namespace in REL_NAMESPACES or (key.namespace == VML_OFFICE and key.localname == "relid"):
                reference = value.strip()
                if reference in removed or (reference in links and name.localname not in LINK_ELEMENTS):
                    if name.localname in POINTER_ELEMENTS:
                        doomed.append(element)
                        break
                    del element.attrib[attribute]
                    found.references += 1
                    if name.localname == "blip" and not _references(element):
                        doomed.append(_picture_holder(element))   # a picture with nothing to show
            elif key.localname in URL_ATTRIBUTES and not _stays_inside(value):
                del element.attrib[attribute]
                found.attributes += 1
            elif key.namespace == W and key.localname == "instr" and name.localname == "fldSimple" \
                    and _includes(value):
                element.set(attribute, "")
                found.fields += 1
        if name.localname == "imagedata" and not _references(element) and element not in doomed:
            doomed.append(element)     # a VML picture left without a source
        if name.localname in FORMULA_ELEMENTS and _is_spreadsheet(name.namespace) and element.text \
                and FETCHING_FORMULA.search(element.text):
            doomed.append(element)
            found.formulas += 1
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
            found.elements += 1
    found.fields += _empty_including_fields(root)


def _stays_inside(value: str) -> bool:
    """A fragment of the same part, or inline picture data (an inline SVG could point out again)."""
    value = value.strip().lower()
    return value.startswith("#") or (value.startswith("data:") and not value.startswith("data:image/svg"))


def _references(element: etree._Element) -> bool:
    return any(etree.QName(key).namespace in REL_NAMESPACES for key in element.attrib)


def _picture_holder(blip: etree._Element) -> etree._Element:
    """What to remove for a picture left without a source: the whole drawing or sheet anchor that
    holds a picture, else the fill that would show it (a blip without a source breaks Word readers)."""
    fill = blip.getparent()
    if fill is None:
        return blip
    holder = fill.getparent()
    if holder is not None and etree.QName(holder).localname == "pic":
        for ancestor in fill.iterancestors():
            if etree.QName(ancestor).localname in PICTURE_HOLDERS:
                return ancestor
    return fill


def _is_spreadsheet(namespace: str | None) -> bool:
    return namespace is not None and ("spreadsheetml" in namespace or "office/excel" in namespace)


def _includes(instruction: str) -> bool:
    """Whether a field instruction includes content from elsewhere: by its field type, or by any
    mention of such a type unless it is a HYPERLINK (only clickable; its address may say "link")."""
    words = instruction.split()
    if not words:
        return False
    if INCLUDING_FIELD.fullmatch(words[0].strip('"')):
        return True
    return words[0].upper() != "HYPERLINK" and INCLUDING_FIELD.search(instruction) is not None


def _empty_including_fields(root: etree._Element) -> int:
    """Empty the instruction of every complex field that includes content; its shown text stays."""
    stack: list[list[etree._Element]] = []          # per open field: its instruction text elements
    emptied = 0
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}delInstrText"):
        name = etree.QName(element).localname
        if name == "fldChar":
            kind = element.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                stack.append([])
            elif kind == "end" and stack:
                parts = stack.pop()
                if _includes("".join(part.text or "" for part in parts)):
                    for part in parts:
                        part.text = ""
                    emptied += 1
        elif stack:
            stack[-1].append(element)
    for parts in stack:             # a field never closed: judge what it has
        if _includes("".join(part.text or "" for part in parts)):
            for part in parts:
                part.text = ""
            emptied += 1
    return emptied
