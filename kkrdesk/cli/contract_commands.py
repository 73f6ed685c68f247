"""Sub-command check-contract: a resultatkontrakt checked against its rammeaftale, with results and a Word note."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kkrdesk.cli.output import EXIT_OK, EXIT_PROBLEMS, add_json_flag, print_json
from kkrdesk.core.contracts.agreement import agreement_ids
from kkrdesk.core.contracts.comparison import goal_rows
from kkrdesk.core.contracts.note import write_findings_note
from kkrdesk.core.contracts.review import ContractReview, review_contract
from kkrdesk.core.errors import SEVERITY_DA, Severity


def register(subparsers) -> None:
    check = subparsers.add_parser(
        "check-contract", help="kontrollér en resultatkontrakt mod rammeaftalen",
        description="Læser en resultatkontrakt (Word eller PDF) og kontrollerer den mod "
                    "rammeaftalen for erhvervshusene: nationale mål og målværdier, parter, år, "
                    "underskrifter og afrapportering. Afslutter med 1, hvis der er fejl.")
    check.add_argument("file", type=Path, metavar="FIL", help="kontrakten (.docx eller .pdf)")
    check.add_argument("--agreement", default=None, metavar="ID",
                       help="rammeaftalen, der kontrolleres mod (standard: den, der gælder "
                            f"kontraktens år; kendte: {', '.join(agreement_ids())}; eller en "
                            ".toml-fil)")
    check.add_argument("--results", type=Path, default=None, metavar="FIL",
                       help="erhvervshusets resultatopgørelse (CSV eller XLSX med kolonnerne "
                            "mål; målepunkt; opnået)")
    check.add_argument("--note", type=Path, default=None, metavar="FIL",
                       help="skriv fundene som et kort Word-notat (.docx) til dagsordenspunktet")
    check.add_argument("--ocr", action="store_true",
                       help="læs en scannet PDF med tekstgenkendelse (kræver ocrmypdf og "
                            "tesseract-ocr-dan; den søgbare kopi gemmes i kkrdesks cache)")
    add_json_flag(check)
    check.set_defaults(run=run_check_contract)


def run_check_contract(args: argparse.Namespace) -> int:
    review = review_contract(args.file, agreement=args.agreement, results=args.results,
                             ocr=args.ocr)
    note = write_findings_note(review, args.note) if args.note else None
    if args.json:
        data = review.to_dict()
        if note is not None:
            data["note"] = str(note)
        print_json(data)
    else:
        _print_review(review)
        if note is not None:
            print(f"\nNotatet er gemt i {note}.")
    return EXIT_PROBLEMS if review.has_errors else EXIT_OK


def _print_review(review: ContractReview) -> None:
    out = sys.stdout
    out.write(f"{review.title}\n")
    out.write(f"Kontrolleret mod {review.agreement.title}.\n\n")
    rows = goal_rows(review)
    with_results = review.results is not None
    header = ["Mål", "Målepunkt", "Rammeaftalen", "Kontrakten"] + (["Opnået", "Status"]
                                                                 if with_results else [])
    table = [header] + [[str(r.goal), _shorten(r.measure, 44), r.agreement, r.contract]
                        + ([r.achieved, r.status] if with_results else []) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
                  .rstrip() + "\n")
    out.write("\nFund:\n" if review.findings else "\nIngen fund.\n")
    for finding in review.findings:
        where = [_place(finding)] if finding.block is not None or finding.place else []
        where.append(f"rammeaftalen afsnit {finding.section}")
        out.write(f"  {SEVERITY_DA[finding.severity]} [{finding.code}] {finding.message} "
                  f"({'; '.join(where)})\n")
    errors, warnings = review.count(Severity.ERROR), review.count(Severity.WARNING)
    infos = review.count(Severity.INFO)
    verdict = "Kontrakten har fejl." if errors else "Kontrakten lever op til rammeaftalens krav."
    out.write(f"\n{errors} fejl, {warnings} {'advarsel' if warnings == 1 else 'advarsler'}, "
              f"{infos} {'oplysning' if infos == 1 else 'oplysninger'}. {verdict}\n")


def _place(finding) -> str:
    return f"kontrakt: {finding.location}" if finding.block is not None else finding.place


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"
