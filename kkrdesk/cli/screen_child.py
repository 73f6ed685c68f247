"""The PDF screening child (``kkrdesk _screen-pdf``): only what screening needs is imported, so it starts quickly."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from pathlib import Path
from typing import TextIO

from kkrdesk.core.files.limits import PDF_SCREEN_MEMORY_BYTES
from kkrdesk.core.files.pdf_screen import (
    SKIPPED,
    load_screening_libraries,
    too_much_memory,
    verdict_here,
)
from kkrdesk.core.files.screen_start import SCREEN_COMMAND
from kkrdesk.core.files.sniff import is_pdf
from kkrdesk.core.process import limit_address_space


def screen_pdf_main(argv: list[str]) -> int:
    """``kkrdesk _screen-pdf FILE [--memory BYTES]`` (PDF_SCREEN_MEMORY_BYTES unless told), password
    on stdin (or ``--batch LIST.json``, no password, one verdict line per file; ``--batch -``: the list is stdin's first line, and
    each line after it the index of a file to pass over): the child that
    core/files/pdf_screen.py starts to screen an untrusted PDF where a hang or a memory blow-up
    can be stopped. Dispatched before the parser is built, so the child starts quickly."""
    parser = argparse.ArgumentParser(prog=f"kkrdesk {SCREEN_COMMAND}", add_help=False)
    parser.add_argument("file", type=Path, nargs="?")
    parser.add_argument("--memory", type=int, default=PDF_SCREEN_MEMORY_BYTES, help="0: no limit")
    parser.add_argument("--batch", help="a JSON list of files (- for stdin): one verdict line each, in order")
    args = parser.parse_args(argv)
    memory = args.memory or PDF_SCREEN_MEMORY_BYTES     # the limit a refusal names
    passed_over: set[int] = set()
    if args.batch == "-":
        files = [Path(name) for name in json.loads(sys.stdin.readline())]
        threading.Thread(target=_read_indexes, args=(sys.stdin, passed_over), daemon=True).start()
    elif args.batch:
        files = [Path(name) for name in json.loads(Path(args.batch).read_text(encoding="utf-8"))]
    else:
        files = [args.file]
    if args.memory > 0:
        load_screening_libraries()
        if not limit_address_space(args.memory):
            for _ in files:
                sys.stdout.write(json.dumps(too_much_memory(memory)) + "\n")
            return 0
    password = "" if args.batch else sys.stdin.read()
    for index, path in enumerate(files):
        if args.batch == "-" and (index in passed_over or not _is_pdf(path)):
            answer: object = SKIPPED
        else:
            answer = verdict_here(path, password, memory)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return 0


def _read_indexes(stream: TextIO, indexes: set[int]) -> None:
    """Add each line's index to ``indexes`` until the stream ends."""
    for line in stream:
        with contextlib.suppress(ValueError):
            indexes.add(int(line))


def _is_pdf(path: Path) -> bool:
    """A file that is no PDF by its first bytes is the parent's to judge (it never asks for its verdict)."""
    try:
        return is_pdf(path)
    except OSError:
        return True    # screening says what is wrong with it
