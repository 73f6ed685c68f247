"""The XLSX layout of a SurveyXact export: a guarded ZIP, read-only sheets and bounded reading."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError, KkrError

MAX_ZIP_ENTRIES = 1_000
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200          # checked for parts over 1 MB; real sheets compress 5-30x
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)

_REFETCH = "Eksportér undersøgelsen igen fra SurveyXact."


def check_package(path: Path) -> None:
    """Refuse ZIP packages built to exhaust memory or to smuggle DTDs into the XML parser.

    Python 3.11.7 lacks the fix for overlapping-entry ZIP bombs (CVE-2024-0450), and openpyxl
    trusts part sizes, so limits are enforced here before openpyxl sees the file.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                raise _hostile(path, f"pakken har {danish.format_int(len(infos))} dele")
            total = sum(info.file_size for info in infos)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _hostile(path, f"pakken fylder {danish.format_size(total)} udpakket")
            spans = sorted((info.header_offset, info.header_offset + info.compress_size) for info in infos)
            for (_, end), (next_start, _) in zip(spans, spans[1:]):
                if end > next_start:
                    raise _hostile(path, "pakkens dele overlapper hinanden")
            for info in infos:
                if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
                    raise _hostile(path, f"delen {info.filename} er pakket usædvanligt tæt")
                if info.filename.endswith((".xml", ".rels")):
                    with archive.open(info) as part:
                        if _DOCTYPE.search(part.read(8192)):
                            raise _hostile(path, f"delen {info.filename} indeholder en DTD")
    except zipfile.BadZipFile:
        raise BadFileError("filen er ikke en gyldig Excel-fil (ZIP-pakken er ødelagt eller afkortet).",
                           reason="damaged", file=path, hint=_REFETCH) from None
    except (OSError, RuntimeError, NotImplementedError, ValueError, EOFError) as exc:
        raise BadFileError(f"Excel-filen kan ikke læses ({exc}).", reason="damaged", file=path,
                           hint=_REFETCH) from None


def _hostile(path: Path, what: str) -> BadFileError:
    return BadFileError(f"Excel-filen afvises: {what}.", reason="hostile", file=path,
                        hint="Filen er ødelagt eller lavet til at skade; bed afsenderen om en ny eksport.")


@contextmanager
def open_workbook(path: Path) -> Iterator:
    """The workbook read-only (openpyxl's streaming mode), closed again on leaving the block."""
    check_package(path)
    import openpyxl  # imported here: only XLSX exports need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except KkrError:
        raise
    except Exception as exc:  # openpyxl raises a dozen types on broken packages
        raise BadFileError(f"Excel-filen kan ikke åbnes ({type(exc).__name__}: {exc}).",
                           reason="damaged", file=path, hint=_REFETCH) from None
    try:
        yield workbook
    finally:
        workbook.close()


def find_sheet(workbook, name: str):
    """The sheet called ``name`` (any case), or None."""
    for title in workbook.sheetnames:
        if title.strip().casefold() == name.casefold():
            return workbook[title]
    return None


def claimed_rows(sheet) -> int:
    """The number of rows the sheet's dimension says it has (not to be trusted, only checked)."""
    try:
        return int(sheet.max_row or 0)
    except (TypeError, ValueError):
        return 0


def sheet_rows(path: Path, sheet, *, max_rows: int, max_columns: int,
               first_row: int = 1) -> Iterator[tuple[int, tuple]]:
    """(row number, values) for each row from ``first_row``, never more than ``max_rows`` rows
    nor ``max_columns`` columns; raise BadFileError if the sheet holds data beyond ``max_rows``.

    The bound is passed to openpyxl explicitly: its own default is the dimension the sheet
    claims, which can be far too large (1,048,576 rows) or too small (rows silently dropped).
    """
    claimed = claimed_rows(sheet)
    last = first_row + max_rows - 1
    if claimed > last:
        raise _too_many_rows(path, sheet.title, claimed, max_rows)
    try:
        rows = sheet.iter_rows(min_row=first_row, max_row=last + 1, max_col=max_columns,
                               values_only=True)
        for number, values in enumerate(rows, start=first_row):
            if number > last:
                if any(value is not None and str(value).strip() for value in values):
                    raise _too_many_rows(path, sheet.title, number, max_rows)
                return
            yield number, values
    except KkrError:
        raise
    except Exception as exc:
        raise BadFileError(f"arket {sheet.title} kan ikke læses ({type(exc).__name__}: {exc}).",
                           reason="damaged", file=path, hint=_REFETCH) from None


def _too_many_rows(path: Path, title: str, rows: int, max_rows: int) -> BadFileError:
    return BadFileError(f"arket {title} har {danish.format_int(rows)} rækker; kkrdesk læser højst "
                        f"{danish.format_int(max_rows)}.", reason="too-large", file=path,
                        hint="Slet tomme eller overflødige rækker under dataene, eller eksportér "
                        "undersøgelsen igen fra SurveyXact.")


def header_width(values: tuple) -> int:
    """How many columns a header row really has: up to its last non-empty cell."""
    width = 0
    for index, value in enumerate(values, start=1):
        if value is not None and str(value).strip():
            width = index
    return width
