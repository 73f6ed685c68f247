"""Whole commands as a user waits for them, each beside a baseline run in turn with it on the same machine.

    python benchmarks/commands.py                          # 5 counted runs of each pair (~10 min)
    python benchmarks/commands.py --quick                  # small inputs, 1 run each: does it all work
    python benchmarks/commands.py --only validate,show     # those pairs: only their inputs, no inner figures
    python benchmarks/commands.py --only export --inner    # ... and the figures inside one process too
    python benchmarks/commands.py --write docs/performance.md --json results.json

A pair is a kkrdesk command and its baseline, run alternately (command, baseline, command, ...)
after one uncounted run of each, so load from other programs hits both alike; figures are medians.
Every figure is a whole process from start to exit, imports included, timed by this script's
clock, with the CPU time (user + system) of the process and its children beside it: on a shared
machine the wall clock grows with the load, the CPU time much less. The 1-minute load average
is read before each pair and reported with it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from inputs import Sizes, big_meeting, search_meeting, survey_export  # noqa: E402

from kkrdesk.core.files.limits import PDF_SCREEN_MEMORY_BYTES  # noqa: E402
from kkrdesk.core.files.screen_start import SCREEN_COMMAND  # noqa: E402

SAMPLE = ROOT / "agendas" / "kkr-sjaelland-2025-02"
BIG_PAGES = (15, 36)        # 120 bilag of 15-36 pages: about 3,000 pages in the pack
BEGIN = "<!-- whole-command results: begin (written by benchmarks/commands.py --write) -->"
END = "<!-- whole-command results: end -->"
TIMEOUT_SECONDS = 900


@dataclass
class Pair:
    """A kkrdesk command and its baseline; ``prepare`` runs before every run of either, untimed."""

    name: str
    command: list[str]
    baseline_name: str
    baseline: list[str]
    target: str
    within: Callable[[float, float, float], bool]      # (median, baseline median, part median)
    prepare: Callable[[], None] = lambda: None
    env: dict[str, str] = field(default_factory=dict)
    part: list[str] | None = None      # a part of the baseline timed on its own in the same run
    reported: bool = False             # the time is the "seconds" the process prints (first paint), not its exit
    part_times: list[float] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    baseline_times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)            # user + system seconds of the process tree
    baseline_cpu: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.times)

    def baseline_median(self) -> float:
        return statistics.median(self.baseline_times)

    def part_median(self) -> float:
        return statistics.median(self.part_times) if self.part_times else 0.0

    def met(self) -> bool:
        return self.within(self.median(), self.baseline_median(), self.part_median())


class Bench:
    """The generated inputs and the environment of every measured process."""

    def __init__(self, work: Path, sizes: Sizes):
        self.work, self.sizes = work, sizes
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(work / "home"),
                    "KKRDESK_CACHE_DIR": str(work / "cache"), "KKRDESK_DATA_DIR": str(work / "data"),
                    "XDG_CONFIG_HOME": str(work / "config")}
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)   # an installed kkrdesk has its bytecode
        self.meeting = work / "big" / "møde"
        self.sources = work / "big" / "meeting-sources"
        self.empty = work / "empty-meeting"
        self.survey = work / "survey"
        self.search = work / "search" / "search-meeting"
        self.screening_pass = 0.0

    def generate(self, needs: Iterable[str]) -> None:
        """Make the inputs named in ``needs`` (see INPUTS) that the work folder does not hold yet."""
        needs = set(needs)
        if "big" in needs and not (self.meeting / "meeting.toml").exists():
            os.environ.update(self.env)   # the import screens every bilag: its verdicts go to the work cache
            big_meeting(self.meeting, self.sizes, page_range=BIG_PAGES)
        if "survey" in needs and not (self.survey / "bench.xlsx").exists():
            self.survey.mkdir(parents=True, exist_ok=True)
            survey_export(self.survey, self.sizes.respondents)
        if "search" in needs and not (self.search / "meeting.toml").exists():
            os.environ.update(self.env)   # screened as they are added, as a user's bilag are
            search_meeting(self.work / "search", self.sizes)
        if "empty" in needs and not (self.empty / "meeting.toml").exists():
            self.kkrdesk("new", self.empty, "--kkr", "KKR Sjælland", "--date", "2025-02-27")
            self.kkrdesk("add-item", self.empty, "--number", "2.2", "--title", "Bilag i mængder")

    def kkrdesk(self, *args) -> None:
        subprocess.run([sys.executable, "-m", "kkrdesk", *map(str, args)], env=self.env, check=True,
                       stdout=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS)

    def pack_files(self) -> list[str]:
        from kkrdesk.core.meeting.store import read_meeting

        meeting, _ = read_meeting(self.meeting)
        return [str(self.meeting / b.file) for item in meeting.items for b in item.bilag]

    def source_files(self) -> list[str]:
        return sorted(str(path) for path in self.sources.glob("*.pdf"))

    def search_files(self) -> list[str]:
        return sorted(str(path) for path in (self.search / "bilag").glob("*.pdf"))


def pairs_for(bench: Bench, wanted: list[str]) -> list[Pair]:
    """The pairs whose name contains one of the words ``wanted``, each made once the inputs it needs are."""
    python = sys.executable
    out = bench.work / "out"
    adding = bench.work / "adding"
    copies = bench.work / "copies"
    survey = bench.survey
    screen_list = bench.work / "screen-list.json"
    bilag = bench.sizes.items * bench.sizes.bilag_per_item

    def fresh_meeting() -> None:
        shutil.rmtree(adding, ignore_errors=True)
        shutil.copytree(bench.empty, adding)
        shutil.rmtree(bench.work / "add-cache", ignore_errors=True)   # new files: nothing screened yet

    def fresh_copies() -> None:
        shutil.rmtree(copies, ignore_errors=True)
        copies.mkdir()

    def export(name: str) -> Pair:
        out.mkdir(exist_ok=True)
        return Pair(name, [python, "-m", "kkrdesk", "export", str(bench.meeting), "--pdf", str(out / "pakke.pdf"),
                           "--no-libreoffice"],
                    "`qpdf --empty --pages …` of the same PDFs",
                    ["qpdf", "--empty", "--pages", *bench.pack_files(), "--", str(out / "qpdf.pdf")],
                    "≤ 1.5 × baseline", lambda t, b, _: t <= 1.5 * b)

    def add_bilag(name: str) -> Pair:
        sources = bench.source_files()
        screen_list.write_text(json.dumps(sources), encoding="utf-8")
        return Pair(name, [python, "-m", "kkrdesk", "add-bilag", str(adding), "--item", "2.2", *sources],
                    "sha256 and copy of the same files, then kkrdesk's screening child over them (a process of "
                    "its own; add-bilag forks its child from itself)",
                    ["sh", "-c", 'sha256sum "$@" >/dev/null && cp "$@" "$0" && "$SCREEN_PYTHON" -m kkrdesk '
                     f'{SCREEN_COMMAND} --batch "$SCREEN_LIST" --memory {PDF_SCREEN_MEMORY_BYTES} >/dev/null',
                     str(copies), *sources],
                    "≤ 2 × (sha256 + copy) + one screening child", lambda t, b, part: t <= b + part,
                    prepare=lambda: (fresh_meeting(), fresh_copies()),
                    env={"KKRDESK_CACHE_DIR": str(bench.work / "add-cache"), "SCREEN_PYTHON": python,
                         "SCREEN_LIST": str(screen_list)},
                    part=["sh", "-c", 'sha256sum "$@" >/dev/null && cp "$@" "$0"', str(copies), *sources])

    def search(name: str) -> Pair:
        return Pair(name, [python, "-m", "kkrdesk", "search", str(bench.search), "kommuneplan", "--limit", "5"],
                    "`pdftotext` over the same PDFs, one after the other",
                    ["sh", "-c", 'for f; do pdftotext -q "$f" - ; done >/dev/null', "sh", *bench.search_files()],
                    "≤ 1.5 × baseline", lambda t, b, _: t <= 1.5 * b,
                    prepare=lambda: shutil.rmtree(bench.work / "cache" / "search", ignore_errors=True))

    plans: list[tuple[str, tuple[str, ...], Callable[[str], Pair]]] = [
        ("`kkrdesk validate` (sample)", (),
         lambda name: Pair(name, [python, "-m", "kkrdesk", "validate", str(SAMPLE)],
                           "`python -c pass`", [python, "-c", "pass"], "≤ 0.25 s", lambda t, b, _: t <= 0.25)),
        ("`kkrdesk show` (sample)", (),
         lambda name: Pair(name, [python, "-m", "kkrdesk", "show", str(SAMPLE)],
                           "`python -c pass`", [python, "-c", "pass"], "≤ 0.25 s", lambda t, b, _: t <= 0.25)),
        (f"`kkrdesk export --pdf` ({bilag} bilag, preflight included)", ("big",), export),
        (f"`kkrdesk add-bilag` of {bilag} PDFs in one call (none screened before)", ("big", "empty"), add_bilag),
        (f"`kkrdesk search` with the index built first ({bench.sizes.search_pages:,} pages, empty index)",
         ("search",), search),
        ("`kkrdesk MAPPE`: start to the window's first paint, sample meeting", (),
         lambda name: Pair(name, [python, str(ROOT / "benchmarks" / "gui_probe.py"), "app-start",
                                  "--meeting", str(SAMPLE)],
                           "a bare QApplication + empty QMainWindow, start to first paint",
                           [python, str(ROOT / "benchmarks" / "gui_probe.py"), "bare-window"],
                           "≤ 2 × baseline", lambda t, b, _: t <= 2 * b, env={"QT_QPA_PLATFORM": "offscreen"},
                           reported=True)),
        (f"`kkrdesk survey summarize` of the XLSX ({bench.sizes.respondents:,} respondents)", ("survey",),
         lambda name: Pair(name, [python, "-m", "kkrdesk", "survey", "summarize", str(survey / "bench.xlsx"),
                                  "--mapping", str(survey / "bench.survey.toml")],
                           "openpyxl streaming the Dataset sheet alone",
                           [python, "-c", "import openpyxl, sys; book = openpyxl.load_workbook(sys.argv[1], "
                            "read_only=True, data_only=True); sum(1 for _ in book['Dataset'].iter_rows("
                            "values_only=True))", str(survey / "bench.xlsx")],
                           "≤ 5 s", lambda t, b, _: t <= 5)),
        (f"`kkrdesk survey summarize` of the CSV ({bench.sizes.respondents:,} respondents)", ("survey",),
         lambda name: Pair(name, [python, "-m", "kkrdesk", "survey", "summarize", str(survey / "bench_dataset.csv"),
                                  "--mapping", str(survey / "bench.survey.toml")],
                           "`pandas.read_csv` of the same Dataset",
                           [python, "-c", "import pandas, sys; pandas.read_csv(sys.argv[1], sep=';', "
                            "encoding='cp1252')", str(survey / "bench_dataset.csv")],
                           "≤ 2 × baseline", lambda t, b, _: t <= 2 * b)),
    ]
    chosen = [(name, needs, make) for name, needs, make in plans if any(word in name for word in wanted)]
    bench.generate(need for _, needs, _ in chosen for need in needs)
    return [make(name) for name, _, make in chosen]


def timed(command: list[str], env: dict, reported: bool = False) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one process and the children it waited for; with ``reported``,
    the wall seconds are those the process prints, counted from ``--since`` (this script's clock
    just before the start)."""
    with tempfile.TemporaryFile() as errors, tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        since = time.time()
        child = subprocess.Popen([*command, "--since", repr(since)] if reported else command, env=env,
                                 stdout=output if reported else subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if reported:
            output.seek(0)
            lines = output.read().decode("utf-8", "replace").strip().splitlines()
            seconds = json.loads(lines[-1])["seconds"] if lines else float("nan")
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command[:6])} … failed ({child.returncode}):\n"
                               f"{errors.read().decode('utf-8', 'replace')[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime


