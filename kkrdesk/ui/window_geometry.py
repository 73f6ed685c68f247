"""Where the main window opens: inside the available area of its screen, frame included."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1280, 820)       # the first start, on a screen with room for it
# The window manager's frame before the window is shown (Qt learns the real one only then):
# a title bar and borders, on the generous side so that the title bar is never off the screen.
ASSUMED_FRAME = QMargins(8, 40, 8, 8)
FRAME_POLL_MS = 50          # how often to look for the real frame after the window is shown …
FRAME_POLLS = 60            # … and for how long (the window manager adds it when it gets round to it)


def frame_margins(window: QWidget) -> QMargins:
    """The frame around ``window``'s contents: the real one once shown, else ASSUMED_FRAME."""
    frame, inner = window.frameGeometry(), window.geometry()
    known = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                     frame.right() - inner.right(), frame.bottom() - inner.bottom())
    return known if known.top() > 0 else ASSUMED_FRAME


def fitted(inner: QRect, available: QRect, margins: QMargins, minimum: QSize) -> QRect:
    """``inner`` (the contents' rectangle) made no larger than ``available`` leaves room for, and
    moved the least distance that puts it, with its frame of ``margins``, inside ``available``.

    Never below ``minimum``: a window that cannot shrink further keeps its title bar on the screen.
    """
    room = available.marginsRemoved(margins)
    width = max(minimum.width(), min(inner.width(), room.width()))
    height = max(minimum.height(), min(inner.height(), room.height()))
    left = max(room.left(), min(inner.left(), room.left() + room.width() - width))
    top = max(room.top(), min(inner.top(), room.top() + room.height() - height))
    return QRect(left, top, width, height)


def first_geometry(available: QRect, margins: QMargins, minimum: QSize, size: QSize = DEFAULT_SIZE) -> QRect:
    """The contents' rectangle on a first start: ``size``, or what fits, centred in ``available``."""
    room = available.marginsRemoved(margins)
    placed = QRect(0, 0, size.width(), size.height())
    placed.moveCenter(room.center())
    return fitted(placed, available, margins, minimum)


def place_on_screen(window: QWidget, restored: bool, size: QSize = DEFAULT_SIZE) -> None:
    """Give ``window`` its first-start geometry, or fit a ``restored`` one to the screen it is on now
    (saved on a larger screen: a laptop taken off its dock). A maximised window is left as it is.

    Once shown, the window is fitted again with its real frame (the window manager's title bar).
    """
    if window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen):
        return
    screen = window.screen()
    if screen is None:      # no screen at all: nothing to fit to
        return
    available = screen.availableGeometry()
    if restored:    # the frame it had is unknown here: its contents at least go on the screen
        window.setGeometry(fitted(window.geometry(), available, QMargins(), _minimum(window)))
    else:
        window.setGeometry(first_geometry(available, frame_margins(window), _minimum(window), size))
    _RefitWhenFramed(window)


def _minimum(window: QWidget) -> QSize:
    return window.minimumSizeHint().expandedTo(window.minimumSize())


def fit_to_screen(window: QWidget) -> None:
    """Move and shrink a shown window so that it, frame included, lies inside its screen's available area."""
    screen = window.screen()
    if screen is None or window.windowState() & (Qt.WindowState.WindowMaximized
                                                 | Qt.WindowState.WindowFullScreen):
        return
    inner = fitted(window.geometry(), screen.availableGeometry(), frame_margins(window), _minimum(window))
    if inner != window.geometry():
        window.setGeometry(inner)


class _RefitWhenFramed(QObject):
    """After the first show, waits for the window manager's frame and fits the window with it, once."""

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._polls = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_POLL_MS)
        self._timer.timeout.connect(self._look)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Show:
            self._window.removeEventFilter(self)
            self._timer.start()
        return False

    def _look(self) -> None:
        self._polls += 1
        framed = self._window.frameGeometry() != self._window.geometry()
        if framed or self._polls >= FRAME_POLLS:
            self._timer.stop()
            if framed:
                fit_to_screen(self._window)
            self.deleteLater()
