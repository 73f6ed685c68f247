"""Rendering the main window on a meeting to a PNG, offscreen, for the README, the user guide and CI.

Besides the agenda, a picture can show a bilag opened the way a double-click opens it (in the
reader, the survey viewer or the contract check), a tab, a search, or the export dialog, so
every picture in the user guide can be made again with one command.
"""

from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from kkrdesk.core.errors import KkrError, UsageError
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.app import create_application
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings

SETTLE_SECONDS = 20
PAINT_SECONDS = 0.8          # QPdfView and pyqtgraph paint after their data has arrived


@dataclass(frozen=True)
class Shot:
    """What the picture shows besides the window: every field is optional."""

    item: str | None = None        # the agenda item selected (default: the first with bilag)
    bilag: str | None = None       # "2.7/2": bilag 2 of item 2.7, opened as a double-click opens it
    tab: str | None = None         # a tab's title, e.g. "Læser", "Søg", "Undersøgelse", "Kontrakt"
    search: str | None = None      # a search run in the Søg tab
    export_dialog: bool = False    # the export dialog, after its check, instead of the window


def parse_bilag(text: str) -> tuple[str, int]:
    match = re.fullmatch(r"\s*([\w.]+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise UsageError(f'"{text}" er ikke et bilag.', hint="Skriv punkt/bilagsnummer, fx --bilag 2.7/2.")
    return match.group(1), int(match.group(2))


def _settle(app: QApplication, window: MainWindow, until=lambda: True) -> None:
    """Process events until the meeting is not busy and ``until()`` holds (or time runs out)."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        app.processEvents()
        idle = window.session is None or not window.session.busy
        if idle and until():
            break
        time.sleep(0.02)
    _paint(app, 0.1)


def _paint(app: QApplication, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)


def _tab_index(window: MainWindow, title: str) -> int:
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    for index, name in enumerate(titles):
        if name.casefold() == title.strip().casefold():
            return index
    raise UsageError(f'vinduet har ingen fane "{title}".', hint=f"Fanerne hedder: {', '.join(titles)}.")


def _done_signals(window: MainWindow) -> list:
    """The signals by which each viewer a bilag can open in says it is shown (or cannot be)."""
    survey = window.feature("survey").panel
    contract = window.feature("contracts").panel
    reader = window.feature("reader").reader
    return [survey.loaded, survey.failed, contract.reviewed, contract.failed, reader.loaded, reader.failed]


def _session(window: MainWindow) -> MeetingSession:
    if window.session is None:
        raise KkrError("intet møde er åbent i vinduet.")
    return window.session


def _open_bilag(app: QApplication, window: MainWindow, reference: str) -> None:
    item_number, bilag_number = parse_bilag(reference)
    session = _session(window)
    item = next((i for i in session.meeting.items if i.number == item_number), None)
    if item is None or not 1 <= bilag_number <= len(item.bilag):
        raise UsageError(f"mødet har intet bilag {bilag_number} til punkt {item_number}.",
                         file=session.folder.path, hint="Se punkter og bilag med kkrdesk show.")
    bilag = item.bilag[bilag_number - 1]
    window.feature("agenda").select(item, bilag)
    outcome: list[object] = []
    for signal in _done_signals(window):
        signal.connect(lambda *_args: outcome.append(True))
    window.bilagActivated.emit(session, item, bilag)
    _settle(app, window, lambda: bool(outcome))
    _paint(app, PAINT_SECONDS)


def _search(app: QApplication, window: MainWindow, query: str) -> None:
    panel = window.feature("reader").search
    window.show_tab(panel)
    done: list[object] = []
    panel.results_ready.connect(done.append)
    panel.search(query)
    _settle(app, window, lambda: bool(done))


def _export_dialog(app: QApplication, window: MainWindow, size: tuple[int, int]) -> QWidget:
    dialog = window.feature("export").open_dialog()
    dialog.resize(*size)
    _settle(app, window, lambda: dialog.report is not None)
    return dialog


def render_main_window(meeting_dir: Path, output: Path, size: tuple[int, int] = (1400, 900),
                       item_number: str | None = None, shot: Shot | None = None) -> Path:
    """Open ``meeting_dir`` in a fresh main window with private settings and save a PNG of it."""
    shot = shot or Shot(item=item_number)
    app = create_application([])
    previous = dialogs.use(dialogs.StubDialogs(confirm=False, save_discard_cancel="discard"))
    with tempfile.TemporaryDirectory(prefix="kkrdesk-shot-") as scratch:
        settings = Settings(QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings, data_dir=Path(scratch))
        dialog = None
        try:
            connect_features(window)
            window.resize(*size)
            window.show()
            if not window.open_meeting(Path(meeting_dir)):
                service = dialogs.service()
                errors = [text for kind, _, text in service.shown if kind == "error"] \
                    if isinstance(service, dialogs.StubDialogs) else []
                raise KkrError("mødet kunne ikke åbnes." + (f" {errors[0]}" if errors else ""),
                               file=meeting_dir, hint="Kør kkrdesk validate på mappen for detaljer.")
            session = _session(window)
            target = next((i for i in session.meeting.items
                           if i.number == shot.item or (shot.item is None and i.bilag)), None)
            if target is not None:
                window.feature("agenda").select(target)
            _settle(app, window)
            if shot.bilag:
                _open_bilag(app, window, shot.bilag)
            if shot.search:
                _search(app, window, shot.search)
            if shot.tab:
                window.tabs.setCurrentIndex(_tab_index(window, shot.tab))
                _settle(app, window)
            window.resize(*size)
            window.statusBar().clearMessage()
            _settle(app, window)
            subject: QWidget = window
            if shot.export_dialog:
                dialog = subject = _export_dialog(app, window, size)
            output = Path(output)
            output.parent.mkdir(parents=True, exist_ok=True)
            if not subject.grab().save(str(output), "PNG"):
                raise KkrError("billedet kunne ikke gemmes.", file=output,
                               hint="Kontrollér, at mappen findes, og at du kan skrive i den.")
        finally:
            if dialog is not None:
                dialog.close()
            window.close()
            window.deleteLater()
            app.processEvents()
            dialogs.use(previous)
    return output
