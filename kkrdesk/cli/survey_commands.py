"""The ``survey`` command: summarise a SurveyXact export, or draw one of its charts to PNG."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.cli.output import EXIT_OK, add_json_flag, print_json
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, UsageError
from kkrdesk.core.survey.charts_data import CHART_TITLES, ChartKind, chart_for

if TYPE_CHECKING:
    from kkrdesk.core.survey.statistics import ScaleStats, SurveySummary, Tally


def register(subparsers) -> None:
    survey = subparsers.add_parser("survey", help="læs en SurveyXact-eksport og vis dens tal",
                                   description="Læser en undersøgelse eksporteret fra SurveyXact "
                                   "(ét Excel-ark eller tre CSV-filer) sammen med dens opsætningsfil.")
    survey.set_defaults(run=lambda args: _missing_subcommand(survey))
    commands = survey.add_subparsers(dest="survey_command", metavar="KOMMANDO")

    summarize = commands.add_parser("summarize", help="svarprocent, nøgleord og udsagn",
                                    description="Beregner svarprocenter, nøgleord og udsagnenes "
                                    "gennemsnit ud fra besvarelserne og viser rækker, der bryder "
                                    "undersøgelsens regler.")
    _add_source_arguments(summarize)
    add_json_flag(summarize)
    summarize.set_defaults(run=run_summarize)

    chart = commands.add_parser("chart", help="tegn et diagram som PNG",
                                description="Tegner ét af fremviserens diagrammer og gemmer det som PNG.")
    _add_source_arguments(chart)
    chart.add_argument("--chart", required=True, choices=[k.value for k in ChartKind],
                       help="; ".join(f"{k.value}: {title.lower()}" for k, title in CHART_TITLES.items()))
    chart.add_argument("--group", default=None, metavar="KKR",
                       help='et KKR, fx "KKR Sjælland" (standard: alle)')
    chart.add_argument("--item", default=None, metavar="PUNKT",
                       help='til --chart compare: et udsagn (fx 2.1) eller et nøgleord (fx Samarbejde)')
    chart.add_argument("-o", "--output", type=Path, required=True, metavar="FIL.png",
                       help="hvor diagrammet gemmes")
    chart.add_argument("--width", type=int, default=1600, metavar="PIXEL",
                       help="billedets bredde i pixel (standard 1600)")
    add_json_flag(chart)
    chart.set_defaults(run=run_chart)

    compare = commands.add_parser("compare", help="sammenlign to runder af samme undersøgelse",
                                  description="Viser udsagnenes gennemsnit og nøgleordenes andele i to "
                                  "runder side om side med ændringen. Udsagn parres efter deres id i "
                                  "opsætningsfilerne, nøgleord efter spørgsmålets navn og svarteksten.")
    compare.add_argument("first", type=Path, metavar="FØRSTE", help="eksporten af den første runde")
    compare.add_argument("second", type=Path, metavar="ANDEN", help="eksporten af den anden runde")
    compare.add_argument("--mapping-first", type=Path, default=None, metavar="OPSÆTNING",
                         help="opsætningsfilen til den første runde (standard: ved siden af eksporten)")
    compare.add_argument("--mapping-second", type=Path, default=None, metavar="OPSÆTNING",
                         help="opsætningsfilen til den anden runde (standard: ved siden af eksporten)")
    compare.add_argument("--group", default=None, metavar="KKR", help="et KKR (standard: alle)")
    add_json_flag(compare)
    compare.set_defaults(run=run_compare)


def _add_source_arguments(parser) -> None:
    parser.add_argument("export", type=Path, metavar="EKSPORT",
                        help="Excel-filen, én af de tre CSV-filer eller mappen med dem")
    parser.add_argument("--mapping", type=Path, default=None, metavar="OPSÆTNING",
                        help="opsætningsfilen (standard: <eksport>.survey.toml ved siden af eksporten)")


def _missing_subcommand(parser) -> int:
    raise UsageError("vælg en kommando: summarize, chart eller compare.", hint=f"Se {parser.prog} --help.")


def _summarize(args: argparse.Namespace) -> SurveySummary:
    from kkrdesk.core.survey.load import summarize_survey  # pandas is loaded only when needed

    return summarize_survey(args.export, args.mapping)


def run_summarize(args: argparse.Namespace) -> int:
    from kkrdesk.core.survey.summary_view import summary_dict

    summary = _summarize(args)
    if args.json:
        print_json(summary_dict(summary))
    else:
        print(format_summary(summary))
    return EXIT_OK


def run_chart(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".png":
        raise UsageError(f'"{args.output.name}" er ikke en PNG-fil.',
                         hint="Diagrammer gemmes som PNG; giv filen endelsen .png.")
    if not 200 <= args.width <= 8000:
        raise UsageError("--width skal være mellem 200 og 8000 pixel.")
    summary = _summarize(args)
    data = chart_for(summary, ChartKind(args.chart), args.group, args.item)
    try:
        from kkrdesk.ui.survey.chart_export import render_chart_png  # Qt is loaded only here
    except ImportError as exc:
        raise KkrError(f"diagrammer kan ikke tegnes på denne maskine ({exc}).",
                       hint="Installér kkrdesk med dets grafiske del (PySide6 og pyqtgraph).") from None
    written = render_chart_png(data, args.output, width=args.width)
    if args.json:
        print_json({"ok": True, "file": str(written), "chart": data.kind.value, "title": data.title,
                    "categories": list(data.categories),
                    "series": [{"name": s.name, "values": list(s.values)} for s in data.series]})
    else:
        print(f"Gemte diagrammet \"{data.title}\" ({data.subtitle}) i {written}.")
    return EXIT_OK


def run_compare(args: argparse.Namespace) -> int:
    from kkrdesk.core.survey.load import summarize_survey
    from kkrdesk.core.survey.rounds import compare_rounds

    comparison = compare_rounds(summarize_survey(args.first, args.mapping_first),
                                summarize_survey(args.second, args.mapping_second), args.group)
    if args.json:
        print_json({"first": comparison.first_label, "second": comparison.second_label,
                    "group": comparison.group,
                    "statements": [_figure(f) for f in comparison.statements],
                    "keywords": {k.key: {"label": k.label, "options": [_figure(o) for o in k.options]}
                                 for k in comparison.keywords}})
    else:
        print(format_rounds(comparison))
    return EXIT_OK


def _figure(figure) -> dict:
    return {"item": figure.item, "text": figure.text, "first": figure.first, "second": figure.second,
            "change": figure.change}


def format_rounds(comparison) -> str:
    """Two rounds side by side as plain Danish text."""
    from kkrdesk.core.survey.rounds import format_change

    first, second = comparison.first_label, comparison.second_label
    lines = [f"{first} og {second}" + (f" – {comparison.group}" if comparison.group else "")]
    if comparison.statements:
        lines += ["", "Udsagn (gennemsnit)"]
        table = [[f"{f.item} {f.text}"[:70], _decimal(f.first), _decimal(f.second), format_change(f.change, 1)]
                 for f in comparison.statements]
        lines += _columns(["Udsagn", first, second, "Ændring"], table)
    for keyword in comparison.keywords:
        lines += ["", f"Nøgleord: {keyword.label} (andel af dem, der svarede)"]
        table = [[o.item, _percent(o.first), _percent(o.second), format_change(o.change, 0, " pct.-point")]
                 for o in keyword.options]
        lines += _columns(["Nøgleord", first, second, "Ændring"], table)
    return "\n".join(lines)


def _decimal(value: float | None) -> str:
    return "–" if value is None else danish.format_decimal(value, 1)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{danish.format_decimal(value, 0)} %"


def format_summary(summary: SurveySummary) -> str:
    """The summary as plain Danish text for a terminal."""
    lines = [summary.title or "Undersøgelse"]
    if summary.synthetic:
        lines.append("SYNTETISKE DATA – ikke rigtige svar.")
    lines.append(f"Eksport: {summary.source} – {summary.layout}")
    skipped = f", {danish.format_int(summary.not_answered)} uden svar" if summary.not_answered else ""
    lines.append(f"{danish.format_int(summary.respondents)} besvarelser ({danish.format_int(summary.rows_read)} "
                 f"rækker{skipped}).")
    lines += ["", "Svarprocent"]
    header = [summary.group_name, "Medlemmer", "Svar", "Svarprocent", *summary.roles]
    table = [[row.group, _int(row.tally.members), str(row.tally.answers), _rate(row.tally),
              *(_role_cell(row.roles.get(role)) for role in summary.roles)] for row in summary.response]
    lines += _columns(header, table)
    lines += [f"Advarsel: {warning}" for warning in summary.warnings]
    if summary.keywords:
        lines += ["", "Nøgleord (antal markeringer)"]
        first = summary.keywords[0]
        header = ["Nøgleord", *(k.label for k in summary.keywords)]
        if summary.change:
            header.append("Ændring")
        table = []
        for option in first.counts:
            row = [option, *(str(k.counts.get(option, 0)) for k in summary.keywords)]
            if summary.change:
                row.append(_signed(summary.change.overall.get(option, 0)))
            table.append(row)
        lines += _columns(header, table)
        for keyword in summary.keywords:
            top = ", ".join(f"{o.option} ({o.count})" for o in keyword.top)
            lines.append(f"Top 5, {keyword.label.lower()}: {top}")
    if summary.statements:
        lines += ["", f"Udsagn (gennemsnit på skalaen {summary.scale[0]}-{summary.scale[1]})"]
        for statement in summary.statements:
            baseline = "".join(f", {b.label}: {danish.format_decimal(b.mean, 1)}"
                               for b in statement.baseline.values())
            lines.append(f"{statement.id} {statement.text}")
            lines.append(f"    {_mean(statement.overall)}{baseline}")
    lines += ["", _problems_heading(summary)]
    lines += [f"  række {p.row}{f' ({p.respondent})' if p.respondent else ''}: {p.detail}"
              for p in summary.problems]
    return "\n".join(lines)


def _problems_heading(summary: SurveySummary) -> str:
    if not summary.problems:
        return "Ingen rækker bryder undersøgelsens regler."
    return f"{len(summary.problems)} rækker bryder undersøgelsens regler:"


def _mean(stats: ScaleStats) -> str:
    if stats.mean is None:
        return "ingen svar"
    text = f"gennemsnit {danish.format_decimal(stats.mean, 1)} (n = {danish.format_int(stats.n)}"
    if stats.dont_know:
        text += f", ved ikke: {danish.format_int(stats.dont_know)}"
    return text + ")"


def _signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


def _int(value: int | None) -> str:
    return "–" if value is None else danish.format_int(value)


def _rate(tally: Tally) -> str:
    return "–" if tally.rate is None else f"{tally.rate} %"


def _role_cell(tally: Tally | None) -> str:
    if tally is None:
        return "–"
    if tally.members is None:
        return str(tally.answers)
    return f"{tally.answers}/{tally.members} ({_rate(tally)})"


def _columns(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    return [line(header), *(line(r) for r in rows)]
