"""Two rounds of one survey side by side: statement means and keyword shares, matched by the mappings' ids."""

from __future__ import annotations

from dataclasses import dataclass

from kkrdesk.core import danish
from kkrdesk.core.errors import UsageError
from kkrdesk.core.survey.charts_data import ChartData, ChartKind, Series
from kkrdesk.core.survey.mapping import SETUP_BUTTON
from kkrdesk.core.survey.statistics import KeywordSummary, SurveySummary
from kkrdesk.core.survey.text import text_key


@dataclass(frozen=True)
class RoundFigure:
    """One statement's mean, or one keyword's share in percent, in each round (None: not asked)."""

    item: str
    text: str
    first: float | None
    second: float | None

    @property
    def change(self) -> float | None:
        return None if self.first is None or self.second is None else self.second - self.first


@dataclass(frozen=True)
class KeywordRounds:
    key: str
    label: str
    options: tuple[RoundFigure, ...]


@dataclass(frozen=True)
class RoundComparison:
    """Statements match by their ``id`` in the two mappings, keyword questions by their key,
    keyword options by their text; what only one round has is kept with None in the other."""

    first_label: str
    second_label: str
    group: str | None
    statements: tuple[RoundFigure, ...]
    keywords: tuple[KeywordRounds, ...]
    scale_max: int = 5


def compare_rounds(first: SurveySummary, second: SurveySummary, group: str | None = None,
                   labels: tuple[str, str] | None = None) -> RoundComparison:
    """``second`` against ``first`` for everyone, or for ``group`` (a KKR both rounds have)."""
    for summary in (first, second):
        if group is not None and group not in summary.groups:
            raise UsageError(f'"{group}" findes ikke i {_label(summary)}.',
                             hint=f"Vælg et af disse: {', '.join(summary.groups)}.")
    first_label, second_label = labels or (_label(first), _label(second))
    if first_label == second_label:
        first_label, second_label = f"{first_label} (1)", f"{second_label} (2)"
    if not ({s.id for s in first.statements} & {s.id for s in second.statements}
            or {k.key for k in first.keywords} & {k.key for k in second.keywords}):
        raise UsageError("de to undersøgelser har ingen udsagn eller nøgleord tilfælles.",
                         hint="Giv de samme udsagn samme id og nøgleordsspørgsmålene samme navn i "
                         f"begge opsætningsfiler ({SETUP_BUTTON}).")
    return RoundComparison(first_label, second_label, group, _statements(first, second, group),
                           _keywords(first, second, group), max(first.scale[1], second.scale[1]))


def _statements(first: SurveySummary, second: SurveySummary, group: str | None) -> tuple[RoundFigure, ...]:
    earlier = {s.id: s for s in first.statements}
    later = {s.id: s for s in second.statements}
    order = [s.id for s in second.statements] + [i for i in earlier if i not in later]
    figures = []
    for identifier in order:
        a, b = earlier.get(identifier), later.get(identifier)
        text = (b or earlier[identifier]).text
        figures.append(RoundFigure(identifier, text, a.stats_in(group).mean if a else None,
                                   b.stats_in(group).mean if b else None))
    return tuple(figures)


def _keywords(first: SurveySummary, second: SurveySummary, group: str | None) -> tuple[KeywordRounds, ...]:
    earlier = {k.key: k for k in first.keywords}
    result = []
    for later in second.keywords:
        before = earlier.get(later.key)
        if before is None:
            continue
        shares_before, shares_after = _shares(before, group), _shares(later, group)
        names = {text_key(o): o for o in before.options} | {text_key(o): o for o in later.options}
        options = sorted(names, key=lambda k: -(shares_after.get(k) or 0))
        result.append(KeywordRounds(later.key, later.label, tuple(
            RoundFigure(names[k], names[k], shares_before.get(k), shares_after.get(k)) for k in options)))
    return tuple(result)


def _shares(keyword: KeywordSummary, group: str | None) -> dict[str, float]:
    answered = keyword.answered if group is None else keyword.answered_by_group.get(group, 0)
    counts = keyword.counts_in(group)
    return {text_key(o): 100 * counts.get(o, 0) / answered for o in keyword.options} if answered else {}


def _label(summary: SurveySummary) -> str:
    return summary.title or summary.source.stem


def rounds_chart(comparison: RoundComparison) -> ChartData:
    """The statements' means of both rounds as grouped bars."""
    if not comparison.statements:
        raise UsageError("de to undersøgelser har ingen udsagn tilfælles.")
    figures = comparison.statements
    who = comparison.group or "Alle besvarelser"
    return ChartData(kind=ChartKind.STATEMENTS, title="Udsagn: to runder",
                     subtitle=f"{who}: {comparison.first_label} og {comparison.second_label}",
                     categories=tuple(f"{f.item} {f.text}" if f.item not in f.text else f.text
                                      for f in figures),
                     series=(Series(comparison.first_label, tuple(f.first for f in figures)),
                             Series(comparison.second_label, tuple(f.second for f in figures))),
                     value_label="Gennemsnit", digits=1, value_range=(0, comparison.scale_max),
                     extra_columns=(("Ændring", tuple(format_change(f.change, 1) for f in figures)),))


def rounds_keyword_chart(comparison: RoundComparison, key: str | None = None) -> ChartData:
    """One keyword question's options in both rounds, as percent of those who answered it."""
    if not comparison.keywords:
        raise UsageError("de to undersøgelser har ingen nøgleordsspørgsmål tilfælles.")
    keyword = next((k for k in comparison.keywords if k.key == key), comparison.keywords[0])
    figures = keyword.options
    who = comparison.group or "Alle besvarelser"
    return ChartData(kind=ChartKind.KEYWORDS, title=f"Nøgleord: {keyword.label}, to runder",
                     subtitle=f"{who}: andel af dem, der svarede, i {comparison.first_label} og "
                     f"{comparison.second_label}",
                     categories=tuple(f.item for f in figures),
                     series=(Series(comparison.first_label, tuple(f.first for f in figures)),
                             Series(comparison.second_label, tuple(f.second for f in figures))),
                     value_label="Andel (%)", digits=0, suffix=" %",
                     extra_columns=(("Ændring", tuple(format_change(f.change, 0, " pct.-point")
                                                      for f in figures)),))


def format_change(change: float | None, digits: int, unit: str = "") -> str:
    """``+0,4``, ``-3 procentpoint``, ``0``, or ``–`` when a round lacks the figure."""
    if change is None:
        return "–"
    text = danish.format_decimal(change, digits)
    if text.lstrip("-").replace(",", "").strip("0") == "":
        return f"0{unit}"
    return f"{'+' if change > 0 else ''}{text}{unit}"
