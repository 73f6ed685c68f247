"""A kkrdesk command in a process of its own, held at one point and then stopped with SIGTERM, for tests of what it leaves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.conftest import ROOT

HOLD_LIMIT_SECONDS = 60


def held_then_terminated(probe: str, held: Path, args: Sequence[str | Path], *, env: dict[str, str] | None = None,
                         while_held: Callable[[], None] = lambda: None) -> tuple[int, str]:
    """Run ``probe`` (Python that runs kkrdesk's main on ``sys.argv[2:]`` and touches ``sys.argv[1]`` where it
    holds) with ``held`` and ``args``; once it holds, call ``while_held`` and send SIGTERM, as a service
    manager or ``kill`` does. Returns its exit code and what it wrote to stderr."""
    child = subprocess.Popen([sys.executable, "-c", probe, str(held), *map(str, args)],
                             env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        deadline = time.monotonic() + HOLD_LIMIT_SECONDS
        while not held.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert held.exists(), child.communicate()
        while_held()
        child.terminate()
        _, errors = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
    return child.returncode, errors
