"""Reading target values from the many ways a contract words them: units, qualifiers, years, baselines."""

import docx
import pytest

from kkrdesk.core.contracts.review import review_contract
from tests.contract_factory import clean, write_docx

CLEAN_WORDINGS = {
    "nps-ikke-under": {3: "Huset skal opnå en NPS, der ikke er under 70."},
    "nps-colon": {3: "Net Promoter Score (drift og vækst): minimum 72"},
    "pct-abbreviation": {4: "Mindst 50 pct. af de henviste virksomheder har brugt en henvisning."},
    "point-spellings": {5: "I vækstsegmentet er målet en mervækst i omsætningen på mindst 10 "
                           "%-point og i beskæftigelsen på mindst 5 pct.-point. Driftssegmentet "
                           "skal have en mervækst i produktiviteten."},
    "words-percent": {6: "Mindst halvfjerds procent af de vejledte svarer, at vejledningen i høj "
                         "grad har hjulpet."},
    "half": {4: "Mindst halvdelen af de henviste virksomheder skal have brugt en henvisning."},
    "decimal-comma": {6: "Målet er 70,5 procent for bæredygtighedsvejledningen."},
    "baseline-year": {1: "I 2023 vejledte huset 98 virksomheder under tre år. For 2025 er målet "
                         "mindst 171 virksomheder."},
    "offers-first": {2: "Blandt de virksomheder, der kender huset, skal 56 procent kende dets "
                        "tilbud i 2025. Kendskabsgraden skal være minimum 50 %."},
    "section-reference": {3: "Jf. rammeaftalens afsnit 8.1 skal NPS være mindst 70."},
    "years-in-brackets": {2: "Kendskabsgraden skal være mindst 50 %. Kendskabet til tilbuddene "
                            "blandt virksomheder, der kender huset, skal være mindst 55 pct. i "
                            "2025 (65 pct. i 2027)."},
    "house-named-share": {1: "Fordelingen efter befolkningstal giver Hovedstaden 385, Midtjylland "
                             "275 og Sjælland 171 virksomheder; Erhvervshus Sjælland vejleder "
                             "derfor mindst 171 virksomheder under 3 år."},
}

DEFECTIVE_WORDINGS = {
    "percent-for-points": ({5: "Mervæksten skal være 10 procent i omsætning og 5 procentpoint i "
                               "beskæftigelse. Driftssegmentet skal vokse i produktivitet."},
                           "target-unreadable", "tallet er i procent"),
    "no-unit": ({6: "Andelen, der i høj grad er blevet bedre til at prioritere, skal være mindst "
                    "70."}, "target-unreadable", "uden enhed"),
    "share-over-100": ({4: "Andel henviste virksomheder, der bruger henvisningen: 150 %"},
                       "target-unreadable", "over 100 procent"),
    "other-house-only": ({1: "Hovedstaden skal vejlede 385 virksomheder under 3 år."},
                         "target-unreadable", ""),
    "productivity-missing": ({5: "Omsætningen skal vokse mindst 10 procentpoint mere end "
                                 "kontrolgruppens, beskæftigelsen mindst 5 procentpoint mere."},
                             "measure-missing", "produktivitet"),
}


@pytest.mark.parametrize("name", CLEAN_WORDINGS)
@pytest.mark.slow
def test_wordings_that_honour_the_agreement(tmp_path, name):
    review = review_contract(write_docx(clean(goal_text=CLEAN_WORDINGS[name]), tmp_path / "k.docx"))
    assert [(f.code, f.message) for f in review.findings if f.code != "local-goal"] == []


@pytest.mark.parametrize("name", DEFECTIVE_WORDINGS)
def test_wordings_the_checker_must_question(tmp_path, name):
    text, code, words = DEFECTIVE_WORDINGS[name]
    review = review_contract(write_docx(clean(goal_text=text), tmp_path / "k.docx"))
    found = [f for f in review.findings if f.code != "local-goal"]
    assert [f.code for f in found] == [code], [f.message for f in found]
    assert words in found[0].message


def test_the_values_read_keep_their_qualifier_year_and_source(tmp_path):
    review = review_contract(write_docx(clean(goal_text=CLEAN_WORDINGS["baseline-year"]),
                                        tmp_path / "k.docx"))
    (target,) = review.contract.goals[1].targets
    assert (target.value, target.qualifier, target.year) == (171, "mindst", 2025)
    assert target.block.location.describe().startswith("afsnit")


def test_a_year_right_after_a_value_is_that_value_s_year(tmp_path):
    review = review_contract(write_docx(clean(goal_text=CLEAN_WORDINGS["years-in-brackets"]),
                                        tmp_path / "k.docx"))
    offers = {(t.value, t.year) for t in review.contract.goals[2].targets
              if t.key == "kendskab-tilbud"}
    assert offers == {(55, 2025), (65, 2027)}


def test_the_year_of_a_table_of_shares_is_no_baseline(tmp_path):
    spec = clean(kkr="KKR Hovedstaden", house="Erhvervshus Hovedstaden", goal_text={
        1: "Husene skal tilsammen vejlede 1.200 virksomheder under 3 år (fordeling 2024: "
           "Hovedstaden: 385, Sjælland: 171, Fyn: 94)."})
    review = review_contract(write_docx(spec, tmp_path / "k.docx"))
    assert [(t.value, t.year) for t in review.contract.goals[1].targets] == [(385, None)]
    assert [f.code for f in review.findings if f.code != "local-goal"] == []


def test_a_subheading_inside_a_goal_keeps_the_goal_open(tmp_path):
    document = docx.Document()
    document.add_heading("Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland", 0)
    document.add_heading("Nationale mål", 1)
    document.add_heading("Mål 3: Virksomhedernes tilfredshed", 2)
    document.add_heading("Målepunkt og målværdi for effekt og tilfredshed", 3)
    document.add_paragraph("Virksomhederne giver huset en NPS på mindst 72.")
    document.add_heading("Økonomi", 1)
    document.add_paragraph("Huset modtager 5 mio. kr. og skal bruge mindst 60 procent på vejledning.")
    document.save(tmp_path / "k.docx")
    goals = review_contract(tmp_path / "k.docx").contract.goals
    assert list(goals) == [3]
    assert [(t.key, t.value) for t in goals[3].targets] == [("nps", 72)]
