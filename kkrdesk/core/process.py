"""Running kkrdesk's own command line in a child process (as a script, or inside the frozen bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TYPE_CHECKING = False    # typing.TYPE_CHECKING, without importing typing: add-bilag starts its child first
if TYPE_CHECKING:
    from typing import Any


def kkrdesk_command() -> list[str]:
    """The argv prefix that runs kkrdesk's command line in a new process."""
    if getattr(sys, "frozen", False):
        # The bundle holds the console program beside the windowed one; the command line is the
        # console program's (the windowed one would open a window instead).
        program = Path(sys.executable)
        console = program.with_name("kkrdesk" + program.suffix)
        return [str(console if console.is_file() else program)]
    return [sys.executable, "-m", "kkrdesk"]


def child_environment() -> dict[str, str]:
    """The environment for such a child: headless Qt, and this checkout's kkrdesk first on the path."""
    package_root = str(Path(__file__).resolve().parents[2])
    python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": python_path}


def without_console_window() -> dict[str, Any]:
    """subprocess options that keep a console program (kkrdesk's own command line, LibreOffice's
    Python) from flashing a console window when the windowed program starts it on Windows."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NO_WINDOW}
    return {}


def limit_address_space(limit: int) -> bool:
    """Cap this process's address space at ``limit`` (a child's, before it reads an untrusted file);
    False when what is loaded already uses more (then nothing could be read under it)."""
    try:
        import resource
    except ImportError:  # Windows: the child's time limit still applies
        return True
    try:
        in_use = int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        in_use = 0     # the system does not tell (not Linux)
    if in_use >= limit:
        return False
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return True
