"""The renumber sub-command: items numbered in agenda order per section, bilag references kept right."""

from __future__ import annotations

import argparse
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.numbering import apply_numbers, renumbering
from kkrdesk.core.meeting.references import apply_edits, reference_updates, snapshot
from kkrdesk.core.meeting.store import MeetingFolder


def register(subparsers) -> None:
    renumber = subparsers.add_parser(
        "renumber", help="omnummerér punkterne i dagsordenens rækkefølge",
        description="Giver punkterne i hvert afsnit numre i dagsordenens rækkefølge (2.1, 2.2, 2.3 …) "
                    "og retter henvisninger som \"bilag 3 til punkt 2.4\" i punkternes tekster. Et møde "
                    "uden fortløbende numre beholder sine numre; de sættes blot i rækkefølge.")
    renumber.add_argument("dir", type=Path, metavar="MAPPE")
    gaps = renumber.add_mutually_exclusive_group()
    gaps.add_argument("--close-gaps", dest="keep_gaps", action="store_false", default=None,
                      help="nummerér 1, 2, 3 … uden spring")
    gaps.add_argument("--keep-gaps", dest="keep_gaps", action="store_true",
                      help="behold numrene med deres spring, og sæt dem kun i rækkefølge")
    renumber.add_argument("--dry-run", action="store_true", help="vis kun, hvad der ville blive ændret")
    add_json_flag(renumber)
    renumber.set_defaults(run=run_renumber)


def run_renumber(args: argparse.Namespace) -> int:
    with MeetingFolder.open(args.dir) as folder:
        if folder.read_only:
            who = folder.lock_owner.describe() if folder.lock_owner else "en anden kkrdesk"
            raise KkrError(f"mødet er åbent hos {who} og kan ikke ændres nu.", file=args.dir,
                           hint="Luk mødet i den anden kkrdesk, og prøv igen.")
        meeting = folder.meeting
        before = snapshot(meeting)
        changes = renumbering(meeting, keep_gaps=args.keep_gaps)
        apply_numbers(changes)
        update = reference_updates(before, meeting)
        apply_edits(update.edits)
        if (changes or update.edits) and not args.dry_run:
            folder.save()
    if args.json:
        print_json({"ok": True, "saved": bool(changes or update.edits) and not args.dry_run,
                    "numbers": [{"old": c.old, "new": c.new} for c in changes],
                    "references": [{"item": r.item.number, "field": r.field, "old": r.old, "new": r.new,
                                    "reason": r.reason} for r in update.rewrites]})
        return EXIT_OK
    if not changes:
        print("Punkternes numre følger allerede dagsordenens rækkefølge; intet er ændret.")
        return EXIT_OK
    verb = "ville få" if args.dry_run else "fik"
    for change in changes:
        print(f"Punkt {change.old} {verb} nummer {change.new}.")
    for line in update.describe().splitlines():
        print(f"Henvisning: {line}")
    if not args.dry_run:
        print(f"Gemt i {args.dir}.")
    return EXIT_OK
