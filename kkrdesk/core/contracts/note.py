"""A short Danish Word note (A4) with a contract check's findings, to attach to the agenda item."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kkrdesk.core import atomic, danish
from kkrdesk.core.contracts.checks import Finding
from kkrdesk.core.contracts.comparison import goal_rows
from kkrdesk.core.contracts.review import ContractReview
from kkrdesk.core.errors import KkrError, Severity
from kkrdesk.core.office.package_entries import docx_bytes

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell

SEVERITY_HEADINGS = {Severity.ERROR: "Fejl", Severity.WARNING: "Advarsler",
                     Severity.INFO: "Til orientering"}
SEVERITY_COLOURS = {Severity.ERROR: RGBColor(0xB0, 0x1E, 0x1E),
                    Severity.WARNING: RGBColor(0x9A, 0x60, 0x00),
                    Severity.INFO: RGBColor(0x1F, 0x4E, 0x79)}
FONT = "Calibri"


def write_findings_note(review: ContractReview, target: Path, *, today: dt.date | None = None) -> Path:
    """Write the note to ``target`` (atomically) and return the path."""
    document = docx.Document()
    _set_up_page(document)
    day = today or dt.date.today()
    document.add_heading("Notat: gennemgang af resultatkontrakt", level=0)
    intro = document.add_paragraph()
    intro.add_run(review.title).bold = True
    document.add_paragraph(
        f"Kontrolleret mod {review.agreement.title} den {danish.format_date(day)}. "
        f"Kontraktens fil: {review.contract.document.path.name}.")
    document.add_paragraph(_summary(review))
    document.add_heading("Nationale mål: rammeaftalen og kontrakten", level=1)
    _goal_table(document, review)
    document.add_heading("Fund", level=1)
    if not review.findings:
        document.add_paragraph("Gennemgangen fandt intet at bemærke.")
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        findings = [f for f in review.findings if f.severity is severity]
        if not findings:
            continue
        heading = document.add_heading(f"{SEVERITY_HEADINGS[severity]} ({len(findings)})", level=2)
        for run in heading.runs:
            run.font.color.rgb = SEVERITY_COLOURS[severity]
        for finding in findings:
            _finding_paragraph(document, finding, review)
    closing = document.add_paragraph(
        "Notatet er dannet af kkrdesk ud fra kontraktens tekst. Henvisningerne peger på stedet i "
        "kontrakten og på afsnittet i rammeaftalen, så hvert fund kan efterprøves.")
    closing.runs[0].italic = True
    properties = document.core_properties
    properties.title = f"Notat: {review.title}"
    properties.author = "kkrdesk"
    properties.language = "da-DK"
    moment = dt.datetime.combine(day, dt.time(12, 0))
    properties.created = properties.modified = moment
    data = docx_bytes(document, date_time=(day.year, day.month, day.day, 12, 0, 0))   # the properties' moment
    try:
        atomic.write_bytes(Path(target), data)
    except OSError as exc:
        raise KkrError(f"notatet kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                       hint="Vælg en mappe, du kan skrive i, og et filnavn, der ikke er i brug.") \
            from None
    return Path(target)


def _summary(review: ContractReview) -> str:
    errors = review.count(Severity.ERROR)
    warnings = review.count(Severity.WARNING)
    infos = review.count(Severity.INFO)
    counts = (f"{errors} {'fejl'}, {warnings} {'advarsel' if warnings == 1 else 'advarsler'} og "
              f"{infos} {'oplysning' if infos == 1 else 'oplysninger'}")
    if errors:
        verdict = "Kontrakten lever ikke op til rammeaftalen på de punkter, der står under Fejl."
    elif warnings:
        verdict = "Kontrakten lever op til rammeaftalens krav, men advarslerne bør ses igennem."
    else:
        verdict = "Kontrakten lever op til rammeaftalens krav."
    return f"Gennemgangen fandt {counts}. {verdict}"


def _goal_table(document: Document, review: ContractReview) -> None:
    rows = goal_rows(review)
    with_results = review.results is not None
    headers = ["Mål", "Målepunkt", "Rammeaftalen", "Kontrakten"]
    if with_results:
        headers += ["Opnået", "Status"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "D9E2F3")
    for row in rows:
        values = [str(row.goal), row.measure, row.agreement, row.contract]
        if with_results:
            values += [row.achieved, row.status]
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
        if row.severity is Severity.ERROR:
            for run in cells[3].paragraphs[0].runs:
                run.bold = True
                run.font.color.rgb = SEVERITY_COLOURS[Severity.ERROR]
    widths = [Mm(11), Mm(67), Mm(52), Mm(30)] if not with_results else \
        [Mm(9), Mm(42), Mm(36), Mm(25), Mm(24), Mm(24)]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)


def _finding_paragraph(document: Document, finding: Finding, review: ContractReview) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(finding.message)
    where = [f"kontrakten: {finding.location}" if finding.block is not None else finding.place]
    where = [w for w in where if w]
    where.append(f"rammeaftalen afsnit {finding.section}")
    detail = paragraph.add_run(f" ({'; '.join(where)}; kode {finding.code})")
    detail.font.size = Pt(9)
    detail.font.color.rgb = RGBColor(0x55, 0x55, 0x55)


def _set_up_page(document: Document) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "da-DK")
    normal.element.get_or_add_rPr().append(language)
    for name in ("Title", "Heading 1", "Heading 2"):
        document.styles[name].font.name = FONT


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)
