"""Small meetings with generated bilag (reportlab PDFs, python-docx documents) for the export tests."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kkrdesk.core.meeting.importing import import_file
from kkrdesk.core.meeting.model import AgendaItem, Bilag, ItemType, Meeting, printed_by_default
from kkrdesk.core.meeting.store import MeetingFolder


def make_pdf(path: Path, pages: int, label: str = "Bilag", *, size=(595.2756, 841.8898),
             rotate: int = 0, words_per_page: int = 60, text: bool = True) -> Path:
    """A PDF whose every page says "<label> side i af n" near its bottom edge, where a pack
    footer would collide with it if the page were not shrunk."""
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(path), pagesize=size, invariant=1)
    for number in range(1, pages + 1):
        if text:
            drawing.setFont("Helvetica-Bold", 16)
            drawing.drawString(50, size[1] - 70, f"{label}")
            drawing.setFont("Helvetica", 10)
            words = " ".join(["kommune", "samarbejde", "trafik", "udvikling"] * (words_per_page // 4))
            for line_number in range(0, len(words), 90):
                drawing.drawString(50, size[1] - 100 - line_number // 90 * 14, words[line_number:line_number + 90])
            drawing.drawString(50, 12, f"{label} side {number} af {pages}")
        else:
            drawing.setFillGray(0.5)
            drawing.rect(40, 40, size[0] - 80, size[1] - 80, fill=1)
        if rotate:
            drawing.setPageRotation(rotate)
        drawing.showPage()
    drawing.save()
    return path


def make_docx(path: Path, paragraphs: int = 3, title: str = "Notat") -> Path:
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for number in range(paragraphs):
        document.add_paragraph(f"Afsnit {number + 1}: kommunerne drøfter samarbejdet om trafik og "
                               "uddannelse i regionen, og sekretariatet følger op.")
    document.save(str(path))
    return path


@dataclass
class BilagSpec:
    title: str
    pages: int = 3
    kind: str = "pdf"          # pdf | docx | csv | scan
    closed: bool = False
    printed: bool | None = None
    source: Path | None = None   # a file made by the test itself, imported instead of a generated one


@dataclass
class ItemSpec:
    number: str
    title: str
    type: ItemType | None = ItemType.BESLUTNINGSSAG
    bilag: Sequence[BilagSpec] = field(default_factory=list)
    closed: bool = False
    sagsfremstilling: str = ""


def make_meeting(folder: Path, items: Sequence[ItemSpec], *, kkr: str = "KKR Sjælland") -> Path:
    """A meeting folder with the given items; bilag files are generated in a scratch folder and
    imported the way kkrdesk add-bilag does."""
    scratch = folder.parent / f"{folder.name}-sources"
    scratch.mkdir(parents=True, exist_ok=True)
    meeting = Meeting(kkr=kkr, date=dt.date(2025, 2, 27), start=dt.time(10, 0),
                      place="Regionshuset, Alléen 15, Sorø", case_id="25/00123")
    with MeetingFolder.create(folder, meeting) as store:
        for spec in items:
            item = AgendaItem(number=spec.number, title=spec.title, type=spec.type, closed=spec.closed,
                              resume=f"Kort resumé af punkt {spec.number}.",
                              indstilling="Det indstilles, at KKR drøfter sagen.",
                              sagsfremstilling=spec.sagsfremstilling or
                              f"Sagsfremstilling for punkt {spec.number}.\n\nAndet afsnit.")
            for index, bilag in enumerate(spec.bilag, start=1):
                stem = f"{spec.number.replace('.', '_')}-{index}"
                if bilag.source is not None:
                    source = bilag.source
                elif bilag.kind == "pdf":
                    source = make_pdf(scratch / f"{stem}.pdf", bilag.pages, bilag.title)
                elif bilag.kind == "scan":
                    source = make_pdf(scratch / f"{stem}.pdf", bilag.pages, bilag.title, text=False)
                elif bilag.kind == "docx":
                    source = make_docx(scratch / f"{stem}.docx", bilag.pages, bilag.title)
                else:
                    source = scratch / f"{stem}.csv"
                    source.write_text("kommune;svar\nSorø;5\nRingsted;4\n", encoding="utf-8")
                imported = import_file(store, source)
                facts = imported.facts
                printed = printed_by_default(facts.kind) if bilag.printed is None else bilag.printed
                item.bilag.append(Bilag(title=bilag.title, file=imported.file, kind=facts.kind,
                                        pages=facts.pages, sha256=facts.sha256, closed=bilag.closed,
                                        printed=printed))
            store.meeting.items.append(item)
        store.save()
    return folder


def seed_like_items() -> list[ItemSpec]:
    """The published pack's shape: 2.2 with bilag of 8 and 17 pages, 2.4 with 9, 2.7 with 23
    (all PDF here, so no LibreOffice is needed), plus items without bilag."""
    return [
        ItemSpec("2.1", "Godkendelse af dagsorden", bilag=[]),
        ItemSpec("2.2", "Rammerne for det fremtidige samarbejde i KKR", ItemType.TEMADROEFTELSE,
                 [BilagSpec("Opsamling på undersøgelsen", 8), BilagSpec("Evaluering 2025", 17)]),
        ItemSpec("2.4", "Den kollektive trafik i fremtiden", ItemType.TEMADROEFTELSE,
                 [BilagSpec("Udspil om kollektiv trafik", 9)]),
        ItemSpec("2.7", "Rammeaftale for erhvervshusene", ItemType.ORIENTERINGSSAG,
                 [BilagSpec("Rammeaftale 2024-2027", 23)]),
        ItemSpec("2.8", "Eventuelt", ItemType.MEDDELELSER, bilag=[]),
    ]


WORDS = ("kommunerne regionen budget aftale udvalget trafik uddannelse beskæftigelse sundhed klima "
         "erhvervshus samarbejde drøftelse opfølgning rammeaftale indsats plan borgere").split()


def many_items_meeting(folder: Path, count: int = 30, seed: int = 1) -> Path:
    """A meeting of ``count`` decided items whose texts vary in length, so headings fall everywhere:
    the referat's Indstilling and Beslutning, and the agenda's Resumé and Sagsfremstilling of one
    to six paragraphs (drawn apart, so the referat's texts do not depend on them)."""
    rng, prose = random.Random(seed), random.Random(seed + 1)

    def sentence(length: int, source: random.Random = rng) -> str:
        return " ".join(source.choice(WORDS) for _ in range(length)).capitalize() + "."

    def paragraphs(source: random.Random) -> str:
        return "\n\n".join(" ".join(sentence(source.randint(6, 20), source) for _ in range(source.randint(1, 7)))
                           for _ in range(source.randint(1, 6)))

    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), title="Møde i KKR Sjælland")
    meeting.items = [AgendaItem(number=f"2.{n}", type=ItemType.BESLUTNINGSSAG, title=sentence(rng.randint(3, 14)),
                                case_id=f"25/{n}", indstilling=sentence(rng.randint(10, 90)),
                                beslutning="\n".join(sentence(rng.randint(8, 80))
                                                     for _ in range(rng.randint(1, 3))))
                     for n in range(1, count + 1)]
    for item in meeting.items:
        item.resume = sentence(prose.randint(8, 40), prose)
        item.sagsfremstilling = paragraphs(prose)
    with MeetingFolder.create(folder, meeting) as store:
        store.save()
    return folder
