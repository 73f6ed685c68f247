"""Shared test set-up: Qt offscreen, Qt made unimportable for core-only runs, private user folders."""

from __future__ import annotations

import atexit
import importlib.abc
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from kkrdesk.core import logbook

ROOT = Path(__file__).resolve().parents[1]
_QT_MODULES = {"PySide6", "shiboken6", "pyqtgraph"}

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTEST_QT_API", "pyside6")
# Tests must never read or write the developer's own settings, caches or recovery files.
_PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="kkrdesk-test-home-"))
atexit.register(shutil.rmtree, _PRIVATE_HOME, ignore_errors=True)    # each run left ~0,5 MB behind
for variable in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
    os.environ[variable] = str(_PRIVATE_HOME / variable.lower())


class _QtBlocker(importlib.abc.MetaPathFinder):
    """Makes Qt unimportable, proving that kkrdesk.core and its tests do not need it."""

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _QT_MODULES:
            raise ImportError(f"{name} is blocked in this run (KKRDESK_BLOCK_QT=1)")
        return None


if os.environ.get("KKRDESK_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _QtBlocker())


# In CI (CI=true) or with KKRDESK_STRICT=1 a skipped test fails the run: a missing system tool
# or a missing ../shared must never let CI pass by not testing. Outside strict mode, only tests
# marked ``required`` fail when skipped.
STRICT = os.environ.get("CI", "").lower() == "true" or os.environ.get("KKRDESK_STRICT") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and not hasattr(report, "wasxfail") and \
            (STRICT or item.get_closest_marker("required") is not None):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = (f"skipped where it must run (CI=true, KKRDESK_STRICT=1 or "
                           f"@pytest.mark.required): {reason}")


def shared_dir() -> Path | None:
    """The workplace's shared folder (seed, facts, third-party corpus), if this machine has it.

    KKRDESK_SHARED, when set, is the only place looked at: set it to a missing folder (or to
    nothing) to run as a machine without ../shared would."""
    named = os.environ.get("KKRDESK_SHARED")
    candidates = (named,) if named is not None else (ROOT.parent / "shared", "/work/shared")
    for candidate in candidates:
        if candidate and (Path(candidate) / "corpus").is_dir():
            return Path(candidate)
    return None


@pytest.fixture
def shared() -> Path:
    found = shared_dir()
    if found is None:
        pytest.skip("the shared corpus (../shared) is not on this machine")
    return found


@pytest.fixture
def sample_dir() -> Path:
    """The bundled sample meeting (read it; copy it before changing anything)."""
    return ROOT / "agendas" / "kkr-sjaelland-2025-02"


def run_cli(*args: str | Path, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``python -m kkrdesk`` in a fresh process, exactly as a user would from a shell."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kkrdesk", *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


def private_home(folder: Path) -> dict[str, str]:
    """XDG folders of its own below ``folder``, for a kkrdesk child that must start as on a fresh machine."""
    return {name: str(folder / "home" / name.lower())
            for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME")}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The skip count as the last line, so `make test` shows how much did not run (and why, above)."""
    result = yield
    skipped = len(terminalreporter.stats.get("skipped", []))
    failed_as_skips = sum(1 for outcome in ("failed", "error")
                          for report in terminalreporter.stats.get(outcome, [])
                          if str(report.longrepr).startswith("skipped where it must run"))
    mode = "strict: each skip fails the run" if STRICT else "not strict: CI=true would fail each skip"
    terminalreporter.write_line(f"kkrdesk: {skipped + failed_as_skips} tests skipped ({mode}).")
    return result


@pytest.fixture
def log_in(tmp_path, monkeypatch):
    """kkrdesk's log configured into a private data folder, and taken down again afterwards."""
    monkeypatch.setenv("KKRDESK_DATA_DIR", str(tmp_path / "data"))
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, threading.excepthook
    monkeypatch.setattr(logbook, "_configured_file", None)
    yield logbook.log_file()
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    threading.excepthook = hook
