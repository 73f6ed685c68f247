"""The numbers each chart draws come straight from the summary, in Danish for the tables."""

import pytest

from kkrdesk.core.errors import UsageError
from kkrdesk.core.survey.charts_data import ChartKind, chart_for, compare_items
from kkrdesk.core.survey.load import summarize_survey
from tests.survey_exports import write_export


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return summarize_survey(write_export(tmp_path_factory.mktemp("mini"), "xlsx"))


def test_keyword_chart_sorts_by_the_first_question_and_follows_the_group(summary):
    data = chart_for(summary, ChartKind.KEYWORDS)
    assert data.categories == ("Samarbejde", "Konsensus", "Relevant", "Politisk")
    assert data.series[0].values == (3.0, 3.0, 2.0, 1.0)
    north = chart_for(summary, "keywords", "kkr nordjylland")
    assert north.subtitle == "KKR Nordjylland (n = 3)"
    assert dict(zip(north.categories, north.series[0].values)) == {
        "Samarbejde": 2.0, "Konsensus": 2.0, "Politisk": 1.0, "Relevant": 0.0}


def test_statement_chart_puts_the_group_beside_everyone_and_the_baseline(summary):
    data = chart_for(summary, ChartKind.STATEMENTS, "KKR Nordjylland")
    assert [s.name for s in data.series] == ["KKR Nordjylland", "Alle", "2017 (n = 10)"]
    assert data.series[0].values == (4.0, 3.0)
    assert data.series[2].values == (3.5, None)
    headers, rows = data.table()
    assert headers == ["", "KKR Nordjylland", "Alle", "2017 (n = 10)"]
    assert rows[0] == ["1 Første udsagn", "4,0", "3,2", "3,5"]
    assert rows[1][3] == "–"


def test_role_and_response_charts(summary):
    roles = chart_for(summary, ChartKind.ROLES)
    assert [s.name for s in roles.series] == ["Borgmester", "Øvrigt medlem"]
    assert roles.series[0].values[0] == 3.0
    response = chart_for(summary, ChartKind.RESPONSE, "KKR Sjælland")
    assert response.categories == ("KKR Nordjylland", "KKR Sjælland", "I alt")
    assert response.series[0].values == (75.0, 27.0, 47.0)
    assert response.highlight == "KKR Sjælland"
    headers, rows = response.table()
    assert headers == ["", "Alle medlemmer", "Borgmester", "Øvrigt medlem", "Medlemmer", "Svar",
                       "Borgmester: svar", "Øvrigt medlem: svar"]
    assert rows[1] == ["KKR Sjælland", "27 %", "13 %", "33 %", "11", "3", "1 af 8", "1 af 3"]


def test_compare_chart_for_a_statement_and_for_a_keyword(summary):
    statement = chart_for(summary, ChartKind.COMPARE, "KKR Sjælland", "1")
    assert statement.categories == ("KKR Nordjylland", "KKR Sjælland")
    assert statement.series[0].values == (4.0, 3.0)
    keyword = chart_for(summary, ChartKind.COMPARE, None, "konsensus")
    assert keyword.title.startswith("»Konsensus«")
    assert keyword.series[0].values == (pytest.approx(200 / 3), 50.0)
    assert compare_items(summary)[0] == ("1", "1 Første udsagn")


def test_unknown_group_or_item_is_a_usage_error_that_lists_the_choices(summary):
    with pytest.raises(UsageError, match="intet KKR") as caught:
        chart_for(summary, ChartKind.KEYWORDS, "KKR Fyn")
    assert "KKR Sjælland" in caught.value.hint
    with pytest.raises(UsageError, match="hverken et udsagn eller et nøgleord"):
        chart_for(summary, ChartKind.COMPARE, None, "Pizza")


def test_table_text_is_tab_separated_for_pasting(summary):
    text = chart_for(summary, ChartKind.KEYWORDS).table_text()
    assert text.splitlines()[0] == "\tI dag"
    assert text.splitlines()[1] == "Samarbejde\t3"


def test_distribution_chart_gives_shares_that_add_up_to_everyone_who_answered(summary):
    data = chart_for(summary, ChartKind.DISTRIBUTION)
    assert data.stacked and [s.name for s in data.series] == ["1", "2", "3", "4", "5", "Ved ikke"]
    second = [s.values[1] for s in data.series]
    assert second == pytest.approx([100 / 7] * 3 + [200 / 7, 100 / 7, 100 / 7])
    assert sum(second) == pytest.approx(100)
    headers, rows = data.table()
    assert headers[-1] == "n" and rows[1][-1] == "7" and rows[0][-1] == "6"
    assert rows[1][4] == "29 %"
