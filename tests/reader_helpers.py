"""Test inputs for the reader, search, pack and notes tests: meetings with known words on known pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from kkrdesk.core.meeting import (
    AgendaItem,
    Bilag,
    ItemType,
    Meeting,
    printed_by_default,
)
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.store import MeetingFolder

FILLER = ("Udvalget drøftede planen for det kommende år og noterede sig de økonomiske rammer. "
          "Sekretariatet følger op med en status til næste møde, hvor også tidsplanen behandles.")


def write_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF whose page n holds the text ``pages[n-1]`` (wrapped), drawn with reportlab."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    drawing = canvas.Canvas(str(path), pagesize=A4)
    drawing.setTitle(path.stem)
    for text in pages:
        y = 800
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                if len(line) + len(word) > 85:
                    drawing.drawString(60, y, line)
                    y -= 16
                    line = ""
                line = f"{line} {word}".strip()
            drawing.drawString(60, y, line)
            y -= 22
        drawing.showPage()
    drawing.save()
    return path


def write_docx(path: Path, pages: list[str]) -> Path:
    """A DOCX with an explicit page break between the given page texts, and a small table."""
    import docx
    from docx.enum.text import WD_BREAK

    document = docx.Document()
    document.add_heading("Notat til KKR", level=1)
    for number, text in enumerate(pages):
        for paragraph in text.split("\n"):
            document.add_paragraph(paragraph)
        if number == 0:
            table = document.add_table(rows=2, cols=2)
            table.cell(0, 0).text, table.cell(0, 1).text = "Kommune", "Pladser"
            table.cell(1, 0).text, table.cell(1, 1).text = "Næstved", "120"
        if number < len(pages) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def page_texts_for(words_on_pages: dict[int, str], count: int) -> list[str]:
    """``count`` pages of filler, with the given extra text on the given (1-based) pages."""
    return [f"Side {n}. {FILLER}\n{words_on_pages.get(n, '')}" for n in range(1, count + 1)]


ERHVERV_PAGES = {3: "Erhvervshus Sjælland rådgiver iværksættere i hele regionen.",
                 6: "Mødet i kommunalbestyrelsen godkendte aftalen.",
                 7: "Budgetopfølgningen viser et mindre forbrug."}
UDDANNELSE_PAGES = {2: "Kommunalbestyrelsens beslutning om uddannelsespladser afventer.",
                    4: "Antallet af iværksættere steg i år.", 5: "Ærø og Læsø indgår ikke."}


def make_meeting(root: Path, *, closed_item: bool = True, docx: bool = True) -> Path:
    """A meeting folder: item 2.2 (8-page PDF), 2.4 (5-page PDF, DOCX), and a closed item 3."""
    source = root / "kilder"
    erhverv = write_pdf(source / "erhvervsfremme.pdf", page_texts_for(ERHVERV_PAGES, 8))
    uddannelse = write_pdf(source / "uddannelse.pdf", page_texts_for(UDDANNELSE_PAGES, 5))
    lukket = write_pdf(source / "lukket.pdf", ["Fortroligt: forhandlingsoplæg om takster."])
    folder_path = root / "møde"
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), title="Møde i KKR Sjælland",
                      start=dt.time(10, 0), place="Ringsted")
    items = [
        AgendaItem(number="2.2", type=ItemType.TEMADROEFTELSE, title="Erhvervsfremme og iværksætteri",
                   case_id="25/100", sagsfremstilling="KKR drøfter erhvervsfremmen i regionen."),
        AgendaItem(number="2.4", type=ItemType.BESLUTNINGSSAG, title="Uddannelsespladser",
                   case_id="25/200", indstilling="Det indstilles, at KKR godkender fordelingen."),
    ]
    if closed_item:
        items.append(AgendaItem(number="3", type=ItemType.ORIENTERINGSSAG, title="Lukket punkt",
                                case_id="25/300", closed=True))
    meeting.items = items
    with MeetingFolder.create(folder_path, meeting) as folder:
        _attach(folder, "2.2", erhverv, "Erhvervsfremme i Sjælland")
        _attach(folder, "2.4", uddannelse, "Uddannelsespladser 2025")
        if docx:
            note = write_docx(source / "notat.docx", ["Notat om praktikpladser i erhvervsskolerne.",
                                                      "Anden side: erhvervshus og vækst."])
            _attach(folder, "2.4", note, "Notat om praktik")
        if closed_item:
            _attach(folder, "3", lukket, "Forhandlingsoplæg")
        folder.save()
    return folder_path


TOWNS = ("Næstved", "Køge", "Ringsted", "Sorø", "Holbæk", "Odsherred", "Faxe", "Stevns", "Lejre", "Solrød",
         "Greve", "Roskilde", "Kalundborg", "Slagelse", "Vordingborg", "Guldborgsund", "Lolland")


def make_meeting_of_towns(root: Path, towns: Sequence[str], pages: int, named_on: Iterable[int]) -> Path:
    """make_meeting's meeting (without the DOCX) plus a ``pages``-page bilag per town on item 2.2,
    each screened and saying "Notat fra <town> Kommune, side <n>." on the pages ``named_on``."""
    from kkrdesk.core.files.pdf_screen import screen_ahead

    folder_path = make_meeting(root, docx=False)
    named_on = set(named_on)
    sources = [write_pdf(root / "kilder" / f"{town}.pdf",
                         page_texts_for({n: f"Notat fra {town} Kommune, side {n}." for n in named_on}, pages))
               for town in towns]
    screen_ahead(sources)
    with MeetingFolder.open(folder_path) as folder:
        for town, source in zip(towns, sources, strict=True):
            _attach(folder, "2.2", source, f"Notat fra {town}")
        folder.save()
    return folder_path


def _attach(folder: MeetingFolder, item_number: str, file: Path, title: str,
            closed: bool = False) -> Bilag:
    imported = import_file(folder, file)
    facts = imported.facts
    bilag = Bilag(title=title, file=imported.file, kind=facts.kind, pages=facts.pages,
                  sha256=facts.sha256, closed=closed, printed=printed_by_default(facts.kind))
    folder.meeting.item(item_number).bilag.append(bilag)
    return bilag


def new_version_with_page_inserted(folder_path: Path, item_number: str, bilag_number: int,
                                   before_page: int, new_item_number: str) -> None:
    """Change a meeting as a secretary would: a page inserted into a PDF bilag, the item renumbered.

    The bilag's page texts are read back with pdfium, a new page is put before ``before_page``
    and the PDF is written again under the same name.
    """
    from kkrdesk.core.files.inspect import inspect_file
    from kkrdesk.core.text.pdf import pdf_page_texts

    with MeetingFolder.open(folder_path) as folder:
        item = folder.meeting.item(item_number)
        bilag = item.bilag[bilag_number - 1]
        target = folder.file_path(bilag.file)
        pages = pdf_page_texts(target)
        pages.insert(before_page - 1, "En ny side med et tillæg om tidsplanen for udbuddet.")
        write_pdf(target, pages)
        facts = inspect_file(target)
        bilag.sha256, bilag.pages = facts.sha256, facts.pages
        item.number = new_item_number
        folder.save()


def insert_pdf_page(pdf_path: Path, before_page: int, text: str) -> None:
    """Insert one new page (drawn with reportlab) into an existing PDF, keeping its other pages as they are."""
    import tempfile

    import pikepdf

    with tempfile.TemporaryDirectory() as work:
        extra = write_pdf(Path(work) / "ny.pdf", [text])
        with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf, pikepdf.open(extra) as new:
            pdf.pages.insert(before_page - 1, new.pages[0])
            pdf.save(pdf_path)


def renumber_and_refresh(folder_path: Path, old_number: str, new_number: str) -> None:
    """Renumber an item and record the current sha256 and page count of every bilag."""
    from kkrdesk.core.files.inspect import inspect_file

    with MeetingFolder.open(folder_path) as folder:
        folder.meeting.item(old_number).number = new_number
        for _, bilag in folder.meeting.all_bilag():
            facts = inspect_file(folder.file_path(bilag.file))
            bilag.sha256, bilag.pages = facts.sha256, facts.pages
        folder.save()


# Fixtures for the end-to-end reader tests: imported by name into their modules.
@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def own_user_folders(tmp_path, monkeypatch, shared_cache):
    """Each test its own notes and read packs (the sample and the test meetings share a pack id);
    the cache, keyed by content, is shared so LibreOffice renders each DOCX once."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache))
