"""Builds resultatkontrakter for tests: clean ones in prose, tables or both, and one per kind of defect."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK

NUMBER_WORDS = {5: "fem", 10: "ti", 50: "halvtreds", 55: "femoghalvtreds", 60: "tres",
                65: "femogtres", 70: "halvfjerds", 75: "femoghalvfjerds",
                171: "et hundrede og enoghalvfjerds", 156: "et hundrede og seksoghalvtreds",
                94: "fireoghalvfems", 385: "tre hundrede og femogfirs"}
CLEAN_VALUES = {"g1": 171, "g2a": 50, "g2b": 55, "g2b27": 65, "g3": 70, "g4": 50, "g5a": 10,
                "g5b": 5, "g6": 70}


@dataclass(frozen=True)
class ContractSpec:
    """What a generated contract says; every field has the clean default."""

    kkr: str = "KKR Sjælland"
    house: str = "Erhvervshus Sjælland"
    title_year: str = "2025"
    form: str = "prose"                 # "prose", "table" or "mixed"
    order: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    values: dict = field(default_factory=lambda: dict(CLEAN_VALUES))
    in_words: bool = False
    goal_text: dict = field(default_factory=dict)    # goal id -> replacement body text
    local_goals: tuple[tuple[str, str], ...] = (
        ("Flere virksomheder i gang med grøn omstilling",
         "Huset hjælper sammen med kommunerne mindst 40 virksomheder i gang med en plan for "
         "energi og ressourcer."),
        ("Fælles indgang med kommunernes erhvervsservice",
         "Huset og den lokale erhvervsservice holder fire fælles møder om året om "
         "henvisninger."),
    )
    signers: tuple[str, ...] = ("kkr", "house")
    signature_kkr: str | None = None    # the KKR the signature block names (default: kkr)
    reporting: str | None = ("Erhvervshuset afrapporterer på kontraktens mål til {kkr}, KL og "
                             "Erhvervsstyrelsen senest i andet kvartal {next_year}.")

    @property
    def year(self) -> int:
        return int(self.title_year[:4]) if self.title_year[:4].isdigit() else 2025


def number(spec: ContractSpec, key: str) -> str:
    value = spec.values[key]
    if spec.in_words and value in NUMBER_WORDS:
        return NUMBER_WORDS[value]
    return f"{value:,}".replace(",", ".")


def goal_heading(goal: int) -> str:
    return {1: "Mål 1: Styrket indsats for iværksættere", 2: "Mål 2: Kendskab",
            3: "Mål 3: Virksomhedernes tilfredshed", 4: "Mål 4: Erhvervshusets knudepunktsfunktion",
            5: "Mål 5: Effekt i virksomhederne", 6: "Mål 6: Bæredygtighed"}[goal]


def goal_prose(spec: ContractSpec, goal: int) -> list[str]:
    if goal in spec.goal_text:
        return [spec.goal_text[goal]] if spec.goal_text[goal] else []
    n = lambda key: number(spec, key)  # noqa: E731 - keeps the sentences readable
    house, year = spec.house, spec.year
    return {
        1: [f"Erhvervshusene skal tilsammen nå op på 1.200 vejledte virksomheder under tre år om "
            f"året. {house} bidrager i {year} med mindst {n('g1')} vejledte virksomheder, der er "
            "yngre end tre år."],
        2: [f"Kendskabsgraden til {house} blandt virksomhederne i landsdelen skal være mindst "
            f"{n('g2a')} procent. Blandt de virksomheder, der kender huset, skal mindst {n('g2b')} "
            f"procent kende husets tilbud i {year}, og i 2027 skal andelen være mindst "
            f"{n('g2b27')} procent."],
        3: [f"Virksomhederne i drifts- og vækstsegmentet skal give {house} en Net Promoter Score "
            f"(NPS) på mindst {n('g3')}."],
        4: [f"Mindst {n('g4')} procent af de virksomheder, som huset henviser til andre rådgivere "
            "eller til statslige tilbud, skal i brugerevalueringen svare, at de har brugt mindst én "
            "af henvisningerne."],
        5: [f"To år efter endt vejledning skal virksomhederne i vækstsegmentet have en mervækst i "
            f"omsætningen på mindst {n('g5a')} procentpoint og i beskæftigelsen på mindst "
            f"{n('g5b')} procentpoint sammenlignet med en kontrolgruppe.",
            "Virksomhederne i driftssegmentet skal i samme periode opnå en mervækst i "
            "produktiviteten målt mod en kontrolgruppe."],
        6: [f"Mindst {n('g6')} procent af de virksomheder, der har fået vejledning om "
            "bæredygtighed, skal i brugerevalueringen angive, at vejledningen i høj grad har gjort "
            "dem bedre til at målrette og prioritere indsatsen."],
    }[goal]


def goal_rows(spec: ContractSpec, goal: int) -> list[tuple[str, str]]:
    """(målepunkt, målværdi) rows of a goal in the table form."""
    if goal in spec.goal_text:
        return [("Målepunkt", spec.goal_text[goal])] if spec.goal_text[goal] else []
    n = lambda key: number(spec, key)  # noqa: E731
    return {
        1: [("Vejledte virksomheder under 3 år", f"{n('g1')} virksomheder")],
        2: [("Kendskabsgrad i landsdelen", f"{n('g2a')} %"),
            ("Kendskab til tilbuddene blandt virksomheder, der kender huset",
             f"{n('g2b')} % i {spec.year} og {n('g2b27')} % i 2027")],
        3: [("NPS i drifts- og vækstsegmentet", n("g3"))],
        4: [("Andel henviste virksomheder, der har brugt henvisningen", f"{n('g4')} %")],
        5: [("Mervækst i omsætning, vækstsegmentet", f"{n('g5a')} procentpoint"),
            ("Mervækst i beskæftigelse, vækstsegmentet", f"{n('g5b')} procentpoint"),
            ("Mervækst i produktivitet, driftssegmentet", "Positiv mervækst")],
        6: [("Andel, der i høj grad er blevet bedre til at prioritere bæredygtighed",
             f"{n('g6')} %")],
    }[goal]


@dataclass
class Piece:
    """One element of a generated contract: a heading, a paragraph, a table or a page break."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    merge_first_column: list[tuple[int, int]] = field(default_factory=list)


