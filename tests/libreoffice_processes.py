"""Finding the LibreOffice processes of a conversion (or UNO session) kkrdesk started, by their work folder, on Linux's /proc."""

from __future__ import annotations

import multiprocessing
import os
import re
from pathlib import Path

_OWNER = re.compile(rb"kkrdesk-(?:lo|uno)-(\d+)-")   # a conversion, or a UNO session (TOC)


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
