"""Survey charts as pictures for an item in the Word agenda, drawn by a renderer the front end injects.

Core computes each chart's figures (``ChartData``) and its alt text; drawing needs Qt, which has
no place in core, so the window and the command line pass a ``ChartRenderer`` (the print
renderer of ``kkrdesk.ui.survey``). A renderer that cannot draw here at all raises
ChartsUnavailable; the agenda then says in the item that the charts were left out and why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kkrdesk.core.errors import KkrError
from kkrdesk.core.export.blocks import Block, ExtraContext, ItemExtraProvider, Paragraph, Picture, Subheading
from kkrdesk.core.export.selection import SelectedBilag
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.survey.charts_data import ChartData, ChartKind, chart_for, source_line
from kkrdesk.core.survey.mapping import find_mapping

if TYPE_CHECKING:
    from kkrdesk.core.survey.statistics import SurveySummary

# A chart's figures and its source line in, a PNG out whose recorded resolution gives its size on paper.
ChartRenderer = Callable[[ChartData, str], bytes]

AGENDA_CHARTS = ((ChartKind.KEYWORDS, "Nøgleord i dag og fremadrettet"),
                 (ChartKind.STATEMENTS, "Udsagn om KKR, gennemsnit"))


class ChartsUnavailable(KkrError):
    """A renderer cannot draw charts here at all (no Qt); its message goes into the agenda instead."""

    code = "charts-unavailable"


def survey_charts(render: ChartRenderer) -> ItemExtraProvider:
    """The provider that adds, for each survey export attached to an item, its keyword and
    statement charts for the meeting's own KKR (all answers when the survey has none from it)."""
    def survey_chart_blocks(context: ExtraContext) -> list[Block]:
        from kkrdesk.core.survey.load import summarize_survey  # pandas: only when a survey is there

        blocks: list[Block] = []
        for selected in _surveys(context):
            path = inside(context.folder, selected.bilag.file)
            summary = summarize_survey(path)
            group = next((g for g in summary.groups if g.casefold() == context.meeting.kkr.casefold()), None)
            blocks.append(Subheading(f"Resultater fra bilag {selected.number}: {selected.bilag.title}"))
            try:
                blocks += [_picture(render, chart_for(summary, chart, group), caption, group, summary, path)
                           for chart, caption in AGENDA_CHARTS]
            except ChartsUnavailable as exc:
                blocks.append(Paragraph(f"Diagrammerne er udeladt: {exc.message}", italic=True))
        return blocks
    survey_chart_blocks.__qualname__ = "survey_chart_blocks"   # the name a failure is reported under
    return survey_chart_blocks


def _picture(render: ChartRenderer, data: ChartData, caption: str, group: str | None,
             summary: SurveySummary, export: Path) -> Picture:
    return Picture(_drawn(render, data, source_line(summary), export), width_cm=None,
                   caption=f"{caption} – {group or 'alle besvarelser'}.", alt_text=chart_in_words(data))


def _drawn(render: ChartRenderer, data: ChartData, source: str, export: Path) -> bytes:
    try:
        return render(data, source)
    except ChartsUnavailable:
        raise
    except KkrError as exc:
        raise KkrError(f"diagrammet »{data.title}« kunne ikke tegnes ({exc.message.rstrip('.')}).",
                       file=export, hint=exc.hint or "Prøv eksporten igen.") from exc


def chart_in_words(data: ChartData, shown: int = 3) -> str:
    """A chart's main figures as a sentence for its alt text: per series, the highest and the
    lowest categories with their values ("Søjlediagram, Nøgleord: … I dag: flest Handlekraftig (35), …")."""
    parts = [f"Søjlediagram. {data.title}, {data.subtitle}; {data.value_label.lower()}."]
    for series in data.series:
        values = [(v, c) for v, c in zip(series.values, data.categories) if v is not None]
        if not values:
            continue
        ranked = sorted(values, key=lambda pair: -pair[0])
        top = ", ".join(f"{c} ({data.format(v)})" for v, c in ranked[:shown])
        text = f"{series.name}: højest {top}"
        if len(ranked) > shown:
            low_value, low = ranked[-1]
            text += f"; lavest {low} ({data.format(low_value)})"
        parts.append(text + ".")
    return " ".join(parts)


def _surveys(context: ExtraContext) -> Iterator[SelectedBilag]:
    for selected in context.bilag:
        if selected.bilag.kind not in (FileKind.XLSX, FileKind.CSV):
            continue
        if find_mapping(inside(context.folder, selected.bilag.file)) is not None:
            yield selected
