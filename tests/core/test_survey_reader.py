"""Reading SurveyXact exports: the four real layouts agree, encodings and separators are found."""

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.survey.csv_tables import decode_file, detect_separator
from kkrdesk.core.survey.export_reader import open_export
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.core.survey.questions import QuestionIndex
from kkrdesk.core.survey.summary_view import summary_dict
from tests.survey_exports import LABELS, READSX_LAYOUTS, READSX_MAPPING, STRUCTURE, csv_bytes, write_export


@pytest.fixture
def readsx(shared, tmp_path):
    mapping = tmp_path / "readsx.survey.toml"
    mapping.write_text(READSX_MAPPING, encoding="utf-8")
    return shared / "corpus" / "surveyxact-readSX", mapping


def test_the_four_real_layouts_give_the_same_figures(readsx):
    folder, mapping = readsx
    results = {}
    for name, layout in READSX_LAYOUTS.items():
        summary = summarize_survey(folder / name, mapping)
        assert summary.layout == layout
        data = summary_dict(summary)
        del data["source"], data["layout"]
        results[name] = data
    first = results["ex_survey2.xlsx"]
    assert all(result == first for result in results.values())
    # what they agree on is not trivial: 574 distributed rows without answers, 4 blank rows
    # at the end of the XLSX, a "Ikke relevant/ vet ikke" code, and rows breaking the limits
    assert (first["rows_read"], first["not_answered"], first["respondents"]) == (999, 574, 425)
    assert first["statements"][1]["dont_know"] > 0
    assert {p["rule"] for p in first["problems"]} >= {"too-many-choices", "scale-out-of-range",
                                                      "unknown-group"}


def test_choice_texts_read_alike_whether_they_end_in_newline_or_space(readsx):
    folder, _ = readsx
    xlsx = QuestionIndex(open_export(folder / "ex_survey2.xlsx").structure).find("v_1")
    csv_ = QuestionIndex(open_export(folder / "semicolon_ansi__dataset.csv").structure).find("v_1")
    assert xlsx.choices == csv_.choices
    assert xlsx.choices[0] == "Design og redesign"


def test_a_reused_question_name_resolves_to_its_own_variable(readsx):
    folder, _ = readsx
    question = QuestionIndex(open_export(folder / "ex_survey2.xlsx").structure).find("b_1")
    assert question.variables == ("b_1",)


def test_an_xlsx_kept_open_reads_the_same_dataset_and_opens_again_once_closed(readsx):
    folder, _ = readsx
    columns = ["v_1_1", "v_1_12", "b_1"]
    expected = open_export(folder / "ex_survey2.xlsx").read_dataset(columns)
    with open_export(folder / "ex_survey2.xlsx", keep_open=True) as export:
        assert export.read_dataset(columns).equals(expected)
    assert export.read_dataset(columns).equals(expected)


@pytest.mark.parametrize("layout", ["semicolon", "comma", "tab"])
def test_csv_layout_is_found_from_the_folder_too(tmp_path, layout):
    write_export(tmp_path, layout)
    export = open_export(tmp_path)
    assert export.layout.startswith("CSV")
    assert export.variables[0] == "respondentid"


def test_encodings_are_detected(tmp_path):
    cases = {"utf16.csv": ("\ufeffa;b\r\næ;ø\r\n".encode("utf-16-le"), "utf-16-le"),
             "ansi.csv": ("a;b\r\næ;ø\r\n".encode("cp1252"), "cp1252"),
             "bom.csv": (b"\xef\xbb\xbf" + "a;b\næ;ø\n".encode(), "utf-8-sig"),
             "plain.csv": ("a;b\næ;ø\n".encode(), "utf-8")}
    for name, (data, encoding) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        text, found = decode_file(path)
        assert found == encoding, name
        assert "æ" in text and not text.startswith("\ufeff")


def test_separator_detection_is_not_fooled_by_separators_inside_text():
    assert detect_separator('v;1;"Natur, miljø"\n', "labels") == ";"
    assert detect_separator('"v",1,"Natur; miljø"\n', "labels") == ","
    assert detect_separator("v\t1\tNatur, miljø; fri\n", "labels") == "\t"
    assert detect_separator("questionName,variableName,questionType\n", "structure") == ","
    assert detect_separator("a;b;c\n", "dataset") == ";"


def test_blank_rows_of_a_sheet_are_not_respondents(tmp_path):
    from tests.survey_exports import ROWS
    path = write_export(tmp_path, "xlsx", rows=ROWS + [[""] * 10] * 3)
    assert summarize_survey(path).rows_read == 8


def test_a_workbook_without_the_three_sheets_is_refused(tmp_path):
    import openpyxl
    workbook = openpyxl.Workbook()
    workbook.active.title = "Ark1"
    workbook.save(tmp_path / "x.xlsx")
    with pytest.raises(BadFileError, match="arkene Dataset, Labels og Structure mangler") as caught:
        open_export(tmp_path / "x.xlsx")
    assert caught.value.reason == "not-survey"


def test_a_sheet_claiming_a_million_rows_is_refused_without_reading_them(tmp_path):
    import openpyxl
    workbook = openpyxl.Workbook()
    workbook.active.title = "Labels"
    workbook.active.append(["kkr", 1, "KKR Sjælland"])
    dataset = workbook.create_sheet("Dataset")
    dataset.append(["kkr"])
    dataset.cell(row=1_048_576, column=16_384, value=1)
    structure = workbook.create_sheet("Structure")
    structure.append(["questionName", "variableName", "questionType", "subType", "questionText",
                      "choiceValue", "choiceText"])
    workbook.save(tmp_path / "huge.xlsx")
    with pytest.raises(BadFileError, match=r"1\.048\.576 rækker") as caught:
        open_export(tmp_path / "huge.xlsx")
    assert caught.value.reason == "too-large"


