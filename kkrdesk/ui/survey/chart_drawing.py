"""Drawing a survey ChartData as grouped horizontal bars in a pyqtgraph plot (nothing computed here)."""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics

from kkrdesk.core.survey.charts_data import ChartData

SERIES_COLOURS = ("#1f4e8c", "#e39b1b", "#8a8f96", "#3f8f5a", "#b0413e", "#6b4c9a")
SCALE_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7", "#d9d9d9", "#d1e5f0", "#67a9cf", "#2166ac")
DONT_KNOW_COLOUR = "#f0f0f0"
MIN_STACKED_LABEL = 6                      # percent; narrower segments carry no label
HIGHLIGHT_PEN = pg.mkPen("#111111", width=2)
GROUP_THICKNESS = 0.8
WRAP_AT = 42
# The font family charts are drawn in; None: the application's font (the window's charts).
_FAMILY: ContextVar[str | None] = ContextVar("chart_font_family", default=None)


@contextmanager
def drawn_in(family: str) -> Iterator[None]:
    """Charts drawn inside are in ``family`` (the agenda's body font), whatever the window's font is."""
    token = _FAMILY.set(family)
    try:
        yield
    finally:
        _FAMILY.reset(token)


def chart_font() -> QFont:
    """The font a chart's text is drawn in, at the application's size."""
    font = QFont()
    if (family := _FAMILY.get()) is not None:
        font.setFamily(family)
    return font


def family_style() -> dict[str, str]:
    """The chosen family as the keyword pyqtgraph's text items take (nothing for the window's font)."""
    family = _FAMILY.get()
    return {"family": family} if family is not None else {}


class DanishAxisItem(pg.AxisItem):
    """Tick numbers with decimal commas (3,5 not 3.5)."""

    def tickStrings(self, values, scale, spacing):
        return [text.replace(".", ",") for text in super().tickStrings(values, scale, spacing)]


def new_plot_widget(parent=None) -> pg.PlotWidget:
    """A white, static plot whose value axis writes Danish numbers."""
    widget = pg.PlotWidget(parent=parent, background="w",
                           axisItems={"bottom": DanishAxisItem("bottom")})
    plot = widget.getPlotItem()
    plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    plot.layout.setContentsMargins(8, 8, 28, 8)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen("#444444"))
        axis.setTextPen(pg.mkPen("#222222"))
    # pyqtgraph hides the 0 at the very start of the value axis, as it reaches past the axis
    plot.getAxis("bottom").setStyle(hideOverlappingLabels=False)
    return widget


def category_height(data: ChartData) -> float:
    """Pixels each category needs so that neither its name nor its value labels touch a neighbour."""
    name_lines = QFontMetrics(chart_font()).lineSpacing() * label_lines(data) + 6
    value_label = QFontMetrics(_small_font()).height() + 3
    bars = 1 if data.stacked else max(1, len(data.series))
    return max(name_lines, bars * value_label / GROUP_THICKNESS)


def fitted_height(widget: pg.PlotWidget, data: ChartData) -> int:
    """The height at which ``widget`` gives every category of ``data`` its room: the plot's own
    furniture (titles, value axis, legend: the layout's minimum) plus the categories' share."""
    furniture = widget.getPlotItem().layout.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()
    categories = max(len(data.categories), 1)
    return math.ceil(furniture + 4 + categories * category_height(data) * 1.05)


