"""Two rounds of a survey compared: statements by id, keyword options by text, what one round lacks kept."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import UsageError
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.rounds import compare_rounds, format_change, rounds_chart
from tests.survey_exports import MAPPING, ROWS, write_export


@pytest.fixture
def rounds(tmp_path):
    first = summarize_survey(write_export(tmp_path / "2023", "xlsx"))
    # the later round: every statement answer one higher where it can be, and a third statement
    later_rows = [row[:8] + [v + 1 if isinstance(v, int) and v < 5 else v for v in row[8:]]
                  for row in ROWS]
    mapping = MAPPING.replace('title = "Miniundersøgelse"', 'title = "Miniundersøgelse 2025"')
    second = summarize_survey(write_export(tmp_path / "2025", "semicolon", rows=later_rows, mapping=mapping))
    return first, second


def test_statement_means_are_matched_by_id_with_their_change(rounds):
    first, second = rounds
    comparison = compare_rounds(*rounds)
    assert comparison.first_label == "Miniundersøgelse" and comparison.second_label == "Miniundersøgelse 2025"
    by_id = {f.item: f for f in comparison.statements}
    assert set(by_id) == {s.id for s in first.statements}
    one = by_id[first.statements[0].id]
    assert one.first == first.statements[0].overall.mean
    assert one.second == second.statements[0].overall.mean
    assert one.change == pytest.approx(one.second - one.first) and one.change > 0


def test_keyword_shares_are_percent_of_those_who_answered_the_question(rounds):
    first, _ = rounds
    comparison = compare_rounds(*rounds)
    keyword = comparison.keywords[0]
    samarbejde = next(o for o in keyword.options if o.item == "Samarbejde")
    expected = 100 * first.keywords[0].counts["Samarbejde"] / first.keywords[0].answered
    assert samarbejde.first == pytest.approx(expected) and samarbejde.change == 0


def test_one_kkr_is_compared_when_asked(rounds):
    first, _ = rounds
    comparison = compare_rounds(*rounds, group="KKR Sjælland")
    statement = first.statements[0]
    assert comparison.statements[0].first == statement.by_group["KKR Sjælland"].mean
    with pytest.raises(UsageError, match="KKR Fyn"):
        compare_rounds(*rounds, group="KKR Fyn")


def test_a_statement_only_one_round_has_is_kept_without_a_change(tmp_path, rounds):
    first, _ = rounds
    mapping = MAPPING.replace('id = "2"\nquestion = "s_2"', 'id = "nyt"\nquestion = "s_2"')
    assert mapping != MAPPING
    second = summarize_survey(write_export(tmp_path / "ny", "xlsx", mapping=mapping))
    figures = {f.item: f for f in compare_rounds(first, second).statements}
    assert figures["nyt"].first is None and figures["nyt"].change is None
    assert figures[first.statements[1].id].second is None


def test_surveys_with_nothing_in_common_are_refused(tmp_path, rounds):
    first, _ = rounds
    bare = MAPPING.split("[keywords.i_dag]")[0] + "[population" + MAPPING.split("[population", 1)[1]
    other = summarize_survey(write_export(tmp_path / "bar", "xlsx", mapping=bare))
    with pytest.raises(UsageError, match="tilfælles"):
        compare_rounds(first, other)


def test_the_chart_and_the_change_texts(rounds):
    data = rounds_chart(compare_rounds(*rounds))
    assert [s.name for s in data.series] == ["Miniundersøgelse", "Miniundersøgelse 2025"]
    assert format_change(0.4, 1) == "+0,4" and format_change(-3.0, 0, " procentpoint") == "-3 procentpoint"
    assert format_change(0.01, 1) == "0" and format_change(None, 1) == "–"


def test_the_keyword_chart_has_both_rounds_and_the_change_in_points(rounds):
    from kkrdesk.core.survey.rounds import rounds_keyword_chart

    data = rounds_keyword_chart(compare_rounds(*rounds))
    assert data.categories[0] == "Samarbejde" and data.suffix == " %"
    headers, rows = data.table()
    assert headers[-1] == "Ændring" and rows[0][-1] == "0 pct.-point"
