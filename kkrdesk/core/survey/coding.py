"""From an export and its mapping to coded answers: KKR, role, ticked keywords and scale values."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, Problem, Severity
from kkrdesk.core.survey import rules
from kkrdesk.core.survey.export_reader import SurveyExport
from kkrdesk.core.survey.mapping import KeywordSpec, StatementSpec, SurveyMapping
from kkrdesk.core.survey.questions import Question, QuestionIndex, QuestionNotFound
from kkrdesk.core.survey.rules import RowProblem
from kkrdesk.core.survey.text import contains_phrase, text_key


@dataclass
class KeywordAnswers:
    spec: KeywordSpec
    question: Question
    options: tuple[str, ...]
    ticks: pd.DataFrame        # one bool column per option; rows whose answer was dropped are all False


@dataclass
class StatementAnswers:
    spec: StatementSpec
    text: str
    values: pd.Series          # 1..5 as float, NaN where there is no valid answer
    dont_know: pd.Series       # bool


@dataclass
class CodedSurvey:
    """The respondents' answers decoded, with every rule-breaking row already reported."""

    mapping: SurveyMapping
    source: Path
    layout: str
    rows_read: int
    not_answered: int          # rows whose status says they did not answer
    ids: pd.Series             # respondent id per row ("" when the export has none)
    group: pd.Series           # group label per row, NaN when unknown
    role: pd.Series | None
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    keywords: tuple[KeywordAnswers, ...]
    statements: tuple[StatementAnswers, ...]
    problems: list[RowProblem]

    @property
    def respondents(self) -> int:
        return len(self.ids)


class _Resolver:
    """Looks up every question the mapping names and collects all faults before reporting."""

    def __init__(self, export: SurveyExport, mapping: SurveyMapping):
        self.export, self.mapping = export, mapping
        self.index = QuestionIndex(export.structure)
        self.problems: list[Problem] = []

    def fail(self, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(code="survey-mapping-mismatch", severity=Severity.ERROR,
                                     message=message, hint=hint, field=field_name,
                                     file=str(self.mapping.path) if self.mapping.path else None))

    def question(self, name: str, field_name: str) -> Question | None:
        try:
            return self.index.find(name)
        except QuestionNotFound as missing:
            hint = (f"Mente du {', '.join(missing.suggestions)}?" if missing.suggestions else
                    "Brug spørgsmålets questionName fra eksportens Structure.")
            self.fail(field_name, f'spørgsmålet "{name}" findes ikke i eksporten.', hint)
            return None

    def single(self, name: str, field_name: str) -> tuple[Question, str] | None:
        question = self.question(name, field_name)
        if question is None:
            return None
        if question.is_multiple:
            self.fail(field_name, f'"{name}" er et spørgsmål med flere svar; her skal det have ét svar.')
            return None
        if len(question.variables) != 1:
            self.fail(field_name, f'spørgsmålet "{name}" har flere variable '
                      f'({", ".join(question.variables)}).', "Angiv den ønskede variabel i stedet.")
            return None
        return question, question.variables[0]

    def multiple(self, name: str, field_name: str) -> Question | None:
        question = self.question(name, field_name)
        if question is not None and not question.is_multiple:
            self.fail(field_name, f'"{name}" er ikke et spørgsmål med afkrydsning af flere svar.')
            return None
        return question

    def labels(self, variable: str, field_name: str) -> dict[str, str]:
        labels = self.export.labels.get(variable, {})
        if not labels:
            self.fail(field_name, f'Labels har ingen svarmuligheder for variablen "{variable}".',
                      "Eksporten er ufuldstændig; eksportér den igen med labels.")
        return labels


