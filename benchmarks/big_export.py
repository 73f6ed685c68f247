"""The largest meeting the limits allow, generated and exported: items × bilag of small one-page PDFs.

    python benchmarks/big_export.py --items 1000 --bilag 20            # generate, then time the export
    python benchmarks/big_export.py --items 100 --bilag 20 --profile   # cProfile the export in-process

The bilag are written straight into the meeting's bilag/ folder (unique text each, so no two
share a sha256 and no screening verdict is reused), as a meeting copied from another computer
arrives: nothing screened yet. The export runs as `kkrdesk export --pdf` in a fresh process,
timed by /usr/bin/time for wall clock and peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.pdf_bytes import pdf_from_objects  # noqa: E402 - after the line above: run as a script, too


def one_page_pdf(text: str) -> bytes:
    """A valid one-page A4 PDF with one line of text, written by hand (fast, and no library's quirks)."""
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(objects)


def many_bilag_meeting(folder: Path, items: int, bilag_per_item: int) -> Path:
    """A meeting of ``items`` items with ``bilag_per_item`` one-page PDF bilag each."""
    from kkrdesk.core.meeting.model import AgendaItem, Bilag, FileKind, ItemType, Meeting
    from kkrdesk.core.meeting.store import MeetingFolder

    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), start=dt.time(10), place="Sorø")
    with MeetingFolder.create(folder, meeting) as store:
        bilag_dir = folder / "bilag"
        bilag_dir.mkdir(exist_ok=True)
        for item_number in range(1, items + 1):
            item = AgendaItem(number=str(item_number), title=f"Sag {item_number} om trafik og samarbejde",
                              type=ItemType.ORIENTERINGSSAG)
            for bilag_number in range(1, bilag_per_item + 1):
                name = f"{item_number}-{bilag_number}.pdf"
                data = one_page_pdf(f"Bilag {bilag_number} til punkt {item_number}")
                (bilag_dir / name).write_bytes(data)
                item.bilag.append(Bilag(f"Bilag {bilag_number} til punkt {item_number}", f"bilag/{name}",
                                        FileKind.PDF, 1, hashlib.sha256(data).hexdigest()))
            store.meeting.items.append(item)
        store.save()
    return folder


def time_export(folder: Path, target: Path, env: dict) -> tuple[float, int, int]:
    """(seconds, peak resident KB, exit code) of `kkrdesk export --pdf` in a fresh process."""
    command = ["/usr/bin/time", "-f", "%e %M", sys.executable, "-m", "kkrdesk", "export", str(folder),
               "--pdf", str(target), "--no-libreoffice", "--override"]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds, peak_kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(peak_kb), done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--bilag", type=int, default=20)
    parser.add_argument("--profile", action="store_true", help="cProfile the export in this process")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kkrdesk-big-export-"))
    folder = work / "møde"
    started = time.perf_counter()
    if not (folder / "meeting.toml").exists():
        many_bilag_meeting(folder, args.items, args.bilag)
    print(f"generated {args.items} × {args.bilag} in {time.perf_counter() - started:.1f} s: {folder}")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KKRDESK_CACHE_DIR": str(work / "cache")}
    if args.profile:
        import cProfile
        import pstats

        os.environ.update(env)
        from kkrdesk.core.export.exporter import ExportOptions, export_meeting
        from kkrdesk.core.meeting.store import MeetingFolder

        opened = MeetingFolder.open(folder, write=False)
        profile = cProfile.Profile()
        profile.enable()
        export_meeting(opened.path, opened.meeting, ExportOptions(pdf=work / "bilag.pdf", use_libreoffice=False,
                                                                  override=True))
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return 0
    seconds, peak_kb, code = time_export(folder, work / "bilag.pdf", env)
    print(f"export: {seconds:.1f} s, peak {peak_kb / 1024:.0f} MB, exit {code}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
