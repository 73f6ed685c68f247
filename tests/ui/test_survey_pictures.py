"""Survey charts saved for print and slides: exact sizes, resolution, SVG with a title, the clipboard."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication, QImage

from kkrdesk.core.survey.charts_data import ChartKind, chart_for
from kkrdesk.core.survey.load import summarize_survey
from kkrdesk.ui.survey.chart_print import PRINT, SLIDE, _laid_out
from kkrdesk.ui.survey.chart_view import ChartView
from tests.ui.test_survey_chart_layout import layout_faults
from tools.make_sample_survey import write_sample_survey


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    return summarize_survey(write_sample_survey(tmp_path_factory.mktemp("sample"))[0])


@pytest.fixture
def view(qtbot, summary):
    widget = ChartView()
    qtbot.addWidget(widget)
    widget.resize(700, 300)                       # a cramped window must not matter
    widget.show()
    widget.set_chart(chart_for(summary, ChartKind.STATEMENTS, None))
    widget.source = "Kilde: KKR-undersøgelse 2025 (118 besvarelser, syntetiske data)"
    return widget


@pytest.mark.slow
def test_print_png_is_16_by_10_cm_at_300_dpi(view, stub_dialogs, tmp_path):
    stub_dialogs.answers["save_file"] = tmp_path / "udsagn"
    view.save_picture(PRINT)
    image = QImage(str(tmp_path / "udsagn.png"))
    assert (image.width(), image.height()) == (1890, 1181)
    assert round(image.dotsPerMeterX() * 0.0254) == 300


def test_slide_png_is_full_hd(view, stub_dialogs, tmp_path):
    stub_dialogs.answers["save_file"] = tmp_path / "udsagn.png"
    view.save_picture(SLIDE)
    assert QImage(str(tmp_path / "udsagn.png")).size().toTuple() == (1920, 1080)


def test_svg_is_vector_with_the_chart_title_for_screen_readers(view, stub_dialogs, tmp_path):
    stub_dialogs.answers["save_file"] = tmp_path / "udsagn.svg"
    view.save_picture(PRINT, svg=True)
    text = (tmp_path / "udsagn.svg").read_text(encoding="utf-8")
    assert "<svg" in text and "<title>Udsagn: gennemsnit</title>" in text
    assert "KKR-undersøgelse 2025" in text


def test_copy_image_puts_a_slide_sized_picture_on_the_clipboard(view):
    view.copy_image()
    assert QGuiApplication.clipboard().image().size().toTuple() == (1920, 1080)


@pytest.mark.parametrize("size", [PRINT, SLIDE], ids=["print", "slide"])
@pytest.mark.parametrize("kind", [ChartKind.KEYWORDS, ChartKind.STATEMENTS, ChartKind.ROLES])
@pytest.mark.slow
def test_pictures_are_laid_out_without_overlaps(qtbot, summary, size, kind):
    widget = _laid_out(chart_for(summary, kind, "KKR Sjælland"), size, "Kilde: test")
    qtbot.addWidget(widget)
    widget.show()
    widget.grab()

    class Holder:
        plot_widget = widget

    assert layout_faults(Holder()) == []