def test_issue_174_claims_a_full_sheet_and_is_refused_quickly(shared):
    with pytest.raises(BadFileError) as caught:
        open_export(shared / "corpus" / "calamine" / "issue_174.xlsx")
    assert caught.value.reason == "not-survey"


def test_an_encrypted_workbook_is_refused_with_advice(shared):
    with pytest.raises(BadFileError) as caught:
        open_export(shared / "corpus" / "calamine" / "pass_protected.xlsx")
    assert caught.value.reason == "encrypted"


def test_a_csv_without_its_two_companions_is_refused(tmp_path):
    (tmp_path / "svar_dataset.csv").write_bytes(csv_bytes([["a"], ["1"]], "semicolon"))
    with pytest.raises(BadFileError, match="labels-filen og structure-filen mangler"):
        open_export(tmp_path / "svar_dataset.csv")


def test_a_csv_that_is_not_an_export_is_refused(tmp_path):
    (tmp_path / "noter.csv").write_text("navn;by\nAnna;Køge\n", encoding="utf-8")
    with pytest.raises(BadFileError, match="dataset-, labels- eller structure-fil"):
        open_export(tmp_path / "noter.csv")


def test_a_structure_file_without_its_columns_is_refused(tmp_path):
    write_export(tmp_path, "semicolon")
    (tmp_path / "mini_structure.csv").write_bytes(csv_bytes([["a", "b"], ["1", "2"]], "semicolon"))
    with pytest.raises(BadFileError, match="ligner ikke SurveyXacts structure-fil"):
        open_export(tmp_path / "mini_dataset.csv")


def test_a_pdf_is_not_an_export(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(BadFileError, match="ikke en SurveyXact-eksport"):
        open_export(tmp_path / "x.pdf")


def test_an_empty_file_is_refused(tmp_path):
    (tmp_path / "tom_dataset.csv").write_bytes(b"")
    with pytest.raises(BadFileError, match="tom"):
        open_export(tmp_path / "tom_dataset.csv")


def test_labels_for_unmapped_variables_may_be_missing(tmp_path):
    labels = [row for row in LABELS if row[0] != "s_1"]
    summary = summarize_survey(write_export(tmp_path, "semicolon", labels=labels))
    assert summary.statements[0].overall.n == 6   # scale codes need no labels


def test_structure_order_is_kept(tmp_path):
    export = open_export(write_export(tmp_path, "xlsx"))
    assert [row.variable_name for row in export.structure] == [row[1] for row in STRUCTURE]


def _edited_xlsx(tmp_path, edit):
    """The mini export as XLSX, changed by hand the way a user does in Excel."""
    import openpyxl

    path = write_export(tmp_path, "xlsx")
    workbook = openpyxl.load_workbook(path)
    edit(workbook)
    workbook.save(path)
    return path


def test_sheets_renamed_in_excel_are_recognised_by_their_content(tmp_path):
    def rename(workbook):
        workbook["Dataset"].title = "Data (2)"
        workbook["Labels"].title = "Ark1"
        workbook.move_sheet("Data (2)", offset=-1)

    summary = summarize_survey(_edited_xlsx(tmp_path, rename))
    assert summary.respondents == 7


def test_two_unnamed_sheets_that_could_both_be_the_dataset_are_not_guessed(tmp_path):
    def confuse(workbook):
        workbook["Dataset"].title = "Ark1"
        copy = workbook.copy_worksheet(workbook["Ark1"])
        copy.title = "Ark2"

    with pytest.raises(BadFileError, match="arket Dataset mangler"):
        summarize_survey(_edited_xlsx(tmp_path, confuse))


def test_a_column_added_by_hand_and_a_date_in_a_code_cell(tmp_path):
    import datetime

    def scribble(workbook):
        sheet = workbook["Dataset"]
        sheet.cell(1, sheet.max_column + 1, "Mine noter")
        sheet.cell(2, sheet.max_column, "tjek denne")
        sheet.cell(3, 3, datetime.datetime(2025, 2, 3))    # row 3's KKR code typed as a date

    summary = summarize_survey(_edited_xlsx(tmp_path, scribble))
    assert summary.respondents == 7
    dated = [p for p in summary.problems if p.row == 3]
    assert dated and "3. februar 2025" in dated[0].detail


def test_dataset_csv_cells_code_as_canonical_code_of_their_text_however_pandas_parses_them(tmp_path):
    """Whole-number columns are parsed as numbers in C and the others read again as text: either
    way a cell's code is canonical_code of the text in the file."""
    from kkrdesk.core.survey import csv_tables
    from kkrdesk.core.survey.text import canonical_code, canonical_codes

    cells = {"loose": [" 3", "+3", "03", "-0", "7"], "decimals": ["3.0", "1.50", "1e3", "2", "nan"],
             "truth": ["True", "False", "True", "False", "True"], "blanks": ["1", "", "2", "", "x"],
             "huge": ["9223372036854775808", "1", "2", "3", "4"]}
    header = list(cells)
    path = tmp_path / "typer_dataset.csv"
    path.write_bytes(csv_bytes([header, *([cells[name][i] for name in header] for i in range(5))], "semicolon"))
    frame = csv_tables.read_dataset_columns(csv_tables.read_csv_text(path, "dataset"), header, 100)
    assert {name: canonical_codes(frame[name]).astype(object).tolist() for name in header} == \
        {name: [canonical_code(text) for text in texts] for name, texts in cells.items()}
