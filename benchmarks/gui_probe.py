"""GUI timings in a fresh process: first paint of kkrdesk's window or of a bare one, a PDF page shown,
files dropped on the agenda, and an export from the export dialog, with the longest frame.

``python benchmarks/gui_probe.py STEP --since T ...`` prints its figures as JSON. ``--since`` is
the parent's wall clock just before it started this process, so start-up timings include the
interpreter and every import. The app runs unchanged: the probe only watches its events.

The frame probe (``drop``, ``export``) is a QTimer on the GUI thread that fires every
PROBE_MS; the longest gap between two of its ticks is the longest time the GUI thread could not
answer (paint, react to a click) while the work ran.
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
PROBE_MS = 10
LONG_FRAME_SECONDS = 0.1


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
    window.installEventFilter(watcher)
    window.resize(1280, 800)
    window.show()
    app.exec()


def app_start(since: float, meeting: str | None) -> None:
    """kkrdesk's own start (``kkrdesk.ui.app.main``) until its main window is first painted.

    Only the main window's own events are watched, as in the bare window: a filter on the whole
    application would bring every event of every widget into Python (PySide then also creates the
    enum classes of each Qt type it meets, ~100 more at start-up), which kkrdesk itself never does.
    """
    from kkrdesk import collection

    collection.pause()                    # as `kkrdesk MAPPE` does before it imports the window
    import kkrdesk.ui.app as app_module  # first, as `kkrdesk MAPPE` imports it: before Qt
    from kkrdesk.ui.main_window import MainWindow

    show = MainWindow.show

    def watched_show(window):
        window.installEventFilter(watcher)
        show(window)

    watcher = _first_paint_watcher(since, lambda widget: True)
    MainWindow.show = watched_show
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


class FrameProbe:
    """A timer on the GUI thread recording the gaps between its ticks (see the module's docstring)."""

    def __init__(self):
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.gaps: list[tuple[float, float]] = []   # (wall, GUI thread's CPU) seconds between ticks
        self._last = (0.0, 0.0)

    def start(self) -> None:
        self._last = (time.perf_counter(), time.thread_time())
        self.timer.start()

    def _tick(self) -> None:
        now = (time.perf_counter(), time.thread_time())
        self.gaps.append((now[0] - self._last[0], now[1] - self._last[1]))
        self._last = now

    def stop(self) -> dict:
        """The longest gap, and the GUI thread's own CPU time in it: a long gap with little CPU is
        the thread waiting (for the GIL, or for a core on a loaded machine), not working."""
        self._tick()
        self.timer.stop()
        walls = sorted(wall for wall, _ in self.gaps)
        longest = max(self.gaps)
        return {"longest_frame": longest[0], "longest_frame_gui_cpu": longest[1],
                "longest_gui_cpu_in_a_frame": max(cpu for _, cpu in self.gaps),
                "p99_frame": walls[round(0.99 * (len(walls) - 1))],
                "frames_over_100ms": sum(1 for wall in walls if wall > LONG_FRAME_SECONDS)}


def _wait(app, done, what: str) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.perf_counter() + GIVE_UP_SECONDS
    while not done():
        if time.perf_counter() > deadline:
            raise SystemExit(f"{what} did not finish within {GIVE_UP_SECONDS} s")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, POLL_MS)


def idle_frames(app, seconds: float = 2.0) -> dict:
    """The probe over the idle window: the same-run baseline of what the machine's load alone costs."""
    probe = FrameProbe()
    probe.start()
    until = time.perf_counter() + seconds
    _wait(app, lambda: time.perf_counter() > until, "the idle wait")
    figures = probe.stop()
    return {"idle_longest_frame": figures["longest_frame"], "idle_p99_frame": figures["p99_frame"],
            "idle_frames_over_100ms": figures["frames_over_100ms"]}


