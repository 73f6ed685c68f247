"""A first mapping for an export that has none: its closed questions, a guess at their roles, and the TOML."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tomli_w

from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.export_reader import SurveyExport
from kkrdesk.core.survey.questions import QuestionIndex
from kkrdesk.core.survey.text import canonical_code, contains_phrase

DONT_KNOW = ("Ved ikke", "Vet ikke", "Ikke relevant", "Kan ikke svare", "Ønsker ikke at svare")
ANSWERED = ("Gennemført", "Delvist besvaret", "Gjennomført", "Noen svar")
MAX_KEYWORD_QUESTIONS = 2
MIN_KEYWORD_OPTIONS = 4


@dataclass(frozen=True)
class QuestionChoice:
    """A closed question as the mapping editor lists it."""

    name: str
    text: str
    multiple: bool
    labels: tuple[str, ...]          # a single-choice question's answer labels; a multiple's options
    codes: tuple[int, ...] = ()      # a single-choice question's whole-number codes, not "Ved ikke"

    def describe(self) -> str:
        """``q3_1: Hvor enig er du? - …`` for lists and combo boxes."""
        return f"{self.name}: {self.text}" if self.text else self.name


@dataclass
class MappingDraft:
    """What the user confirms or changes before the mapping is written."""

    title: str
    group: str | None = None
    role: str | None = None
    status: str | None = None
    answered: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    statements: list[str] = field(default_factory=list)


def closed_questions(export: SurveyExport) -> list[QuestionChoice]:
    """Every closed (single- or multiple-choice) question, in the questionnaire's order."""
    index = QuestionIndex(export.structure)
    seen: list[str] = []
    for row in export.structure:
        if row.question_type.casefold() == "closed" and row.question_name not in seen:
            seen.append(row.question_name)
    result = []
    for name in seen:
        question = index.find(name)
        if question.is_multiple:
            result.append(QuestionChoice(name, question.text, True, question.choices))
            continue
        labels = export.labels.get(question.variables[0], {})
        codes = tuple(sorted(int(code) for code, label in labels.items()
                             if re.fullmatch(r"-?\d+", canonical_code(code))
                             and not contains_phrase(label, DONT_KNOW)))
        result.append(QuestionChoice(name, question.text, False, tuple(labels.values()), codes))
    return result


def suggest(export: SurveyExport, questions: list[QuestionChoice]) -> MappingDraft:
    """A guess at each role from names and answer labels; the user checks it in the editor."""
    singles = [q for q in questions if not q.multiple]
    draft = MappingDraft(title=export.source.stem.replace("_", " ").strip())
    draft.group = _first(singles, lambda q: sum("kkr" in label.casefold() for label in q.labels) >= 2) \
        or _first(singles, lambda q: "kkr" in f"{q.name} {q.text}".casefold())
    draft.role = _first(singles, lambda q: any("borgmester" in label.casefold() for label in q.labels))
    # SurveyXact's status question is single-choice in some exports, multiple-choice in others
    draft.status = _first(questions, lambda q: any(contains_phrase(label, ANSWERED) for label in q.labels))
    if draft.status is not None:
        status = next(q for q in questions if q.name == draft.status)
        draft.answered = [label for label in status.labels if contains_phrase(label, ANSWERED)]
    taken = {draft.group, draft.role, draft.status}
    draft.keywords = [q.name for q in questions if q.multiple and q.name not in taken
                      and len(q.labels) >= MIN_KEYWORD_OPTIONS][:MAX_KEYWORD_QUESTIONS]
    draft.statements = [q.name for q in singles if q.name not in taken and " - " in q.text
                        and len(q.codes) >= 2]
    return draft


def mapping_text(draft: MappingDraft, questions: list[QuestionChoice]) -> str:
    """The mapping file for ``draft``, in the format docs/survey-format.md describes."""
    if not draft.group:
        raise KkrError("opsætningen mangler spørgsmålet, der fortæller, hvilket KKR en besvarelse "
                       "kommer fra.", hint="Vælg KKR-spørgsmålet i listen.")
    by_name = {q.name: q for q in questions}
    data: dict[str, Any] = {"format": 1, "title": draft.title or "Undersøgelse"}
    if draft.status:
        data["status"] = {"question": draft.status, "answered": list(draft.answered)}
    data["group"] = {"question": draft.group, "name": "KKR"}
    if draft.role:
        data["role"] = {"question": draft.role, "name": "Rolle"}
    keywords: dict[str, dict[str, str | int]] = {}
    for number, name in enumerate(draft.keywords, start=1):
        label = by_name[name].text.partition(" - ")[0].strip() if name in by_name else name
        keywords[f"spoergsmaal_{number}"] = {"question": name, "label": label[:60] or name}
        limit = most_choices(by_name[name].text) if name in by_name else None
        if limit is not None:
            keywords[f"spoergsmaal_{number}"]["max_choices"] = limit
    if keywords:
        data["keywords"] = keywords
    codes = [c for name in draft.statements for c in by_name.get(name, QuestionChoice(name, "", False, ())).codes]
    if codes:
        data["scale"] = {"min": min(codes), "max": max(codes), "dont_know": list(DONT_KNOW)}
    if draft.statements:
        data["statements"] = [{"question": name} for name in draft.statements]
    header = ("# Opsætning af undersøgelsen til kkrdesk, lavet i opsætningsvinduet "
              "(formatet er beskrevet i docs/survey-format.md).\n")
    return header + tomli_w.dumps(data)


_NUMBER_WORDS = {"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10}
_AT_MOST = re.compile(r"\b(?:højst|maks(?:imalt)?\.?|op til|inntil|maksimum)\s+(\d+|"
                      + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


def most_choices(text: str) -> int | None:
    """The limit a question text states ("Vælg højst 5 ord", "maks. tre"), if any."""
    match = _AT_MOST.search(text)
    if match is None:
        return None
    word = match.group(1).casefold()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _first(questions: list[QuestionChoice], test: Callable[[QuestionChoice], bool]) -> str | None:
    return next((q.name for q in questions if test(q)), None)
