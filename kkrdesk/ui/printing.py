"""Printing what the user sees: the agenda as a laid-out document, a PDF bilag page by page."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QPageLayout, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from kkrdesk.core import danish
from kkrdesk.core.meeting import Meeting

TEXT_FIELDS = (("resume", "Resumé"), ("indstilling", "Indstilling"), ("sagsfremstilling", "Sagsfremstilling"))
RENDER_DPI = 200   # a PDF page is drawn at this resolution before it goes to the printer


def _paragraphs(text: str) -> str:
    """The agenda's plain text convention: blank lines part paragraphs, "- " lines are bullets."""
    parts = []
    for block in (b.strip() for b in text.split("\n\n")):
        if not block:
            continue
        lines = block.splitlines()
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{html.escape(line.lstrip()[2:])}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{'<br/>'.join(html.escape(line) for line in lines)}</p>")
    return "".join(parts)


def agenda_html(meeting: Meeting) -> str:
    """The agenda as HTML for QTextDocument: heading, when and where, then each item with its bilag."""
    when = danish.format_date(meeting.date, weekday=True).capitalize()
    if meeting.start:
        when += " " + danish.format_time(meeting.start)
    if meeting.place:
        when += f", {meeting.place}"
    parts = [f"<h1>{html.escape(meeting.display_title)}</h1><p><b>{html.escape(when)}</b></p>",
             "<h2>Dagsorden</h2><table cellspacing='0' cellpadding='2'>"]
    parts += [f"<tr><td width='60'>{html.escape(item.number)}</td>"
              f"<td>{html.escape(item.heading[len(item.number):].strip())}"
              f"{' (lukket)' if item.closed else ''}</td></tr>" for item in meeting.items]
    parts.append("</table>")
    for item in meeting.items:
        parts.append(f"<h3>{html.escape(item.heading)}{' (lukket punkt)' if item.closed else ''}</h3>")
        if item.case_id:
            parts.append(f"<p><i>Sagsnummer: {html.escape(item.case_id)}</i></p>")
        for field, label in TEXT_FIELDS:
            text = getattr(item, field)
            if text.strip():
                parts.append(f"<h4>{label}</h4>{_paragraphs(text)}")
        if item.bilag:
            rows = "".join(f"<li>Bilag {number}: {html.escape(bilag.title)}"
                           f"{' (lukket)' if bilag.closed else ''}</li>"
                           for number, bilag in enumerate(item.bilag, start=1))
            parts.append(f"<h4>Bilag</h4><ul>{rows}</ul>")
    return "".join(parts)


def print_agenda(printer: QPrinter, meeting: Meeting) -> None:
    document = QTextDocument()
    document.setDefaultStyleSheet("h1 { font-size: 18pt; } h3 { font-size: 13pt; margin-top: 14px; } "
                                  "h4 { font-size: 10pt; margin-bottom: 2px; } p, li { font-size: 10pt; }")
    document.setHtml(agenda_html(meeting))
    document.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    document.print_(printer)


def print_pdf(printer: QPrinter, pdf_document) -> None:
    """Every page of a loaded QPdfDocument (or the printer's page range), scaled to fit the paper."""
    count = pdf_document.pageCount()
    first, last = printer.fromPage(), printer.toPage()
    pages = range(first - 1, min(last, count)) if first and last else range(count)

    def draw(painter: QPainter, target: QRectF) -> None:
        for position, page in enumerate(pages):
            if position:
                printer.newPage()
            points = pdf_document.pagePointSize(page)
            scale = RENDER_DPI / 72
            image = pdf_document.render(page, QSize(round(points.width() * scale), round(points.height() * scale)))
            fitted = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(QPointF(target.x() + (target.width() - fitted.width()) / 2, target.y()),
                                     fitted), image)

    _paint(printer, draw)


def print_text(printer: QPrinter, document: QTextDocument) -> None:
    document.clone().print_(printer)


def _paint(printer: QPrinter, draw: Callable[[QPainter, QRectF], None]) -> None:
    """``draw(painter, target)`` on the printer, ``target`` being the printable area moved to (0, 0)."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        target.moveTo(0, 0)
        draw(painter, target)
    finally:
        painter.end()


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer
