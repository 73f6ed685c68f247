"""The benchmark inputs, generated: a big meeting, a many-page search meeting and a big survey export."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

A4 = (595.2756, 841.8898)


@dataclass(frozen=True)
class Sizes:
    """How big the generated inputs are (the issue's sizes, or small ones for a quick run)."""

    items: int = 40
    bilag_per_item: int = 3
    search_pages: int = 5000
    search_pages_per_pdf: int = 100
    respondents: int = 100_000
    reader_page: int = 900

    @classmethod
    def quick(cls) -> Sizes:
        return cls(items=8, search_pages=500, respondents=10_000, reader_page=100)


# ----------------------------------------------------------------------------- the big meeting

MEETING_WORDS = ("kommune samarbejde trafik udvikling region borgere økonomi uddannelse erhverv sundhed "
                 "klima plan aftale indsats").split()


def big_meeting(folder: Path, sizes: Sizes, page_range: tuple[int, int] = (4, 14)) -> list[Path]:
    """A meeting of ``sizes.items`` items with bilag PDFs of ``page_range`` (lowest, highest) pages each;
    returns the bilag files in pack order (their sources stay in ``meeting-sources`` beside it)."""
    from reportlab.pdfgen import canvas

    from kkrdesk.core.meeting.importing import import_file
    from kkrdesk.core.meeting.model import AgendaItem, Bilag, ItemType, Meeting
    from kkrdesk.core.meeting.store import MeetingFolder

    rng = random.Random(2025)
    sources = folder.parent / "meeting-sources"
    sources.mkdir(parents=True, exist_ok=True)
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), start=dt.time(10), place="Sorø")
    files = []
    with MeetingFolder.create(folder, meeting) as store:
        for item_number in range(1, sizes.items + 1):
            item = AgendaItem(number=f"2.{item_number}",
                              title=f"Sag nummer {item_number} om {rng.choice(MEETING_WORDS)}",
                              type=ItemType.BESLUTNINGSSAG, resume="Kort resumé.", indstilling="Det indstilles.",
                              sagsfremstilling=" ".join(rng.choice(MEETING_WORDS) for _ in range(300)))
            for bilag_number in range(1, sizes.bilag_per_item + 1):
                pages = rng.randint(*page_range)
                path = sources / f"{item_number}-{bilag_number}.pdf"
                drawing = canvas.Canvas(str(path), pagesize=A4)
                for page in range(1, pages + 1):
                    drawing.setFont("Helvetica", 10)
                    for line in range(45):
                        drawing.drawString(60, 780 - line * 15, " ".join(rng.choice(MEETING_WORDS)
                                                                         for _ in range(12)))
                    drawing.drawString(60, 30, f"Side {page} af {pages}")
                    drawing.showPage()
                drawing.save()
                imported = import_file(store, path)
                item.bilag.append(Bilag(f"Bilag {bilag_number} til sag {item_number}", imported.file,
                                        imported.facts.kind, imported.facts.pages, imported.facts.sha256))
                files.append(folder / imported.file)
            store.meeting.items.append(item)
        store.save()
    return files


# ----------------------------------------------------------------------------- the search meeting

COMMON = ("tilbud borgere kommunerne regionen vækst udvikling økonomi politisk aftale status forslag "
          "indstilling samarbejde ældre børn unge skole trafik infrastruktur kollektiv transport "
          "sygehus og i at det en til af for med på som er der ikke").split()
# Words a member would look for, each on a small share of the pages, as in a real pack.
RARE = ("kommunalbestyrelse kommunalbestyrelsens erhvervshus iværksættere budgetopfølgningen "
        "uddannelsespladser praktikpladser sundhedsaftale klimaplan beskæftigelse rammeaftale").split()
RARE_SHARE = 0.003
QUERIES = ["erhvervshus", "iværksættere", "kommunalbestyrelsens", "opfølgning", '"kollektiv transport"',
           "klimaplan -trafik", "sundhedsaftale ELLER rammeaftale", "ældre", "praktik*", "økonomi vækst",
           "og"]


