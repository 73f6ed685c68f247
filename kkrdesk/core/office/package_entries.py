"""Zip packages as kkrdesk writes them (Office files, packs): every entry a regular file, mode 0644, as Word's unpack."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING

from kkrdesk.core.errors import InternalError

if TYPE_CHECKING:
    from docx.document import Document

ENTRY_MODE = stat.S_IFREG | 0o644
UNIX = 3     # zip's "made by" system whose external attributes carry a Unix mode

DateTime = tuple[int, int, int, int, int, int]
PartEdit = Callable[[str, bytes], bytes | None]

# Fixed-size records of the zip format (APPNOTE 4.3.7, 4.3.12, 4.3.16), as zipfile lays them out.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_CENTRAL_SYSTEM, _CENTRAL_TIME, _CENTRAL_ATTRIBUTES, _CENTRAL_OFFSET = 5, 12, 38, 42
_LOCAL_TIME = 10
_MAX_COMMENT = 0xFFFF


def regular(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """``info`` marked as a regular file with mode 0644, made on Unix."""
    info.create_system = UNIX
    info.external_attr = ENTRY_MODE << 16
    return info


def regular_entry(name: str, date_time: DateTime) -> zipfile.ZipInfo:
    """A deflated zip entry for a regular file, mode 0644."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    return regular(info)


def with_regular_entries(package: bytes, *, date_time: DateTime | None = None,
                         edit: PartEdit | None = None) -> bytes:
    """``package`` (a zip) again with every entry a regular 0644 file, dated ``date_time`` (each its
    own date if None), in the same order; ``edit(name, data)`` may change a part or drop it (None).

    Without an edit the compressed data is kept as it is: only the entries' headers change.
    """
    if edit is not None:
        package = _edited(package, edit)
    return _marked_regular(package, date_time)


def docx_bytes(document: Document, *, date_time: DateTime | None = None) -> bytes:
    """A python-docx document as a DOCX file whose entries are regular 0644 files (python-docx's own
    save makes them 0600, so an unzipped copy is readable by its owner alone)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return with_regular_entries(buffer.getvalue(), date_time=date_time)


def _edited(package: bytes, edit: PartEdit) -> bytes:
    """The package with ``edit`` applied to each part, its entries written (and compressed) anew."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            edited = edit(info.filename, source.read(info))
            if edited is not None:
                target.writestr(regular_entry(info.filename, info.date_time), edited)
    return out.getvalue()


def _marked_regular(package: bytes, date_time: DateTime | None) -> bytes:
    """The package with each central directory entry's system and mode (and with ``date_time``, each
    entry's date in both its headers) rewritten in place; sizes, offsets and data stay."""
    data = bytearray(package)
    count, position = _central_directory(data)
    dos_time = None if date_time is None else _dos_time(date_time)
    for _ in range(count):
        record = _CENTRAL.unpack_from(data, position)
        _expect(record[0] == b"PK\x01\x02", "en post i indholdsfortegnelsen mangler")
        data[position + _CENTRAL_SYSTEM] = UNIX
        struct.pack_into("<L", data, position + _CENTRAL_ATTRIBUTES, ENTRY_MODE << 16)
        if dos_time is not None:
            local = struct.unpack_from("<L", data, position + _CENTRAL_OFFSET)[0]
            _expect(data[local:local + 4] == b"PK\x03\x04", "en fils hoved mangler")
            struct.pack_into("<2H", data, position + _CENTRAL_TIME, *dos_time)
            struct.pack_into("<2H", data, local + _LOCAL_TIME, *dos_time)
        name_length, extra_length, comment_length = record[12:15]
        position += _CENTRAL.size + name_length + extra_length + comment_length
    return bytes(data)


def _central_directory(data: bytearray) -> tuple[int, int]:
    """How many entries the package has and where its central directory starts (zip64 is not
    expected: kkrdesk's Office files are far below 4 GB and 65.535 entries)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _END.size - _MAX_COMMENT))
    _expect(end >= 0, "indholdsfortegnelsen mangler")
    _, _, _, _, count, _, start, _ = _END.unpack_from(data, end)
    _expect(count != 0xFFFF and start != 0xFFFFFFFF, "den er i zip64-format")
    return count, start


def _expect(holds: bool, what: str) -> None:
    """The package came from a zip library in this process: anything else is kkrdesk's own bug."""
    if not holds:
        raise InternalError(f"kkrdesk lavede en zip-pakke (en Word- eller Excel-fil), som ikke kan "
                            f"bruges: {what}.", hint="Det er en fejl i kkrdesk; send gerne fejlrapporten.")


def _dos_time(moment: DateTime) -> tuple[int, int]:
    """(time, date) as zip headers store them: two-second steps, years from 1980."""
    year, month, day, hour, minute, second = moment
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day