def inner_figures(bench: Bench) -> dict[str, float]:
    """The same work measured inside one process (benchmarks/steps.py), for comparison."""
    steps = [sys.executable, str(ROOT / "benchmarks" / "steps.py")]

    def step(*args) -> float:
        done = subprocess.run([*steps, *map(str, args)], env=bench.env, capture_output=True, text=True,
                              check=True, timeout=TIMEOUT_SECONDS)
        return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]

    return {"preflight()": step("preflight", bench.meeting),
            "export_meeting(pdf=…) after preflight": step("pack", bench.meeting, bench.work / "out" / "inner.pdf")}


def screening_pass(bench: Bench) -> float:
    """Seconds one process takes to screen every source PDF (what one screening child does)."""
    code = ("import sys, time; from kkrdesk.core.files.pdf_screen import screen_pdf_here, load_screening_libraries\n"
            "load_screening_libraries(); t = time.perf_counter()\n"
            "[screen_pdf_here(p) for p in sys.argv[1:]]\nprint(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", code, *bench.source_files()], env=bench.env,
                          capture_output=True, text=True, check=True, timeout=TIMEOUT_SECONDS)
    return float(done.stdout.strip())


def run(pairs: list[Pair], bench: Bench, repeat: int) -> None:
    for pair in pairs:
        env = {**bench.env, **pair.env}
        for counted in [False] + [True] * repeat:
            pair.loads.append(os.getloadavg()[0])
            pair.prepare()
            seconds, cpu = timed(pair.command, env, pair.reported)
            pair.prepare()
            baseline, baseline_cpu = timed(pair.baseline, env, pair.reported)
            if pair.part is not None:
                pair.prepare()
                part, _ = timed(pair.part, env)
                if counted:
                    pair.part_times.append(part)
            if counted:
                pair.times.append(seconds)
                pair.baseline_times.append(baseline)
                pair.cpu.append(cpu)
                pair.baseline_cpu.append(baseline_cpu)
        print(f"{pair.name}: {pair.median():.2f} s; {pair.baseline_name}: {pair.baseline_median():.3f} s; "
              f"load {min(pair.loads):.1f}–{max(pair.loads):.1f}", flush=True)


