"""Checking a ZIP archive for hostile structure (escaping names, links, bombs, overlaps) before reading it."""

from __future__ import annotations

import stat
import struct
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from kkrdesk.core.danish import format_size
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.limits import RATIO_FLOOR_BYTES, ArchiveLimits

EOCD_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
LOCAL_HEADER_SIZE = 30
EOCD_SIZE = 22
ZIP64_EOCD_SIZE = 56
MAX_COMMENT = 0xFFFF
DATA_DESCRIPTOR_FLAG = 0x08
ENCRYPTED_FLAG = 0x01
UTF8_NAME_FLAG = 0x800
SUPPORTED_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
UNIX_SYSTEM = 3

HINT_HOSTILE = ("Filen er ødelagt eller lavet for at skade. Åbn den ikke; bed afsenderen om en ny "
                "udgave.")


def _refuse(path: Path, message: str, reason: str = "hostile", hint: str = HINT_HOSTILE) -> BadFileError:
    return BadFileError(message, reason=reason, file=path, hint=hint)


def check_archive(path: Path, limits: ArchiveLimits, *, what: str = "ZIP-filen") -> list[zipfile.ZipInfo]:
    """The entries of the ZIP at ``path`` after every structural check; raise BadFileError otherwise.

    Nothing is extracted or written. Checked: the end record and central directory size (before
    zipfile parses them), entry count, names (``..``, absolute, drive, backslash, NUL, control
    characters, empty), links and special files, duplicates, encryption, compression methods,
    per-entry and total uncompressed size, compression ratio, and that entries neither overlap
    nor disagree with their local headers (the overlapping-entry bomb, CVE-2024-0450).
    """
    path = Path(path)
    _check_end_record(path, limits, what)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            directory_start = archive.start_dir
    except zipfile.BadZipFile as exc:
        raise _refuse(path, f"{what} er ødelagt eller afkortet ({exc}).", reason="damaged",
                      hint="Hent filen igen, eller bed afsenderen om at sende den igen.") from None
    except (OSError, ValueError, EOFError, struct.error, UnicodeDecodeError) as exc:
        raise _refuse(path, f"{what} kan ikke læses ({exc}).", reason="damaged",
                      hint="Hent filen igen, eller bed afsenderen om at sende den igen.") from None
    if len(infos) > limits.max_entries:
        raise _refuse(path, f"{what} har {len(infos)} filer; højst {limits.max_entries} er tilladt.")
    seen: dict[str, str] = {}
    total = 0
    for info in infos:
        _check_name(path, info, what)
        _check_type(path, info, what)
        key = unicodedata.normalize("NFC", info.filename.rstrip("/")).casefold()
        if key in seen:
            raise _refuse(path, f'{what} indeholder to dele med samme navn ("{info.filename}" to gange).')
        seen[key] = info.filename
        if info.is_dir():
            if info.file_size:
                raise _refuse(path, f'mappen "{info.filename}" i {what} har et indhold på '
                              f"{info.file_size} byte; en mappe har intet indhold.")
            continue
        if info.flag_bits & ENCRYPTED_FLAG:
            raise _refuse(path, f'"{info.filename}" i {what} er krypteret, og det kan kkrdesk ikke '
                          "åbne.", reason="encrypted",
                          hint="Bed afsenderen om en udgave uden kryptering.")
        if info.compress_type not in SUPPORTED_METHODS:
            raise _refuse(path, f'"{info.filename}" i {what} er pakket med en metode (nr. '
                          f"{info.compress_type}), som kkrdesk ikke læser.", reason="unsupported",
                          hint="Pak filen igen som almindelig ZIP (Deflate).")
        entry_limit = _entry_limit(info.filename, limits)
        if info.file_size > entry_limit:
            raise _refuse(path, f'"{info.filename}" i {what} fylder {format_size(info.file_size)} udpakket; '
                          f"højst {format_size(entry_limit)} er tilladt.", reason="too-large")
        if info.file_size > RATIO_FLOOR_BYTES and \
                info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(path, f'"{info.filename}" i {what} pakkes {ratio} gange ud (fra '
                          f"{format_size(info.compress_size)} til {format_size(info.file_size)}); højst "
                          f"{limits.max_ratio} gange er rimeligt. Det ligner en ZIP-bombe.")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise _refuse(path, f"{what} fylder mere end {format_size(limits.max_total_bytes)} udpakket.",
                          reason="too-large")
    _check_layout(path, infos, directory_start, what)
    return infos


def _entry_limit(name: str, limits: ArchiveLimits) -> int:
    if limits.max_worksheet_bytes is not None and name.startswith("xl/worksheets/"):
        return limits.max_worksheet_bytes
    return limits.max_entry_bytes


