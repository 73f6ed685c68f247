"""Sub-commands that check and export a meeting: preflight, and export (bilag pack PDF, Word agenda, referat)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, add_json_flag, print_json
from kkrdesk.core import danish
from kkrdesk.core.errors import SEVERITY_DA, Severity, UsageError
from kkrdesk.core.export.exporter import ExportOptions, ExportResult, export_meeting
from kkrdesk.core.export.preflight import PreflightReport, preflight, reading_time
from kkrdesk.core.meeting.store import MeetingFolder

if TYPE_CHECKING:
    from kkrdesk.composition import CommandLineCharts
    from kkrdesk.core.export.blocks import ItemExtraProvider


def register(subparsers) -> None:
    check = subparsers.add_parser(
        "preflight", help="kontrollér mødet før eksport",
        description="Kontrollerer bilagsfiler, PDF'er, lukkede bilag og henvisninger som \"jf. bilag 2\", "
                    "og anslår sider og læsetid pr. punkt. Afslutter med 1, hvis der er fejl.")
    check.add_argument("dir", type=Path, metavar="MAPPE")
    _common_options(check)
    add_json_flag(check)
    check.set_defaults(run=run_preflight)

    export = subparsers.add_parser(
        "export", help="eksportér bilagspakken (PDF) og dagsordenen (Word)",
        description="Kører kontrollen og skriver bilagspakken som PDF og/eller dagsordenen som Word. "
                    "Fejl i kontrollen stopper eksporten, medmindre --override gives. Afslutter med 1, "
                    "hvis et bilag ikke kunne komme med (det nævnes ved navn). Med --referat skrives referatet "
                    "i stedet: punkternes indstilling og beslutning og bilagenes sider i bilagspakken.")
    export.add_argument("dir", type=Path, metavar="MAPPE")
    export.add_argument("--pdf", type=Path, metavar="FIL", help="bilagspakken, fx bilag.pdf")
    export.add_argument("--docx", type=Path, metavar="FIL", help="dagsordenen, fx dagsorden.docx")
    export.add_argument("--referat", type=Path, metavar="FIL",
                        help="referatet (Word), fx referat.docx; --pdf gemmer da referatet som PDF")
    export.add_argument("--agenda-pack", action="store_true",
                        help="sæt hvert punkts bilag ind efter punktet i Word-filen")
    export.add_argument("--override", action="store_true", help="eksportér selv om kontrollen finder fejl")
    export.add_argument("--keep-active-content", action="store_true",
                        help="behold JavaScript, programstart, formularafsendelse, vedhæftede filer og "
                             "andre links end http/https i bilagenes PDF'er (frarådes; som standard fjernes de)")
    _common_options(export)
    add_json_flag(export)
    export.set_defaults(run=run_export)


def _common_options(parser) -> None:
    parser.add_argument("--include-closed", action="store_true", help="tag lukkede punkter og bilag med")
    parser.add_argument("--no-libreoffice", action="store_true",
                        help="brug ikke LibreOffice (Word-bilag kommer ikke med i bilagspakken, og Word "
                             "udfylder indholdsfortegnelsen, når filen åbnes)")


def _open(path: Path) -> MeetingFolder:
    return MeetingFolder.open(path, write=False)


def run_preflight(args: argparse.Namespace) -> int:
    folder = _open(args.dir)
    report = preflight(folder.path, folder.meeting, include_closed=args.include_closed,
                       use_libreoffice=not args.no_libreoffice)
    if args.json:
        print_json(report.to_dict())
    else:
        _print_report(report)
    return EXIT_PROBLEMS if report.blocking else EXIT_OK


def print_problems(problems) -> None:
    """One line per problem; the file is named once (most messages already name it)."""
    for problem in problems:
        if problem.file and problem.file in problem.message:
            text = f"{SEVERITY_DA[problem.severity]}: {problem.message}"
            print(f"{text} {problem.hint}".rstrip())
        else:
            print(problem.format())


def _print_report(report: PreflightReport) -> None:
    print_problems(report.problems)
    if report.problems:
        print()
    print("Punkter:")
    for estimate in report.estimates:
        if estimate.bilag:
            pages = f"{estimate.bilag} bilag, {danish.format_int(estimate.pages)} sider"
        else:
            pages = "ingen bilag"
        print(f"  {estimate.heading} – {pages}, ca. {reading_time(estimate.minutes)}")
    print(report.summary())
    if report.accessibility is not None:
        print()
        print("\n".join(report.accessibility.lines()))


def run_export(args: argparse.Namespace) -> int:
    if args.referat is not None:
        return run_referat_export(args)
    if args.pdf is None and args.docx is None:
        raise UsageError("der er intet at eksportere.", hint="Angiv --pdf FIL og/eller --docx FIL.")
    for target in (args.pdf, args.docx):
        if target is not None and target.is_dir():
            raise UsageError(f"{target} er en mappe.", hint="Angiv et filnavn, fx bilag.pdf.")
    folder = _open(args.dir)
    options = ExportOptions(pdf=args.pdf, docx=args.docx, agenda_pack=args.agenda_pack,
                            include_closed=args.include_closed, use_libreoffice=not args.no_libreoffice,
                            override=args.override, keep_active_content=args.keep_active_content)
    charts, extras = _agenda_extras(args)
    # The pack is built by a forked child, and the preflight runs here meanwhile (two cores).
    result = export_meeting(folder.path, folder.meeting, options, extras=extras, pack_in_child="fork")
    if charts is not None and charts.missing:
        note = f"Diagrammerne er udeladt af dagsordenen: {charts.missing}"
        result = replace(result, notes=(*result.notes, note))
    if args.json:
        print_json(result.to_dict())
    else:
        _print_result(result)
    return EXIT_OK if result.complete else EXIT_PROBLEMS


def _agenda_extras(args: argparse.Namespace) -> tuple[CommandLineCharts | None, tuple[ItemExtraProvider, ...]]:
    """The Word agenda's charts and findings; a pack alone imports neither (it forks sooner)."""
    if args.docx is None:
        return None, ()
    from kkrdesk.composition import CommandLineCharts, agenda_extras

    charts = CommandLineCharts()
    return charts, agenda_extras(charts)


