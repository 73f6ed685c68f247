"""Chart labels never overlap or get cut, at every window width people use, in the tab and in PNGs."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from kkrdesk.core.survey.charts_data import ChartKind, chart_for
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.ui.survey.chart_view import ChartView
from tools.make_sample_survey import write_sample_survey

WIDTHS = (800, 1024, 1280, 1600, 1920)
KINDS = (ChartKind.RESPONSE, ChartKind.KEYWORDS, ChartKind.STATEMENTS, ChartKind.ROLES,
         ChartKind.DISTRIBUTION, ChartKind.COMPARE)


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return summarize_survey(write_sample_survey(tmp_path_factory.mktemp("sample"))[0])


def tick_text_rects(axis: pg.AxisItem) -> list[tuple[QRectF, str]]:
    """Where the axis draws each tick label, in scene coordinates (as pyqtgraph paints them)."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    texts = specs[2] if specs else []
    return [(axis.mapRectToScene(rect), text) for rect, _flags, text in texts]


def value_label_rects(plot: pg.PlotItem) -> list[tuple[QRectF, str]]:
    return [(item.sceneBoundingRect(), item.toPlainText()) for item in plot.items
            if isinstance(item, pg.TextItem)]


def overlaps(rects: list[tuple[QRectF, str]]) -> list[str]:
    found = []
    for i, (a, text_a) in enumerate(rects):
        for b, text_b in rects[i + 1:]:
            shared = a.intersected(b)
            if shared.width() > 1 and shared.height() > 1:
                found.append(f"{text_a!r} / {text_b!r}")
    return found


def layout_faults(view: ChartView) -> list[str]:
    plot = view.plot_widget.getPlotItem()
    faults = []
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        ticks = tick_text_rects(axis)
        faults += [f"{name} axis labels overlap: {o}" for o in overlaps(ticks)]
        bounds = axis.mapRectToScene(axis.boundingRect())
        faults += [f"{name} axis label cut: {text!r}" for rect, text in ticks
                   if not bounds.adjusted(-1, -1, 1, 1).contains(rect)]
    values = value_label_rects(plot)
    faults += [f"value labels overlap: {o}" for o in overlaps(values)]
    box = plot.getViewBox().sceneBoundingRect()
    faults += [f"value label cut: {text!r}" for rect, text in values
               if not box.adjusted(-1, -1, 1, 1).contains(rect)]
    return faults


def settle(qtbot, view: ChartView) -> None:
    """Wait until the scroll area has given the plot its new height and the plot has laid out."""
    qtbot.waitUntil(lambda: view.plot_widget.height() >= view.plot_widget.minimumHeight())
    view.plot_widget.grab()        # a full paint: text labels place themselves while painting


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.slow
def test_no_label_overlaps_or_is_cut_at_any_width(qtbot, summary, width):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(width - 40, 560)     # the tab's share of a window that wide
    view.show()
    faults = {}
    for kind in KINDS:
        for group in (None, "KKR Sjælland"):
            view.set_chart(chart_for(summary, kind, group))
            settle(qtbot, view)
            found = layout_faults(view)
            if found:
                faults[f"{kind.value}/{group}"] = found[:3]
    assert faults == {}


def test_the_value_axis_starts_with_a_labelled_zero(qtbot, summary):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(1000, 560)
    view.show()
    view.set_chart(chart_for(summary, ChartKind.STATEMENTS, None))
    settle(qtbot, view)
    texts = [text for _rect, text in tick_text_rects(view.plot_widget.getPlotItem().getAxis("bottom"))]
    assert texts[0] == "0" and all("." not in t for t in texts)


@pytest.mark.slow
def test_saved_png_is_drawn_for_its_own_size_not_the_window(qtbot, summary, stub_dialogs, tmp_path):
    view = ChartView()
    qtbot.addWidget(view)
    view.resize(700, 300)                        # a cramped window
    view.show()
    view.set_chart(chart_for(summary, ChartKind.STATEMENTS, None))
    stub_dialogs.answers["save_file"] = tmp_path / "udsagn.png"
    view.save_png()
    image = QImage(str(Path(tmp_path / "udsagn.png")))
    assert (image.width(), image.height()) == (1890, 1181)     # the print size, not the window


def test_a_series_without_any_value_draws_as_an_empty_series(qtbot):
    from kkrdesk.core.survey.charts_data import ChartData, Series

    data = ChartData(kind=ChartKind.STATEMENTS, title="Udsagn", subtitle="", categories=("2.1", "2.2"),
                     series=(Series("Alle", (3.5, 4.0)), Series("2017", (None, None))),
                     value_label="Gennemsnit", digits=1)
    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(data)
    assert len(view.bars) == 2 and list(view.bars[1].opts["width"]) == []
