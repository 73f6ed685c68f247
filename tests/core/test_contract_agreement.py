"""The rammeaftale as data: loaded by ID, matching the agreement's facts, and clear about faults."""

import re
import tomllib

import pytest

from kkrdesk.core.contracts.agreement import (
    agreement_for_year,
    agreement_ids,
    load_agreement,
    parse_agreement,
)
from kkrdesk.core.errors import KkrError

AGREEMENT_ID = "rammeaftale-2024-2027"


@pytest.fixture
def agreement():
    return load_agreement(AGREEMENT_ID)


def packaged_text() -> str:
    from importlib import resources

    return (resources.files("kkrdesk.core.contracts.agreements") / f"{AGREEMENT_ID}.toml").read_text(
        encoding="utf-8")


def test_the_2024_2027_agreement_ships_and_is_chosen_for_its_years():
    assert AGREEMENT_ID in agreement_ids()
    for year in range(2024, 2028):
        assert agreement_for_year(year).id == AGREEMENT_ID


def test_a_year_outside_every_agreement_still_gets_the_nearest_one():
    assert agreement_for_year(2031).id == AGREEMENT_ID
    assert agreement_for_year(None).id == AGREEMENT_ID


def test_goals_thresholds_and_sections(agreement):
    assert [g.id for g in agreement.goals] == [1, 2, 3, 4, 5, 6]
    assert {g.section for g in agreement.goals} == {"8.1"}
    assert agreement.contract_section == "8.2"
    nps = agreement.goal(3).target_for("nps", 2025)
    assert (nps.minimum, nps.unit) == (70, "NPS")
    offers = agreement.goal(2)
    assert offers.target_for("kendskab-tilbud", 2025).minimum == 55
    assert offers.target_for("kendskab-tilbud", 2026).minimum == 55
    assert offers.target_for("kendskab-tilbud", 2027).minimum == 65
    assert offers.target_for("kendskab-tilbud", 2024) is None


def test_house_shares_sum_to_the_national_total(agreement):
    share = agreement.goal(1).first_target("vejledte-iværksættere")
    assert sum(share.shares.values()) == share.national_total == 1200
    assert share.minimum_for_house("sjaelland") == 171


def test_every_kkr_has_its_houses_and_syddanmark_has_two(agreement):
    assert len(agreement.kkrs) == 5
    assert agreement.kkr("KKR Syddanmark").houses == ("sydjylland", "fyn")
    assert {h for kkr in agreement.kkrs for h in kkr.houses} == {h.id for h in agreement.houses}


def read_facts(path) -> dict:
    """The shared facts file; its keys "Sjælland" are bare non-ASCII, which TOML 1.0 wants quoted."""
    text = path.read_text("utf-8")
    text = re.sub(r"^([^\W\d]\w*) =", lambda m: m.group(0) if m.group(1).isascii()
                  else f'"{m.group(1)}" =', text, flags=re.MULTILINE)
    return tomllib.loads(text)


def test_the_data_agrees_with_the_shared_facts(agreement, shared):
    facts = read_facts(shared / "facts" / "rammeaftale-2024-2027.toml")
    assert tuple(facts["agreement"]["period"]) == agreement.period
    by_id = {goal["id"]: goal for goal in facts["goal"]}
    assert agreement.goal(3).first_target("nps").minimum == by_id[3]["min_nps"]
    assert agreement.goal(4).first_target("brugte-henvisninger").minimum == by_id[4]["min_percent"]
    assert agreement.goal(6).first_target("baeredygtighed-i-hoej-grad").minimum == \
        by_id[6]["min_percent"]
    distribution = by_id[1]["distribution_2024"]
    shares = agreement.goal(1).first_target("vejledte-iværksættere").shares
    assert shares["sjaelland"] == distribution["Sjælland"]
    assert shares["sydjylland"] == distribution["Syddjylland"]
    assert sum(shares.values()) == sum(distribution.values())


def test_an_unknown_id_names_the_known_ones():
    with pytest.raises(KkrError) as caught:
        load_agreement("rammeaftale-2099")
    assert AGREEMENT_ID in caught.value.hint


def test_a_future_agreement_is_just_another_file(tmp_path):
    text = packaged_text().replace('id = "rammeaftale-2024-2027"', 'id = "rammeaftale-2028-2031"')
    text = text.replace("period = [2024, 2027]", "period = [2028, 2031]")
    path = tmp_path / "rammeaftale-2028-2031.toml"
    path.write_text(text, encoding="utf-8")
    future = load_agreement(path)
    assert future.id == "rammeaftale-2028-2031" and future.covers(2029)


@pytest.mark.parametrize(("change", "field"), [
    (('min = 70\ndefault = true', 'default = true'), "min"),
    (('unit = "NPS"', 'unit = "point"'), "unit"),
    (("sjaelland = 171\n", ""), "shares"),
    (("format = 1", "format = 2"), "format"),
    (('titles = ["Kendskab"', 'titles = [""'), "goal[1].titles"),
])
def test_a_broken_agreement_file_names_the_field(change, field):
    old, new = change
    text = packaged_text()
    assert old in text
    with pytest.raises(KkrError) as caught:
        parse_agreement(text.replace(old, new, 1), source="broken.toml")
    assert field in caught.value.message and caught.value.file == "broken.toml"


def test_invalid_toml_is_reported_not_raised():
    with pytest.raises(KkrError, match="ikke gyldig TOML"):
        parse_agreement("id = ", source="x.toml")


def test_goals_carry_their_titles_as_data(agreement):
    assert agreement.goal(3).titles[0] == "Virksomhedernes tilfredshed"
    assert "Net Promoter Score" in agreement.goal(3).titles
    assert all(goal.name in goal.titles for goal in agreement.goals)
