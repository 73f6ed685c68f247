"""Survey charts as pictures for print and slides: a chosen size and resolution, a source line; PNG, SVG or clipboard."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from kkrdesk.core import atomic
from kkrdesk.core.errors import KkrError
from kkrdesk.core.survey.charts_data import ChartData
from kkrdesk.ui.survey.chart_drawing import draw_chart, family_style, fitted_height, new_plot_widget
from kkrdesk.ui.survey.chart_export import ensure_application, image_png_bytes

SCREEN_DPI = 96
MIN_LOGICAL_WIDTH = 760      # narrower, the names beside the bars would crowd the plot out
INCH_CM = 2.54


@dataclass(frozen=True)
class PictureSize:
    """A picture's size on paper or screen; ``dpi`` is written into the PNG so Word places it right."""

    label: str
    width_px: int
    height_px: int
    dpi: int

    @classmethod
    def on_paper(cls, label: str, width_cm: float, height_cm: float, dpi: int = 300) -> PictureSize:
        return cls(label, round(width_cm / INCH_CM * dpi), round(height_cm / INCH_CM * dpi), dpi)


PRINT = PictureSize.on_paper("Word og print (16 × 10 cm, 300 dpi)", 16, 10)
# 1920 px at 144 dpi is 13,33 inches, the width of a 16:9 slide; text is drawn half again as large
SLIDE = PictureSize("Præsentation (1920 × 1080)", 1920, 1080, 144)
SIZES = (PRINT, SLIDE)


def _drawn(data: ChartData, source: str) -> pg.PlotWidget:
    widget = new_plot_widget()
    plot = widget.getPlotItem()
    draw_chart(plot, data)
    if source:
        caption = pg.LabelItem(source, color="#444444", size="8pt", justify="left", **family_style())
        plot.layout.addItem(caption, 5, 1)
    return widget


def _logical_width(size: PictureSize) -> int:
    return max(MIN_LOGICAL_WIDTH, round(size.width_px * SCREEN_DPI / size.dpi))


def _laid_out(data: ChartData, size: PictureSize, source: str) -> pg.PlotWidget:
    """The chart drawn and laid out at the logical size whose text prints at its point size, made
    larger (same proportions) when its categories need more room than the picture's shape gives."""
    widget = _drawn(data, source)
    aspect = size.height_px / size.width_px
    width = _logical_width(size)
    height = round(width * aspect)
    needed = fitted_height(widget, data)
    if needed > height:
        width, height = round(needed / aspect), needed
    widget.resize(width, height)
    return widget


def grown_to_fit(data: ChartData, size: PictureSize, max_height_cm: float, source: str = "") -> PictureSize:
    """``size`` made taller, up to ``max_height_cm``, where ``data``'s categories need more room at
    its width: on paper the text then keeps its size instead of the whole chart shrinking."""
    ensure_application()
    widget = _drawn(data, source)
    try:
        width = _logical_width(size)
        needed_px = round(fitted_height(widget, data) * size.width_px / width)
    finally:
        widget.deleteLater()
    limit_px = round(max_height_cm / INCH_CM * size.dpi)
    height_px = min(max(size.height_px, needed_px), max(limit_px, size.height_px))
    return PictureSize(size.label, size.width_px, height_px, size.dpi)


def _rendered(widget: pg.PlotWidget, device, target: QRectF) -> None:
    painter = QPainter(device)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        widget.scene().render(painter, target, widget.sceneRect())
    finally:
        painter.end()


def _with_widget(data: ChartData, size: PictureSize, source: str, draw):
    app = ensure_application()
    widget = _laid_out(data, size, source)
    # shown, so that it is laid out (else long tick labels are cut), but never put on the screen
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    try:
        widget.show()
        app.processEvents()
        return draw(widget)
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()


def chart_image(data: ChartData, size: PictureSize, source: str = "") -> QImage:
    """The chart as an image of exactly ``size``, white behind, its resolution recorded."""
    def draw(widget):
        image = QImage(size.width_px, size.height_px, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        _rendered(widget, image, QRectF(0, 0, size.width_px, size.height_px))
        # recorded only after painting: Qt sizes point-size text by the device's resolution
        per_metre = round(size.dpi / INCH_CM * 100)
        image.setDotsPerMeterX(per_metre)
        image.setDotsPerMeterY(per_metre)
        return image
    return _with_widget(data, size, source, draw)


def svg_bytes(data: ChartData, size: PictureSize, source: str = "") -> bytes:
    """The chart as SVG (vector: sharp at any size), with its title and subtitle as the picture's
    title and description for screen readers."""
    def draw(widget):
        buffer_data = QByteArray()
        buffer = QBuffer(buffer_data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(widget.width(), widget.height()))
        generator.setViewBox(QRectF(0, 0, widget.width(), widget.height()))
        generator.setResolution(SCREEN_DPI)
        generator.setTitle(data.title)
        generator.setDescription(f"{data.subtitle}. {source}".strip(". "))
        _rendered(widget, generator, QRectF(0, 0, widget.width(), widget.height()))
        buffer.close()
        return bytes(buffer_data.data())
    return _with_widget(data, size, source, draw)


def save_chart(data: ChartData, target: Path, size: PictureSize, source: str = "") -> Path:
    """Write the chart to ``target`` as SVG (by its suffix) or PNG, atomically."""
    target = Path(target)
    if not target.parent.is_dir():
        raise KkrError("mappen findes ikke.", file=target.parent, hint="Vælg en eksisterende mappe.")
    content = svg_bytes(data, size, source) if target.suffix.lower() == ".svg" \
        else image_png_bytes(chart_image(data, size, source))
    try:
        atomic.write_bytes(target, content)
    except OSError as exc:
        raise KkrError(f"diagrammet kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                       hint="Vælg en mappe, du kan skrive i.") from None
    return target
