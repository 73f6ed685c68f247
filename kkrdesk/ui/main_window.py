"""The main window: the agenda editor, the feature tabs, menus, and the life of an open meeting."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kkrdesk import __version__
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError, has_errors
from kkrdesk.core.meeting.checks import Place
from kkrdesk.core.meeting.recovery import Recovery, pending_recoveries
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from kkrdesk.core.meeting.templates import suggested_template_path, template_from_meeting, write_template
from kkrdesk.core.sample import is_sample, sample_working_copy
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda import import_text
from kkrdesk.ui.agenda.commands import selection_after
from kkrdesk.ui.agenda.forms import BilagForm, ItemForm, MeetingForm
from kkrdesk.ui.agenda.item_model import AgendaItemModel
from kkrdesk.ui.agenda.new_from_dialog import NewMeetingFromDialog
from kkrdesk.ui.agenda.new_meeting_dialog import NewMeetingDialog, NewMeetingRequest
from kkrdesk.ui.agenda.problems_panel import ProblemsPanel
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.help_dialog import HelpDialog
from kkrdesk.ui.icons import icon
from kkrdesk.ui.office_notice import LibreOfficeNotice
from kkrdesk.ui.printing import print_agenda
from kkrdesk.ui.settings import Settings
from kkrdesk.ui.window_words import error_text

APP_TITLE = "kkrdesk"
MANIFEST_NAME = "meeting.toml"
RECHECK_ON_ACTIVATE_SECONDS = 15
UNDO_OFFER_MS = 12_000
# The Filer menu's sections, top to bottom, that features add entries to (add_file_action).
FILE_SLOTS = ("meeting", "save", "print", "export", "pack")


class AgendaTree(QTreeView):
    """The agenda tree: drag to reorder, drop files from the file manager onto an item."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAccessibleName("Dagsorden: punkter og bilag")
        self.setHeaderHidden(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


def lock_owner_words(owner) -> str:
    """Who holds a meeting, for a user: name, machine and since when (no process numbers)."""
    try:
        since = dt.datetime.fromisoformat(owner.since)
        moment = f"{danish.format_date(since.date())} {danish.format_time(since.time())}"
    except (TypeError, ValueError):
        moment = str(owner.since)
    return f"{owner.user} på {owner.host} siden {moment}"


def recent_meeting_name(path: Path) -> str:
    """How Seneste møder names a meeting: its title and date, not its folder."""
    try:
        meeting, _ = read_meeting(path)
    except (KkrError, OSError):
        return f"{path.name} (kan ikke læses)"
    return f"{meeting.display_title} – {danish.format_date(meeting.date)}"


def meeting_folder_of(path: Path) -> Path:
    """The meeting folder a user means: the folder itself, or the folder of its meeting.toml."""
    return path.parent if path.name == MANIFEST_NAME and not path.is_dir() else path


def _same_folder(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False


class UndoOffer(QWidget):
    """After a deletion, the status bar says what was deleted and offers to undo it for a while."""

    def __init__(self, undo, parent=None):
        super().__init__(parent)
        self.text = QLabel()
        self.button = QPushButton(icon("undo"), "Fortryd")
        self.button.setAccessibleName("Fortryd sletningen")
        self.button.clicked.connect(lambda: (self.withdraw(), undo()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.button)
        layout.addStretch()
        self._timer = QTimer(self, singleShot=True, interval=UNDO_OFFER_MS)
        self._timer.timeout.connect(self.withdraw)
        self.setVisible(False)

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(True)
        self._timer.start()

    def withdraw(self) -> None:
        self._timer.stop()
        self.setVisible(False)


class MainWindow(QMainWindow):
    """One window, one meeting at a time; feature panels arrive as tabs beside the agenda."""

    bilagActivated = Signal(object, object, object)   # session, item, bilag
    sessionChanged = Signal(object)                    # the new MeetingSession, or None
    aboutToClose = Signal()                            # the window is closing; release resources
    currentTabChanged = Signal(object)                 # the panel of the tab now shown
    agendaSelectionChanged = Signal()                  # another item or bilag chosen (see selected())

    def __init__(self, settings: Settings | None = None, *, data_dir: Path | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.data_dir = data_dir
        self.session: MeetingSession | None = None
        self.features: list[object] = []   # set by kkrdesk.ui.features.connect_features
        self._last_check = 0.0
        self.setWindowIcon(icon("kkrdesk"))
        self.setAcceptDrops(False)
        self._build_actions()
        self._build_menus()
        self._build_widgets()
        self.act_import_text = import_text.install(self)
        self._restore_window_state()
        self._update_title()
        self._update_actions()

    # -- construction ----------------------------------------------------------------------
    def make_action(self, text: str, slot, shortcut=None, icon_name: str | None = None,
                    tip: str = "") -> QAction:
        """A window action with Danish text, shortcuts, an SVG icon and a tooltip (features use it too)."""
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        if icon_name:
            action.setIcon(icon(icon_name))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_new = self.make_action("&Nyt møde …", self.new_meeting, key.New, "new", "Opret et nyt møde")
        self.act_open = self.make_action("Å&bn møde …", self.choose_meeting, key.Open, "open",
                                     "Åbn en mødemappe")
        self.act_save = self.make_action("&Gem", self.save, key.Save, "save", "Gem mødet")
        self.act_save_as = self.make_action("Gem &som …", self.save_as, key.SaveAs, None,
                                        "Gem mødet med bilag i en ny mappe")
        self.act_close = self.make_action("&Luk vindue", self.close, key.Close)
        self.act_quit = self.make_action("&Afslut", self.close, key.Quit)
        # the toolbar's Fortryd/Gentag keep one short text (the buttons beside them must not move);
        # the Rediger menu names the step, with the shortcut shown but owned by the toolbar actions
        self.act_undo = self.make_action("Fortryd", self._undo, ["Ctrl+Z"], "undo", "Fortryd")
        self.act_redo = self.make_action("Gentag", self._redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "redo", "Gentag")
        self.act_undo_menu = self.make_action("&Fortryd\tCtrl+Z", self._undo, None, "undo")
        self.act_redo_menu = self.make_action("&Gentag\tCtrl+Y", self._redo, None, "redo")
        self.act_print = self.make_action("&Udskriv …", self.print_current, [QKeySequence.StandardKey.Print],
                                          "print", "Udskriv det, du ser: dagsordenen eller det åbne bilag")
        self.act_add_item = self.make_action("Nyt &punkt", self.add_item, ["Ctrl+Shift+N", "Ins"], "add",
                                         "Tilføj et punkt efter det valgte")
        self.act_add_bilag = self.make_action("Tilføj &bilag …", self.add_bilag, ["Ctrl+B"], "attach",
                                          "Læg filer på det valgte punkt som bilag")
        self.act_duplicate = self.make_action("&Dupliker", self.duplicate, ["Ctrl+D"], "duplicate",
                                          "Dupliker det valgte punkt")
        self.act_remove = self.make_action("&Slet", self.remove, [QKeySequence.StandardKey.Delete], "remove",
                                       "Slet det valgte punkt eller bilag")
        self.act_up = self.make_action("Flyt &op", lambda: self.move_selected(-1), ["Alt+Up"], "up",
                                   "Flyt det valgte op")
        self.act_down = self.make_action("Flyt &ned", lambda: self.move_selected(1), ["Alt+Down"], "down",
                                     "Flyt det valgte ned")
        self.act_meeting = self.make_action("&Mødeoplysninger", self.show_meeting_form, ["Ctrl+I"], None,
                                        "Vis og ret mødets KKR, dato og sted")
        self.act_check = self.make_action("&Kontrollér bilagsfiler", self.check_files, ["F5"], None,
                                      "Kontrollér, at alle bilagsfiler findes og er uændrede")
        self.act_guide = self.make_action("&Brugervejledning", lambda: self.show_guide(), ["F1"], None,
                                          "Åbn brugervejledningen")
        self.act_about = self.make_action("&Om kkrdesk", self.about)
        self.act_new_from = self.make_action("Nyt møde &ud fra …", self.new_meeting_from, None, "new",
                                             "Opret et møde med de faste punkter fra et tidligere møde "
                                             "eller en skabelon")
        self.act_save_template = self.make_action("Gem som s&kabelon …", self.save_as_template, None, None,
                                                  "Gem mødets punkter uden bilag som skabelon til nye møder")
        self.act_renumber = self.make_action("Omnummer&ér", self.renumber, ["Ctrl+Shift+R"], None,
                                             "Giv punkterne numre i dagsordenens rækkefølge, og ret "
                                             "henvisningerne til bilag")
        # Agenda edits act on the tree's selection, so their keys work only inside the agenda tab
        # (Delete only in the tree itself): a key pressed in another tab never edits the agenda.
        self.agenda_actions = [self.act_add_item, self.act_add_bilag, self.act_duplicate, self.act_remove,
                               self.act_up, self.act_down]
        self.act_renumber.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for action in self.agenda_actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut if action is self.act_remove
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.print_sources: list = []   # features add callables returning (title, render) or None

    def _build_menus(self) -> None:
        files = self.menuBar().addMenu("&Filer")
        # Each FILE_SLOTS section ends at a separator that features insert their actions before
        # (add_file_action); a section left empty shows no extra line, as QMenu collapses separators.
        self._file_slots: dict[str, QAction] = {}
        files.addActions([self.act_new, self.act_new_from, self.act_open])
        self.recent_menu = QMenu("&Seneste møder", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        files.addMenu(self.recent_menu)
        self._file_slots["meeting"] = files.addSeparator()
        files.addActions([self.act_save, self.act_save_as, self.act_save_template])
        self._file_slots["save"] = files.addSeparator()
        files.addAction(self.act_print)
        self._file_slots["print"] = files.addSeparator()
        self._file_slots["export"] = files.addSeparator()
        self._file_slots["pack"] = files.addSeparator()
        files.addActions([self.act_close, self.act_quit])
        self.file_menu = files
        edit = self.menuBar().addMenu("&Rediger")
        edit.addActions([self.act_undo_menu, self.act_redo_menu])
        edit.addSeparator()
        edit.addActions([self.act_add_item, self.act_add_bilag, self.act_duplicate, self.act_remove])
        edit.addSeparator()
        edit.addActions([self.act_up, self.act_down, self.act_renumber])
        self.view_menu = self.menuBar().addMenu("&Vis")
        self.view_menu.addActions([self.act_meeting, self.act_check])
        self.help_menu = self.menuBar().addMenu("&Hjælp")
        self.help_menu.addActions([self.act_guide, self.act_about])
        toolbar = QToolBar("Værktøjslinje", self)
        self.toolbar = toolbar
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_open, self.act_save])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo])
        toolbar.addSeparator()
        toolbar.addActions([self.act_add_item, self.act_add_bilag, self.act_duplicate, self.act_remove,
                            self.act_up, self.act_down])
        self.addToolBar(toolbar)

    def _build_widgets(self) -> None:
        self.banner = QFrame(objectName="readOnlyBanner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(QLabel(pixmap=icon("closed").pixmap(16, 16)))
        banner_layout.addWidget(self.banner_text, 1)
        self.banner.setVisible(False)
        self.banner.setAccessibleName("Skrivebeskyttet møde")

        self.meeting_heading = QLabel(objectName="meetingHeading")
        self.meeting_heading.setWordWrap(True)
        self.meeting_when = QLabel()
        self.meeting_when.setWordWrap(True)
        self.tree = AgendaTree()
        self.tree.addActions(self.agenda_actions)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.meeting_heading)
        left_layout.addWidget(self.meeting_when)
        left_layout.addWidget(self.tree, 1)
        self.forms = QStackedWidget()
        self.forms.setMinimumWidth(380)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("agendaSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.forms)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addActions([a for a in self.agenda_actions if a is not self.act_remove]
                                 + [self.act_renumber])
        self._agenda_focused = True

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, "&Dagsorden")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.currentChanged.connect(lambda _i: self.currentTabChanged.emit(self.tabs.currentWidget()))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.problems = ProblemsPanel()
        self.problems.placeActivated.connect(self.go_to)
        self.problems_dock = QDockWidget("Problemer", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.resizeDocks([self.problems_dock], [110], Qt.Orientation.Vertical)
        self.problems_dock.hide()  # shown by F8, and by itself when an error is found
        toggle = self.problems_dock.toggleViewAction()
        toggle.setShortcut(QKeySequence("F8"))
        toggle.setText("&Problemer")
        self.view_menu.addAction(toggle)

        self.busy = QProgressBar(maximumWidth=160, maximum=0)
        self.busy.setFormat("%p\u00a0%")
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Arbejder i baggrunden")
        self.statusBar().addPermanentWidget(self.busy)
        self.office_notice = LibreOfficeNotice()
        self.office_notice.guideRequested.connect(self.show_guide)
        self.statusBar().addPermanentWidget(self.office_notice)
        self.office_notice.refresh()
        self.undo_offer = UndoOffer(self._undo)
        self.statusBar().addWidget(self.undo_offer, 1)
        app = QApplication.instance()
        self._following_focus = app is not None
        if app is not None:
            app.focusChanged.connect(self._focus_changed)
        self.help_dialog: HelpDialog | None = None

    # -- window state ----------------------------------------------------------------------
    def _restore_window_state(self) -> None:
        geometry = self.settings.window_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.window_state("agendaSplitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([460, 720])

    def _save_window_state(self) -> None:
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        self.settings.set_window_state("agendaSplitter", self.splitter.saveState())
        self.settings.sync()

    # -- the shell API: what features use of the window (documented in kkrdesk.ui.features) ----
    def add_tab(self, widget: QWidget, title: str) -> int:
        """A feature's panel as a tab after the others; its index."""
        return self.tabs.addTab(widget, title)

    # the name features used before add_tab; kept while features written against it are merged
    add_feature_tab = add_tab

    def replace_tab(self, old: QWidget, new: QWidget) -> None:
        """Put ``new`` in ``old``'s place (same title and position, still current if it was),
        without announcing a change of tab: nothing else is built or re-indexed on the way."""
        tabs = self.tabs
        index, chosen, current = tabs.indexOf(old), tabs.currentWidget() is old, tabs.currentIndex()
        with QSignalBlocker(tabs):
            tabs.insertTab(index, new, tabs.tabText(index))
            tabs.removeTab(index + 1)
            tabs.setCurrentIndex(index if chosen else current)

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    def current_tab(self) -> QWidget | None:
        """The panel of the tab shown (the agenda's own panel on the Dagsorden tab)."""
        return self.tabs.currentWidget()

    def add_file_action(self, action: QAction, slot: str) -> None:
        """A feature's entry in the Filer menu, at the end of the section ``slot`` (FILE_SLOTS)."""
        if slot not in self._file_slots:
            raise ValueError(f"unknown Filer menu slot {slot!r}; the slots are {', '.join(FILE_SLOTS)}")
        self.file_menu.insertAction(self._file_slots[slot], action)

    def add_view_action(self, action: QAction) -> None:
        """A feature's entry in the Vis menu."""
        self.view_menu.addAction(action)

    def add_print_source(self, source) -> None:
        """Udskriv asks ``source()`` first: (title, render) to print a feature's document, or None."""
        self.print_sources.append(source)

    @property
    def current_meeting(self) -> MeetingSession | None:
        """The open meeting (its session: meeting, folder, undo stack), or None."""
        return self.session

    def commit_pending(self) -> None:
        """Turn a text still being typed in the agenda's forms into its undo step, so that what a
        feature reads or writes of the meeting includes it; nothing to do without a meeting."""
        if self.session is not None:
            self.item_form.commit_pending()

    def feature(self, name: str):
        """The connected feature called ``name`` (its ``name`` attribute: "reader", "survey" …)."""
        found = next((f for f in self.features if getattr(f, "name", None) == name), None)
        if found is None:
            known = ", ".join(n for f in self.features if (n := getattr(f, "name", None)))
            raise KeyError(f"no feature {name!r} in this window (connected: {known})")
        return found

    # -- opening and closing meetings -------------------------------------------------------
    def open_meeting(self, path: Path, *, recovery: Recovery | None = None) -> bool:
        """Open the meeting in ``path`` (the bundled sample opens as a working copy).

        The meeting already open stays open until the new one has been opened: a folder that is
        not a meeting, a damaged or unreadable one, changes the window not at all.
        """
        path = meeting_folder_of(Path(path))
        opened_sample = is_sample(path)
        if opened_sample:
            path = sample_working_copy(self.data_dir) or path
        if self.session is not None and _same_folder(path, self.session.folder.path):
            return True
        try:
            folder = MeetingFolder.open(path)
        except KkrError as exc:
            still = (f"\n\n{self.session.meeting.display_title} er stadig åben." if self.session else "")
            dialogs.service().error(self, "Mødet kan ikke åbnes", f"{error_text(exc)}{still}")
            return False
        except OSError as exc:
            dialogs.service().error(self, "Mødet kan ikke åbnes",
                                    f"{path}: mappen kan ikke læses ({exc.strerror}). Kontrollér, at du "
                                    "har adgang til den, eller bed den, der ejer mappen, om adgang.")
            return False
        if self.session is not None and not self.close_meeting():
            folder.close()
            return False
        self._attach(MeetingSession(folder, self, data_dir=self.data_dir))
        if recovery is None and not folder.read_only:
            recovery = next((r for r in pending_recoveries(self.data_dir)
                             if r.meeting_path.resolve() == folder.path.resolve()), None)
            if recovery is not None and not dialogs.service().confirm(
                    self, "Gendan ikke-gemte ændringer",
                    f"kkrdesk blev ikke lukket normalt, mens {recovery.title} var åbent. Der er en "
                    f"gendannelseskopi fra {recovery.saved_at:%d.%m.%Y kl. %H.%M}.\n\nVil du gendanne "
                    "ændringerne? (Vælger du nej, slettes kopien.)"):
                self.session.discard_recovery()
                recovery = None
        if recovery is not None:
            self.session.restore(recovery)
        if not folder.read_only:
            self.settings.add_recent_meeting(folder.path)
        if opened_sample:
            self.statusBar().showMessage(f"Du arbejder i en kopi af eksempelmødet: {folder.path}", 15000)
        self.check_files()
        self._select_first_item()
        return True

    def _attach(self, session: MeetingSession) -> None:
        self.session = session
        self.tree.setModel(session.model)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.tree.expandAll()
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        session.model.rowsInserted.connect(self._rows_inserted)
        session.model.modelReset.connect(self.tree.expandAll)
        session.model.edited.connect(self._meeting_edited)
        session.stack.cleanChanged.connect(self._update_title)
        session.stack.indexChanged.connect(self._update_actions)
        session.findingsChanged.connect(self._findings_changed)
        session.importFailed.connect(self._import_failed)
        session.referencesMoved.connect(self._references_moved)
        session.busyChanged.connect(self.busy.setVisible)
        self.meeting_form = MeetingForm(session)
        self.item_form = ItemForm(session)
        self.bilag_form = BilagForm(session)
        self.bilag_form.openRequested.connect(lambda item, bilag: self.bilagActivated.emit(session, item,
                                                                                           bilag))
        for form in (self.meeting_form, self.item_form, self.bilag_form):
            self.forms.addWidget(form)
        self.forms.setCurrentWidget(self.meeting_form)
        self.tree.doubleClicked.connect(self._double_clicked)
        owner = session.folder.lock_owner
        self.banner.setVisible(session.read_only)
        if owner is not None:
            self.banner_text.setText(f"Mødet er åbent hos {lock_owner_words(owner)}. Du kan læse det her, "
                                     "men ikke ændre det, før det er lukket dér.")
        else:
            self.banner_text.setText("Mødet er åbnet skrivebeskyttet: mappen kan ikke skrives i.")
        self._meeting_edited()
        session.publish_findings()
        self._update_title()
        self._update_actions()
        self.sessionChanged.emit(session)

    def _rows_inserted(self, parent: QModelIndex, *_rows) -> None:
        if parent.isValid():
            self.tree.expand(parent)
        else:
            self.tree.expandAll()

    def _import_failed(self, error: KkrError) -> None:
        dialogs.service().error(self, "Bilaget kan ikke bruges", error)

    def close_meeting(self) -> bool:
        """Close the open meeting, asking first if it has unsaved changes. False if the user cancels."""
        session = self.session
        if session is None:
            return True
        self.item_form.commit_pending()
        if session.modified:
            answer = dialogs.service().save_discard_cancel(
                self, "Ikke-gemte ændringer",
                f"{session.meeting.display_title} har ændringer, der ikke er gemt. Vil du gemme dem?")
            if answer == "cancel":
                return False
            if answer == "save" and not self.save():
                return False
        session.close()
        self.tree.setModel(None)
        for form in (self.meeting_form, self.item_form, self.bilag_form):
            self.forms.removeWidget(form)
            form.deleteLater()
        self.session = None
        session.deleteLater()
        self._update_title()
        self._update_actions()
        self.sessionChanged.emit(None)
        return True

    def offer_recoveries(self) -> None:
        """After a crash: offer the newest recovery copy of a meeting that is not open."""
        for recovery in pending_recoveries(self.data_dir):
            if self.session and recovery.meeting_path.resolve() == self.session.folder.path.resolve():
                continue
            if dialogs.service().confirm(
                    self, "Gendan ikke-gemte ændringer",
                    f"kkrdesk blev ikke lukket normalt, mens {recovery.title} var åbent "
                    f"({recovery.meeting_path}). Vil du åbne mødet og gendanne ændringerne?"):
                self.open_meeting(recovery.meeting_path, recovery=recovery)
            return

    def changeEvent(self, event: QEvent) -> None:
        """Coming back to the window re-checks the bilag files: they may have been edited meanwhile."""
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and self.session is not None and not self.session.busy
                and time.monotonic() - self._last_check > RECHECK_ON_ACTIVATE_SECONDS):
            self.check_files()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_meeting():
            app = QApplication.instance()
            if app is not None and self._following_focus:
                self._following_focus = False
                app.focusChanged.disconnect(self._focus_changed)
            self._save_window_state()
            self.aboutToClose.emit()
            event.accept()
        else:
            event.ignore()

    # -- file actions ------------------------------------------------------------------------
    def new_meeting(self) -> None:
        dialog = NewMeetingDialog(self, choose_folder=lambda: dialogs.service().choose_folder(
            self, "Vælg en tom mappe til mødet"), last_kkr=self.settings.last_kkr())
        if not dialogs.service().run(dialog):
            return
        request = dialog.request()
        self.settings.set_last_kkr(request.meeting.kkr)
        self._create_meeting(request)

    def _create_meeting(self, request: NewMeetingRequest) -> None:
        if self.session is not None and not self.close_meeting():
            return
        try:
            MeetingFolder.create(request.folder, request.meeting).close()
        except KkrError as exc:
            dialogs.service().error(self, "Mødet kan ikke oprettes", exc)
            return
        self.open_meeting(request.folder)

    def choose_meeting(self) -> None:
        path = dialogs.service().choose_folder(self, "Åbn møde")
        if path is not None:
            self.open_meeting(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_meetings()
        for path in recent:
            action = self.recent_menu.addAction(recent_meeting_name(path))
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_meeting(p))
        if not recent:
            self.recent_menu.addAction("(ingen)").setEnabled(False)

    def save(self) -> bool:
        if self.session is None or self.session.read_only:
            return False
        self.item_form.commit_pending()
        try:
            self.session.save()
        except (KkrError, OSError) as exc:
            error = exc if isinstance(exc, KkrError) else KkrError(f"mødet kunne ikke gemmes ({exc}).",
                                                                     hint="Dine ændringer er ikke tabt; "
                                                                     "prøv Gem som et andet sted.")
            dialogs.service().error(self, "Mødet blev ikke gemt", error)
            return False
        self.statusBar().showMessage(f"Gemt i {self.session.folder.path}", 5000)
        return True

    def save_as(self) -> bool:
        if self.session is None:
            return False
        self.item_form.commit_pending()
        target = dialogs.service().choose_folder(self, "Gem mødet i en ny mappe")
        if target is None:
            return False
        try:
            self.session.save_as(target)
        except KkrError as exc:
            dialogs.service().error(self, "Mødet blev ikke gemt", exc)
            return False
        reopened = self.session.folder.path
        self.session.stack.clear()
        self.close_meeting()
        self.open_meeting(reopened)
        return True

    # -- editing -----------------------------------------------------------------------------
    def selected(self):
        """(item, bilag) of the current tree row, (item, None) for an item, or None."""
        if self.session is None:
            return None
        return self.session.model.node(self.tree.currentIndex())

    def add_item(self) -> None:
        if self.session is None or self.session.read_only:
            return
        node = self.selected()
        item = self.session.add_item(after=node[0] if node else None)
        self.select(item)
        self.item_form.title.setFocus()

    def add_bilag(self) -> None:
        node = self.selected()
        if self.session is None or self.session.read_only or node is None:
            return
        paths = dialogs.service().open_files(self, f"Tilføj bilag til punkt {node[0].number}",
                                             "Dokumenter (*.pdf *.docx *.xlsx *.csv *.png *.jpg);;Alle filer (*)")
        if paths:
            item = node[0]
            row = len(item.bilag) if node[1] is None else item.bilag_number(node[1])
            self.session.add_files(item, row, paths)

    def duplicate(self) -> None:
        node = self.selected()
        if self.session is None or self.session.read_only or node is None:
            return
        self.select(self.session.duplicate_item(node[0]))

    def remove(self) -> None:
        """Slet: the selected item or bilag; asks first when bilag would go, offers Fortryd after."""
        node = self.selected()
        if self.session is None or self.session.read_only or node is None or not self.agenda_active():
            return
        item, bilag = node
        service = dialogs.service()
        if bilag is not None:
            number = item.bilag_number(bilag)
            what = "et lukket bilag" if bilag.closed else "med i bilagspakken"
            if (bilag.closed or bilag.printed) and not service.confirm(
                    self, "Slet bilag", f"Bilag {number} til punkt {item.number}, »{bilag.title}«, er "
                    f"{what}. Vil du slette det fra dagsordenen?\n\nFilen bliver i mødets mappe."):
                return
            self.session.remove_bilag(item, bilag)
            self.select(item)
            self.undo_offer.offer(f"Bilag {number} til punkt {item.number} er slettet.")
        else:
            count = len(item.bilag)
            if count and not service.confirm(
                    self, "Slet punkt", f"Punkt {item.number} »{item.title}« har "
                    f"{'1 bilag' if count == 1 else f'{count} bilag'}. Vil du slette punktet med "
                    "bilagene?\n\nFilerne bliver i mødets mappe."):
                return
            self.session.remove_item(item)
            self._select_target(selection_after(self.session.stack.command(self.session.stack.index() - 1),
                                                False))
            self.undo_offer.offer(f"Punkt {item.number} er slettet.")

    def move_selected(self, step: int) -> None:
        node = self.selected()
        if self.session is None or self.session.read_only or node is None or not self.agenda_active():
            return
        item, bilag = node
        if bilag is None:
            self.session.move_item_by(item, step)
        else:
            self.session.move_bilag_by(item, bilag, step)
        self.select(item, bilag)

    def _undo(self) -> None:
        if self.session is not None and self.session.stack.canUndo():
            self.item_form.commit_pending()
            stack = self.session.stack
            if not stack.canUndo():   # committing may have merged a step that is now no step at all
                return
            command = stack.command(stack.index() - 1)
            stack.undo()
            self._select_target(selection_after(command, True))

    def _redo(self) -> None:
        if self.session is not None and self.session.stack.canRedo():
            stack = self.session.stack
            command = stack.command(stack.index())
            stack.redo()
            self._select_target(selection_after(command, False))

    def _select_target(self, target) -> None:
        """Show what an undo or redo changed: select its row (or the meeting form) on the agenda tab."""
        if target is None or self.session is None:
            return
        item, bilag = target
        if item is None:
            self.show_meeting_form()
        elif item in self.session.meeting.items and (bilag is None or bilag in item.bilag):
            self.select(item, bilag)
        else:
            return
        if self.tabs.currentWidget() is not self.splitter:
            self.tabs.setCurrentWidget(self.splitter)

    def check_files(self) -> None:
        if self.session is not None:
            self._last_check = time.monotonic()
            self.session.check_files()

    # -- selection and forms -----------------------------------------------------------------
    def select(self, item, bilag=None) -> None:
        model: AgendaItemModel = self.session.model
        if item not in self.session.meeting.items:
            return
        index = model.bilag_index(item, bilag) if bilag is not None else model.item_index(item)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)

    def _select_first_item(self) -> None:
        if self.session and self.session.meeting.items:
            self.select(self.session.meeting.items[0])
        if self.session and self.tabs.currentWidget() is self.splitter:
            self.tree.setFocus()

    def show_meeting_form(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())
        self.forms.setCurrentWidget(self.meeting_form)

    def go_to(self, place: Place) -> None:
        if self.session is None:
            return
        self.tabs.setCurrentIndex(0)
        item = next((i for i in self.session.meeting.items if i.number == place.item), None)
        if item is None:
            self.show_meeting_form()
            return
        bilag = item.bilag[place.bilag - 1] if place.bilag and place.bilag <= len(item.bilag) else None
        self.select(item, bilag)
        self.tree.setFocus()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.session.model.node(current) if self.session else None
        if node is None:
            self.forms.setCurrentWidget(self.meeting_form)
        elif node[1] is None:
            self.item_form.show_item(node[0])
            self.forms.setCurrentWidget(self.item_form)
        else:
            self.bilag_form.show_bilag(*node)
            self.forms.setCurrentWidget(self.bilag_form)
        self._update_actions()
        self.agendaSelectionChanged.emit()

    def _double_clicked(self, index: QModelIndex) -> None:
        node = self.session.model.node(index) if self.session else None
        if node is not None and node[1] is not None:
            self.bilagActivated.emit(self.session, *node)

    def _meeting_edited(self) -> None:
        if self.session is None:
            return
        meeting = self.session.meeting
        when = danish.format_date(meeting.date, weekday=True)
        if meeting.start:
            when += " " + danish.format_time(meeting.start)
        place = f", {meeting.place}" if meeting.place else ""
        self.meeting_heading.setText(meeting.display_title)
        self.meeting_when.setText(f"{when.capitalize()}{place}")
        if self.forms.currentWidget() is self.item_form:
            if self.item_form.item in meeting.items:
                self.item_form.refresh()
            else:
                self.forms.setCurrentWidget(self.meeting_form)
        elif self.forms.currentWidget() is self.bilag_form:
            self.bilag_form.refresh()
        self._update_title()

    def _findings_changed(self, findings) -> None:
        self.problems.show_findings(findings)
        errors = has_errors([f.problem for f in findings])
        self.problems_dock.setWindowTitle(f"Problemer ({len(findings)})" if findings else "Problemer")
        if errors and not self.problems_dock.isVisible():
            self.problems_dock.show()
        if self.forms.currentWidget() is self.item_form:
            self.item_form.refresh()
        elif self.forms.currentWidget() is self.bilag_form:
            self.bilag_form.refresh()

    # -- title and action state ----------------------------------------------------------------
    def _update_title(self, *_signal_args) -> None:
        if self.session is None:
            self.setWindowTitle(APP_TITLE)
            self.setWindowModified(False)
            return
        meeting = self.session.meeting
        suffix = " (skrivebeskyttet)" if self.session.read_only else ""
        self.setWindowTitle(f"{meeting.display_title} – {danish.format_date(meeting.date)}[*]{suffix}"
                            f" – {APP_TITLE}")
        self.setWindowModified(self.session.modified)

    def _update_actions(self, *_signal_args) -> None:
        session = self.session
        editable = session is not None and not session.read_only
        node = self.selected()
        on_agenda = editable and self.agenda_active()
        self.act_add_item.setEnabled(on_agenda)
        for action in (self.act_add_bilag, self.act_duplicate, self.act_remove, self.act_up, self.act_down):
            action.setEnabled(on_agenda and node is not None)
        self.act_duplicate.setEnabled(on_agenda and node is not None and node[1] is None)
        self.act_save.setEnabled(editable)
        self.act_save_as.setEnabled(session is not None)
        self.act_save_template.setEnabled(session is not None)
        self.act_renumber.setEnabled(on_agenda)
        self.act_meeting.setEnabled(session is not None)
        self.act_check.setEnabled(session is not None)
        stack = session.stack if session else None
        self.act_undo.setEnabled(bool(stack and stack.canUndo() and editable))
        self.act_redo.setEnabled(bool(stack and stack.canRedo() and editable))
        undo = stack.undoText() if stack and stack.canUndo() else ""
        redo = stack.redoText() if stack and stack.canRedo() else ""
        self.act_undo.setToolTip(f"Fortryd: {undo} (Ctrl+Z)" if undo else "Fortryd (Ctrl+Z)")
        self.act_redo.setToolTip(f"Gentag: {redo} (Ctrl+Y)" if redo else "Gentag (Ctrl+Y)")
        self.act_undo.setStatusTip(self.act_undo.toolTip())
        self.act_redo.setStatusTip(self.act_redo.toolTip())
        self.act_undo_menu.setText(f"&Fortryd {undo}\tCtrl+Z".replace(" \t", "\t"))
        self.act_redo_menu.setText(f"&Gentag {redo}\tCtrl+Y".replace(" \t", "\t"))
        self.act_undo_menu.setEnabled(self.act_undo.isEnabled())
        self.act_redo_menu.setEnabled(self.act_redo.isEnabled())
        self.act_print.setEnabled(session is not None)

    # -- where the agenda actions apply ----------------------------------------------------------
    def agenda_active(self) -> bool:
        """True while the user works in the agenda: its tab is shown and focus is in its tree or forms."""
        return self.tabs.currentWidget() is self.splitter and self._agenda_focused

    def _focus_changed(self, _old, new) -> None:
        try:
            outside = new is None or new.window() is not self
        except RuntimeError:   # the window or the widget is being destroyed
            return
        if outside:
            return      # a dialog, a menu or another window: the agenda keeps its state
        if self.toolbar.isAncestorOf(new) or self.menuBar().isAncestorOf(new):
            return
        if new is self.tabs.tabBar():   # the tab headers: the agenda's own while its tab is shown
            focused = self.tabs.currentWidget() is self.splitter
        else:
            focused = self.splitter.isAncestorOf(new)
        if focused != self._agenda_focused:
            self._agenda_focused = focused
            self._update_actions()

    def _tab_changed(self, _index: int) -> None:
        self._agenda_focused = self.tabs.currentWidget() is self.splitter
        if self._agenda_focused and self.session is not None:
            self.tree.setFocus()
        self._update_actions()

    # -- printing ---------------------------------------------------------------------------------
    def print_current(self) -> bool:
        """Udskriv (Ctrl+P): what the user sees; a feature tab's document, else the agenda."""
        if self.session is None:
            return False
        self.item_form.commit_pending()
        for source in self.print_sources:
            found = source()
            if found is not None:
                title, render = found
                return dialogs.service().print_document(self, title, render)
        meeting = self.session.meeting.copy()
        return dialogs.service().print_document(
            self, "Udskriv dagsordenen", lambda printer: print_agenda(printer, meeting),
            document_name=f"Dagsorden – {meeting.display_title} {danish.format_date(meeting.date)}")

    def show_guide(self, chapter: str | None = None) -> HelpDialog:
        """Hjælp › Brugervejledning (F1), at ``chapter`` if given; one guide window, reused."""
        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.activateWindow()
        if chapter:
            self.help_dialog.show_chapter(chapter)
        return self.help_dialog

    def about(self) -> None:
        dialogs.service().inform(self, "Om kkrdesk",
                                 f"kkrdesk {__version__}\n\nForberedelse af møder i de fem KKR: "
                                 "dagsorden, bilag, søgning, undersøgelser og resultatkontrakter.")

    # -- numbering, bilag references and templates ---------------------------------------------
    def renumber(self) -> None:
        """Rediger › Omnummerér: items numbered in agenda order within each section."""
        if self.session is None or self.session.read_only:
            return
        self.item_form.commit_pending()
        node = self.selected()
        if not self.session.renumber():
            self.statusBar().showMessage("Punkternes numre følger allerede dagsordenens rækkefølge.", 5000)
        elif node is not None:
            self.select(*node)

    def _references_moved(self, update) -> None:
        session = self.session
        # Asked once the edit is done: the edit may come from a drop, which must not open a modal box.
        QTimer.singleShot(0, lambda: self._offer_reference_update(session, update))

    def _offer_reference_update(self, session, update) -> None:
        if session is not self.session or session.read_only:
            return
        if not update.edits:
            dialogs.service().warn(self, "Henvisninger til bilag",
                                   "Disse henvisninger peger nu på et andet bilag og skal rettes i hånden:"
                                   "\n\n" + _bulleted(update.describe()))
            session.keep_references(update.rewrites)
        elif dialogs.service().confirm(
                self, "Opdatér henvisninger til bilag",
                "Bilagenes numre er ændret, og teksterne henviser til dem. Skal henvisningerne følge "
                "med? (Det kan fortrydes.)\n\n" + _bulleted(update.describe())):
            session.update_references(update)
        else:
            session.keep_references(update.rewrites)

    def new_meeting_from(self) -> None:
        """Filer › Nyt møde ud fra …: a meeting with the recurring items of a template or an earlier one."""
        dialog = NewMeetingFromDialog(
            self, data_dir=self.data_dir,
            choose_folder=lambda: dialogs.service().choose_folder(self, "Vælg en tom mappe til mødet"),
            choose_meeting=lambda: dialogs.service().choose_folder(self, "Vælg mappen med det tidligere møde"),
            last_kkr=self.settings.last_kkr())
        if not dialogs.service().run(dialog):
            return
        try:
            request = dialog.request()
        except KkrError as exc:
            dialogs.service().error(self, "Mødet kan ikke oprettes", exc)
            return
        self.settings.set_last_kkr(request.meeting.kkr)
        self._create_meeting(request)

    def save_as_template(self) -> None:
        """Filer › Gem som skabelon …: the meeting's items, without bilag and case numbers."""
        if self.session is None:
            return
        self.item_form.commit_pending()
        meeting = self.session.meeting
        suggested = suggested_template_path(meeting.display_title, self.data_dir)
        suggested.parent.mkdir(parents=True, exist_ok=True)
        target = dialogs.service().save_file(self, "Gem som skabelon", str(suggested),
                                             "kkrdesk-skabelon (*.toml)")
        if target is None:
            return
        if target.suffix.lower() != ".toml":
            target = target.with_name(target.name + ".toml")
        try:
            write_template(template_from_meeting(meeting, name=target.stem, recurring_only=False), target)
        except KkrError as exc:
            dialogs.service().error(self, "Skabelonen blev ikke gemt", exc)
            return
        self.statusBar().showMessage(f"Skabelonen er gemt: {target}", 8000)


def _bulleted(lines: str) -> str:
    return "\n".join(f"• {line}" for line in lines.splitlines())
