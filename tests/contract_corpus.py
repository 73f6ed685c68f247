"""A contract test set not in kkrdesk's own shape: hand-written OOXML parts, and HTML turned into DOCX/PDF by LibreOffice.

Nothing here uses python-docx, reportlab or tests/contract_factory.py: Word files are zipped
from XML strings written below, the rest are HTML pages converted by ``soffice``. Each case
says which layout family it belongs to and the (code, goal) the checker must report; clean
cases must give no error at all.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CLEAN = {"g1": "171", "g2a": "50", "g2b": "55", "g3": "70", "g4": "50", "g5a": "10", "g5b": "5",
         "g6": "70"}
TITLES = {1: "Styrket indsats for iværksættere", 2: "Kendskab", 3: "Virksomhedernes tilfredshed",
          4: "Erhvervshusenes knudepunktsfunktion", 5: "Effekt i virksomhederne",
          6: "Bæredygtighed"}
WORDS = {"171": "et hundrede og enoghalvfjerds", "50": "halvtreds", "55": "femoghalvtreds",
         "70": "halvfjerds", "65": "femogtres", "10": "ti", "5": "fem", "8": "otte",
         "33": "en tredjedel"}


@dataclass(frozen=True)
class Case:
    """One contract of the set: its layout family, how it is written, and what must be found."""

    name: str
    family: str
    writer: str                      # "ooxml", "lo-docx" or "lo-pdf"
    values: dict = field(default_factory=lambda: dict(CLEAN))
    order: tuple[int, ...] = (3, 1, 6, 2, 5, 4)
    expect: tuple[str, int | None] | None = None     # None: a clean contract
    in_words: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.name}.{'pdf' if self.writer == 'lo-pdf' else 'docx'}"


def n(case: Case, key: str) -> str:
    value = case.values[key]
    return WORDS.get(value, value) if case.in_words else value


def goal_sentences(case: Case, goal: int) -> list[str]:
    """The goal's text in this set's own words (not the factory's)."""
    percent = "procent" if case.in_words else "pct."
    return {
        1: [f"Erhvervshus Sjælland vejleder i 2025 mindst {n(case, 'g1')} iværksættere, hvis "
            "virksomhed er under tre år gammel."],
        2: [f"Mindst {n(case, 'g2a')} {percent} af virksomhederne i regionen kender "
            f"erhvervshuset. Af de virksomheder, der kender huset, kender mindst "
            f"{n(case, 'g2b')} {percent} husets tilbud i 2025, og i 2027 mindst "
            f"{WORDS['65'] if case.in_words else '65'} {percent}".rstrip(".") + "."],
        3: [f"Husets Net Promoter Score i drifts- og vækstsegmentet er mindst {n(case, 'g3')}."],
        4: [f"Mindst {n(case, 'g4')} {'procent' if case.in_words else '%'} af de virksomheder, "
            "huset henviser videre, benytter en eller flere af henvisningerne."],
        5: [f"To år efter vejledningen har vækstvirksomhederne en mervækst i omsætningen på "
            f"mindst {n(case, 'g5a')} procentpoint og i beskæftigelsen på mindst "
            f"{n(case, 'g5b')} procentpoint i forhold til en kontrolgruppe.",
            "Driftsvirksomhederne opnår en positiv mervækst i produktiviteten."],
        6: [f"Mindst {n(case, 'g6')} procent af de virksomheder, der vejledes om bæredygtighed, "
            "er i høj grad blevet bedre til at målrette og prioritere arbejdet."],
    }[goal]


def table_rows(case: Case, goal: int) -> list[tuple[str, str]]:
    """(målepunkt, målværdi) rows for the table families."""
    return {
        1: [("Vejledte virksomheder under 3 år", f"{n(case, 'g1')} virksomheder")],
        2: [("Kendskabsgrad blandt virksomhederne", f"{n(case, 'g2a')} %"),
            ("Kendskab til tilbuddene blandt virksomheder, der kender huset",
             f"{n(case, 'g2b')} % (2025)")],
        3: [("Net Promoter Score, drifts- og vækstsegmentet", f"NPS {n(case, 'g3')}")],
        4: [("Andel henviste virksomheder, der bruger henvisningen", f"{n(case, 'g4')} %")],
        5: [("Mervækst i omsætning, vækstsegmentet", f"{n(case, 'g5a')} procentpoint"),
            ("Mervækst i beskæftigelse, vækstsegmentet", f"{n(case, 'g5b')} procentpoint"),
            ("Mervækst i produktivitet, driftssegmentet", "positiv")],
        6: [("Andel vejledte i bæredygtighed, der i høj grad er blevet bedre til at prioritere",
             f"{n(case, 'g6')} %")],
    }[goal]


FRONT = ["Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland",
         "Kontrakten er indgået mellem KKR Sjælland og Erhvervshus Sjælland på grundlag af "
         "rammeaftalen for erhvervshusene 2024-2027."]
LOCAL = ("Lokalt mål: Huset afholder sammen med kommunerne 12 fælles arrangementer om "
         "grøn omstilling.")
REPORTING = ("Erhvervshuset afrapporterer på målene til KKR Sjælland, KL og Erhvervsstyrelsen "
             "senest i andet kvartal 2026.")
SIGNERS = [("Anne Holm Madsen", "Formand for KKR Sjælland"),
           ("Jens Vestergaard", "Formand for bestyrelsen for Erhvervshus Sjælland")]


# ---------------------------------------------------------------- hand-written OOXML


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{html.escape(text, quote=False)}</w:t>'


def p(text: str, style: str = "", props: str = "", run_props: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    lines = text.split("\n")
    runs = "<w:r><w:br/></w:r>".join(f"<w:r>{f'<w:rPr>{run_props}</w:rPr>' if run_props else ''}"
                                      f"{_t(line)}</w:r>" for line in lines)
    return f"<w:p><w:pPr>{style_xml}{props}</w:pPr>{runs}</w:p>"


def tbl(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/>"
                                       f"</w:tcPr>{p(c)}</w:tc>" for c in row) + "</w:tr>"
                    for row in rows)
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="Tabelgitter"/><w:tblW w:w="0" w:type="auto"/>'
            f"</w:tblPr>{cells}</w:tbl>")


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans"/>
<w:sz w:val="22"/><w:lang w:val="da-DK"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
<w:rPr><w:sz w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift1"><w:name w:val="heading 1"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Overskrift2"><w:name w:val="heading 2"/>
<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Listeafsnit"><w:name w:val="List Paragraph"/>
<w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="table" w:styleId="Tabelgitter"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>
<w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/><w:bottom w:val="single" w:sz="4"/>
<w:right w:val="single" w:sz="4"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/>
</w:tblBorders></w:tblPr></w:style>
</w:styles>"""


def numbering(level_text: str, fmt: str = "decimal") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{level_text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl></w:abstractNum>'
            f'<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>')


def write_ooxml(path: Path, body: str, *, numbering_xml: str = "", header: str = "",
                comments: str = "") -> Path:
    """A Word file zipped from XML written by hand (parts, relationships, content types)."""
    overrides = ['<Override PartName="/word/document.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
                 '<Override PartName="/word/styles.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>']
    rels = [f'<Relationship Id="rIdS" Type="{R_NS}/styles" Target="styles.xml"/>']
    parts = {"word/styles.xml": STYLES}
    if numbering_xml:
        parts["word/numbering.xml"] = numbering_xml
        overrides.append('<Override PartName="/word/numbering.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>')
        rels.append(f'<Relationship Id="rIdN" Type="{R_NS}/numbering" Target="numbering.xml"/>')
    if header:
        parts["word/header1.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                     f'<w:hdr xmlns:w="{W_NS}">{header}</w:hdr>')
        overrides.append('<Override PartName="/word/header1.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>')
        rels.append(f'<Relationship Id="rIdH" Type="{R_NS}/header" Target="header1.xml"/>')
    if comments:
        parts["word/comments.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                      f'<w:comments xmlns:w="{W_NS}">{comments}</w:comments>')
        overrides.append('<Override PartName="/word/comments.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>')
        rels.append(f'<Relationship Id="rIdC" Type="{R_NS}/comments" Target="comments.xml"/>')
    section = ("<w:sectPr>" + ('<w:headerReference w:type="default" r:id="rIdH"/>' if header else "")
               + '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" '
               'w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/>'
               "</w:sectPr>")
    parts["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}{section}</w:body></w:document>")
    parts["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
        'http://schemas.openxmlformats.org/package/2006/relationships">' + "".join(rels)
        + "</Relationships>")
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
        'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="'
        'http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides)
        + "</Types>")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name in ("[Content_Types].xml", "_rels/.rels", *sorted(set(parts) - {
                "[Content_Types].xml", "_rels/.rels"})):
            package.writestr(name, parts[name])
    return path


def _front_and_back(case: Case, goals_xml: str, *, with_title: bool = True) -> str:
    front = (p(FRONT[0], "Titel") if with_title else "") + p(FRONT[1])
    signatures = tbl([[name for name, _ in SIGNERS], [role for _, role in SIGNERS]])
    return (front + goals_xml + p(LOCAL) + p("Afrapportering", "Overskrift1") + p(REPORTING)
            + p("Underskrifter", "Overskrift1") + signatures)


def ooxml_body(case: Case) -> tuple[str, dict]:
    """The body XML of a hand-written case, and extra parts for write_ooxml."""
    extra: dict = {}
    family = case.family
    goals = case.order
    if family == "numbered":
        xml = p("Nationale mål", "Overskrift1") + "".join(
            p(f"Mål {g}. {TITLES[g]}", "Overskrift2") + "".join(p(t) for t in goal_sentences(case, g))
            for g in goals)
    elif family == "prose-titles":
        xml = "".join(p(f"{TITLES[g]}: " + " ".join(goal_sentences(case, g))) for g in goals)
    elif family == "numbered-list":
        extra["numbering_xml"] = numbering("Mål %1:")
        ordered = sorted(goals)
        xml = p("De nationale mål", "Overskrift1") + "".join(
            p(f"{TITLES[g]}. " + " ".join(goal_sentences(case, g)), "Listeafsnit",
              '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>') for g in ordered)
    elif family == "text-boxes":
        xml = p("Nationale mål", "Overskrift1") + "".join(_text_box(
            [f"{TITLES[g]}"] + goal_sentences(case, g)) for g in goals)
    elif family == "tables-split":
        rows = [["Mål", "Målepunkt", "Målværdi 2025"]]
        for g in sorted(goals):
            for index, (measure, value) in enumerate(table_rows(case, g)):
                rows.append([TITLES[g] if index == 0 else "", measure, value])
        half = len(rows) // 2 + 1
        xml = (p("Nationale mål", "Overskrift1") + tbl(rows[:half]) + page_break()
               + tbl(rows[half:]))
    elif family == "several-per-paragraph":
        xml = p("Nationale mål", "Overskrift1") + p(
            f"Huset sikrer, at mindst {n(case, 'g2a')} pct. af virksomhederne kender huset, og at "
            f"mindst {n(case, 'g2b')} pct. af dem kender husets tilbud i 2025, mens husets Net "
            f"Promoter Score er mindst {n(case, 'g3')}.") + p(
            " ".join(goal_sentences(case, 1) + goal_sentences(case, 4))) + p(
            " ".join(goal_sentences(case, 5) + goal_sentences(case, 6)))
        if 4 not in goals:
            xml = xml.replace(html.escape(" ".join(goal_sentences(case, 4)), quote=False), "")
    elif family == "tracked-changes":
        xml, extra = _tracked(case)
    elif family == "header-footer":
        extra["header"] = p(FRONT[0])
        xml = p("Nationale mål", "Overskrift1") + "".join(
            p(f"{TITLES[g]}: " + " ".join(goal_sentences(case, g))) for g in goals)
        return _front_and_back(case, xml, with_title=False), extra
    else:
        raise ValueError(family)
    return _front_and_back(case, xml), extra


def _text_box(lines: list[str]) -> str:
    inner = "".join(p(line) for line in lines)
    return ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="5400000" cy="1200000"/><wp:wrapTopAndBottom/><wp:docPr id="1" '
            'name="Tekstfelt"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/'
            'word/2010/wordprocessingShape"><wps:wsp><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="5400000" cy="1200000"/></a:xfrm><a:prstGeom prst="rect"/></wps:spPr>'
            f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
            f"<w:pict><w:txbxContent>{inner}</w:txbxContent></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>")


def _tracked(case: Case) -> tuple[str, dict]:
    """Goals with tracked edits: the accepted text is the case's; the deleted text is bait."""
    paragraphs = []
    for g in case.order:
        text = f"{TITLES[g]}: " + " ".join(goal_sentences(case, g))
        if g == 3:
            value = n(case, "g3")
            before, after = text.split(f"mindst {value}", 1)
            bait = "65" if value != "65" else "75"
            paragraphs.append(
                f"<w:p><w:r>{_t(before + 'mindst ')}</w:r>"
                f'<w:del w:id="11" w:author="Sagsbehandler" w:date="2025-01-10T10:00:00Z"><w:r>'
                f'<w:delText xml:space="preserve">{bait}</w:delText></w:r></w:del>'
                f'<w:ins w:id="12" w:author="Sagsbehandler" w:date="2025-01-10T10:00:00Z"><w:r>'
                f"{_t(value)}</w:r></w:ins><w:r>{_t(after)}</w:r></w:p>")
        elif g == 6:
            paragraphs.append(
                '<w:p><w:commentRangeStart w:id="1"/>'
                f"<w:r>{_t(text)}</w:r><w:commentRangeEnd w:id=\"1\"/>"
                '<w:r><w:commentReference w:id="1"/></w:r></w:p>')
        else:
            paragraphs.append(p(text))
    if 4 not in case.order:           # the goal is there only as deleted text
        text = f"{TITLES[4]}: " + " ".join(goal_sentences(case, 4))
        paragraphs.append(f'<w:p><w:del w:id="21" w:author="Sagsbehandler" '
                          f'w:date="2025-01-10T10:00:00Z"><w:r><w:delText xml:space="preserve">'
                          f"{html.escape(text, quote=False)}</w:delText></w:r></w:del></w:p>")
    comments = ('<w:comment w:id="1" w:author="Jurist" w:date="2025-01-11T09:00:00Z"><w:p><w:r>'
                "<w:t>Mål 6: skal det ikke være 60 procent?</w:t></w:r></w:p></w:comment>")
    return "".join(paragraphs), {"comments": comments}


