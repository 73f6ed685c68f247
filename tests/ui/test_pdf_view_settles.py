"""A one-page bilag about as tall as the reader's view: the view settles instead of freezing the window."""

from __future__ import annotations

import faulthandler

from PySide6.QtCore import QEvent, QEventLoop, QObject
from PySide6.QtWidgets import QApplication

from kkrdesk.ui.reader.pdf_pane import PdfPane
from tests.factories import make_pdf

WIDTH = 700
HANG_SECONDS = 60


class ShownOrHidden(QObject):
    """Counts the Show and Hide events of the widget it watches."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched, event) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            self.count += 1
        return False


def settle(milliseconds: int) -> None:
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, milliseconds)


def test_a_page_as_tall_as_the_view_does_not_show_and_hide_the_scroll_bar_for_ever(qtbot, tmp_path):
    pane = PdfPane()
    qtbot.addWidget(pane)
    pane.show()
    pane.load(make_pdf(tmp_path / "en-side.pdf", 1))
    pane.resize(WIDTH, 2000)
    settle(50)
    chrome = pane.height() - pane.view.height()
    page = pane.document.pagePointSize(0)
    fitted = int(pane.view.viewport().width() * page.height() / page.width())   # the page's height, fitted
    toggles = ShownOrHidden()
    pane.view.verticalScrollBar().installEventFilter(toggles)
    worst = 0
    # The old view never returned to the event loop: end the run with a traceback rather than hang CI.
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    try:
        for height in range(fitted - 60, fitted + 60, 2):     # the heights where the bar decides the width
            pane.resize(WIDTH, height + chrome)
            settle(5)
            before = toggles.count
            settle(15)
            worst = max(worst, toggles.count - before)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert worst <= 2, f"the scroll bar was shown or hidden {worst} times in 15 ms"
