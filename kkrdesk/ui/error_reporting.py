"""kkrdesk's own failures reach the user and the developers: the excepthook and the one way to show them."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtWidgets import QApplication, QWidget

from kkrdesk.ui import dialogs

log = logging.getLogger(__name__)
_showing = threading.Lock()


def show_internal_error(error: BaseException, parent: QWidget | None = None) -> None:
    """Show the fejlrapport through the DialogService, once per error; an error while one is on
    screen is only logged (it is in the log file already)."""
    if not _showing.acquire(blocking=False):
        return
    try:
        dialogs.service().report_internal(parent, error)
    finally:
        _showing.release()


def install_excepthook() -> None:
    """An exception no code caught (in a slot, a timer, an event handler) is logged and shown, not lost."""
    sys.excepthook = _excepthook


def _excepthook(kind, error, trace) -> None:
    if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    log.error("uncaught exception", exc_info=(kind, error, trace))
    try:
        show_internal_error(error, QApplication.activeWindow())
    except Exception:  # the hook must never raise; the log has the original error
        log.exception("the error dialog itself failed")
