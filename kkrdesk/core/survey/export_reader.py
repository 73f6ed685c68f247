"""Opening a SurveyXact export (one XLSX or three CSV files) as Structure, Labels and Dataset."""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import pandas as pd

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError, KkrError
from kkrdesk.core.files.bad_file import means_bad_file
from kkrdesk.core.files.boundary import Use, admit, reading
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import (
    SURVEY_MAX_LABEL_ROWS,
    SURVEY_MAX_RESPONDENTS,
    SURVEY_MAX_STRUCTURE_ROWS,
    SURVEY_MAX_VARIABLES,
)
from kkrdesk.core.survey import csv_tables, sheet_columns, xlsx_tables
from kkrdesk.core.survey.text import canonical_categorical, canonical_code, canonical_codes, clean_text, danish_list

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

log = logging.getLogger(__name__)

STRUCTURE_COLUMNS = ("questionName", "variableName", "questionType", "subType", "questionText",
                     "choiceValue", "choiceText")
ROLES = ("dataset", "labels", "structure")
_T = TypeVar("_T")
_ROLE_NAME = re.compile(r"^(?P<prefix>.*?)(?P<role>dataset|labels|structure)$", re.IGNORECASE)

_HOW_TO_EXPORT = ("Eksportér undersøgelsen fra SurveyXact med datasæt, labels og struktur, enten "
                  "som ét Excel-ark eller som tre CSV-filer.")


@dataclass(frozen=True)
class StructureRow:
    """One line of SurveyXact's Structure table (one variable of one question)."""

    question_name: str
    variable_name: str
    question_type: str
    sub_type: str
    question_text: str
    choice_value: str
    choice_text: str


@dataclass
class SurveyExport:
    """An opened export: its Structure and Labels in full, its Dataset read column by column."""

    source: Path
    layout: str
    files: tuple[Path, ...]
    structure: tuple[StructureRow, ...]
    labels: dict[str, dict[str, str]]          # variable -> code -> label
    variables: tuple[str, ...]                 # the Dataset's header, in order
    _dataset_csv: csv_tables.CsvText | None = field(default=None, repr=False)
    _workbook: Workbook | None = field(default=None, repr=False)   # an XLSX kept open (open_export)
    _dataset_sheet: str = field(default="Dataset", repr=False)    # its title in an XLSX
    _closing: ExitStack | None = field(default=None, repr=False)

    def close(self) -> None:
        """Let go of a workbook kept open; reading the Dataset afterwards opens it again."""
        if self._closing is not None:
            self._closing.close()
        self._workbook = self._closing = None

    def __enter__(self) -> SurveyExport:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def read_dataset(self, columns: Sequence[str]) -> pd.DataFrame:
        """The named Dataset columns as canonical code text ("" = missing), indexed by the row
        number the user sees (the header is row 1). Rows blank in every named column are dropped.
        """
        missing = [c for c in columns if c not in self.variables]
        if missing:
            raise BadFileError(f"Dataset mangler variablen {', '.join(missing)}.", reason="not-survey",
                               file=self.files[0], hint=_HOW_TO_EXPORT)
        if self._dataset_csv is not None:
            frame = csv_tables.read_dataset_columns(self._dataset_csv, list(columns), SURVEY_MAX_RESPONDENTS)
            if len(frame) > SURVEY_MAX_RESPONDENTS:
                raise BadFileError(f"Dataset har mere end {danish.format_int(SURVEY_MAX_RESPONDENTS)} "
                                   "besvarelser; det kan kkrdesk ikke vise.", reason="too-large",
                                   file=self._dataset_csv.path, hint="Del eksporten op.")
            blank = pd.Series("", index=frame.index, dtype=object)   # a column the file lacks reads as blank
            present = set(frame.columns)
            frame = pd.DataFrame({column: canonical_codes(frame[column] if column in present else blank)
                                  for column in columns}, index=frame.index)
        else:
            frame = _xlsx_dataset(self.source, self._dataset_sheet, self.variables, list(columns),
                                  self._workbook)
        return frame[(frame != "").any(axis=1)] if len(frame.columns) else frame


