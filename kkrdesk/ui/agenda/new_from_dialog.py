"""Nyt møde ud fra …: the new-meeting dialog with a choice of template or previous meeting to start from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from kkrdesk.core.errors import KkrError
from kkrdesk.core.meeting.templates import Template, available_templates, find_source, new_meeting
from kkrdesk.ui.agenda.new_meeting_dialog import NewMeetingDialog, NewMeetingRequest
from kkrdesk.ui.window_words import error_text

PREVIOUS = "previous"


class NewMeetingFromDialog(NewMeetingDialog):
    """Asks for the new meeting's details and its source; the source's recurring items come along."""

    def __init__(self, parent: QWidget | None = None, *, choose_folder=None, choose_meeting=None,
                 data_dir: Path | None = None, last_kkr: str = ""):
        super().__init__(parent, choose_folder=choose_folder, last_kkr=last_kkr)
        self.setWindowTitle("Nyt møde ud fra …")
        self._choose_meeting = choose_meeting
        self._previous: Template | None = None
        self.source = QComboBox()
        self.source.setAccessibleName("Nyt møde ud fra")
        for _path, template in available_templates(data_dir):
            self.source.addItem(f"Skabelon: {template.name}", template)
        self.source.addItem("Et tidligere møde …", PREVIOUS)
        self.source.activated.connect(self._source_chosen)
        self.source_items = QLabel()
        self.source_items.setWordWrap(True)
        self.source_items.setAccessibleName("Punkter, det nye møde får")
        form = self.form
        form.insertRow(0, "&Ud fra:", self.source)
        form.insertRow(1, "", self.source_items)
        self.folder.textChanged.connect(lambda _text: self._show_items())
        self._show_items()

    def chosen_template(self) -> Template | None:
        data = self.source.currentData()
        return self._previous if data == PREVIOUS else data

    def _source_chosen(self, _index: int) -> None:
        if self.source.currentData() == PREVIOUS:
            folder = self._choose_meeting() if self._choose_meeting else None
            if folder is not None:
                try:
                    self._previous = find_source(folder)
                except KkrError as exc:
                    self._previous = None
                    self.source_items.setText(error_text(exc))
                    return
                self.kkr.setCurrentText(self._previous.kkr)
                self.place.setText(self.place.text() or self._previous.place)
        self._show_items()

    def _show_items(self) -> None:
        template = self.chosen_template()
        if template is None:
            self.source_items.setText("Vælg mappen med det tidligere møde.")
        elif not template.items:
            self.source_items.setText("Der er ingen faste punkter at tage med.")
        else:
            self.source_items.setText("Punkter: " + ", ".join(item.title for item in template.items) + ".")
        self._ok.setEnabled(bool(self.folder.text().strip()) and bool(self.kkr.currentText().strip())
                            and template is not None)

    def _update_ok(self, *_args) -> None:
        if hasattr(self, "source"):     # the source list is built after the plain dialog
            self._show_items()

    def request(self) -> NewMeetingRequest:
        plain = super().request()
        template = self.chosen_template()
        if template is None:
            return plain
        base = plain.meeting
        meeting = new_meeting(template, kkr=base.kkr, date=base.date, title=base.title, start=base.start,
                              place=base.place)
        return NewMeetingRequest(folder=plain.folder, meeting=meeting)