def _print_result(result: ExportResult) -> None:
    again = {p.field for p in result.problems}
    print_problems([p for p in result.preflight.problems
                    if p.severity is not Severity.INFO and p.field not in again])
    if result.pdf:
        print(f"Skrev bilagspakken {result.pdf} ({danish.format_int(result.total_pages)} sider).")
    if result.docx:
        how = ("indholdsfortegnelsen er udfyldt" if result.toc_updated
               else "indholdsfortegnelsen udfyldes, når filen åbnes")
        print(f"Skrev dagsordenen {result.docx} ({how}).")
    print_problems(list(result.problems))
    for note in result.notes:
        print(note)
    if not result.complete:
        failed = [p for p in result.problems if p.severity is Severity.ERROR]
        print(f"Eksporten er ufuldstændig ({len(failed)} fejl, se ovenfor); resten er skrevet.")


def run_referat_export(args: argparse.Namespace) -> int:
    """export --referat FIL [--pdf FIL]: the referat as Word (and PDF), with decisions and pack pages."""
    from kkrdesk.core.export.referat_export import ReferatOptions, export_referat  # python-docx only here

    if args.docx is not None or args.agenda_pack:
        raise UsageError("referatet eksporteres for sig: --referat kan ikke kombineres med --docx eller "
                         "--agenda-pack.", hint="Eksportér dagsordenen med en separat kommando.")
    _refuse_pack_options(args)
    for target in (args.referat, args.pdf):
        if target is not None and target.is_dir():
            raise UsageError(f"{target} er en mappe.", hint="Angiv et filnavn, fx referat.docx.")
    folder = _open(args.dir)
    options = ReferatOptions(docx=args.referat, pdf=args.pdf, include_closed=args.include_closed,
                             use_libreoffice=not args.no_libreoffice)
    result = export_referat(folder.path, folder.meeting, options)
    if args.json:
        print_json(result.to_dict())
        return EXIT_OK
    how = ("indholdsfortegnelsen er udfyldt" if result.toc_updated
           else "indholdsfortegnelsen udfyldes, når filen åbnes")
    print(f"Skrev referatet {result.docx} ({how}).")
    if result.pdf:
        print(f"Skrev referatet som PDF {result.pdf}.")
    if result.without_decision:
        print("Punkter uden beslutning endnu (står som »(ingen beslutning endnu)«): "
              + ", ".join(result.without_decision) + ".")
    print_problems(list(result.problems))
    for note in result.notes:
        print(note)
    return EXIT_OK


def _refuse_pack_options(args: argparse.Namespace) -> None:
    """--override and --keep-active-content concern the packs; the referat has nothing they could change."""
    if args.override:
        raise UsageError("--override gælder kontrollen før bilagspakken og dagsordenen; referatet har "
                         "ingen sådan kontrol, og et godkendt referat uden beslutning ved alle punkter "
                         "skrives aldrig. Intet er skrevet.",
                         hint="Udelad --override. Mangler der beslutninger, så skriv dem, eller sæt "
                              "referatets status til udkast.")
    if args.keep_active_content:
        raise UsageError("--keep-active-content gælder bilagenes PDF'er i bilagspakken; referatet "
                         "indeholder ingen bilag, kun deres sidetal i pakken. Intet er skrevet.",
                         hint="Udelad --keep-active-content, og brug det, når du eksporterer "
                              "bilagspakken.")
