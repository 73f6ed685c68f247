"""The fast Dataset reader agrees with openpyxl on real and hand-written sheets, and hands the odd ones back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.survey import export_reader, sheet_columns
from kkrdesk.core.survey.export_reader import open_export
from tests.survey_exports import READSX_LAYOUTS

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def hand_written_xlsx(path: Path, sheet_rows: str, *, shared: list[str] = (), sheet_tag: str = "") -> Path:
    """A one-sheet workbook written as XML by hand (not by openpyxl): style 1 is a date."""
    strings = "".join(shared)
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/ark.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {NS} {R_NS}><sheets><sheet name="Dataset" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/ark.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '</Relationships>',
        "xl/styles.xml": f'<?xml version="1.0"?><styleSheet {NS}><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="d/m/yyyy"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
        '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1">'
        '<border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '</styleSheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {NS}>{strings}</sst>',
        "xl/worksheets/ark.xml": f'<?xml version="1.0"?><worksheet {NS}{sheet_tag}><sheetData>{sheet_rows}'
        '</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


HEADER = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
          '<c r="D1" t="s"><v>3</v></c></row>')
SHARED = ["<si><t>id</t></si>", "<si><t>kkr</t></si>", "<si><t>q1</t></si>", "<si><t>note</t></si>",
          '<si><r><t xml:space="preserve">Sam </t></r><r><rPr><b/></rPr><t>arbejde</t></r></si>']


VARIABLES = ("id", "kkr", "q1", "note")


def both_ways(path: Path, columns: list[str], variables: tuple[str, ...] = VARIABLES, sheet="Dataset"):
    """The Dataset columns read by the fast reader (falling back by itself) and by openpyxl."""
    fast = export_reader._xlsx_dataset(path, sheet, variables, columns)
    slow = export_reader._xlsx_dataset_openpyxl(path, sheet, variables, columns)
    return fast[(fast != "").any(axis=1)], slow[(slow != "").any(axis=1)]


@pytest.mark.slow
def test_the_real_export_reads_the_same_as_openpyxl(shared):
    path = shared / "corpus" / "surveyxact-readSX" / next(iter(READSX_LAYOUTS))
    with open_export(path) as export:
        variables = export.variables
    fast, slow = both_ways(path, list(variables), variables)
    assert fast.shape == slow.shape == (999, 242)
    assert fast.equals(slow)


def test_every_cell_type_reads_as_openpyxl_reads_it(tmp_path):
    rows = HEADER + (
        '<row r="2" spans="1:4"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> R1 </t></is></c>'
        '<c r="B2" s="0"><v>2</v></c><c r="C2"><f>1+2</f><v>3</v></c><c r="D2" t="s"><v>4</v></c></row>'
        '<row r="3"><c r="A3" t="str"><v>R&amp;2</v></c><c r="B3" t="b"><v>1</v></c>'
        '<c r="C3" s="1"><v>45691</v></c><c r="D3" t="e"><v>#N/A</v></c></row>'
        '<row r="4"><c r="A4" s="0"/><c r="B4"/></row>'                     # formatted blanks only
        '<row spans="1:4" r="5"><c r="A5"><v>1234567</v></c><c r="C5"><v>2.5</v></c>'
        '<c r="D5"><v>-3</v></c></row>'                                      # r not first, odd numbers
    )
    path = hand_written_xlsx(tmp_path / "typer.xlsx", rows, shared=SHARED)
    fast, slow = both_ways(path, ["id", "kkr", "q1", "note"])
    assert fast.equals(slow)
    assert fast.loc[2].tolist() == ["R1", "2", "3", "Sam arbejde"]
    assert fast.loc[3, "q1"] == "3. februar 2025" and fast.loc[3, "id"] == "R&2"
    assert list(fast.index) == [2, 3, 5]


@pytest.mark.parametrize("odd", ["prefixed", "no-reference", "rich-inline"])
def test_sheets_the_fast_reader_leaves_alone_are_read_by_openpyxl(tmp_path, odd):
    data = {"prefixed": ('<x:row r="2"><x:c r="A2"><x:v>7</x:v></x:c></x:row>',
                         ' xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'),
            "no-reference": ('<row r="2"><c><v>7</v></c></row>', ""),
            "rich-inline": ('<row r="2"><c r="A2" t="inlineStr"><is><r><t>7</t></r></is></c></row>', "")}
    rows, tag = data[odd]
    path = hand_written_xlsx(tmp_path / f"{odd}.xlsx", HEADER + rows, shared=SHARED, sheet_tag=tag)
    with zipfile.ZipFile(path) as archive, pytest.raises(sheet_columns.NotPlainSheet):
        sheet_columns.read_columns(archive, "Dataset", [0], first_row=2, last_row=10)
    fast, slow = both_ways(path, ["id"])
    assert fast.equals(slow) and fast.loc[2, "id"] == "7"


def test_data_past_the_row_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(export_reader, "SURVEY_MAX_RESPONDENTS", 3)
    rows = HEADER + "".join(f'<row r="{n}"><c r="B{n}"><v>1</v></c></row>' for n in range(2, 7))
    path = hand_written_xlsx(tmp_path / "lang.xlsx", rows, shared=SHARED)
    with pytest.raises(BadFileError, match="rækker") as caught:
        export_reader._xlsx_dataset(path, "Dataset", VARIABLES, ["kkr"])
    assert caught.value.reason == "too-large"


def test_a_pretty_printed_sheet_reads_as_openpyxl_reads_it(tmp_path):
    """Line breaks and indentation between tags (as some writers and hand edits leave them)."""
    rows = HEADER + (
        '\n  <row r="2">\n    <c r="A2" t="inlineStr">\n      <is><t>R1</t></is>\n    </c>\n'
        '    <c r="B2" t="n" >\r\n      <v>2</v>\n    </c>\n    <c r="C2" s="1"\t>\n      <v>45691</v>\n'
        '    </c>\n    <c r="D2" s="0" />\n  </row>\n'
    )
    path = hand_written_xlsx(tmp_path / "luftig.xlsx", rows, shared=SHARED)
    fast, slow = both_ways(path, ["id", "kkr", "q1", "note"])
    assert fast.equals(slow)
    assert fast.loc[2].tolist() == ["R1", "2", "3. februar 2025", ""]


def test_a_prefix_declared_far_down_the_sheet_is_left_to_openpyxl(tmp_path, monkeypatch):
    monkeypatch.setattr(sheet_columns, "FIRST_BLOCK_BYTES", 256)
    monkeypatch.setattr(sheet_columns, "BLOCK_BYTES", 256)
    plain = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 40))
    prefixed = ('<x:row r="40" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<x:c r="A40"><x:v>7</x:v></x:c></x:row>')
    path = hand_written_xlsx(tmp_path / "sent-prefiks.xlsx", HEADER + plain + prefixed, shared=SHARED)
    with zipfile.ZipFile(path) as archive, pytest.raises(sheet_columns.NotPlainSheet):
        sheet_columns.read_columns(archive, "Dataset", [0], first_row=2, last_row=100)
    fast, slow = both_ways(path, ["id"])
    assert fast.equals(slow) and fast.loc[40, "id"] == "7"


def test_many_shared_strings_read_as_openpyxl_reads_them(tmp_path):
    """Respondent ids as shared strings: thousands of distinct values, indices of several digits."""
    ids = [f"<si><t>{text}</t></si>" for text in
           [f"R{n:05d}" for n in range(3000)] + [" 0042 ", "+7", "3,0", "x &amp; y"]]
    rows = HEADER + "".join(f'<row r="{n + 2}"><c r="A{n + 2}" t="s"><v>{len(SHARED) + n}</v></c>'
                            f'<c r="B{n + 2}"><v>{n % 5 + 1}</v></c></row>' for n in range(3004))
    path = hand_written_xlsx(tmp_path / "mange.xlsx", rows, shared=SHARED + ids)
    fast, slow = both_ways(path, ["id", "kkr"])
    assert fast.equals(slow)
    assert fast.loc[2, "id"] == "R00000" and fast["id"].iloc[-4:].tolist() == ["42", "7", "3", "x & y"]


def test_reading_the_header_stops_after_the_first_rows(tmp_path):
    rows = HEADER + "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>1</v></c></row>'
                            for n in range(2, 60_000))
    path = hand_written_xlsx(tmp_path / "stor.xlsx", rows, shared=SHARED)
    read = []
    with zipfile.ZipFile(path) as archive:
        opened = archive.open

        def counting(name, *args, **kwargs):
            stream = opened(name, *args, **kwargs)
            original = stream.read
            stream.read = lambda size=-1: read.append(len(data := original(size))) or data
            return stream

        archive.open = counting
        numbers, columns = sheet_columns.read_columns(archive, "Dataset", [0, 1], first_row=1, last_row=10**6,
                                                      stop_after=1)
    assert numbers.tolist() == [1] and [c.tolist() for c in columns] == [["id"], ["kkr"]]
    assert sum(read) < 300_000 < archive.getinfo("xl/worksheets/ark.xml").file_size


def test_inline_strings_with_line_breaks_between_their_tags_read_as_openpyxl_reads_them(tmp_path):
    """As LibreOffice and Gnumeric write them (calamine's issue_174.xlsx): they read as empty before."""
    rows = HEADER + ('<row r="2">\n  <c r="A2" t="inlineStr">\n    <is>\n      <t>R1</t>\n    </is>\n  </c>\n'
                     '  <c r="B2"><v>2</v></c>\n</row>')
    path = hand_written_xlsx(tmp_path / "indrykket.xlsx", rows, shared=SHARED)
    fast, slow = both_ways(path, ["id", "kkr"])
    assert fast.equals(slow)
    assert fast.loc[2].tolist() == ["R1", "2"]


def test_an_empty_cell_after_the_last_value_stays_empty(tmp_path):
    """<c></c> with no <v> after it in the sheet took the value before it."""
    rows = HEADER + '<row r="2"><c r="A2"><v>5</v></c><c r="B2"></c></row>'
    path = hand_written_xlsx(tmp_path / "tom.xlsx", rows, shared=SHARED)
    fast, slow = both_ways(path, ["id", "kkr"])
    assert fast.equals(slow)
    assert fast.loc[2].tolist() == ["5", ""]


def test_style_and_type_in_either_order_read_as_openpyxl_reads_them(tmp_path):
    """Excel writes s before t; other writers t before s, styles of several digits, a date style."""
    rows = HEADER + (
        '<row r="2"><c r="A2" s="0" t="s"><v>0</v></c><c r="B2" t="s" s="0"><v>1</v></c>'
        '<c r="C2" s="1" t="n"><v>45691</v></c><c r="D2" s="10"><v>7</v></c></row>'
        '<row r="3"><c r="A3" t="n" s="1"><v>45692</v></c><c r="B3" s="0" t="str"><v>x</v></c>'
        '<c r="C3" s="1"/><c r="D3" s="0" t="inlineStr"><is><t>y</t></is></c></row>')
    path = hand_written_xlsx(tmp_path / "orden.xlsx", rows, shared=SHARED)
    fast, slow = both_ways(path, ["id", "kkr", "q1", "note"])
    assert fast.equals(slow)
    assert fast.loc[2].tolist() == ["id", "kkr", "3. februar 2025", "7"]
    assert fast.loc[3].tolist() == ["4. februar 2025", "x", "", "y"]
