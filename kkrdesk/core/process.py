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
