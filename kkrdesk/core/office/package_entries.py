"""Office files as kkrdesk writes them: every zip entry a regular file with mode 0644, as Word and LibreOffice files unpack."""

from __future__ import annotations

import io
import stat
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.document import Document

ENTRY_MODE = stat.S_IFREG | 0o644
UNIX = 3     # zip's "made by" system whose external attributes carry a Unix mode

DateTime = tuple[int, int, int, int, int, int]
PartEdit = Callable[[str, bytes], bytes | None]


def regular_entry(name: str, date_time: DateTime) -> zipfile.ZipInfo:
    """A deflated zip entry for a regular file, mode 0644."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = UNIX
    info.external_attr = ENTRY_MODE << 16
    return info


def with_regular_entries(package: bytes, *, date_time: DateTime | None = None,
                         edit: PartEdit | None = None) -> bytes:
    """``package`` (a zip) again with every entry a regular 0644 file, dated ``date_time`` (each its
    own date if None), in the same order; ``edit(name, data)`` may change a part or drop it (None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            edited = data if edit is None else edit(info.filename, data)
            if edited is not None:
                target.writestr(regular_entry(info.filename, date_time or info.date_time), edited)
    return out.getvalue()


def docx_bytes(document: Document, *, date_time: DateTime | None = None) -> bytes:
    """A python-docx document as a DOCX file whose entries are regular 0644 files (python-docx's own
    save makes them 0600, so an unzipped copy is readable by its owner alone)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return with_regular_entries(buffer.getvalue(), date_time=date_time)
