"""Writes the sample meeting's resultatkontrakt 2025 (KKR Sjælland / Erhvervshus Sjælland) and its results file.

The contract is fiction written for kkrdesk, in the shape real contracts have: a cover, an
introduction citing the agreements, national goals partly in prose and partly in a table, local
goals, reporting and a signature block. It carries one realistic shortcoming for the checker:
goal 2's target for knowledge of the house's offers is 50 % in 2025, where the rammeaftale
(section 8.1) demands at least 55 %. Output is byte-for-byte the same on every run.

Run: python tools/make_sample_contract.py TARGET_DIR
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from kkrdesk.core.office.package_entries import with_regular_entries

CONTRACT_TITLE = "Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland"
CONTRACT_FILE = "resultatkontrakt-2025-kkr-sjaelland-erhvervshus-sjaelland.docx"
CONTRACT_PAGES = 3           # as LibreOffice lays it out (checked by the sample tests)
SIGNED_TITLE = "Resultatkontrakt 2025 – underskrevet, scannet kopi"
SIGNED_FILE = "2.7-bilag-4-resultatkontrakt-2025-underskrevet-scannet.pdf"
DRAFT_OFFERS_TARGET = 50     # goal 2, knowledge of the offers in 2025: the draft's shortcoming
SIGNED_OFFERS_TARGET = 55    # ... put right before the contract was signed
RESULTS_TITLE = "Resultatopgørelse 2025 for Erhvervshus Sjælland (eksempel)"
RESULTS_FILE = "resultater-2025-erhvervshus-sjaelland.csv"
FIXED_MOMENT = dt.datetime(2025, 1, 20, 9, 0, 0)
ZIP_TIME = (2025, 1, 20, 9, 0, 0)
FONT = "Calibri"
ACCENT = RGBColor(0x1F, 0x4E, 0x79)

# Rows of the results file: goal; measure; achieved; year. Goal 5 is measured two years after
# the guidance, so a report for 2025 has no value for it yet.
RESULT_ROWS = [
    ("mål", "målepunkt", "opnået", "år"),
    ("1", "Vejledte virksomheder under 3 år", "164", "2025"),
    ("2", "Kendskabsgrad", "53", "2025"),
    ("2", "Kendskab til tilbuddene", "52", "2025"),
    ("3", "NPS", "74", "2025"),
    ("4", "Brugte henvisninger", "57", "2025"),
    ("5", "Mervækst i omsætning", "afventer måling", "2025"),
    ("5", "Mervækst i beskæftigelse", "afventer måling", "2025"),
    ("5", "Mervækst i produktivitet", "afventer måling", "2025"),
    ("6", "Bæredygtighed, i høj grad bedre", "71,5", "2025"),
]


def write_sample_contract(target_dir: Path) -> list[Path]:
    """Write the contract (DOCX) and the results (CSV) into ``target_dir``; return both paths."""
    target_dir = Path(target_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    contract, results = target_dir / CONTRACT_FILE, target_dir / RESULTS_FILE
    write_contract(contract)
    write_results(results)
    return [contract, results]


def write_contract(path: Path) -> None:
    Path(path).write_bytes(_fixed_zip(_contract_bytes(DRAFT_OFFERS_TARGET)))


def write_signed_contract(path: Path) -> None:
    """The contract as signed: the draft with goal 2's offer target put right (55 %)."""
    Path(path).write_bytes(_fixed_zip(_contract_bytes(SIGNED_OFFERS_TARGET)))


def write_results(path: Path) -> None:
    Path(path).write_bytes(("\r\n".join(";".join(row) for row in RESULT_ROWS) + "\r\n").encode("utf-8"))


