"""Plugging the feature panels (reader and search, survey, contracts, export) into the main window.

Each panel, and the libraries behind it (pandas, pyqtgraph, QtPdf, python-docx, pikepdf), is
loaded the first time it is needed, not at start-up: the window paints without waiting for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import QWidget

from kkrdesk.core.contracts.bilag import is_contract_bilag
from kkrdesk.core.meeting import FileKind
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.ui.contracts.panel import ContractPanel
    from kkrdesk.ui.export.export_dialog import ExportDialog
    from kkrdesk.ui.reader.reader_panel import ReaderPanel
    from kkrdesk.ui.reader.search_panel import SearchPanel
    from kkrdesk.ui.survey.panel import SurveyPanel

Panel = TypeVar("Panel", bound=QWidget)


class LazyTab(Generic[Panel]):
    """A feature tab whose panel is built when the tab is first chosen or the panel first used.

    Until then the tab holds an empty page; the built panel takes its place at the same index.
    """

    def __init__(self, window: MainWindow, title: str, build: Callable[[], Panel]):
        self.window, self._build = window, build
        self.built: Panel | None = None
        self._placeholder = QWidget()
        window.add_feature_tab(self._placeholder, title)
        window.tabs.currentChanged.connect(self._tab_changed)

    @property
    def panel(self) -> Panel:
        if self.built is None:
            tabs = self.window.tabs
            index, chosen = tabs.indexOf(self._placeholder), tabs.currentWidget() is self._placeholder
            current = tabs.currentIndex()
            self.built = self._build()
            # swapped silently: removing the current page would otherwise make its neighbour
            # current for a moment, and build (or re-index) that tab's panel too
            tabs.blockSignals(True)
            try:
                tabs.insertTab(index, self.built, tabs.tabText(index))
                tabs.removeTab(index + 1)
                tabs.setCurrentIndex(index if chosen else current)
            finally:
                tabs.blockSignals(False)
            self._placeholder.deleteLater()
        return self.built

    def is_current(self) -> bool:
        current = self.window.tabs.currentWidget()
        return current is not None and current in (self._placeholder, self.built)

    def _tab_changed(self, _index: int) -> None:
        if self.built is None and self.window.tabs.currentWidget() is self._placeholder:
            self.panel  # noqa: B018  (building it is the point)


def live_source(session: MeetingSession) -> ReadingSource:
    """What the reader and search see of the meeting being edited: a snapshot of its current state."""
    from kkrdesk.core.pack.format import pack_id_for
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.core.search.index import SearchIndex, default_index_path

    folder = session.folder.path
    meeting = session.meeting.copy()
    return ReadingSource(folder=folder, meeting=meeting, index=SearchIndex(default_index_path(folder)),
                         pack_id=pack_id_for(meeting), read_only=False)


class ReaderFeature:
    """The "Læser" and "Søg" tabs: read any bilag of the open meeting and search the whole meeting."""

    def __init__(self, window: MainWindow):
        self.window = window
        self._indexed_at: tuple[object, int] | None = None
        self._reader: LazyTab[ReaderPanel] = LazyTab(window, "&Læser", _reader_panel)
        self._search: LazyTab[SearchPanel] = LazyTab(window, "S&øg", self._search_panel)
        action = window.make_action("&Søg i mødet", self.show_search, ["Ctrl+F"], None,
                                "Søg i alle bilag og punkternes tekster")
        window.view_menu.addAction(action)
        window.sessionChanged.connect(self._session_changed)
        window.tabs.currentChanged.connect(self._tab_changed)
        window.aboutToClose.connect(self.shutdown)
        window.print_sources.append(self._print_source)

    def _print_source(self):
        """Udskriv on the Læser tab prints the bilag shown there."""
        if not self._reader.is_current() or self._reader.built is None:
            return None
        render = self._reader.built.print_render()
        if render is None or self._reader.built.current is None:
            return None
        item_number, bilag_number = self._reader.built.current
        return f"Udskriv bilag {bilag_number} til punkt {item_number}", render

    @property
    def reader(self) -> ReaderPanel:
        return self._reader.panel

    @property
    def search(self) -> SearchPanel:
        return self._search.panel

    def _search_panel(self) -> SearchPanel:
        from kkrdesk.ui.reader.search_panel import SearchPanel

        panel = SearchPanel()
        panel.hit_activated.connect(self.open_hit)
        return panel

    def read(self, session: MeetingSession, item, bilag) -> bool:
        if bilag.kind is FileKind.OTHER:
            return False
        self.reader.show_bilag(live_source(session), item.number, item.bilag_number(bilag))
        self.window.show_tab(self.reader)
        return True

    def show_search(self) -> None:
        self.window.show_tab(self.search)
        self.search.query_box.setFocus()

    def open_hit(self, hit) -> None:
        if self.window.session is None:
            return
        if hit.bilag_number is None:
            self.reader.set_source(live_source(self.window.session))
            self.reader.show_item(hit.item_number, hit.highlight)
        else:
            self.reader.show_bilag(live_source(self.window.session), hit.item_number, hit.bilag_number,
                                   hit.page, hit.highlight)
        self.window.show_tab(self.reader)

    def _session_changed(self, session) -> None:
        self._indexed_at = None
        if self._reader.built is not None:
            self._reader.built.close_document()
        if session is not None and self._search.is_current():
            self._reindex()

    def _tab_changed(self, _index: int) -> None:
        if self._search.is_current():
            self._reindex()
        elif self._reader.is_current() and self.reader.current is None and self.reader.preview is None:
            self._read_something()

    def _read_something(self) -> None:
        """An empty Læser tab shows the bilag chosen on the agenda, else the meeting's first one."""
        window, session = self.window, self.window.session
        if session is None:
            return
        chosen = window.selected()
        candidates = ([chosen] if chosen is not None and chosen[1] is not None else []) + [
            (item, bilag) for item in session.meeting.items for bilag in item.bilag]
        for item, bilag in candidates:
            if bilag.kind is not FileKind.OTHER:
                self.read(session, item, bilag)
                return

    def _reindex(self) -> None:
        """(Re)build the index when the search tab is shown and the meeting changed since last time."""
        session = self.window.session
        if session is None:
            return
        state = (session, session.stack.index())
        if state != self._indexed_at:
            self._indexed_at = state
            self.search.set_source(live_source(session))

    def shutdown(self) -> None:
        if self._reader.built is not None:
            self._reader.built.close_document()
        if self._search.built is not None:
            self._search.built.shutdown()


