"""»Gør scannet bilag søgbart«: OCR of one PDF bilag in the background, page by page, with a working Annuller."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from kkrdesk.core.errors import KkrError
from kkrdesk.core.ocr.rendition import (
    INSTALL_HINT,
    OcrCancelled,
    find_ocr_tools_or_reason,
    ocr_rendition,
)
from kkrdesk.ui import dialogs
from kkrdesk.ui.background import BackgroundOp, Cancelled, Progress

ACTION_TEXT = "Gør scannet bilag søgbart"
TITLE = "Gør scannet bilag søgbart"


class MissingTools:
    """Whether the user has been told this session that the OCR tools are missing (told once)."""

    told = False


def missing_tools() -> str:
    """What is missing for OCR, in Danish, or "" when ocrmypdf and Danish Tesseract are there."""
    tools, reason = find_ocr_tools_or_reason()
    return "" if tools is not None else reason


def tell_missing_once(parent: QWidget | None) -> bool:
    """Say once what is missing and how to install it; True if the tools are there."""
    reason = missing_tools()
    if not reason:
        return True
    if not MissingTools.told:
        MissingTools.told = True
        dialogs.service().inform(parent, TITLE, f"Scannede bilag kan ikke gøres søgbare, fordi "
                                 f"{reason}.\n\n{INSTALL_HINT}")
    return False


class MakeSearchable(QObject):
    """One OCR run of the file ``path`` (fingerprint ``sha256``); ``done`` carries the copy, or None.

    The original file is never written; the copy lands in kkrdesk's cache under the file's
    sha256, where search, the reader, the contract checker and (if chosen) the pack find it.
    """

    done = Signal(object)     # Path of the searchable copy, or None (failed or cancelled)

    def __init__(self, parent: QWidget, path: Path, sha256: str | None, label: str):
        super().__init__(parent)
        self._parent, self.path, self.sha256, self.label = parent, Path(path), sha256, label
        self.dialog: QProgressDialog | None = None
        self.op: BackgroundOp | None = None
        self._stop = threading.Event()       # set by Annuller, and when the window goes away

    def start(self) -> bool:
        """Begin in the background; False (after telling the user once) when the tools are missing."""
        if not tell_missing_once(self._parent):
            self.done.emit(None)
            return False
        self.dialog = QProgressDialog(f"Læser {self.label} med tekstgenkendelse …", "Annuller", 0, 0,
                                      self._parent)
        self.dialog.setWindowTitle(TITLE)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setAccessibleName(TITLE)
        self.op = BackgroundOp(self._work, on_success=self._succeeded, on_failure=self._failed,
                               on_cancel=self._cancelled, parent=self)
        self.op.progress.connect(self._progress)
        self.op.finished.connect(self._finished)
        stop = self._stop
        self.dialog.canceled.connect(stop.set)
        self._parent.destroyed.connect(lambda *_: stop.set())   # a closed window stops ocrmypdf too,
        application = QCoreApplication.instance()
        if application is not None:
            application.aboutToQuit.connect(stop.set)             # and so does quitting kkrdesk
        self.dialog.show()
        self.op.start()
        return True

    def _work(self, progress: Progress) -> Path:
        def page_done(done: int, total: int) -> None:
            progress.report(done, total, f"Side {done} af {total} er læst …" if total else "")

        try:
            return ocr_rendition(self.path, cancelled=self._stop, on_page=page_done,
                                 expected_sha256=self.sha256)
        except OcrCancelled:
            raise Cancelled from None

    def _progress(self, done: int, total: int, text: str) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)
            if text:
                self.dialog.setLabelText(f"{self.label}: {text}")

    def _succeeded(self, copy: Path) -> None:
        self._close_dialog()
        self.done.emit(copy)

    def _failed(self, error: KkrError) -> None:
        self._close_dialog()
        dialogs.service().error(self._parent, TITLE, error)
        self.done.emit(None)

    def _cancelled(self) -> None:
        self._close_dialog()
        self.done.emit(None)

    def _finished(self) -> None:
        if self.op is not None:
            self.op.deleteLater()
        self.op = None

    def _close_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    @property
    def running(self) -> bool:
        return self.op is not None
