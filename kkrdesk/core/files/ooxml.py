"""Guarding Office packages (DOCX, XLSX) before a parser sees them: archive limits and no DTDs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.archive import ArchiveLimits, check_archive

OFFICE_LIMITS = ArchiveLimits(max_entries=5_000, max_entry_bytes=256 * 1024 * 1024,
                              max_total_bytes=1024 * 1024 * 1024, max_ratio=200)
XML_HEAD_BYTES = 4096


def check_office_package(path: Path, *, what: str = "dokumentet") -> None:
    """Refuse an Office file that is a hostile archive or whose XML parts declare a DTD."""
    path = Path(path)
    infos = check_archive(path, OFFICE_LIMITS, what=what)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as part:
                    head = part.read(XML_HEAD_BYTES)
                if b"<!DOCTYPE" in head or b"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E" in head:
                    raise BadFileError(f'{what} indeholder en DTD i "{info.filename}", som Office-'
                                       "filer aldrig har; den kan bruges til angreb.",
                                       reason="hostile", file=path,
                                       hint="Åbn ikke filen; bed afsenderen om en ny udgave.")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise BadFileError(f"{what} er ødelagt ({exc}).", reason="damaged", file=path,
                           hint="Gem dokumentet igen, og tilføj den nye fil.") from None
