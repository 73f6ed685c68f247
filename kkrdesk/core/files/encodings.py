"""Decoding a plain-text user file (CSV, TXT) in the encodings Danish files come in."""

from __future__ import annotations

from kkrdesk.core.files.sniff import UTF32_BOMS, utf16_without_bom


def decode_text_file(raw: bytes) -> str:
    """Text in the encodings Danish files come in: UTF-8 (with or without BOM), UTF-16 or -32 with BOM, cp1252."""
    if raw.startswith(UTF32_BOMS):
        return raw.decode("utf-32", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    if encoding := utf16_without_bom(raw[:4096]):
        return raw.decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")
