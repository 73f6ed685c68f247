"""The screening child (``kkrdesk _screen-pdf``; a batch's images too): only what screening needs is imported."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from pathlib import Path
from typing import TextIO

from kkrdesk.core.files.image_screen import image_verdict_here, load_image_libraries
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import PDF_SCREEN_MEMORY_BYTES
from kkrdesk.core.files.pdf_screen import (
    SKIPPED,
    load_screening_libraries,
    too_much_memory,
    verdict_here,
)
from kkrdesk.core.files.screen_start import SCREEN_COMMAND
from kkrdesk.core.files.sniff import screened_kind
from kkrdesk.core.process import limit_address_space


def screen_pdf_main(argv: list[str]) -> int:
    """``kkrdesk _screen-pdf FILE [--memory BYTES]`` (PDF_SCREEN_MEMORY_BYTES unless told), password
    on stdin (or ``--batch LIST.json``, no password, one verdict line per file; ``--batch -``: the list is stdin's first line, and
    each line after it the index of a file to pass over): the child that
    core/files/pdf_screen.py starts to screen an untrusted PDF where a hang or a memory blow-up
    can be stopped. In a batch an image gets image_screen's verdict (the same checks as its own
    child's, under the same memory limit). Dispatched before the parser is built, so the child
    starts quickly."""
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
    kinds = [_kind(path) for path in files] if args.batch else [FileKind.PDF]
    if args.memory > 0:
        load_screening_libraries()
        if FileKind.IMAGE in kinds:
            load_image_libraries()
        if not limit_address_space(args.memory):
            for _ in files:
                sys.stdout.write(json.dumps(too_much_memory(memory)) + "\n")
            return 0
    password = "" if args.batch else sys.stdin.read()
    for index, (path, kind) in enumerate(zip(files, kinds, strict=True)):
        if args.batch == "-" and (index in passed_over or kind is None):
            answer: object = SKIPPED
        elif kind is FileKind.IMAGE:
            answer = image_verdict_here(path, memory)
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


def _kind(path: Path) -> FileKind | None:
    """PDF or IMAGE by the file's first bytes; None for any other file, the parent's to judge (it
    never asks for its verdict)."""
    try:
        return screened_kind(path)
    except OSError:
        return FileKind.PDF    # screening says what is wrong with it