def search_meeting(root: Path, sizes: Sizes) -> Path:
    """A meeting whose bilag PDFs have ``sizes.search_pages`` pages of Danish words in all."""
    from reportlab.pdfgen import canvas

    from kkrdesk.core.files.kinds import FileKind
    from kkrdesk.core.meeting import AgendaItem, Bilag, ItemType, Meeting
    from kkrdesk.core.meeting.importing import import_file
    from kkrdesk.core.meeting.store import MeetingFolder

    rng = random.Random(2025)
    sources = root / "search-sources"
    sources.mkdir(parents=True)
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27))
    folder = MeetingFolder.create(root / "search-meeting", meeting)
    per_pdf = sizes.search_pages_per_pdf
    for number in range((sizes.search_pages + per_pdf - 1) // per_pdf):
        pdf = sources / f"bilag-{number + 1:03d}.pdf"
        drawing = canvas.Canvas(str(pdf), pagesize=A4)
        for _ in range(min(per_pdf, sizes.search_pages - number * per_pdf)):
            y = 800
            for _line in range(40):
                drawing.drawString(50, y, " ".join(rng.choice(RARE) if rng.random() < RARE_SHARE
                                                   else rng.choice(COMMON) for _ in range(11)))
                y -= 19
            drawing.showPage()
        drawing.save()
        if number % 5 == 0:
            folder.meeting.items.append(AgendaItem(number=f"{number // 5 + 1}", type=ItemType.BESLUTNINGSSAG,
                                                   title=f"Punkt {number // 5 + 1}"))
        imported = import_file(folder, pdf)
        folder.meeting.items[-1].bilag.append(Bilag(title=pdf.stem, file=imported.file, kind=FileKind.PDF,
                                                    pages=imported.facts.pages,
                                                    sha256=imported.facts.sha256))
    folder.save()
    folder.close()
    return root / "search-meeting"


# ----------------------------------------------------------------------------- the survey export

STRUCTURE_HEADER = ["questionName", "variableName", "questionType", "subType", "questionText",
                    "choiceValue", "choiceText"]


def survey_export(folder: Path, respondents: int, seed: int = 7) -> dict[str, Path]:
    """The sample's questionnaire with ``respondents`` random rows, about 1 % breaking a rule.

    Written as the three-CSV layout and as one XLSX; returns the dataset file of each layout
    and the mapping (``"mapping"``).
    """
    import numpy as np
    import openpyxl
    import pandas as pd

    from tools.make_sample_survey import (
        KEYWORD_QUESTIONS,
        KEYWORDS,
        STATEMENTS,
        STATUSES,
        _label_rows,
        _structure_rows,
        mapping_text,
    )

    rng = np.random.default_rng(seed)
    columns = {"respondentid": [f"R{i:07d}" for i in range(respondents)],
               "datakilde": np.ones(respondents, dtype=int),
               "kkr": rng.integers(1, 6, respondents), "rolle": rng.integers(1, 3, respondents)}
    for question, _, _ in KEYWORD_QUESTIONS.values():
        ticks = rng.random((respondents, len(KEYWORDS))) < 0.15     # about 2 ticks, 1-2 % six or more
        for i in range(len(KEYWORDS)):
            columns[f"{question}_{i + 1}"] = ticks[:, i].astype(int)
    for i in range(len(STATEMENTS)):
        values = rng.integers(1, 7, respondents)                      # 6 = "Ved ikke"
        values[rng.random(respondents) < 0.002] = 9                   # off the scale
        columns[f"q3_{i + 1}"] = values
    for i, status in enumerate(STATUSES, start=1):
        columns[f"stato_{i}"] = np.full(respondents, int(status == "Gennemført"))
    dataset = pd.DataFrame(columns)
    mapping = folder / "bench.survey.toml"
    mapping.write_text(mapping_text(), encoding="utf-8")
    dataset.to_csv(folder / "bench_dataset.csv", sep=";", index=False, encoding="cp1252")
    pd.DataFrame(_label_rows()).to_csv(folder / "bench_labels.csv", sep=";", index=False, header=False,
                                       encoding="cp1252")
    pd.DataFrame(_structure_rows(), columns=STRUCTURE_HEADER).to_csv(
        folder / "bench_structure.csv", sep=";", index=False, encoding="cp1252")
    workbook = openpyxl.Workbook(write_only=True)
    labels = workbook.create_sheet("Labels")
    for row in _label_rows():
        labels.append(list(row))
    sheet = workbook.create_sheet("Dataset")
    sheet.append(list(dataset.columns))
    for row in dataset.itertuples(index=False):
        sheet.append([int(v) if not isinstance(v, str) else v for v in row])
    structure = workbook.create_sheet("Structure")
    structure.append(STRUCTURE_HEADER)
    for row in _structure_rows():
        structure.append(list(row))
    workbook.save(folder / "bench.xlsx")
    return {"csv": folder / "bench_dataset.csv", "xlsx": folder / "bench.xlsx", "mapping": mapping}
