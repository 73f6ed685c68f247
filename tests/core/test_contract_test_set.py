"""The contract test set written by other means than kkrdesk's own generators: every defect found, no false error."""

import pytest

from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import Severity
from tests.contract_corpus import Case, all_cases, soffice, write_cases

CASES = all_cases()
HAND_WRITTEN = [case for case in CASES if case.writer == "ooxml"]
CONVERTED = [case for case in CASES if case.writer != "ooxml"]


def errors_of(path):
    return [(f.code, f.goal) for f in review_contract(path).findings if f.severity is Severity.ERROR]


@pytest.fixture(scope="module")
def hand_written(tmp_path_factory):
    return write_cases(HAND_WRITTEN, tmp_path_factory.mktemp("ooxml"))


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    return write_cases(CONVERTED, tmp_path_factory.mktemp("libreoffice"))


def test_the_set_is_large_and_covers_every_layout_family():
    assert len(CASES) >= 30
    families = {case.family for case in CASES}
    assert families >= {"numbered", "prose-titles", "tables", "tables-split", "numbered-list",
                        "text-boxes", "numbers-in-words", "tracked-changes"}
    assert all(any(c.expect is None for c in CASES if c.family == f) for f in families)
    assert all(any(c.expect is not None for c in CASES if c.family == f) for f in families)


@pytest.mark.parametrize("case", HAND_WRITTEN, ids=lambda c: c.name)
def test_hand_written_contracts(hand_written, case: Case):
    assert errors_of(hand_written[case.name]) == ([case.expect] if case.expect else [])


@pytest.mark.slow
@pytest.mark.parametrize("case", CONVERTED, ids=lambda c: c.name)
def test_contracts_made_by_libreoffice(converted, case: Case):
    assert errors_of(converted[case.name]) == ([case.expect] if case.expect else [])


def test_a_goal_found_by_its_title_says_so_where_the_finding_points(hand_written):
    review = review_contract(hand_written["prose-titles-ooxml-nps-below"])
    finding = next(f for f in review.findings if f.code == "target-below-national")
    assert "genkendt på titlen »Virksomhedernes tilfredshed«" in finding.location
    assert review.contract.goals[3].found_by == "titel"


def test_every_target_shows_the_exact_passage_it_came_from(hand_written):
    path = hand_written["prose-titles-ooxml-clean"]
    review = review_contract(path)
    for goal in review.contract.goals.values():
        for target in goal.targets:
            data = target.to_dict()
            assert data["passage"] and data["passage"] in target.block.text
    nps = review.contract.goals[3].targets[0].to_dict()
    assert nps["passage"] == ("Husets Net Promoter Score i drifts- og vækstsegmentet er "
                              "mindst 70.")


def test_tracked_changes_read_as_accepted_and_comments_reported(hand_written):
    review = review_contract(hand_written["tracked-changes-ooxml-clean"])
    assert review.contract.goals[3].targets[0].value == 70       # the deleted 65 is not read
    info = next(f for f in review.findings if f.code == "unapproved-changes")
    assert info.severity is Severity.INFO
    assert "kontrakten indeholder kommentarer/ændringer, der ikke er godkendt" in \
        info.message.lower()
    assert "1 kommentar" in info.message and "2 sporede ændringer" in info.message
    missing = review_contract(hand_written["tracked-changes-ooxml-goal-4-missing"])
    assert 4 not in missing.contract.goals      # only deleted text names it


def test_word_numbering_labels_give_goal_numbers(hand_written):
    review = review_contract(hand_written["numbered-list-ooxml-clean"])
    assert {g.found_by for g in review.contract.goals.values()} == {"nummer"}
    assert review.contract.goals[3].heading.text.startswith("Mål 3: Virksomhedernes")


def test_parties_and_year_from_the_header(hand_written):
    review = review_contract(hand_written["header-footer-ooxml-clean"])
    assert review.contract.year.year == 2025
    assert review.contract.year.block.location.describe() == "sidehoved, afsnit 1"


def test_several_goals_in_one_paragraph_each_get_their_own_figure(hand_written):
    review = review_contract(hand_written["several-per-paragraph-ooxml-clean"])
    values = {(t.goal, t.key): t.value for g in review.contract.goals.values() for t in g.targets}
    assert values[(2, "kendskabsgrad")] == 50
    assert values[(2, "kendskab-tilbud")] == 55
    assert values[(3, "nps")] == 70
    assert review.contract.goals[3].found_by == "ord"
