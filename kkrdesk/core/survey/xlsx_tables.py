"""The XLSX layout of a SurveyXact export: admitted through the import boundary, read-only sheets and bounded reading."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, check_cell, reading

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet  # read-only sheets at run time; the stubs type them so

_REFETCH = "Eksportér undersøgelsen igen fra SurveyXact."


@contextmanager
def open_workbook(path: Path) -> Iterator[Workbook]:
    """The workbook read-only (openpyxl's streaming mode), closed again on leaving the block.

    The file is admitted first: openpyxl trusts part sizes and Python 3.11.7 lacks the fix for
    overlapping-entry ZIP bombs, so the boundary's archive and DTD checks run before it.
    """
    admit(path, Use.SURVEY)
    import openpyxl  # imported here: only XLSX exports need it

    with reading(path, "Excel-filen", _REFETCH):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        yield workbook
    finally:
        workbook.close()


def find_sheet(workbook: Workbook, name: str) -> Worksheet | None:
    """The sheet called ``name`` (any case), or None."""
    for title in workbook.sheetnames:
        if title.strip().casefold() == name.casefold():
            return workbook[title]
    return None


def claimed_rows(sheet: Worksheet) -> int:
    """The number of rows the sheet's dimension says it has (not to be trusted, only checked)."""
    try:
        return int(sheet.max_row or 0)
    except (TypeError, ValueError):
        return 0


def sheet_rows(path: Path, sheet: Worksheet, *, max_rows: int, max_columns: int,
               first_row: int = 1) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(row number, values) for each row from ``first_row``, never more than ``max_rows`` rows
    nor ``max_columns`` columns; raise BadFileError if the sheet holds data beyond ``max_rows``.

    The bound is passed to openpyxl explicitly: its own default is the dimension the sheet
    claims, which can be far too large (1,048,576 rows) or too small (rows silently dropped).
    """
    claimed = claimed_rows(sheet)
    last = first_row + max_rows - 1
    if claimed > last:
        raise too_many_rows(path, sheet.title, claimed, max_rows)
    with reading(path, f"arket {sheet.title}", _REFETCH):
        rows = sheet.iter_rows(min_row=first_row, max_row=last + 1, max_col=max_columns,
                               values_only=True)
        for number, values in enumerate(rows, start=first_row):
            if number > last:
                if any(value is not None and str(value).strip() for value in values):
                    raise too_many_rows(path, sheet.title, number, max_rows)
                return
            for value in values:
                check_cell(value, path, f"arket {sheet.title}")
            yield number, values


def too_many_rows(path: Path, title: str, rows: int, max_rows: int) -> BadFileError:
    """The refusal of a sheet with data in row ``rows``, past the limit."""
    return BadFileError(f"arket {title} har {danish.format_int(rows)} rækker; kkrdesk læser højst "
                        f"{danish.format_int(max_rows)}.", reason="too-large", file=path,
                        hint="Slet tomme eller overflødige rækker under dataene, eller eksportér "
                        "undersøgelsen igen fra SurveyXact.")


def header_width(values: tuple[object, ...]) -> int:
    """How many columns a header row really has: up to its last non-empty cell."""
    width = 0
    for index, value in enumerate(values, start=1):
        if value is not None and str(value).strip():
            width = index
    return width
