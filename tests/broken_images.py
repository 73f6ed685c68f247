"""Images for the broken-image tests: a PNG written chunk by chunk without Pillow, and ways to damage it."""

from __future__ import annotations

import struct
import subprocess
import zlib
from pathlib import Path


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


def png_header_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with one row of data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
            + chunk(b"IEND", b""))


def picture_by_poppler(folder: Path, kind: str) -> Path:
    """A page rendered by pdftoppm as ``kind`` ("jpeg", "png" or "tiff"): encoded by poppler, not Pillow."""
    from tests.reader_helpers import write_pdf

    page = write_pdf(folder / "side.pdf", ["Referat fra KKR Sjælland, 27. februar 2025: Vækstplan."])
    subprocess.run(["pdftoppm", "-r", "40", "-singlefile", f"-{kind}", str(page), str(folder / "side")],
                   check=True, timeout=60)
    return next(path for path in folder.glob("side.*") if path.suffix != ".pdf")


def cut_in_half(path: Path, target: Path) -> Path:
    """The first half of ``path``'s bytes, as a download stopped half-way leaves it."""
    data = path.read_bytes()
    target.write_bytes(data[:len(data) // 2])
    return target
