"""A survey export as large as survey-format.md promises is admitted; other uses keep the office limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit
from kkrdesk.core.files.limits import OFFICE_ARCHIVE, SURVEY_ARCHIVE

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
    '+xml"/></Types>')


def _big_dataset_xlsx(path: Path, sheet_bytes: int) -> Path:
    """An XLSX whose Dataset worksheet part is at least ``sheet_bytes`` long, written row by row."""
    row = "".join(f'<c r="{col}{{n}}"><v>{i % 5 + 1}</v></c>' for i, col in enumerate("ABCDEFGHIJ"))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", f'<workbook {_NS}><sheets><sheet name="Dataset" sheetId="1"/>'
                                            "</sheets></workbook>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f"<worksheet {_NS}><sheetData>".encode())
            written, number = 0, 1
            while written < sheet_bytes:
                block = "".join(f'<row r="{n}">{row.format(n=n)}</row>'
                                for n in range(number, number + 10_000)).encode()
                part.write(block)
                written += len(block)
                number += 10_000
            part.write(b"</sheetData></worksheet>")
    return path


@pytest.mark.slow
def test_a_dataset_sheet_larger_than_any_other_office_part_is_admitted_as_a_survey(tmp_path):
    export = _big_dataset_xlsx(tmp_path / "stor.xlsx", OFFICE_ARCHIVE.max_entry_bytes + 1024 * 1024)
    assert admit(export, Use.SURVEY).size == export.stat().st_size
    with pytest.raises(BadFileError) as caught:
        admit(export, Use.BILAG)
    assert caught.value.reason == "too-large"


def test_the_survey_limits_cover_the_documented_500000_respondents():
    # a Dataset cell is about 25 bytes of XML; 500,000 rows of 250 variables must fit
    assert SURVEY_ARCHIVE.max_worksheet_bytes >= 500_000 * 250 * 25
    assert SURVEY_ARCHIVE.max_entry_bytes == OFFICE_ARCHIVE.max_entry_bytes
