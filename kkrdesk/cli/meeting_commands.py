"""Sub-commands that make and inspect a meeting folder: new, add-item, add-bilag, validate, show."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, add_json_flag, print_json, print_problems
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, ReadOnlyError, UsageError, has_errors
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.pdf_screen import ScreeningAhead
from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType, Meeting, printed_by_default
from kkrdesk.core.meeting.importing import ImportBatch
from kkrdesk.core.meeting.model import refuse_item_number
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.meeting.view import meeting_dict, number_key
from kkrdesk.core.office.libreoffice import docx_pages_via_libreoffice
from kkrdesk.core.office.soffice import INSTALL_HINT, WITHOUT_LIBREOFFICE, find_soffice

# A command waits this long for another writer (a script running commands in parallel) to finish.
WRITE_LOCK_WAIT_SECONDS = 30


def register(subparsers) -> None:
    new = subparsers.add_parser("new", help="opret en ny mødemappe",
                                description="Opretter en mødemappe med meeting.toml og bilag/. Med --from "
                                            "får mødet de faste punkter (fx Godkendelse af dagsorden, "
                                            "Meddelelser, Eventuelt) fra et tidligere møde eller en "
                                            "skabelon, med deres standardtekster og uden bilag.")
    new.add_argument("dir", type=Path, metavar="MAPPE")
    new.add_argument("--kkr", default=None, help='fx "KKR Sjælland" (med --from et møde: mødets KKR)')
    new.add_argument("--from", dest="source", default=None, metavar="MØDE|SKABELON",
                     help="en tidligere mødemappe, en skabelonfil eller en skabelons navn, fx "
                          '"kkr-med-sagstyper" eller "kkr-uden-sagstyper"')
    new.add_argument("--date", required=True, help="mødedato som ÅÅÅÅ-MM-DD")
    new.add_argument("--title", default="", help="mødets titel (standard: Møde i <KKR>)")
    new.add_argument("--start", default=None, help="mødets starttid, fx 10:00")
    new.add_argument("--place", default="", help="mødested")
    new.add_argument("--case-id", default="", help="sagsnummer")
    add_json_flag(new)
    new.set_defaults(run=run_new)

    item = subparsers.add_parser("add-item", help="tilføj et dagsordenspunkt",
                                 description="Tilføjer et punkt; punkterne holdes i nummerorden.")
    item.add_argument("dir", type=Path, metavar="MAPPE")
    item.add_argument("--number", required=True, help='punktnummer som skrevet, fx "2.2"')
    item.add_argument("--type", choices=[t.value for t in ItemType], default=None,
                      help="sagstype (udelades, hvis KKR ikke skriver typer)")
    item.add_argument("--title", required=True, help="punktets titel")
    item.add_argument("--case-id", default="", help="sagsnummer")
    item.add_argument("--closed", action="store_true", help="lukket punkt")
    add_json_flag(item)
    item.set_defaults(run=run_add_item)

    bilag = subparsers.add_parser("add-bilag", help="læg en eller flere filer på et punkt som bilag",
                                  description="Kopierer filerne ind i mødets bilag/-mappe, finder "
                                              "deres type ud fra indholdet og tæller siderne. Flere "
                                              "filer lægges på i ét hug, i den givne rækkefølge; "
                                              "afvises én, lægges ingen på.")
    bilag.add_argument("dir", type=Path, metavar="MAPPE")
    bilag.add_argument("files", type=Path, nargs="+", metavar="FIL")
    bilag.add_argument("--item", required=True, help="punktets nummer, fx 2.2")
    bilag.add_argument("--title", default=None,
                       help="bilagets titel (standard: filens navn; kun ved én fil)")
    bilag.add_argument("--closed", action="store_true", help="lukket bilag")
    printed = bilag.add_mutually_exclusive_group()
    printed.add_argument("--printed", dest="printed", action="store_true", default=None,
                         help="tag bilaget med i bilagspakken (standard for PDF og Word)")
    printed.add_argument("--not-printed", dest="printed", action="store_false",
                         help="vedhæft kun (standard for regneark og datafiler)")
    add_json_flag(bilag)
    bilag.set_defaults(run=run_add_bilag)

    validate = subparsers.add_parser("validate", help="kontrollér et møde og dets bilag",
                                     description="Kontrollerer mødefilen og alle bilagsfiler. "
                                                 "Afslutter med 1, hvis der er fejl.")
    validate.add_argument("dir", type=Path, metavar="MAPPE")
    validate.add_argument("--accept-changed", action="store_true",
                          help="godkend ændrede bilagsfiler og registrér deres nye fingeraftryk")
    add_json_flag(validate)
    validate.set_defaults(run=run_validate)

    show = subparsers.add_parser("show", help="vis mødet med punkter og bilag")
    show.add_argument("dir", type=Path, metavar="MAPPE")
    add_json_flag(show)
    show.set_defaults(run=run_show)


def _parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f'"{text}" er ikke en dato.', hint="Skriv datoen som ÅÅÅÅ-MM-DD, fx 2025-02-27.") from None


def _parse_time(text: str | None) -> dt.time | None:
    if text is None:
        return None
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise UsageError(f'"{text}" er ikke et klokkeslæt.', hint="Skriv fx --start 10:00.")
    return dt.time(int(match.group(1)), int(match.group(2)))


def _open_for_writing(path: Path) -> MeetingFolder:
    folder = MeetingFolder.open(path, wait=WRITE_LOCK_WAIT_SECONDS)
    if folder.read_only:
        reason, held = folder.read_only_reason, folder.lock_owner is not None
        folder.close()
        raise ReadOnlyError(f"mødet kan ikke ændres nu, fordi {reason}.", file=path,
                            hint="Luk mødet i den anden kkrdesk, og prøv igen." if held else
                            "Kopiér mødet til en mappe, du kan skrive i, eller bed om skriveadgang.")
    return folder


def run_new(args: argparse.Namespace) -> int:
    kkr = (args.kkr or "").strip()
    if args.source is None and not kkr:
        raise UsageError("--kkr mangler eller er tom.", hint='Skriv fx --kkr "KKR Sjælland".')
    fields = dict(date=_parse_date(args.date), title=args.title.strip(), start=_parse_time(args.start),
                  place=args.place.strip(), case_id=args.case_id.strip())
    if args.source is not None:
        from kkrdesk.core.meeting.templates import find_source, new_meeting  # only `new --from` reads them

        template = find_source(args.source)
        if not kkr and not template.kkr:
            raise UsageError(f'skabelonen "{template.name}" siger ikke, hvilket KKR mødet er i.',
                             hint='Skriv fx --kkr "KKR Sjælland".')
        meeting = new_meeting(template, kkr=kkr, **fields)
    else:
        meeting = Meeting(kkr=kkr, **fields)
    with MeetingFolder.create(args.dir, meeting) as folder:
        data = meeting_dict(folder.meeting)
    if args.json:
        print_json({"ok": True, "dir": str(args.dir), "meeting": data})
    else:
        print(f"Oprettede {meeting.display_title}, {danish.format_date(meeting.date)}, i {args.dir}.")
        for item in meeting.items:
            print(f"    {item.heading}")
    return EXIT_OK


def run_add_item(args: argparse.Namespace) -> int:
    number = args.number.strip()
    if not number:
        raise UsageError("--number må ikke være tom.", hint='Skriv fx --number "2.2".')
    try:
        refuse_item_number(number)
    except KkrError as exc:
        raise UsageError(f"--number: {exc.message}", hint=exc.hint) from None
    with _open_for_writing(args.dir) as folder:
        meeting = folder.meeting
        if any(item.number == number for item in meeting.items):
            raise KkrError(f"punkt {number} findes allerede.", file=folder.manifest_path,
                           hint="Vælg et andet nummer, eller ret det eksisterende punkt.")
        item = AgendaItem(number=number, title=args.title.strip(),
                          type=ItemType(args.type) if args.type else None,
                          case_id=args.case_id.strip(), closed=args.closed)
        position = next((i for i, other in enumerate(meeting.items)
                         if number_key(other.number) > number_key(number)), len(meeting.items))
        meeting.items.insert(position, item)
        folder.save()
    if args.json:
        print_json({"ok": True, "item": {"number": item.number, "heading": item.heading}})
    else:
        print(f"Tilføjede punkt {item.heading}.")
    return EXIT_OK


def run_add_bilag(args: argparse.Namespace) -> int:
    if args.title is not None and len(args.files) > 1:
        raise UsageError("--title kan kun bruges, når der lægges én fil på.",
                         hint="Udelad --title; bilagene får filernes navne, som kan rettes bagefter.")
    # the screening child starts first and works while the meeting is opened and the files copied
    with ScreeningAhead(args.files), _open_for_writing(args.dir) as folder:
        try:
            item = folder.meeting.item(args.item.strip())
        except KeyError:
            numbers = ", ".join(i.number for i in folder.meeting.items) or "ingen"
            raise KkrError(f"mødet har intet punkt {args.item}.", file=folder.manifest_path,
                           hint=f"Punkter i mødet: {numbers}. Opret punktet med kkrdesk add-item.") from None
        added = _import_all(folder, args)
        item.bilag.extend(added)
        folder.save()   # one save: the manifest names all the new bilag or none of them
    answers = [(item.bilag_number(bilag), bilag, _page_count_note(bilag)) for bilag in added]
    if args.json:
        described = [{"number": number, "title": bilag.title, "file": bilag.file, "kind": str(bilag.kind),
                      "pages": bilag.pages, "sha256": bilag.sha256, "printed": bilag.printed,
                      "closed": bilag.closed} for number, bilag, _ in answers]
        notes = list(dict.fromkeys(note for _, _, note in answers if note))
        print_json({"ok": True, "item": item.number, "bilag": described[0], "added": described,
                    "notes": notes})
    else:
        for number, bilag, _ in answers:
            pages = f", {danish.count(bilag.pages, 'side', 'sider')}" if bilag.pages is not None else ""
            print(f"Lagde bilag {number} på punkt {item.number}: {bilag.title} ({bilag.kind}{pages}).")
        for note in dict.fromkeys(note for _, _, note in answers if note):
            print(f"Bemærk: {note}")
    return EXIT_OK


def _import_all(folder: MeetingFolder, args: argparse.Namespace) -> list[Bilag]:
    """Copy every file in; if one is refused, or the command is stopped (Ctrl+C, SIGTERM), the copies
    this call made are removed again, and a refusal names the file."""
    added: list[Bilag] = []
    try:
        with ImportBatch(folder) as batch:
            for source in args.files:
                imported = batch.import_file(source, docx_pages=docx_pages_via_libreoffice)
                facts = imported.facts
                title = (args.title or Path(imported.original_name).stem.replace("_", " ")).strip()
                added.append(Bilag(title=title, file=imported.file, kind=facts.kind, pages=facts.pages,
                                   sha256=facts.sha256, closed=args.closed,
                                   printed=printed_by_default(facts.kind) if args.printed is None
                                   else args.printed))
    except KkrError as exc:
        if len(args.files) > 1:
            exc.hint = (f"{exc.hint} " if exc.hint else "") + \
                "Ingen af filerne er lagt på; ret eller udelad den afviste fil, og prøv igen."
        raise
    return added


def _page_count_note(bilag: Bilag) -> str:
    """Without LibreOffice a Word bilag's page count is the one Word stored (or unknown): say so."""
    if bilag.kind is not FileKind.DOCX or find_soffice() is not None:
        return ""
    counted = ("sidetallet er det, Word har gemt i filen, og kan afvige fra bilagspakken"
               if bilag.pages is not None else "sidetallet kendes ikke, før bilaget er omdannet til PDF")
    return f"LibreOffice er ikke installeret, så {counted}. {WITHOUT_LIBREOFFICE} {INSTALL_HINT}"


