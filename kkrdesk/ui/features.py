"""Plugging the feature panels (reader and search, survey, contracts, export, referat) into the main window.

Each panel, and the libraries behind it (pandas, pyqtgraph, QtPdf, python-docx, pikepdf), is
loaded the first time it is needed, not at start-up: the window paints without waiting for them.

A feature is a class taking the MainWindow, with a ``name`` ("agenda", "reader", "survey" …) by
which ``window.feature(name)`` finds it once ``connect_features`` has added it to ``window.features``.
The agenda editor (``kkrdesk.ui.agenda.editor``) is the first; ``feature("agenda").selected()`` is
the item and bilag chosen on the agenda. A feature uses the window only through the shell API of
MainWindow, never its widgets:

- ``add_tab(widget, title)``, ``replace_tab(old, new)``, ``show_tab(widget)``, ``current_tab()``
  and the signal ``currentTabChanged(widget)``: the feature's tabs (LazyTab builds a panel on
  first use);
- ``make_action(text, slot, shortcut, icon, tip)``, ``add_file_action(action, slot)`` with a slot
  of ``main_window.FILE_SLOTS`` ("meeting", "save", "print", "export", "pack"),
  ``add_edit_action(action, slot)`` with a slot of ``main_window.EDIT_SLOTS`` ("history", "change",
  "order"), ``add_view_action(action)`` and ``add_toolbar_actions(actions)``: menu entries and
  buttons by named place, not by position;
- ``current_meeting`` (the open MeetingSession or None), the signals ``sessionChanged(session)``,
  ``meetingOpened(session)`` (opened, any recovery restored), ``bilagActivated(session, item,
  bilag)``, ``agendaSelectionChanged()``, ``undoStepped(command, undone)`` and ``aboutToClose()``;
  ``save()``, ``undo()``, ``redo()``, ``check_files()``, ``settings``, ``statusBar()``;
- ``commit_pending()`` before reading or writing the meeting (a no-op without one), which calls what
  ``add_pending_commit(commit)`` registered, and ``add_print_source(source)`` for what Udskriv
  prints while the feature's tab is shown;
- ``is_chrome(widget)`` and ``tab_of(widget)``: where keyboard focus is (toolbar or menu bar; which
  tab), for a feature whose keys work only inside its own tab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from kkrdesk.core.contracts.bilag import is_contract_bilag, results_file_for
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.editor import AgendaEditor
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.background import BackgroundOp, Cancelled, Jobs
from kkrdesk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from kkrdesk.core.pack.source import ReadingSource
    from kkrdesk.ui.contracts.panel import ContractPanel
    from kkrdesk.ui.export.export_dialog import ExportDialog
    from kkrdesk.ui.reader.reader_panel import ReaderPanel
    from kkrdesk.ui.reader.search_panel import SearchPanel
    from kkrdesk.ui.referat.panel import ReferatPanel
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
        window.add_tab(self._placeholder, title)
        window.currentTabChanged.connect(self._tab_changed)

    @property
    def panel(self) -> Panel:
        if self.built is None:
            self.built = self._build()
            # swapped silently: removing the current page would otherwise make its neighbour
            # current for a moment, and build (or re-index) that tab's panel too
            self.window.replace_tab(self._placeholder, self.built)
            self._placeholder.deleteLater()
        return self.built

    def is_current(self) -> bool:
        current = self.window.current_tab()
        return current is not None and current in (self._placeholder, self.built)

    def _tab_changed(self, current: QWidget | None) -> None:
        if self.built is None and current is self._placeholder:
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

    name = "reader"

    def __init__(self, window: MainWindow):
        self.window = window
        self._indexed_at: tuple[object, int] | None = None
        self._reader: LazyTab[ReaderPanel] = LazyTab(window, "&Læser", _reader_panel)
        self._search: LazyTab[SearchPanel] = LazyTab(window, "S&øg", self._search_panel)
        action = window.make_action("&Søg i mødet", self.show_search, ["Ctrl+F"], None,
                                "Søg i alle bilag og punkternes tekster")
        window.add_view_action(action)
        window.sessionChanged.connect(self._session_changed)
        window.currentTabChanged.connect(self._tab_changed)
        window.aboutToClose.connect(self.shutdown)
        window.add_print_source(self._print_source)

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
        if self.window.current_meeting is None:
            return
        if hit.bilag_number is None:
            self.reader.set_source(live_source(self.window.current_meeting))
            self.reader.show_item(hit.item_number, hit.highlight)
        else:
            self.reader.show_bilag(live_source(self.window.current_meeting), hit.item_number, hit.bilag_number,
                                   hit.page, hit.highlight)
        self.window.show_tab(self.reader)

    def _session_changed(self, session) -> None:
        self._indexed_at = None
        if self._reader.built is not None:
            self._reader.built.close_document()
        if session is not None and self._search.is_current():
            self._reindex()

    def _tab_changed(self, _current: QWidget | None) -> None:
        if self._search.is_current():
            self._reindex()
        elif self._reader.is_current() and self.reader.current is None and self.reader.preview is None:
            self._read_something()

    def _read_something(self) -> None:
        """An empty Læser tab shows the bilag chosen on the agenda, else the meeting's first one."""
        window, session = self.window, self.window.current_meeting
        if session is None:
            return
        chosen = window.feature("agenda").selected()
        candidates = ([chosen] if chosen is not None and chosen[1] is not None else []) + [
            (item, bilag) for item in session.meeting.items for bilag in item.bilag]
        for item, bilag in candidates:
            if bilag.kind is not FileKind.OTHER:
                self.read(session, item, bilag)
                return

    def _reindex(self) -> None:
        """(Re)build the index when the search tab is shown and the meeting changed since last time."""
        session = self.window.current_meeting
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

    name = "survey"

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

    name = "contracts"

    def __init__(self, window: MainWindow):
        self.window = window
        self._tab: LazyTab[ContractPanel] = LazyTab(window, "&Kontrakt", self._contract_panel)
        self._checked: tuple[MeetingSession, object] | None = None   # the session and item checked
        window.currentTabChanged.connect(self._tab_changed)

    def _tab_changed(self, _current: QWidget | None) -> None:
        """An empty Kontrakt tab checks the meeting's own resultatkontrakt, if it has one."""
        session = self.window.current_meeting
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
        if session is not self.window.current_meeting or session.read_only or item not in session.meeting.items:
            return
        if dialogs.service().confirm(self.window, "Læg notatet på punktet",
                                     f"Vil du lægge notatet på punkt {item.number} som bilag?"):
            session.add_files(item, len(item.bilag), [path])

    def check(self, session: MeetingSession, item, bilag) -> bool:
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

    name = "export"

    def __init__(self, window: MainWindow):
        self.window = window
        self.dialog: ExportDialog | None = None
        self.action = window.make_action("&Eksportér bilagspakke og dagsorden …", self.open_dialog,
                                         ["Ctrl+E"], None,
                                         "Kontrollér mødet og skriv bilagspakken (PDF) og dagsordenen (Word)")
        window.add_file_action(self.action, "export")
        window.sessionChanged.connect(lambda session: self.action.setEnabled(session is not None))
        self.action.setEnabled(window.current_meeting is not None)

    def open_dialog(self) -> ExportDialog | None:
        from kkrdesk.composition import agenda_extras, window_chart_renderer
        from kkrdesk.ui.export.export_dialog import ExportDialog

        session = self.window.current_meeting
        if session is None:
            return None
        self.window.commit_pending()
        self.dialog = ExportDialog(session.folder, self.window, editor_problems=session.reference_problems,
                                   extras=lambda: agenda_extras(window_chart_renderer()))
        self.dialog.open()
        return self.dialog


