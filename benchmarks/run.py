"""kkrdesk's speed, measured: generates the inputs, times every step beside its baseline, prints the table.

    python benchmarks/run.py [--quick] [--write docs/performance.md] [--keep DIR]

Every measurement runs in a fresh process; its peak memory is that process's maximum resident
set (children it waits for included, as /usr/bin/time reports it). Baselines run in the same
session, alternating with the step they stand beside, so load from other programs hits both
alike. GUI steps run on Qt's offscreen platform. Numbers, never asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

from inputs import Sizes, big_meeting, search_meeting, survey_export  # noqa: E402

STEP_TIMEOUT_SECONDS = 900
MEMORY_LIMIT_MB = 400
SAMPLE = ROOT / "agendas" / "kkr-sjaelland-2025-02"
RESULTS_BEGIN = "<!-- benchmark results: begin (written by benchmarks/run.py --write) -->"
RESULTS_END = "<!-- benchmark results: end -->"


@dataclass
class Row:
    """One line of the table: a kkrdesk step and its baseline, each run ``runs`` times."""

    what: str
    baseline_what: str
    step: Callable[[], dict]
    baseline: Callable[[], dict] | None
    target: str = ""
    target_ratio: float | None = None    # the step's time over the baseline's must stay at or below
    target_seconds: float | None = None  # the step's figure must stay below
    runs: int = 3
    warm_up: bool = True                 # one uncounted run of each first (bytecode, page cache)
    unit: str = "s"
    results: list[dict] = field(default_factory=list)
    baseline_results: list[dict] = field(default_factory=list)

    def median(self, key: str = "seconds", baseline: bool = False) -> float | None:
        results = self.baseline_results if baseline else self.results
        return statistics.median(r[key] for r in results) if results else None

    def peak(self, baseline: bool = False) -> float | None:
        results = self.baseline_results if baseline else self.results
        return max(r["peak_mb"] for r in results) if results else None

    def ratio(self) -> float | None:
        figure, base = self.median(), self.median(baseline=True)
        return figure / base if figure and base else None

    def met(self) -> str:
        verdicts = []
        if self.target_ratio is not None and self.ratio() is not None:
            verdicts.append(self.ratio() <= self.target_ratio)
        if self.target_seconds is not None and self.median() is not None:
            verdicts.append(self.median() < self.target_seconds)
        if self.peak() is not None:
            verdicts.append(self.peak() <= MEMORY_LIMIT_MB)
        return "yes" if all(verdicts) else "no"


# Started in a small interpreter of its own: Linux keeps a process's peak memory across exec, so a
# child forked straight from this (big, after generating the inputs) process would report ours.
LAUNCHER = """
import json, os, sys
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}, out)
"""


def measure(command: list[str], env: dict[str, str] | None = None, *, since_flag: bool = False) -> dict:
    """Run one measurement process; its JSON figures plus ``peak_mb`` (max RSS of the process tree waited for)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".json") as usage:
        started = time.time()
        argv = [sys.executable, *command] + (["--since", repr(started)] if since_flag else [])
        subprocess.run([sys.executable, "-S", "-c", LAUNCHER, usage.name, *argv], stdout=out, stderr=err,
                       env=env, cwd=ROOT, timeout=STEP_TIMEOUT_SECONDS, check=False)
        waited = json.loads(usage.read() or '{"code": -1, "peak_kb": 0}')
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        if waited["code"] != 0 or not lines:
            raise RuntimeError(f"{' '.join(command)} failed ({waited['code']}):\n"
                               f"{err.read().decode('utf-8', 'replace')[-3000:]}")
        figures = json.loads(lines[-1])
    figures["peak_mb"] = waited["peak_kb"] / 1024
    return figures


class Bench:
    """The inputs of one run and the environment every measured process gets."""

    def __init__(self, work: Path, sizes: Sizes):
        self.work, self.sizes = work, sizes
        home = work / "home"
        self.env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
                    "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                    "XDG_CACHE_HOME": str(home / "cache"), "KKRDESK_SAMPLE": str(SAMPLE)}
        # an installed kkrdesk runs from compiled bytecode; let the checkout's be written and reused
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)

    def step(self, name: str, *args) -> dict:
        return measure([str(BENCH / "steps.py"), name, *map(str, args)], self.env)

    def gui(self, name: str, *args, since: bool = False) -> dict:
        return measure([str(BENCH / "gui_probe.py"), name, *map(str, args)], self.env, since_flag=since)

    def generate(self) -> None:
        started = time.perf_counter()
        self.meeting = self.work / "big" / "meeting"
        self.bilag = big_meeting(self.meeting, self.sizes)
        self.search = search_meeting(self.work / "search", self.sizes)
        survey_folder = self.work / "survey"
        survey_folder.mkdir()
        self.survey = survey_export(survey_folder, self.sizes.respondents)
        self.pack = self.work / "pack.pdf"
        self.agenda = self.work / "agenda.docx"
        self.index = self.work / "index.sqlite"
        print(f"inputs generated in {time.perf_counter() - started:.0f} s", flush=True)


