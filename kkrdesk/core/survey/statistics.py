"""Everything the viewer shows, computed from the respondents' rows: response, keywords, statements."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kkrdesk.core import danish
from kkrdesk.core.survey.coding import CodedSurvey, KeywordAnswers, StatementAnswers
from kkrdesk.core.survey.rules import RowProblem
from kkrdesk.core.survey.text import text_key

TOTAL = "I alt"
TOP = 5


@dataclass(frozen=True)
class Tally:
    """Members, answers and the response rate in whole percent (half up: 5/8 is 63 %)."""

    members: int | None
    answers: int

    @property
    def rate(self) -> int | None:
        return danish.percent(self.answers, self.members) if self.members else None


@dataclass(frozen=True)
class ResponseRow:
    group: str
    tally: Tally
    roles: dict[str, Tally]


@dataclass(frozen=True)
class ScaleStats:
    """A statement's answers in one subset: valid answers, their mean and spread, and "Ved ikke"."""

    n: int
    mean: float | None
    dont_know: int
    distribution: dict[int, int]

    @property
    def dont_know_share(self) -> float | None:
        """The share (0-1) of those who took a stand or said "Ved ikke" who said "Ved ikke"."""
        answered = self.n + self.dont_know
        return self.dont_know / answered if answered else None


@dataclass(frozen=True)
class RankedOption:
    option: str
    count: int
    rank: int           # shared by tied options: 1, 2, 3, 3, 5


@dataclass(frozen=True)
class KeywordSummary:
    key: str
    label: str
    question: str
    max_choices: int | None
    options: tuple[str, ...]                       # questionnaire order
    answered: int
    counts: dict[str, int]                         # most marked first
    by_group: dict[str, dict[str, int]]
    answered_by_group: dict[str, int]
    by_role: dict[str, dict[str, int]]
    answered_by_role: dict[str, int]
    top: tuple[RankedOption, ...]
    top_by_group: dict[str, tuple[RankedOption, ...]]

    def counts_in(self, group: str | None) -> dict[str, int]:
        return self.counts if group is None else self.by_group[group]


@dataclass(frozen=True)
class KeywordChange:
    """Markings of the second keyword question minus the first, option by option."""

    before: str
    after: str
    overall: dict[str, int]
    by_group: dict[str, dict[str, int]]


@dataclass(frozen=True)
class BaselineFigure:
    label: str
    n: int | None
    mean: float


@dataclass(frozen=True)
class StatementSummary:
    id: str
    text: str
    question: str
    overall: ScaleStats
    by_group: dict[str, ScaleStats]
    by_role: dict[str, ScaleStats]
    by_group_role: dict[str, dict[str, ScaleStats]]
    baseline: dict[str, BaselineFigure]

    def stats_in(self, group: str | None) -> ScaleStats:
        return self.overall if group is None else self.by_group[group]


@dataclass(frozen=True)
class SurveySummary:
    title: str
    synthetic: bool
    note: str
    source: Path
    layout: str
    group_name: str
    role_name: str
    scale: tuple[int, int]
    rows_read: int
    not_answered: int
    respondents: int
    groups: tuple[str, ...]
    roles: tuple[str, ...]
    response: tuple[ResponseRow, ...]
    keywords: tuple[KeywordSummary, ...]
    change: KeywordChange | None
    statements: tuple[StatementSummary, ...]
    problems: tuple[RowProblem, ...]
    warnings: tuple[str, ...] = ()      # figures that cannot be right, in Danish, with what to do

    def keyword(self, key: str) -> KeywordSummary:
        return next(k for k in self.keywords if k.key == key)

    def statement(self, identifier: str) -> StatementSummary:
        return next(s for s in self.statements if s.id == identifier)


class _Subsets:
    """The rows of every group, role and group × role as ascending row positions, found once
    (picking a few thousand positions is cheaper than a mask over every row, and keeps the order)."""

    def __init__(self, coded: CodedSurvey):
        group = {g: (coded.group == g).to_numpy() for g in coded.groups}
        role = {r: (coded.role == r).to_numpy() for r in coded.roles} if coded.role is not None else {}
        self.group = {g: np.flatnonzero(mask) for g, mask in group.items()}
        self.role = {r: np.flatnonzero(mask) for r, mask in role.items()}
        self.group_role = {g: {r: np.flatnonzero(gm & rm) for r, rm in role.items()} for g, gm in group.items()}


def summarize(coded: CodedSurvey) -> SurveySummary:
    mapping = coded.mapping
    subsets = _Subsets(coded)
    keywords = tuple(_keyword_summary(k, subsets) for k in coded.keywords)
    change = _change(keywords) if len(keywords) == 2 else None
    scale = (mapping.scale_min, mapping.scale_max)
    statements = tuple(_statement_summary(s, subsets, scale, coded) for s in coded.statements)
    response = _response(coded, subsets)
    return SurveySummary(
        title=mapping.title, synthetic=mapping.synthetic, note=mapping.note, source=coded.source,
        layout=coded.layout, group_name=mapping.group_name, role_name=mapping.role_name, scale=scale,
        rows_read=coded.rows_read, not_answered=coded.not_answered, respondents=coded.respondents,
        groups=coded.groups, roles=coded.roles, response=response,
        keywords=keywords, change=change, statements=statements, problems=tuple(coded.problems),
        warnings=_population_warnings(response, mapping.group_name))