class PackFeature:
    """Filer › Lav medlemspakke / Åbn medlemspakke: the member pack for reading offline."""

    name = "packs"

    def __init__(self, window: MainWindow):
        self.window = window
        self.windows: list[QWidget] = []       # open pack windows, closed with the main window
        self._jobs = Jobs()
        self.make_action = window.make_action(
            "Lav &medlemspakke …", self.make_pack, ["Ctrl+Shift+P"], None,
            "Saml mødets bilag, søgeindeks og dagsorden i én fil til medlemmerne")
        self.open_action = window.make_action(
            "Åbn medlems&pakke …", self.choose_pack, ["Ctrl+Shift+O"], None,
            "Læs en medlemspakke skrivebeskyttet, med søgning og dine egne noter")
        for action in (self.make_action, self.open_action):
            window.add_file_action(action, "pack")
        window.sessionChanged.connect(lambda session: self.make_action.setEnabled(session is not None))
        self.make_action.setEnabled(window.current_meeting is not None)
        window.aboutToClose.connect(self.close_windows)

    def make_pack(self) -> None:
        from kkrdesk.core.files.names import safe_name
        from kkrdesk.core.pack.writer import write_pack

        session = self.window.current_meeting
        if session is None:
            return
        self.window.commit_pending()
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
        self._run(lambda progress: _unless_cancelled(lambda: write_pack(
                      folder, target, include_closed=include_closed, cancelled=lambda: progress.cancelled)),
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
        self._jobs.start(BackgroundOp(
            work, on_success=on_success, parent=self.window,
            on_failure=lambda error: dialogs.service().error(self.window, failure_title, error)))

    @property
    def busy(self) -> bool:
        return self._jobs.busy

    def close_windows(self) -> None:
        self._jobs.cancel_all()     # a pack being made stops; the file it was to replace stays as it was
        for window in self.windows:
            window.close()
            window.deleteLater()
        self.windows.clear()


def _unless_cancelled(work):
    """``work()``, with a search-index build or a LibreOffice run stopped on request reported as a
    cancel, not a failure."""
    from kkrdesk.core.office.isolation import Stopped
    from kkrdesk.core.search.extraction import IndexingCancelled

    try:
        return work()
    except (IndexingCancelled, Stopped):
        raise Cancelled from None


class ReferatFeature:
    """The "Referat" tab and Vis › Referat: decisions per item, written after the meeting."""

    name = "referat"

    def __init__(self, window: MainWindow):
        self.window = window
        self._tab: LazyTab[ReferatPanel] = LazyTab(window, "R&eferat", self._referat_panel)
        self.action = window.make_action("&Referat", self.show, ["Ctrl+Shift+E"], None,
                                         "Skriv beslutningerne pr. punkt, fraværende og protokoltilførsler")
        window.add_view_action(self.action)
        window.sessionChanged.connect(self._session_changed)
        window.currentTabChanged.connect(self._tab_changed)
        self.action.setEnabled(window.current_meeting is not None)

    @property
    def panel(self) -> ReferatPanel:
        return self._tab.panel

    def _referat_panel(self) -> ReferatPanel:
        from kkrdesk.ui.referat.panel import ReferatPanel

        panel = ReferatPanel()
        panel.set_session(self.window.current_meeting)
        return panel

    def show(self) -> None:
        if self.window.current_meeting is not None:
            self.window.show_tab(self.panel)
            self._follow_agenda()

    def _tab_changed(self, _current: QWidget | None) -> None:
        if self._tab.is_current() and self._tab.built is not None:
            self._follow_agenda()

    def _follow_agenda(self) -> None:
        """The tab opens on the item chosen in the agenda."""
        chosen = self.window.feature("agenda").selected()
        if chosen is not None:
            self.panel.show_item(chosen[0])

    def _session_changed(self, session) -> None:
        self.action.setEnabled(session is not None)
        if self._tab.built is not None:
            self._tab.built.set_session(session)


class BilagRouter:
    """Opens an activated bilag in the first feature that takes it (survey, contract, then reader)."""

    name = "router"

    def __init__(self, window: MainWindow, handlers):
        self.window, self.handlers = window, handlers
        window.bilagActivated.connect(self.open)

    def open(self, session: MeetingSession, item, bilag) -> None:
        for handler in self.handlers:
            if handler(session, item, bilag):
                return
        window = self.window
        window.statusBar().showMessage(f"kkrdesk kan ikke vise {bilag.file}; åbn den med Åbn fil.", 8000)


class ArchiveFeature:
    """Filer › Åbn arkiv: a folder of meetings and member packs in the "Arkiv" window; hits open in a reader window."""

    name = "archive"

    def __init__(self, window: MainWindow):
        self.window = window
        self.windows: list[QWidget] = []      # archive windows and the reader windows they opened
        self._running: list[object] = []
        self.action = window.make_action("Åbn &arkiv …", self.choose_archive, ["Ctrl+Shift+A"], None,
                                         "Åbn en mappe med møder og medlemspakker som ét arkiv: søgning "
                                         "på tværs, tidligere punkter om samme emne og opfølgning")
        window.add_file_action(self.action, "meeting")
        window.aboutToClose.connect(self.close_windows)
        self.related_dock: QDockWidget | None = None
        self.related_action = window.make_action(
            "&Tidligere punkter om samme emne", self.show_related, ["Ctrl+Shift+T"], None,
            "Vis punkter fra de tidligere møder i mødets mappe, der ligner det valgte punkt")
        self.related_action.setCheckable(True)
        window.add_view_action(self.related_action)
        window.agendaSelectionChanged.connect(self._current_changed)

    def show_related(self, shown: bool = True) -> None:
        """The dock beside the agenda; the folder the open meeting lies in is searched as its archive."""
        if shown and self.related_dock is None:
            from kkrdesk.ui.archive.related_panel import RelatedPanel

            panel = RelatedPanel()
            panel.placeRequested.connect(lambda folder, number: self.open_place(folder, number, 0, None, ""))
            self.related_dock = QDockWidget("Tidligere punkter om samme emne", self.window)
            self.related_dock.setObjectName("relatedDock")
            self.related_dock.setWidget(panel)
            self.window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.related_dock)
            self.related_dock.visibilityChanged.connect(self.related_action.setChecked)
        if self.related_dock is not None:
            self.related_dock.setVisible(shown)
        self._current_changed()

    @property
    def related_panel(self):
        return self.related_dock.widget() if self.related_dock is not None else None

    def _current_changed(self) -> None:
        session, panel, dock = self.window.current_meeting, self.related_panel, self.related_dock
        if session is None or panel is None or dock is None or not dock.isVisible():
            return
        node = self.window.feature("agenda").selected()
        if node is not None:
            panel.show_for(session.folder.path, node[0].number)

    def choose_archive(self) -> None:
        folder = dialogs.service().choose_folder(self.window, "Åbn arkiv")
        if folder is not None:
            self.open_archive(folder)

    def open_archive(self, folder):
        from kkrdesk.ui.archive.window import ArchiveWindow

        archive = ArchiveWindow(folder)
        archive.placeRequested.connect(self.open_place)
        self.windows.append(archive)
        archive.show()
        return archive

    def open_place(self, path, item_number: str, bilag_number: int, page, highlight: str) -> None:
        """Show an item's text or a bilag page of an archived meeting in a read-only reader window."""
        from kkrdesk.core.pack.format import PACK_SUFFIX
        from kkrdesk.core.pack.reader import open_pack
        from kkrdesk.core.pack.source import ReadingSource
        from kkrdesk.ui.background import BackgroundOp

        def work(_progress):
            if path.suffix.lower() == PACK_SUFFIX:
                return ReadingSource.from_pack(open_pack(path))
            return ReadingSource.from_folder(path)

        op = BackgroundOp(work, on_success=lambda source: self._show_place(source, item_number, bilag_number,
                                                                           page, highlight),
                          on_failure=lambda error: dialogs.service().error(self.window, "Mødet kan ikke åbnes",
                                                                           error),
                          parent=self.window)
        self._running.append(op)
        op.finished.connect(lambda: self._running.remove(op))
        op.start()

    def _show_place(self, source, item_number: str, bilag_number: int, page, highlight: str):
        from kkrdesk.ui.reader.window import PackReaderWindow

        reader = PackReaderWindow(source)
        self.windows.append(reader)
        reader.show()
        if bilag_number:
            reader.reader.show_bilag(source, item_number, bilag_number, page, highlight or None)
        else:
            reader.reader.show_item(item_number, highlight or None)
        return reader

    @property
    def busy(self) -> bool:
        panel = self.related_panel
        return bool(self._running) or any(getattr(w, "busy", False) for w in [*self.windows, panel] if w)

    def close_windows(self) -> None:
        if self.related_panel is not None:
            self.related_panel.shutdown()
        for window in self.windows:
            window.close()
            window.deleteLater()
        self.windows.clear()


def connect_features(window: MainWindow) -> list[object]:
    """Add each feature's tab and menu entries to ``window``; returns the feature objects."""
    agenda = AgendaEditor(window)   # first: the Dagsorden tab and its menu entries lead
    reader = ReaderFeature(window)
    survey = SurveyFeature(window)
    contracts = ContractFeature(window)
    export = ExportFeature(window)
    packs = PackFeature(window)
    router = BilagRouter(window, [survey.show, contracts.check, reader.read])
    referat = ReferatFeature(window)
    window.features = [agenda, reader, contracts, export, survey, packs, router, referat, ArchiveFeature(window)]
    return window.features
