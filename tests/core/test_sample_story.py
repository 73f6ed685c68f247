"""The sample's survey bilag say what kkrdesk computes from the sample's synthetic survey export.

Reads the committed bilag (the PDF through pdftotext, the DOCX through python-docx) and checks
each statement they make about the data: which keywords rise, which KKR score highest and
lowest on each statement, and which statements have a 2017 figure.
"""

import re
import shutil
import subprocess

import docx
import pytest

from kkrdesk.core.survey.load import summarize_survey
from tests.conftest import ROOT

BILAG = ROOT / "agendas" / "kkr-sjaelland-2025-02" / "bilag"
SUMMARY_PDF = BILAG / "2.2-bilag-1-opsamling-kkr-undersoegelse-2025.pdf"
REPORT_DOCX = BILAG / "2.2-bilag-2-kkr-evaluering-2025.docx"
EXPORT = BILAG / "kkr-undersoegelse-2025-syntetiske-svar.xlsx"
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")


@pytest.fixture(scope="module")
def summary():
    return summarize_survey(EXPORT)


def _pdf_text(layout: bool) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed; tools/system-packages.sh installs it"
    args = [pdftotext, *(["-layout"] if layout else []), str(SUMMARY_PDF), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def report():
    return docx.Document(str(REPORT_DOCX))


def _words(text: str) -> set[str]:
    """"Beslutsom, Inddragende og Proaktiv." -> {"Beslutsom", "Inddragende", "Proaktiv"}."""
    return {w.strip(" .") for w in re.split(r",| og ", text) if w.strip(" .")}


def _rising(summary) -> set[str]:
    return {option for option, change in summary.change.overall.items() if change > 0}


def _table(report, header: list[str]) -> list[list[str]]:
    for table in report.tables:
        rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
        if rows[0] == header:
            return rows[1:]
    raise AssertionError(f"no table with the header {header} in {REPORT_DOCX.name}")


def _ranking(summary, number: str) -> list[str]:
    statement = next(s for s in summary.statements if s.id == number)
    return sorted(statement.by_group, key=lambda kkr: -statement.by_group[kkr].mean)


def _check_extremes(summary, number: str, highest: list[str], lowest: list[str]) -> None:
    """The named KKR are exactly the top (bottom) of kkrdesk's ranking, as many as are named."""
    ranking = _ranking(summary, number)
    if not highest and not lowest:          # "nogenlunde ens"
        statement = next(s for s in summary.statements if s.id == number)
        means = [stats.mean for stats in statement.by_group.values()]
        assert max(means) - min(means) < 0.3, number
        return
    assert highest and lowest, number
    assert sorted(highest) == sorted(ranking[:len(highest)]), (number, "højest", highest, ranking)
    assert sorted(lowest) == sorted(ranking[-len(lowest):]), (number, "lavest", lowest, ranking)


def _kkr_names(cell: str) -> list[str]:
    return [f"KKR {name}" for name in REGIONS if name in cell]


def test_the_data_report_names_the_keywords_that_rise(summary, report):
    paragraphs = [p.text for p in report.paragraphs]
    in_table = next(t for t in paragraphs if t.startswith("Flere markeringer fremover end i dag: "))
    outside = next(t for t in paragraphs if t.startswith("Ud over de syv ord i tabellen får "))
    named = _words(in_table.split(": ", 1)[1])
    found = re.fullmatch(r"Ud over de syv ord i tabellen får (?:kun |også )?(.+?) flere markeringer "
                         r"fremover end i dag\.", outside)
    assert found, outside
    named |= _words(found.group(1))
    assert named == _rising(summary)


def test_the_summary_names_the_keywords_that_rise(summary):
    text = " ".join(_pdf_text(layout=False).split())
    found = re.search(r"Omvendt vil flere have et KKR, der er (.+?)\. Også (.+?) får flere markeringer",
                      text)
    assert found, "the sentence on rising keywords is missing from bilag 1"
    assert _words(found.group(1)) | _words(found.group(2)) == _rising(summary)


def test_the_data_report_names_the_highest_and_lowest_kkr(summary, report):
    rows = _table(report, ["Nr.", "Udsagn", "Højest", "Lavest"])
    assert [row[0] for row in rows] == [s.id for s in summary.statements]
    for number, _text, high, low in rows:
        _check_extremes(summary, number, _kkr_names(high), _kkr_names(low))


def _summary_table5() -> dict[str, tuple[list[str], list[str]]]:
    """Tabel 5 of bilag 1: statement -> (KKR named highest, KKR named lowest), by column position."""
    lines = _pdf_text(layout=True).splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Tabel 5:"))
    header = next(i for i in range(start, len(lines)) if lines[i].strip().startswith("Nr."))
    lowest_column = lines[header].index("Lavest")
    cells: dict[str, tuple[list[str], list[str]]] = {}
    number = ""
    for line in lines[header + 1:]:
        row = re.match(r"\s*(2\.\d)\s", line)
        if row:
            number = row.group(1)
            cells[number] = ([], [])
        elif not line.startswith(" " * 40):   # the table ends where the body text starts again
            break
        for name in REGIONS:
            for found in re.finditer(name, line):
                cells[number][found.start() >= lowest_column].append(f"KKR {name}")
    return cells


def test_the_summary_names_the_highest_and_lowest_kkr(summary):
    cells = _summary_table5()
    assert list(cells) == [s.id for s in summary.statements]
    for number, (high, low) in cells.items():
        _check_extremes(summary, number, high, low)


def test_the_summary_counts_what_its_table_shows():
    text = " ".join(_pdf_text(layout=False).split())
    numbers = {"ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9}
    cells = _summary_table5()
    top = re.search(r"KKR Sjælland ligger højest på (\w+) udsagn", text)
    bottom = re.search(r"(KKR \w+) ligger lavest på (\w+) af udsagnene", text)
    assert top and bottom
    assert numbers[top.group(1)] == sum("KKR Sjælland" in high for high, _ in cells.values())
    lowest_counts = {kkr: sum(kkr in low for _, low in cells.values()) for kkr in map("KKR {}".format, REGIONS)}
    assert numbers[bottom.group(2)] == lowest_counts[bottom.group(1)] == max(lowest_counts.values())


def test_2017_figures_are_the_exports_and_every_statement_is_compared(summary, report):
    baselines = {s.id: s.baseline["2017"].mean for s in summary.statements if "2017" in s.baseline}
    rows = _table(report, ["Nr.", "Udsagn", "2017", "2025", "Ændring"])
    printed = {row[0]: float(row[2].replace(",", ".")) for row in rows if row[2] != "–"}
    assert printed == baselines
    assert all(row[4] not in ("", "–") for row in rows), "Tabel 7.1 leaves a statement without comparison"
    texts = [p.text for p in report.paragraphs] + [_pdf_text(layout=False)]
    assert not any("ingen sammenligning" in " ".join(t.split()) for t in texts)
    table4 = {m.group(1): m.group(3) for line in _pdf_text(layout=True).splitlines()
              if (m := re.match(r"\s*(2\.\d)\s.*\s(\d,\d)\s+(\d,\d|–[ab]?)\s*$", line))}
    assert len(table4) == 9
    assert {n: float(v.replace(",", ".")) for n, v in table4.items() if v[0].isdigit()} == baselines
    assert all(v in ("–a", "–b") for v in table4.values() if not v[0].isdigit())
