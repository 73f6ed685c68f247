"""The Word agenda's survey charts, drawn by the print renderer ("Gem billede … til Word og print") in Carlito."""

from __future__ import annotations

from kkrdesk.core.export.word_agenda import PICTURE_MAX_HEIGHT_CM
from kkrdesk.core.survey.charts_data import ChartData
from kkrdesk.ui.survey.chart_export import body_font, image_png_bytes
from kkrdesk.ui.survey.chart_print import PRINT, chart_image, grown_to_fit

AGENDA_SIZE = PRINT          # 16 × 10 cm at 300 dpi: inside the agenda's 16,5 cm text block


def agenda_chart_png(data: ChartData, source: str) -> bytes:
    """``data`` as a PNG 16 cm wide, as tall as its categories need (up to the agenda's tallest picture),
    its resolution recorded so Word places it at that size. Qt draws only on the GUI thread: from a
    worker, call it through ``kkrdesk.ui.gui_thread``."""
    with body_font():
        size = grown_to_fit(data, AGENDA_SIZE, PICTURE_MAX_HEIGHT_CM, source)
        return image_png_bytes(chart_image(data, size, source))
