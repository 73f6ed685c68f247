"""Rendering the main window on a meeting to a PNG, offscreen, for the README, docs and CI."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from kkrdesk.core.errors import KkrError
from kkrdesk.ui import dialogs
from kkrdesk.ui.app import create_application
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings

SETTLE_SECONDS = 20


def _settle(app: QApplication, window: MainWindow) -> None:
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        app.processEvents()
        if window.session is None or not window.session.busy:
            break
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


def render_main_window(meeting_dir: Path, output: Path, size: tuple[int, int] = (1400, 900),
                       item_number: str | None = None) -> Path:
    """Open ``meeting_dir`` in a fresh main window with private settings and save a PNG of it."""
    app = create_application([])
    previous = dialogs.use(dialogs.StubDialogs(confirm=False, save_discard_cancel="discard"))
    with tempfile.TemporaryDirectory(prefix="kkrdesk-shot-") as scratch:
        settings = Settings(QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, data_dir=Path(scratch))
        try:
            connect_features(window)
            window.resize(*size)
            window.show()
            if not window.open_meeting(Path(meeting_dir)):
                errors = [text for kind, _, text in dialogs.service().shown if kind == "error"]
                raise KkrError("mødet kunne ikke åbnes." + (f" {errors[0]}" if errors else ""),
                               file=meeting_dir, hint="Kør kkrdesk validate på mappen for detaljer.")
            session = window.session
            target = next((i for i in session.meeting.items
                           if i.number == item_number or (item_number is None and i.bilag)), None)
            if target is not None:
                window.select(target)
            _settle(app, window)
            window.resize(*size)
            window.statusBar().clearMessage()
            _settle(app, window)
            output = Path(output)
            output.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(output), "PNG"):
                raise KkrError("billedet kunne ikke gemmes.", file=output,
                               hint="Kontrollér, at mappen findes, og at du kan skrive i den.")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
            dialogs.use(previous)
    return output
