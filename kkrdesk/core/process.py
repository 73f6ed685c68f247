"""Running kkrdesk's own command line in a child process (as a script, or inside the frozen bundle)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def kkrdesk_command() -> list[str]:
    """The argv prefix that runs kkrdesk's command line in a new process."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kkrdesk"]


def child_environment() -> dict[str, str]:
    """The environment for such a child: headless Qt, and this checkout's kkrdesk first on the path."""
    package_root = str(Path(__file__).resolve().parents[2])
    python_path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": python_path}
