"""The smoke test's search step: a generated meeting of many PDFs, indexed by a pool of processes, then searched."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kkrdesk.core import danish
from kkrdesk.core.errors import KkrError
from kkrdesk.core.files.pdf_screen import screen_ahead
from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType, Meeting, printed_by_default
from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.search import extraction
from kkrdesk.core.search.index import SearchIndex

# More bilag than extraction.POOL_MIN_FILES, so the index is read by the pool as in a real meeting.
TOWNS = ("Næstved", "Køge", "Ringsted", "Sorø", "Holbæk", "Odsherred", "Faxe", "Stevns", "Lejre", "Solrød")
PAGES = 3
TOWN_PAGE = 2           # the page of each bilag that names its town
WORKERS = 2


def index_in_pool(scratch: Path) -> str:
    """Index a meeting of one PDF per town with WORKERS processes; each town must be found on its page.

    Raises KkrError when the pool did not read the files (it fell back to one thread) or a hit is wrong.
    """
    folder = _meeting_of_towns(scratch / "søgemøde")
    index = SearchIndex(scratch / "søgeindeks.sqlite")
    with _pool_messages() as messages:
        report = index.update(folder, _read(folder), workers=WORKERS)
    if not any(record.levelno == logging.INFO for record in messages):
        raise KkrError("søgeindekset blev ikke læst af en pulje af processer.", file=folder)
    if trouble := [record.getMessage() for record in messages if record.levelno >= logging.WARNING]:
        raise KkrError(f"puljen af processer, der læser bilagene, fejlede ({trouble[0]}).", file=folder)
    if report.problems:
        raise KkrError(f"søgeindekset kunne ikke læse alle bilag: {report.problems[0].format()}", file=folder)
    for number, town in enumerate(TOWNS, start=1):
        found = [(hit.item_number, hit.bilag_number, hit.page) for hit in index.search(town).hits]
        if found != [("1", number, TOWN_PAGE)]:
            raise KkrError(f"søgningen efter »{town}« fandt {found}, ikke bilag {number}, side {TOWN_PAGE}.",
                           file=folder)
    return (f"{len(TOWNS)} bilag på {danish.format_int(len(TOWNS) * PAGES)} sider læst af {WORKERS} processer; "
            f"hver by fundet på sin side")


def _read(folder: Path) -> Meeting:
    with MeetingFolder.open(folder) as opened:
        return opened.meeting


def _meeting_of_towns(path: Path) -> Path:
    sources = [_write_pdf(path.parent / "søgekilder" / f"{town}.pdf", town) for town in TOWNS]
    screen_ahead(sources)      # one screening child for all, as add-bilag does
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), title="Røgtest af søgningen",
                      items=[AgendaItem(number="1", type=ItemType.ORIENTERINGSSAG, title="Notater fra kommunerne")])
    with MeetingFolder.create(path, meeting) as folder:
        for town, source in zip(TOWNS, sources, strict=True):
            facts = (imported := import_file(folder, source)).facts
            folder.meeting.item("1").bilag.append(Bilag(title=f"Notat fra {town}", file=imported.file,
                                                        kind=facts.kind, pages=facts.pages, sha256=facts.sha256,
                                                        printed=printed_by_default(facts.kind)))
        folder.save()
    return path


def _write_pdf(path: Path, town: str) -> Path:
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    drawing = canvas.Canvas(str(path))
    for page in range(1, PAGES + 1):
        drawing.drawString(60, 780, f"Side {page}: kommunernes notat om erhvervsfremme og uddannelse.")
        if page == TOWN_PAGE:
            drawing.drawString(60, 750, f"Notat fra {town} Kommune.")
        drawing.showPage()
    drawing.save()
    return path


class _Kept(logging.Handler):
    """Keeps the records it is handed."""

    def __init__(self, level: int):
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _pool_messages() -> Iterator[list[logging.LogRecord]]:
    """What the extraction module logs meanwhile: that the pool started, and any fall-back to one thread."""
    logger = logging.getLogger(extraction.__name__)
    handler = _Kept(logging.INFO)
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
