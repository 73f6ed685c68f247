"""The image screening child (``kkrdesk _screen-image FILE``): decodes one image under limits, prints its verdict."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kkrdesk.core.files.image_screen import (
    IMAGE_SCREEN_COMMAND,
    image_verdict_here,
    load_image_libraries,
    too_much_memory,
)
from kkrdesk.core.files.limits import IMAGE_SCREEN_MEMORY_BYTES
from kkrdesk.core.process import limit_address_space


def screen_image_main(argv: list[str]) -> int:
    """The child core/files/image_screen.py starts: one line of JSON on stdout, the verdict.
    Dispatched before the parser is built, so the child starts quickly."""
    parser = argparse.ArgumentParser(prog=f"kkrdesk {IMAGE_SCREEN_COMMAND}", add_help=False)
    parser.add_argument("file", type=Path)
    parser.add_argument("--memory", type=int, default=IMAGE_SCREEN_MEMORY_BYTES)
    args = parser.parse_args(argv)
    load_image_libraries()
    if limit_address_space(args.memory):
        verdict = image_verdict_here(args.file, args.memory)
    else:
        verdict = too_much_memory(args.memory, final=False)   # not the file's doing
    sys.stdout.write(json.dumps(verdict) + "\n")
    sys.stdout.flush()
    return 0