def rows_for(bench: Bench, repeat: int) -> list[Row]:
    b = bench
    rows = [
        Row("Start-up to first paint, sample meeting", "bare QApplication + empty QMainWindow",
            lambda: b.gui("app-start", "--meeting", SAMPLE, since=True), lambda: b.gui("bare-window", since=True),
            "≤ 2 × baseline", target_ratio=2.0, runs=max(repeat, 5)),
        Row(f"Start-up to first paint, {b.sizes.items}-item meeting", "bare QApplication + empty QMainWindow",
            lambda: b.gui("app-start", "--meeting", b.meeting, since=True),
            lambda: b.gui("bare-window", since=True), runs=max(repeat, 5)),
        Row("Bilag pack export (PDF)", "qpdf --empty --pages (same bilag)",
            lambda: b.step("pack", b.meeting, b.pack), lambda: b.step("qpdf", b.meeting, b.work / "qpdf.pdf"),
            "≤ 1.5 × baseline", target_ratio=1.5, runs=repeat),
        Row(f"Reader: show page {b.sizes.reader_page} of the pack",
            f"bare QPdfView jumping to page {b.sizes.reader_page}",
            lambda: b.gui("reader-page", "--pdf", b.pack, "--page", b.sizes.reader_page),
            lambda: b.gui("pdfview-page", "--pdf", b.pack, "--page", b.sizes.reader_page), runs=repeat),
        Row(f"Search index build, {b.sizes.search_pages:,} pages", "pdftotext over the same PDFs",
            lambda: b.step("index", b.search, _fresh(b.index)), lambda: b.step("pdftotext", b.search),
            "≤ 1.5 × baseline", target_ratio=1.5, runs=repeat),
        Row("Search, p95 of 100 queries", "SQLite FTS5 MATCH of the same words",
            lambda: b.step("search", b.index, 100), lambda: b.step("fts5", b.index, 100),
            "p95 < 20 ms", target_seconds=0.020, runs=repeat, unit="ms"),
        Row("Word agenda, without LibreOffice", "python-docx: open and save the same agenda",
            lambda: b.step("word", b.meeting, b.agenda, "no"),
            lambda: b.step("docx-roundtrip", b.agenda, b.work / "roundtrip.docx"), runs=repeat),
    ]
    if shutil.which("soffice") or shutil.which("libreoffice"):
        rows.append(Row("Word agenda, with LibreOffice (TOC page numbers)",
                        "soffice --headless --convert-to pdf (same agenda)",
                        lambda: b.step("word", b.meeting, b.work / "agenda-toc.docx", "yes"),
                        lambda: b.step("soffice", b.agenda, b.work), runs=repeat))
    rows += [
        Row(f"Survey summary, {b.sizes.respondents:,} respondents, CSV", "pandas.read_csv of the dataset",
            lambda: b.step("survey", b.survey["csv"], b.survey["mapping"]),
            lambda: b.step("read_csv", b.survey["csv"]), runs=repeat),
        Row(f"Survey summary, {b.sizes.respondents:,} respondents, XLSX",
            "openpyxl read-only iteration of the dataset sheet",
            lambda: b.step("survey", b.survey["xlsx"], b.survey["mapping"]),
            lambda: b.step("openpyxl", b.survey["xlsx"]), runs=1, warm_up=False),
    ]
    return rows


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def run(rows: list[Row]) -> None:
    for row in rows:
        print(f"… {row.what}", flush=True)
        if row.warm_up:
            row.step()
            if row.baseline:
                row.baseline()
        for _ in range(row.runs):
            if row.baseline:
                row.baseline_results.append(row.baseline())
            row.results.append(row.step())


