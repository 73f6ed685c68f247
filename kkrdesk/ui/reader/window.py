"""The read-only pack window: agenda, search and what changed on the left, the reader on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QMainWindow,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
)

from kkrdesk import __version__
from kkrdesk.core import danish
from kkrdesk.core.pack.opening import ReadingSession
from kkrdesk.core.pack.source import ReadingSource
from kkrdesk.core.search.index import SearchHit
from kkrdesk.ui import dialogs
from kkrdesk.ui.icons import icon, kind_icon
from kkrdesk.ui.reader.reader_panel import ReaderPanel
from kkrdesk.ui.reader.search_panel import SearchPanel
from kkrdesk.ui.window_geometry import place_on_screen

if TYPE_CHECKING:
    from kkrdesk.ui.help_dialog import HelpDialog

GUIDE_CHAPTER = "Medlemspakker og personlige noter"

BILAG_ROLE = Qt.ItemDataRole.UserRole


class PackReaderWindow(QMainWindow):
    """Reads one meeting (usually an opened pack, read-only); what the `open` command shows."""

    def __init__(self, source: ReadingSource, session: ReadingSession | None = None):
        super().__init__()
        self.source = source
        meeting = source.meeting
        mode = " (skrivebeskyttet)" if source.read_only else ""
        version = f", version {session.pack.info.version}" if session else ""
        self.setWindowTitle(f"{meeting.display_title} – {danish.format_date(meeting.date)}{version}"
                            f"{mode} – kkrdesk")
        self.setWindowIcon(icon("kkrdesk"))
        self.help_dialog: HelpDialog | None = None
        self.agenda = QTreeWidget(self)
        self.agenda.setHeaderLabels(["Dagsorden", "Sider"])
        self.agenda.setAccessibleName("Dagsordenens punkter og bilag")
        for item in meeting.items:
            node = QTreeWidgetItem([item.heading, ""])
            node.setIcon(0, icon("closed") if item.closed else icon("item"))
            node.setData(0, BILAG_ROLE, (item.number, 0))
            for number, bilag in enumerate(item.bilag, start=1):
                child = QTreeWidgetItem([f"Bilag {number}: {bilag.title}",
                                         "" if bilag.pages is None else str(bilag.pages)])
                child.setIcon(0, icon("closed") if bilag.closed else kind_icon(bilag.kind))
                child.setData(0, BILAG_ROLE, (item.number, number))
                node.addChild(child)
            self.agenda.addTopLevelItem(node)
        self.agenda.expandAll()
        self.agenda.resizeColumnToContents(0)
        self.agenda.itemActivated.connect(self._agenda_chosen)
        self.agenda.itemClicked.connect(self._agenda_chosen)
        self.search = SearchPanel(self)
        self.reader = ReaderPanel(self)
        self.reader.set_source(source)
        self.search.hit_activated.connect(self.open_hit)
        self.changes = QTextBrowser(self)
        self.changes.setAccessibleName("Ændringer siden sidst")
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.agenda, "Dagsorden")
        self.tabs.addTab(self.search, "Søg")
        if session is not None:
            self.tabs.addTab(self.changes, "Ændringer")
            self.changes.setHtml(changes_html(session))
            if (session.changes is not None and not session.changes.empty) or session.reattached.orphans:
                self.tabs.setCurrentWidget(self.changes)
        splitter = QSplitter(self)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.reader)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 1000])
        self.setCentralWidget(splitter)
        place_on_screen(self, restored=False, size=QSize(1400, 900))   # or what fits a smaller screen
        self.search.set_source(source)
        self._build_menus()

    def _action(self, text: str, slot, shortcut=None, icon_name: str | None = None, tip: str = "") -> QAction:
        """Built like the main window's actions: Danish text, shortcut, icon and tooltip."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setIcon(icon(icon_name))
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        """The main window's Filer, Vis and Hjælp menus, with what a reader of a pack can do."""
        self.act_print = self._action("&Udskriv …", self.print_current, QKeySequence.StandardKey.Print, "print",
                                      "Udskriv det viste bilag")
        self.act_close = self._action("&Luk vindue", self.close, QKeySequence.StandardKey.Close)
        self.act_search = self._action("&Søg i mødet", self.show_search, "Ctrl+F", None,
                                       "Søg i alle bilag og punkternes tekster")
        self.act_agenda = self._action("&Dagsorden", lambda: self.tabs.setCurrentWidget(self.agenda), "Ctrl+1")
        self.act_guide = self._action("&Brugervejledning", self.show_guide, "F1", None,
                                      "Åbn brugervejledningen")
        self.act_about = self._action("&Om kkrdesk", self.about)
        files = self.menuBar().addMenu("&Filer")
        files.addAction(self.act_print)
        files.addSeparator()
        files.addAction(self.act_close)
        view = self.menuBar().addMenu("&Vis")
        view.addActions([self.act_agenda, self.act_search])
        help_menu = self.menuBar().addMenu("&Hjælp")
        help_menu.addActions([self.act_guide, self.act_about])

    def print_current(self) -> bool:
        render = self.reader.print_render()
        if render is None:
            dialogs.service().inform(self, "Udskriv",
                                     "Vælg først et bilag på dagsordenen; så kan du udskrive det.")
            return False
        item_number, bilag_number = self.reader.current or ("", 0)
        return dialogs.service().print_document(
            self, f"Udskriv bilag {bilag_number} til punkt {item_number}", render)

    def show_search(self) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.query_box.setFocus()

    def show_guide(self):
        from kkrdesk.ui.help_dialog import HelpDialog

        if self.help_dialog is None:
            self.help_dialog = HelpDialog(self)
        self.help_dialog.show()
        self.help_dialog.raise_()
        self.help_dialog.show_chapter(GUIDE_CHAPTER)
        return self.help_dialog

    def about(self) -> None:
        dialogs.service().inform(self, "Om kkrdesk",
                                 f"kkrdesk {__version__}\n\n" + ("Læs en medlemspakke: dagsorden, bilag, "
                                                                        "søgning og dine egne noter."))

    def _agenda_chosen(self, node: QTreeWidgetItem) -> None:
        item_number, bilag_number = node.data(0, BILAG_ROLE)
        if bilag_number:
            self.reader.show_bilag(self.source, item_number, bilag_number)
        else:
            self.reader.show_item(item_number)

    def open_hit(self, hit: SearchHit) -> None:
        if hit.bilag_number is None:
            self.reader.show_item(hit.item_number, hit.highlight)
        else:
            self.reader.show_bilag(self.source, hit.item_number, hit.bilag_number, hit.page,
                                   hit.highlight or None)

    def closeEvent(self, event) -> None:
        self.search.shutdown()
        self.reader.close_document()
        super().closeEvent(event)


