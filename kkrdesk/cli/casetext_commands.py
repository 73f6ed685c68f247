"""Sub-command import-text: an agenda item's Resumé, Indstilling, Sagsfremstilling and Beslutning from a Word case document."""

from __future__ import annotations

import argparse
from pathlib import Path

from kkrdesk.cli.meeting_commands import _open_for_writing
from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core.casetext.case_sections import FIELD_LABELS, CaseImport, read_case_document
from kkrdesk.core.errors import KkrError


def register(subparsers) -> None:
    command = subparsers.add_parser(
        "import-text", help="hent et punkts tekster fra en sagsfremstilling i Word",
        description="Læser et Word-dokument, finder afsnittene Resumé, Indstilling, "
                    "Sagsfremstilling (også »Baggrund«, »Forslag til beslutning«, »Indstilling til "
                    "KKR«) og Beslutning ved deres overskrifter og sætter dem ind i punktet. Afsnit, "
                    "punkt- og nummerlister og tabeller (som tekst) bevares.")
    command.add_argument("dir", type=Path, metavar="MAPPE", help="mødemappen")
    command.add_argument("file", type=Path, metavar="FIL", help="sagsfremstillingen (.docx)")
    command.add_argument("--item", required=True, metavar="NUMMER", help='punktets nummer, fx "2.2"')
    command.add_argument("--replace", action="store_true",
                         help="erstat tekst, punktet allerede har (ellers afvises indlæsningen)")
    command.add_argument("--dry-run", action="store_true",
                         help="vis kun, hvad der ville blive sat ind hvor; intet ændres")
    add_json_flag(command)
    command.set_defaults(run=run_import_text)


def run_import_text(args: argparse.Namespace) -> int:
    imported = read_case_document(args.file)       # a bad document stops here, nothing is opened
    number = args.item.strip()
    if args.dry_run:
        _report(args, imported, number, changed=False)
        return EXIT_OK
    with _open_for_writing(args.dir) as folder:
        try:
            item = folder.meeting.item(number)
        except KeyError:
            numbers = ", ".join(i.number for i in folder.meeting.items) or "ingen"
            raise KkrError(f"mødet har intet punkt {number}.", file=folder.manifest_path,
                           hint=f"Punkter i mødet: {numbers}.") from None
        conflicts = imported.conflicts(item)
        if conflicts and not args.replace:
            names = ", ".join(FIELD_LABELS[name].lower() for name in conflicts)
            raise KkrError(f"punkt {number} har allerede tekst i {names}; intet er ændret.",
                           file=folder.manifest_path,
                           hint="Brug --replace for at erstatte teksten, eller --dry-run for at se "
                                "den nye tekst først.")
        for name, text in imported.texts.items():
            setattr(item, name, text)
        folder.save()
    _report(args, imported, number, changed=True)
    return EXIT_OK


def _report(args: argparse.Namespace, imported: CaseImport, number: str, *, changed: bool) -> None:
    if args.json:
        print_json({"ok": True, "item": number, "changed": changed, "file": str(imported.path),
                    "sections": [{"field": part.field, "heading": part.heading, "text": part.text}
                                 for part in imported.parts],
                    "unused": imported.unused})
        return
    verb = "Satte" if changed else "Ville sætte"
    for part in imported.parts:
        lines = len(part.text.splitlines())
        print(f"{verb} »{part.heading}« ind som {FIELD_LABELS[part.field].lower()} i punkt "
              f"{number} ({lines} {'linje' if lines == 1 else 'linjer'}).")
    if imported.unused:
        print(f"Brugte ikke teksten før første overskrift ({len(imported.unused)} afsnit).")
