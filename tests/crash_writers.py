"""A process that forks writers of packs, exports and notes on request and kills each one part-way through a write.

Started by tests/core/test_crash_safety_writers.py as ``python -m tests.crash_writers FOLDER``.
Everything is imported once here; each kill forks a child (cheap, and this process runs no
threads) that writes version after version until the SIGKILL lands. A child notes in
``FOLDER/<writer>.started`` each version before it writes it, and in ``<writer>.done`` once
written, so the test knows what the file may hold: a version that was written completely,
no older than the last one finished and no newer than the last one started.

The kill point is chosen by the child's progress, not by a delay from the fork (under load a
child may not even start before a fixed delay runs out): the child also tells this process on a
pipe when each write starts and ends, and a request ``WRITER WRITE FRACTION`` kills it
FRACTION of a write's duration (the median of the last writes timed, so it follows the
machine's load) after its WRITE-th write started; ``WRITER 4 0`` times three writes first.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import statistics
import sys
import time
import traceback
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kkrdesk.core.export.exporter import ExportOptions, export_meeting
from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.core.notes.model import Anchor, Note
from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.pack.writer import write_pack

NOTES_PACK_ID = "kkr-sjaelland-2025-02-27"
TIMED_WRITES = 5        # the writes whose median duration scales the next kill's delay
_progress_pipe: int | None = None     # in a forked writer: where it tells when each write starts and ends


def logged(folder: Path, writer: str, stage: str) -> list[int]:
    """The versions a writer has ``stage``d ("started" or "done"), in order."""
    log = folder / f"{writer}.{stage}"
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def _log(folder: Path, writer: str, stage: str, version: int) -> None:
    with open(folder / f"{writer}.{stage}", "a") as log:
        log.write(f"{version}\n")
    if _progress_pipe is not None:
        os.write(_progress_pipe, f"{stage} {time.monotonic()}\n".encode())   # one write below PIPE_BUF: whole


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


def _starts(stages: IO[str], durations: deque[float]) -> Iterator[float]:
    """The moment each write started (CLOCK_MONOTONIC, shared by the processes) until the pipe
    closes; each write that finished is timed into ``durations``."""
    started_at: float | None = None
    for line in stages:
        stage, moment = line.split()
        if stage == "started":
            started_at = float(moment)
            yield started_at
        elif started_at is not None:
            durations.append(float(moment) - started_at)


def _write_until_killed(writer: str, folder: Path, pipe: int) -> None:
    global _progress_pipe
    _progress_pipe = pipe
    try:
        WRITERS[writer](folder)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(1)


def _kill_during(writer: str, folder: Path, durations: deque[float], write: int, fraction: float) -> str:
    """Fork a writer, kill it ``fraction`` of a write after its ``write``-th write started, and say so;
    "ended" if it stopped by itself before (a writer that fails)."""
    read, pipe = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(read)
        _write_until_killed(writer, folder, pipe)
    os.close(pipe)
    with os.fdopen(read) as stages:
        starts = _starts(stages, durations)
        started_at = next((moment for count, moment in enumerate(starts, start=1) if count == write), None)
        if started_at is not None:
            write_takes = statistics.median(durations) if durations else 0.0
            time.sleep(max(0.0, started_at + fraction * write_takes - time.monotonic()))
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        for _ in starts:    # the rest of the pipe: the writes that finished before the kill are timed too
            pass
    return "ended" if started_at is None else "killed"


def main() -> int:
    folder = Path(sys.argv[1])
    durations = {writer: deque[float](maxlen=TIMED_WRITES) for writer in WRITERS}
    print("ready", flush=True)
    for line in sys.stdin:
        writer, write, fraction = line.split()
        print(_kill_during(writer, folder, durations[writer], int(write), float(fraction)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
