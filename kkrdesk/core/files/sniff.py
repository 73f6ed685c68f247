"""Deciding what a file is from its first bytes and, for ZIP containers, from their part names.

A ZIP is checked as a hostile archive before its names are trusted, and the XML parts of an
Office file are checked for DTDs before anything parses them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.archive import check_archive
from kkrdesk.core.files.bad_file import means_bad_file
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import MAX_CONTENT_TYPES_BYTES, OFFICE_ARCHIVE, ArchiveLimits
from kkrdesk.core.files.ooxml import check_xml_parts

SNIFF_BYTES = 64 * 1024
BLANK_BYTES = b" \t\r\n\x00\x0b\x0c"
UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Content types that mark macros, compared case-insensitively (MIME types are; Office is too).
MACRO_CONTENT_TYPES = ("macroenabled", "vnd.ms-office.vbaproject")
PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WITHIN = 1024      # PDF readers accept bytes before the header; so does kkrdesk, this far
# PNG, JPEG, and TIFF in both byte orders (what scanners write); not BigTIFF, which Pillow reads only in part
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff_kind(path: Path, archive: ArchiveLimits = OFFICE_ARCHIVE) -> FileKind:
    """The kind of ``path`` judged by content; raise BadFileError for files kkrdesk must refuse.

    ``archive`` bounds an Office file's ZIP container (surveys allow larger worksheets)."""
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise BadFileError("filen er tom (0 byte).", reason="empty", file=path,
                           hint="Hent filen igen fra afsenderen.")
    if not head.strip(BLANK_BYTES) and len(head) < SNIFF_BYTES:
        raise BadFileError("filen indeholder kun mellemrum og tomme linjer.", reason="empty", file=path,
                           hint="Hent filen igen fra afsenderen.")
    if PDF_MAGIC in head[:PDF_MAGIC_WITHIN]:
        return FileKind.PDF
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(path, archive)
    if head.startswith(CFB_MAGIC):
        if ENCRYPTED_PACKAGE in head or ENCRYPTED_PACKAGE in _tail(path):
            raise BadFileError("dokumentet er beskyttet med adgangskode.", reason="encrypted",
                               file=path, hint="Åbn det i Word eller Excel, fjern adgangskoden, "
                               "gem det, og tilføj det igen.")
        raise BadFileError("filen er i et gammelt Office-format (.doc/.xls), som kkrdesk ikke "
                           "læser.", reason="unsupported", file=path,
                           hint="Gem den som .docx, .xlsx eller PDF og tilføj den igen.")
    if head.startswith(IMAGE_MAGICS):
        return FileKind.IMAGE
    return _sniff_text(head)


def screened_kind(path: Path) -> FileKind | None:
    """PDF or IMAGE as :func:`sniff_kind` would call ``path`` from its first bytes alone (the kinds a
    screening child checks), else None."""
    with open(path, "rb") as handle:
        head = handle.read(PDF_MAGIC_WITHIN)
    if PDF_MAGIC in head:
        return FileKind.PDF
    return FileKind.IMAGE if head.startswith(IMAGE_MAGICS) else None


def _tail(path: Path) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - SNIFF_BYTES))
        return handle.read()


def _sniff_zip(path: Path, archive: ArchiveLimits) -> FileKind:
    entries = check_archive(path, archive, what="filen")
    names = {entry.filename: entry for entry in entries}
    content_types = b""
    if "[Content_Types].xml" in names:
        try:
            with zipfile.ZipFile(path) as package, package.open(names["[Content_Types].xml"]) as part:
                content_types = part.read(MAX_CONTENT_TYPES_BYTES)
        except Exception as exc:  # zipfile and zlib raise several types on a damaged part
            if not means_bad_file(exc):
                raise                 # kkrdesk's own failure: the boundary reports it as such
            raise BadFileError(f"filen er ødelagt ({type(exc).__name__}: {exc}).", reason="damaged",
                               file=path, hint="Hent eller gem filen igen.") from None
    if _declares_macros(content_types) or any(n.lower().endswith("vbaproject.bin") for n in names):
        raise BadFileError("dokumentet indeholder makroer (.docm/.xlsm).", reason="macro", file=path,
                           hint="Gem det som almindeligt .docx eller .xlsx uden makroer.")
    if "word/document.xml" in names or b"wordprocessingml.document" in content_types:
        kind = FileKind.DOCX
    elif "xl/workbook.xml" in names or b"spreadsheetml.sheet" in content_types:
        kind = FileKind.XLSX
    else:
        return FileKind.OTHER
    check_xml_parts(path, entries, what="Word-dokumentet" if kind is FileKind.DOCX else "regnearket")
    return kind


def _declares_macros(content_types: bytes) -> bool:
    """Whether [Content_Types].xml (UTF-8 or UTF-16, as XML allows) names a macro part, in any casing."""
    if content_types.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = content_types.decode("utf-16", errors="ignore")
    elif encoding := utf16_without_bom(content_types):
        text = content_types[: len(content_types) // 2 * 2].decode(encoding, errors="ignore")
    else:
        text = content_types.decode("utf-8", errors="ignore")
    text = text.casefold()
    return any(marker in text for marker in MACRO_CONTENT_TYPES)


def utf16_without_bom(head: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text that is UTF-16 without a byte order mark, else None.

    Danish text is mostly ASCII, so one byte of every two is NUL; binary data is not like that.
    """
    if head.count(b"\x00") <= len(head) // 4:
        return None
    odd, even = head[1::2].count(b"\x00"), head[0::2].count(b"\x00")
    if odd > 0.8 * len(head[1::2]) and even < 0.1 * len(head[0::2]):
        return "utf-16-le"
    if even > 0.8 * len(head[0::2]) and odd < 0.1 * len(head[1::2]):
        return "utf-16-be"
    return None


def _sniff_text(head: bytes) -> FileKind:
    if head.startswith(UTF32_BOMS):
        text = head[: len(head) // 4 * 4].decode("utf-32", errors="ignore")
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    elif encoding := utf16_without_bom(head):
        text = head[: len(head) // 2 * 2].decode(encoding, errors="ignore")
    elif b"\x00" in head:
        return FileKind.OTHER
    else:
        try:
            text = head.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a character cut by the sniff window
                text = head[: exc.start].decode("utf-8-sig")
            else:
                text = head.decode("cp1252", errors="replace")
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) >= 2:
        for separator in (";", "\t", ","):
            counts = {line.count(separator) for line in lines[:-1]}
            if len(counts) == 1 and counts != {0}:
                return FileKind.CSV
    return FileKind.TEXT
