"""Benchmark: ``kkrdesk survey summarize`` on a generated export of 100,000 respondents.

Prints wall time and peak memory (max RSS) of summarising the export, beside a baseline that
only reads the same file (``pandas.read_csv`` of the Dataset CSV; openpyxl's read-only
iteration of the Dataset sheet). Each measurement runs in a fresh interpreter so its peak
memory is its own. Numbers, not asserts. Usage:

    python benchmarks/survey_summarize.py [--respondents 100000] [--layouts csv,xlsx]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.make_sample_survey import (  # noqa: E402  (the path is set just above)
    KEYWORD_QUESTIONS,
    KEYWORDS,
    STATEMENTS,
    STATUSES,
    _label_rows,
    _structure_rows,
    mapping_text,
)

STRUCTURE_HEADER = ["questionName", "variableName", "questionType", "subType", "questionText",
                    "choiceValue", "choiceText"]


def generate(folder: Path, respondents: int, layouts: list[str], seed: int = 7) -> dict[str, Path]:
    """The sample's questionnaire with ``respondents`` random rows, about 1 % breaking a rule."""
    import numpy as np
    import pandas as pd

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
    written: dict[str, Path] = {}
    (folder / "bench.survey.toml").write_text(mapping_text().replace("synthetic = true", "synthetic = true"),
                                              encoding="utf-8")
    if "csv" in layouts:
        dataset.to_csv(folder / "bench_dataset.csv", sep=";", index=False, encoding="cp1252")
        pd.DataFrame(_label_rows()).to_csv(folder / "bench_labels.csv", sep=";", index=False, header=False,
                                           encoding="cp1252")
        pd.DataFrame(_structure_rows(), columns=STRUCTURE_HEADER).to_csv(
            folder / "bench_structure.csv", sep=";", index=False, encoding="cp1252")
        written["csv"] = folder / "bench_dataset.csv"
    if "xlsx" in layouts:
        import openpyxl

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
        written["xlsx"] = folder / "bench.xlsx"
    return written


def measure(kind: str, path: Path, mapping: Path) -> dict:
    """Run one measurement in a fresh interpreter; returns seconds and peak RSS in MB."""
    output = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(mapping)],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def child(kind: str, path: Path, mapping: Path) -> None:
    import pandas  # noqa: F401  (imported before the clock starts in every measurement)

    start = time.perf_counter()
    if kind == "summarize":
        from kkrdesk.core.survey.load import summarize_survey

        summary = summarize_survey(path, mapping)
        detail = {"respondents": summary.respondents, "problems": len(summary.problems)}
    elif kind == "read_csv":
        frame = pandas.read_csv(path, sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
        detail = {"rows": len(frame)}
    else:
        import openpyxl

        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = sum(1 for _ in workbook["Dataset"].iter_rows(values_only=True)) - 1
        workbook.close()
        detail = {"rows": rows}
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, **detail}))


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=100_000)
    parser.add_argument("--layouts", default="csv,xlsx", help="csv, xlsx or both (comma-separated)")
    args = parser.parse_args()
    layouts = [layout.strip() for layout in args.layouts.split(",") if layout.strip()]
    with tempfile.TemporaryDirectory(prefix="kkrdesk-bench-") as folder_name:
        folder = Path(folder_name)
        start = time.perf_counter()
        files = generate(folder, args.respondents, layouts)
        print(f"generated {args.respondents:,} respondents in {time.perf_counter() - start:.1f} s")
        mapping = folder / "bench.survey.toml"
        print(f"{'layout':<6} {'step':<22} {'seconds':>8} {'peak MB':>8}  ratio to baseline")
        for layout, path in files.items():
            size_mb = path.stat().st_size / 1_048_576
            baseline_kind = "read_csv" if layout == "csv" else "openpyxl_read"
            baseline = measure(baseline_kind, path, mapping)
            result = measure("summarize", path, mapping)
            print(f"{layout:<6} {baseline_kind + ' (baseline)':<22} {baseline['seconds']:8.2f} "
                  f"{baseline['peak_mb']:8.0f}")
            print(f"{layout:<6} {'summarize':<22} {result['seconds']:8.2f} {result['peak_mb']:8.0f}  "
                  f"time x{result['seconds'] / baseline['seconds']:.2f}, "
                  f"memory x{result['peak_mb'] / baseline['peak_mb']:.2f}  "
                  f"({size_mb:.1f} MB file, {result['respondents']:,} respondents, "
                  f"{result['problems']:,} rule-breaking rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
