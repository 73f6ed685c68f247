"""The house's results file against the contract: met, not met, not reported; CSV and XLSX layouts."""

import openpyxl
import pytest

from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import BadFileError
from tests.contract_factory import CLEAN_SPECS, with_values, write_docx

HEADER = "mål;målepunkt;opnået;år"
ROWS = ["1;Vejledte virksomheder under 3 år;180;2025",
        "2;Kendskabsgrad;48;2025",
        "2;Kendskab til tilbuddene;56,5;2025",
        "3;NPS;71;2025",
        "4;Brugte henvisninger;;2025",
        "5;Mervækst i omsætning;11;2025",
        "5;Mervækst i beskæftigelse;4;2025",
        "5;Mervækst i produktivitet;2;2025",
        "6;Bæredygtighed;ikke målt;2025"]


@pytest.fixture(scope="module")
def contract(tmp_path_factory):
    return write_docx(CLEAN_SPECS["prose"], tmp_path_factory.mktemp("results") / "kontrakt.docx")


def statuses(review):
    return {(row.goal, row.key): row.status for row in review.results}


def write_csv(path, lines, encoding="utf-8", separator=";"):
    path.write_bytes(("\r\n".join(line.replace(";", separator) for line in lines) + "\r\n")
                     .encode(encoding))
    return path


def test_met_not_met_and_not_reported(contract, tmp_path):
    review = review_contract(contract, results=write_csv(tmp_path / "r.csv", [HEADER, *ROWS]))
    assert statuses(review) == {
        (1, "vejledte-iværksættere"): "met", (2, "kendskabsgrad"): "not-met",
        (2, "kendskab-tilbud"): "met", (3, "nps"): "met",
        (4, "brugte-henvisninger"): "not-reported", (5, "mervaekst-omsaetning"): "met",
        (5, "mervaekst-beskaeftigelse"): "not-met", (5, "mervaekst-produktivitet"): "met",
        (6, "baeredygtighed-i-hoej-grad"): "not-reported"}
    by_key = {row.key: row for row in review.results}
    assert by_key["kendskab-tilbud"].achieved == 56.5
    assert by_key["vejledte-iværksættere"].target == 171
    assert by_key["vejledte-iværksættere"].target_source == "kontrakt"
    codes = sorted((f.code, f.goal) for f in review.findings if f.code.startswith("result-"))
    assert codes == [("result-not-met", 2), ("result-not-met", 5),
                     ("result-not-reported", 4), ("result-not-reported", 6)]
    not_met = next(f for f in review.findings if f.code == "result-not-met" and f.goal == 2)
    assert not_met.location == "resultatfil, række 3" and "48 %" in not_met.message


def test_the_agreement_minimum_binds_when_the_contract_set_less(tmp_path):
    weak = write_docx(with_values(g2b=50), tmp_path / "svag.docx")
    review = review_contract(weak, results=write_csv(tmp_path / "r.csv", [HEADER, *ROWS[:3]]))
    offers = next(row for row in review.results if row.key == "kendskab-tilbud")
    assert (offers.target, offers.target_source) == (55, "rammeaftale")


def test_a_missing_row_is_not_reported(contract, tmp_path):
    review = review_contract(contract, results=write_csv(tmp_path / "r.csv", [HEADER, ROWS[0]]))
    assert statuses(review)[(3, "nps")] == "not-reported"


def test_rows_for_other_years_and_unknown_goals(contract, tmp_path):
    lines = [HEADER, "3;NPS;60;2024", "3;NPS;72;2025", "L1;Grøn omstilling;40;2025"]
    review = review_contract(contract, results=write_csv(tmp_path / "r.csv", lines))
    assert statuses(review)[(3, "nps")] == "met"
    (unknown,) = [f for f in review.findings if f.code == "result-row-unknown"]
    assert unknown.location == "resultatfil, række 4"


@pytest.mark.parametrize(("encoding", "separator"), [("cp1252", ";"), ("utf-16", "\t"),
                                                       ("utf-8-sig", ",")])
def test_csv_encodings_and_separators(contract, tmp_path, encoding, separator):
    lines = [HEADER, "3;NPS;71;2025"] if separator != "," else ["mål,målepunkt,opnået,år",
                                                               "3,NPS,71,2025"]
    path = write_csv(tmp_path / "r.csv", lines, encoding=encoding, separator=separator)
    assert statuses(review_contract(contract, results=path))[(3, "nps")] == "met"


def test_xlsx_results(contract, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mål", "Målepunkt", "Opnået"])
    sheet.append([3, "NPS", 69])
    sheet.append([6, "Bæredygtighed", 70.5])
    workbook.save(tmp_path / "r.xlsx")
    review = review_contract(contract, results=tmp_path / "r.xlsx")
    assert statuses(review)[(3, "nps")] == "not-met"
    assert statuses(review)[(6, "baeredygtighed-i-hoej-grad")] == "met"


def test_a_results_file_without_the_columns_says_which(contract, tmp_path):
    path = write_csv(tmp_path / "r.csv", ["a;b;c", "1;2;3"])
    with pytest.raises(BadFileError) as caught:
        review_contract(contract, results=path)
    assert "opnået" in caught.value.message and caught.value.reason == "layout"


@pytest.mark.parametrize(("name", "reason"), [
    ("apache-poi/poc-xmlbomb.xlsx", "hostile"), ("apache-poi/54764.xlsx", "hostile"),
    ("apache-poi/duplicate-filename.xlsx", "hostile"), ("apache-poi/protected_passtika.xlsx",
                                                        "encrypted"),
    ("apache-poi/xlsx-corrupted.xlsx", "layout"), ("calamine/issue_174.xlsx", "layout"),
    ("apache-poi/poc-shared-strings.xlsx", "too-large"),     # a 1 MB string in every cell
])
def test_hostile_or_foreign_spreadsheets_are_refused_with_a_reason(contract, shared, name, reason):
    with pytest.raises(BadFileError) as caught:
        review_contract(contract, results=shared / "corpus" / name)
    assert caught.value.reason == reason and caught.value.hint
