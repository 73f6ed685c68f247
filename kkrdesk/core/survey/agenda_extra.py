"""Survey charts as pictures for an item in the Word agenda, drawn by kkrdesk in a child process.

Charts are drawn with Qt, which must not run on an export's worker thread and has no place in
core, so each chart is rendered by ``kkrdesk survey chart`` in a child process.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from kkrdesk.core.errors import KkrError
from kkrdesk.core.export.blocks import Block, ExtraContext, Picture, Subheading
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.meeting.model import FileKind
from kkrdesk.core.process import child_environment, kkrdesk_command, without_console_window
from kkrdesk.core.survey.charts_data import ChartData, chart_for
from kkrdesk.core.survey.mapping import find_mapping

CHART_TIMEOUT_SECONDS = 180
AGENDA_CHARTS = (("keywords", "Nøgleord i dag og fremadrettet"), ("statements", "Udsagn om KKR, gennemsnit"))


def survey_chart_blocks(context: ExtraContext) -> list[Block]:
    """For each survey export attached to the item: its keyword and statement charts, for the
    meeting's own KKR when the survey has answers from it."""
    from kkrdesk.core.survey.load import summarize_survey  # pandas: only when a survey is there

    blocks: list[Block] = []
    for selected in _surveys(context):
        path = inside(context.folder, selected.bilag.file)
        summary = summarize_survey(path)
        group = next((g for g in summary.groups if g.casefold() == context.meeting.kkr.casefold()), None)
        blocks.append(Subheading(f"Resultater fra bilag {selected.number}: {selected.bilag.title}"))
        for chart, caption in AGENDA_CHARTS:
            blocks.append(Picture(render_chart(path, chart, group), width_cm=16,
                                  caption=f"{caption} – {group or 'alle besvarelser'}.",
                                  alt_text=chart_in_words(chart_for(summary, chart, group))))
    return blocks


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


def _surveys(context: ExtraContext):
    for selected in context.bilag:
        if selected.bilag.kind not in (FileKind.XLSX, FileKind.CSV):
            continue
        if find_mapping(inside(context.folder, selected.bilag.file)) is not None:
            yield selected


def render_chart(export: Path, chart: str, group: str | None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="kkrdesk-chart-") as work:
        target = Path(work) / "chart.png"
        command = [*kkrdesk_command(), "survey", "chart", str(export), "--chart", chart, "-o", str(target)]
        if group:
            command += ["--group", group]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CHART_TIMEOUT_SECONDS,
                                  env=child_environment(), stdin=subprocess.DEVNULL,
                                  **without_console_window())
        except subprocess.TimeoutExpired:
            raise KkrError("diagrammet blev ikke tegnet i tide.", file=export,
                           hint="Prøv eksporten igen.") from None
        if done.returncode != 0 or not target.is_file():
            detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "ukendt fejl"
            raise KkrError(f"diagrammet kunne ikke tegnes ({detail}).", file=export,
                           hint="Åbn undersøgelsen i kkrdesk for at se, hvad der er galt.")
        return target.read_bytes()
