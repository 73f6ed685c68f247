"""Pack export with tags and bilag bookmarks merged, against the same command on a tree without them.

    python benchmarks/tagged_pack.py --baseline-tree /path/to/checkout-before [--runs 5]

Builds a 40-item meeting whose 120 bilag are the sample's PDFs: its rammeaftale (23 pages,
35 bookmarks, untagged) and LibreOffice's tagged renderings of its two Word bilag (17 and 4
pages, with structure trees and bookmarks). Then ``hyperfine`` times the whole command
``kkrdesk export MAPPE --pdf`` from this tree and from the baseline tree, alternating, in one run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SAMPLE = HERE / "agendas" / "kkr-sjaelland-2025-02" / "bilag"


def sources(work: Path) -> list[Path]:
    from kkrdesk.core.files.hashing import sha256_of
    from kkrdesk.core.office.libreoffice import convert_to_pdf

    rammeaftale = SAMPLE / "2.7-bilag-1-rammeaftale-erhvervshusene-2024-2027.pdf"
    found = [rammeaftale]
    for word in ("2.2-bilag-2-kkr-evaluering-2025.docx",
                 "resultatkontrakt-2025-kkr-sjaelland-erhvervshus-sjaelland.docx"):
        path = SAMPLE / word
        tagged = convert_to_pdf(path, cache_dir=work / "cache", sha256=sha256_of(path))
        found.append(shutil.copy(tagged, work / (path.stem + ".pdf")))
    return [Path(f) for f in found]


def meeting(folder: Path, files: list[Path], items: int = 40) -> None:
    from kkrdesk.core.meeting.importing import import_file
    from kkrdesk.core.meeting.model import AgendaItem, Bilag, ItemType, Meeting
    from kkrdesk.core.meeting.store import MeetingFolder

    with MeetingFolder.create(folder, Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27))) as store:
        for number in range(1, items + 1):
            item = AgendaItem(number=f"2.{number}", title=f"Sag {number}", type=ItemType.BESLUTNINGSSAG)
            for index, source in enumerate(files, start=1):
                copy = folder.parent / "src" / f"{number}-{index}.pdf"
                copy.parent.mkdir(exist_ok=True)
                shutil.copy(source, copy)
                imported = import_file(store, copy)
                item.bilag.append(Bilag(f"Bilag {index}", imported.file, imported.facts.kind,
                                        imported.facts.pages, imported.facts.sha256))
            store.meeting.items.append(item)
        store.save()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline-tree", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kkrdesk-tagbench-") as work:
        root = Path(work)
        folder = root / "møde"
        meeting(folder, sources(root))
        python = sys.executable
        commands = [f"PYTHONPATH={tree} {python} -m kkrdesk export {folder} --pdf {root}/{name}.pdf "
                    "--no-libreoffice --override"
                    for tree, name in ((HERE, "tagged"), (arguments.baseline_tree.resolve(), "baseline"))]
        subprocess.run(["hyperfine", "--warmup", "1", "--runs", str(arguments.runs), "--export-json",
                        str(root / "times.json"), "-i", *commands], check=True)
        times = json.loads((root / "times.json").read_text())["results"]
        pages = subprocess.run(["pdfinfo", str(root / "tagged.pdf")], capture_output=True, text=True).stdout
        print(next(line for line in pages.splitlines() if line.startswith("Pages")))
        for label, result in zip(("tags + bookmarks", "baseline"), times):
            print(f"{label}: median {result['median']:.2f} s wall, mean {result['user']:.2f} s user "
                  f"+ {result['system']:.2f} s system")
        print(f"ratio (median wall) {times[0]['median'] / times[1]['median']:.2f}, "
              f"(mean user+system) {(times[0]['user'] + times[0]['system']) / (times[1]['user'] + times[1]['system']):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