def contract_pieces(spec: ContractSpec) -> list[Piece]:
    pieces = [Piece("title", f"Resultatkontrakt {spec.title_year} mellem {spec.kkr} og {spec.house}"
                    if spec.title_year else f"Resultatkontrakt mellem {spec.kkr} og {spec.house}"),
              Piece("heading", "Indledning"),
              Piece("paragraph", f"Kontrakten fastlægger de resultater, {spec.house} skal levere. Den "
                    "bygger på Aftale om rammerne for erhvervshuse 2024-2027 mellem "
                    "Erhvervsministeriet og KL og på aftalen om etablering af de tværkommunale "
                    "erhvervshuse fra 2018."),
              Piece("heading", "Nationale mål")]
    table_goals = {"prose": (), "table": spec.order, "mixed": spec.order[len(spec.order) // 2:]}
    table_goals = table_goals[spec.form]
    for goal in spec.order:
        if goal in table_goals:
            continue
        pieces.append(Piece("goal", goal_heading(goal)))
        pieces += [Piece("paragraph", text) for text in goal_prose(spec, goal)]
    if table_goals:
        rows = [["Mål", "Målepunkt", f"Målværdi {spec.year}"]]
        merges = []
        for goal in table_goals:
            goal_rows_ = goal_rows(spec, goal) or [("", "")]
            first = len(rows)
            for index, (measure, value) in enumerate(goal_rows_):
                rows.append([goal_heading(goal) if index == 0 else "", measure, value])
            if len(goal_rows_) > 1:
                merges.append((first, len(rows) - 1))
        pieces.append(Piece("table", rows=rows, merge_first_column=merges))
    if spec.local_goals:
        pieces.append(Piece("heading", "Lokale mål"))
        for number_, (title, text) in enumerate(spec.local_goals, start=1):
            pieces.append(Piece("goal", f"Lokalt mål {number_}: {title}"))
            pieces.append(Piece("paragraph", text))
    pieces.append(Piece("heading", "Afrapportering"))
    if spec.reporting:
        pieces.append(Piece("paragraph", spec.reporting.format(kkr=spec.kkr,
                                                               next_year=spec.year + 1)))
    else:
        pieces.append(Piece("paragraph", "Parterne mødes to gange om året og drøfter samarbejdet."))
    pieces.append(Piece("heading", "Underskrifter"))
    signature_kkr = spec.signature_kkr or spec.kkr
    cells = {"kkr": [f"For {signature_kkr}", "Dato:", f"______________\nAnne Holm Madsen\nFormand for "
                     f"{signature_kkr}"],
             "kkr-deputy": [f"For {signature_kkr}", "Dato:", f"______________\nOle Brink\n"
                            f"Næstformand for {signature_kkr}"],
             "house": [f"For {spec.house}", "Dato:", "______________\nJens Vestergaard\n"
                       "Formand for bestyrelsen"]}
    columns = [cells[signer] for signer in spec.signers]
    if columns:
        pieces.append(Piece("table", rows=[list(row) for row in zip(*columns, strict=True)]))
    return pieces


def write_docx(spec: ContractSpec, path: Path) -> Path:
    document = docx.Document()
    for piece in contract_pieces(spec):
        if piece.kind == "title":
            document.add_heading(piece.text, level=0)
        elif piece.kind == "heading":
            document.add_heading(piece.text, level=1)
        elif piece.kind == "goal":
            document.add_heading(piece.text, level=2)
        elif piece.kind == "paragraph":
            document.add_paragraph(piece.text)
        elif piece.kind == "pagebreak":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif piece.kind == "table":
            table = document.add_table(rows=len(piece.rows), cols=len(piece.rows[0]))
            for r, row in enumerate(piece.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            for first, last in piece.merge_first_column:
                table.cell(first, 0).merge(table.cell(last, 0))
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def write_pdf(spec: ContractSpec, path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    story = []
    for piece in contract_pieces(spec):
        if piece.kind == "title":
            story.append(Paragraph(piece.text, styles["Title"]))
        elif piece.kind in ("heading", "goal"):
            story.append(Paragraph(piece.text, styles["Heading2"]))
        elif piece.kind == "paragraph":
            story.append(Paragraph(piece.text, styles["BodyText"]))
        elif piece.kind == "table":
            cells = [[Paragraph(text.replace("\n", "<br/>"), styles["BodyText"]) for text in row]
                     for row in piece.rows]
            story.append(Table(cells, style=TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])))
        story.append(Spacer(1, 6))
    path.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def clean(**changes) -> ContractSpec:
    return replace(ContractSpec(), **changes)


def with_values(**changes) -> ContractSpec:
    return replace(ContractSpec(), values={**CLEAN_VALUES, **changes})


# Each defect: the spec that has it, and the one code (with its goal) the checker must report.
DEFECTS: dict[str, tuple[ContractSpec, str, int | None]] = {
    "goal-missing": (clean(order=(1, 2, 3, 5, 6)), "goal-missing", 4),
    "nps-below": (with_values(g3=65), "target-below-national", 3),
    "offers-below-2025": (with_values(g2b=50), "target-below-national", 2),
    "awareness-below": (with_values(g2a=45), "target-below-national", 2),
    "referrals-below": (with_values(g4=40), "target-below-national", 4),
    "turnover-below": (with_values(g5a=8), "target-below-national", 5),
    "sustainability-below": (with_values(g6=60), "target-below-national", 6),
    "house-share-below": (with_values(g1=150), "target-below-house-share", 1),
    "nps-unreadable": (clean(goal_text={3: "Virksomhederne skal være meget tilfredse med "
                                           "vejledningen, målt som NPS."}),
                       "target-unreadable", 3),
    "year-outside": (replace(with_values(g2b=65), title_year="2029"), "year-outside-agreement",
                     None),
    "party-mismatch": (clean(kkr="KKR Nordjylland", house="Erhvervshus Fyn",
                             values={**CLEAN_VALUES, "g1": 119}), "party-mismatch", None),
    "house-chair-missing": (clean(signers=("kkr",)), "signature-missing", None),
    "kkr-chair-deputy": (clean(signers=("kkr-deputy", "house")), "signature-missing", None),
    "offers-measure-missing": (clean(goal_text={2: "Kendskabsgraden til Erhvervshus Sjælland blandt "
                                                   "virksomhederne i landsdelen skal være mindst 50 "
                                                   "procent."}), "measure-missing", 2),
    "year-missing": (clean(title_year=""), "year-missing", None),
    "reporting-missing": (clean(reporting=None), "reporting-missing", None),
    "reporting-late": (clean(reporting="Erhvervshuset afrapporterer til {kkr}, KL og "
                                       "Erhvervsstyrelsen senest i tredje kvartal {next_year}."),
                       "reporting-late", None),
    "reporting-recipients": (clean(reporting="Erhvervshuset afrapporterer til {kkr} senest i andet "
                                             "kvartal {next_year}."),
                             "reporting-recipient-missing", None),
    "nps-ceiling": (clean(goal_text={3: "Virksomhederne skal give huset en NPS på højst 80."}),
                    "target-not-minimum", 3),
    "only-national-total": (clean(goal_text={1: "Erhvervshusene skal samlet vejlede 1.200 "
                                                "virksomheder under tre år om året."}),
                            "house-share-missing", 1),
    "two-year-contract": (clean(title_year="2025-2026"), "year-span", None),
    "signature-wrong-kkr": (clean(signature_kkr="KKR Midtjylland"), "party-mismatch", None),
}

CLEAN_SPECS: dict[str, ContractSpec] = {
    "prose": clean(),
    "table": clean(form="table"),
    "mixed": clean(form="mixed"),
    "out-of-order": clean(order=(3, 1, 6, 2, 5, 4)),
    "table-out-of-order": clean(form="table", order=(5, 2, 6, 1, 4, 3)),
    "in-words": clean(in_words=True),
    "table-in-words": clean(form="table", in_words=True),
    "above-minimum": with_values(g1=180, g2a=60, g2b=58, g3=75, g4=55, g5a=12, g5b=6, g6=72),
    "no-local-goals": clean(local_goals=()),
    "syddanmark-fyn": clean(kkr="KKR Syddanmark", house="Erhvervshus Fyn",
                            values={**CLEAN_VALUES, "g1": 94}),
    "hovedstaden": clean(kkr="KKR Hovedstaden", house="Erhvervshus Hovedstaden",
                         values={**CLEAN_VALUES, "g1": 385}),
}