def _response(coded: CodedSurvey, subsets: _Subsets) -> tuple[ResponseRow, ...]:
    population = {text_key(g): v for g, v in coded.mapping.population.items()}
    rows = []
    for group in coded.groups:
        members = population.get(text_key(group))
        by_role = {text_key(r): n for r, n in members.items()} if isinstance(members, dict) else {}
        total = sum(members.values()) if isinstance(members, dict) else members
        roles = {role: Tally(by_role.get(text_key(role)), len(rows_in))
                 for role, rows_in in subsets.group_role[group].items()}
        rows.append(ResponseRow(group, Tally(total, len(subsets.group[group])), roles))
    member_counts = [row.tally.members for row in rows if row.tally.members is not None]
    total_members = sum(member_counts) if rows and len(member_counts) == len(rows) else None
    total_roles = {}
    for role, rows_in in subsets.role.items():
        counts = [members for row in rows if (members := row.roles[role].members) is not None]
        total_roles[role] = Tally(sum(counts) if counts and len(counts) == len(rows) else None, len(rows_in))
    rows.append(ResponseRow(TOTAL, Tally(total_members, coded.respondents), total_roles))
    return tuple(rows)


def _population_warnings(response: tuple[ResponseRow, ...], group_name: str) -> tuple[str, ...]:
    """More answers than members means the mapping's population is wrong, not that the rate is."""
    warnings = []
    for row in response:
        tallies = [(row.group, row.tally), *((f"{row.group}, {role}", t) for role, t in row.roles.items())]
        for where, tally in tallies:
            if tally.members is not None and tally.answers > tally.members:
                rate = f", så svarprocenten bliver {danish.format_int(tally.rate)} %" if tally.rate else ""
                warnings.append(
                    f"{where}: {danish.count(tally.answers, 'besvarelse', 'besvarelser')}, men "
                    f"opsætningen siger {danish.count(tally.members, 'medlem', 'medlemmer')}{rate}. "
                    "Ret antallet af medlemmer "
                    f"under [population] i undersøgelsens opsætningsfil ({group_name}).")
    return tuple(warnings)


def _keyword_summary(answers: KeywordAnswers, subsets: _Subsets) -> KeywordSummary:
    ticks = answers.ticks.to_numpy()
    options = answers.options
    answered_rows = np.asarray(ticks.any(axis=1))

    def counts_for(rows: np.ndarray | None) -> dict[str, int]:
        picked = ticks if rows is None else ticks[rows]
        return dict(zip(options, (int(v) for v in picked.sum(axis=0))))

    overall = counts_for(None)
    tie_order = sorted(options, key=lambda o: (-overall[o], options.index(o)))
    by_group = {g: _sorted(counts_for(m), tie_order) for g, m in subsets.group.items()}
    return KeywordSummary(
        key=answers.spec.key, label=answers.spec.label, question=answers.question.name,
        max_choices=answers.spec.max_choices, options=options, answered=int(answered_rows.sum()),
        counts=_sorted(overall, tie_order), by_group=by_group,
        answered_by_group={g: int(answered_rows[m].sum()) for g, m in subsets.group.items()},
        by_role={r: _sorted(counts_for(m), tie_order) for r, m in subsets.role.items()},
        answered_by_role={r: int(answered_rows[m].sum()) for r, m in subsets.role.items()},
        top=top_options(overall, tie_order),
        top_by_group={g: top_options(c, tie_order) for g, c in by_group.items()})


def _sorted(counts: dict[str, int], tie_order: list[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], tie_order.index(item[0]))))


def top_options(counts: dict[str, int], tie_order: list[str], size: int = TOP) -> tuple[RankedOption, ...]:
    """The ``size`` most marked options, and every option tied with the last of them.

    Ties share a rank; within a tie the order is ``tie_order`` (overall count, then the
    questionnaire's order). Options nobody marked are never listed.
    """
    ordered = sorted((o for o, c in counts.items() if c > 0),
                     key=lambda o: (-counts[o], tie_order.index(o)))
    if len(ordered) > size:
        cut = counts[ordered[size - 1]]
        ordered = [o for o in ordered if counts[o] >= cut]
    return tuple(RankedOption(o, counts[o], 1 + sum(1 for c in counts.values() if c > counts[o]))
                 for o in ordered)


def _change(keywords: tuple[KeywordSummary, ...]) -> KeywordChange:
    before, after = keywords
    common = [o for o in before.options if o in after.options]
    by_group = {g: {o: after.by_group[g][o] - before.by_group[g][o] for o in common} for g in before.by_group}
    return KeywordChange(before=before.key, after=after.key,
                         overall={o: after.counts[o] - before.counts[o] for o in common}, by_group=by_group)


def _scale_stats(values: np.ndarray, dont_know: np.ndarray, scale: tuple[int, int]) -> ScaleStats:
    valid = values[~np.isnan(values)]
    distribution = {point: int((valid == point).sum()) for point in range(scale[0], scale[1] + 1)}
    return ScaleStats(n=int(valid.size), mean=float(valid.mean()) if valid.size else None,
                      dont_know=int(dont_know.sum()), distribution=distribution)


def _statement_summary(answers: StatementAnswers, subsets: _Subsets, scale: tuple[int, int],
                       coded: CodedSurvey) -> StatementSummary:
    values = answers.values.to_numpy(dtype="float64")
    dont_know = answers.dont_know.to_numpy(dtype=bool)

    def stats(rows: np.ndarray) -> ScaleStats:
        return _scale_stats(values[rows], dont_know[rows], scale)

    rounds = {r.key: r for r in coded.mapping.baselines}
    return StatementSummary(
        id=answers.spec.id, text=answers.text, question=answers.spec.question,
        overall=_scale_stats(values, dont_know, scale),
        by_group={g: stats(m) for g, m in subsets.group.items()},
        by_role={r: stats(m) for r, m in subsets.role.items()},
        by_group_role={g: {r: stats(m) for r, m in roles.items()} for g, roles in subsets.group_role.items()},
        baseline={key: BaselineFigure(rounds[key].label, rounds[key].n, mean)
                  for key, mean in answers.spec.baseline.items()})
