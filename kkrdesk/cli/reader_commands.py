"""Sub-commands for members' reading: search, pack, open, notes."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json, print_problems, progress_on_stderr
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, UsageError
from kkrdesk.core.files.limits import MAX_PACK_VERSION
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.notes.anchoring import anchor_quote
from kkrdesk.core.notes.documents import bilag_texts
from kkrdesk.core.notes.export import write_notes_docx, write_notes_markdown
from kkrdesk.core.notes.model import HIGHLIGHT, NOTE, ORPHAN, Note
from kkrdesk.core.office.soffice import INSTALL_HINT, find_soffice
from kkrdesk.core.pack.format import PACK_SUFFIX
from kkrdesk.core.pack.opening import ReadingSession, open_for_reading
from kkrdesk.core.pack.reader import open_pack
from kkrdesk.core.pack.writer import write_pack
from kkrdesk.core.search.index import SearchIndex, default_index_path
from kkrdesk.core.search.snippet import marked


def register(subparsers) -> None:
    search = subparsers.add_parser("search", help="søg i alle bilag og punkter i et møde eller en pakke",
                                   description='Søger i bilagenes sider og punkternes tekst. Skriv '
                                   'flere ord for at finde sider med dem alle, "ord i træk" for en '
                                   'frase, -ord for at udelukke, og ELLER mellem alternativer.')
    search.add_argument("source", type=Path, metavar="MAPPE_ELLER_PAKKE")
    search.add_argument("query", metavar="SØGNING")
    search.add_argument("--limit", type=int, default=50, help="højst så mange resultater (standard 50)")
    add_json_flag(search)
    search.set_defaults(run=run_search)

    pack = subparsers.add_parser("pack", help="lav en medlemspakke (.kkrpack) til læsning offline",
                                 description="Samler mødet, bilagene og søgeindekset i én fil. "
                                 "Lukkede punkter og bilag udelades, medmindre --include-closed gives.")
    pack.add_argument("dir", type=Path, metavar="MAPPE")
    pack.add_argument("-o", "--output", type=Path, required=True, metavar="FIL",
                      help="pakkefilen, fx møde.kkrpack")
    pack.add_argument("--include-closed", action="store_true", help="tag lukkede punkter og bilag med")
    pack.add_argument("--version", dest="pack_version", type=int, default=None, metavar="N",
                      help="pakkens versionsnummer (standard: næste nummer, når indholdet er ændret)")
    add_json_flag(pack)
    pack.set_defaults(run=run_pack)

    open_ = subparsers.add_parser("open", help="kontrollér og åbn en medlemspakke skrivebeskyttet",
                                  description="Kontrollerer hver fil i pakken, pakker den ud til "
                                  "læsning og viser, hvad der er ændret siden sidst.")
    open_.add_argument("file", type=Path, metavar="PAKKE")
    open_.add_argument("--no-window", action="store_true", help="åbn ikke vinduet, skriv kun resuméet")
    add_json_flag(open_)
    open_.set_defaults(run=run_open)

    notes = subparsers.add_parser("notes", help="vis, tilføj eller eksportér dine noter til en pakke",
                                  description="Uden tilvalg vises noterne. Noterne gemmes hos dig, "
                                  "ikke i pakken, og følger med til nye udgaver af pakken.")
    notes.add_argument("file", type=Path, metavar="PAKKE")
    notes.add_argument("--export", type=Path, metavar="FIL", help="gem noterne som .md eller .docx")
    notes.add_argument("--add", action="store_true", help="tilføj en note (kræver --item, --bilag, "
                       "--page og --quote)")
    notes.add_argument("--item", help="punktets nummer, fx 2.2")
    notes.add_argument("--bilag", type=int, help="bilagets nummer på punktet")
    notes.add_argument("--page", type=int, help="sidenummer")
    notes.add_argument("--quote", help="teksten på siden, noten knyttes til")
    notes.add_argument("--text", default="", help="notens tekst")
    notes.add_argument("--highlight", action="store_true", help="en markering uden tekst")
    add_json_flag(notes)
    notes.set_defaults(run=run_notes)


def _index_for(source: Path) -> tuple[SearchIndex, list]:
    """The index to search: a pack's own, or a meeting folder's (brought up to date first)."""
    if source.is_file() and source.suffix.lower() == PACK_SUFFIX:
        return open_pack(source).index, []
    if not source.is_dir():
        raise UsageError(f"{source} er hverken en mødemappe eller en {PACK_SUFFIX}-fil.",
                         hint="Angiv mødets mappe eller en pakkefil.")
    meeting, _ = read_meeting(source)
    index = SearchIndex(default_index_path(source))
    report = index.update(source, meeting, progress=progress_on_stderr("Bygger søgeindeks"))
    return index, report.problems


def run_search(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit skal være mindst 1.", hint="Skriv fx --limit 20.")
    index, problems = _index_for(args.source)
    results = index.search(args.query, limit=args.limit)
    if args.json:
        print_json({"ok": True, "query": args.query, "total": results.total,
                    "hits": [hit.to_dict() for hit in results.hits],
                    "problems": [p.to_dict() for p in problems]})
        return EXIT_OK
    print_problems(problems, sys.stderr)
    if not results.hits:
        print(f'Intet i mødet indeholder "{args.query}".')
        return EXIT_OK
    shown = len(results.hits)
    more = f" (viser de første {shown})" if results.total > shown else ""
    print(f'{danish.count(results.total, "sted", "steder")} indeholder "{args.query}"{more}:')
    bold = sys.stdout.isatty()
    for hit in results.hits:
        title = hit.bilag_title or hit.item_title
        snippet = (marked(hit.snippet, hit.marks, "\033[1m", "\033[0m") if bold
                   else marked(hit.snippet, hit.marks))
        print(f"\n{hit.location()} – {title}\n    {snippet}")
    return EXIT_OK


def run_pack(args: argparse.Namespace) -> int:
    if args.pack_version is not None and not 1 <= args.pack_version <= MAX_PACK_VERSION:
        raise UsageError(f"--version skal være et heltal fra 1 til {danish.format_int(MAX_PACK_VERSION)}.",
                         hint="Skriv fx --version 2.")
    output = args.output if args.output.suffix else args.output.with_suffix(PACK_SUFFIX)
    info = write_pack(args.dir, output, include_closed=args.include_closed, version=args.pack_version,
                      progress=progress_on_stderr("Bygger søgeindeks"))
    bilag = [f for f in info.files if f.role == "bilag"]
    size = output.stat().st_size
    note = _rendering_note(bilag)
    if args.json:
        print_json({"ok": True, "file": str(output), "pack_id": info.pack_id, "version": info.version,
                    "created": info.created, "includes_closed": info.includes_closed,
                    "size": size, "files": [vars(f) for f in info.files], "notes": [note] if note else []})
        return EXIT_OK
    closed = "med lukkede punkter og bilag" if info.includes_closed else "uden lukkede punkter og bilag"
    print(f"Skrev {output} ({danish.format_size(size)}): {info.title}, version {info.version}, "
          f"{len(bilag)} bilag, {closed}.")
    if note:
        print(f"Bemærk: {note}")
    return EXIT_OK


def _rendering_note(bilag) -> str:
    """Without LibreOffice a pack's Word bilag have no PDF rendering: say what members will see."""
    word = [f for f in bilag if f.path.lower().endswith(".docx")]
    if not word or find_soffice() is not None:
        return ""
    them = "dem" if len(word) > 1 else "det"
    return (f"LibreOffice er ikke installeret, så pakkens {len(word)} Word-bilag kommer med uden en "
            f"PDF-udgave; medlemmerne ser {them} som tekst uden Words sideopsætning. {INSTALL_HINT}")


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") == "offscreen":
        return False
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY")
                                                       or os.environ.get("WAYLAND_DISPLAY"))


