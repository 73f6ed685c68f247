"""Reading XLSX and CSV bilag as capped tables of text, for the reader's table view and the search index."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import check_cell, reading
from kkrdesk.core.files.encodings import decode_text_file
from kkrdesk.core.files.limits import (
    READER_MAX_COLUMNS,
    READER_MAX_CSV_BYTES,
    READER_MAX_ROWS,
    READER_MAX_SHEET_CHARS,
    READER_MAX_SHEETS,
)

HINT_SAVE_AGAIN = "Åbn filen i Excel, gem den igen, og tilføj den nye fil."


@dataclass
class Sheet:
    """One table: a worksheet of an XLSX, or a whole CSV file."""

    name: str
    rows: list[list[str]] = field(default_factory=list)
    truncated: bool = False

    def text(self) -> str:
        return "\n".join("\t".join(cell for cell in row if cell) for row in self.rows).strip()


def read_sheets(path: Path, kind: str) -> list[Sheet]:
    """The tables of an admitted XLSX or CSV file, capped at READER_MAX_ROWS × READER_MAX_COLUMNS per sheet."""
    path = Path(path)
    if kind == "xlsx":
        return _read_xlsx(path)
    if kind == "csv":
        return [_read_csv(path)]
    raise BadFileError("filen er ikke et regneark eller en CSV-fil.", reason="unsupported", file=path,
                       hint="Vælg en .xlsx- eller .csv-fil.")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return danish.format_exact(value)
    if hasattr(value, "strftime"):
        at_midnight = (getattr(value, "hour", 0), getattr(value, "minute", 0)) == (0, 0)   # a date has no hour
        stamp: str = value.strftime("%d.%m.%Y" if at_midnight else "%d.%m.%Y %H.%M")
        return stamp
    return str(value)


def _read_xlsx(path: Path) -> list[Sheet]:
    import openpyxl

    sheets = []
    with reading(path, "regnearket", HINT_SAVE_AGAIN):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for worksheet in workbook.worksheets[:READER_MAX_SHEETS]:
                sheet = Sheet(name=worksheet.title)
                characters = 0
                for row in worksheet.iter_rows(max_row=READER_MAX_ROWS + 1,
                                               max_col=READER_MAX_COLUMNS, values_only=True):
                    if len(sheet.rows) == READER_MAX_ROWS or characters > READER_MAX_SHEET_CHARS:
                        sheet.truncated = True
                        break
                    for value in row:
                        check_cell(value, path, "regnearket")
                    cells = [_cell_text(value) for value in row]
                    characters += sum(map(len, cells))
                    sheet.rows.append(cells)
                _trim(sheet)
                sheets.append(sheet)
        finally:
            workbook.close()
    return sheets


def _trim(sheet: Sheet) -> None:
    """Drop the empty rows and columns a worksheet's used range often carries at its end."""
    while sheet.rows and not any(sheet.rows[-1]):
        sheet.rows.pop()
    width = max((max((i + 1 for i, cell in enumerate(row) if cell), default=0)
                 for row in sheet.rows), default=0)
    sheet.rows = [row[:width] for row in sheet.rows]


def _read_csv(path: Path) -> Sheet:
    size = path.stat().st_size
    if size > READER_MAX_CSV_BYTES:
        raise BadFileError(f"CSV-filen fylder {size // 1_048_576} MB; kkrdesk viser højst "
                           f"{READER_MAX_CSV_BYTES // 1_048_576} MB.", reason="too-large", file=path,
                           hint="Del filen op.")
    text = decode_text_file(path.read_bytes())
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    delimiter = max((";", "\t", ","), key=lambda sep: sum(line.count(sep) for line in sample))
    sheet = Sheet(name=path.stem)
    with reading(path, "CSV-filen", HINT_SAVE_AGAIN):
        characters = 0
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(sheet.rows) == READER_MAX_ROWS or characters > READER_MAX_SHEET_CHARS:
                sheet.truncated = True
                break
            cells = [cell.strip() for cell in row[:READER_MAX_COLUMNS]]
            characters += sum(map(len, cells))
            sheet.rows.append(cells)
    _trim(sheet)
    return sheet
