"""`kkrdesk archive DIR ...`: the meeting archive's list, search, earlier items, follow-up list and notes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json, print_problems, progress_on_stderr
from kkrdesk.core.archive.followup import FollowUp, followups
from kkrdesk.core.archive.index import ArchiveIndex, RefreshReport
from kkrdesk.core.archive.notes import ArchivedNote, archive_notes
from kkrdesk.core.archive.related import RelatedItem, related_items
from kkrdesk.core.archive.search import PER_MEETING, Filters, search_archive
from kkrdesk.core.danish import count, format_date, format_decimal, format_int
from kkrdesk.core.errors import Problem, UsageError
from kkrdesk.core.meeting.model import ItemType
from kkrdesk.core.search.snippet import marked

T = TypeVar("T")


def register(subparsers) -> None:
    archive = subparsers.add_parser(
        "archive", help="åbn en mappe med møder og medlemspakker som ét arkiv",
        description="Læser alle mødemapper og .kkrpack-filer i MAPPE (også i undermapper) som ét "
        "arkiv. Indekset gemmes hos dig og opdateres kun for de møder, der er ændret. Et møde, "
        "der ikke kan læses, nævnes ved navn og springes over.")
    archive.add_argument("dir", type=Path, metavar="MAPPE")
    actions = archive.add_subparsers(dest="action", metavar="HANDLING", required=True,
                                     parser_class=type(archive))

    listing = actions.add_parser("list", help="møderne i arkivet, nyeste først")
    add_json_flag(listing)
    listing.set_defaults(run=run_list)

    search = actions.add_parser("search", help="søg i alle møder på én gang",
                                description='Søger i alle mødernes punkter og bilag. Skriv flere ord '
                                'for sider med dem alle, "ord i træk" for en frase og -ord for at udelukke.')
    search.add_argument("query", metavar="SØGNING")
    search.add_argument("--kkr", help='kun møder i dette KKR, fx "KKR Sjælland"')
    search.add_argument("--year", type=int, metavar="ÅR", help="kun møder i dette år")
    search.add_argument("--type", dest="item_type", choices=[t.value for t in ItemType], metavar="SAGSTYPE",
                        help="kun punkter af denne sagstype: " + ", ".join(t.value for t in ItemType))
    search.add_argument("--meeting", metavar="MØDE", help="kun dette møde (mappe- eller pakkenavn), med alle "
                        "dets resultater")
    search.add_argument("--limit", type=int, default=50, help="højst så mange resultater (standard 50; "
                        f"højst {PER_MEETING} pr. møde uden --meeting)")
    add_json_flag(search)
    search.set_defaults(run=run_search)

    related = actions.add_parser("related", help="tidligere punkter om samme emne som et punkt",
                                 description="Finder punkter fra tidligere møder, hvis titel og tekst "
                                 "ligner punktets mest.")
    related.add_argument("--meeting", required=True, metavar="MØDE",
                         help="mødets mappe- eller pakkenavn i arkivet, eller dets dato (ÅÅÅÅ-MM-DD)")
    related.add_argument("--item", required=True, metavar="PUNKT", help="punktets nummer, fx 2.2")
    related.add_argument("--all", action="store_true", help="også senere møder, ikke kun tidligere")
    related.add_argument("--limit", type=int, default=10, help="højst så mange punkter (standard 10)")
    add_json_flag(related)
    related.set_defaults(run=run_related)

    follow = actions.add_parser("followup", help="beslutninger til opfølgning, efter dato",
                                description="Viser de beslutninger i arkivet, der er markeret til "
                                "opfølgning, med den tidligste dato først.")
    follow.add_argument("--kkr", help="kun møder i dette KKR")
    add_json_flag(follow)
    follow.set_defaults(run=run_followup)

    notes = actions.add_parser("notes", help="dine noter fra alle arkivets møder")
    add_json_flag(notes)
    notes.set_defaults(run=run_notes)


def _opened(args: argparse.Namespace) -> tuple[ArchiveIndex, RefreshReport]:
    if not args.dir.is_dir():
        raise UsageError(f"{args.dir} er ikke en mappe.", hint="Angiv mappen med møderne og medlemspakkerne.")
    index = ArchiveIndex(args.dir)
    report = index.refresh(progress=progress_on_stderr("Læser arkivet"))
    if not args.json:
        print_problems(report.problems, sys.stderr)
    return index, report


def _problems(report: RefreshReport) -> list[dict]:
    return [problem.to_dict() for problem in report.problems]


def run_list(args: argparse.Namespace) -> int:
    index, report = _opened(args)
    meetings, items = index.meetings(), index.items_by_meeting()
    if args.json:
        print_json({"ok": True, "meetings": [
            {"meeting": m.source, "kind": m.kind, "kkr": m.kkr, "date": m.date.isoformat() if m.date else None,
             "title": m.title, "problem": m.problem,
             "items": [{"number": i.number, "title": i.title, "type": i.type} for i in items.get(m.id, [])]}
            for m in meetings], "refresh": report.to_dict(), "problems": _problems(report)})
        return EXIT_OK
    readable = [m for m in meetings if m.problem is None]
    print(f"{len(readable)} møder i {args.dir}" + (f" ({len(meetings) - len(readable)} kan ikke læses)"
                                                    if len(readable) < len(meetings) else "") + ":")
    for meeting in readable:
        print(f"  {meeting.label():40} {len(items.get(meeting.id, [])):3} punkter   {meeting.source}")
    return EXIT_OK


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit skal være mindst 1.", hint="Skriv fx --limit 20.")
    index, report = _opened(args)
    meeting = index.meeting(args.meeting).source if args.meeting else None
    results = search_archive(index, args.query, Filters(args.kkr, args.year, args.item_type, meeting),
                             limit=args.limit, per_meeting=args.limit if meeting else PER_MEETING)
    if args.json:
        print_json({"ok": True, **results.to_dict(), "problems": _problems(report)})
        return EXIT_OK
    if not results.groups:
        print(f'Ingen sider i arkivet indeholder "{args.query}".')
        return EXIT_OK
    pages = "side" if results.total == 1 else "sider"
    print(f'{format_int(results.total)} {pages} i {format_int(len(results.groups))} møder indeholder "{args.query}":')
    bold = sys.stdout.isatty()
    for group in results.groups:
        print(f"\n{group.meeting.label()} ({group.meeting.source}): {format_int(group.total)} "
              f"{'side' if group.total == 1 else 'sider'}")
        for hit in group.hits:
            snippet = (marked(hit.snippet, hit.marks, "\033[1m", "\033[0m") if bold
                       else marked(hit.snippet, hit.marks))
            print(f"  {hit.location()} – {hit.bilag_title or hit.item_title}\n      {snippet}")
        if len(group.hits) < group.total:
            rest = group.total - len(group.hits)
            print(f"  … og {format_int(rest)} {'side' if rest == 1 else 'sider'} mere (vis dem med --meeting "
                  f"{group.meeting.source})")
    return EXIT_OK


def run_related(args: argparse.Namespace) -> int:
    index, report = _opened(args)
    meeting = index.meeting(args.meeting)
    found = related_items(index, meeting, args.item, limit=args.limit, earlier_only=not args.all)
    when = "andre" if args.all else "tidligere"

    def lines(entry: RelatedItem) -> list[str]:
        score = format_decimal(entry.score, 2)
        return [f"  {entry.meeting.label():36} punkt {entry.item_number:6} {entry.item_title}  (lighed {score})",
                *_decision(entry.beslutning)]

    return _answer(args, report, {"meeting": meeting.source, "item": args.item, "related": [
        {"meeting": r.meeting.source, "kkr": r.meeting.kkr, "date": r.meeting.date.isoformat() if r.meeting.date
         else None, "item": r.item_number, "title": r.item_title, "score": r.score, "beslutning": r.beslutning}
        for r in found]}, found, lines,
        empty=f"Ingen {when} punkter ligner punkt {args.item} i {meeting.label()}.",
        heading=f"Punkter i {when} møder om samme emne som punkt {args.item} i {meeting.label()}:")


def run_followup(args: argparse.Namespace) -> int:
    index, report = _opened(args)
    found = followups(index, kkr=args.kkr)

    def lines(entry: FollowUp) -> list[str]:
        due = format_date(entry.due) if entry.due else "uden dato"
        return [f"\n  {due}: {entry.meeting.label()}, punkt {entry.item_number} {entry.item_title}",
                *_decision(entry.beslutning)]

    return _answer(args, report, {"followups": [entry.to_dict() for entry in found]}, found, lines,
                   empty="Ingen beslutninger i arkivet er markeret til opfølgning.",
                   heading=f"{count(len(found), 'beslutning', 'beslutninger')} til opfølgning:")


def run_notes(args: argparse.Namespace) -> int:
    index, report = _opened(args)
    found, problems = archive_notes(index)

    def lines(entry: ArchivedNote) -> list[str]:
        text = entry.note.text or "(markering)"
        return [f"  {entry.meeting.label()}, {entry.note.location()}: »{entry.note.anchor.quote}« – {text}"]

    return _answer(args, report, {"notes": [{"meeting": entry.meeting.source, "location": entry.note.location(),
                                             **entry.note.to_dict()} for entry in found]}, found, lines,
                   empty="Du har ingen noter til arkivets møder.",
                   heading=f"{count(len(found), 'note', 'noter')}:", problems=problems)


def _answer(args: argparse.Namespace, report: RefreshReport, data: dict, found: Sequence[T],
            lines: Callable[[T], list[str]], *, empty: str, heading: str, problems: Sequence[Problem] = ()) -> int:
    """``data`` as JSON with every problem, or the problems on stderr, ``heading`` and each entry's lines."""
    if args.json:
        print_json({"ok": True, **data, "problems": _problems(report) + [p.to_dict() for p in problems]})
        return EXIT_OK
    print_problems(list(problems), sys.stderr)
    print(heading if found else empty)
    for entry in found:
        print("\n".join(lines(entry)))
    return EXIT_OK


def _decision(beslutning: str) -> list[str]:
    return [f"      Beslutning: {beslutning}"] if beslutning else []