def code_survey(export: SurveyExport, mapping: SurveyMapping) -> CodedSurvey:
    """Decode the mapped questions of every respondent; raise KkrError if the mapping does not fit."""
    resolver = _Resolver(export, mapping)
    group = resolver.single(mapping.group_question, "group.question")
    role = resolver.single(mapping.role_question, "role.question") if mapping.role_question else None
    status = resolver.question(mapping.status_question, "status.question") if mapping.status_question else None
    keywords = [(spec, resolver.multiple(spec.question, f"keywords.{spec.key}.question"))
                for spec in mapping.keywords]
    statements = [(spec, resolver.single(spec.question, f"statements[{number}].question"))
                  for number, spec in enumerate(mapping.statements, start=1)]
    if mapping.respondent_id and mapping.respondent_id not in export.variables:
        resolver.fail("respondent_id", f'Dataset har ingen variabel "{mapping.respondent_id}".')
    group_labels = resolver.labels(group[1], "group.question") if group else {}
    role_labels = resolver.labels(role[1], "role.question") if role else {}
    _raise_if(resolver, export)
    # Past _raise_if every question the mapping names was found.
    assert group is not None
    found_keywords = [(spec, question) for spec, question in keywords if question is not None]
    found_statements = [(spec, found) for spec, found in statements if found is not None]

    columns: list[str] = []
    if mapping.respondent_id:
        columns.append(mapping.respondent_id)
    if status:
        columns += status.variables
    columns.append(group[1])
    if role:
        columns.append(role[1])
    for _, question in found_keywords:
        columns += question.variables
    columns += [found[1] for _, found in found_statements]
    frame = export.read_dataset(list(dict.fromkeys(columns)))
    rows_read = len(frame)
    ids = frame[mapping.respondent_id] if mapping.respondent_id else pd.Series("", index=frame.index)
    problems: list[RowProblem] = []

    if status:
        answered, status_problems = _answered(frame, status, export, mapping, ids)
        problems += status_problems
        frame, ids = frame[answered], ids[answered]
    if frame.empty:
        raise KkrError("undersøgelsen har ingen besvarelser" + (
            f" ({danish.format_int(rows_read)} rækker, men ingen med en status i status.answered)."
            if rows_read else "."), file=export.source,
            hint="Kontrollér, at det er den rigtige eksport, og at SurveyXact har taget svarene med.")

    _check_codes_match(frame[group[1]], group_labels, group[1], export, mapping.group_name)
    group_values, group_problems = rules.decode_category(
        frame[group[1]], group_labels, rule=rules.Rule.UNKNOWN_GROUP, question=group[0].name,
        what=mapping.group_name, ids=ids)
    problems += group_problems
    role_values = None
    if role:
        _check_codes_match(frame[role[1]], role_labels, role[1], export, mapping.role_name.lower())
        role_values, role_problems = rules.decode_category(
            frame[role[1]], role_labels, rule=rules.Rule.UNKNOWN_ROLE, question=role[0].name,
            what=mapping.role_name.lower(), ids=ids)
        problems += role_problems

    groups = _ordered_names(list(mapping.population), group_labels, group_values, mapping, "group")
    role_names_from_population = [r for value in mapping.population.values() if isinstance(value, dict)
                                  for r in value]
    roles: tuple[str, ...] = ()
    if role_values is not None:
        roles = _ordered_names(list(dict.fromkeys(role_names_from_population)), role_labels,
                               role_values, mapping, "role")

    keyword_answers = []
    for spec, question in found_keywords:
        codes = frame[list(question.variables)]
        ticks, tick_problems = rules.decode_ticks(codes, question.choices, question=question.name, ids=ids)
        ticks, limit_problems = rules.limit_choices(ticks, spec.max_choices, question=question.name,
                                                    label=spec.label, ids=ids)
        problems += tick_problems + limit_problems
        keyword_answers.append(KeywordAnswers(spec=spec, question=question, options=question.choices,
                                              ticks=ticks))

    statement_answers = []
    for statement, (asked, variable) in found_statements:
        labels = export.labels.get(variable, {})
        dont_know_codes = {code for code, label in labels.items() if contains_phrase(label, mapping.dont_know)}
        text = statement.text or asked.item_text
        values, dont_know, scale_problems = rules.decode_scale(
            frame[variable], scale_min=mapping.scale_min, scale_max=mapping.scale_max,
            dont_know_codes=dont_know_codes, question=asked.name, label=f"{statement.id} {text}", ids=ids)
        problems += scale_problems
        _check_scale_fits(frame[variable], values, dont_know, variable, export, mapping)
        statement_answers.append(StatementAnswers(spec=statement, text=text, values=values, dont_know=dont_know))

    problems.sort(key=lambda p: (p.row, str(p.rule)))
    return CodedSurvey(mapping=mapping, source=export.source, layout=export.layout,
                       rows_read=rows_read, not_answered=rows_read - len(frame), ids=ids,
                       group=group_values, role=role_values, groups=groups, roles=roles,
                       keywords=tuple(keyword_answers), statements=tuple(statement_answers),
                       problems=problems)


