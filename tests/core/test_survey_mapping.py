"""The mapping file: its format, its faults told in Danish, and how it must fit the export."""

import pytest

from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.survey.coding import code_survey
from kkrdesk.core.survey.export_reader import open_export
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.mapping import find_mapping, load_mapping
from tests.survey_exports import LABELS, MAPPING, ROWS, write_export


def _mapping(tmp_path, text):
    path = tmp_path / "m.survey.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_format_reads(tmp_path):
    mapping = load_mapping(_mapping(tmp_path, MAPPING))
    assert mapping.group_question == "kkr" and mapping.role_question == "rolle"
    assert mapping.keywords[0].key == "i_dag" and mapping.keywords[0].max_choices == 2
    assert mapping.statements[0].baseline == {"2017": 3.5}
    assert mapping.baselines[0].n == 10
    assert mapping.population["KKR Sjælland"] == {"Borgmester": 8, "Øvrigt medlem": 3}
    assert mapping.dont_know[0] == "Ved ikke"


def test_every_fault_is_listed_with_its_field(tmp_path):
    text = """\
format = 1
titel = "stavefejl"
[group]
name = "KKR"
[keywords.i_dag]
question = "q1"
max_choice = 5
[[statements]]
question = "s_1"
baseline = { "2013" = 3.1 }
[population."KKR Sjælland"]
Borgmester = "sytten"
"""
    with pytest.raises(KkrError) as caught:
        load_mapping(_mapping(tmp_path, text))
    fields = {p.field: p for p in caught.value.problems}
    assert "mente du" in fields["titel"].hint.lower() and '"title"' in fields["titel"].hint
    assert fields["group.question"].message == "mangler."
    assert '"max_choices"' in fields["keywords.i_dag.max_choice"].hint
    assert "runden" in fields["statements[1].baseline"].message
    assert "population.KKR Sjælland" in fields
    assert all(p.file.endswith("m.survey.toml") for p in caught.value.problems)
    assert "Lav opsætning" in caught.value.hint and "docs/" not in caught.value.hint


def test_invalid_toml_gets_a_danish_message_and_a_hint_about_quotes(tmp_path):
    with pytest.raises(BadFileError) as caught:
        load_mapping(_mapping(tmp_path, "[population.x]\nØvrigt medlem = 3\n"))
    assert "ikke gyldig TOML" in caught.value.message
    assert "anførselstegn" in caught.value.hint
    assert "Lav opsætning" in caught.value.hint and "docs/" not in caught.value.hint   # a secretary's way out


def test_a_missing_mapping_says_where_it_should_be(tmp_path):
    path = write_export(tmp_path, "xlsx", mapping=None)
    with pytest.raises(BadFileError, match="ingen opsætningsfil") as caught:
        summarize_survey(path)
    assert "mini.survey.toml" in caught.value.hint
    assert "Lav opsætning … på fanen Undersøgelse" in caught.value.hint and "docs/" not in caught.value.hint


def test_mapping_is_found_beside_the_export_by_name(tmp_path):
    xlsx = write_export(tmp_path / "a", "xlsx")
    assert find_mapping(xlsx) == tmp_path / "a" / "mini.survey.toml"
    csv_ = write_export(tmp_path / "b", "semicolon")
    assert find_mapping(csv_) == tmp_path / "b" / "mini.survey.toml"
    assert find_mapping(tmp_path / "b" / "mini_labels.csv") == tmp_path / "b" / "mini.survey.toml"
    folder = tmp_path / "c"
    write_export(folder, "tab", mapping=None)
    (folder / "survey.toml").write_text(MAPPING, encoding="utf-8")
    assert find_mapping(folder) == folder / "survey.toml"
    # a folder of three CSV files finds the mapping named after them
    assert find_mapping(tmp_path / "b") == tmp_path / "b" / "mini.survey.toml"


def test_questions_the_export_lacks_are_named_with_suggestions(tmp_path):
    text = MAPPING.replace('question = "kkr"', 'question = "krr"').replace('question = "s_2"',
                                                                          'question = "s_9"')
    path = write_export(tmp_path, "xlsx", mapping=text)
    with pytest.raises(KkrError, match="passer ikke til eksporten") as caught:
        summarize_survey(path)
    problems = {p.field: p for p in caught.value.problems}
    assert 'spørgsmålet "krr" findes ikke' in problems["group.question"].message
    assert "kkr" in problems["group.question"].hint
    assert "statements[2].question" in problems


