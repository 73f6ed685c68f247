"""SurveyXact's Structure as questions: find one by questionName (or variableName) with its variables."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from kkrdesk.core.survey.export_reader import StructureRow


@dataclass(frozen=True)
class Question:
    """One question of the questionnaire: its type, text and the Dataset variables holding it."""

    name: str
    question_type: str            # "Closed" or "Open"
    sub_type: str                 # "Single", "Multiple", "String", ...
    text: str
    variables: tuple[str, ...]
    choices: tuple[str, ...]      # a multiple-choice question's option texts, one per variable

    @property
    def is_multiple(self) -> bool:
        return self.sub_type.casefold() == "multiple"

    @property
    def item_text(self) -> str:
        """The item of a battery ("stem - item" in SurveyXact), or the whole text."""
        _stem, separator, item = self.text.partition(" - ")
        return item.strip() if separator and item.strip() else self.text


class QuestionNotFound(LookupError):
    """No question or variable of that name; ``suggestions`` holds similar names."""

    def __init__(self, name: str, suggestions: list[str]):
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions


class QuestionIndex:
    """All questions of an export by questionName, keeping the questionnaire's order."""

    def __init__(self, structure: tuple[StructureRow, ...]):
        self._rows: dict[str, list[StructureRow]] = {}
        self._by_variable: dict[str, StructureRow] = {}
        for row in structure:
            self._rows.setdefault(row.question_name, []).append(row)
            self._by_variable.setdefault(row.variable_name, row)

    def find(self, name: str) -> Question:
        """The question called ``name``; a variableName is accepted where no question has the name."""
        rows = self._rows.get(name)
        if rows is None and name in self._by_variable:
            rows = [self._by_variable[name]]
        if rows is None:
            known = list(self._rows) + [v for v in self._by_variable if v not in self._rows]
            raise QuestionNotFound(name, difflib.get_close_matches(name, known, n=3, cutoff=0.6))
        first = rows[0]
        multiple = first.sub_type.casefold() == "multiple"
        if not multiple and len(rows) > 1:
            # Some exports reuse a questionName for an unrelated variable; the variable of the
            # same name is the question's own.
            own = [row for row in rows if row.variable_name == name]
            rows = own or rows
        return Question(name=name, question_type=first.question_type, sub_type=first.sub_type,
                        text=first.question_text, variables=tuple(r.variable_name for r in rows),
                        choices=tuple(_unique(r.choice_text or r.variable_name for r in rows))
                        if multiple else ())


def _unique(texts: Iterable[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for text in texts:
        count = seen.get(text, 0)
        seen[text] = count + 1
        result.append(text if count == 0 else f"{text} ({count + 1})")
    return result
