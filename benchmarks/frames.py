"""The window while it works: dropping 120 PDFs on an item, and Eksportér of the 3,000-page pack, with a frame probe.

    python benchmarks/frames.py --keep /tmp/kkrdesk-commands      # the inputs of commands.py (generated if missing)
    python benchmarks/frames.py --write docs/performance.md       # rewrite the block below the heading

Each run is a fresh process (benchmarks/gui_probe.py, offscreen): the drop goes onto an empty item
of a fresh copy of a meeting with an empty cache (nothing screened before, as for new files); the
export runs from the export dialog on the generated meeting, after its preflight. The probe is a
10 ms timer on the GUI thread: its longest gap is the longest the window could not paint or answer.
Beside it, the same probe over the idle window for 2 s just before, in the same process: what the
machine's load alone costs. Figures are medians of the runs; the longest frame is the worst run's.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from commands import Bench, Sizes  # noqa: E402

BEGIN = "<!-- frame-probe results: begin (written by benchmarks/frames.py --write) -->"
END = "<!-- frame-probe results: end -->"
TIMEOUT_SECONDS = 600


def probe(bench: Bench, step: str, *args: str, cache: Path) -> dict:
    env = {**bench.env, "QT_QPA_PLATFORM": "offscreen", "KKRDESK_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gui_probe.py"), step, *args],
                          env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"gui_probe {step} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def drop_run(bench: Bench) -> dict:
    meeting, work = bench.work / "drop-meeting", bench.work / "drop-window"
    for folder in (meeting, work, bench.work / "drop-cache"):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(bench.empty, meeting)
    work.mkdir()
    return probe(bench, "drop", "--meeting", str(meeting), "--item", "2.2", "--work", str(work),
                 *bench.source_files(), cache=bench.work / "drop-cache")


def export_run(bench: Bench) -> dict:
    work = bench.work / "export-window"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    return probe(bench, "export", "--meeting", str(bench.meeting), "--pdf", str(bench.work / "out" / "gui.pdf"),
                 "--work", str(work), cache=bench.work / "cache")


def summary(name: str, runs: list[dict], loads: list[float]) -> str:
    median = statistics.median
    return (f"| {name} | {median(r['seconds'] for r in runs):.2f} s | "
            f"{max(r['longest_frame'] for r in runs) * 1000:.0f} ms "
            f"({median(r['longest_frame'] for r in runs) * 1000:.0f} ms) | "
            f"{max(r['longest_gui_cpu_in_a_frame'] for r in runs) * 1000:.0f} ms | "
            f"{median(r['p99_frame'] for r in runs) * 1000:.0f} ms | "
            f"{median(r['frames_over_100ms'] for r in runs):.0f} | "
            f"{max(r['idle_longest_frame'] for r in runs) * 1000:.0f} ms | {min(loads):.1f}–{max(loads):.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="the inputs folder of benchmarks/commands.py (kept)")
    parser.add_argument("--write", type=Path, help="put the table into this Markdown file")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kkrdesk-frames-"))
    work.mkdir(parents=True, exist_ok=True)
    (work / "out").mkdir(exist_ok=True)
    bench = Bench(work, Sizes())
    bench.generate({"big", "empty"})   # the drop copies the big meeting's bilag onto an empty one
    results: dict[str, tuple[list[dict], list[float]]] = {"drop": ([], []), "export": ([], [])}
    for _ in range(args.repeat):
        for name, run in (("drop", drop_run), ("export", export_run)):
            results[name][1].append(os.getloadavg()[0])
            results[name][0].append(run(bench))
    drops, exports = results["drop"][0], results["export"][0]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    pages = exports[0]["pages"]
    lines = [f"Run of `python benchmarks/frames.py` on {when}: {args.repeat} runs of each, alternating.", "",
             "| In the window | Median time | Longest frame, worst run (median run) | GUI thread's CPU in one frame, "
             "at most | p99 frame | Frames > 100 ms | Idle window's longest frame, same processes | Load (1 min) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|",
             summary(f"Drop {drops[0]['files']} PDFs on an item, until the agenda shows them", *results["drop"]),
             summary(f"Eksportér ({pages:,} pages), until the dialog says it is done", *results["export"]), "",
             "The export dialog's preflight before it: median "
             f"{statistics.median(r['preflight_seconds'] for r in exports):.2f} s, "
             f"longest frame {max(r['preflight_longest_frame'] for r in exports) * 1000:.0f} ms."]
    load = os.getloadavg()
    lines += ["", f"Load average when the run ended: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
              f"({os.cpu_count()} cores)."]
    text = "\n".join(lines)
    print(text)
    print(json.dumps({"drop": drops, "export": exports}), file=sys.stderr)
    if args.write:
        old = args.write.read_text(encoding="utf-8")
        if BEGIN not in old:
            raise SystemExit(f"{args.write} has no {BEGIN} line to write after")
        before, rest = old.split(BEGIN, 1)
        args.write.write_text(f"{before}{BEGIN}\n{text}\n{END}{rest.split(END, 1)[1]}", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