def open_export(path: Path, *, keep_open: bool = False) -> SurveyExport:
    """Open an export from an XLSX file, one of its three CSV files, or the folder holding them.

    With ``keep_open`` an XLSX stays open for reading the Dataset, until the export is closed
    (use it in a ``with`` block): openpyxl reads every sheet through on opening when the sheets
    do not state their size, which for a big Dataset costs as long as reading it.
    """
    path = Path(path)
    if path.is_dir():
        return _open_csv(_csv_files_in_folder(path), path)
    if admit(path, Use.SURVEY).kind is FileKind.XLSX:
        return _open_xlsx(path, keep_open)
    return _open_csv(_sibling_csv_files(path), path)


def _csv_files_in_folder(folder: Path) -> dict[str, Path]:
    found: dict[str, list[Path]] = {role: [] for role in ROLES}
    for candidate in sorted(folder.iterdir()):
        match = _ROLE_NAME.match(candidate.stem)
        if candidate.suffix.lower() == ".csv" and match:
            found[match.group("role").lower()].append(candidate)
    return _require_three(found, folder)


def _sibling_csv_files(path: Path) -> dict[str, Path]:
    match = _ROLE_NAME.match(path.stem)
    if not match:
        raise BadFileError("kkrdesk kan ikke se, om filen er SurveyXacts dataset-, labels- eller "
                           "structure-fil.", reason="not-survey", file=path,
                           hint="Filnavnene skal ende på dataset.csv, labels.csv og structure.csv "
                           "(fx undersøgelse_dataset.csv), og de tre filer skal ligge i samme mappe.")
    prefix, role = match.group("prefix"), match.group("role")
    found: dict[str, list[Path]] = {r: [] for r in ROLES}
    siblings = {p.name.casefold(): p for p in path.parent.iterdir()}
    for other in ROLES:
        name = f"{prefix}{_same_case(other, role)}{path.suffix}"
        hit = siblings.get(name.casefold())
        if hit is not None:
            found[other].append(hit)
    return _require_three(found, path)


def _same_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word.capitalize()
    return word


def _require_three(found: dict[str, list[Path]], where: Path) -> dict[str, Path]:
    missing = [role for role in ROLES if not found[role]]
    if missing:
        raise BadFileError(f"eksporten er ikke komplet: {danish_list([m + '-filen' for m in missing])} "
                           "mangler.", reason="not-survey", file=where,
                           hint="Læg alle tre CSV-filer fra SurveyXact (dataset, labels og structure) "
                           "i samme mappe, med samme begyndelse på navnet.")
    doubles = [role for role in ROLES if len(found[role]) > 1]
    if doubles:
        raise BadFileError(f"mappen har flere {doubles[0]}-filer ({', '.join(p.name for p in found[doubles[0]])}).",
                           reason="not-survey", file=where,
                           hint="Angiv den ene af filerne i stedet for mappen.")
    return {role: found[role][0] for role in ROLES}


def _open_csv(files: dict[str, Path], source: Path) -> SurveyExport:
    texts = {role: csv_tables.read_csv_text(files[role], role) for role in ROLES}
    structure = _structure(csv_tables.csv_rows(texts["structure"], SURVEY_MAX_STRUCTURE_ROWS),
                           files["structure"])
    labels = _labels(csv_tables.csv_rows(texts["labels"], SURVEY_MAX_LABEL_ROWS))
    variables = _variables(csv_tables.dataset_header(texts["dataset"]), files["dataset"])
    return SurveyExport(source=source, layout=texts["dataset"].description,
                        files=(files["dataset"], files["labels"], files["structure"]),
                        structure=structure, labels=labels, variables=variables,
                        _dataset_csv=texts["dataset"])


