"""The contract checker's findings as blocks for an item in the Word agenda."""

from __future__ import annotations

from kkrdesk.core.contracts.bilag import is_contract_bilag
from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import SEVERITY_DA, KkrError, Severity
from kkrdesk.core.export.blocks import Block, ExtraContext, Paragraph, Subheading, Table
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.model import AgendaItem, Bilag, FileKind

RESULTS_WORD = "resultat"


def results_file_for(item: AgendaItem, contract: Bilag) -> Bilag | None:
    """A results file (CSV/XLSX) attached to the same item as the contract, by its name."""
    return next((other for other in item.bilag if other is not contract
                 and other.kind in (FileKind.CSV, FileKind.XLSX)
                 and RESULTS_WORD in (other.title + other.file).lower()), None)


def results_source(context: ExtraContext, results) -> str:
    """Where the results in the findings come from, so they are not read as facts of the meeting."""
    if results is None:
        return ""
    number = next((b.number for b in context.bilag if b.bilag is results), None)
    where = f"bilag {number}: {results.title}" if number else results.title
    if "eksempel" in results.title.casefold():
        return f" Resultattallene er et eksempel på afrapportering ({where})."
    return f" Resultattallene er fra {where}."


def contract_findings_blocks(context: ExtraContext) -> list[Block]:
    """For each resultatkontrakt among the item's exported bilag: what the checker found."""
    blocks: list[Block] = []
    for selected in context.bilag:
        bilag = selected.bilag
        if not is_contract_bilag(bilag):
            continue
        results = results_file_for(context.item, bilag)
        try:
            review = review_contract(inside(context.folder, bilag.file),
                                     results=inside(context.folder, results.file) if results else None)
        except KkrError as exc:
            blocks.append(Paragraph(f"Bilag {selected.number} kunne ikke kontrolleres: {exc.message}",
                                    italic=True))
            continue
        blocks.append(Subheading(f"Kontrol af bilag {selected.number}: {bilag.title}"))
        shown = [f for f in review.findings if f.severity in (Severity.ERROR, Severity.WARNING)]
        if not shown:
            blocks.append(Paragraph("Kontrollen fandt ingen afvigelser fra rammeaftalen.", italic=True))
            continue
        rows = tuple((SEVERITY_DA[f.severity].capitalize(), str(f.goal) if f.goal else "–",
                      f.message[:1].upper() + f.message[1:], f.section or "–") for f in shown)
        others = len(review.findings) - len(shown)
        note = f" {others} øvrige bemærkninger er ikke vist." if others else ""
        blocks.append(Table(header=("Alvor", "Mål", "Fund", "Afsnit"), rows=rows,
                            caption=f"Bilag {selected.number} holdt op mod {review.agreement.title}."
                                    f"{results_source(context, results)}{note}"))
    return blocks