def _session_dict(session: ReadingSession) -> dict:
    info = session.pack.info
    return {"ok": True, "file": str(session.pack.source), "folder": str(session.pack.folder),
            "read_only": True, "pack_id": info.pack_id, "version": info.version,
            "created": info.created, "title": info.title, "kkr": info.kkr, "date": info.date,
            "verified_files": len(info.files),
            "items": [{"number": i.number, "title": i.title, "bilag": len(i.bilag)}
                      for i in session.pack.meeting.items],
            "previous_version": session.previous.version if session.previous else None,
            "changes": session.changes.lines() if session.changes else [],
            "notes": {"total": len(session.notes.notes),
                      "moved": [{"id": n.id, "before": before, "now": n.location()}
                                for n, before in session.reattached.moved],
                      "orphans": [{"id": n.id, "was": n.location(), "quote": n.anchor.quote}
                                  for n in session.reattached.orphans]}}


def run_open(args: argparse.Namespace) -> int:
    session = open_for_reading(args.file)
    if args.json:
        print_json(_session_dict(session))
    else:
        _print_session(session)
    if not args.json and not args.no_window and _has_display():
        from kkrdesk.ui.app import show_pack_window  # Qt only when a window is wanted

        return show_pack_window(session)
    return EXIT_OK


def _print_session(session: ReadingSession) -> None:
    info, meeting = session.pack.info, session.pack.meeting
    print(f"{meeting.display_title} – {danish.format_date(meeting.date)}, version {info.version}")
    print(f"Pakken er kontrolleret: alle {len(info.files)} filer har det rigtige fingeraftryk. "
          "Den er åbnet skrivebeskyttet.")
    bilag_count = len(meeting.all_bilag())
    print(f"{len(meeting.items)} punkter, {bilag_count} bilag.")
    if session.changes is not None and session.previous is not None:
        if session.changes.empty:
            print(f"\nIntet er ændret siden version {session.previous.version}.")
        else:
            print(f"\nÆndret siden version {session.previous.version}, som du læste sidst:")
            for line in session.changes.lines():
                print(f"  {line}")
            for change in session.changes.bilag:
                for page in change.pages:
                    for diff_line in page.lines[:6]:
                        print(f"      {diff_line}")
    report = session.reattached
    if report.moved:
        print(f"\n{len(report.moved)} {'note' if len(report.moved) == 1 else 'noter'} er flyttet med:")
        for note, before in report.moved:
            print(f"  {before} → {note.location()}: »{_short(note.anchor.quote)}«")
    if report.orphans:
        print(f"\n{len(report.orphans)} {'note' if len(report.orphans) == 1 else 'noter'} kunne ikke "
              "genfindes og er bevaret i listen over noter uden plads:")
        for note in report.orphans:
            print(f"  Tidligere {note.location().lower()}: »{_short(note.anchor.quote)}«")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run_notes(args: argparse.Namespace) -> int:
    session = open_for_reading(args.file)
    store = session.notes
    if args.add:
        missing = [flag for flag, value in (("--item", args.item), ("--bilag", args.bilag),
                                            ("--page", args.page), ("--quote", args.quote)) if not value]
        if missing:
            raise UsageError("disse tilvalg mangler: " + ", ".join(missing) + ".",
                             hint='Fx --item 2.2 --bilag 1 --page 3 --quote "teksten på siden".')
        target = next((b for b in bilag_texts(session.pack.index)
                       if b.item_number == args.item and b.bilag_number == args.bilag), None)
        if target is None:
            raise KkrError(f"pakken har intet bilag {args.bilag} på punkt {args.item}.",
                           file=args.file, hint="Se punkterne og bilagene med kkrdesk open.")
        anchor = anchor_quote(target, args.page, args.quote)
        if anchor is None:
            raise KkrError(f'teksten "{_short(args.quote)}" står ikke på side {args.page}.',
                           file=args.file, hint="Kopiér teksten præcist fra siden.")
        note = store.add(Note(anchor=anchor, text=args.text, kind=HIGHLIGHT if args.highlight else NOTE,
                              pack_version=session.pack.info.version))
        if args.json:
            print_json({"ok": True, "note": note.to_dict()})
        else:
            print(f"Gemte noten ved {note.location().lower()}.")
        return EXIT_OK
    if args.export:
        suffix = args.export.suffix.lower()
        if suffix not in (".md", ".docx"):
            raise UsageError("--export skal være en .md- eller .docx-fil.", hint="Fx --export noter.docx.")
        writer = write_notes_docx if suffix == ".docx" else write_notes_markdown
        writer(store.notes, session.pack.info.title, args.export)
        if args.json:
            print_json({"ok": True, "file": str(args.export), "notes": len(store.notes)})
        else:
            print(f"Gemte {len(store.notes)} noter i {args.export}.")
        return EXIT_OK
    if args.json:
        print_json({"ok": True, "notes": [n.to_dict() for n in store.notes]})
        return EXIT_OK
    if not store.notes:
        print("Du har ingen noter til denne pakke.")
    for note in store.notes:
        orphan = " (kunne ikke genfindes)" if note.status == ORPHAN else ""
        print(f"{note.location()}{orphan}: »{_short(note.anchor.quote)}«" +
              (f" – {note.text}" if note.text else ""))
    return EXIT_OK
