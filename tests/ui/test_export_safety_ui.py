"""The survey tables copy to the clipboard without runnable formulas, and a chart's title cannot steer where its PNG is saved."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QGuiApplication

from kkrdesk.core.survey.charts_data import ChartKind, chart_for
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.ui.survey.chart_view import ChartView
from tests.corpus.make_corpus import _survey_export


def roles_view(qtbot, tmp_path) -> ChartView:
    _survey_export(tmp_path)
    view = ChartView()
    qtbot.addWidget(view)
    view.set_chart(chart_for(summarize_survey(tmp_path / "formler_dataset.csv"), ChartKind.ROLES))
    return view


def test_copied_cells_that_look_like_formulas_are_plain_text(qtbot, tmp_path):
    view = roles_view(qtbot, tmp_path)
    for copy in (view.table.selection_text, lambda: (view.copy_table(),
                                                     QGuiApplication.clipboard().text())[1]):
        cells = [cell for line in copy().splitlines() for cell in line.split("\t")]
        assert "'=Borgmester" in cells and "'@Øvrigt medlem" in cells
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_the_suggested_png_name_stays_a_plain_file_name(qtbot, tmp_path, stub_dialogs):
    view = roles_view(qtbot, tmp_path)
    view.set_chart(replace(view.data, title="../../.config/autostart/x: roller"))
    view.save_png()                         # the stub answers "cancel"
    kind, _, suggested = stub_dialogs.shown[-1]
    assert kind == "save_file" and suggested.endswith(".png")
    assert "/" not in suggested and not suggested.startswith(".")
