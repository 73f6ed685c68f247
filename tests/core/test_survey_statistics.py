"""Figures computed from a hand-made export whose answers are worked out by hand (all four layouts)."""

import math

import pytest

from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.statistics import top_options
from kkrdesk.core.survey.summary_view import summary_dict
from tests.survey_exports import LAYOUTS, MAPPING, write_export


@pytest.fixture(params=LAYOUTS)
def mini(request, tmp_path):
    return summarize_survey(write_export(tmp_path, request.param))


def test_respondents_are_the_rows_whose_status_counts_as_answered(mini):
    assert mini.rows_read == 8
    assert mini.not_answered == 1          # row 5 was distributed and never answered
    assert mini.respondents == 7


def test_response_table_rounds_half_up(mini):
    rows = {row.group: row for row in mini.response}
    assert list(rows) == ["KKR Nordjylland", "KKR Sjælland", "I alt"]
    nord, syd, total = rows.values()
    assert (nord.tally.members, nord.tally.answers, nord.tally.rate) == (4, 3, 75)
    assert (nord.roles["Borgmester"].answers, nord.roles["Borgmester"].rate) == (2, 100)
    assert (nord.roles["Øvrigt medlem"].answers, nord.roles["Øvrigt medlem"].rate) == (1, 50)
    assert (syd.tally.members, syd.tally.answers, syd.tally.rate) == (11, 3, 27)
    # 1 of 8 is 12.5 %: printed 13 %, where Python's round() would give 12
    assert (syd.roles["Borgmester"].members, syd.roles["Borgmester"].answers,
            syd.roles["Borgmester"].rate) == (8, 1, 13)
    # the row with an unknown KKR counts in the total, not under a KKR
    assert (total.tally.members, total.tally.answers, total.tally.rate) == (15, 7, 47)
    assert (total.roles["Borgmester"].members, total.roles["Borgmester"].answers) == (10, 4)
    assert (total.roles["Øvrigt medlem"].members, total.roles["Øvrigt medlem"].answers) == (5, 2)


def test_keyword_counts_overall_per_group_and_role(mini):
    keywords = mini.keyword("i_dag")
    assert keywords.answered == 6          # row 6 ticked three and is left out
    assert keywords.counts == {"Samarbejde": 3, "Konsensus": 3, "Relevant": 2, "Politisk": 1}
    assert list(keywords.counts) == ["Samarbejde", "Konsensus", "Relevant", "Politisk"]
    assert keywords.by_group["KKR Nordjylland"] == {"Samarbejde": 2, "Konsensus": 2, "Politisk": 1,
                                                    "Relevant": 0}
    assert keywords.by_group["KKR Sjælland"]["Konsensus"] == 1
    assert keywords.by_group["KKR Sjælland"]["Samarbejde"] == 0
    assert keywords.by_role["Borgmester"] == {"Samarbejde": 3, "Konsensus": 1, "Politisk": 1, "Relevant": 1}
    assert keywords.answered_by_group == {"KKR Nordjylland": 3, "KKR Sjælland": 2}


def test_top_lists_share_ranks_on_ties_and_skip_unmarked_options(mini):
    keywords = mini.keyword("i_dag")
    assert [(o.option, o.count, o.rank) for o in keywords.top] == [
        ("Samarbejde", 3, 1), ("Konsensus", 3, 1), ("Relevant", 2, 3), ("Politisk", 1, 4)]
    assert [(o.option, o.rank) for o in keywords.top_by_group["KKR Sjælland"]] == [
        ("Konsensus", 1), ("Relevant", 1)]


def test_top_five_keeps_everything_tied_with_the_fifth():
    counts = {"a": 9, "b": 8, "c": 7, "d": 6, "e": 5, "f": 5, "g": 4}
    top = top_options(counts, list(counts))
    assert [o.option for o in top] == ["a", "b", "c", "d", "e", "f"]
    assert [o.rank for o in top] == [1, 2, 3, 4, 5, 5]


