"""The numbers each survey chart draws, shared by the viewer, the PNG export and their tables."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core import danish
from kkrdesk.core.cells import tab_separated
from kkrdesk.core.errors import UsageError

if TYPE_CHECKING:
    from kkrdesk.core.survey.statistics import StatementSummary, SurveySummary, Tally

ALL_GROUPS = "Alle"


class ChartKind(StrEnum):
    RESPONSE = "response"
    KEYWORDS = "keywords"
    STATEMENTS = "statements"
    ROLES = "roles"
    DISTRIBUTION = "distribution"
    COMPARE = "compare"


CHART_TITLES = {ChartKind.RESPONSE: "Svarprocent", ChartKind.KEYWORDS: "Nøgleord",
                ChartKind.STATEMENTS: "Udsagn", ChartKind.ROLES: "Udsagn efter rolle",
                ChartKind.DISTRIBUTION: "Fordeling", ChartKind.COMPARE: "Side om side"}


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]      # one per category; None = nothing to show


@dataclass(frozen=True)
class ChartData:
    """Horizontal bars: categories top to bottom, one bar per series in each category."""

    kind: ChartKind
    title: str
    subtitle: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    value_label: str
    digits: int                            # decimals shown (means 1, counts and percents 0)
    value_range: tuple[float, float] | None = None
    highlight: str | None = None           # a category drawn in a stronger colour
    suffix: str = ""                       # " %" after percentages
    stacked: bool = False                  # series laid end to end (shares adding up to 100 %)
    scale_colours: bool = False            # series are the points of a scale, low to high
    # columns shown in the table only: (heading, one text per category)
    extra_columns: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def format(self, value: float | None) -> str:
        if value is None:
            return "–"
        return f"{danish.format_decimal(value, self.digits)}{self.suffix}"

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The chart's numbers as the table beside it shows (and copies) them, in Danish."""
        headers = [""] + [s.name for s in self.series] + [name for name, _ in self.extra_columns]
        rows = [[category] + [self.format(s.values[i]) for s in self.series]
                + [texts[i] for _, texts in self.extra_columns]
                for i, category in enumerate(self.categories)]
        return headers, rows

    def table_text(self) -> str:
        """Tab-separated, for the clipboard (pastes as a table in Excel and Word); no cell runs as a formula."""
        headers, rows = self.table()
        return tab_separated([headers, *rows])


def source_line(summary: SurveySummary) -> str:
    """The line under a saved chart saying where its figures come from ("Kilde: … (1.234 besvarelser)")."""
    synthetic = ", syntetiske data" if summary.synthetic else ""
    return (f"Kilde: {summary.title or Path(summary.source).name} "
            f"({danish.format_int(summary.respondents)} besvarelser{synthetic})")


def check_group(summary: SurveySummary, group: str | None) -> str | None:
    """``group`` if the survey has it (None or "Alle" mean all respondents)."""
    if group is None or group == ALL_GROUPS:
        return None
    for name in summary.groups:
        if name.casefold() == group.strip().casefold():
            return name
    raise UsageError(f'undersøgelsen har intet {summary.group_name} "{group}".',
                     hint=f"Vælg blandt: {', '.join(summary.groups)}.")


def _who(summary: SurveySummary, group: str | None) -> str:
    if group is None:
        return f"Alle besvarelser (n = {danish.format_int(summary.respondents)})"
    answers = next(row.tally.answers for row in summary.response if row.group == group)
    return f"{group} (n = {danish.format_int(answers)})"


def response_chart(summary: SurveySummary, group: str | None = None) -> ChartData:
    rows = summary.response
    series = [Series("Alle medlemmer", tuple(_rate(row.tally) for row in rows))]
    for role in summary.roles:
        series.append(Series(role, tuple(_rate(row.roles[role]) if role in row.roles else None
                                         for row in rows)))
    extra = [("Medlemmer", tuple(_count(row.tally.members) for row in rows)),
             ("Svar", tuple(danish.format_int(row.tally.answers) for row in rows))]
    extra += [(f"{role}: svar", tuple(_answers_of(row.roles.get(role)) for row in rows)) for role in summary.roles]
    return ChartData(ChartKind.RESPONSE, "Svarprocent", f"{danish.format_int(summary.respondents)} besvarelser",
                     tuple(row.group for row in rows), tuple(series), "Svarprocent", 0,
                     value_range=(0, 100), highlight=group, suffix=" %", extra_columns=tuple(extra))


