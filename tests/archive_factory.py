"""Generated meeting archives: several KKR and years, recurring items, PDFs and meeting.toml written by hand."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field
from pathlib import Path

from tools.pdf_bytes import pdf_from_objects

# Items that come back every year (the archive's "same subject"), and one-off ones.
RECURRING = (
    ("Resultatkontrakt med Erhvervshus {region} {year}", "Beslutningssag",
     "Erhvervshuset og kommunerne indgår hvert år en resultatkontrakt om vejledning af virksomheder."),
    ("Landstal for flygtninge {year}", "Orienteringssag",
     "Udlændingestyrelsen har meldt landstallet for boligplacering af flygtninge for det kommende år."),
    ("Udpegninger til råd og nævn", "Beslutningssag",
     "KKR skal udpege medlemmer til regionale råd og nævn for den kommende periode."),
)
ONE_OFF = (
    ("Kollektiv trafik og busplan", "Temadrøftelse", "Trafikselskabet fremlægger en ny plan for busruterne."),
    ("Praktikpladser på social- og sundhedsområdet", "Orienteringssag",
     "Dimensioneringen af praktikpladser for social- og sundhedselever fordeles mellem kommunerne."),
    ("Klimatilpasning langs kysterne", "Temadrøftelse", "Kommunerne drøfter fælles kystbeskyttelse."),
    ("Det specialiserede socialområde", "Beslutningssag", "Rammeaftalen for det specialiserede socialområde."),
    ("Sundhedsaftalen og det nære sundhedsvæsen", "Temadrøftelse", "Sundhedsklyngerne gør status."),
    ("Erhvervsuddannelser og ungdomsuddannelse", "Beslutningssag", "Kapaciteten på erhvervsskolerne."),
    ("Nyt fra KL's bestyrelse", "Meddelelser", "Kort orientering om bestyrelsens seneste møde."),
    ("Digitalisering i kommunerne", "Temadrøftelse", "Fælleskommunale løsninger og cybersikkerhed."),
)
MONTHS = (2, 6, 10, 1, 3, 4, 5, 7, 8, 9, 11, 12)      # the n-th meeting of a year is held in MONTHS[n]
REGIONS = {"KKR Sjælland": "Sjælland", "KKR Syddanmark": "Syddanmark", "KKR Nordjylland": "Nordjylland",
           "KKR Hovedstaden": "Hovedstaden", "KKR Midtjylland": "Midtjylland"}
CONSONANTS, VOWELS = "bdfghjklmnprstv", "aeiouyæøå"


@dataclass
class MeetingSpec:
    """One generated meeting: where it is, and what its items and bilag pages say."""

    folder: Path
    kkr: str
    date: dt.date
    items: list[dict] = field(default_factory=list)   # number, title, type, text, bilag: [(title, pages)]


def pdf_with_pages(pages: list[list[str]]) -> bytes:
    """A PDF with one page per entry, each line of an entry a line of text (Helvetica, WinAnsi for æøå)."""
    count = len(pages)
    kids = " ".join(f"{3 + 2 * n} 0 R" for n in range(count)).encode()
    font = 3 + 2 * count
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count]
    for lines in pages:
        shown = b" T* ".join(b"(" + _pdf_string(line) + b") Tj" for line in lines)
        content = b"BT /F1 10 Tf 50 800 Td 12 TL " + shown + b" ET"
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (len(objects) + 2, font))
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    return pdf_from_objects(objects)


def _pdf_string(text: str) -> bytes:
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


VOCABULARY_SIZE = 40_000
SYLLABLE_COUNT = 400
_vocabulary: list[str] = []
_zipf: list[float] = []          # cumulative weights 1/rank: Zipf's law, as word use in running text


def vocabulary() -> list[str]:
    """Made-up words of 2-4 syllables from 400 syllables, ordered from most to least used.

    Each syllable recurs in a few hundred words, as common word parts do in Danish compounds;
    no syllable is a real word the tests or benchmarks search for.
    """
    if not _vocabulary:
        made = random.Random(17)
        syllables = sorted({made.choice(CONSONANTS) + made.choice(VOWELS) + made.choice(["", *CONSONANTS])
                            for _ in range(SYLLABLE_COUNT * 2)})[:SYLLABLE_COUNT]
        words = dict.fromkeys("".join(made.choice(syllables) for _ in range(2 + rank % 3))
                              for rank in range(VOCABULARY_SIZE * 2))
        _vocabulary.extend(list(words)[:VOCABULARY_SIZE])
    return _vocabulary


def filler_words(rng: random.Random, count: int) -> list[str]:
    """Words drawn from ``vocabulary()`` by Zipf's law: a few common, most rare, as in running text."""
    words = vocabulary()
    if not _zipf:
        _zipf.extend(itertools.accumulate(1 / rank for rank in range(1, VOCABULARY_SIZE + 1)))
    return rng.choices(words, cum_weights=_zipf, k=count)


