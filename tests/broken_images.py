"""Images for the broken-image tests: a PNG written chunk by chunk without Pillow, and ways to damage it."""

from __future__ import annotations

import struct
import zlib


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_by_hand(width: int = 64, height: int = 48) -> bytes:
    """A grey RGB PNG written chunk by chunk (no Pillow), so the reader is tested on someone else's bytes."""
    rows = b"".join(b"\x00" + bytes([(x * 4 + y) % 256 for x in range(width) for _ in range(3)])
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def with_bad_checksum(png: bytes) -> bytes:
    damaged = bytearray(png)
    damaged[png.index(b"IDAT") + 12] ^= 0xFF          # a byte of the image data: its CRC no longer fits
    return bytes(damaged)