def _count(value: int | None) -> str:
    return "–" if value is None else danish.format_int(value)


def _answers_of(tally: Tally | None) -> str:
    if tally is None:
        return "–"
    if tally.members is None:
        return danish.format_int(tally.answers)
    return f"{danish.format_int(tally.answers)} af {danish.format_int(tally.members)}"


def _rate(tally: Tally) -> float | None:
    return None if tally.rate is None else float(tally.rate)


def keyword_chart(summary: SurveySummary, group: str | None = None) -> ChartData:
    """Markings per keyword, the questions side by side, sorted by the first question's count."""
    if not summary.keywords:
        raise UsageError("undersøgelsens opsætning har ingen nøgleordsspørgsmål.")
    first = summary.keywords[0]
    order = list(first.counts_in(group))            # most marked first, ties as in the summary
    series = tuple(Series(k.label, tuple(float(k.counts_in(group).get(o, 0)) for o in order))
                   for k in summary.keywords)
    return ChartData(ChartKind.KEYWORDS, "Nøgleord: antal markeringer", _who(summary, group),
                     tuple(order), series, "Antal markeringer", 0)


def statement_chart(summary: SurveySummary, group: str | None = None) -> ChartData:
    """Mean per statement: the chosen group beside all respondents, and published baselines."""
    _require_statements(summary)
    statements = summary.statements
    series = []
    if group is not None:
        series.append(Series(group, tuple(s.by_group[group].mean for s in statements)))
    series.append(Series(ALL_GROUPS if group is not None else "Alle besvarelser",
                         tuple(s.overall.mean for s in statements)))
    for key, label in _baseline_rounds(summary):
        series.append(Series(label, tuple(s.baseline[key].mean if key in s.baseline else None
                                          for s in statements)))
    return ChartData(ChartKind.STATEMENTS, "Udsagn: gennemsnit", _who(summary, group),
                     tuple(_statement_label(s) for s in statements), tuple(series),
                     f"Gennemsnit ({summary.scale[0]} = meget lav grad, {summary.scale[1]} = meget høj grad)",
                     1, value_range=(0, summary.scale[1]))


def role_chart(summary: SurveySummary, group: str | None = None) -> ChartData:
    """Mean per statement for each role, within the chosen group or among all respondents."""
    _require_statements(summary)
    if not summary.roles:
        raise UsageError("undersøgelsens opsætning har intet rollespørgsmål.")
    series = tuple(Series(role, tuple((s.by_role[role] if group is None else s.by_group_role[group][role]).mean
                                      for s in summary.statements)) for role in summary.roles)
    return ChartData(ChartKind.ROLES, f"Udsagn efter {summary.role_name.lower()}", _who(summary, group),
                     tuple(_statement_label(s) for s in summary.statements), series,
                     "Gennemsnit", 1, value_range=(0, summary.scale[1]))


def distribution_chart(summary: SurveySummary, group: str | None = None) -> ChartData:
    """Per statement, the share giving each scale point and "Ved ikke", end to end."""
    _require_statements(summary)
    low, high = summary.scale
    stats = [s.stats_in(group) for s in summary.statements]
    totals = [x.n + x.dont_know for x in stats]

    def share(count: int, total: int) -> float | None:
        return 100 * count / total if total else None

    series = [Series(str(point), tuple(share(x.distribution[point], t) for x, t in zip(stats, totals)))
              for point in range(low, high + 1)]
    if any(x.dont_know for x in stats):
        series.append(Series("Ved ikke", tuple(share(x.dont_know, t) for x, t in zip(stats, totals))))
    return ChartData(ChartKind.DISTRIBUTION, "Udsagn: fordeling af svarene", _who(summary, group),
                     tuple(_statement_label(s) for s in summary.statements), tuple(series),
                     f"Procent ({low} = meget lav grad, {high} = meget høj grad)", 0,
                     value_range=(0, 100), suffix=" %", stacked=True, scale_colours=True,
                     extra_columns=(("n", tuple(danish.format_int(t) for t in totals)),))


