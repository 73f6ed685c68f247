"""Plugging the feature panels (reader and search, survey, contracts, export) into the main window."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from kkrdesk.core.contracts.agenda_extra import results_file_for
from kkrdesk.core.contracts.bilag import is_contract_bilag
from kkrdesk.core.meeting import FileKind
from kkrdesk.core.pack.format import pack_id_for
from kkrdesk.core.pack.source import ReadingSource
from kkrdesk.core.search.index import SearchIndex, default_index_path
from kkrdesk.core.survey.mapping import find_mapping
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.contracts.panel import ContractPanel
from kkrdesk.ui.export.export_dialog import ExportDialog
from kkrdesk.ui.main_window import MainWindow
from kkrdesk.ui.reader.reader_panel import ReaderPanel
from kkrdesk.ui.reader.search_panel import SearchPanel
from kkrdesk.ui.survey.panel import SurveyPanel


def live_source(session: MeetingSession) -> ReadingSource:
    """What the reader and search see of the meeting being edited: a snapshot of its current state."""
    folder = session.folder.path
    meeting = session.meeting.copy()
    return ReadingSource(folder=folder, meeting=meeting, index=SearchIndex(default_index_path(folder)),
                         pack_id=pack_id_for(meeting), read_only=False)


class ReaderFeature:
    """The "Læser" and "Søg" tabs: read any bilag of the open meeting and search the whole meeting."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.reader = ReaderPanel()
        self.search = SearchPanel()
        self._indexed_at: tuple[object, int] | None = None
        window.add_feature_tab(self.reader, "&Læser")
        window.add_feature_tab(self.search, "S&øg")
        action = window.make_action("&Søg i mødet", self.show_search, ["Ctrl+F"], None,
                                "Søg i alle bilag og punkternes tekster")
        window.view_menu.addAction(action)
        window.sessionChanged.connect(self._session_changed)
        window.tabs.currentChanged.connect(self._tab_changed)
        window.aboutToClose.connect(self.shutdown)
        self.search.hit_activated.connect(self.open_hit)

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
        self.reader.close_document()
        if session is not None and self.window.tabs.currentWidget() is self.search:
            self._reindex()

    def _tab_changed(self, _index: int) -> None:
        if self.window.tabs.currentWidget() is self.search:
            self._reindex()

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
        self.reader.close_document()
        self.search.shutdown()


class SurveyFeature:
    """The "Undersøgelse" tab: a survey export attached to an item, as charts and tables."""

    def __init__(self, window: MainWindow):
        self.window = window
        self.panel = SurveyPanel()
        window.add_feature_tab(self.panel, "&Undersøgelse")

    def show(self, session: MeetingSession, item, bilag) -> bool:
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
        self.panel = ContractPanel()
        window.add_feature_tab(self.panel, "&Kontrakt")

    def check(self, session: MeetingSession, item, bilag) -> bool:
        if not is_contract_bilag(bilag):
            return False
        results = results_file_for(item, bilag)
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
        session = self.window.session
        if session is None:
            return None
        self.window.item_form.commit_pending()
        self.dialog = ExportDialog(session.folder, self.window)
        self.dialog.open()
        return self.dialog


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
    router = BilagRouter(window, [survey.show, contracts.check, reader.read])
    window.features = [reader, contracts, export, survey, router]
    return window.features
