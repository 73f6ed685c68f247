"""Finding the LibreOffice processes of a conversion (or UNO session) kkrdesk started, by their work folder, on Linux's /proc."""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections.abc import Iterable
from pathlib import Path

_OWNER = re.compile(rb"kkrdesk-(?:lo|uno)-(\d+)-")   # a conversion, or a UNO session (TOC)
# SIGKILL is sent at once, but the kernel tears a process as big as soffice.bin down in its own time
STOPPED_WITHIN_SECONDS = 10


def conversions() -> dict[int, str]:
    """The processes (pid: program name) running on a LibreOffice work folder of this process or of
    its multiprocessing children (the search pool's workers), by their arguments."""
    owners = {os.getpid(), *(child.pid for child in multiprocessing.active_children())}
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit():
                continue
            owner = _OWNER.search((entry / "cmdline").read_bytes())
            if owner is not None and int(owner.group(1)) in owners:
                found[int(entry.name)] = (entry / "comm").read_text().strip()
        except OSError:
            continue
    return found


def libreoffice_runs() -> dict[int, str]:
    """:func:`conversions`, once LibreOffice itself (soffice.bin, not its shell script) is among them; else {}."""
    running = conversions()
    return running if "soffice.bin" in running.values() else {}


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs: a killed process whose parent has not collected it (a zombie) does not."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ended(pids: Iterable[int]) -> bool:
    """Whether the processes ``pids`` have ended and no conversion of this process is left, waiting
    up to STOPPED_WITHIN_SECONDS for the kernel to finish what the kill began."""
    pids = list(pids)
    deadline = time.monotonic() + STOPPED_WITHIN_SECONDS
    while any(alive(pid) for pid in pids) or conversions():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
