"""Small real files for tests: PDFs with known text per page, DOCX documents, meetings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType, Meeting
from kkrdesk.core.meeting.importing import import_file


def make_pdf(path: Path, pages: int = 1, text: str = "Side {n}") -> Path:
    """A PDF of ``pages`` pages whose page n carries ``text.format(n=n)``."""
    from reportlab.pdfgen import canvas

    path = Path(path)
    pdf = canvas.Canvas(str(path), invariant=1)
    for number in range(1, pages + 1):
        pdf.drawString(72, 720, text.format(n=number))
        pdf.showPage()
    pdf.save()
    return path


def make_docx(path: Path, paragraphs: list[str] | None = None) -> Path:
    import docx

    document = docx.Document()
    for paragraph in paragraphs or ["Et lille dokument med æ, ø og å."]:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return Path(path)


def small_meeting() -> Meeting:
    return Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), start=dt.time(10, 0),
                   place="Ringsted", items=[
                       AgendaItem(number="2.2", type=ItemType.TEMADROEFTELSE, title="Rammer for KKR",
                                  resume="Kort resumé.\n\nAndet afsnit med æøå."),
                       AgendaItem(number="2.4", title="Kollektiv trafik"),
                   ])


def meeting_with_file(folder_path: Path, pages: int = 3):
    """A saved meeting folder with one PDF bilag on item 2.2; returns the open MeetingFolder."""
    from kkrdesk.core.meeting.store import MeetingFolder

    folder = MeetingFolder.create(folder_path, small_meeting())
    source = make_pdf(folder_path.parent / f"{folder_path.name}-source.pdf", pages)
    imported = import_file(folder, source)
    folder.meeting.item("2.2").bilag.append(Bilag(
        title="Opsamling", file=imported.file, kind=imported.facts.kind,
        pages=imported.facts.pages, sha256=imported.facts.sha256))
    folder.save()
    return folder
