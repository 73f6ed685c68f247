"""One benchmark measurement per process: ``python benchmarks/steps.py STEP ARGS...`` prints its figures as JSON.

Each step imports what it needs before the clock starts and times only the work itself; the
runner (run.py) starts a fresh process per step and reads the process's peak memory.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _bilag_pdfs(folder: Path) -> list[Path]:
    from kkrdesk.core.meeting.store import read_meeting

    meeting, _ = read_meeting(folder)
    return [folder / bilag.file for item in meeting.items for bilag in item.bilag]


def index_build(folder: str, index: str) -> dict:
    from kkrdesk.core.meeting.store import read_meeting
    from kkrdesk.core.search.index import SearchIndex

    meeting, _ = read_meeting(Path(folder))
    start = time.perf_counter()
    report = SearchIndex(Path(index)).update(Path(folder), meeting)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "documents": report.indexed, "index_mb": Path(index).stat().st_size / 1e6}


def pdftotext(folder: str) -> dict:
    pdfs = _bilag_pdfs(Path(folder))
    start = time.perf_counter()
    for pdf in pdfs:
        subprocess.run(["pdftotext", "-q", str(pdf), "-"], check=True, stdout=subprocess.DEVNULL)
    return {"seconds": time.perf_counter() - start}


def _latencies(run_query, count: int) -> dict:
    from inputs import QUERIES

    latencies = []
    for number in range(count):
        started = time.perf_counter()
        run_query(QUERIES[number % len(QUERIES)])
        latencies.append(time.perf_counter() - started)
    latencies.sort()
    p95 = latencies[round(0.95 * (len(latencies) - 1))]
    return {"seconds": p95, "median": statistics.median(latencies), "p95": p95, "max": latencies[-1]}


def search(index: str, count: str) -> dict:
    from kkrdesk.core.search.index import SearchIndex

    searcher = SearchIndex(Path(index))
    return _latencies(lambda query: searcher.search(query, limit=50), int(count))


def fts5(index: str, count: str) -> dict:
    """The baseline: SQLite's own FTS5 MATCH of the query's words (all of them), ids only."""
    import sqlite3

    from kkrdesk.core.search.words import words

    def run(query: str) -> None:
        with sqlite3.connect(index) as db:
            terms = [w for w in words(query) if w not in ("ELLER",)]
            db.execute("SELECT rowid FROM page_words WHERE page_words MATCH ?",
                       (" AND ".join(f'"{w}"' for w in terms),)).fetchall()

    return _latencies(run, int(count))


def pack(folder: str, out: str) -> dict:
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.export.preflight import preflight
    from kkrdesk.core.meeting.store import read_meeting

    meeting, _ = read_meeting(Path(folder))
    report = preflight(Path(folder), meeting, use_libreoffice=False)
    start = time.perf_counter()
    result = export_meeting(Path(folder), meeting, ExportOptions(pdf=Path(out), use_libreoffice=False),
                            report=report)
    return {"seconds": time.perf_counter() - start, "pages": result.total_pages}


def preflight_only(folder: str) -> dict:
    from kkrdesk.core.export.preflight import preflight
    from kkrdesk.core.meeting.store import read_meeting

    meeting, _ = read_meeting(Path(folder))
    start = time.perf_counter()
    preflight(Path(folder), meeting, use_libreoffice=False)
    return {"seconds": time.perf_counter() - start}


def qpdf(folder: str, out: str) -> dict:
    files = [str(path) for path in _bilag_pdfs(Path(folder))]
    start = time.perf_counter()
    subprocess.run(["qpdf", "--empty", "--pages", *files, "--", out], check=True)
    return {"seconds": time.perf_counter() - start}


def word_agenda(folder: str, out: str, libreoffice: str) -> dict:
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.export.preflight import preflight
    from kkrdesk.core.meeting.store import read_meeting

    meeting, _ = read_meeting(Path(folder))
    report = preflight(Path(folder), meeting, use_libreoffice=False)
    start = time.perf_counter()
    result = export_meeting(Path(folder), meeting,
                            ExportOptions(docx=Path(out), use_libreoffice=libreoffice == "yes"),
                            report=report, extras=[])
    return {"seconds": time.perf_counter() - start, "toc_updated": result.toc_updated}


def docx_roundtrip(docx: str, out: str) -> dict:
    """The baseline without LibreOffice: python-docx opens and saves the same agenda."""
    import docx as python_docx

    start = time.perf_counter()
    python_docx.Document(docx).save(out)
    return {"seconds": time.perf_counter() - start}


def soffice(docx: str, outdir: str) -> dict:
    """The baseline with LibreOffice: a bare conversion of the same agenda to PDF, private profile."""
    from kkrdesk.core.office.libreoffice import profile_argument
    from kkrdesk.core.office.soffice import find_soffice

    with tempfile.TemporaryDirectory(prefix="kkrdesk-bench-profile-") as profile:
        start = time.perf_counter()
        subprocess.run([str(find_soffice()), profile_argument(Path(profile)), "--headless", "--convert-to",
                        "pdf", "--outdir", outdir, docx], check=True, capture_output=True, timeout=300)
        return {"seconds": time.perf_counter() - start}


def survey(export: str, mapping: str) -> dict:
    import pandas  # noqa: F401  (imported before the clock starts, as in the baselines)

    from kkrdesk.core.survey.load import summarize_survey

    start = time.perf_counter()
    summary = summarize_survey(Path(export), Path(mapping))
    return {"seconds": time.perf_counter() - start, "respondents": summary.respondents}


def read_csv(path: str) -> dict:
    import pandas

    start = time.perf_counter()
    frame = pandas.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    return {"seconds": time.perf_counter() - start, "rows": len(frame)}


def openpyxl_rows(path: str) -> dict:
    import openpyxl

    start = time.perf_counter()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in workbook["Dataset"].iter_rows(values_only=True)) - 1
    workbook.close()
    return {"seconds": time.perf_counter() - start, "rows": rows}


STEPS = {"index": index_build, "pdftotext": pdftotext, "search": search, "fts5": fts5, "pack": pack,
         "preflight": preflight_only,
         "qpdf": qpdf, "word": word_agenda, "docx-roundtrip": docx_roundtrip, "soffice": soffice,
         "survey": survey, "read_csv": read_csv, "openpyxl": openpyxl_rows}

if __name__ == "__main__":
    print(json.dumps(STEPS[sys.argv[1]](*sys.argv[2:])))
