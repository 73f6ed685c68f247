"""Benchmark: the bilag pack and the Word agenda of a generated 40-item, 120-bilag, 1,000+-page meeting.

Prints numbers, asserts nothing. The baseline is a plain ``qpdf --empty --pages ... --`` merge of
the same bilag files in the same run. Each measurement runs in its own process, so its peak
memory (max RSS) is its own. Usage:  python benchmarks/export_pack.py [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ITEMS, BILAG_PER_ITEM = 40, 3
WORDS = ("kommune samarbejde trafik udvikling region borgere økonomi uddannelse erhverv sundhed "
         "klima plan aftale indsats").split()


def generate(folder: Path) -> list[Path]:
    """The meeting folder; returns its bilag files in pack order."""
    from reportlab.pdfgen import canvas

    from kkrdesk.core.meeting.model import AgendaItem, Bilag, ItemType, Meeting
    from kkrdesk.core.meeting.store import MeetingFolder

    rng = random.Random(2025)
    sources = folder.parent / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), start=dt.time(10), place="Sorø")
    files = []
    with MeetingFolder.create(folder, meeting) as store:
        for item_number in range(1, ITEMS + 1):
            item = AgendaItem(number=f"2.{item_number}", title=f"Sag nummer {item_number} om {rng.choice(WORDS)}",
                              type=ItemType.BESLUTNINGSSAG, resume="Kort resumé.", indstilling="Det indstilles.",
                              sagsfremstilling=" ".join(rng.choice(WORDS) for _ in range(300)))
            for bilag_number in range(1, BILAG_PER_ITEM + 1):
                pages = rng.randint(4, 14)
                path = sources / f"{item_number}-{bilag_number}.pdf"
                drawing = canvas.Canvas(str(path), pagesize=(595.2756, 841.8898))
                for page in range(1, pages + 1):
                    drawing.setFont("Helvetica", 10)
                    for line in range(45):
                        drawing.drawString(60, 780 - line * 15, " ".join(rng.choice(WORDS) for _ in range(12)))
                    drawing.drawString(60, 30, f"Side {page} af {pages}")
                    drawing.showPage()
                drawing.save()
                imported = store.import_file(path)
                item.bilag.append(Bilag(f"Bilag {bilag_number} til sag {item_number}", imported.file,
                                        imported.facts.kind, imported.facts.pages, imported.facts.sha256))
                files.append(folder / imported.file)
            store.meeting.items.append(item)
        store.save()
    return files


def worker(kind: str, folder: Path, out: Path) -> None:
    """Runs in a child process: one measurement, printed as JSON with this process's peak memory."""
    from kkrdesk.core.export.exporter import ExportOptions, export_meeting
    from kkrdesk.core.export.preflight import preflight
    from kkrdesk.core.meeting.store import read_meeting

    if kind == "qpdf":  # the baseline, run from here so its peak memory is measured alone
        files = json.loads(folder.read_text())
        start = time.perf_counter()
        subprocess.run(["qpdf", "--empty", "--pages", *files, "--", str(out)], check=True)
        seconds = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))
        return
    meeting, _ = read_meeting(folder)
    start = time.perf_counter()
    if kind == "preflight":
        preflight(folder, meeting, use_libreoffice=False)
    elif kind == "pack":
        report = preflight(folder, meeting, use_libreoffice=False)
        start = time.perf_counter()  # the pack alone; the preflight is measured on its own
        export_meeting(folder, meeting, ExportOptions(pdf=out, use_libreoffice=False), report=report)
    elif kind in ("docx", "docx-libreoffice"):
        report = preflight(folder, meeting, use_libreoffice=False)
        start = time.perf_counter()
        export_meeting(folder, meeting, ExportOptions(docx=out, use_libreoffice=kind == "docx-libreoffice"),
                       report=report, extras=[])
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def measure(kind: str, folder: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", kind, str(folder), str(out)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--worker", nargs=3, metavar=("KIND", "DIR", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), Path(args.worker[2]))
        return 0
    if shutil.which("qpdf") is None:
        print("qpdf is not installed; it is the baseline (apt install qpdf).")
        return 1
    work = args.keep or Path(tempfile.mkdtemp(prefix="kkrdesk-bench-"))
    try:
        started = time.perf_counter()
        files = generate(work / "meeting")
        import pikepdf

        pages = sum(len(pikepdf.open(f).pages) for f in files)
        print(f"meeting: {ITEMS} items, {len(files)} bilag, {pages} bilag pages "
              f"(generated in {time.perf_counter() - started:.1f} s)")
        file_list = work / "files.json"
        file_list.write_text(json.dumps([str(f) for f in files]))
        rows = {"qpdf --empty --pages (baseline)": [], "bilag pack": []}
        for _ in range(args.repeat):  # interleaved, so load from other processes hits both alike
            rows["qpdf --empty --pages (baseline)"].append(measure("qpdf", file_list, work / "qpdf.pdf"))
            rows["bilag pack"].append(measure("pack", work / "meeting", work / "pack.pdf"))
        rows["preflight"] = [measure("preflight", work / "meeting", work / "x") for _ in range(args.repeat)]
        rows["Word agenda, no LibreOffice"] = [measure("docx", work / "meeting", work / "a.docx")
                                              for _ in range(args.repeat)]
        from kkrdesk.core.export.libreoffice_toc import can_update_indexes

        if can_update_indexes():
            rows["Word agenda + LibreOffice TOC"] = [measure("docx-libreoffice", work / "meeting", work / "b.docx")
                                                    for _ in range(args.repeat)]
        else:
            print("LibreOffice with Python-UNO not found: the TOC step is not measured.")
        print(f"\n{'what':34} {'median s':>9} {'min s':>7} {'peak MB':>8}")
        for name, runs in rows.items():
            times = [r["seconds"] for r in runs]
            print(f"{name:34} {statistics.median(times):9.2f} {min(times):7.2f} "
                  f"{max(r['peak_mb'] for r in runs):8.0f}")
        baseline = [r["seconds"] for r in rows["qpdf --empty --pages (baseline)"]]
        pack = [r["seconds"] for r in rows["bilag pack"]]
        print(f"\npack / qpdf time ratio: {statistics.median(pack) / statistics.median(baseline):.2f} "
              f"(medians), {min(pack) / min(baseline):.2f} (best runs); target: at most 1.5")
        with pikepdf.open(work / "pack.pdf") as pdf:
            print(f"pack: {len(pdf.pages)} pages, {(work / 'pack.pdf').stat().st_size / 1e6:.1f} MB; "
                  f"qpdf merge: {(work / 'qpdf.pdf').stat().st_size / 1e6:.1f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
