"""Survey charts as PNG files, with or without a window (the viewer, the CLI), and the agenda's body font."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.charts_data import ChartData

LOGICAL_WIDTH = 900          # the plot is laid out at this width, then scaled to the PNG's width
MIN_HEIGHT = 420             # a chart of few categories is not drawn flatter than this


def ensure_application():
    """The running QApplication, or a new one (offscreen unless a platform is already chosen)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication([sys.argv[0] if sys.argv else "kkrdesk"])
    return app


@functools.cache
def body_font_family() -> str | None:
    """Carlito (shipped with kkrdesk; Calibri's metric twin, the agenda's body font), loaded into
    Qt's font database once (a QApplication must exist); its family name, or None if Qt cannot load it."""
    from importlib import resources

    from PySide6.QtGui import QFontDatabase

    families: list[str] = []
    for name in ("Carlito-Regular.ttf", "Carlito-Bold.ttf"):
        data = resources.files("kkrdesk.core.export").joinpath("fonts", name).read_bytes()
        families += QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFontFromData(data))
    return families[0] if families else None


def use_body_font(app) -> None:
    """Make the agenda's body font the application font, so an exported chart's text matches the
    text around it in Word."""
    from PySide6.QtGui import QFont

    family = body_font_family()
    if family:
        font = QFont(family)
        font.setPointSizeF(app.font().pointSizeF())
        app.setFont(font)


@contextmanager
def body_font():
    """Charts drawn inside are in the agenda's body font; the window and its own charts keep theirs."""
    from kkrdesk.ui.survey.chart_drawing import drawn_in

    ensure_application()
    family = body_font_family()
    if family is None:
        yield
        return
    with drawn_in(family):
        yield


def png_bytes(plot_widget, width: int) -> bytes:
    """The plot as shown, scaled evenly to ``width`` pixels, as PNG bytes.

    The scene is painted into a larger image, so text, bars and legend grow together
    (pyqtgraph's ImageExporter scales axis text and legend labels differently).
    """
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    scale = width / max(plot_widget.width(), 1)
    image = QImage(int(width), round(plot_widget.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    plot_widget.scene().render(painter, QRectF(0, 0, image.width(), image.height()),
                               plot_widget.sceneRect())
    painter.end()
    return image_png_bytes(image)


def image_png_bytes(image) -> bytes:
    """A QImage encoded as PNG."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise KkrError("diagrammet kunne ikke gemmes som PNG.", hint="Prøv igen med en mindre størrelse.")
    buffer.close()
    return bytes(data.data())


def save_png(plot_widget, target: Path, width: int) -> Path:
    """The chart a widget shows, written to ``target`` as PNG (atomically)."""
    return _write(Path(target), lambda: png_bytes(plot_widget, width))


def _write(target: Path, image: Callable[[], bytes]) -> Path:
    if not target.parent.is_dir():
        raise KkrError("mappen findes ikke.", file=target.parent, hint="Vælg en eksisterende mappe.")
    try:
        atomic.write_bytes(target, image())
    except OSError as exc:
        raise KkrError(f"diagrammet kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                       hint="Vælg en mappe, du kan skrive i.") from None
    return target


def chart_png_bytes(data: ChartData, *, width: int = 1600) -> bytes:
    """Draw ``data`` without a visible window and return it as PNG bytes.

    Run on its own (the command line's ``survey chart``), it draws in the agenda's
    body font; inside the window it keeps the window's font."""
    from PySide6.QtWidgets import QApplication

    own_application = QApplication.instance() is None
    app = ensure_application()
    if own_application:
        use_body_font(app)
    from kkrdesk.ui.survey.chart_drawing import draw_chart, fitted_height, new_plot_widget

    widget = new_plot_widget()
    try:
        draw_chart(widget.getPlotItem(), data)
        widget.resize(LOGICAL_WIDTH, max(MIN_HEIGHT, fitted_height(widget, data)))
        widget.show()                  # laid out on screen first, or long tick labels are cut
        app.processEvents()
        return png_bytes(widget, width)
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()


def render_chart_png(data: ChartData, target: Path, *, width: int = 1600) -> Path:
    """Draw ``data`` without a visible window and write it to ``target`` as PNG."""
    return _write(Path(target), lambda: chart_png_bytes(data, width=width))
