"""GUI timings in a fresh process: first paint of kkrdesk's window or of a bare one, and a PDF page shown.

``python benchmarks/gui_probe.py STEP --since T ...`` prints its figures as JSON. ``--since`` is
the parent's wall clock just before it started this process, so start-up timings include the
interpreter and every import. The app runs unchanged: the probe only watches its events.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INK = 128  # a grey darker than this on a page means its text has been drawn
POLL_MS = 5
GIVE_UP_SECONDS = 120


def _report(figures: dict) -> None:
    print(json.dumps(figures), flush=True)


def _first_paint_watcher(since: float, is_target):
    """An event filter that reports the first paint of a widget ``is_target`` accepts, then quits."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class FirstPaint(QObject):
        seen = False

        def eventFilter(self, watched, event):
            if not self.seen and event.type() == QEvent.Type.Paint and is_target(watched):
                self.seen = True
                # the rest of this repaint pass (the children) runs before a zero timer fires
                QTimer.singleShot(0, self.done)
            return False

        def done(self):
            _report({"seconds": time.time() - since})
            QApplication.instance().quit()

    return FirstPaint()


def bare_window(since: float) -> None:
    """The baseline: a QApplication with an empty QMainWindow, until it is first painted."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    watcher = _first_paint_watcher(since, lambda widget: widget is window)
    app.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    app.exec()


def app_start(since: float, meeting: str | None) -> None:
    """kkrdesk's own start (``kkrdesk.ui.app.main``) until its main window is first painted."""
    from PySide6.QtWidgets import QMainWindow

    import kkrdesk.ui.app as app_module

    create_application = app_module.create_application

    def watched_application(argv=None):
        app = create_application(argv)
        app.installEventFilter(watcher)
        return app

    watcher = _first_paint_watcher(since, lambda widget: isinstance(widget, QMainWindow))
    app_module.create_application = watched_application
    app_module.main([meeting] if meeting else [])


def _inked(widget) -> bool:
    from PySide6.QtGui import QImage

    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    return min(bytes(image.constBits())) < INK


def _wait_for_page(app, view, page: int, started: float) -> dict:
    """Process events until ``view`` is on ``page`` and shows ink (QtPdf renders in a thread)."""
    from PySide6.QtCore import QEventLoop

    deadline = started + GIVE_UP_SECONDS
    while time.perf_counter() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, POLL_MS)
        if view.pageNavigator().currentPage() == page - 1 and _inked(view.viewport()):
            return {"seconds": time.perf_counter() - started}
        if 0 < view.document().pageCount() < page:
            raise SystemExit(f"the PDF has only {view.document().pageCount()} pages")
        time.sleep(POLL_MS / 1000)
    raise SystemExit(f"page {page} was not shown within {GIVE_UP_SECONDS} s")


def reader_page(pdf: str, page: int) -> None:
    """kkrdesk's reader: show_file(pdf, page) until that page is drawn."""
    from kkrdesk.ui.app import create_application
    from kkrdesk.ui.reader.reader_panel import ReaderPanel

    app = create_application([])
    panel = ReaderPanel()
    panel.resize(1280, 900)
    panel.show()
    app.processEvents()
    started = time.perf_counter()
    panel.show_file(Path(pdf), page=page)
    figures = _wait_for_page(app, panel.pdf.view, page, started)
    figures["pages"] = panel.pdf.page_count()
    _report(figures)
    panel.close_document()
    panel.deleteLater()
    app.processEvents()


def pdfview_page(pdf: str, page: int) -> None:
    """The baseline: a bare QPdfDocument + QPdfView (multi-page, fit to width) jumping to the page."""
    from PySide6.QtCore import QPointF
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    document = QPdfDocument()
    view = QPdfView()
    view.setDocument(document)
    view.setPageMode(QPdfView.PageMode.MultiPage)
    view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
    view.resize(1280, 900)
    view.show()
    app.processEvents()
    started = time.perf_counter()
    document.load(pdf)
    app.processEvents()  # the view lays the pages out; a jump before that lands on the wrong page
    view.pageNavigator().jump(page - 1, QPointF(), view.pageNavigator().currentZoom())
    figures = _wait_for_page(app, view, page, started)
    _report(figures)
    document.close()
    view.deleteLater()
    app.processEvents()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["bare-window", "app-start", "reader-page", "pdfview-page"])
    parser.add_argument("--since", type=float, default=None)
    parser.add_argument("--meeting")
    parser.add_argument("--pdf")
    parser.add_argument("--page", type=int, default=900)
    args = parser.parse_args()
    if args.step == "bare-window":
        bare_window(args.since)
    elif args.step == "app-start":
        app_start(args.since, args.meeting)
    elif args.step == "reader-page":
        reader_page(args.pdf, args.page)
    else:
        pdfview_page(args.pdf, args.page)


if __name__ == "__main__":
    main()