def write_meeting(spec: MeetingSpec, *, lines_per_page: int = 4, words_per_line: int = 10,
                  decisions: dict[str, dict] | None = None, seed: int = 0) -> Path:
    """Write ``spec`` as a meeting folder: meeting.toml by hand and one PDF per bilag."""
    rng = random.Random(f"{spec.folder.name}-{seed}")
    folder = spec.folder
    (folder / "bilag").mkdir(parents=True, exist_ok=True)
    out = ["format = 1", "", "[meeting]", f"kkr = {_toml_string(spec.kkr)}", f"date = {spec.date.isoformat()}",
           f"place = {_toml_string('Rådhuset')}", ""]
    for item in spec.items:
        out += ["[[items]]", f"number = {_toml_string(item['number'])}", f"type = {_toml_string(item['type'])}",
                f"title = {_toml_string(item['title'])}", f"sagsfremstilling = {_toml_string(item['text'])}"]
        for key, value in (decisions or {}).get(item["number"], {}).items():
            out.append(f"{key} = {value if not isinstance(value, str) else _toml_string(value)}"
                       if not isinstance(value, bool) else f"{key} = {'true' if value else 'false'}")
        for number, (title, page_count) in enumerate(item["bilag"], start=1):
            name = f"{item['number']}-{number}.pdf"
            pages = [[f"{title} side {page}"] + [" ".join(filler_words(rng, words_per_line))
                                                 for _ in range(lines_per_page)]
                     for page in range(1, page_count + 1)]
            (folder / "bilag" / name).write_bytes(pdf_with_pages(pages))
            out += ["", "[[items.bilag]]", f"title = {_toml_string(title)}", f'file = "bilag/{name}"',
                    'kind = "pdf"']
        out.append("")
    (folder / "meeting.toml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return folder


def archive_specs(root: Path, *, kkrs=("KKR Sjælland", "KKR Syddanmark"), years=(2023, 2024, 2025),
                  meetings_per_year: int = 2, pages_per_bilag: int = 3, one_offs: int = 2) -> list[MeetingSpec]:
    """Meetings for each KKR and year: the recurring items every time, plus a few one-off items."""
    specs = []
    for kkr in kkrs:
        region = REGIONS[kkr]
        for year in years:
            for meeting_number in range(meetings_per_year):
                date = dt.date(year, MONTHS[meeting_number], 10 + kkrs.index(kkr))
                spec = MeetingSpec(root / f"{region.lower()}-{date.isoformat()}", kkr, date)
                templates = list(RECURRING) + [ONE_OFF[(year + meeting_number + n) % len(ONE_OFF)]
                                               for n in range(one_offs)]
                for position, (title, kind, text) in enumerate(templates, start=1):
                    title = title.format(region=region, year=year)
                    spec.items.append({"number": f"2.{position}", "title": title, "type": kind,
                                       "text": f"{text} ({kkr}, {year}.)",
                                       "bilag": [(f"Notat om {title.lower()}", pages_per_bilag)]})
                specs.append(spec)
    return specs


def write_archive(root: Path, *, lines_per_page: int = 4, words_per_line: int = 10,
                  **options) -> list[MeetingSpec]:
    root.mkdir(parents=True, exist_ok=True)
    specs = archive_specs(root, **options)
    for spec in specs:
        write_meeting(spec, lines_per_page=lines_per_page, words_per_line=words_per_line)
    return specs