def test_statement_mean_distribution_and_dont_know(mini):
    first, second = mini.statements
    assert first.text == "Første udsagn"
    assert first.overall.n == 6            # the 7 in row 7 is off the scale
    assert math.isclose(first.overall.mean, 19 / 6)
    assert first.overall.distribution == {1: 1, 2: 1, 3: 1, 4: 2, 5: 1}
    assert first.overall.dont_know == 0
    assert first.by_group["KKR Nordjylland"].mean == 4.0
    assert first.by_group["KKR Sjælland"].n == 2 and first.by_group["KKR Sjælland"].mean == 3.0
    assert first.by_role["Borgmester"].mean == 3.0
    assert first.by_group_role["KKR Nordjylland"]["Øvrigt medlem"].mean == 3.0
    assert first.baseline["2017"].mean == 3.5 and first.baseline["2017"].n == 10
    assert second.overall.dont_know == 1   # "Ved ikke" is found by its label (code 6)
    assert second.overall.n == 6 and math.isclose(second.overall.mean, 19 / 6)
    assert second.by_group["KKR Nordjylland"].dont_know == 1
    assert math.isclose(second.overall.dont_know_share, 1 / 7)


def test_rule_breaking_rows_are_reported_by_row_and_respondent(mini):
    assert [(p.row, p.respondent, str(p.rule)) for p in mini.problems] == [
        (6, "B1", "too-many-choices"), (7, "B2", "scale-out-of-range"),
        (8, "B3", "unknown-group"), (9, "B4", "unknown-role")]
    assert "3 markeringer" in mini.problems[0].detail and "højst 2" in mini.problems[0].detail
    assert "tælles ikke med" in mini.problems[0].detail


def test_change_between_two_keyword_questions(tmp_path):
    mapping = MAPPING + '\n[keywords.fremadrettet]\nquestion = "q1"\nlabel = "Fremadrettet"\n'
    summary = summarize_survey(write_export(tmp_path, "xlsx", mapping=mapping))
    assert summary.change.before == "i_dag" and summary.change.after == "fremadrettet"
    # the same question without a limit counts row 6's three ticks too
    assert summary.change.overall == {"Samarbejde": 1, "Konsensus": 1, "Politisk": 1, "Relevant": 0}


def test_json_has_the_documented_shape_and_full_precision_means(mini):
    data = summary_dict(mini)
    assert data["respondents"] == 7
    assert data["response"][-1]["group"] == "I alt"
    assert data["response"][1]["roles"]["Borgmester"] == {"members": 8, "answers": 1, "rate": 13}
    assert data["keywords"]["i_dag"]["counts"]["Samarbejde"] == 3
    assert data["keywords"]["i_dag"]["by_group"]["KKR Nordjylland"]["Politisk"] == 1
    statement = data["statements"][0]
    assert statement["mean"] == 19 / 6
    assert statement["distribution"] == {"1": 1, "2": 1, "3": 1, "4": 2, "5": 1}
    assert statement["by_group"]["KKR Sjælland"]["mean"] == 3.0
    assert data["statements"][1]["dont_know"] == 1 and data["statements"][1]["dont_know_share"] == 1 / 7
    assert statement["baseline"] == {"2017": {"label": "2017", "n": 10, "mean": 3.5}}
    assert data["problems"][0] == {"row": 6, "respondent": "B1", "rule": "too-many-choices",
                                   "question": "q1", "detail": data["problems"][0]["detail"]}


def test_no_warning_when_the_population_can_be_right(mini):
    assert mini.warnings == ()


def test_more_answers_than_members_is_a_warning_about_the_mapping(tmp_path):
    mapping = MAPPING.replace('[population."KKR Nordjylland"]\nBorgmester = 2',
                              '[population."KKR Nordjylland"]\nBorgmester = 1')
    assert mapping != MAPPING
    summary = summarize_survey(write_export(tmp_path, "semicolon", mapping=mapping))
    nord = summary.response[0]
    assert (nord.roles["Borgmester"].members, nord.roles["Borgmester"].answers) == (1, 2)
    assert summary.warnings == (
        "KKR Nordjylland, Borgmester: 2 besvarelser, men opsætningen siger 1 medlem, så "
        "svarprocenten bliver 200 %. Ret antallet af medlemmer under [population] i "
        "undersøgelsens opsætningsfil (KKR).",)
    assert summary_dict(summary)["warnings"] == list(summary.warnings)
