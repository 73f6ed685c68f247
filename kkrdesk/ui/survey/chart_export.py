"""Survey charts as PNG files, with or without a window: the viewer, the CLI and the Word export use it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.charts_data import ChartData

LOGICAL_WIDTH = 900          # the plot is laid out at this width, then scaled to the PNG's width


def chart_height(data: ChartData) -> int:
    """Room for every bar and its value label: more series or categories make a taller chart."""
    return max(420, 140 + len(data.categories) * (18 + 14 * max(1, len(data.series))))


def ensure_application():
    """The running QApplication, or a new one (offscreen unless a platform is already chosen)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "kkrdesk"])
    return app


def png_bytes(plot_widget, width: int) -> bytes:
    """The plot rendered ``width`` pixels wide as PNG bytes (shown first, so no label is cut)."""
    import pyqtgraph.exporters
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    exporter = pyqtgraph.exporters.ImageExporter(plot_widget.getPlotItem())
    exporter.parameters()["width"] = int(width)
    image = exporter.export(toBytes=True)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise KkrError("diagrammet kunne ikke gemmes som PNG.", hint="Prøv igen med en mindre bredde.")
    buffer.close()
    return bytes(data.data())


def save_png(plot_widget, target: Path, width: int) -> Path:
    target = Path(target)
    if not target.parent.is_dir():
        raise KkrError("mappen findes ikke.", file=target.parent, hint="Vælg en eksisterende mappe.")
    try:
        atomic.write_bytes(target, png_bytes(plot_widget, width))
    except OSError as exc:
        raise KkrError(f"diagrammet kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                       hint="Vælg en mappe, du kan skrive i.") from None
    return target


def render_chart_png(data: ChartData, target: Path, *, width: int = 1600) -> Path:
    """Draw ``data`` without a visible window and write it to ``target`` as PNG."""
    app = ensure_application()
    from kkrdesk.ui.survey.chart_drawing import draw_chart, new_plot_widget

    widget = new_plot_widget()
    try:
        draw_chart(widget.getPlotItem(), data)
        widget.resize(LOGICAL_WIDTH, chart_height(data))
        widget.show()
        app.processEvents()
        return save_png(widget, target, width)
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()