# ---------------------------------------------------------------- HTML through LibreOffice


def html_page(case: Case) -> str:
    family = case.family
    parts = [f"<h1>{FRONT[0]}</h1>", f"<p>{FRONT[1]}</p>", "<h2>Nationale mål</h2>"]
    if family == "prose-titles":
        parts += [f"<p><b>{TITLES[g]}:</b> {' '.join(goal_sentences(case, g))}</p>"
                  for g in case.order]
    elif family == "numbered":
        for g in case.order:
            parts.append(f"<h3>Mål {g} – {TITLES[g]}</h3>")
            parts += [f"<p>{t}</p>" for t in goal_sentences(case, g)]
    elif family == "numbered-list":
        parts.append("<ol>" + "".join(f"<li><b>{TITLES[g]}</b>: {' '.join(goal_sentences(case, g))}"
                                      "</li>" for g in case.order) + "</ol>")
    elif family in ("tables", "tables-split"):
        head = "<tr><th>Mål</th><th>Målepunkt</th><th>Målværdi 2025</th></tr>"
        body = []
        for g in case.order:
            rows = table_rows(case, g)
            for index, (measure, value) in enumerate(rows):
                first = (f'<td rowspan="{len(rows)}">{TITLES[g]}</td>' if index == 0 else "")
                body.append(f"<tr>{first}<td>{measure}</td><td>{value}</td></tr>")
        if family == "tables-split":
            filler = "".join(f"<p>Baggrund for samarbejdet, afsnit {i}: parterne mødes "
                             "løbende og drøfter indsatsen.</p>" for i in range(1, 31))
            parts.insert(2, filler)
        parts.append(f'<table border="1" cellpadding="4">{head}{"".join(body)}</table>')
    else:
        raise ValueError(family)
    parts += [f"<p>{LOCAL}</p>", "<h2>Afrapportering</h2>", f"<p>{REPORTING}</p>",
              "<h2>Underskrifter</h2>",
              '<table width="100%" cellpadding="6"><tr>' + "".join(
                  f'<td width="50%">{name}<br>{role}</td>' for name, role in SIGNERS)
              + "</tr></table>"]
    return ('<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Resultatkontrakt'
            "</title></head><body>" + "\n".join(parts) + "</body></html>")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_html(pages: dict[Path, str], target: str, out_dir: Path) -> None:
    """Write each HTML page and let LibreOffice turn them all into ``target`` (docx or pdf) at once."""
    if not pages:
        return
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="kkrdesk-corpus-") as work:
        sources = []
        for path, page in pages.items():
            source = Path(work) / f"{path.stem}.html"
            source.write_text(page, encoding="utf-8")
            sources.append(str(source))
        filters = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}
        profile = Path(work) / "profile"
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--infilter=HTML (StarWriter)", "--convert-to", filters[target],
                        "--outdir", str(out_dir), *sources],
                       check=True, capture_output=True, timeout=300,
                       env={**os.environ, "HOME": work})
    for path in pages:
        if not path.exists():
            raise RuntimeError(f"LibreOffice wrote no {path.name}")


