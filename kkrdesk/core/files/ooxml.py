"""Refusing Office packages whose XML parts declare a DTD or use an encoding OOXML forbids, before any XML parser runs.

ECMA-376 allows neither DTDs nor encodings other than UTF-8 and UTF-16 in a package's XML
parts. A DTD is how entity bombs ("billion laughs") and external entities get in, and a
foreign encoding is how a DTD would hide from a byte-level check. A DTD can only stand in
the prolog, before the root element, so the prolog of every part that looks like XML is
read (whatever the part is called: a relationship can point a parser at any name).
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.bad_file import means_bad_file
from kkrdesk.core.files.limits import MAX_XML_PROLOG_BYTES

HINT_HOSTILE = "Åbn ikke filen; bed afsenderen om en ny udgave, gemt direkte fra Word eller Excel."
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_ALLOWED_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf-16le", "utf-16be", "utf16"}
_DECLARATION = re.compile(r"""<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_READ_CHUNK = 16 * 1024


def check_xml_parts(path: Path, entries: Iterable[zipfile.ZipInfo], *, what: str) -> None:
    """Raise BadFileError(reason="hostile") if a part of the package at ``path`` has a DTD or a foreign encoding."""
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in entries:
                if entry.is_dir():
                    continue
                with archive.open(entry) as part:
                    _check_prolog(path, entry.filename, part, what)
    except BadFileError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise BadFileError(f"{what} er ødelagt ({exc}).", reason="damaged", file=path,
                           hint="Hent filen igen, eller åbn og gem den igen i Word eller Excel.") from None
    except Exception as exc:  # zlib and others while decompressing a damaged part
        if not means_bad_file(exc):
            raise                     # kkrdesk's own failure: the boundary reports it as such
        raise BadFileError(f"{what} er ødelagt ({type(exc).__name__}: {exc}).", reason="damaged",
                           file=path, hint="Hent filen igen, eller åbn og gem den igen i Word eller "
                           "Excel.") from None


def _check_prolog(path: Path, name: str, part: IO[bytes], what: str) -> None:
    head = part.read(_READ_CHUNK)
    encoding = _encoding_of(head)
    if encoding is None:
        return  # not XML (an image, a binary part): no parser reads it as XML
    if encoding == "unsupported":
        raise _hostile(path, f'delen "{name}" i {what} er skrevet i en tegnkodning, som Office-filer '
                       "ikke må bruge")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    text = decoder.decode(head)
    read = len(head)
    while True:
        verdict = _prolog_verdict(text)
        if verdict == "root":
            return
        if verdict == "doctype":
            raise _hostile(path, f'delen "{name}" i {what} indeholder en DTD (<!DOCTYPE>), som '
                           "Office-filer aldrig har; den kan bruges til angreb")
        if verdict == "foreign":
            raise _hostile(path, f'delen "{name}" i {what} angiver en tegnkodning, som Office-filer '
                           "ikke må bruge")
        chunk = part.read(_READ_CHUNK)
        if not chunk:
            return  # a part that ends inside its prolog: the parser reports it as damaged
        read += len(chunk)
        if read > MAX_XML_PROLOG_BYTES:
            raise _hostile(path, f'delen "{name}" i {what} har mere end '
                           f"{MAX_XML_PROLOG_BYTES // 1024} KB før sit indhold")
        text += decoder.decode(chunk)


def _encoding_of(head: bytes) -> str | None:
    """The encoding of a part that starts like XML, "unsupported" for UTF-32 and the like, else None."""
    if head.startswith((b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00",
                        b"\x4c\x6f\xa7\x94")):  # UTF-32 both ways, and "<?" in EBCDIC
        return "unsupported"
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    stripped = head.lstrip(b" \t\r\n")
    return "utf-8" if stripped.startswith(b"<") else None


def _prolog_verdict(text: str) -> str:
    """"root" once the root element starts, "doctype" for a DTD, "foreign" for a forbidden
    declared encoding, "more" when the text read so far ends inside the prolog."""
    at = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    while at < len(text):
        if text.startswith("<?", at):
            end = text.find("?>", at)
            if end < 0:
                return "more"
            declared = _DECLARATION.match(text, at)
            if declared and declared.group(1).strip().lower() not in _ALLOWED_ENCODINGS:
                return "foreign"
            at = end + 2
        elif text.startswith("<!--", at):
            end = text.find("-->", at + 4)
            if end < 0:
                return "more"
            at = end + 3
        elif text.startswith("<!", at):
            return "doctype"
        elif text.startswith("<", at):
            return "root" if len(text) > at + 1 else "more"
        elif text[at] in " \t\r\n":
            at += 1
        else:
            return "root"  # text before any markup: not well-formed; the parser refuses it
    return "more"


def _hostile(path: Path, what: str) -> BadFileError:
    return BadFileError(f"filen er afvist: {what}.", reason="hostile", file=path, hint=HINT_HOSTILE)
