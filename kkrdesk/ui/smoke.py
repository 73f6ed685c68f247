"""The smoke test of an installed or frozen kkrdesk: window, survey, Word agenda, pack, reader, search pool, exit."""

from __future__ import annotations

import logging
import os
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from kkrdesk import __version__
from kkrdesk.composition import agenda_extras, window_chart_renderer
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, Severity
from kkrdesk.core.export.exporter import ExportOptions, ExportResult, export_meeting
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.pdf_screen import count_pdf_pages
from kkrdesk.core.office.soffice import find_soffice
from kkrdesk.core.sample import sample_meeting_dir
from kkrdesk.core.survey.mapping import find_mapping
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.app import create_application
from kkrdesk.ui.features import connect_features
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.settings import Settings
from kkrdesk.ui.smoke_search import index_in_pool
from kkrdesk.ui.survey.chart_export import save_png
from kkrdesk.ui.survey.panel import SurveyPanel

log = logging.getLogger(__name__)

STEPS = 7
WAIT_SECONDS = 120            # the longest any background step may take (a slow machine's first run)
CHART_WIDTH = 1200


class SmokeTestFailed(KkrError):
    """A step of the smoke test did not do what it should."""

    code = "smoke-test-failed"


@contextmanager
def _private_folders(scratch: Path):
    """Caches and user data (screening verdicts, search indexes, notes) go to ``scratch`` too,
    for this process and the children it starts."""
    saved = {name: os.environ.get(name) for name in ("KKRDESK_DATA_DIR", "KKRDESK_CACHE_DIR")}
    os.environ["KKRDESK_DATA_DIR"] = str(scratch / "data")
    os.environ["KKRDESK_CACHE_DIR"] = str(scratch / "cache")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_smoke_test(say: Callable[[str], None] = print) -> int:
    """Run every step on a working copy of the sample in a temporary folder; 0 when all passed.

    Raises SmokeTestFailed naming the step that failed. Nothing outside the temporary folder is
    written: settings, recovery copies, LibreOffice's cache and the exports all live there.
    """
    started = time.monotonic()
    say(f"Røgtest af kkrdesk {__version__}")
    app = create_application([])
    previous = dialogs.use(dialogs.StubDialogs(confirm=False, save_discard_cancel="discard"))
    window: MainWindow | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="kkrdesk-smoke-") as scratch_name, \
                _private_folders(Path(scratch_name)):
            scratch = Path(scratch_name)
            steps = _Steps(say)
            with steps.step("bygger hovedvinduet med alle faner") as done:
                settings = Settings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat))
                window = MainWindow(settings, data_dir=scratch / "data")
                connect_features(window)
                window.show()
                done(f"{window.tabs.count()} faner")
            with steps.step("åbner eksempelmødet") as done:
                done(_open_sample(app, window))
            with steps.step("tegner et diagram fra undersøgelsen") as done:
                done(_draw_survey_chart(app, window, scratch / "diagram.png"))
            with steps.step("skriver dagsorden (Word) og bilagspakke (PDF)") as done:
                result = _export(window, scratch)
                done(_describe_export(result))
            with steps.step("åbner et bilag og bilagspakken i læseren (QtPdf)") as done:
                done(_read_pdfs(app, window, result))
            with steps.step("bygger søgeindeks over mange bilag i en pulje af processer") as done:
                done(index_in_pool(scratch))
            with steps.step("lukker vinduet") as done:
                _close(app, window)
                window = None
                done("ryddet op")
    finally:
        if window is not None:
            _close(app, window)
        dialogs.use(previous)
    say(f"Røgtesten er bestået på {danish.format_decimal(time.monotonic() - started)} sekunder.")
    return 0


class _Steps:
    """Numbers the steps, times them and prints one Danish line for each."""

    def __init__(self, say: Callable[[str], None]):
        self.say = say
        self.number = 0

    @contextmanager
    def step(self, text: str) -> Iterator[Callable[[str], None]]:
        self.number += 1
        started = time.monotonic()
        outcome: list[str] = []
        try:
            yield outcome.append
        except KkrError as exc:
            raise SmokeTestFailed(f"trin {self.number} ({text}) fejlede: {exc.message}", file=exc.file,
                                  hint=exc.hint, problems=exc.problems) from exc
        except Exception as exc:
            # The smoke test is a diagnosis tool: whoever runs it needs the traceback, here and in the log.
            log.error("smoke test step %d failed", self.number, exc_info=exc)
            traceback.print_exc()
            raise SmokeTestFailed(f"trin {self.number} ({text}) fejlede: {type(exc).__name__}: {exc}",
                                  hint="Se fejlsporet ovenfor.") from exc
        seconds = danish.format_decimal(time.monotonic() - started)
        detail = f": {outcome[-1]}" if outcome else ""
        self.say(f"[{self.number}/{STEPS}] OK – {text}{detail} ({seconds} s)")