def seconds_text(value: float) -> str:
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def table(pairs: list[Pair], inner: dict[str, float] | None, screening: float, repeat: int) -> str:
    """The Markdown table of ``pairs``; the screening pass and ``inner`` figures after it, when measured."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"Run of `python benchmarks/commands.py` on {when}: medians of {repeat} runs after one "
             "uncounted run, command and baseline alternating.", "",
             "| Command | Median (CPU) | Baseline (same run) | Baseline median (CPU) | Ratio | Load (1 min) "
             "| Target | Met |",
             "|---|---:|---|---:|---:|---:|---|---|"]
    for pair in pairs:
        ratio = pair.median() / pair.baseline_median()
        baseline_name = pair.baseline_name + (f" (sha256 + copy alone: {seconds_text(pair.part_median())})"
                                              if pair.part_times else "")
        lines.append(f"| {pair.name} | {seconds_text(pair.median())} ({seconds_text(statistics.median(pair.cpu))}) "
                     f"| {baseline_name} | {seconds_text(pair.baseline_median())} "
                     f"({seconds_text(statistics.median(pair.baseline_cpu))}) | {ratio:.2f} × | "
                     f"{min(pair.loads):.1f}–{max(pair.loads):.1f} | {pair.target} | "
                     f"{'yes' if pair.met() else 'no'} |")
    if inner is not None:
        lines += ["", f"One screening pass (every source PDF screened in one process, as one child does): "
                  f"{seconds_text(screening)}."]
        lines += ["", "Inside one process, on the same meeting (benchmarks/steps.py): " +
                  "; ".join(f"`{name}` {seconds_text(value)}" for name, value in inner.items()) + "."]
    load = os.getloadavg()
    lines += ["", f"Load average when the run ended: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
              f"({os.cpu_count()} cores). Figures taken under load are upper bounds."]
    return "\n".join(lines)


def write(document: Path, text: str) -> None:
    old = document.read_text(encoding="utf-8")
    if BEGIN not in old:
        raise SystemExit(f"{document} has no {BEGIN} line to write after")
    before, rest = old.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    document.write_text(f"{before}{BEGIN}\n{text}\n{END}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8 items, 1 counted run: a check that it works")
    parser.add_argument("--repeat", type=int, default=5, help="counted runs of each pair (default 5)")
    parser.add_argument("--only", help="run only the pairs whose name contains one of these words "
                                       "(comma-separated), e.g. validate,export; only the inputs those pairs "
                                       "need are generated, and the figures inside one process are left out "
                                       "unless --inner is given")
    parser.add_argument("--inner", action="store_true",
                        help="with --only: also time one screening pass and the preflight and pack inside one "
                             "process (benchmarks/steps.py) on the big meeting, which is generated for them "
                             "(a run without --only always does)")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it for the next run")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    parser.add_argument("--json", type=Path, help="write every timing to this JSON file")
    args = parser.parse_args()
    if shutil.which("qpdf") is None:
        print("qpdf is needed as a baseline (Debian: qpdf)")
        return 1
    sizes = Sizes.quick() if args.quick else Sizes()
    repeat = 1 if args.quick else args.repeat
    work = args.keep or Path(tempfile.mkdtemp(prefix="kkrdesk-commands-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, sizes)
    pairs = pairs_for(bench, args.only.split(",") if args.only else [""])
    if not pairs:
        print(f"no pair's name contains any of {args.only!r}")
        return 1
    inner: dict[str, float] | None = None
    if args.inner or not args.only:
        bench.generate(["big"])
        bench.screening_pass = screening_pass(bench)
    run(pairs, bench, repeat)
    if args.inner or not args.only:
        inner = inner_figures(bench)
    text = table(pairs, inner, bench.screening_pass, repeat)
    print("\n" + text)
    if args.write:
        write(args.write, text)
    if args.json:
        args.json.write_text(json.dumps({
            "pairs": [{"name": p.name, "times": p.times, "cpu": p.cpu, "baseline": p.baseline_name,
                       "baseline_times": p.baseline_times, "baseline_cpu": p.baseline_cpu, "loads": p.loads,
                       "part_times": p.part_times,
                       "met": p.met()} for p in pairs],
            "screening_pass": bench.screening_pass, "inner": inner}, ensure_ascii=False, indent=2),
            encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
