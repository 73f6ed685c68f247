"""What the Word agenda adds to its items and who draws its charts: chosen by the front ends, never by core.

The window and the command line export through ``agenda_extras`` and pass the chart renderer
they can offer: the window its own Qt through ``window_chart_renderer`` (drawn on the GUI
thread while the export runs in a worker); the command line a ``CommandLineCharts``, which
loads Qt (offscreen) at the first chart and, where Qt cannot be loaded, has the agenda say so
in place of the charts and keeps the reason for the command to print.
"""

from __future__ import annotations

import os

from kkrdesk.core.export.blocks import Block, ExtraContext, ItemExtraProvider
from kkrdesk.core.export.survey_charts import ChartRenderer, ChartsUnavailable, survey_charts
from kkrdesk.core.survey.charts_data import ChartData

NO_QT = ("kkrdesk kan ikke tegne diagrammer her, fordi Qt (PySide6) ikke kan indlæses ({detail}). "
         "Eksportér dagsordenen fra kkrdesk-vinduet, eller installér kkrdesk med dets grafiske del.")


def agenda_extras(render_chart: ChartRenderer) -> tuple[ItemExtraProvider, ...]:
    """The contract checker's findings and the survey charts, drawn by ``render_chart``."""
    return (_contract_findings_blocks, survey_charts(render_chart))


def _contract_findings_blocks(context: ExtraContext) -> list[Block]:
    # loaded when an agenda item asks: an export without an agenda does not load the checker
    from kkrdesk.core.export.contract_findings import contract_findings_blocks

    return contract_findings_blocks(context)


def window_chart_renderer() -> ChartRenderer:
    """The print renderer for an export the window runs in a worker; make it on the GUI thread."""
    from kkrdesk.ui.gui_thread import on_gui_thread
    from kkrdesk.ui.survey.agenda_charts import agenda_chart_png

    return on_gui_thread(agenda_chart_png)


class CommandLineCharts:
    """The print renderer for the command line: Qt is loaded at the first chart (offscreen, as
    no window is shown); ``missing`` keeps why there are no charts when it cannot be loaded."""

    def __init__(self):
        self.missing = ""

    def __call__(self, data: ChartData, source: str) -> bytes:
        if not _has_display():
            os.environ["QT_QPA_PLATFORM"] = "offscreen"   # a platform asked for without its display would abort
        try:
            from kkrdesk.ui.survey.agenda_charts import agenda_chart_png
        except ImportError as exc:
            self.missing = NO_QT.format(detail=exc)
            raise ChartsUnavailable(self.missing) from None
        return agenda_chart_png(data, source)


def _has_display() -> bool:
    """Whether the platform Qt would use here can start: an X or Wayland display on Linux; always elsewhere."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith("xcb"):
        return bool(os.environ.get("DISPLAY"))
    if platform.startswith("wayland"):
        return bool(os.environ.get("WAYLAND_DISPLAY"))
    return True          # offscreen already, or Qt's own choice (unset: ensure_application picks offscreen)
