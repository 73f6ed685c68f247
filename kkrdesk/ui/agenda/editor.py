"""The agenda editor: the "Dagsorden" tab (tree and forms), its Rediger entries and the Problemer dock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from kkrdesk.core import danish
from kkrdesk.core.errors import has_errors
from kkrdesk.core.meeting import AgendaItem, Bilag
from kkrdesk.core.meeting.checks import Finding, Place
from kkrdesk.ui import dialogs
from kkrdesk.ui.agenda import import_text_action
from kkrdesk.ui.agenda.commands import Selection, selection_after
from kkrdesk.ui.agenda.forms import ItemForm
from kkrdesk.ui.agenda.problems_panel import ProblemsPanel
from kkrdesk.ui.agenda.session import MeetingSession
from kkrdesk.ui.icons import icon
from kkrdesk.ui.theme import styled

if TYPE_CHECKING:
    from kkrdesk.core.meeting.references import ReferenceUpdate
    from kkrdesk.ui.agenda.bilag_form import BilagForm
    from kkrdesk.ui.agenda.meeting_form import MeetingForm
    from kkrdesk.ui.main_window import MainWindow

UNDO_OFFER_MS = 12_000


class AgendaTree(QTreeView):
    """The agenda tree: drag to reorder, drop files from the file manager onto an item."""

    def __init__(self, parent: QWidget | None = None):
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


class UndoOffer(QWidget):
    """After a deletion, the status bar says what was deleted and offers to undo it for a while."""

    def __init__(self, undo: Callable[[], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.text = QLabel()
        self.button = QPushButton(icon("undo"), "Fortryd")
        self.button.setAccessibleName("Fortryd sletningen")
        self.button.clicked.connect(lambda: self._undo(undo))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        layout.addWidget(self.button)
        layout.addStretch()
        self._timer = QTimer(self, singleShot=True, interval=UNDO_OFFER_MS)
        self._timer.timeout.connect(self.withdraw)
        self.setVisible(False)

    def _undo(self, undo: Callable[[], None]) -> None:
        self.withdraw()
        undo()

    def offer(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(True)
        self._timer.start()

    def withdraw(self) -> None:
        self._timer.stop()
        self.setVisible(False)


class AgendaEditor:
    """The open meeting's agenda: items and bilag in a tree, the chosen one's form beside it."""

    name = "agenda"

    def __init__(self, window: MainWindow):
        self.window = window
        self.session: MeetingSession | None = None
        self._meeting_form: MeetingForm | None = None
        self._bilag_form: BilagForm | None = None
        self._build_actions()
        self._build_widgets()
        self.act_import_text = import_text_action.install(self)
        window.sessionChanged.connect(self._session_changed)
        window.meetingOpened.connect(lambda _session: self._select_first_item())
        window.undoStepped.connect(lambda command, undone: self._select_target(selection_after(command, undone)))
        window.currentTabChanged.connect(self._tab_changed)
        window.add_pending_commit(self._commit_pending)
        window.aboutToClose.connect(self._closing)
        app = QApplication.instance()
        self._following_focus = isinstance(app, QApplication)
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._update_actions()

    # -- construction ----------------------------------------------------------------------
    def _build_actions(self) -> None:
        make = self.window.make_action
        self.act_add_item = make("Nyt &punkt", self.add_item, ["Ctrl+Shift+N", "Ins"], "add",
                                 "Tilføj et punkt efter det valgte")
        self.act_add_bilag = make("Tilføj &bilag …", self.add_bilag, ["Ctrl+B"], "attach",
                                  "Læg filer på det valgte punkt som bilag")
        self.act_duplicate = make("&Dupliker", self.duplicate, ["Ctrl+D"], "duplicate",
                                  "Dupliker det valgte punkt")
        self.act_remove = make("&Slet", self.remove, [QKeySequence.StandardKey.Delete], "remove",
                               "Slet det valgte punkt eller bilag")
        self.act_up = make("Flyt &op", lambda: self.move_selected(-1), ["Alt+Up"], "up", "Flyt det valgte op")
        self.act_down = make("Flyt &ned", lambda: self.move_selected(1), ["Alt+Down"], "down",
                             "Flyt det valgte ned")
        self.act_meeting = make("&Mødeoplysninger", self.show_meeting_form, ["Ctrl+I"], None,
                                "Vis og ret mødets KKR, dato og sted")
        self.act_check = make("&Kontrollér bilagsfiler", self.window.check_files, ["F5"], None,
                              "Kontrollér, at alle bilagsfiler findes og er uændrede")
        self.act_renumber = make("Omnummer&ér", self.renumber, ["Ctrl+Shift+R"], None,
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
        for action in (self.act_add_item, self.act_add_bilag, self.act_duplicate, self.act_remove):
            self.window.add_edit_action(action, "change")
        for action in (self.act_up, self.act_down, self.act_renumber):
            self.window.add_edit_action(action, "order")
        self.window.add_toolbar_actions(self.agenda_actions)
        self.window.add_view_action(self.act_meeting)
        self.window.add_view_action(self.act_check)

    def _build_widgets(self) -> None:
        window = self.window
        self.meeting_heading = styled(QLabel())
        self.meeting_heading.setObjectName("meetingHeading")
        self.meeting_heading.setWordWrap(True)
        self.meeting_when = QLabel()
        self.meeting_when.setWordWrap(True)
        self.tree = AgendaTree()
        self.tree.addActions(self.agenda_actions)
        self.tree.doubleClicked.connect(self._double_clicked)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.meeting_heading)
        left_layout.addWidget(self.meeting_when)
        left_layout.addWidget(self.tree, 1)
        self.forms = QStackedWidget()
        self.forms.setMinimumWidth(380)
        self._no_form = QWidget()    # shown until opening the meeting has chosen what to show
        self.forms.addWidget(self._no_form)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("agendaSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.forms)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addActions([a for a in self.agenda_actions if a is not self.act_remove]
                                 + [self.act_renumber])
        splitter_state = window.settings.window_state("agendaSplitter")
        if splitter_state is None or not self.splitter.restoreState(splitter_state):
            self.splitter.setSizes([460, 720])
        self._agenda_focused = True
        window.add_tab(self.splitter, "&Dagsorden")

        self.problems = ProblemsPanel()
        self.problems.placeActivated.connect(self.go_to)
        self.problems_dock = QDockWidget("Problemer", window)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        window.resizeDocks([self.problems_dock], [110], Qt.Orientation.Vertical)
        self.problems_dock.hide()  # shown by F8, and by itself when an error is found
        window.restoreDockWidget(self.problems_dock)
        toggle = self.problems_dock.toggleViewAction()
        toggle.setShortcut(QKeySequence("F8"))
        toggle.setText("&Problemer")
        window.add_view_action(toggle)

        self.undo_offer = UndoOffer(window.undo)
        window.statusBar().addWidget(self.undo_offer, 1)

    # -- the open meeting ----------------------------------------------------------------------
    def _session_changed(self, session: MeetingSession | None) -> None:
        if self.session is not None:
            self._detach()
        if session is not None:
            self._attach(session)
        self._update_actions()

    def _attach(self, session: MeetingSession) -> None:
        self.session = session
        tree = self.tree
        tree.setModel(session.model)
        tree.header().setStretchLastSection(False)
        tree.header().setSectionResizeMode(0, tree.header().ResizeMode.Stretch)
        tree.header().setSectionResizeMode(1, tree.header().ResizeMode.ResizeToContents)
        tree.expandAll()
        tree.selectionModel().currentChanged.connect(self._current_changed)
        session.model.rowsInserted.connect(self._rows_inserted)
        session.model.modelReset.connect(tree.expandAll)
        session.model.edited.connect(self._meeting_edited)
        session.stack.indexChanged.connect(self._update_actions)
        session.findingsChanged.connect(self._findings_changed)
        session.referencesMoved.connect(self._references_moved)
        self.item_form = ItemForm(session)
        self.forms.addWidget(self.item_form)
        self.forms.setCurrentWidget(self._no_form)
        self._meeting_edited()
        session.publish_findings()

    @property
    def meeting_form(self) -> MeetingForm:
        """The open meeting's form, built the first time it is shown or asked for."""
        if self._meeting_form is None:
            from kkrdesk.ui.agenda.meeting_form import MeetingForm

            assert self.session is not None, "the meeting form belongs to an open meeting"
            self._meeting_form = MeetingForm(self.session)
            self.forms.addWidget(self._meeting_form)
        return self._meeting_form

    @property
    def bilag_form(self) -> BilagForm:
        """The form of the chosen bilag, built the first time a bilag is chosen or it is asked for."""
        if self._bilag_form is None:
            from kkrdesk.ui.agenda.bilag_form import BilagForm

            session = self.session
            assert session is not None, "the bilag form belongs to an open meeting"
            self._bilag_form = BilagForm(session)
            self._bilag_form.openRequested.connect(
                lambda item, bilag: self.window.bilagActivated.emit(session, item, bilag))
            self.forms.addWidget(self._bilag_form)
        return self._bilag_form

    def _detach(self) -> None:
        self.tree.setModel(None)
        self.forms.setCurrentWidget(self._no_form)
        for form in (self._meeting_form, self.item_form, self._bilag_form):
            if form is not None:
                self.forms.removeWidget(form)
                form.deleteLater()
        self._meeting_form = self._bilag_form = None
        self.session = None

    def _commit_pending(self) -> None:
        if self.session is not None:
            self.item_form.commit_pending()

    def _closing(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._following_focus:
            self._following_focus = False
            app.focusChanged.disconnect(self._focus_changed)
        self.window.settings.set_window_state("agendaSplitter", self.splitter.saveState())
        self.window.settings.sync()

    def _rows_inserted(self, parent: QModelIndex, *_rows: int) -> None:
        if parent.isValid():
            self.tree.expand(parent)
        else:
            self.tree.expandAll()

    # -- editing -----------------------------------------------------------------------------
    def selected(self) -> tuple[AgendaItem, Bilag | None] | None:
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
        paths = dialogs.service().open_files(self.window, f"Tilføj bilag til punkt {node[0].number}",
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
        session = self.session
        if session is None or session.read_only or node is None or not self.agenda_active():
            return
        item, bilag = node
        service = dialogs.service()
        if bilag is not None:
            number = item.bilag_number(bilag)
            what = "et lukket bilag" if bilag.closed else "med i bilagspakken"
            if (bilag.closed or bilag.printed) and not service.confirm(
                    self.window, "Slet bilag", f"Bilag {number} til punkt {item.number}, »{bilag.title}«, er "
                    f"{what}. Vil du slette det fra dagsordenen?\n\nFilen bliver i mødets mappe."):
                return
            session.remove_bilag(item, bilag)
            self.select(item)
            self.undo_offer.offer(f"Bilag {number} til punkt {item.number} er slettet.")
        else:
            count = len(item.bilag)
            if count and not service.confirm(
                    self.window, "Slet punkt", f"Punkt {item.number} »{item.title}« har "
                    f"{'1 bilag' if count == 1 else f'{count} bilag'}. Vil du slette punktet med "
                    "bilagene?\n\nFilerne bliver i mødets mappe."):
                return
            session.remove_item(item)
            self._select_target(selection_after(session.stack.command(session.stack.index() - 1), False))
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

    def renumber(self) -> None:
        """Rediger › Omnummerér: items numbered in agenda order within each section."""
        if self.session is None or self.session.read_only:
            return
        self.item_form.commit_pending()
        node = self.selected()
        if not self.session.renumber():
            self.window.statusBar().showMessage("Punkternes numre følger allerede dagsordenens rækkefølge.",
                                                5000)
        elif node is not None:
            self.select(*node)

    def _select_target(self, target: Selection | None) -> None:
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
        if self.window.current_tab() is not self.splitter:
            self.window.show_tab(self.splitter)

    # -- selection and forms -----------------------------------------------------------------
    def select(self, item: AgendaItem, bilag: Bilag | None = None) -> None:
        """Choose ``item`` (or its ``bilag``) in the tree; its form shows beside it."""
        if self.session is None or item not in self.session.meeting.items:
            return
        model = self.session.model
        index = model.bilag_index(item, bilag) if bilag is not None else model.item_index(item)
        self.tree.setCurrentIndex(index)
        self.tree.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)

    def _select_first_item(self) -> None:
        if self.session and self.session.meeting.items:
            self.select(self.session.meeting.items[0])
        elif self.session:
            self.forms.setCurrentWidget(self.meeting_form)
        if self.session and self.window.current_tab() is self.splitter:
            self.tree.setFocus()

    def show_meeting_form(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())
        if self.session is not None:
            self.forms.setCurrentWidget(self.meeting_form)

    def go_to(self, place: Place) -> None:
        if self.session is None:
            return
        self.window.show_tab(self.splitter)
        item = next((i for i in self.session.meeting.items if i.number == place.item), None)
        if item is None:
            self.show_meeting_form()
            return
        bilag = item.bilag[place.bilag - 1] if place.bilag and place.bilag <= len(item.bilag) else None
        self.select(item, bilag)
        self.tree.setFocus()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.session is None:
            return
        node = self.session.model.node(current)
        if node is None:
            self.forms.setCurrentWidget(self.meeting_form)
        elif node[1] is None:
            self.item_form.show_item(node[0])
            self.forms.setCurrentWidget(self.item_form)
        else:
            self.bilag_form.show_bilag(node[0], node[1])
            self.forms.setCurrentWidget(self.bilag_form)
        self._update_actions()
        self.window.agendaSelectionChanged.emit()

    def _double_clicked(self, index: QModelIndex) -> None:
        node = self.session.model.node(index) if self.session else None
        if node is not None and node[1] is not None:
            self.window.bilagActivated.emit(self.session, node[0], node[1])

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
        elif self._bilag_form is not None and self.forms.currentWidget() is self._bilag_form:
            self._bilag_form.refresh()

    def _findings_changed(self, findings: list[Finding]) -> None:
        self.problems.show_findings(findings)
        errors = has_errors([f.problem for f in findings])
        self.problems_dock.setWindowTitle(f"Problemer ({len(findings)})" if findings else "Problemer")
        if errors and not self.problems_dock.isVisible():
            self.problems_dock.show()
        if self.forms.currentWidget() is self.item_form:
            self.item_form.refresh()
        elif self._bilag_form is not None and self.forms.currentWidget() is self._bilag_form:
            self._bilag_form.refresh()

    # -- bilag references ------------------------------------------------------------------------
    def _references_moved(self, update: ReferenceUpdate) -> None:
        session = self.session
        # Asked once the edit is done: the edit may come from a drop, which must not open a modal box.
        QTimer.singleShot(0, lambda: self._offer_reference_update(session, update))

    def _offer_reference_update(self, session: MeetingSession | None, update: ReferenceUpdate) -> None:
        if session is None or session is not self.session or session.read_only:
            return
        if not update.edits:
            dialogs.service().warn(self.window, "Henvisninger til bilag",
                                   "Disse henvisninger peger nu på et andet bilag og skal rettes i hånden:"
                                   "\n\n" + _bulleted(update.describe()))
            session.keep_references(update.rewrites)
        elif dialogs.service().confirm(
                self.window, "Opdatér henvisninger til bilag",
                "Bilagenes numre er ændret, og teksterne henviser til dem. Skal henvisningerne følge "
                "med? (Det kan fortrydes.)\n\n" + _bulleted(update.describe())):
            session.update_references(update)
        else:
            session.keep_references(update.rewrites)

    # -- where the agenda actions apply ----------------------------------------------------------
    def _update_actions(self, *_signal_args: object) -> None:
        session = self.session
        editable = session is not None and not session.read_only
        node = self.selected()
        on_agenda = editable and self.agenda_active()
        self.act_add_item.setEnabled(on_agenda)
        for action in (self.act_add_bilag, self.act_duplicate, self.act_remove, self.act_up, self.act_down):
            action.setEnabled(on_agenda and node is not None)
        self.act_duplicate.setEnabled(on_agenda and node is not None and node[1] is None)
        self.act_renumber.setEnabled(on_agenda)
        self.act_meeting.setEnabled(session is not None)
        self.act_check.setEnabled(session is not None)

    def agenda_active(self) -> bool:
        """True while the user works in the agenda: its tab is shown and focus is in its tree or forms."""
        return self.window.current_tab() is self.splitter and self._agenda_focused

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        try:
            outside = new is None or new.window() is not self.window
        except RuntimeError:   # the window or the widget is being destroyed
            return
        if outside or new is None:
            return      # a dialog, a menu or another window: the agenda keeps its state
        if self.window.is_chrome(new):
            return
        focused = self.window.tab_of(new) is self.splitter
        if focused != self._agenda_focused:
            self._agenda_focused = focused
            self._update_actions()

    def _tab_changed(self, current: QWidget | None) -> None:
        self._agenda_focused = current is self.splitter
        if self._agenda_focused and self.session is not None:
            self.tree.setFocus()
        self._update_actions()


def _bulleted(lines: str) -> str:
    return "\n".join(f"• {line}" for line in lines.splitlines())