def _raise_if(resolver: _Resolver, export: SurveyExport) -> None:
    if resolver.problems:
        raise KkrError(f"opsætningsfilen passer ikke til eksporten {export.source.name}.",
                       file=resolver.mapping.path, problems=resolver.problems,
                       hint="Ret spørgsmålsnavnene i opsætningsfilen, så de findes i eksportens Structure.")


def _answered(frame: pd.DataFrame, status: Question, export: SurveyExport, mapping: SurveyMapping,
              ids: pd.Series) -> tuple[pd.Series, list[RowProblem]]:
    wanted = {text_key(s) for s in mapping.answered_status}
    if status.is_multiple:
        matching = [v for v, choice in zip(status.variables, status.choices) if text_key(choice) in wanted]
        known = [text_key(c) for c in status.choices]
        _check_statuses(wanted, known, mapping, export)
        return (frame[matching] == "1").any(axis=1) if matching else pd.Series(False, index=frame.index), []
    variable = status.variables[0]
    labels = export.labels.get(variable, {})
    _check_statuses(wanted, [text_key(v) for v in labels.values()], mapping, export)
    codes = frame[variable]
    decoded = codes.map(labels)
    problems: list[RowProblem] = []
    unknown = decoded.isna() & (codes != "")
    if unknown.any():
        _, problems = rules.decode_category(codes[unknown], labels, rule=rules.Rule.UNKNOWN_STATUS,
                                            question=status.name, what="status", ids=ids)
    return decoded.map(lambda label: isinstance(label, str) and text_key(label) in wanted).astype(bool), problems


def _check_statuses(wanted: set[str], known: list[str], mapping: SurveyMapping, export: SurveyExport) -> None:
    unknown = sorted(wanted - set(known))
    if unknown:
        raise KkrError(f"status.answered nævner {', '.join(unknown)}, som ikke er en status i eksporten.",
                       file=mapping.path, hint=f"Statusserne i {export.source.name} er: {', '.join(known)}.")


def _check_codes_match(codes: pd.Series, labels: dict[str, str], variable: str, export: SurveyExport,
                       what: str) -> None:
    """A Dataset none of whose codes are in Labels does not belong with those Labels."""
    present = codes[codes != ""]
    if not present.empty and not present.isin(list(labels)).any():
        examples = ", ".join(sorted(present.unique())[:5])
        raise KkrError(f"ingen af koderne for {what} i Dataset ({variable}: {examples}) findes i Labels.",
                       file=export.source, hint="Dataset og Labels hører ikke sammen; eksportér "
                       "undersøgelsen igen fra SurveyXact.")


def _check_scale_fits(codes: pd.Series, values: pd.Series, dont_know: pd.Series, variable: str,
                      export: SurveyExport, mapping: SurveyMapping) -> None:
    present = codes != ""
    if present.any() and not (values.notna() | dont_know)[present].any():
        examples = ", ".join(sorted(codes[present].unique())[:5])
        raise KkrError(f"ingen af værdierne i {variable} ({examples}) ligger på skalaen "
                       f"{mapping.scale_min}-{mapping.scale_max}.", file=export.source,
                       hint="Kontrollér, at udsagnet i opsætningsfilen er et skalaspørgsmål, og at "
                       "scale.min og scale.max passer.")


def _ordered_names(configured: list[str], labels: dict[str, str], values: pd.Series,
                   mapping: SurveyMapping, which: str) -> tuple[str, ...]:
    """Group (or role) names in the mapping's population order, spelled as Labels spells them,
    then any other label that has answers, in code order."""
    by_key = {text_key(label): label for label in labels.values()}
    names: list[str] = []
    for name in configured:
        label = by_key.get(text_key(name))
        if label is None:
            question = mapping.group_question if which == "group" else mapping.role_question
            raise KkrError(f'population nævner "{name}", som ikke er en svarmulighed i spørgsmålet '
                           f'"{question}".', file=mapping.path,
                           hint=f"Svarmulighederne er: {', '.join(labels.values())}.")
        names.append(label)
    answered = set(values.dropna())
    names += [label for label in dict.fromkeys(labels.values()) if label in answered and label not in names]
    return tuple(names)
