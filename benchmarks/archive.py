"""The meeting archive at scale: 400 generated meetings / 100,000 PDF pages, opened, searched and updated.

    python benchmarks/archive.py [--kkr 5 --years 8 --per-year 10 --items 10 --pages 25] [--keep DIR]

What is generated (tests/archive_factory.py): meeting folders, each with a hand-written
meeting.toml and one PDF bilag per item, written by a small PDF writer (tools/pdf_bytes.py);
each page holds its bilag's title line and 8 lines of 12 made-up words drawn by Zipf's law
from a 40,000-word vocabulary of 400 syllables (a few words on nearly every page, most rare;
a syllable recurs in a few hundred words, as word parts do in Danish compounds). The index is built by the
archive's own refresh: every PDF is screened (in batches) and read by pdfium, every word
folded and stemmed, as in the meeting search. Then, in this process and this run:

* open: ``ArchiveIndex.refresh()`` with nothing changed plus the meetings list (what opening
  the archive costs once the index exists), 20 times;
* search: 40 queries (common and rare words, stems, phrases, parts of words, with and without
  filters) 5 times each; p50/p95 per run, beside the same queries' bare FTS5 lookup of the
  stems (``page_words MATCH``) on the same index as the baseline;
* update: one bilag (25 pages) rewritten with new text, then ``refresh()``, 5 times in 5
  meetings, with what the refresh re-read.

Numbers, never asserts; see docs/performance.md for a run's figures and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kkrdesk.core.archive.index import ArchiveIndex  # noqa: E402 - after the line above: run as a script, too
from kkrdesk.core.archive.search import Filters, search_archive  # noqa: E402
from kkrdesk.core.search.query import parse_query  # noqa: E402
from tests.archive_factory import (  # noqa: E402
    filler_words,
    pdf_with_pages,
    vocabulary,
    write_archive,
)

QUERIES = ["landstal", "resultatkontrakten", "erhvervshus", "flygtninge", "udpegninger", "busplan",
           '"kollektiv trafik"', '"landstal for flygtninge"', "sundhedsklyngerne", "kystbeskyttelse",
           "praktikpladser", "cybersikkerhed", "kapaciteten", "bestyrelsens", "notat", "side",
           "trafik", "kontrakt", "flygtning", "rammeaftalen", "digitalisering -cyber",
           "sundhed ELLER klima", "uddannelse", "vejledning", "boligplacering", "kommunerne",
           "råd nævn", "social", "kysterne", "resultat", "erhverv", "placering", "sjælland"]
# and filler words by how common they are (rank 1 is on nearly every page), and a common word part
FILLER_RANKS = (0, 3, 30, 300, 3000, 30000)
FILTERS = [Filters(), Filters(kkr="KKR Sjælland"), Filters(year=2022), Filters(item_type="Beslutningssag")]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kkr", type=int, default=5)
    parser.add_argument("--years", type=int, default=8)
    parser.add_argument("--per-year", type=int, default=10)
    parser.add_argument("--items", type=int, default=10, help="items per meeting (3 recurring + one-offs)")
    parser.add_argument("--pages", type=int, default=25, help="pages of each item's one bilag")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kkrdesk-archive-bench-"))
    os.environ.setdefault("KKRDESK_CACHE_DIR", str(work / "cache"))
    root = work / "arkiv"
    kkrs = ("KKR Sjælland", "KKR Syddanmark", "KKR Nordjylland", "KKR Hovedstaden", "KKR Midtjylland")[:args.kkr]
    years = tuple(range(2025 - args.years + 1, 2026))
    started = time.perf_counter()
    if not root.exists():
        specs = write_archive(root, kkrs=kkrs, years=years, meetings_per_year=args.per_year,
                              pages_per_bilag=args.pages, one_offs=args.items - 3, lines_per_page=8,
                              words_per_line=12)
        print(f"generated {len(specs)} meetings in {time.perf_counter() - started:.0f} s: {root}")
    index = ArchiveIndex(root, work / "index.sqlite")
    started = time.perf_counter()
    report = index.refresh()
    build = time.perf_counter() - started
    with sqlite3.connect(index.path) as db:
        pages = db.execute("SELECT count(*) FROM pages").fetchone()[0]
        words = db.execute("SELECT count(*) FROM vocabulary").fetchone()[0]
    meetings = index.meetings()
    size_mb = index.path.stat().st_size / 1e6
    print(f"index: {len(meetings)} meetings, {pages:,} pages (items' own texts included), {words:,} distinct "
          f"words, {size_mb:.0f} MB; " + (f"refreshed in {build:.1f} s, nothing to read" if not report.added else
          f"built in {build:.0f} s ({report.documents_read} documents read, {len(report.problems)} problems)"))

    opens = []
    for _ in range(20):
        started = time.perf_counter()
        again = index.refresh()
        index.meetings()
        opens.append(time.perf_counter() - started)
        assert again.documents_read == 0
    print(f"open (refresh, nothing changed, + meetings list): median {ms(statistics.median(opens))}, "
          f"p95 {ms(percentile(opens, 0.95))}")

    queries = QUERIES + [vocabulary()[rank] for rank in FILLER_RANKS] + [vocabulary()[1][:4]]
    searches, baselines, sizes, search_cpu, baseline_cpu = [], [], [], [], []
    with sqlite3.connect(index.path) as db:
        for _round in range(5):
            for n, text in enumerate(queries):
                filters = FILTERS[n % len(FILTERS)]
                started, cpu = time.perf_counter(), time.process_time()
                results = search_archive(index, text, filters)
                searches.append(time.perf_counter() - started)
                search_cpu.append(time.process_time() - cpu)
                sizes.append(results.total)
                stems = " ".join(f'"{term.stems[0]}"' for term in parse_query(text).positive_terms()
                                 if term.stems)
                started, cpu = time.perf_counter(), time.process_time()
                db.execute("SELECT rowid FROM page_words WHERE page_words MATCH ?", (f"stems : ({stems})",)).fetchall()
                baselines.append(time.perf_counter() - started)
                baseline_cpu.append(time.process_time() - cpu)
    print(f"search ({len(searches)} queries, matching pages median {statistics.median(sizes):,.0f}, "
          f"max {max(sizes):,}): p50 {ms(percentile(searches, 0.5))}, p95 {ms(percentile(searches, 0.95))}, "
          f"max {ms(max(searches))}")
    print(f"  baseline, the bare FTS5 stem lookup of the same queries: p50 {ms(percentile(baselines, 0.5))}, "
          f"p95 {ms(percentile(baselines, 0.95))}")
    print(f"  CPU time (this process, so less hit by other programs' load): search p50 "
          f"{ms(percentile(search_cpu, 0.5))}, p95 {ms(percentile(search_cpu, 0.95))}; baseline p50 "
          f"{ms(percentile(baseline_cpu, 0.5))}, p95 {ms(percentile(baseline_cpu, 0.95))}")

    rng = random.Random(time.time_ns())     # new text on every run: a text seen before is not read again
    updates = []
    for meeting in random.Random(5).sample(meetings, 5):
        bilag = min((index.root / meeting.source / "bilag").iterdir())
        page_lines = [[f"Ændret bilag side {page}"] + [" ".join(filler_words(rng, 12)) for _ in range(8)]
                      for page in range(1, args.pages + 1)]
        bilag.write_bytes(pdf_with_pages(page_lines))
        started = time.perf_counter()
        changed = index.refresh()
        updates.append(time.perf_counter() - started)
        print(f"  update {meeting.source}: {ms(updates[-1])}, re-read {changed.changed}, "
              f"{changed.documents_read} documents / {changed.pages_read} pages")
    print(f"update after one changed bilag: median {ms(statistics.median(updates))}, max {ms(max(updates))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