def compare_chart(summary: SurveySummary, item: str, group: str | None = None) -> ChartData:
    """The groups side by side for one statement (mean) or one keyword (share who marked it)."""
    statement = next((s for s in summary.statements if s.id == item), None)
    categories = summary.groups
    if statement is not None:
        values = tuple(statement.by_group[g].mean for g in categories)
        return ChartData(ChartKind.COMPARE, f"Udsagn {statement.id}: gennemsnit pr. {summary.group_name}",
                         statement.text, categories, (Series("Gennemsnit", values),),
                         "Gennemsnit", 1, value_range=(0, summary.scale[1]), highlight=group)
    option = next((o for k in summary.keywords for o in k.options if o.casefold() == item.casefold()), None)
    if option is None:
        choices = [s.id for s in summary.statements] + list(summary.keywords[0].options if summary.keywords else [])
        raise UsageError(f'"{item}" er hverken et udsagn eller et nøgleord i undersøgelsen.',
                         hint=f"Vælg blandt: {', '.join(choices)}.")
    series = []
    for keyword in summary.keywords:
        if option in keyword.options:
            series.append(Series(keyword.label, tuple(
                100 * keyword.by_group[g][option] / keyword.answered_by_group[g]
                if keyword.answered_by_group[g] else None for g in categories)))
    return ChartData(ChartKind.COMPARE, f"»{option}«: andel der markerede ordet",
                     f"Procent af dem i hvert {summary.group_name}, der besvarede spørgsmålet",
                     categories, tuple(series), "Procent", 0, value_range=(0, 100), highlight=group,
                     suffix=" %")


def compare_items(summary: SurveySummary) -> list[tuple[str, str]]:
    """(item, label) for everything the side-by-side chart can show: statements, then keywords."""
    items = [(s.id, _statement_label(s)) for s in summary.statements]
    if summary.keywords:
        items += [(o, f"Nøgleord: {o}") for o in summary.keywords[0].counts]
    return items


def chart_for(summary: SurveySummary, kind: ChartKind | str, group: str | None = None,
              item: str | None = None) -> ChartData:
    """The chart ``kind`` for ``group`` (None = everyone); ``item`` is needed for "compare"."""
    kind = ChartKind(kind)
    group = check_group(summary, group)
    if kind is ChartKind.RESPONSE:
        return response_chart(summary, group)
    if kind is ChartKind.KEYWORDS:
        return keyword_chart(summary, group)
    if kind is ChartKind.STATEMENTS:
        return statement_chart(summary, group)
    if kind is ChartKind.ROLES:
        return role_chart(summary, group)
    if kind is ChartKind.DISTRIBUTION:
        return distribution_chart(summary, group)
    if not item:
        items = compare_items(summary)
        if not items:
            raise UsageError("undersøgelsen har hverken udsagn eller nøgleord at sammenligne.")
        item = items[0][0]
    return compare_chart(summary, item, group)


def _require_statements(summary: SurveySummary) -> None:
    if not summary.statements:
        raise UsageError("undersøgelsens opsætning har ingen udsagn.")


def _baseline_rounds(summary: SurveySummary) -> list[tuple[str, str]]:
    rounds: dict[str, str] = {}
    for statement in summary.statements:
        for key, figure in statement.baseline.items():
            n = f" (n = {danish.format_int(figure.n)})" if figure.n else ""
            rounds.setdefault(key, f"{figure.label}{n}")
    return list(rounds.items())


def _statement_label(statement: StatementSummary) -> str:
    return f"{statement.id} {statement.text}"

