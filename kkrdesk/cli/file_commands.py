"""Sub-commands about single files: check-file (what a file is and whether kkrdesk can show it)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import REASONS

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
    from kkrdesk.core.files.inspect import pdf_active_content  # only check-file reads them
    from kkrdesk.core.text.preview import prepare_preview

    try:
        preview = prepare_preview(args.file)
    except BadFileError as exc:
        reason = REASONS.get(exc.reason)
        if reason and reason.removeprefix("filen er ") not in exc.message:   # unless the message says it
            raise BadFileError(exc.message, reason=exc.reason, file=exc.file,
                               hint=f"{exc.hint} (Årsag: {reason}.)") from None
        raise
    kind = _describe(preview)
    note = preview.note or ("Filen er beskadiget; kkrdesk kan vise en repareret kopi."
                            if preview.needs_repair else "")
    active = pdf_active_content(args.file) if preview.kind == "pdf" and preview.pdf == preview.path else None
    if args.json:
        print_json({"ok": True, "file": str(args.file), "shown_as": "image" if preview.picture else preview.kind,
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
        return f"{'billede' if preview.picture else 'PDF'}, {preview.pages} {'side' if preview.pages == 1 else 'sider'}"
    if preview.kind == "table":
        return f"tabel med {len(preview.sheets)} ark"
    return {"html": "Word-dokument", "text": "tekst"}[preview.kind]