def _reader_panel() -> ReaderPanel:
    from kkrdesk.ui.reader.reader_panel import ReaderPanel

    return ReaderPanel()


class SurveyFeature:
    """The "Undersøgelse" tab: a survey export attached to an item, as charts and tables."""

    def __init__(self, window: MainWindow):
        self.window = window
        self._tab: LazyTab[SurveyPanel] = LazyTab(window, "&Undersøgelse", self._survey_panel)

    @property
    def panel(self) -> SurveyPanel:
        return self._tab.panel

    def _survey_panel(self) -> SurveyPanel:
        from kkrdesk.ui.survey.panel import SurveyPanel

        return SurveyPanel(settings=self.window.settings)   # recent surveys beside recent meetings

    def show(self, session: MeetingSession, item, bilag) -> bool:
        from kkrdesk.core.survey.mapping import find_mapping

        if bilag.kind not in (FileKind.XLSX, FileKind.CSV):
            return False
        path = session.folder.file_path(bilag.file)
        mapping = find_mapping(path)
        if mapping is None:
            return False
        self.panel.open_export(path, mapping)
        self.window.show_tab(self.panel)
        return True


class ContractFeature:
    """The "Kontrakt" tab: a resultatkontrakt bilag is checked against the rammeaftale."""

    def __init__(self, window: MainWindow):
        self.window = window
        self._tab: LazyTab[ContractPanel] = LazyTab(window, "&Kontrakt", self._contract_panel)
        self._checked: tuple[MeetingSession, object] | None = None   # the session and item checked
        window.tabs.currentChanged.connect(self._tab_changed)

    def _tab_changed(self, _index: int) -> None:
        """An empty Kontrakt tab checks the meeting's own resultatkontrakt, if it has one."""
        session = self.window.session
        if (session is None or not self._tab.is_current()
                or (self._checked is not None and self._checked[0] is session)):
            return
        for item in session.meeting.items:
            for bilag in item.bilag:
                if is_contract_bilag(bilag):
                    self.check(session, item, bilag)
                    return

    @property
    def panel(self) -> ContractPanel:
        return self._tab.panel

    def _contract_panel(self) -> ContractPanel:
        from kkrdesk.ui.contracts.panel import ContractPanel

        panel = ContractPanel()
        panel.note_written.connect(self.offer_note_as_bilag)
        return panel

    def offer_note_as_bilag(self, path) -> None:
        """A note written about a contract of the open meeting can go straight onto its item."""
        if self._checked is None:
            return
        session, item = self._checked
        if session is not self.window.session or session.read_only or item not in session.meeting.items:
            return
        if dialogs.service().confirm(self.window, "Læg notatet på punktet",
                                     f"Vil du lægge notatet på punkt {item.number} som bilag?"):
            session.add_files(item, len(item.bilag), [path])

    def check(self, session: MeetingSession, item, bilag) -> bool:
        from kkrdesk.core.contracts.agenda_extra import results_file_for

        if not is_contract_bilag(bilag):
            return False
        results = results_file_for(item, bilag)
        self._checked = (session, item)
        folder = session.folder
        self.panel.open_contract(folder.file_path(bilag.file),
                                 folder.file_path(results.file) if results is not None else None)
        self.window.show_tab(self.panel)
        return True


