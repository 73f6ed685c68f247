"""Running LibreOffice shut in: a private profile, its own process group, a folder removed on every exit.

The profile loads nothing from outside; the process group is killed whole at the time limit;
the temporary folder is removed however the run ends.

The temporary folder is named ``kkrdesk-lo-<pid>-…`` after the kkrdesk process that made it, so
a later conversion can remove the folders of processes that died without cleaning up.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.process import without_console_window

FOLDER_PREFIXES = ("kkrdesk-lo-", "kkrdesk-uno-")
TERMINATE_GRACE_SECONDS = 5
STALE_FOLDER_SECONDS = 24 * 3600        # where the owner cannot be asked (Windows)
CANCEL_POLL_SECONDS = 0.1               # how soon a run notices that it was cancelled
_OWNER = re.compile(r"^kkrdesk-(?:lo|uno)-(\d+)-")

# The private profile's settings (LibreOffice 7.4 names): macros never run, links and external
# data are never updated on load, formulas are not recalculated (WEBSERVICE, INDIRECT to files),
# links from untrusted documents are blocked, no update checks, no crash reports, no start wizard.
_SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "CheckDocumentEvents", "boolean", "true"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", "2"),       # 2: never
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", "1"),         # 1: never
    ("/org.openoffice.Office.Calc/Formula/Load", "OOXMLRecalcMode", "int", "1"),  # 1: never
    ("/org.openoffice.Office.Calc/Formula/Load", "ODFRecalcMode", "int", "1"),
    ("/org.openoffice.Office.Common/Misc", "CrashReport", "boolean", "false"),
    ("/org.openoffice.Office.Common/Misc", "FirstRun", "boolean", "false"),
    ("/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "boolean", "false"),
    ("/org.openoffice.Setup/Office", "ooSetupInstCompleted", "boolean", "true"),
    ("/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']/Arguments",
     "AutoCheckEnabled", "boolean", "false"),
)


class TimedOut(Exception):
    """LibreOffice did not finish in time; its whole process group has been killed."""


class Stopped(Exception):
    """The run was cancelled (the caller's ``cancelled()`` came true); its whole process group has been killed."""


def registry_settings() -> str:
    """The registrymodifications.xcu of the private profile."""
    items = "\n".join(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
                      f"<value>{value}</value></prop></item>" for path, name, _, value in _SETTINGS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' + items + "\n</oor:items>\n")


def private_profile(folder: Path) -> str:
    """Make a fresh profile in ``folder``; return its URL (LibreOffice's UserInstallation)."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(registry_settings(), encoding="utf-8")
    return folder.resolve().as_uri()


@contextmanager
def work_folder(kind: str = "lo") -> Iterator[Path]:
    """A temporary folder for one LibreOffice run, removed however the run ends; stale ones of dead
    kkrdesk processes are removed first."""
    remove_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"kkrdesk-{kind}-{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_folders(root: Path | None = None) -> list[Path]:
    """Remove the LibreOffice folders left by kkrdesk processes that are gone; return them."""
    root = Path(root or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        candidates = [p for p in root.iterdir() if p.name.startswith(FOLDER_PREFIXES)]
    except OSError:
        return removed
    for folder in candidates:
        if _abandoned(folder):
            _stop_processes_using(folder)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _stop_processes_using(folder: Path) -> None:
    """Kill what a kkrdesk that died left running on ``folder`` (a soffice.bin adopted by init keeps
    writing into its profile). Linux names every process's arguments in /proc; elsewhere nothing."""
    proc = Path("/proc")
    if not (proc / "self" / "cmdline").is_file():
        return
    needle = str(folder).encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if entry.stat().st_uid != os.getuid() or needle not in (entry / "cmdline").read_bytes():
                continue
            os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            continue


def _abandoned(folder: Path) -> bool:
    match = _OWNER.match(folder.name)
    try:
        if not folder.is_dir() or folder.is_symlink():
            return False
        if match is None or sys.platform == "win32":   # on Windows os.kill would end the process
            return time.time() - folder.stat().st_mtime > STALE_FOLDER_SECONDS
    except OSError:
        return False
    pid = int(match.group(1))
    if pid == os.getpid() or folder.stat().st_uid != os.getuid():   # only our own, in a shared /tmp
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False


def isolated_environment(folder: Path) -> dict[str, str]:
    """The environment for LibreOffice: its temporary files inside ``folder``, no proxy settings
    that could send a request anywhere, no Python of ours leaking in."""
    temporary = folder / "tmp"
    temporary.mkdir(exist_ok=True)
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("PYTHON") and key.lower() not in
                   ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")}
    environment.update(TMPDIR=str(temporary), TMP=str(temporary), TEMP=str(temporary))
    return environment


def run_contained(command: list[str], folder: Path, timeout: float,
                  cancelled: Callable[[], bool] = never_cancelled) -> subprocess.CompletedProcess[bytes]:
    """Run ``command`` in its own process group; at ``timeout`` stop the whole group (SIGTERM, then
    SIGKILL) and raise TimedOut. ``cancelled`` is asked every CANCEL_POLL_SECONDS; once it is true
    the group is killed at once and Stopped is raised (nothing it would still write is wanted)."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=isolated_environment(folder), cwd=folder,
                               start_new_session=True, **without_console_window())
    deadline = time.monotonic() + timeout
    try:
        while True:
            if cancelled():
                stop_group(process, at_once=True)
                raise Stopped()
            left = deadline - time.monotonic()
            if left <= 0:
                stop_group(process)
                raise TimedOut()
            try:
                out, errors = process.communicate(timeout=min(left, CANCEL_POLL_SECONDS))
                break
            except subprocess.TimeoutExpired:
                continue    # still running: ask again
    except (TimedOut, Stopped):
        raise
    except BaseException:
        stop_group(process)
        raise
    _stop_leftovers(process.pid)
    return subprocess.CompletedProcess(command, process.returncode, out, errors)


def _stop_leftovers(group: int) -> None:
    """After the program itself has ended: end what it left running in its group (a soffice.bin
    started by the UNO script, which would otherwise keep writing into a removed profile)."""
    if not hasattr(os, "killpg"):
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_alive(group):
            return
        try:
            os.killpg(group, sig)
        except (ProcessLookupError, PermissionError):
            return
        deadline = time.monotonic() + TERMINATE_GRACE_SECONDS
        while _group_alive(group) and time.monotonic() < deadline:
            time.sleep(0.05)


def stop_group(process: subprocess.Popen[bytes], *, at_once: bool = False) -> None:
    """End ``process`` and everything it started (its process group): politely, then for good
    (``at_once``: for good straight away, when nothing it would still write is wanted)."""
    if not hasattr(os, "killpg"):   # Windows: end the process tree
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True,
                       check=False, **without_console_window())
        process.kill()
        process.communicate()
        return
    steps = ((signal.SIGKILL, None),) if at_once else ((signal.SIGTERM, TERMINATE_GRACE_SECONDS),
                                                        (signal.SIGKILL, None))
    for sig, grace in steps:
        try:
            os.killpg(process.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        if grace is None:
            break
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue
        if not _group_alive(process.pid):
            break
    try:
        process.communicate(timeout=TERMINATE_GRACE_SECONDS)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