def _figure(row: Row, baseline: bool = False) -> str:
    if row.unit == "ms":
        p95, median = row.median("p95", baseline), row.median("median", baseline)
        return f"{p95 * 1000:.1f} ms (median {median * 1000:.1f})" if p95 is not None else "—"
    seconds = row.median(baseline=baseline)
    return "—" if seconds is None else f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds * 1000:.0f} ms"


def table(rows: list[Row]) -> str:
    lines = ["| Step | Figure | Baseline | Baseline figure | Ratio | Peak memory (step / baseline) | Target | Met |",
             "|---|---:|---|---:|---:|---:|---|---|"]
    for row in rows:
        ratio = row.ratio()
        peak, base_peak = row.peak(), row.peak(baseline=True)
        memory = f"{peak:.0f} MB" + (f" / {base_peak:.0f} MB" if base_peak is not None else "")
        target = "; ".join(filter(None, [row.target, f"≤ {MEMORY_LIMIT_MB} MB"]))
        lines.append(f"| {row.what} | {_figure(row)} | {row.baseline_what} | {_figure(row, True)} | "
                     f"{'—' if ratio is None else f'{ratio:.2f} ×'} | {memory} | {target} | {row.met()} |")
    return "\n".join(lines)


def machine() -> str:
    def first_line(command: list[str]) -> str:
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            return "not installed"

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() \
        else platform.processor()
    memory = next((int(line.split()[1]) / 1024 / 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0.0) if Path("/proc/meminfo").exists() else 0.0
    os_name = platform.platform()
    if Path("/etc/os-release").exists():
        os_name = next((line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text()
                        .splitlines() if line.startswith("PRETTY_NAME=")), os_name) + f" ({platform.release()})"
    qt = subprocess.run([sys.executable, "-c", "import PySide6, PySide6.QtCore as c; "
                         "print(f'PySide6 {PySide6.__version__}, Qt {c.qVersion()}')"],
                        capture_output=True, text=True)
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return "\n".join([
        f"- CPU: {cpu}, {os.cpu_count()} cores",
        f"- Memory: {memory:.1f} GB",
        f"- OS: {os_name}",
        f"- Python {platform.python_version()}, {qt.stdout.strip() or 'PySide6 ?'}, "
        f"SQLite {sqlite3.sqlite_version}",
        f"- qpdf: {first_line(['qpdf', '--version'])}; pdftotext: {first_line(['pdftotext', '-v'])}; "
        f"LibreOffice: {first_line(['soffice', '--version'])}",
        f"- Load average when the run ended: {' / '.join(f'{x:.2f}' for x in load)} "
        "(other work shares the machine)",
    ])


def write(document: Path, text: str) -> None:
    old = document.read_text(encoding="utf-8") if document.exists() else f"{RESULTS_BEGIN}\n{RESULTS_END}\n"
    if RESULTS_BEGIN not in old or RESULTS_END not in old:
        old += f"\n{RESULTS_BEGIN}\n{RESULTS_END}\n"
    before, rest = old.split(RESULTS_BEGIN, 1)
    after = rest.split(RESULTS_END, 1)[1]
    document.write_text(f"{before}{RESULTS_BEGIN}\n{text}\n{RESULTS_END}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one run each (a check that all works)")
    parser.add_argument("--repeat", type=int, default=3, help="counted runs of each step (default 3)")
    parser.add_argument("--write", type=Path, help="put the table and the machine into this Markdown file")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    missing = [tool for tool in ("qpdf", "pdftotext") if shutil.which(tool) is None]
    if missing:
        print(f"needed as baselines: {', '.join(missing)} (Debian: qpdf, poppler-utils)")
        return 1
    sizes = Sizes.quick() if args.quick else Sizes()
    repeat = 1 if args.quick else args.repeat
    work = args.keep or Path(tempfile.mkdtemp(prefix="kkrdesk-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        bench = Bench(work, sizes)
        bench.generate()
        rows = rows_for(bench, repeat)
        started = time.perf_counter()
        run(rows)
        result = table(rows)
        when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        report = (f"Run of `python benchmarks/run.py{' --quick' if args.quick else ''}` on {when}, "
                  f"{time.perf_counter() - started:.0f} s; medians of {repeat} runs "
                  f"(start-up: {max(repeat, 5)}) after one uncounted run (XLSX survey: one run, "
                  "none uncounted).\n\n"
                  f"{result}\n\nMachine:\n\n{machine()}\n")
        print("\n" + report)
        if args.write:
            write(args.write, report)
            print(f"written to {args.write}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