def run_validate(args: argparse.Namespace) -> int:
    from kkrdesk.core.meeting.file_checks import accept_changed, check_meeting  # only validate checks a meeting

    accepted: list[str] = []
    if args.accept_changed:
        with _open_for_writing(args.dir) as folder:
            accepted = accept_changed(folder.path, folder.meeting, docx_pages=docx_pages_via_libreoffice)
            if accepted:
                folder.save()
    folder = MeetingFolder.open(args.dir, write=False)
    problems = folder.load_problems + [f.problem for f in check_meeting(folder.path, folder.meeting)]
    failed = has_errors(problems)
    if args.json:
        print_json({"ok": not failed, "accepted": accepted, "problems": [p.to_dict() for p in problems]})
    else:
        for line in accepted:
            print(f"Godkendte den nye udgave af {line}.")
        print_problems(problems, sys.stdout)
        items = len(folder.meeting.items)
        bilag = len(folder.meeting.all_bilag())
        verdict = "har fejl" if failed else "er i orden"
        print(f"{folder.meeting.display_title} ({items} punkter, {bilag} bilag) {verdict}.")
    return EXIT_PROBLEMS if failed else EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    folder = MeetingFolder.open(args.dir, write=False)
    meeting = folder.meeting
    if args.json:
        print_json(meeting_dict(meeting))
        return EXIT_OK
    when = danish.format_date(meeting.date, weekday=True)
    if meeting.start:
        when += " " + danish.format_time(meeting.start)
    print(f"{meeting.display_title} – {meeting.kkr}")
    print(", ".join(part for part in (when, meeting.place) if part))
    if meeting.case_id:
        print(f"Sag: {meeting.case_id}")
    for item in meeting.items:
        closed = " [lukket punkt]" if item.closed else ""
        print(f"\n{item.heading}{closed}")
        for number, bilag in enumerate(item.bilag, start=1):
            details = [str(bilag.kind).upper()]
            if bilag.pages is not None:
                details.append(f"{bilag.pages} {'side' if bilag.pages == 1 else 'sider'}")
            if not bilag.printed:
                details.append("ikke i bilagspakken")
            if bilag.closed:
                details.append("lukket")
            print(f"    Bilag {number}: {bilag.title} ({', '.join(details)})")
    return EXIT_OK