def _main_window(app, work: Path):
    from PySide6.QtCore import QSettings

    from kkrdesk.ui import dialogs
    from kkrdesk.ui.features import connect_features
    from kkrdesk.ui.main_window import MainWindow
    from kkrdesk.ui.settings import Settings

    dialogs.use(dialogs.StubDialogs())     # no modal box may stop the run
    settings = Settings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, data_dir=work / "data")
    connect_features(window)               # the agenda editor and the other features, as kkrdesk.ui.app does
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    return window


def drop_files(meeting: str, item_number: str, files: list[str], work: str) -> None:
    """Drop ``files`` on the item, as from the file manager, until the agenda shows them all."""
    from PySide6.QtCore import QMimeData, Qt, QUrl

    from kkrdesk.ui.app import create_application

    app = create_application([])
    window = _main_window(app, Path(work))
    if not window.open_meeting(Path(meeting)):
        raise SystemExit(f"could not open {meeting}")
    session = window.session
    item = session.meeting.item(item_number)
    model, view = session.model, window.feature("agenda").tree
    before = len(item.bilag)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path) for path in files])
    app.processEvents()
    idle = idle_frames(app)
    probe = FrameProbe()
    probe.start()
    started = time.perf_counter()
    model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, model.item_index(item))
    _wait(app, lambda: model.rowCount(model.item_index(item)) == before + len(files), "the drop")
    view.expand(model.item_index(item))
    view.scrollTo(model.index(before + len(files) - 1, 0, model.item_index(item)))
    app.processEvents()           # the rows are laid out and painted
    seconds = time.perf_counter() - started
    figures = {"seconds": seconds, **probe.stop(), **idle, "files": len(files)}
    session.stack.setClean()
    window.close()
    app.processEvents()
    _report(figures)


def export_dialog(meeting: str, pdf: str, work: str) -> None:
    """The export dialog: its preflight, then Eksportér (the PDF pack only) until it is done."""
    from kkrdesk.core.meeting.store import MeetingFolder
    from kkrdesk.ui.app import create_application
    from kkrdesk.ui.export.export_dialog import ExportDialog

    app = create_application([])
    window = _main_window(app, Path(work))
    folder = MeetingFolder.open(Path(meeting), write=False)
    probe = FrameProbe()
    probe.start()
    started = time.perf_counter()
    dialog = ExportDialog(folder, window)
    dialog.show()
    _wait(app, lambda: dialog.report is not None and not dialog.busy, "the preflight")
    preflight_seconds = time.perf_counter() - started
    preflight_frames = probe.stop()
    dialog.pdf_check.setChecked(True)
    dialog.pdf_path.setText(pdf)
    dialog.docx_check.setChecked(False)
    app.processEvents()
    idle = idle_frames(app)
    probe = FrameProbe()
    probe.start()
    started = time.perf_counter()
    dialog.export_button.click()
    _wait(app, lambda: dialog.export_result is not None and not dialog.busy, "the export")
    seconds = time.perf_counter() - started
    figures = {"seconds": seconds, **probe.stop(), **idle, "preflight_seconds": preflight_seconds,
               "preflight_longest_frame": preflight_frames["longest_frame"],
               "pages": dialog.export_result.total_pages}
    dialog.close()
    window.close()
    folder.close()
    app.processEvents()
    _report(figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["bare-window", "app-start", "reader-page", "pdfview-page", "drop",
                                         "export"])
    parser.add_argument("--since", type=float, default=None)
    parser.add_argument("--meeting")
    parser.add_argument("--pdf")
    parser.add_argument("--page", type=int, default=900)
    parser.add_argument("--item", default="2.2")
    parser.add_argument("--work", help="a folder for the window's settings and data")
    parser.add_argument("files", nargs="*")
    args = parser.parse_intermixed_args()
    if args.step == "bare-window":
        bare_window(args.since)
    elif args.step == "app-start":
        app_start(args.since, args.meeting)
    elif args.step == "reader-page":
        reader_page(args.pdf, args.page)
    elif args.step == "pdfview-page":
        pdfview_page(args.pdf, args.page)
    elif args.step == "drop":
        drop_files(args.meeting, args.item, args.files, args.work)
    else:
        export_dialog(args.meeting, args.pdf, args.work)


if __name__ == "__main__":
    main()
