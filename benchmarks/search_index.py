"""Benchmark: search index build time and query latency on a generated 5,000-page meeting.

Numbers, not asserts. The baseline, run in the same process over the same PDFs, is poppler's
``pdftotext`` (text extraction alone, no index). Run:

    python benchmarks/search_index.py [--pages 5000] [--per-pdf 100] [--queries 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kkrdesk.core.meeting import AgendaItem, Bilag, FileKind, ItemType, Meeting  # noqa: E402
from kkrdesk.core.meeting.store import MeetingFolder  # noqa: E402
from kkrdesk.core.search.index import SearchIndex  # noqa: E402

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


def make_meeting(root: Path, pages: int, per_pdf: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rng = random.Random(2025)
    sources = root / "kilder"
    sources.mkdir(parents=True)
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27))
    folder = MeetingFolder.create(root / "møde", meeting)
    count = (pages + per_pdf - 1) // per_pdf
    for number in range(count):
        pdf = sources / f"bilag-{number + 1:03d}.pdf"
        drawing = canvas.Canvas(str(pdf), pagesize=A4)
        for _ in range(min(per_pdf, pages - number * per_pdf)):
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
        imported = folder.import_file(pdf)
        folder.meeting.items[-1].bilag.append(Bilag(title=pdf.stem, file=imported.file, kind=FileKind.PDF,
                                                    pages=imported.facts.pages,
                                                    sha256=imported.facts.sha256))
    folder.save()
    folder.close()
    return root / "møde"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--per-pdf", type=int, default=100)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kkrdesk-bench-") as work:
        root = Path(work)
        started = time.perf_counter()
        folder = make_meeting(root, args.pages, args.per_pdf)
        print(f"generated {args.pages} pages in {time.perf_counter() - started:.1f} s")
        pdfs = sorted((folder / "bilag").glob("*.pdf"))

        if shutil.which("pdftotext"):
            started = time.perf_counter()
            for pdf in pdfs:
                subprocess.run(["pdftotext", "-q", str(pdf), str(root / "out.txt")], check=True)
            baseline = time.perf_counter() - started
            print(f"baseline pdftotext over the same PDFs: {baseline:.2f} s")
        else:
            baseline = None
            print("baseline pdftotext: not installed (Debian: poppler-utils)")

        from kkrdesk.core.meeting.store import read_meeting

        meeting, _ = read_meeting(folder)
        index = SearchIndex(root / "index.sqlite")
        started = time.perf_counter()
        report = index.update(folder, meeting)
        build = time.perf_counter() - started
        ratio = f" ({build / baseline:.1f}× pdftotext)" if baseline else ""
        print(f"index build (extract + stem + FTS5 words/stems/trigram): {build:.2f} s{ratio}, "
              f"{report.indexed} documents, {(root / 'index.sqlite').stat().st_size / 1e6:.1f} MB")
        started = time.perf_counter()
        again = index.update(folder, meeting)
        print(f"incremental update with nothing changed: {time.perf_counter() - started:.3f} s "
              f"({again.indexed} re-read)")

        latencies = []
        totals = {}
        for number in range(args.queries):
            query = QUERIES[number % len(QUERIES)]
            started = time.perf_counter()
            results = index.search(query, limit=50)
            latencies.append(time.perf_counter() - started)
            totals[query] = results.total
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"query latency over {args.queries} queries (limit 50): median "
              f"{statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
              f"max {latencies[-1] * 1000:.1f} ms")
        for query, total in totals.items():
            print(f"  {query!r}: {total} pages")


if __name__ == "__main__":
    main()