def _contract_bytes(offers_target: int) -> bytes:
    document = docx.Document()
    _set_up(document)

    _cover(document)
    document.add_heading("1. Indledning", level=1)
    _paragraph(document, "Denne kontrakt fastlægger, hvilke resultater Erhvervshus Sjælland skal nå "
               "i 2025 for de virksomheder og iværksættere, huset betjener i de 17 kommuner i "
               "KKR Sjællands område.")
    _paragraph(document, "Kontrakten hviler på to aftaler mellem Erhvervsministeriet og KL: "
               "»Aftale om rammerne for erhvervshuse 2024-2027« og aftalen fra 25. oktober 2018, der "
               "oprettede de tværkommunale erhvervshuse og stadig gælder. Rammeaftalen bestemmer, at "
               "hvert erhvervshus hvert år indgår en resultatkontrakt med sit KKR, at de nationale "
               "mål skal indgå, og at parterne kan supplere med lokale mål.")
    _paragraph(document, "Erhvervshusets bestyrelse har godkendt kontrakten, før den blev forelagt "
               "KKR Sjælland.")

    document.add_heading("2. Nationale mål", level=1)
    _paragraph(document, "De nationale mål gælder for alle seks erhvervshuse. Mål 1-3 er beskrevet "
               "nedenfor; mål 4-6 fremgår af tabellen.")
    document.add_heading("Mål 1: Styrket indsats for iværksættere", level=2)
    _paragraph(document, "Erhvervshusene har under ét forpligtet sig til at vejlede 1.200 "
               "virksomheder under tre år om året, når rammeaftalen udløber. Erhvervshus Sjællands "
               "andel svarer til befolkningstallet i landsdelen. I 2025 vejleder huset mindst 171 "
               "virksomheder, der er under tre år gamle. Iværksætterguiden er husets første "
               "kontakt til de nye virksomheder.")
    document.add_heading("Mål 2: Kendskab", level=2)
    _paragraph(document, "Erhvervsstyrelsen måler hvert år, hvor godt virksomhederne kender "
               "erhvervshusene. Kendskabsgraden til Erhvervshus Sjælland blandt virksomhederne i "
               "landsdelen skal være mindst 50 procent.")
    _paragraph(document, f"Blandt de virksomheder, der kender huset, skal mindst {offers_target} "
               "procent kende husets tilbud i 2025. Frem mod 2027 øges andelen til mindst 65 procent.")
    document.add_heading("Mål 3: Virksomhedernes tilfredshed", level=2)
    _paragraph(document, "Huset bruger brugerevalueringen til at følge kvaliteten af vejledningen. "
               "Virksomhederne i drifts- og vækstsegmentet skal give huset en Net Promoter Score "
               "(NPS) på mindst 70.")
    _paragraph(document, "Mål 4-6 med målepunkter og målværdier for 2025:", italic=True)
    _goal_table(document)

    document.add_heading("3. Lokale mål", level=1)
    _paragraph(document, "KKR Sjælland og Erhvervshus Sjælland har aftalt to lokale mål, som "
               "bygger videre på samarbejdet med kommunernes lokale erhvervsservice.")
    document.add_heading("Lokalt mål 1: Grøn omstilling i mindre produktionsvirksomheder", level=2)
    _paragraph(document, "Huset gennemfører sammen med den kommunale erhvervsservice forløb om "
               "energi, materialer og affald for mindst 40 mindre produktionsvirksomheder. Hvert "
               "forløb slutter med en handlingsplan, som virksomheden selv ejer.")
    document.add_heading("Lokalt mål 2: Iværksætterguiden i alle kommuner", level=2)
    _paragraph(document, "Iværksætterguiden holder åben rådgivning i hver af de 17 kommuner mindst "
               "én gang i løbet af året, i samarbejde med kommunens egen iværksætterindsats.")

    document.add_heading("4. Afrapportering og opfølgning", level=1)
    _paragraph(document, "Erhvervshuset afrapporterer på kontraktens nationale og lokale mål til "
               "KKR Sjælland, KL og Erhvervsstyrelsen senest i andet kvartal 2026. Tallene for de "
               "nationale mål kommer fra husets egne registreringer i CRM-systemet, som alle "
               "erhvervshuse deler, og fra Erhvervsstyrelsens målinger.")
    _paragraph(document, "KKR Sjælland og husets ledelse gør status på målene på et møde i "
               "efteråret 2025, så indsatsen kan justeres i tide.")

    document.add_heading("5. Underskrifter", level=1)
    _signature_table(document)

    properties = document.core_properties
    properties.title = CONTRACT_TITLE
    properties.author = "KKR Sjælland og Erhvervshus Sjælland"
    properties.language = "da-DK"
    properties.created = properties.modified = properties.last_printed = FIXED_MOMENT
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _cover(document) -> None:
    for _ in range(6):
        document.add_paragraph()
    title = document.add_paragraph(style="Title")
    title.add_run(CONTRACT_TITLE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    period = document.add_paragraph()
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = period.add_run("Kontraktperiode: 1. januar – 31. december 2025")
    run.font.size = Pt(13)
    run.font.color.rgb = ACCENT
    basis = document.add_paragraph()
    basis.alignment = WD_ALIGN_PARAGRAPH.CENTER
    basis.add_run("Indgået efter Rammeaftale for erhvervshusene 2024-2027").italic = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _goal_table(document) -> None:
    rows = [
        ("Mål", "Målepunkt", "Målværdi 2025"),
        ("Mål 4: Knudepunktsfunktion", "Andel af de henviste virksomheder, der har brugt mindst én "
         "af husets henvisninger til andre aktører", "Mindst 50 %"),
        ("Mål 5: Effekt i virksomhederne", "Vækstsegmentet: mervækst i omsætning to år efter "
         "vejledningen, sammenlignet med en kontrolgruppe", "Mindst 10 procentpoint"),
        ("", "Vækstsegmentet: mervækst i beskæftigelse to år efter vejledningen, sammenlignet med "
         "en kontrolgruppe", "Mindst 5 procentpoint"),
        ("", "Driftssegmentet: mervækst i produktivitet (omsætning pr. årsværk) to år efter "
         "vejledningen", "Positiv mervækst"),
        ("Mål 6: Bæredygtighed", "Andel af de virksomheder, der er vejledt om bæredygtighed, som "
         "i høj grad er blevet bedre til at målrette og prioritere arbejdet", "Mindst 70 %"),
    ]
    table = document.add_table(rows=len(rows), cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.font.size = Pt(10)
            if r == 0:
                run.bold = True
                _shade(cell, "D9E2F3")
    table.cell(2, 0).merge(table.cell(4, 0))
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page
    for column, width in zip(table.columns, (Mm(42), Mm(86), Mm(32)), strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    document.add_paragraph()


def _signature_table(document) -> None:
    _paragraph(document, "Kontrakten er indgået mellem parterne og underskrives af begge formænd.")
    rows = [("For KKR Sjælland", "For Erhvervshus Sjælland"),
            ("Sted og dato:", "Sted og dato:"),
            ("\n\n______________________________\nFormand for KKR Sjælland",
             "\n\n______________________________\nFormand for bestyrelsen, Erhvervshus Sjælland")]
    table = document.add_table(rows=len(rows), cols=2)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            lines = text.split("\n")
            paragraph = cell.paragraphs[0]
            for index, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.bold = r == 0
                if index < len(lines) - 1:
                    run.add_break()


def _paragraph(document, text: str, *, italic: bool = False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = italic
    return paragraph


def _set_up(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _footer_run(footer, "Resultatkontrakt 2025 · KKR Sjælland og Erhvervshus Sjælland · Side ")
    _field(footer, "PAGE", "1")
    _footer_run(footer, " af ")
    _field(footer, "NUMPAGES", str(CONTRACT_PAGES))
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "da-DK")
    normal.element.get_or_add_rPr().append(language)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = document.styles[name]
        style.font.name = FONT
        style.font.color.rgb = ACCENT
    document.styles["Title"].font.size = Pt(24)


def _footer_run(paragraph, text: str):
    run = paragraph.add_run(text)
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return run


def _field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) showing ``shown`` until the reader updates it."""
    _field_mark(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    _footer_run(paragraph, "")._r.append(code)
    _field_mark(paragraph, "separate")
    _footer_run(paragraph, shown)
    _field_mark(paragraph, "end")


def _field_mark(paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), kind)
    _footer_run(paragraph, "")._r.append(mark)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed entry times and regular 0644 entries, so the file is identical on every run."""
    def with_page_count(name: str, content: bytes) -> bytes:
        if name == "docProps/app.xml":  # the page count Word would have stored
            return re.sub(rb"<Pages>\d+</Pages>", b"<Pages>%d</Pages>" % CONTRACT_PAGES, content)
        return content

    return with_regular_entries(data, date_time=ZIP_TIME, edit=with_page_count)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("brug: python tools/make_sample_contract.py MAPPE")
    for written in write_sample_contract(Path(sys.argv[1])):
        print(written)
