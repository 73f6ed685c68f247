"""Rows that break the survey's rules: found, reported by row, and handled as documented."""

import pandas as pd

from kkrdesk.core.survey import rules
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.rules import HANDLING, RULE_NAMES, Rule
from tests.survey_exports import ROWS, write_export

IDS = pd.Series(["a", "b", "c"], index=[2, 3, 4])


def test_too_many_ticks_drop_the_whole_answer_of_that_row():
    ticks = pd.DataFrame({"x": [True, True, False], "y": [True, True, False], "z": [False, True, True]},
                         index=[2, 3, 4])
    kept, problems = rules.limit_choices(ticks, 2, question="q", label="I dag", ids=IDS)
    assert kept.loc[3].tolist() == [False, False, False]
    assert kept.loc[2].tolist() == [True, True, False]
    assert [(p.row, p.respondent, p.rule) for p in problems] == [(3, "b", Rule.TOO_MANY_CHOICES)]
    assert ticks.loc[3].tolist() == [True, True, True]      # the input is left alone


def test_no_limit_means_no_problem():
    ticks = pd.DataFrame({"x": [True] * 3, "y": [True] * 3}, index=[2, 3, 4])
    kept, problems = rules.limit_choices(ticks, None, question="q", label="l", ids=IDS)
    assert problems == [] and kept.equals(ticks)


def test_odd_codes_in_tick_boxes_count_as_not_ticked():
    codes = pd.DataFrame({"q_1": ["1", "2", ""], "q_2": ["0", "1", "x"]}, index=[2, 3, 4])
    ticks, problems = rules.decode_ticks(codes, ("A", "B"), question="q", ids=IDS)
    assert ticks.to_numpy().tolist() == [[True, False], [False, True], [False, False]]
    assert [p.row for p in problems] == [3, 4]
    assert "q_1 = 2" in problems[0].detail and "q_2 = x" in problems[1].detail


def test_scale_values_outside_the_scale_or_not_whole_are_left_out():
    codes = pd.Series(["5", "3.5", "0", "6", "", "2"], index=range(2, 8))
    ids = pd.Series([""] * 6, index=range(2, 8))
    values, dont_know, problems = rules.decode_scale(codes, scale_min=1, scale_max=5, dont_know_codes={"6"},
                                                     question="s", label="1 Udsagn", ids=ids)
    assert values.tolist()[0] == 5.0 and values.tolist()[5] == 2.0
    assert values.isna().tolist() == [False, True, True, True, True, False]
    assert dont_know.tolist() == [False, False, False, True, False, False]
    assert [p.row for p in problems] == [3, 4]


def test_every_rule_has_a_danish_name_and_a_documented_handling():
    assert set(RULE_NAMES) == set(Rule) == set(HANDLING)


def test_an_odd_tick_code_in_an_export_is_reported(tmp_path):
    rows = [list(row) for row in ROWS]
    rows[0][4] = 2
    summary = summarize_survey(write_export(tmp_path, "semicolon", rows=rows))
    assert (2, "A1", "unknown-choice-code") in [(p.row, p.respondent, str(p.rule)) for p in summary.problems]
    assert summary.keyword("i_dag").counts["Samarbejde"] == 2


def test_codes_of_a_column_with_many_distinct_values_match_one_by_one_canonical_codes():
    """The vectorised path (used from 1,000 distinct values) agrees with ``canonical_code``."""
    import datetime as dt

    from kkrdesk.core.survey.text import canonical_code, canonical_codes

    odd = ["3", "3.0", " 3", "3 ", "+3", "-0", "0", "007", "-12", "12,00", "1.5", "abc", " x  y ", "\n4\n",
           "\u0663", "", "  ", "1e3", "-", "1_000", "x\n", 3.0, 2.5, float("nan"), 7, True, None, 1e20, -4.0,
           dt.date(2025, 2, 3), "R1 ", "\u00a0R2", "R3\u2003", "\u216b", "\u00b2", "+R", "-R", "R"]
    values = odd + [f"R{n:05d}" for n in range(1500)] + [float(n) for n in range(1500)] + list(range(200))
    column = pd.Series(values, dtype=object)
    assert canonical_codes(column).astype(object).tolist() == [canonical_code(v) for v in values]
