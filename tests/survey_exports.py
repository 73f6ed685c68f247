"""Small SurveyXact exports written by tests in each of the four layouts, with known answers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

STRUCTURE_HEADER = ["questionName", "variableName", "questionType", "subType", "questionText",
                    "choiceValue", "choiceText"]
OPTIONS = ["Samarbejde", "Konsensus", "Politisk", "Relevant"]

# A mini survey whose figures are worked out by hand in test_survey_statistics.py.
STRUCTURE = [
    ["respondentid", "respondentid", "Open", "String", "Kontakt - id", "", ""],
    ["status", "status", "Closed", "Single", "Status", "", ""],
    ["kkr", "kkr", "Closed", "Single", "Hvilket KKR?", "", ""],
    ["rolle", "rolle", "Closed", "Single", "Hvilken rolle?", "", ""],
    *[["q1", f"q1_{i}", "Closed", "Multiple", "Hvilke ord? (højst 2)", i, f"{o}\n"]
      for i, o in enumerate(OPTIONS, start=1)],
    ["s_1", "s_1", "Closed", "Single", "Hvor enig er du? - Første udsagn", "", ""],
    ["s_2", "s_2", "Closed", "Single", "Hvor enig er du? - Andet udsagn", "", ""],
]
LABELS = [
    ["status", 1, "Gennemført"], ["status", 2, "Distribueret"],
    ["kkr", 1, "KKR Nordjylland"], ["kkr", 2, "KKR Sjælland"],
    ["rolle", 1, "Borgmester"], ["rolle", 2, "Øvrigt medlem"],
    *[[f"q1_{i}", code, text] for i in range(1, 5) for code, text in ((0, "Ikke valgt"), (1, "Valgt"))],
    *[[s, code, text] for s in ("s_1", "s_2")
      for code, text in ((1, "Slet ikke"), (5, "I meget høj grad"), (6, "Ved ikke"))],
]
HEADER = ["respondentid", "status", "kkr", "rolle", "q1_1", "q1_2", "q1_3", "q1_4", "s_1", "s_2"]
ROWS = [
    ["A1", 1, 1, 1, 1, 1, 0, 0, 5, 4],       # row 2
    ["A2", 1, 1, 1, 1, 0, 1, 0, 4, 6],       # row 3: "Ved ikke" to s_2
    ["A3", 1, 1, 2, 0, 1, 0, 0, 3, 2],       # row 4
    ["A4", 2, 1, 2, "", "", "", "", "", ""],  # row 5: distributed, never answered
    ["B1", 1, 2, 1, 1, 1, 1, 0, 2, 3],       # row 6: three ticks where two are allowed
    ["B2", 1, 2, 2, 0, 0, 0, 1, 7, 5],       # row 7: 7 is off the 1-5 scale
    ["B3", 1, 9, 1, 1, 0, 0, 1, 1, 1],       # row 8: KKR code 9 has no label
    ["B4", 1, 2, "", 0, 1, 0, 0, 4, 4],      # row 9: no role
]
MAPPING = """\
format = 1
title = "Miniundersøgelse"
respondent_id = "respondentid"

[status]
question = "status"
answered = ["Gennemført"]

[group]
question = "kkr"

[role]
question = "rolle"

[keywords.i_dag]
question = "q1"
label = "I dag"
max_choices = 2

[baselines."2017"]
n = 10

[[statements]]
id = "1"
question = "s_1"
baseline = { "2017" = 3.5 }

[[statements]]
id = "2"
question = "s_2"

[population."KKR Nordjylland"]
Borgmester = 2
"Øvrigt medlem" = 2

[population."KKR Sjælland"]
Borgmester = 8
"Øvrigt medlem" = 3
"""

LAYOUTS = ("xlsx", "semicolon", "comma", "tab")

# The real Norwegian export in shared/corpus/surveyxact-readSX, one file of each layout.
READSX_LAYOUTS = {
    "ex_survey2.xlsx": "Excel (XLSX)",
    "semicolon_ansi__dataset.csv": "CSV, semikolon, Windows-1252",
    "comma_ansi__labels.csv": "CSV, komma, Windows-1252",
    "tab_utf16__structure.csv": "CSV, tabulator, UTF-16",
}

# A mapping for the real Norwegian export: programme as the group, gender as the role (its
# questionName b_1 is reused by another variable, b_1_1), two multiple-choice questions with
# limits that some rows break, a 1-4 battery item and an item whose "vet ikke" code is 6.
READSX_MAPPING = """\
title = "readSX"
respondent_id = "b_1_1"
[status]
question = "statoverall"
answered = ["Gjennomført", "Noen svar"]
[group]
question = "s_2"
name = "Utdanningsprogram"
[role]
question = "b_1"
name = "Kjønn"
[keywords.valgfag]
question = "v_1"
max_choices = 2
[keywords.fag]
question = "s_11"
max_choices = 3
[scale]
min = 1
max = 4
[[statements]]
id = "hm1"
question = "hm_1"
[[statements]]
id = "b2"
question = "b_2"
"""


def write_export(folder: Path, layout: str = "xlsx", *, structure=None, labels=None, header=None,
                 rows=None, stem: str = "mini", mapping: str | None = MAPPING) -> Path:
    """Write an export in ``layout`` (and its mapping as <stem>.survey.toml); returns the path to open."""
    folder.mkdir(parents=True, exist_ok=True)
    structure = STRUCTURE if structure is None else structure
    labels = LABELS if labels is None else labels
    header = HEADER if header is None else header
    rows = ROWS if rows is None else rows
    if mapping is not None:
        (folder / f"{stem}.survey.toml").write_text(mapping, encoding="utf-8")
    if layout == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "Labels"
        for row in labels:
            sheet.append(row)
        sheet = workbook.create_sheet("Dataset")
        for row in [header, *rows]:
            sheet.append([None if value == "" else value for value in row])
        sheet = workbook.create_sheet("Structure")
        for row in [STRUCTURE_HEADER, *structure]:
            sheet.append([None if value == "" else value for value in row])
        target = folder / f"{stem}.xlsx"
        workbook.save(target)
        return target
    tables = {"dataset": [header, *rows], "labels": labels, "structure": [STRUCTURE_HEADER, *structure]}
    for role, table in tables.items():
        (folder / f"{stem}_{role}.csv").write_bytes(csv_bytes(table, layout, trailing=role == "structure"))
    return folder / f"{stem}_dataset.csv"


def csv_bytes(table: list[list], layout: str, *, trailing: bool = False) -> bytes:
    """A table as SurveyXact writes it: ';' or ',' in Windows-1252, or TAB in UTF-16LE with BOM."""
    buffer = io.StringIO()
    if layout == "semicolon":
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerows([[_flat(v) for v in row] for row in table])
        return buffer.getvalue().encode("cp1252")
    if layout == "comma":
        writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
        for number, row in enumerate(table):
            cells = [v if isinstance(v, int) else _flat(v) for v in row]
            writer.writerow(cells + ([""] if trailing and number else []))
        return buffer.getvalue().encode("cp1252")
    if layout == "tab":
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\r\n")
        writer.writerows([[_flat(v) for v in row] for row in table])
        return b"\xff\xfe" + buffer.getvalue().encode("utf-16-le")
    raise ValueError(layout)


def _flat(value) -> str:
    """CSV layouts carry a trailing space where the XLSX keeps a newline."""
    return str(value).replace("\n", " ")
