"""The Word agenda's survey charts from the window: drawn by the print renderer on the GUI thread while
the export runs in a worker, 16 cm wide at 300 dpi, the window's own font given back afterwards."""

from __future__ import annotations

import re
import threading
import zipfile

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from kkrdesk.composition import agenda_extras, window_chart_renderer
from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.survey.charts_data import ChartData, ChartKind, Series
from kkrdesk.ui.background import BackgroundOp
from kkrdesk.ui.export.export_dialog import ExportDialog
from kkrdesk.ui.gui_thread import on_gui_thread
from kkrdesk.ui.survey import agenda_charts
from kkrdesk.ui.survey.agenda_charts import agenda_chart_png
from kkrdesk.ui.survey.chart_drawing import chart_font
from kkrdesk.ui.survey.chart_export import body_font

EMU_PER_CM = 360_000
CHART = ChartData(ChartKind.STATEMENTS, "Udsagn: gennemsnit", "KKR Sjælland (n = 22)",
                  ("2.1 KKR er et godt koordineringsforum", "2.2 Der er bred opbakning"),
                  (Series("KKR Sjælland", (4.2, 4.4)),), "Gennemsnit", 1, value_range=(1, 5))


def _run_in_worker(qtbot, work):
    outcome = []
    op = BackgroundOp(lambda progress: work(), on_success=outcome.append, on_failure=outcome.append)
    with qtbot.waitSignal(op.finished, timeout=30000):
        op.start()
    return outcome[0]


def test_a_call_from_a_worker_runs_on_the_gui_thread_and_brings_back_its_result(qtbot):
    threads = []
    call = on_gui_thread(lambda x: threads.append(threading.current_thread()) or x * 2)
    assert _run_in_worker(qtbot, lambda: call(21)) == 42
    assert threads == [threading.main_thread()]


def test_a_failure_on_the_gui_thread_reaches_the_worker_that_asked(qtbot):
    def fail():
        raise KkrError("diagrammet kunne ikke tegnes.")

    error = _run_in_worker(qtbot, lambda: on_gui_thread(fail)())
    assert isinstance(error, KkrError) and error.message == "diagrammet kunne ikke tegnes."


def test_agenda_charts_are_drawn_in_carlito_while_the_windows_charts_keep_its_font(qtbot):
    app = QApplication.instance()
    with body_font():
        assert chart_font().family() == "Carlito"
    assert chart_font().family() == app.font().family() != "Carlito"


def test_an_agenda_chart_is_16_cm_wide_at_300_dpi_and_the_window_keeps_its_font(qtbot):
    app = QApplication.instance()
    before = app.font()
    image = QImage.fromData(agenda_chart_png(CHART, "Kilde: prøve (22 besvarelser)"))
    assert image.width() == 1890 and 1181 <= image.height() <= 1300          # 16 cm × 10-11 cm
    assert round(image.dotsPerMeterX() * 0.0254) == 300
    assert app.font() == before


@pytest.mark.slow
def test_the_window_exports_the_sample_agenda_with_its_charts_drawn_on_the_gui_thread(qtbot, sample_dir,
                                                                                       tmp_path, monkeypatch,
                                                                                       stub_dialogs):
    monkeypatch.setenv("KKRDESK_NO_LIBREOFFICE", "1")
    drawn_on = []
    real = agenda_charts.chart_image

    def recording(*args, **kwargs):
        drawn_on.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(agenda_charts, "chart_image", recording)
    dialog = ExportDialog(MeetingFolder.open(sample_dir, write=False),
                          extras=lambda: agenda_extras(window_chart_renderer()))
    qtbot.addWidget(dialog)
    dialog.pdf_check.setChecked(False)
    dialog.docx_path.setText(str(tmp_path / "dagsorden.docx"))
    dialog.override_check.setChecked(True)
    qtbot.waitUntil(lambda: dialog.report is not None and not dialog.busy, timeout=60000)
    dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=120000)
    assert dialog.export_result is not None, stub_dialogs.shown
    assert drawn_on == [True, True]              # the keyword and the statement chart, both on the GUI thread
    with zipfile.ZipFile(tmp_path / "dagsorden.docx") as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        pictures = [name for name in archive.namelist() if name.startswith("word/media/")]
    assert len(pictures) == 2
    widths = [int(cx) for cx in re.findall(r'<wp:extent cx="(\d+)"', document)]
    assert [round(w / EMU_PER_CM, 1) for w in widths] == [16.0, 16.0]
    assert re.search(r'descr="Søjlediagram\. Nøgleord: antal markeringer, KKR Sjælland', document)