class ExportFeature:
    """Filer › Eksportér: the bilag pack (PDF) and the agenda (Word) of the open meeting."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.dialog: ExportDialog | None = None
        self.action = window.make_action("&Eksportér bilagspakke og dagsorden …", self.open_dialog,
                                         ["Ctrl+E"], None,
                                         "Kontrollér mødet og skriv bilagspakken (PDF) og dagsordenen (Word)")
        menu = window.menuBar().actions()[0].menu()
        menu.insertAction(window.act_close, self.action)
        menu.insertSeparator(window.act_close)
        window.sessionChanged.connect(lambda session: self.action.setEnabled(session is not None))
        self.action.setEnabled(window.session is not None)

    def open_dialog(self) -> ExportDialog | None:
        from kkrdesk.ui.export.export_dialog import ExportDialog

        session = self.window.session
        if session is None:
            return None
        self.window.item_form.commit_pending()
        self.dialog = ExportDialog(session.folder, self.window, editor_problems=session.reference_problems)
        self.dialog.open()
        return self.dialog


class PackFeature:
    """Filer › Lav medlemspakke / Åbn medlemspakke: the member pack for reading offline."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.windows: list[QWidget] = []       # open pack windows, closed with the main window
        self._running: list[object] = []
        self.make_action = window.make_action(
            "Lav &medlemspakke …", self.make_pack, ["Ctrl+Shift+P"], None,
            "Saml mødets bilag, søgeindeks og dagsorden i én fil til medlemmerne")
        self.open_action = window.make_action(
            "Åbn medlems&pakke …", self.choose_pack, ["Ctrl+Shift+O"], None,
            "Læs en medlemspakke skrivebeskyttet, med søgning og dine egne noter")
        menu = window.menuBar().actions()[0].menu()
        for action in (self.make_action, self.open_action):
            menu.insertAction(window.act_close, action)
        menu.insertSeparator(window.act_close)
        window.sessionChanged.connect(lambda session: self.make_action.setEnabled(session is not None))
        self.make_action.setEnabled(window.session is not None)
        window.aboutToClose.connect(self.close_windows)

    def make_pack(self) -> None:
        from kkrdesk.core.files.names import safe_name
        from kkrdesk.core.pack.writer import write_pack

        session = self.window.session
        if session is None:
            return
        self.window.item_form.commit_pending()
        service = dialogs.service()
        if session.modified and (not service.confirm(self.window, "Lav medlemspakke",
                                                     "Mødet har ændringer, der ikke er gemt. Pakken laves af det gemte "
                                                     "møde. Vil du gemme ændringerne først?")
                                 or not self.window.save()):
            return
        meeting = session.meeting
        closed = any(item.closed or any(b.closed for b in item.bilag) for item in meeting.items)
        include_closed = closed and service.confirm(
            self.window, "Lav medlemspakke", "Mødet har lukkede punkter eller bilag. Skal de med i "
            "pakken? (Vælg kun ja, hvis alle, der får pakken, må læse dem.)")
        suggested = safe_name(f"{meeting.display_title} {meeting.date.isoformat()}",
                                         ".kkrpack", fallback="møde")
        target = service.save_file(self.window, "Gem medlemspakken", suggested,
                                   "Medlemspakker (*.kkrpack)")
        if target is None:
            return
        if target.suffix.lower() != ".kkrpack":
            target = target.with_name(target.name + ".kkrpack")
        folder = session.folder.path
        self._run(lambda progress: write_pack(folder, target, include_closed=include_closed),
                  lambda info: self.window.statusBar().showMessage(
                      f"Medlemspakken {target.name} er gemt (version {info.version}).", 10000),
                  "Medlemspakken blev ikke lavet")

    def choose_pack(self) -> None:
        path = dialogs.service().open_file(self.window, "Åbn medlemspakke", "Medlemspakker (*.kkrpack)")
        if path is not None:
            self.open_pack(path)

    def open_pack(self, path):
        from kkrdesk.core.pack.opening import open_for_reading

        self._run(lambda progress: open_for_reading(path), self._show_pack, "Pakken kan ikke åbnes")

    def _show_pack(self, reading) -> None:
        from kkrdesk.core.pack.source import ReadingSource
        from kkrdesk.ui.reader.window import PackReaderWindow

        window = PackReaderWindow(ReadingSource.from_pack(reading.pack), reading)
        self.windows.append(window)
        window.show()

    def _run(self, work, on_success, failure_title: str) -> None:
        from kkrdesk.ui.background import BackgroundOp

        op = BackgroundOp(work, on_success=on_success,
                          on_failure=lambda error: dialogs.service().error(self.window, failure_title, error),
                          parent=self.window)
        self._running.append(op)
        op.finished.connect(lambda: self._running.remove(op))
        op.start()

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def close_windows(self) -> None:
        for window in self.windows:
            window.close()
            window.deleteLater()
        self.windows.clear()


class BilagRouter:
    """Opens an activated bilag in the first feature that takes it (survey, contract, then reader)."""

    def __init__(self, window: MainWindow, handlers):
        self.window, self.handlers = window, handlers
        window.bilagActivated.connect(self.open)

    def open(self, session: MeetingSession, item, bilag) -> None:
        for handler in self.handlers:
            if handler(session, item, bilag):
                return
        window = self.window
        window.statusBar().showMessage(f"kkrdesk kan ikke vise {bilag.file}; åbn den med Åbn fil.", 8000)


def connect_features(window: MainWindow) -> list[object]:
    """Add each feature's tab and menu entries to ``window``; returns the feature objects."""
    reader = ReaderFeature(window)
    survey = SurveyFeature(window)
    contracts = ContractFeature(window)
    export = ExportFeature(window)
    packs = PackFeature(window)
    router = BilagRouter(window, [survey.show, contracts.check, reader.read])
    window.features = [reader, contracts, export, survey, packs, router]
    return window.features
