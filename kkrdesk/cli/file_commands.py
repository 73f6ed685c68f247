"""Sub-commands about single files: check-file (what a file is and whether kkrdesk can show it), and the PDF screening child."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
from pathlib import Path
from typing import TextIO

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import REASONS
from kkrdesk.core.files.limits import PDF_SCREEN_MEMORY_BYTES
from kkrdesk.core.files.pdf_screen import (
    SKIPPED,
    load_screening_libraries,
    too_much_memory,
    verdict_here,
)
from kkrdesk.core.files.screen_start import SCREEN_COMMAND
from kkrdesk.core.files.sniff import is_pdf

LINKS_SHOWN = 10   # web links named by check-file (--json lists them all)


def register(subparsers) -> None:
    check = subparsers.add_parser(
        "check-file", help="kontrollér en fil: hvad den er, og om kkrdesk kan vise den",
        description="Sender filen gennem kkrdesks kontrol af filer udefra (ødelagte, krypterede, "
                    "for store og skadelige filer afvises) og gør den klar til visning, uden at "
                    "skrive noget. Afslutter med 1, hvis filen afvises, og siger hvorfor.")
    check.add_argument("file", type=Path, metavar="FIL")
    add_json_flag(check)
    check.set_defaults(run=run_check_file)


def run_check_file(args: argparse.Namespace) -> int:
    from kkrdesk.core.files.inspect import pdf_active_content  # not needed by the screening child
    from kkrdesk.core.text.preview import prepare_preview

    try:
        preview = prepare_preview(args.file)
    except BadFileError as exc:
        if exc.reason in REASONS:      # say which class of bad input it is, beside what to do
            raise BadFileError(exc.message, reason=exc.reason, file=exc.file,
                               hint=f"{exc.hint} (Årsag: {REASONS[exc.reason]}.)") from None
        raise
    kind = _describe(preview)
    note = preview.note or ("Filen er beskadiget; kkrdesk kan vise en repareret kopi."
                            if preview.needs_repair else "")
    active = pdf_active_content(args.file) if preview.kind == "pdf" and preview.pdf == preview.path else None
    if args.json:
        print_json({"ok": True, "file": str(args.file), "shown_as": preview.kind,
                    "pages": preview.pages or None, "needs_repair": preview.needs_repair,
                    "note": note, "active_content": active.to_dict() if active else None})
        return EXIT_OK
    print(f"{args.file}: {kind}. kkrdesk kan vise filen.")
    if note:
        print(note)
    if active is not None:
        _print_active_content(active)
    return EXIT_OK


def _print_active_content(active) -> None:
    if active.removed:
        print(f"Aktivt indhold, som fjernes, når filen kommer i en bilagspakke: {active.describe()}.")
    if active.form_fields:
        print(f"Udfyldelige felter: {active.form_fields} (i en bilagspakke står de, som de er udfyldt).")
    if active.kept_links:
        shown, more = active.kept_links[:LINKS_SHOWN], len(active.kept_links) - LINKS_SHOWN
        print("Links, der beholdes: " + ", ".join(shown) + (f" og {more} flere" if more > 0 else "") + ".")


def _describe(preview) -> str:
    if preview.kind == "pdf":
        return f"PDF, {preview.pages} {'side' if preview.pages == 1 else 'sider'}"
    if preview.kind == "table":
        return f"tabel med {len(preview.sheets)} ark"
    return {"html": "Word-dokument", "image": "billede", "text": "tekst"}[preview.kind]


def screen_pdf_main(argv: list[str]) -> int:
    """``kkrdesk _screen-pdf FILE --memory BYTES``, password on stdin (or ``--batch LIST.json``,
    no password, one verdict line per file; ``--batch -``: the list is stdin's first line, and
    each line after it the index of a file to pass over): the child that
    core/files/pdf_screen.py starts to screen an untrusted PDF where a hang or a memory blow-up
    can be stopped. Dispatched before the parser is built, so the child starts quickly."""
    parser = argparse.ArgumentParser(prog=f"kkrdesk {SCREEN_COMMAND}", add_help=False)
    parser.add_argument("file", type=Path, nargs="?")
    parser.add_argument("--memory", type=int, default=0)
    parser.add_argument("--batch", help="a JSON list of files (- for stdin): one verdict line each, in order")
    args = parser.parse_args(argv)
    memory = args.memory or PDF_SCREEN_MEMORY_BYTES
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
        if not _limit_memory(args.memory):
            for _ in files:
                sys.stdout.write(json.dumps(too_much_memory(memory)) + "\n")
            return EXIT_OK
    password = "" if args.batch else sys.stdin.read()
    for index, path in enumerate(files):
        if args.batch == "-" and (index in passed_over or not _is_pdf(path)):
            answer: object = SKIPPED
        else:
            answer = verdict_here(path, password, memory)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    return EXIT_OK


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


def _limit_memory(limit: int) -> bool:
    """Cap this process's address space at ``limit``; False when the libraries alone already
    use more (then nothing could be screened, and a crash would be the only answer)."""
    try:
        import resource
    except ImportError:  # Windows: the time limit still applies
        return True
    in_use = _address_space_in_use()
    if in_use is not None and in_use >= limit:
        return False
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return True


def _address_space_in_use() -> int | None:
    """This process's virtual size in bytes, where the system tells (Linux), else None."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
