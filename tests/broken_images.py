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


def tiff_by_imagemagick(target: Path, pictures: tuple[str, ...], compression: str) -> Path:
    """A TIFF written by ImageMagick (not Pillow), a page per picture: "scan" (an A4 sheet at 150 dpi
    with two black bars, bilevel) or "photo" (a colour gradient, 16 bits a sample); ``compression``
    is ImageMagick's name (Group4, LZW, Zip, None), the same for every page."""
    args: list[str] = []
    for picture in pictures:
        if picture == "scan":
            args += ["(", "-size", "1240x1754", "xc:white", "-fill", "black", "-draw", "rectangle 100,100 1140,180",
                     "-draw", "rectangle 100,1500 700,1540", "-monochrome", "-depth", "1", ")"]
        else:
            args += ["(", "-size", "600x400", "gradient:navy-orange", "-depth", "16", ")"]
    subprocess.run(["convert", *args, "-compress", compression, str(target)], check=True, timeout=60)
    return target


def tiff_claiming(*sizes: tuple[int, int]) -> bytes:
    """A little-endian TIFF written field by field: a bilevel page per (width, height) claimed, with
    one strip of 16 bytes behind each page's directory (a page claiming more holds no more)."""
    fields = 9
    directory = 2 + 12 * fields + 4
    data = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for number, (width, height) in enumerate(sizes, start=1):
        strip = len(data) + directory
        following = strip + 16 if number < len(sizes) else 0
        entries = [(256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 1), (262, 3, 0),
                   (273, 4, strip), (277, 3, 1), (278, 4, height), (279, 4, 16)]
        data += struct.pack("<H", fields)
        for tag, kind, value in entries:
            data += struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3
                                                           else struct.pack("<I", value))
        data += struct.pack("<I", following) + b"\x00" * 16
    return bytes(data)


def with_exif_orientation(jpeg: bytes, orientation: int) -> bytes:
    """``jpeg`` with an EXIF segment written by hand saying how to turn it (6: a quarter turn clockwise,
    as a phone held upright stores its photo)."""
    tiff = b"MM\x00*" + struct.pack(">I", 8) + struct.pack(">H", 1) + struct.pack(">HHIHH", 0x0112, 3, 1,
                                                                                 orientation, 0) + b"\x00" * 4
    segment = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(segment) + 2) + segment + jpeg[2:]
