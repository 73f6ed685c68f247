"""Sub-command ocr: a scanned PDF or image made searchable as a cached copy; the original is never changed."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core.ocr.rendition import ocr_rendition


def register(subparsers) -> None:
    command = subparsers.add_parser(
        "ocr", help="gør en scannet PDF eller et scannet billede søgbart (tekstgenkendelse)",
        description="Giver de scannede sider i en PDF eller et billede (fx en TIFF-scanning) et "
                    "dansk tekstlag med ocrmypdf og Tesseract; et billede læses som den PDF, "
                    "bilagspakken trykker det som. Den oprindelige fil ændres ikke; den søgbare "
                    "kopi gemmes i kkrdesks cache under filens fingeraftryk og genbruges næste gang.")
    command.add_argument("file", type=Path, metavar="FIL", help="den scannede PDF eller det scannede billede")
    add_json_flag(command)
    command.set_defaults(run=run_ocr)


def run_ocr(args: argparse.Namespace) -> int:
    copy = ocr_rendition(args.file, on_page=None if args.json else _page_read)
    if args.json:
        print_json({"ok": True, "file": str(args.file), "searchable_copy": str(copy)})
    else:
        print(f"Den søgbare kopi af {args.file.name} er {copy}.")
    return EXIT_OK


def _page_read(done: int, total: int) -> None:
    print(f"Side {done} af {total} er læst …", file=sys.stderr, flush=True)