def test_a_keyword_question_must_allow_several_answers(tmp_path):
    path = write_export(tmp_path, "xlsx", mapping=MAPPING.replace('question = "q1"', 'question = "kkr"'))
    with pytest.raises(KkrError) as caught:
        summarize_survey(path)
    assert "ikke et spørgsmål med afkrydsning af flere svar" in caught.value.problems[0].message


def test_population_names_must_be_answer_options(tmp_path):
    path = write_export(tmp_path, "xlsx", mapping=MAPPING.replace('"KKR Sjælland"]', '"KKR Fyn"]'))
    with pytest.raises(KkrError, match='population nævner "KKR Fyn"') as caught:
        summarize_survey(path)
    assert "KKR Sjælland" in caught.value.hint


def test_population_names_match_labels_whatever_their_case(tmp_path):
    path = write_export(tmp_path, "xlsx", mapping=MAPPING.replace('"KKR Sjælland"]', '"kkr sjælland"]'))
    assert summarize_survey(path).response[1].group == "KKR Sjælland"


def test_status_names_must_exist(tmp_path):
    path = write_export(tmp_path, "xlsx", mapping=MAPPING.replace('["Gennemført"]', '["Færdig"]'))
    with pytest.raises(KkrError, match="færdig"):
        summarize_survey(path)


def test_dataset_codes_that_labels_do_not_know_at_all_are_refused(tmp_path):
    labels = [row for row in LABELS if row[0] != "kkr"] + [["kkr", 7, "KKR Syd"], ["kkr", 8, "KKR Nord"]]
    path = write_export(tmp_path, "semicolon", labels=labels)
    with pytest.raises(KkrError, match="ingen af koderne for KKR i Dataset"):
        summarize_survey(path)


def test_labels_without_the_group_variable_are_refused(tmp_path):
    path = write_export(tmp_path, "xlsx", labels=[row for row in LABELS if row[0] != "kkr"])
    with pytest.raises(KkrError) as caught:
        summarize_survey(path)
    assert "Labels har ingen svarmuligheder" in caught.value.problems[0].message


def test_a_statement_with_no_value_on_the_scale_is_refused(tmp_path):
    rows = [row[:8] + [9, row[9]] if row[8] != "" else row for row in ROWS]
    path = write_export(tmp_path, "xlsx", rows=rows)
    with pytest.raises(KkrError, match="ligger på skalaen 1-5"):
        summarize_survey(path)


def test_an_empty_survey_is_told_as_such(tmp_path):
    path = write_export(tmp_path, "comma", rows=[])
    with pytest.raises(KkrError, match="ingen besvarelser"):
        summarize_survey(path)


def test_a_survey_where_nobody_answered_says_why(tmp_path):
    rows = [row[:1] + [2] + row[2:] for row in ROWS]
    path = write_export(tmp_path, "xlsx", rows=rows)
    with pytest.raises(KkrError, match="8 rækker, men ingen med en status"):
        summarize_survey(path)


def test_coding_without_status_or_role_keeps_every_row(tmp_path):
    text = MAPPING.replace('[status]\nquestion = "status"\nanswered = ["Gennemført"]\n', "")
    text = text.replace('[role]\nquestion = "rolle"\n', "")
    text = "\n".join(line for line in text.splitlines() if "Borgmester" not in line and "Øvrigt" not in line)
    path = write_export(tmp_path, "xlsx", mapping=text)
    coded = code_survey(open_export(path), load_mapping(tmp_path / "mini.survey.toml"))
    assert coded.respondents == 8 and coded.role is None and coded.roles == ()


def test_a_mapping_named_but_missing_points_to_the_setup_window(tmp_path):
    with pytest.raises(BadFileError) as caught:
        load_mapping(tmp_path / "væk.survey.toml")
    assert "Lav opsætning" in caught.value.hint and "docs/" not in caught.value.hint
