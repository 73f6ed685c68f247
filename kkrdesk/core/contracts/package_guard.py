"""Refusing hostile Office packages (DOCX, XLSX) before any XML library opens them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kkrdesk.core.errors import BadFileError

MAX_ENTRIES = 5_000
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_PART_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200            # uncompressed / compressed, for parts above RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 2 * 1024 * 1024
SCAN_CHUNK = 1024 * 1024
# OOXML forbids DTDs; a DOCTYPE is how entity bombs and external entities get in.
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"),
              "<!ENTITY".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be"))
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def check_package(path: Path) -> None:
    """Raise BadFileError unless ``path`` is a ZIP package safe to hand to an XML library.

    Checks entry count, duplicate and overlapping entries (the zip bombs Python 3.11.7 does
    not stop), sizes and compression ratios, and DTDs in any XML part.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_entries(path, infos)
            for info in infos:
                if info.filename.lower().endswith(_XML_SUFFIXES):
                    _check_xml_part(path, archive, info)
    except zipfile.BadZipFile:
        raise BadFileError("filen er ødelagt eller afkortet (ZIP-pakken kan ikke læses).",
                           reason="truncated", file=path, hint="Hent eller gem filen igen.") from None
    except (OSError, EOFError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise BadFileError(f"filen kan ikke pakkes ud ({exc}).", reason="damaged", file=path,
                           hint="Hent eller gem filen igen.") from None


def _hostile(path: Path, what: str) -> BadFileError:
    return BadFileError(f"filen er afvist: {what}.", reason="hostile", file=path,
                        hint="Filen er sandsynligvis ødelagt eller lavet for at skade; bed "
                             "afsenderen om en ny kopi, gemt direkte fra Word eller Excel.")


def _check_entries(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _hostile(path, f"den har {len(infos)} dele")
    names = [info.filename.lower() for info in infos]
    if len(set(names)) != len(names):
        raise _hostile(path, "den har to dele med samme navn")
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise _hostile(path, "den fylder mere end 256 MB, når den pakkes ud")
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise _hostile(path, f"delen {info.filename} er for stor")
        if (info.file_size > RATIO_FLOOR_BYTES
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise _hostile(path, f"delen {info.filename} er pakket usandsynligt tæt (zip-bombe)")
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for current, following in zip(ordered, ordered[1:], strict=False):
        if current.header_offset + current.compress_size > following.header_offset:
            raise _hostile(path, "dens dele overlapper hinanden (zip-bombe)")


def _check_xml_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    overlap = max(len(marker) for marker in _FORBIDDEN)
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(SCAN_CHUNK):
            window = tail + chunk
            if any(marker in window for marker in _FORBIDDEN):
                raise _hostile(path, f"delen {info.filename} indeholder en DTD (<!DOCTYPE>), "
                                     "som Office-filer ikke må have")
            tail = window[-overlap:]