def draw_chart(plot: pg.PlotItem, data: ChartData) -> list[pg.BarGraphItem]:
    """Clear ``plot`` and draw ``data``; returns one BarGraphItem per series (tests read their opts)."""
    plot.clear()
    legend = _legend_below(plot, len(data.series))
    categories = len(data.categories)
    count = max(len(data.series), 1)
    thickness = GROUP_THICKNESS if data.stacked else GROUP_THICKNESS / count
    colours = _colours(data)
    ends = [0.0] * categories                     # where the next stacked segment starts
    bars = []
    for index, series in enumerate(data.series):
        shift = 0.0 if data.stacked else (index - (count - 1) / 2) * thickness
        shown = [(row, value) for row, value in enumerate(series.values) if value is not None]
        starts = [ends[row] if data.stacked else 0.0 for row, _ in shown]
        colour = colours[index]
        marked = [data.categories[row] == data.highlight for row, _ in shown]
        item = pg.BarGraphItem(
            x0=starts, y=[row + shift for row, _ in shown], height=thickness * 0.92,
            width=[value for _, value in shown], brush=colour, pen=pg.mkPen(colour.darker(130)),
            # empty lists make pyqtgraph fail on a series with no value at all (None: use brush/pen)
            brushes=[pg.mkBrush(colour.darker(150) if m else colour) for m in marked] or None,
            pens=[HIGHLIGHT_PEN if m else pg.mkPen(colour.darker(130)) for m in marked] or None,
            name=series.name)
        plot.addItem(item)
        legend.addItem(item, series.name)
        bars.append(item)
        for (row, value), start in zip(shown, starts):
            if data.stacked:
                ends[row] = start + value
                if value < MIN_STACKED_LABEL:
                    continue
                text_colour = "#ffffff" if colour.lightness() < 140 else "#222222"
                label = pg.TextItem(data.format(value), color=text_colour, anchor=(0.5, 0.5))
                label.setPos(start + value / 2, row)
            else:
                label = pg.TextItem(data.format(value), color="#222222", anchor=(-0.15, 0.5))
                label.setPos(value, row + shift)
            label.setFont(_small_font())
            label.textItem.document().setDocumentMargin(0)   # the label is as tall as its text
            plot.addItem(label)
    left = plot.getAxis("left")
    left.setStyle(hideOverlappingLabels=False)   # every category keeps its name
    left.setTicks([[(row, _tick_label(name, data.highlight)) for row, name in enumerate(data.categories)], []])
    left.setWidth(_label_width(data.categories))
    family = family_style()
    plot.getAxis("bottom").setLabel(data.value_label, **{f"font-{k}": v for k, v in family.items()})
    if family:
        for name in ("left", "bottom"):
            plot.getAxis(name).setTickFont(chart_font())
        for _sample, label in legend.items:
            label.setText(label.text, **family)
    subtitle = "<br>".join(html.escape(line) for line in _wrap(data.subtitle, 100, 2))
    plot.setTitle(f"<b>{html.escape(data.title)}</b><br><span style='font-size:9pt'>{subtitle}</span>",
                  color="#222222", size="12pt", **family)
    plot.invertY(True)
    plot.setYRange(-0.5, categories - 0.5, padding=0.02)
    if data.stacked:
        plot.setXRange(0, max(ends + [data.value_range[1] if data.value_range else 1]), padding=0.01)
    else:
        top = max([v for s in data.series for v in s.values if v is not None] or [1])
        if data.value_range is not None:
            top = max(top, data.value_range[1])
        plot.setXRange(0, top * 1.1, padding=0)
    return bars


def _colours(data: ChartData) -> list[QColor]:
    """Series colours; a scale runs from red (low) through grey to blue (high), "Ved ikke" pale."""
    if not data.scale_colours:
        return [QColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]) for i in range(len(data.series))]
    points = [s for s in data.series if s.name != "Ved ikke"]
    steps = max(len(points) - 1, 1)
    colours = [QColor(SCALE_COLOURS[round(i * (len(SCALE_COLOURS) - 1) / steps)]) for i in range(len(points))]
    return colours + [QColor(DONT_KNOW_COLOUR)] * (len(data.series) - len(points))


def _legend_below(plot: pg.PlotItem, columns: int) -> pg.LegendItem:
    """A legend in its own row under the value axis, so it never covers a bar."""
    legend = getattr(plot, "survey_legend", None)
    if legend is None:
        legend = pg.LegendItem(offset=None, labelTextColor="#222222", labelTextSize="9pt",
                               frame=False, colCount=max(1, columns))
        # pyqtgraph legends float over the plot at a fixed size; this one is part of the layout
        # and must scale with the rest when the chart is rendered larger than the screen.
        legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        plot.layout.addItem(legend, 4, 1)
        plot.survey_legend = legend
    legend.clear()
    legend.setColumnCount(max(1, columns))
    return legend


def label_lines(data: ChartData) -> int:
    """The most lines any category name takes on the axis."""
    return max((len(_wrap(_marked(c, data.highlight), WRAP_AT)) for c in data.categories), default=1)


def _marked(name: str, highlight: str | None) -> str:
    return f"▶ {name}" if highlight is not None and name == highlight else name


def _tick_label(name: str, highlight: str | None) -> str:
    """A category name for the axis: marked if highlighted, and wrapped onto two lines if long."""
    return "\n".join(_wrap(_marked(name, highlight), WRAP_AT))


def _wrap(text: str, width: int, max_lines: int = 3) -> list[str]:
    """Lines of about equal length, at most ``width`` characters, the last one cut with "…"."""
    if len(text) <= width:
        return [text]
    lines_needed = min(max_lines, math.ceil(len(text) / width))
    lines = textwrap.wrap(text, min(width, math.ceil(len(text) / lines_needed) + 6))
    if len(lines) > max_lines:
        lines = textwrap.wrap(text, width)
    if len(lines) > max_lines:
        last = " ".join(lines[max_lines - 1:])
        lines = lines[:max_lines - 1] + [last[: width - 1].rstrip() + "…"]
    return lines


def _small_font() -> QFont:
    font = chart_font()
    font.setPointSizeF(8.5)
    return font


def _label_width(categories: tuple[str, ...]) -> int:
    """Axis width for the widest name line; pyqtgraph drops a tick label that does not fit."""
    metrics = QFontMetrics(chart_font())
    lines = [line for c in categories for line in _wrap(f"▶ {c}", WRAP_AT)]
    widest = max((metrics.horizontalAdvance(line) for line in lines), default=40)
    return min(widest + 32, 440)