def changes_html(session: ReadingSession) -> str:
    """What changed since the version read before, and what happened to the notes, as HTML."""
    import html

    parts = []
    changes, previous = session.changes, session.previous
    if changes is None or previous is None:
        parts.append("<p>Det er første gang, du åbner denne pakke.</p>")
    elif changes.empty:
        parts.append(f"<p>Intet er ændret siden version {previous.version}.</p>")
    else:
        parts.append(f"<h3>Ændret siden version {previous.version}</h3><ul>")
        parts += [f"<li>{html.escape(line)}</li>" for line in changes.referat]
        for change in changes.items:
            parts.append(f"<li>{html.escape(change.describe())}</li>")
        for bilag_change in changes.bilag:
            parts.append(f"<li>{html.escape(bilag_change.describe())}")
            for page in bilag_change.pages:
                if page.lines:
                    lines = "<br/>".join(html.escape(line) for line in page.lines[:12])
                    parts.append(f"<div style='margin-left:12px'><i>{html.escape(page.describe())}</i>"
                                 f"<br/><tt>{lines}</tt></div>")
            parts.append("</li>")
        parts.append("</ul>")
    report = session.reattached
    if report.moved:
        parts.append("<h3>Noter, der er flyttet med</h3><ul>")
        parts += [f"<li>{html.escape(before)} → {html.escape(note.location())}</li>"
                  for note, before in report.moved]
        parts.append("</ul>")
    if report.orphans:
        parts.append("<h3>Noter, der ikke kunne genfindes</h3><p>De er bevaret og kommer med, når "
                     "du eksporterer dine noter.</p><ul>")
        parts += [f"<li>Tidligere {html.escape(note.location().lower())}: "
                  f"»{html.escape(' '.join(note.anchor.quote.split()))}«</li>" for note in report.orphans]
        parts.append("</ul>")
    return "".join(parts)
