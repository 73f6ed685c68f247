"""What kkrdesk hands to spreadsheets cannot run as a formula, and file names made from titles stay in their folder."""

from __future__ import annotations

import pytest

from kkrdesk.core.cells import safe_cell, tab_separated
from kkrdesk.core.files.names import safe_file_name, safe_name
from kkrdesk.core.survey.charts_data import ChartKind, chart_for
from kkrdesk.core.survey.load import summarize_survey
from tests.corpus.make_corpus import FORMULA_LABELS, _survey_export


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+45 1234 5678", "'+45 1234 5678"), ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ('=HYPERLINK("http://x.invalid";"klik")', '\'=HYPERLINK("http://x.invalid";"klik")'),
    ("-2+3", "'-2+3"), ("\tskjult", "'\tskjult"), ("\r=1", "'\r=1"),
    ("-3,5", "-3,5"), ("+12 %", "+12 %"), ("1.200,50", "1.200,50"), ("–", "–"), ("KKR Sjælland", "KKR Sjælland"),
])
def test_formula_looking_cells_get_an_apostrophe_and_numbers_stay_numbers(cell, safe):
    assert safe_cell(cell) == safe


def test_tab_separated_text_keeps_each_cell_in_its_row_and_column():
    text = tab_separated([["Navn", "Svar"], ["linje\nskift", "=1+1"], ["tab\ti cellen", "-3,5"]])
    assert text.splitlines() == ["Navn\tSvar", "linje skift\t'=1+1", "tab i cellen\t-3,5"]


def test_a_survey_whose_labels_look_like_formulas_copies_as_plain_text(tmp_path):
    _survey_export(tmp_path)
    summary = summarize_survey(tmp_path / "formler_dataset.csv")
    copied = chart_for(summary, ChartKind.ROLES).table_text()
    cells = [cell for line in copied.splitlines() for cell in line.split("\t")]
    assert "'=Borgmester" in cells and "'@Øvrigt medlem" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert set(FORMULA_LABELS.values()) >= {"=Borgmester", "@Øvrigt medlem"}


@pytest.mark.parametrize(("title", "name"), [
    ("Resultatkontrakt 2025 Erhvervshus Sjælland/Lolland", "Resultatkontrakt 2025 Erhvervshus Sjælland-Lolland.docx"),
    ("../../.config/autostart/x", "-..-.config-autostart-x.docx"),
    ("C:\\Windows\\system32", "C_-Windows-system32.docx"),
    ("CON", "_CON.docx"), ("  ", "notat.docx"), ("navn\x00med\x07styretegn", "navn_med_styretegn.docx"),
    ("x" * 300, "x" * 115 + ".docx"),
])
def test_file_names_from_titles_never_leave_the_folder(title, name):
    made = safe_name(title, ".docx", fallback="notat")
    assert made == name
    assert "/" not in made and "\\" not in made and not made.startswith(".")
    assert safe_file_name(made, fallback="notat") == made