# ---------------------------------------------------------------- the set

DEFECTS = {
    "nps-below": ({"g3": "65"}, ("target-below-national", 3)),
    "offers-below": ({"g2b": "50"}, ("target-below-national", 2)),
    "turnover-below": ({"g5a": "8"}, ("target-below-national", 5)),
    "share-below": ({"g1": "150"}, ("target-below-house-share", 1)),
    "referrals-third": ({"g4": "33"}, ("target-below-national", 4)),
}


def _variants(family: str, writer: str, defects: list[str], *, in_words: bool = False,
              missing_goal: bool = True, order=(3, 1, 6, 2, 5, 4)) -> list[Case]:
    cases = [Case(f"{family}-{writer}-clean", family, writer, order=order, in_words=in_words)]
    for name in defects:
        change, expect = DEFECTS[name]
        cases.append(Case(f"{family}-{writer}-{name}", family, writer, order=order,
                          values={**CLEAN, **change}, expect=expect, in_words=in_words))
    if missing_goal:
        cases.append(Case(f"{family}-{writer}-goal-4-missing", family, writer,
                          order=tuple(g for g in order if g != 4), expect=("goal-missing", 4),
                          in_words=in_words))
    return cases


def all_cases() -> list[Case]:
    cases = []
    cases += _variants("numbered", "ooxml", ["nps-below"], order=(1, 2, 3, 4, 5, 6))
    cases += _variants("numbered", "lo-pdf", ["offers-below"], missing_goal=False)
    cases += _variants("prose-titles", "ooxml", ["nps-below", "share-below"])
    cases += _variants("prose-titles", "lo-docx", ["turnover-below"])
    cases += _variants("prose-titles", "lo-pdf", ["offers-below"])
    cases += _variants("tables", "lo-docx", ["nps-below"])
    cases += _variants("tables", "lo-pdf", ["turnover-below"], missing_goal=False)
    cases += _variants("tables-split", "ooxml", ["offers-below"])
    cases += _variants("tables-split", "lo-pdf", ["share-below"], missing_goal=False)
    cases += _variants("numbered-list", "ooxml", ["share-below"])
    cases += _variants("numbered-list", "lo-docx", ["nps-below"], missing_goal=False)
    cases += _variants("text-boxes", "ooxml", ["nps-below"])
    cases += _variants("numbers-in-words", "ooxml", ["nps-below", "referrals-third"],
                       in_words=True)
    cases += _variants("several-per-paragraph", "ooxml", ["offers-below", "nps-below"])
    cases += _variants("tracked-changes", "ooxml", ["nps-below"])
    cases += _variants("header-footer", "ooxml", ["turnover-below"], missing_goal=False)
    return cases


def write_cases(cases: list[Case], folder: Path) -> dict[str, Path]:
    """Every case written into ``folder``; LibreOffice cases in one conversion per target."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    pages: dict[str, dict[Path, str]] = {"docx": {}, "pdf": {}}
    for case in cases:
        path = folder / case.file_name
        paths[case.name] = path
        if case.writer == "ooxml":
            family_case = replace(case, family="prose-titles") if case.family == \
                "numbers-in-words" else case
            body, extra = ooxml_body(family_case)
            write_ooxml(path, body, **extra)
        else:
            pages["docx" if case.writer == "lo-docx" else "pdf"][path] = html_page(case)
    for target, batch in pages.items():
        convert_html(batch, target, folder)
    return paths
