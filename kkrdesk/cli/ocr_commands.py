"""Sub-command ocr: a scanned PDF made searchable as a cached copy; the original is never changed."""

from __future__ import annotations

import argparse
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core.ocr.rendition import ocr_rendition


def register(subparsers) -> None:
    command = subparsers.add_parser(
        "ocr", help="gør en scannet PDF søgbar (tekstgenkendelse)",
        description="Giver de scannede sider i en PDF et dansk tekstlag med ocrmypdf og "
                    "Tesseract. Den oprindelige fil ændres ikke; den søgbare kopi gemmes i "
                    "kkrdesks cache under filens fingeraftryk og genbruges næste gang.")
    command.add_argument("file", type=Path, metavar="FIL", help="den scannede PDF")
    add_json_flag(command)
    command.set_defaults(run=run_ocr)


def run_ocr(args: argparse.Namespace) -> int:
    copy = ocr_rendition(args.file)
    if args.json:
        print_json({"ok": True, "file": str(args.file), "searchable_copy": str(copy)})
    else:
        print(f"Den søgbare kopi af {args.file.name} er {copy}.")
    return EXIT_OK
