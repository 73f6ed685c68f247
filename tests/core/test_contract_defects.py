"""The defect set: every generated defect is found with exactly its code, and clean contracts give no error."""

import pytest

from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import Severity
from tests.contract_factory import CLEAN_SPECS, DEFECTS, clean, write_docx, write_pdf

WRITERS = {"docx": write_docx, "pdf": write_pdf}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("contracts")


def review(folder, name, spec, kind):
    path = folder / f"{name}.{kind}"
    if not path.exists():
        WRITERS[kind](spec, path)
    return review_contract(path)


def significant(findings):
    """Findings other than the info listing each local goal."""
    return [(f.code, f.goal) for f in findings if f.code != "local-goal"]


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("name", DEFECTS)
@pytest.mark.slow
def test_each_defect_is_found_with_exactly_its_code(folder, name, kind):
    spec, code, goal = DEFECTS[name]
    found = review(folder, name, spec, kind)
    assert significant(found.findings) == [(code, goal)], [f.message for f in found.findings]
    finding = next(f for f in found.findings if f.code == code)
    assert finding.message and finding.section in {"1", "8.1", "8.2", "9"}
    assert found.has_errors == (finding.severity is Severity.ERROR)


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("name", CLEAN_SPECS)
@pytest.mark.slow
def test_clean_contracts_give_nothing_but_their_local_goals(folder, name, kind):
    spec = CLEAN_SPECS[name]
    found = review(folder, name, spec, kind)
    assert significant(found.findings) == []
    assert [f.message for f in found.findings] == [
        f"Lokalt mål: »{title}«." for title, _ in spec.local_goals]
    assert sorted(found.contract.goals) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("kind", WRITERS)
def test_numbers_in_words_are_read_as_their_values(folder, kind):
    found = review(folder, "in-words", CLEAN_SPECS["in-words"], kind)
    values = {(t.goal, t.key, t.year): t.value for g in found.contract.goals.values()
              for t in g.targets}
    assert values[(1, "vejledte-iværksættere", 2025)] == 171
    assert values[(2, "kendskab-tilbud", 2027)] == 65
    assert values[(3, "nps", None)] == 70
    assert values[(5, "mervaekst-beskaeftigelse", None)] == 5


def test_goals_out_of_order_keep_their_own_numbers(folder):
    found = review(folder, "out-of-order", CLEAN_SPECS["out-of-order"], "docx")
    headings = sorted(found.contract.goals.values(), key=lambda g: g.heading.index)
    assert [g.goal for g in headings] == [3, 1, 6, 2, 5, 4]


def test_findings_point_at_the_contract_text(folder):
    found = review(folder, "nps-below", DEFECTS["nps-below"][0], "docx")
    (finding,) = [f for f in found.findings if f.code == "target-below-national"]
    assert "65" in finding.quote and "NPS" in finding.quote
    assert finding.location.startswith("afsnit ")
    assert "65" in finding.message and "70" in finding.message


def test_a_table_finding_names_the_cell(folder):
    spec = clean(form="table", values={**DEFECTS["offers-below-2025"][0].values})
    found = review(folder, "table-offers-below", spec, "docx")
    (finding,) = [f for f in found.findings if f.code == "target-below-national"]
    assert finding.location == "tabel 1, række 4, kolonne 3"
    assert finding.goal == 2 and finding.measure == "kendskab-tilbud"


def test_the_party_mismatch_names_the_right_house(folder):
    found = review(folder, "party-mismatch", DEFECTS["party-mismatch"][0], "docx")
    (finding,) = [f for f in found.findings if f.code == "party-mismatch"]
    assert "KKR Nordjylland" in finding.message and "Erhvervshus Nordjylland" in finding.message


def test_the_missing_signature_says_which_chair(folder):
    found = review(folder, "house-chair-missing", DEFECTS["house-chair-missing"][0], "docx")
    (finding,) = [f for f in found.findings if f.code == "signature-missing"]
    assert "formanden for erhvervshusets bestyrelse" in finding.message
    deputy = review(folder, "kkr-chair-deputy", DEFECTS["kkr-chair-deputy"][0], "docx")
    (finding,) = [f for f in deputy.findings if f.code == "signature-missing"]
    assert "formanden for KKR" in finding.message and "næstformanden" in finding.message


def test_an_unreadable_target_says_what_was_found(folder):
    found = review(folder, "nps-unreadable", DEFECTS["nps-unreadable"][0], "docx")
    (finding,) = [f for f in found.findings if f.code == "target-unreadable"]
    assert "meget tilfredse" in finding.message


def test_a_goal_1_target_below_the_share_names_the_share(folder):
    found = review(folder, "house-share-below", DEFECTS["house-share-below"][0], "docx")
    (finding,) = [f for f in found.findings if f.code == "target-below-house-share"]
    assert "150" in finding.message and "171" in finding.message and "1.200" in finding.message
