"""Writing the referat (the minutes) as a Word document in the Word agenda's house style.

Front page with the status (draft or approved), Fraværende, a TOC field, then per item its
heading, the Indstilling, the Beslutning and the bilag with their page in the bilag pack, and
the Protokoltilførsel last. The agenda's template, styles, text layout and bilag list are reused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import docx
from docx.document import Document as WordDocument

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError
from kkrdesk.core.export.selection import SelectedItem, Selection
from kkrdesk.core.export.word_agenda import BilagInPack, _AgendaWriter, template_path
from kkrdesk.core.export.word_fields import MODERN_WORD, set_compatibility_mode
from kkrdesk.core.meeting.model import AgendaItem, Meeting, ReferatStatus
from kkrdesk.core.office.package_entries import docx_bytes

NO_DECISION = "(ingen beslutning endnu)"


def referat_status_text(meeting: Meeting) -> str:
    """"Udkast", or "Godkendt den 20. marts 2025", as the referat shows its status."""
    if meeting.referat_status is not ReferatStatus.GODKENDT:
        return "Udkast"
    if meeting.referat_godkendt_dato is None:
        return "Godkendt"
    return f"Godkendt den {danish.format_date(meeting.referat_godkendt_dato)}"


def referat_title(meeting: Meeting) -> str:
    return f"Referat – {meeting.display_title}, {danish.format_date(meeting.date)}"


def without_decision(selection: Selection) -> list[AgendaItem]:
    """The items of the referat that have no decision written yet."""
    return [selected.item for selected in selection.items if not selected.item.beslutning.strip()]


def refuse_unfinished_approval(meeting: Meeting, selection: Selection, *, file: Path | str) -> None:
    """An approved referat must have a decision for every item it shows; raise KkrError naming them."""
    missing = without_decision(selection)
    if meeting.referat_status is ReferatStatus.GODKENDT and missing:
        numbers = ", ".join(item.number for item in missing)
        several = len(missing) > 1
        raise KkrError(f"referatet er markeret som godkendt, men {'punkterne' if several else 'punkt'} "
                       f"{numbers} har ingen beslutning; intet er skrevet.", file=file,
                       hint="Skriv beslutningen ved hvert punkt, eller sæt referatets status til "
                            "udkast.")


def write_referat(target: Path, folder: Path, meeting: Meeting, selection: Selection, *,
                  pack: Mapping[str, BilagInPack]) -> None:
    """Write the referat to ``target`` (a plain save; the caller makes it atomic)."""
    with resources.as_file(template_path()) as template:
        document = docx.Document(str(template))
    set_compatibility_mode(document, MODERN_WORD)
    writer = _ReferatWriter(document, folder, meeting, False, {}, selection)
    writer.front_page()
    writer.contents()
    for position, item in enumerate(selection.items):
        writer.decision(item, pack, first=position == 0)
    writer.protocol()
    writer.header_and_footer()
    _set_properties(document, meeting)
    target.write_bytes(docx_bytes(document))


class _ReferatWriter(_AgendaWriter):
    document_title = "Referat"

    def front_page(self) -> None:
        """The agenda's front page, then the referat's status and who was absent."""
        super().front_page()
        meeting = self.meeting
        self._labelled("Status", referat_status_text(meeting))
        if meeting.fravaerende.strip():
            self.document.add_paragraph("Fraværende", style="Underoverskrift")
            self._text(meeting.fravaerende.strip())

    def decision(self, selected: SelectedItem, pack: Mapping[str, BilagInPack], *, first: bool) -> None:
        item = selected.item
        self._item_heading(item, new_page=first)
        if item.indstilling.strip():
            self.document.add_paragraph("Indstilling", style="Underoverskrift")
            self._text(item.indstilling.strip())
        self.document.add_paragraph("Beslutning", style="Underoverskrift")
        if item.beslutning.strip():
            self._text(item.beslutning.strip())
        else:
            self.document.add_paragraph().add_run(NO_DECISION).italic = True
        if item.opfoelgning:
            when = (f" senest {danish.format_date(item.opfoelgning_dato)}"
                    if item.opfoelgning_dato else "")
            self.document.add_paragraph(f"Følges op{when}.", style="Note")
        self._bilag_list(selected, pack)

    def protocol(self) -> None:
        text = self.meeting.protokoltilfoersel.strip()
        if text:
            self.document.add_heading("Protokoltilførsel", level=1)
            self._text(text)

    def header_and_footer(self) -> None:
        """The agenda's header and footer, the header naming the referat and its status on every page."""
        super().header_and_footer()
        meeting = self.meeting
        self.document.sections[0].header.paragraphs[0].text = (
            f"{meeting.kkr}\tReferat, {danish.format_date(meeting.date)} – {referat_status_text(meeting)}")


def _set_properties(document: WordDocument, meeting: Meeting) -> None:
    properties = document.core_properties
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    status = referat_status_text(meeting)
    properties.title = referat_title(meeting)
    properties.subject = f"Referat af {meeting.display_title} ({status.lower()})"
    properties.author = meeting.kkr
    properties.last_modified_by = "kkrdesk"
    properties.category = "Referat"
    properties.content_status = status
    properties.keywords = f"KKR; referat; {meeting.kkr}; {status}"
    properties.language = "da-DK"
    properties.identifier = meeting.case_id or ""
    properties.created = now
    properties.modified = now
    properties.revision = 1