def _open_xlsx(path: Path, keep_open: bool) -> SurveyExport:
    """Read the sheets straight from their XML; sheets written in a way that reader leaves alone
    are read through openpyxl (kept open for the Dataset with ``keep_open``)."""
    admit(path, Use.SURVEY)
    try:
        return _through_boundary(path, "Excel-filen",
                                 lambda archive: _export_from(path, _XmlSheets(path, archive)))
    except sheet_columns.NotPlainSheet:
        pass
    with ExitStack() as closing:
        workbook = closing.enter_context(xlsx_tables.open_workbook(path))
        export = _export_from(path, _OpenpyxlSheets(path, workbook))
        if keep_open:
            export._workbook, export._closing = workbook, closing.pop_all()
        return export


def _through_boundary(path: Path, what: str, read: Callable[[zipfile.ZipFile], _T]) -> _T:
    """``read(archive)`` inside the import boundary. The fast reader's own signals pass through;
    anything else it trips over (a workbook laid out in a way it does not know, damage) sends
    the file to openpyxl's path, which reads it or refuses it as before."""
    signal: Exception
    with reading(path, what, _HOW_TO_EXPORT), zipfile.ZipFile(path) as archive:
        try:
            return read(archive)
        except KkrError:
            raise
        except (sheet_columns.SheetTooLarge, sheet_columns.NotPlainSheet) as known:
            signal = known
        except Exception as exc:      # the reference reader decides what it is
            if not means_bad_file(exc):   # the fast reader's own failure: logged, and openpyxl reads it
                log.warning("the fast sheet reader gave up; openpyxl reads the file", exc_info=exc)
            signal = sheet_columns.NotPlainSheet(f"{type(exc).__name__}: {exc}")
    raise signal


class _SheetSource(Protocol):
    """A workbook's sheets as the export reader needs them, whichever reader reads them."""

    def titles(self) -> list[str]: ...

    def first_row(self, title: str) -> list[object]: ...

    def check_rows(self, title: str, max_rows: int) -> None: ...

    def rows(self, title: str, width: int, max_rows: int) -> list[list[object]]: ...


