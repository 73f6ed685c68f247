"""The survey's own rules, the rows that break them, and what is done with each such row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd


class Rule(StrEnum):
    TOO_MANY_CHOICES = "too-many-choices"
    SCALE_OUT_OF_RANGE = "scale-out-of-range"
    UNKNOWN_GROUP = "unknown-group"
    UNKNOWN_ROLE = "unknown-role"
    UNKNOWN_CHOICE_CODE = "unknown-choice-code"
    UNKNOWN_STATUS = "unknown-status"


RULE_NAMES = {
    Rule.TOO_MANY_CHOICES: "For mange krydser",
    Rule.SCALE_OUT_OF_RANGE: "Uden for skalaen",
    Rule.UNKNOWN_GROUP: "Ukendt KKR",
    Rule.UNKNOWN_ROLE: "Ukendt rolle",
    Rule.UNKNOWN_CHOICE_CODE: "Ukendt afkrydsningskode",
    Rule.UNKNOWN_STATUS: "Ukendt status",
}

# What kkrdesk does with a row that breaks each rule (docs/survey-format.md says the same).
HANDLING = {
    Rule.TOO_MANY_CHOICES: "Rækkens svar på dette spørgsmål tælles ikke med.",
    Rule.SCALE_OUT_OF_RANGE: "Værdien tælles ikke med i udsagnets tal.",
    Rule.UNKNOWN_GROUP: "Rækken tæller med i de samlede tal, men ikke under noget KKR.",
    Rule.UNKNOWN_ROLE: "Rækken tæller med i de samlede tal, men ikke under nogen rolle.",
    Rule.UNKNOWN_CHOICE_CODE: "Cellen regnes som ikke markeret.",
    Rule.UNKNOWN_STATUS: "Rækken regnes ikke som en besvarelse.",
}


@dataclass(frozen=True)
class RowProblem:
    """One Dataset row that breaks a rule: where it is, which rule, and what was done."""

    row: int                 # the row number in Dataset as a spreadsheet shows it (header = 1)
    respondent: str
    rule: Rule
    question: str
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {"row": self.row, "respondent": self.respondent, "rule": str(self.rule),
                "question": self.question, "detail": self.detail}


def _problems(rows: pd.Index, ids: pd.Series, rule: Rule, question: str, details: Iterable[str]) -> list[RowProblem]:
    handling = HANDLING[rule]
    respondents = ids.reindex(rows).astype(object).where(lambda found: found.notna(), "").tolist()
    return [RowProblem(row=int(row), respondent=str(respondent), rule=rule, question=question,
                       detail=f"{detail} {handling}") for row, respondent, detail in zip(rows, respondents, details)]


def limit_choices(ticks: pd.DataFrame, max_choices: int | None, *, question: str, label: str,
                  ids: pd.Series) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Drop the whole answer of rows that ticked more than ``max_choices`` options."""
    if max_choices is None:
        return ticks, []
    counts = ticks.sum(axis=1)
    offending = counts[counts > max_choices]
    if offending.empty:
        return ticks, []
    kept = ticks.copy()
    kept.loc[offending.index, :] = False
    details = (f"{int(n)} markeringer i »{label}«, hvor højst {max_choices} er tilladt." for n in offending)
    return kept, _problems(offending.index, ids, Rule.TOO_MANY_CHOICES, question, details)


def decode_ticks(codes: pd.DataFrame, options: tuple[str, ...], *, question: str,
                 ids: pd.Series) -> tuple[pd.DataFrame, list[RowProblem]]:
    """SurveyXact's one 0/1 column per option as booleans; any other code counts as not ticked."""
    ticked = codes == "1"
    odd = ~pd.DataFrame({name: _isin(codes[name], ["", "0", "1"]) for name in codes.columns}, index=codes.index)
    problems: list[RowProblem] = []
    if odd.to_numpy().any():
        rows = odd.index[odd.any(axis=1)]
        details = []
        for row in rows:
            cells = ", ".join(f"{variable} = {codes.at[row, variable]!s}"
                              for variable in codes.columns[odd.loc[row].to_numpy()])
            details.append(f"Ukendt kode i et afkrydsningsfelt ({cells}); kun 0 og 1 bruges.")
        problems = _problems(rows, ids, Rule.UNKNOWN_CHOICE_CODE, question, details)
    result = pd.DataFrame(ticked.to_numpy(), index=codes.index, columns=list(options))
    return result, problems


def decode_scale(codes: pd.Series, *, scale_min: int, scale_max: int, dont_know_codes: set[str],
                 question: str, label: str, ids: pd.Series) -> tuple[pd.Series, pd.Series, list[RowProblem]]:
    """Scale codes as numbers (NaN = no valid answer) and a mask of "Ved ikke"-type answers."""
    dont_know = _isin(codes, sorted(dont_know_codes))
    numbers = _as_numbers(codes).where(~dont_know & (codes != ""))
    valid = numbers.between(scale_min, scale_max) & (numbers == np.floor(numbers))
    bad = (codes != "") & ~dont_know & ~valid
    values = numbers.where(valid).astype("float64")
    problems: list[RowProblem] = []
    if bad.any():
        rows = codes.index[bad]
        details = (f"Værdien {code} i »{label}« ligger uden for "
                   f"skalaen {scale_min}-{scale_max}." for code in codes[bad].astype(object).tolist())
        problems = _problems(rows, ids, Rule.SCALE_OUT_OF_RANGE, question, details)
    return values, dont_know, problems


def _isin(codes: pd.Series, values: list[str]) -> pd.Series:
    """``codes.isin(values)``, decided once per category of a categorical column."""
    if isinstance(codes.dtype, pd.CategoricalDtype):
        hit = np.append(codes.cat.categories.isin(values), False)          # code -1 (missing) -> False
        return pd.Series(hit[codes.cat.codes.to_numpy()], index=codes.index, name=codes.name)
    return codes.isin(values)


def _as_numbers(codes: pd.Series) -> pd.Series:
    """Codes as floats (NaN where a code is no number), converting each distinct code once."""
    if isinstance(codes.dtype, pd.CategoricalDtype):
        by_category = pd.to_numeric(pd.Series(codes.cat.categories, dtype=object), errors="coerce")
        lookup = np.append(by_category.to_numpy(dtype="float64", na_value=np.nan), np.nan)
        return pd.Series(lookup[codes.cat.codes.to_numpy()], index=codes.index)   # code -1 (missing) -> NaN
    return pd.to_numeric(codes, errors="coerce").astype("float64")


def decode_category(codes: pd.Series, labels: dict[str, str], *, rule: Rule, question: str,
                    what: str, ids: pd.Series) -> tuple[pd.Series, list[RowProblem]]:
    """Single-choice codes as their labels; blank or unlabelled codes become missing and are reported."""
    decoded = codes.map(labels)
    unknown = decoded.isna()
    problems: list[RowProblem] = []
    if unknown.any():
        rows = codes.index[unknown]
        details = (f"Ingen værdi for {what}." if code == "" else
                   f"Koden {code} findes ikke blandt svarmulighederne for {what} i Labels."
                   for code in codes[unknown].astype(object).tolist())
        problems = _problems(rows, ids, rule, question, details)
    return decoded, problems
