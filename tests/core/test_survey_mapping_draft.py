"""A mapping drafted for an export that has none: guessed from names and labels, written as valid TOML."""

from __future__ import annotations

import pytest

from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.export_reader import open_export
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.mapping_draft import closed_questions, mapping_text, suggest
from tests.survey_exports import LAYOUTS, READSX_LAYOUTS, write_export


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_mini_export_gets_every_role_guessed_and_summarises_like_the_hand_mapping(tmp_path, layout):
    path = write_export(tmp_path, layout, mapping=None)
    with open_export(path) as export:
        questions = closed_questions(export)
        draft = suggest(export, questions)
    assert (draft.group, draft.role, draft.status) == ("kkr", "rolle", "status")
    assert draft.answered == ["Gennemført"]
    assert draft.keywords == ["q1"] and draft.statements == ["s_1", "s_2"]
    mapping = tmp_path / "mini.survey.toml"
    mapping.write_text(mapping_text(draft, questions), encoding="utf-8")
    summary = summarize_survey(path, mapping)
    assert summary.respondents == 7 and summary.scale == (1, 5)
    assert [s.id for s in summary.statements] == ["s_1", "s_2"]
    assert summary.keywords[0].counts["Samarbejde"] == 3


@pytest.mark.slow
def test_a_real_norwegian_export_gets_a_draft_the_user_completes(tmp_path, shared):
    path = shared / "corpus" / "surveyxact-readSX" / next(iter(READSX_LAYOUTS))
    with open_export(path) as export:
        questions = closed_questions(export)
        draft = suggest(export, questions)
    assert draft.status == "statoverall" and draft.answered  # "Gjennomført" is recognised
    assert draft.group is None                               # no KKR here: the user must choose
    with pytest.raises(KkrError, match="KKR"):
        mapping_text(draft, questions)
    draft.group = "s_2"
    mapping = tmp_path / "readsx.survey.toml"
    mapping.write_text(mapping_text(draft, questions), encoding="utf-8")
    summary = summarize_survey(path, mapping)
    assert summary.respondents > 0 and summary.groups


@pytest.mark.parametrize(("text", "limit"), [
    ("Hvilke ord? (højst 2)", 2), ("Vælg maks. fem ord", 5), ("Sæt op til 3 krydser", 3),
    ("Velg inntil tre fag", 3), ("Hvilke ord beskriver KKR?", None), ("Højst relevant emne", None)])
def test_the_limit_a_question_states_is_read_from_its_text(text, limit):
    from kkrdesk.core.survey.mapping_draft import most_choices

    assert most_choices(text) == limit