class _XmlSheets:
    """The workbook's sheets read by core/survey/sheet_columns.py."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path, self.archive = path, archive

    def titles(self) -> list[str]:
        return sheet_columns.sheet_titles(self.archive)

    def first_row(self, title: str) -> list[object]:
        rows = self.rows(title, SURVEY_MAX_VARIABLES + 1, sheet_columns.EXCEL_MAX_ROWS, stop_after=1)
        return rows[0] if rows else []

    def check_rows(self, title: str, max_rows: int) -> None:
        claimed = sheet_columns.claimed_rows(self.archive, title)
        if claimed > max_rows:
            raise xlsx_tables.too_many_rows(self.path, title, claimed, max_rows - 1)

    def rows(self, title: str, width: int, max_rows: int, stop_after: int | None = None) -> list[list[object]]:
        try:
            return sheet_columns.read_table(self.archive, title, width, last_row=max_rows,
                                            stop_after=stop_after)
        except sheet_columns.SheetTooLarge as too_large:
            raise xlsx_tables.too_many_rows(self.path, title, too_large.row, max_rows) from None


class _OpenpyxlSheets:
    """The workbook's sheets read by openpyxl's streaming mode."""

    def __init__(self, path: Path, workbook: Workbook) -> None:
        self.path, self.workbook = path, workbook

    def titles(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def first_row(self, title: str) -> list[object]:
        sheet = self.workbook[title]
        with reading(self.path, f"arket {title}", _HOW_TO_EXPORT):
            return list(next(sheet.iter_rows(max_row=1, max_col=SURVEY_MAX_VARIABLES + 1,
                                             values_only=True), ()))

    def check_rows(self, title: str, max_rows: int) -> None:
        claimed = xlsx_tables.claimed_rows(self.workbook[title])
        if claimed > max_rows:
            raise xlsx_tables.too_many_rows(self.path, title, claimed, max_rows - 1)

    def rows(self, title: str, width: int, max_rows: int) -> list[list[object]]:
        return [list(values) for _, values in xlsx_tables.sheet_rows(
            self.path, self.workbook[title], max_rows=max_rows, max_columns=width)]


def _export_from(path: Path, sheets_source: _SheetSource) -> SurveyExport:
    titles = sheets_source.titles()
    sheets = {role: next((t for t in titles if t.strip().casefold() == role), None) for role in ROLES}
    if None in sheets.values():
        guessed = {**sheets, **_sheets_by_content(sheets_source, titles, sheets)}
        if guessed["structure"] is not None:      # no Structure, no export: guess nothing
            sheets = guessed
    missing = [role.capitalize() for role in ROLES if sheets[role] is None]
    if missing:
        names = ", ".join(titles[:6]) or "ingen"
        sheets_word = "arket" if len(missing) == 1 else "arkene"
        raise BadFileError(f"Excel-filen er ikke en SurveyXact-eksport: {sheets_word} "
                           f"{danish_list(missing)} mangler (filen har arkene {names}).",
                           reason="not-survey", file=path, hint=_HOW_TO_EXPORT)
    named = {role: title for role, title in sheets.items() if title is not None}
    structure_rows = sheets_source.rows(named["structure"], len(STRUCTURE_COLUMNS) + 4,
                                        SURVEY_MAX_STRUCTURE_ROWS + 1)
    label_rows = sheets_source.rows(named["labels"], 3, SURVEY_MAX_LABEL_ROWS)
    sheets_source.check_rows(named["dataset"], SURVEY_MAX_RESPONDENTS + 1)   # the header counts too
    header = tuple(sheets_source.first_row(named["dataset"]))
    width = xlsx_tables.header_width(header)
    if width > SURVEY_MAX_VARIABLES:
        raise BadFileError(f"arket Dataset har mere end {danish.format_int(SURVEY_MAX_VARIABLES)} kolonner.",
                           reason="too-large", file=path, hint="Eksportér færre spørgsmål ad gangen.")
    return SurveyExport(source=path, layout="Excel (XLSX)", files=(path,),
                        _dataset_sheet=named["dataset"],
                        structure=_structure(structure_rows, path),
                        labels=_labels(label_rows),
                        variables=_variables([clean_text(v) for v in header[:width]], path))


def _sheets_by_content(sheets_source: _SheetSource, titles: list[str],
                       sheets: dict[str, str | None]) -> dict[str, str | None]:
    """Sheets renamed in Excel ("Ark1", "Data (2)") recognised by their first row: Structure by its
    column names, Labels by variable; code; label, the Dataset by anything else. A role is only
    given to a sheet when exactly one unnamed sheet fits it."""
    taken = {title for title in sheets.values() if title is not None}
    candidates: dict[str, list[str]] = {role: [] for role in ROLES if sheets[role] is None}
    for title in titles:
        if title in taken:
            continue
        role = _role_of_first_row(sheets_source.first_row(title))
        if role in candidates:
            candidates[role].append(title)
    return {role: found[0] for role, found in candidates.items() if len(found) == 1}


def _role_of_first_row(first: list[object]) -> str:
    cells = [clean_text(value) for value in first if value is not None and clean_text(value)]
    if {"questionname", "variablename"} <= {cell.casefold() for cell in cells}:
        return "structure"
    if len(cells) == 3 and len(first) > 1 and canonical_code(first[1]).lstrip("-").isdigit():
        return "labels"
    return "dataset"


def _xlsx_dataset(path: Path, sheet_title: str, variables: tuple[str, ...], columns: list[str],
                  workbook: Workbook | None = None) -> pd.DataFrame:
    """The chosen columns, read straight from the sheet's XML, or through openpyxl where the
    sheet is written in a way the fast reader leaves alone."""
    positions = [variables.index(c) for c in columns]
    try:
        keyed = _through_boundary(path, f"arket {sheet_title}", lambda archive: sheet_columns.read_keyed_columns(
            archive, sheet_title, positions, first_row=2, last_row=SURVEY_MAX_RESPONDENTS + 1))
    except sheet_columns.NotPlainSheet:
        return _xlsx_dataset_openpyxl(path, sheet_title, variables, columns, workbook)
    except sheet_columns.SheetTooLarge as too_large:
        raise xlsx_tables.too_many_rows(path, sheet_title, too_large.row, SURVEY_MAX_RESPONDENTS) from None
    index = pd.Index(keyed.rows, dtype="int64")
    frame = {}
    for name, keys in zip(columns, keyed.keys):
        at, distinct_keys = pd.factorize(keys)     # a handful of keys per column: their values once
        frame[name] = canonical_categorical(at, keyed.values(distinct_keys), index)
    return pd.DataFrame(frame, index=index, columns=columns)


def _xlsx_dataset_openpyxl(path: Path, sheet_title: str, variables: tuple[str, ...], columns: list[str],
                           workbook: Workbook | None = None) -> pd.DataFrame:
    positions = [variables.index(c) for c in columns]
    width = max(positions, default=-1) + 1
    numbers: list[int] = []
    cells: list[list[object]] = [[] for _ in columns]
    with ExitStack() as closing:
        if workbook is None:
            workbook = closing.enter_context(xlsx_tables.open_workbook(path))
        sheet = workbook[sheet_title]
        for number, values in xlsx_tables.sheet_rows(path, sheet, max_rows=SURVEY_MAX_RESPONDENTS,
                                                     max_columns=max(width, 1), first_row=2):
            picked = [values[p] if p < len(values) else None for p in positions]
            if any(value is not None and value != "" for value in picked):
                numbers.append(number)
                for column, value in zip(cells, picked):
                    column.append(value)
    index = pd.Index(numbers, dtype="int64")
    return pd.DataFrame({name: canonical_codes(pd.Series(values, index=index, dtype=object))
                         for name, values in zip(columns, cells)}, index=index, columns=columns)


def _variables(header: list[str], path: Path) -> tuple[str, ...]:
    names = list(header)
    while names and not names[-1]:
        names.pop()
    if not names or not any(names):
        raise BadFileError("Dataset har ingen overskriftsrække med variabelnavne.", reason="not-survey",
                           file=path, hint=_HOW_TO_EXPORT)
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise BadFileError(f"Dataset har variablen {name} to gange.", reason="not-survey",
                               file=path, hint=_HOW_TO_EXPORT)
        seen.add(name)
    return tuple(names)


def _structure(rows: Sequence[Sequence[object]], path: Path) -> tuple[StructureRow, ...]:
    if not rows:
        raise BadFileError("Structure er tom.", reason="not-survey", file=path, hint=_HOW_TO_EXPORT)
    header = [clean_text(v).casefold() for v in rows[0]]
    wanted = [name.casefold() for name in STRUCTURE_COLUMNS]
    missing = [name for name, key in zip(STRUCTURE_COLUMNS, wanted) if key not in header]
    if missing:
        raise BadFileError(f"filen er ikke SurveyXacts Structure: kolonnen {', '.join(missing)} mangler.",
                           reason="not-survey", file=path, hint=_HOW_TO_EXPORT)
    positions = [header.index(key) for key in wanted]
    result = []
    for row in rows[1:]:
        values = [clean_text(row[p]) if p < len(row) else "" for p in positions]
        if not values[1]:
            continue
        values[5] = canonical_code(values[5])
        result.append(StructureRow(*values))
    if len(result) > SURVEY_MAX_STRUCTURE_ROWS:
        raise BadFileError("Structure har for mange linjer.", reason="too-large", file=path,
                           hint=_HOW_TO_EXPORT)
    return tuple(result)


def _labels(rows: Sequence[Sequence[object]]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for row in rows:
        if len(row) < 3:
            continue
        variable = clean_text(row[0])
        if variable:
            labels.setdefault(variable, {})[canonical_code(row[1])] = clean_text(row[2])
    return labels
