"""A bilag's first title: the document's own title if it has a real one, else its file name made readable."""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from kkrdesk.core.files.bad_file import means_bad_file
from kkrdesk.core.files.kinds import FileKind

log = logging.getLogger(__name__)

MAX_TITLE = 150                 # longer "titles" in metadata are sentences or junk, not titles
MAX_CORE_PART = 64 * 1024       # docProps/core.xml is a few hundred bytes; never read a big one
# Titles programs write on their own: "Microsoft Word - x.docx", "untitled", "Dokument1", "Slide 1"
_MACHINE_TITLE = re.compile(r"^(?:microsoft \w+ - .*|untitled.*|uden titel|dokument\d*|document\d*|"
                            r"præsentation\d*|presentation\d*|slide \d+|title|titel|.*\.(?:docx?|pdf|xlsx?|pptx?))$",
                            re.IGNORECASE)
# "2.4-bilag-1-", "03_", "bilag 2 - " before the real name, as files come out of case systems
_NUMBER_PREFIX = re.compile(r"^(?:\d+(?:[.,]\d+)*[\s_.-]+)?(?:bilag[\s_-]*\d+[\s_.:-]+)?", re.IGNORECASE)


def suggested_title(path: Path, kind: FileKind, original_name: str) -> str:
    """What a new bilag is called until the user names it."""
    own = _document_title(Path(path), kind)
    return own if own is not None else title_from_file_name(original_name)


def title_from_file_name(name: str) -> str:
    stem = Path(name).stem.replace("_", " ")
    cleaned = _NUMBER_PREFIX.sub("", stem.strip()) or stem
    if " " not in cleaned.strip() and cleaned.count("-") >= 2:   # "udspil-kollektiv-trafik": a slug
        cleaned = cleaned.replace("-", " ")
    cleaned = re.sub(r"\s+", " ", cleaned.replace(" - ", " – ")).strip(" -–")
    return cleaned[:1].upper() + cleaned[1:] if cleaned else stem.strip()


def _usable(title: str | None, path: Path) -> str | None:
    if not title:
        return None
    title = re.sub(r"\s+", " ", str(title)).strip()
    if (not title or len(title) > MAX_TITLE or _MACHINE_TITLE.match(title)
            or title.casefold() == path.stem.casefold() or sum(c.isalpha() for c in title) < 3):
        return None
    return title


def _document_title(path: Path, kind: FileKind) -> str | None:
    """The title stored in the file's properties; None when there is none worth showing (or it cannot be read)."""
    try:
        if kind is FileKind.PDF:
            return _usable(_pdf_title(path), path)
        if kind in (FileKind.DOCX, FileKind.XLSX):
            return _usable(_office_title(path), path)
    except Exception as exc:  # a title is a nicety: no trouble reading it may cost adding the bilag
        if not means_bad_file(exc):
            log.error("kkrdesk failed reading a document title (%s)", path.suffix, exc_info=exc)
        return None
    return None


def _pdf_title(path: Path) -> str | None:
    import pikepdf

    with pikepdf.open(path) as pdf:
        value = pdf.docinfo.get("/Title") if pdf.trailer.get("/Info") is not None else None
        return str(value) if value is not None else None


def _office_title(path: Path) -> str | None:
    from defusedxml import ElementTree

    with zipfile.ZipFile(path) as archive:
        try:
            info = archive.getinfo("docProps/core.xml")
        except KeyError:
            return None
        if info.file_size > MAX_CORE_PART:
            return None
        root = ElementTree.fromstring(archive.read(info))
    found = root.find("{http://purl.org/dc/elements/1.1/}title")
    return found.text if found is not None else None