def _wait_until(app: QApplication, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SmokeTestFailed(f"{what} blev ikke færdig på {WAIT_SECONDS} sekunder.")
        app.processEvents()
        time.sleep(0.01)


def _open_sample(app: QApplication, window: MainWindow) -> str:
    sample = sample_meeting_dir()
    if sample is None:
        raise SmokeTestFailed("eksempelmødet findes ikke i denne installation.",
                              hint="Byg programmet igen med packaging/build.sh.")
    if not window.open_meeting(sample):
        service = dialogs.service()
        shown = [text for kind, _, text in service.shown if kind == "error"] \
            if isinstance(service, dialogs.StubDialogs) else []
        raise SmokeTestFailed("eksempelmødet kunne ikke åbnes." + (f" {shown[-1]}" if shown else ""),
                              file=sample)
    session = _session(window)
    _wait_until(app, lambda: not session.busy, "Kontrollen af bilagsfilerne")
    meeting = session.meeting
    return f"{meeting.display_title}, {len(meeting.items)} punkter, {len(meeting.all_bilag())} bilag"


def _draw_survey_chart(app: QApplication, window: MainWindow, target: Path) -> str:
    session = _session(window)
    found = next(((item, bilag) for item in session.meeting.items for bilag in item.bilag
                  if bilag.kind is FileKind.XLSX and find_mapping(session.folder.file_path(bilag.file))),
                 None)
    if found is None:
        raise SmokeTestFailed("eksempelmødet har ingen undersøgelse.", file=session.folder.path)
    panel = window.feature("survey").panel
    if not isinstance(panel, SurveyPanel):
        raise SmokeTestFailed("vinduet har ingen fane Undersøgelse.")
    outcome: list[object] = []
    panel.loaded.connect(outcome.append)
    panel.failed.connect(outcome.append)
    window.bilagActivated.emit(session, *found)   # the same route as a double-click on the bilag
    _wait_until(app, lambda: bool(outcome), "Indlæsningen af undersøgelsen")
    if isinstance(outcome[0], KkrError):
        raise outcome[0]
    if window.tabs.currentWidget() is not panel:
        raise SmokeTestFailed("undersøgelsen blev ikke vist på fanen Undersøgelse.")
    view = panel.views[next(iter(panel.views))]
    app.processEvents()
    save_png(view.plot_widget, target, CHART_WIDTH)
    if view.data is None:
        raise SmokeTestFailed("diagrammet blev ikke tegnet.")
    return f"{view.data.title} ({danish.format_size(target.stat().st_size)})"


def _export(window: MainWindow, scratch: Path) -> ExportResult:
    folder = _session(window).folder
    # The Word agenda gets the survey's charts, drawn by the window's print renderer.
    options = ExportOptions(pdf=scratch / "eksport" / "bilag.pdf", docx=scratch / "eksport" / "dagsorden.docx",
                            cache_dir=scratch / "pdf-cache")
    extras = agenda_extras(window_chart_renderer())
    result = export_meeting(folder.path, _session(window).meeting, options, extras=extras)
    unexpected = [p for p in result.problems
                  if p.severity is Severity.ERROR and not (p.code == "bilag-not-converted" and find_soffice() is None)]
    if unexpected:
        raise SmokeTestFailed("eksporten blev ikke fuldstændig.", problems=unexpected,
                              hint=" ".join(p.format() for p in unexpected))
    _written(result.docx)
    if count_pdf_pages(_written(result.pdf)) != result.total_pages:
        raise SmokeTestFailed(f"bilagspakken har ikke de {result.total_pages} sider, der er planlagt.",
                              file=result.pdf)
    return result


def _session(window: MainWindow) -> MeetingSession:
    if window.session is None:
        raise SmokeTestFailed("intet møde er åbent i vinduet.")
    return window.session


def _written(path: Path | None) -> Path:
    """A file the export was asked to write, checked to be there and not empty."""
    if path is None or not path.is_file() or path.stat().st_size == 0:
        raise SmokeTestFailed("filen blev ikke skrevet.", file=path)
    return path


def _describe_export(result: ExportResult) -> str:
    if result.toc_updated:
        office = "LibreOffice udfyldte indholdsfortegnelsen"
    elif find_soffice() is None:
        office = "LibreOffice er ikke installeret: Word-bilag mangler i bilagspakken"
    else:
        office = "Word udfylder indholdsfortegnelsen ved åbning"
    return (f"Word-fil på {danish.format_size(_written(result.docx).stat().st_size)}, bilagspakke på "
            f"{result.total_pages} sider; {office}")


def _read_pdfs(app: QApplication, window: MainWindow, result: ExportResult) -> str:
    reader_feature = window.feature("reader")
    reader = reader_feature.reader
    session = _session(window)
    item, bilag = next((item, bilag) for item in session.meeting.items for bilag in item.bilag
                       if bilag.kind is FileKind.PDF)
    shown = []
    for show, expected in ((lambda: reader_feature.read(session, item, bilag), bilag.pages),
                           (lambda: reader.show_file(_written(result.pdf)), result.total_pages)):
        outcome: list[object] = []
        on_loaded, on_failed = (lambda: outcome.append(True)), outcome.append  # noqa: B023 - used in this turn only
        reader.loaded.connect(on_loaded)
        reader.failed.connect(on_failed)
        show()
        _wait_until(app, lambda: bool(outcome), "Visningen i læseren")  # noqa: B023 - waited for here
        reader.loaded.disconnect(on_loaded)
        reader.failed.disconnect(on_failed)
        if isinstance(outcome[0], KkrError):
            raise outcome[0]
        _wait_until(app, lambda: reader.pdf.page_count() == expected, "QtPdf's indlæsning")  # noqa: B023 - waited for here
        shown.append(reader.pdf.page_count())
    return (f"bilag {item.bilag_number(bilag)} til punkt {item.number} på {shown[0]} sider, "
            f"bilagspakken på {shown[1]} sider")


def _close(app: QApplication, window: MainWindow) -> None:
    """Close and delete the window before Qt shuts down; a live QPdfView at exit can crash it."""
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
