"""The main window, the shell of the features: menus, tabs, title, and the life of an open meeting."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from kkrdesk import __version__
from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.recovery import Recovery, pending_recoveries
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from kkrdesk.core.sample import is_sample, sample_working_copy
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.icons import icon
from kkrdesk.ui.office_notice import LibreOfficeNotice
from kkrdesk.ui.settings import Settings
from kkrdesk.ui.theme import styled
from kkrdesk.ui.window_geometry import place_on_screen
from kkrdesk.ui.window_words import error_text

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from kkrdesk.ui.agenda.new_meeting_dialog import NewMeetingRequest
    from kkrdesk.ui.help_dialog import HelpDialog

APP_TITLE = "kkrdesk"
MANIFEST_NAME = "meeting.toml"
RECHECK_ON_ACTIVATE_SECONDS = 15
# The Filer menu's sections, top to bottom, that features add entries to (add_file_action).
FILE_SLOTS = ("meeting", "save", "print", "export", "pack")
# What Udskriv asks a feature: (title, render(printer)) of the document its tab shows, or None.
PrintSource = Callable[[], "tuple[str, Callable[[QPrinter], object]] | None"]
# The Rediger menu's sections, top to bottom (add_edit_action): undo and redo, changes, order.
EDIT_SLOTS = ("history", "change", "order")



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


class MainWindow(QMainWindow):
    """One window, one meeting at a time; the features (the agenda editor first) arrive as tabs."""

    bilagActivated = Signal(object, object, object)   # session, item, bilag
    sessionChanged = Signal(object)                    # the new MeetingSession, or None
    aboutToClose = Signal()                            # the window is closing; release resources
    currentTabChanged = Signal(object)                 # the panel of the tab now shown
    agendaSelectionChanged = Signal()                  # another item or bilag chosen on the agenda
    meetingOpened = Signal(object)                     # open_meeting is done (recovery restored): show it
    undoStepped = Signal(object, bool)                 # a command undone (True) or redone: show its change

    def __init__(self, settings: Settings | None = None, *, data_dir: Path | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.data_dir = data_dir
        self.session: MeetingSession | None = None
        self.features: list[object] = []   # set by kkrdesk.ui.features.connect_features
        self._pending_commits: list[Callable[[], None]] = []
        self.print_sources: list[PrintSource] = []   # features add callables returning (title, render) or None
        self._last_check = 0.0
        # Set when the window's first paint pass is over, or its meeting closes first: the start's
        # file check waits for it.
        self._checks_may_start = threading.Event()
        self.setWindowIcon(icon("kkrdesk"))
        self.setAcceptDrops(False)
        self._build_actions()
        self._build_menus()
        self._build_widgets()
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
        self.act_undo = self.make_action("Fortryd", self.undo, ["Ctrl+Z"], "undo", "Fortryd")
        self.act_redo = self.make_action("Gentag", self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], "redo", "Gentag")
        self.act_undo_menu = self.make_action("&Fortryd\tCtrl+Z", self.undo, None, "undo")
        self.act_redo_menu = self.make_action("&Gentag\tCtrl+Y", self.redo, None, "redo")
        self.act_print = self.make_action("&Udskriv …", self.print_current, [QKeySequence.StandardKey.Print],
                                          "print", "Udskriv det, du ser: dagsordenen eller det åbne bilag")
        self.act_guide = self.make_action("&Brugervejledning", lambda: self.show_guide(), ["F1"], None,
                                          "Åbn brugervejledningen")
        self.act_about = self.make_action("&Om kkrdesk", self.about)
        self.act_new_from = self.make_action("Nyt møde &ud fra …", self.new_meeting_from, None, "new",
                                             "Opret et møde med de faste punkter fra et tidligere møde "
                                             "eller en skabelon")
        self.act_save_template = self.make_action("Gem som s&kabelon …", self.save_as_template, None, None,
                                                  "Gem mødets punkter uden bilag som skabelon til nye møder")
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
        self.edit_menu = edit
        self._edit_slots = {slot: edit.addSeparator() for slot in EDIT_SLOTS}   # sections as in Filer
        self.add_edit_action(self.act_undo_menu, "history")
        self.add_edit_action(self.act_redo_menu, "history")
        self.view_menu = self.menuBar().addMenu("&Vis")
        self.help_menu = self.menuBar().addMenu("&Hjælp")
        self.help_menu.addActions([self.act_guide, self.act_about])
        toolbar = QToolBar("Værktøjslinje", self)
        self.toolbar = toolbar
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.act_open, self.act_save])
        toolbar.addSeparator()
        toolbar.addActions([self.act_undo, self.act_redo])
        self.addToolBar(toolbar)

    def _build_widgets(self) -> None:
        self.banner = styled(QFrame())
        self.banner.setObjectName("readOnlyBanner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.addWidget(QLabel(pixmap=icon("closed").pixmap(16, 16)))
        banner_layout.addWidget(self.banner_text, 1)
        self.banner.setVisible(False)
        self.banner.setAccessibleName("Skrivebeskyttet møde")

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.currentChanged.connect(lambda _i: self.currentTabChanged.emit(self.tabs.currentWidget()))
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self.busy = QProgressBar()
        self.busy.setMaximumWidth(160)
        self.busy.setMaximum(0)
        self.busy.setFormat("%p\u00a0%")
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Arbejder i baggrunden")
        self.statusBar().addPermanentWidget(self.busy)
        self.office_notice = LibreOfficeNotice()
        self.office_notice.guideRequested.connect(self.show_guide)
        self.statusBar().addPermanentWidget(self.office_notice)
        self.office_notice.refresh()
        self.help_dialog: HelpDialog | None = None

    # -- window state ----------------------------------------------------------------------
    def _restore_window_state(self) -> None:
        geometry = self.settings.window_state("geometry")
        place_on_screen(self, restored=geometry is not None and self.restoreGeometry(geometry))
        state = self.settings.window_state("state")
        if state is not None:
            self.restoreState(state)

    def _save_window_state(self) -> None:
        self.settings.set_window_state("geometry", self.saveGeometry())
        self.settings.set_window_state("state", self.saveState())
        self.settings.sync()

    # -- the shell API: what features use of the window (documented in kkrdesk.ui.features) ----
    def add_tab(self, widget: QWidget, title: str) -> int:
        """A feature's panel as a tab after the others; its index."""
        return self.tabs.addTab(widget, title)

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
        """Bring a feature's tab to the front."""
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

    def add_edit_action(self, action: QAction, slot: str) -> None:
        """A feature's entry in the Rediger menu, at the end of the section ``slot`` (EDIT_SLOTS)."""
        if slot not in self._edit_slots:
            raise ValueError(f"unknown Rediger menu slot {slot!r}; the slots are {', '.join(EDIT_SLOTS)}")
        self.edit_menu.insertAction(self._edit_slots[slot], action)

    def add_toolbar_actions(self, actions: list[QAction]) -> None:
        """A feature's group of buttons at the end of the toolbar, after a separator."""
        self.toolbar.addSeparator()
        self.toolbar.addActions(actions)

    def is_chrome(self, widget: QWidget) -> bool:
        """True for the toolbar and the menu bar (and what is in them): focus there is no choice of tab."""
        return self.toolbar.isAncestorOf(widget) or self.menuBar().isAncestorOf(widget)

    def tab_of(self, widget: QWidget) -> QWidget | None:
        """The tab panel ``widget`` is inside (the shown one for the tab headers), or None."""
        if widget is self.tabs.tabBar():
            return self.tabs.currentWidget()
        panels = (self.tabs.widget(index) for index in range(self.tabs.count()))
        return next((panel for panel in panels if panel is not None and panel.isAncestorOf(widget)), None)

    def add_pending_commit(self, commit: Callable[[], None]) -> None:
        """``commit()`` turns a feature's text still being typed into its undo step (see commit_pending)."""
        self._pending_commits.append(commit)

    def add_print_source(self, source: PrintSource) -> None:
        """Udskriv asks ``source()`` first: (title, render) to print a feature's document, or None."""
        self.print_sources.append(source)

    @property
    def current_meeting(self) -> MeetingSession | None:
        """The open meeting (its session: meeting, folder, undo stack), or None."""
        return self.session

    def commit_pending(self) -> None:
        """Turn a text still being typed (in the agenda's forms) into its undo step, so that what a
        feature reads or writes of the meeting includes it; nothing to do without a meeting."""
        if self.session is not None:
            for commit in self._pending_commits:
                commit()

    def undo(self) -> None:
        """Rediger › Fortryd: the last step of the open meeting; undoStepped shows what it changed."""
        if self.session is not None and self.session.stack.canUndo():
            self.commit_pending()
            stack = self.session.stack
            if not stack.canUndo():   # committing may have merged a step that is now no step at all
                return
            command = stack.command(stack.index() - 1)
            stack.undo()
            self.undoStepped.emit(command, True)

    def redo(self) -> None:
        """Rediger › Gentag: the step undone last; undoStepped shows what it changed."""
        if self.session is not None and self.session.stack.canRedo():
            stack = self.session.stack
            command = stack.command(stack.index())
            stack.redo()
            self.undoStepped.emit(command, False)

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
        session = MeetingSession(folder, self, data_dir=self.data_dir)
        self._attach(session)
        if recovery is None and not folder.read_only:
            recovery = next((r for r in pending_recoveries(self.data_dir)
                             if r.meeting_path.resolve() == folder.path.resolve()), None)
            if recovery is not None and not dialogs.service().confirm(
                    self, "Gendan ikke-gemte ændringer",
                    f"kkrdesk blev ikke lukket normalt, mens {recovery.title} var åbent. Der er en "
                    f"gendannelseskopi fra {danish.format_moment(recovery.saved_at)}.\n\nVil du gendanne "
                    "ændringerne? (Vælger du nej, slettes kopien.)"):
                session.discard_recovery()
                recovery = None
        if recovery is not None:
            session.restore(recovery)
        if not folder.read_only:
            self.settings.add_recent_meeting(folder.path)
        if opened_sample:
            self.statusBar().showMessage(f"Du arbejder i en kopi af eksempelmødet: {folder.path}", 15000)
        self.check_files()
        self.meetingOpened.emit(session)
        return True

    def _attach(self, session: MeetingSession) -> None:
        self.session = session
        session.model.edited.connect(self._update_title)
        session.stack.cleanChanged.connect(self._update_title)
        session.stack.indexChanged.connect(self._update_actions)
        session.importFailed.connect(self._import_failed)
        session.busyChanged.connect(self.busy.setVisible)
        owner = session.folder.lock_owner
        self.banner.setVisible(session.read_only)
        if owner is not None:
            self.banner_text.setText(f"Mødet er åbent hos {owner.describe()}. Du kan læse det her, "
                                     "men ikke ændre det, før det er lukket dér.")
        else:
            self.banner_text.setText("Mødet er åbnet skrivebeskyttet: mappen kan ikke skrives i.")
        self._update_title()
        self._update_actions()
        self.sessionChanged.emit(session)

    def _import_failed(self, error: KkrError) -> None:
        dialogs.service().error(self, "Bilaget kan ikke bruges", error)

    def close_meeting(self) -> bool:
        """Close the open meeting, asking first if it has unsaved changes. False if the user cancels."""
        session = self.session
        if session is None:
            return True
        self.commit_pending()
        if session.modified:
            answer = dialogs.service().save_discard_cancel(
                self, "Ikke-gemte ændringer",
                f"{session.meeting.display_title} har ændringer, der ikke er gemt. Vil du gemme dem?")
            if answer == "cancel":
                return False
            if answer == "save" and not self.save():
                return False
        session.close()
        self._checks_may_start.set()      # a cancelled check still waiting for the first paint ends now
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
            self._save_window_state()
            self.aboutToClose.emit()
            event.accept()
        else:
            event.ignore()

    # -- file actions ------------------------------------------------------------------------
    def new_meeting(self) -> None:
        from kkrdesk.ui.agenda.new_meeting_dialog import NewMeetingDialog

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
        self.commit_pending()
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
        self.commit_pending()
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

    def check_files(self) -> None:
        """Vis › Kontrollér bilagsfiler (F5): every bilag file hashed again, off the GUI thread.

        In a window shown but not yet drawn, the check's thread waits for the first paint: it would
        otherwise take turns with it for Python's interpreter lock (~15 ms of the start-up).
        """
        if self.session is not None:
            self._last_check = time.monotonic()
            waiting = self.isVisible() and not self._checks_may_start.is_set()
            self.session.check_files(not_before=self._checks_may_start if waiting else None)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._checks_may_start.is_set():
            QTimer.singleShot(0, self._checks_may_start.set)   # after the rest of this pass (the children)

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
        self.act_save.setEnabled(editable)
        self.act_save_as.setEnabled(session is not None)
        self.act_save_template.setEnabled(session is not None)
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

    # -- printing ---------------------------------------------------------------------------------
    def print_current(self) -> bool:
        """Udskriv (Ctrl+P): what the user sees; a feature tab's document, else the agenda."""
        if self.session is None:
            return False
        self.commit_pending()
        for source in self.print_sources:
            found = source()
            if found is not None:
                title, render = found
                return dialogs.service().print_document(self, title, render)
        from kkrdesk.ui.printing import print_agenda

        meeting = self.session.meeting.copy()
        return dialogs.service().print_document(
            self, "Udskriv dagsordenen", lambda printer: print_agenda(printer, meeting),
            document_name=f"Dagsorden – {meeting.display_title} {danish.format_date(meeting.date)}")

    def show_guide(self, chapter: str | None = None) -> HelpDialog:
        """Hjælp › Brugervejledning (F1), at ``chapter`` if given; one guide window, reused."""
        if self.help_dialog is None:
            from kkrdesk.ui.help_dialog import HelpDialog

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

    # -- templates ---------------------------------------------------------------------------------
    def new_meeting_from(self) -> None:
        """Filer › Nyt møde ud fra …: a meeting with the recurring items of a template or an earlier one."""
        from kkrdesk.ui.agenda.new_from_dialog import NewMeetingFromDialog

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
        from kkrdesk.core.meeting.templates import suggested_template_path, template_from_meeting, write_template

        self.commit_pending()
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

