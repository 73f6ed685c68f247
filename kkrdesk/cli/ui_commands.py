"""Sub-commands that need the window machinery: screenshot."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core import danish
from kkrdesk.core.errors import UsageError
from kkrdesk.core.files.limits import SCREENSHOT_MAX_PIXELS, SCREENSHOT_MAX_SIDE


def register(subparsers) -> None:
    shot = subparsers.add_parser("screenshot", help="gem et billede af hovedvinduet med et møde",
                                 description="Tegner hovedvinduet uden skærm og gemmer det som PNG.")
    shot.add_argument("dir", type=Path, metavar="MAPPE")
    shot.add_argument("-o", "--output", type=Path, required=True, metavar="FIL.png")
    shot.add_argument("--size", default="1400x900", help="bredde x højde i pixels (standard 1400x900)")
    shot.add_argument("--item", default=None, help="punkt, der skal være valgt (standard: det første med bilag)")
    shot.add_argument("--bilag", default=None, metavar="PUNKT/NR",
                      help="åbn et bilag, som et dobbeltklik gør, fx 2.7/2 (bilag 2 til punkt 2.7)")
    shot.add_argument("--tab", default=None, metavar="FANE",
                      help="vis en fane: Dagsorden, Læser, Søg, Undersøgelse eller Kontrakt")
    shot.add_argument("--search", default=None, metavar="TEKST", help="søg efter TEKST på fanen Søg")
    shot.add_argument("--export-dialog", action="store_true",
                      help="tag billedet af eksportvinduet (efter kontrollen) i stedet for hovedvinduet")
    add_json_flag(shot)
    shot.set_defaults(run=run_screenshot)


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{2,5})[x×](\d{2,5})", text.strip())
    if not match:
        raise UsageError(f'"{text}" er ikke en størrelse.', hint="Skriv fx --size 1400x900.")
    width, height = int(match.group(1)), int(match.group(2))
    if max(width, height) > SCREENSHOT_MAX_SIDE or width * height > SCREENSHOT_MAX_PIXELS:
        raise UsageError(f"{width}×{height} pixels er for stort til et skærmbillede; grænsen er "
                         f"{danish.format_int(SCREENSHOT_MAX_SIDE)} pixels på hver led og "
                         f"{danish.format_int(SCREENSHOT_MAX_PIXELS)} pixels i alt.",
                         hint="Vælg en mindre størrelse, fx --size 1400x900.")
    return width, height


def run_screenshot(args: argparse.Namespace) -> int:
    size = _size(args.size)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kkrdesk.ui.screenshot import Shot, parse_bilag, render_main_window  # Qt only when a picture is wanted

    if args.bilag:
        parse_bilag(args.bilag)   # a usage error before any window is built
    shot = Shot(item=args.item, bilag=args.bilag, tab=args.tab, search=args.search,
                export_dialog=args.export_dialog)
    output = render_main_window(args.dir, args.output, size, shot=shot)
    if args.json:
        print_json({"ok": True, "output": str(output), "size": list(size)})
    else:
        print(f"Gemte {output} ({size[0]}×{size[1]}).")
    return EXIT_OK