def _check_end_record(path: Path, limits: ArchiveLimits, what: str) -> None:
    """Read the end-of-central-directory record ourselves, so absurd counts are refused unparsed."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            tail_start = max(0, size - EOCD_SIZE - MAX_COMMENT)
            handle.seek(tail_start)
            tail = handle.read()
            at = tail.rfind(EOCD_SIGNATURE)
            if at < 0 or len(tail) - at < EOCD_SIZE:
                raise _refuse(path, f"{what} er afkortet eller ikke en ZIP-fil (slutningen mangler).",
                              reason="truncated",
                              hint="Hent filen igen; den blev måske ikke hentet helt.")
            (_, _, _, _, entries, directory_size, _, _) = struct.unpack("<4sHHHHIIH",
                                                                         tail[at:at + EOCD_SIZE])
            if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
                entries, directory_size = _zip64_counts(handle, tail_start + at, path, what)
    except OSError as exc:
        raise _refuse(path, f"{what} kan ikke læses ({exc.strerror}).", reason="missing",
                      hint="Kontrollér stien, og at du har adgang til filen.") from None
    if entries > limits.max_entries:
        raise _refuse(path, f"{what} siger, at den har {entries} filer; højst {limits.max_entries} "
                      "er tilladt.")
    if directory_size > limits.max_central_directory_bytes or directory_size > size:
        raise _refuse(path, f"{what} har en indholdsfortegnelse på {directory_size} byte, som ikke "
                      "passer til filen.")


def _zip64_counts(handle: BinaryIO, eocd_offset: int, path: Path, what: str) -> tuple[int, int]:
    locator_offset = eocd_offset - 20
    if locator_offset < 0:
        raise _refuse(path, f"{what} har en ødelagt ZIP64-slutning.", reason="damaged")
    handle.seek(locator_offset)
    locator = handle.read(20)
    if locator[:4] != ZIP64_LOCATOR_SIGNATURE:
        raise _refuse(path, f"{what} har en ødelagt ZIP64-slutning.", reason="damaged")
    (record_offset,) = struct.unpack("<Q", locator[8:16])
    # The record normally sits just before its locator; the offset it names is wrong when
    # something (a self-extractor stub, junk) was prepended to the archive.
    for offset in (locator_offset - ZIP64_EOCD_SIZE, record_offset):
        if offset < 0:
            continue
        handle.seek(offset)
        record = handle.read(ZIP64_EOCD_SIZE)
        if len(record) == ZIP64_EOCD_SIZE and record[:4] == ZIP64_EOCD_SIGNATURE:
            break
    else:
        raise _refuse(path, f"{what} har en ødelagt ZIP64-slutning.", reason="damaged")
    entries, directory_size = struct.unpack("<QQ", record[32:48])
    return entries, directory_size


def _check_name(path: Path, info: zipfile.ZipInfo, what: str) -> None:
    name = info.filename
    shown = name.encode("unicode_escape").decode("ascii")
    if not name or name in ("/", "."):
        raise _refuse(path, f"{what} indeholder en fil uden navn.")
    if "\x00" in info.orig_filename or any(unicodedata.category(ch) == "Cc" for ch in name):
        raise _refuse(path, f'{what} indeholder et filnavn med kontroltegn ("{shown}").')
    if "\\" in name:
        raise _refuse(path, f'{what} indeholder et filnavn med omvendt skråstreg ("{shown}"), som '
                      "kan pege uden for mappen i Windows.")
    posix = PurePosixPath(name)
    if name.startswith("/") or PureWindowsPath(name).drive or posix.is_absolute():
        raise _refuse(path, f'{what} indeholder den absolutte sti "{shown}", som peger uden for '
                      "mappen.")
    if ".." in posix.parts or "." in name.split("/")[:-1]:
        raise _refuse(path, f'{what} indeholder stien "{shown}", som peger uden for mappen.')
    if any(part.strip() != part or part.endswith(".") for part in posix.parts):
        raise _refuse(path, f'{what} indeholder et filnavn med mellemrum eller punktum i enden '
                      f'("{shown}"), som Windows ændrer.')


def _check_type(path: Path, info: zipfile.ZipInfo, what: str) -> None:
    if info.create_system != UNIX_SYSTEM:
        return  # only Unix-made archives carry file types in external_attr
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise _refuse(path, f'"{info.filename}" i {what} er et link, som kunne pege uden for mappen.')
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise _refuse(path, f'"{info.filename}" i {what} er ikke en almindelig fil.')


def _check_layout(path: Path, infos: list[zipfile.ZipInfo], directory_start: int, what: str) -> None:
    """Each entry's bytes lie between its own local header and the next one; nothing is shared."""
    ordered = sorted(infos, key=lambda info: info.header_offset)
    try:
        with open(path, "rb") as handle:
            previous_end = 0
            for info in ordered:
                if info.header_offset < previous_end:
                    raise _refuse(path, f'"{info.filename}" i {what} overlapper en anden fil i '
                                  "arkivet (et kendt trick i ZIP-bomber).")
                handle.seek(info.header_offset)
                header = handle.read(LOCAL_HEADER_SIZE)
                if len(header) < LOCAL_HEADER_SIZE or header[:4] != LOCAL_HEADER_SIGNATURE:
                    raise _refuse(path, f'"{info.filename}" i {what} peger på et sted i filen, hvor '
                                  "der ikke er en fil.", reason="damaged")
                name_length, extra_length = struct.unpack("<HH", header[26:30])
                local_name = handle.read(name_length)
                encoding = "utf-8" if info.flag_bits & UTF8_NAME_FLAG else "cp437"
                if local_name.decode(encoding, errors="replace") != info.orig_filename:
                    raise _refuse(path, f'"{info.filename}" har et andet navn i filens egen '
                                  f"overskrift end i {what}s indholdsfortegnelse.")
                end = (info.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length
                       + info.compress_size)
                if info.flag_bits & DATA_DESCRIPTOR_FLAG:
                    end += 12
                if end > directory_start:
                    raise _refuse(path, f'"{info.filename}" i {what} går ud over arkivets '
                                  "indholdsfortegnelse; filen er afkortet eller ødelagt.",
                                  reason="damaged")
                previous_end = end
    except OSError as exc:
        raise _refuse(path, f"{what} kan ikke læses ({exc.strerror}).", reason="damaged") from None
