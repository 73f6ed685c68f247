"""A process that forks writers of packs, exports and notes on request and kills them after a given delay.

Started by tests/core/test_crash_safety_writers.py as ``python -m tests.crash_writers FOLDER``.
Everything is imported once here; each kill forks a child (cheap, and this process runs no
threads) that writes version after version until the SIGKILL lands. A child notes in
``FOLDER/<writer>.started`` each version before it writes it, and in ``<writer>.done`` once
written, so the test knows what the file may hold: a version that was written completely,
no older than the last one finished and no newer than the last one started.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import time
from pathlib import Path

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.notes.model import Anchor, Note
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.pack.writer import write_pack

NOTES_PACK_ID = "kkr-sjaelland-2025-02-27"


def logged(folder: Path, writer: str, stage: str) -> list[int]:
    """The versions a writer has ``stage``d ("started" or "done"), in order."""
    log = folder / f"{writer}.{stage}"
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def _log(folder: Path, writer: str, stage: str, version: int) -> None:
    with open(folder / f"{writer}.{stage}", "a") as log:
        log.write(f"{version}\n")


def _next(folder: Path, writer: str) -> int:
    done = logged(folder, writer, "done")
    return (done[-1] if done else 0) + 1


def _retitle(meeting_folder: Path, version: int):
    with MeetingFolder.open(meeting_folder) as store:
        store.meeting.title = f"Version {version}"
        store.save()
        return store.meeting


def write_packs(folder: Path) -> None:
    while True:
        version = _next(folder, "pack")
        _log(folder, "pack", "started", version)
        _retitle(folder / "møde", version)
        write_pack(folder / "møde", folder / "ud" / "møde.kkrpack", version=version,
                   now=dt.datetime(2025, 2, 20, 12, 0, tzinfo=dt.UTC))
        _log(folder, "pack", "done", version)


def write_exports(folder: Path) -> None:
    while True:
        version = _next(folder, "export")
        _log(folder, "export", "started", version)
        meeting = _retitle(folder / "møde", version)
        export_meeting(folder / "møde", meeting, ExportOptions(
            pdf=folder / "ud" / "bilag.pdf", docx=folder / "ud" / "dagsorden.docx",
            use_libreoffice=False, override=True))
        _log(folder, "export", "done", version)


def note(version: int) -> Note:
    return Note(anchor=Anchor(quote=f"citat {version}", prefix="", suffix="", item_number="2.2",
                              item_title="Rammer for KKR", bilag_number=1, bilag_title="Opsamling",
                              bilag_sha256="0" * 64, file_name="opsamling.pdf", page=1),
                text=f"Note nummer {version}")


def write_notes(folder: Path) -> None:
    store = NotesStore(NOTES_PACK_ID, folder / "noter")
    while True:
        version = len(store.notes) + 1    # a note saved just before the last kill counts
        _log(folder, "notes", "started", version)
        store.add(note(version))
        _log(folder, "notes", "done", version)


WRITERS = {"pack": write_packs, "export": write_exports, "notes": write_notes}


def main() -> int:
    folder = Path(sys.argv[1])
    print("ready", flush=True)
    for line in sys.stdin:
        writer, delay = line.split()
        child = os.fork()
        if child == 0:
            try:
                WRITERS[writer](folder)
            finally:
                os._exit(1)
        time.sleep(float(delay))
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        print("killed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
