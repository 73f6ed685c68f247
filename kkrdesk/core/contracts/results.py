"""The house's yearly report of achieved values (CSV or XLSX) set against the contract's targets."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kkrdesk.core import danish
from kkrdesk.core.contracts.agreement import Agreement, AgreementTarget, Goal
from kkrdesk.core.contracts.checks import Finding
from kkrdesk.core.contracts.danish_numbers import find_numbers
from kkrdesk.core.contracts.model import Contract, format_value
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, check_cell, reading
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import RESULTS_MAX_COLUMNS, RESULTS_MAX_ROWS

HINT_SAVE_AGAIN = "Åbn det i Excel, gem det igen, og prøv igen."
STATUS_LABELS = {"met": "opfyldt", "not-met": "ikke opfyldt", "not-reported": "ikke afrapporteret"}
COLUMN_NAMES = {
    "goal": ("mål", "maal", "mål nr.", "mål nr", "goal", "nr", "nr."),
    "measure": ("målepunkt", "maalepunkt", "measure", "indikator"),
    "achieved": ("opnået", "opnaaet", "resultat", "achieved", "opnået værdi"),
    "year": ("år", "aar", "year"),
}
_GOAL_NUMBER = re.compile(r"^(?:(?:nationalt\s+)?mål\s*)?(\d{1,2})\b", re.IGNORECASE)
_NOT_REPORTED = re.compile(r"^(?:|-|–|—|n/?a|ikke\s+\w+|afventer.*|mangler|ukendt|\?)$",
                           re.IGNORECASE)


@dataclass(frozen=True)
class ResultRow:
    """One measure of a national goal: what was promised, what was achieved, and the verdict."""

    goal: int
    key: str
    measure: str
    unit: str
    target: float | None
    target_source: str        # "kontrakt", or "rammeaftale" when the contract set none or less
    achieved: float | None
    status: str               # "met", "not-met", "not-reported"
    source: str               # the row of the results file, or ""

    def to_dict(self) -> dict[str, Any]:
        return {"goal": self.goal, "measure": self.measure, "key": self.key, "unit": self.unit,
                "target": _plain(self.target), "target_source": self.target_source,
                "achieved": _plain(self.achieved), "status": self.status,
                "status_da": STATUS_LABELS[self.status], "source": self.source}


@dataclass(frozen=True)
class ReportedValue:
    goal: int
    key: str
    achieved: float | None
    row: int


def read_results(path: Path, agreement: Agreement, year: int | None) -> tuple[list[ReportedValue],
                                                                               list[Finding]]:
    """The achieved values of a results file, and a finding for each row that names no national measure."""
    rows = _read_rows(Path(path))
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {role: next((i for i, name in enumerate(header) if name in names), None)
               for role, names in COLUMN_NAMES.items()}
    if columns["goal"] is None or columns["achieved"] is None:
        raise BadFileError("resultatfilen mangler kolonnerne »mål« og »opnået« i første række.",
                           reason="layout", file=path,
                           hint="Se docs/contracts.md: kolonnerne er mål; målepunkt; opnået "
                                "(og evt. år).")
    values: list[ReportedValue] = []
    findings: list[Finding] = []
    for row_number, row in enumerate(rows[1:], start=2):
        cell = _cell_reader(row)
        if not any(text.strip() for text in row):
            continue
        row_year = _number(cell(columns["year"]))
        if year is not None and row_year is not None and int(row_year) != year:
            continue
        goal = _goal(cell(columns["goal"]), agreement)
        key = _measure_key(goal, cell(columns["measure"])) if goal else None
        if goal is None or key is None:
            findings.append(Finding(
                "result-row-unknown", goal.id if goal else None,
                f"Rækken »{'; '.join(t for t in row if t.strip())}« kan ikke kobles til et "
                "nationalt mål og målepunkt; den er sprunget over.", agreement.reporting_section,
                place=f"resultatfil, række {row_number}"))
            continue
        achieved_text = cell(columns["achieved"]).strip()
        achieved = None if _NOT_REPORTED.match(achieved_text) else _number(achieved_text)
        values.append(ReportedValue(goal=goal.id, key=key, achieved=achieved, row=row_number))
    return values, findings


def compare_results(contract: Contract, agreement: Agreement, reported: list[ReportedValue]
                    ) -> tuple[list[ResultRow], list[Finding]]:
    """Per national measure in force: target (the contract's, else the agreement's), achieved, verdict."""
    year = contract.year.year if contract.year else None
    house_id = contract.parties.house.value if contract.parties.house else None
    rows: list[ResultRow] = []
    findings: list[Finding] = []
    for goal in agreement.goals:
        for key in goal.measure_keys():
            threshold = goal.target_for(key, year)
            if threshold is None:
                continue
            target, source = _target(contract, goal, key, year, threshold, house_id)
            report = next((r for r in reported if r.goal == goal.id and r.key == key), None)
            achieved = report.achieved if report else None
            status = _status(threshold, target, achieved)
            place = f"resultatfil, række {report.row}" if report else ""
            rows.append(ResultRow(goal=goal.id, key=key, measure=threshold.measure,
                                  unit=threshold.unit, target=target, target_source=source,
                                  achieved=achieved, status=status, source=place))
            if status == "not-met":
                findings.append(Finding(
                    "result-not-met", goal.id,
                    f"{goal.label}: »{threshold.measure}« blev "
                    f"{format_value(achieved, threshold.unit)}; målet var "
                    f"{_target_text(threshold, target)}"
                    f"{' (rammeaftalens mindstekrav)' if source == 'rammeaftale' else ''}.",
                    goal.section, place=place,
                    measure=key))
            elif status == "not-reported":
                findings.append(Finding(
                    "result-not-reported", goal.id,
                    f"{goal.label}: resultatfilen har ingen værdi for »{threshold.measure}«.",
                    agreement.reporting_section, place=place or "resultatfil", measure=key))
    return rows, findings


def _target(contract: Contract, goal: Goal, key: str, year: int | None,
            threshold: AgreementTarget, house_id: str | None) -> tuple[float | None, str]:
    """The contract's target, unless the agreement's minimum (which always binds) is higher."""
    found = contract.goals.get(goal.id)
    stated = [t.value for t in found.targets if t.key == key and t.year in (None, year)] if found else []
    national = threshold.minimum_for_house(house_id)
    if stated and (national is None or min(stated) >= national):
        return min(stated), "kontrakt"
    return national, "rammeaftale"


def _status(threshold: AgreementTarget, target: float | None, achieved: float | None) -> str:
    if achieved is None:
        return "not-reported"
    if threshold.kind == "positive" and target is None:
        return "met" if achieved > 0 else "not-met"
    if target is None:
        return "not-reported"
    return "met" if achieved >= target else "not-met"


def _target_text(threshold: AgreementTarget, target: float | None) -> str:
    if threshold.kind == "positive" and target is None:
        return "en mervækst over nul"
    return f"mindst {format_value(target, threshold.unit)}"


def _goal(text: str, agreement: Agreement) -> Goal | None:
    match = _GOAL_NUMBER.match(text.strip())
    return agreement.goal(int(match.group(1))) if match else None


def _measure_key(goal: Goal, text: str) -> str | None:
    keys = goal.measure_keys()
    lowered = text.strip().lower()
    if lowered in keys:
        return lowered
    for target in goal.targets:
        if lowered == target.measure.lower():
            return target.key
    specific = [t.key for t in goal.targets if not t.default and any(w in lowered for w in t.keywords)]
    if specific:
        return specific[0]
    default = next((t.key for t in goal.targets if t.default), None)
    if len(keys) == 1 or (default and (not lowered or any(w in lowered for w in
                                                          goal.first_target(default).keywords))):
        return default or keys[0]
    return None


def _number(text: str) -> float | None:
    found = [m for m in find_numbers(text) if not m.in_words or m.value >= 10]
    return found[0].value if found else None


def _cell_reader(row: list[str]) -> Callable[[int | None], str]:
    def cell(index: int | None) -> str:
        return row[index] if index is not None and index < len(row) else ""
    return cell


def _read_rows(path: Path) -> list[list[str]]:
    kind = admit(path, Use.RESULTS).kind
    rows = _xlsx_rows(path) if kind is FileKind.XLSX else _csv_rows(path)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise BadFileError("resultatfilen har ingen rækker med resultater.", reason="empty",
                           file=path, hint="Første række er overskrifter; derefter én række pr. "
                                           "målepunkt.")
    return rows


def _csv_rows(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise BadFileError("resultatfilens tegnsæt kan ikke læses.", reason="encoding", file=path,
                           hint="Gem filen som CSV (UTF-8).")
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", "\t", ","), key=first_line.count)
    with reading(path, "resultatfilen", "Gem filen igen som CSV."):
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [row[:RESULTS_MAX_COLUMNS] for _, row in zip(range(RESULTS_MAX_ROWS), reader, strict=False)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    import openpyxl

    with reading(path, "regnearket", HINT_SAVE_AGAIN):
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise BadFileError("regnearket har ingen ark, som kkrdesk kan læse.", reason="empty",
                                   file=path, hint=HINT_SAVE_AGAIN)
            rows = []
            for row in workbook.worksheets[0].iter_rows(max_row=RESULTS_MAX_ROWS,
                                                        max_col=RESULTS_MAX_COLUMNS, values_only=True):
                for value in row:
                    check_cell(value, path, "regnearket")
                rows.append(["" if value is None else _cell_text(value) for value in row])
            return rows
        finally:
            workbook.close()


def _cell_text(value: object) -> str:
    if isinstance(value, float):
        return danish.format_exact(value)
    return str(value)


def _plain(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value
