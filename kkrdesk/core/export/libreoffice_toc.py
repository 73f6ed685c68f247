"""Filling a Word file's table of contents with real page numbers by driving LibreOffice over UNO.

``soffice --convert-to`` does not update indexes; a UNO session does. ``import uno`` works only
in the Python LibreOffice was built with (Debian: /usr/bin/python3 with python3-uno; Windows
and macOS: the python inside LibreOffice), so the work runs as a subprocess of that Python,
in its own process group (killed whole at the time limit) with a private profile, on a
neutralised copy of the document.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import KkrError
from kkrdesk.core.office.isolation import TimedOut, private_profile, run_contained, work_folder
from kkrdesk.core.office.libreoffice import stage_for_libreoffice
from kkrdesk.core.office.soffice import INSTALL_HINT, find_soffice
from kkrdesk.core.process import without_console_window

log = logging.getLogger(__name__)

UPDATE_TIMEOUT_SECONDS = 240
_EXIT_REASONS = {3: "LibreOffice kunne ikke startes", 4: "LibreOffice kunne ikke åbne dokumentet",
                 5: "LibreOffice kunne ikke gemme dokumentet"}


@functools.cache
def _imports_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30,
                              stdin=subprocess.DEVNULL, **without_console_window()).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_uno_python(soffice: Path | None = None) -> Path | None:
    """A Python that can ``import uno`` for this LibreOffice. KKRDESK_UNO_PYTHON names one."""
    soffice = soffice or find_soffice()
    if soffice is None:
        return None
    candidates = []
    if os.environ.get("KKRDESK_UNO_PYTHON"):
        candidates.append(Path(os.environ["KKRDESK_UNO_PYTHON"]))
    program = Path(os.path.realpath(soffice)).parent
    candidates += [program / "python.exe", program / "python", program.parent / "Resources" / "python",
                   Path("/usr/bin/python3")]
    for candidate in candidates:
        if candidate.is_file() and _imports_uno(str(candidate)):
            return candidate
    return None


def can_update_indexes() -> bool:
    return find_uno_python() is not None


def update_indexes(source: Path, docx_out: Path, pdf_out: Path | None = None, *,
                   timeout: float = UPDATE_TIMEOUT_SECONDS, cancelled: Callable[[], bool] = never_cancelled) -> None:
    """Store ``source`` as ``docx_out`` (and ``pdf_out``) with every table of contents updated.

    Once ``cancelled()`` is true LibreOffice is stopped whole and isolation.Stopped is raised; what it
    had begun to write at ``docx_out`` and ``pdf_out`` is the caller's to throw away."""
    soffice = find_soffice()
    python = find_uno_python(soffice)
    if soffice is None or python is None:
        raise KkrError("LibreOffice (med Python-UNO) findes ikke, så indholdsfortegnelsen kan ikke "
                       "udfyldes her.", file=source, hint=INSTALL_HINT)
    script = resources.files("kkrdesk.core.export").joinpath("uno_update_indexes.py")
    with work_folder("uno") as work, resources.as_file(script) as script_path:
        staged, _, _ = stage_for_libreoffice(Path(source), work)
        profile = private_profile(work / "profile")
        command = [str(python), str(script_path), str(soffice), profile, str(staged.resolve()),
                   str(Path(docx_out).resolve())]
        if pdf_out is not None:
            command.append(str(Path(pdf_out).resolve()))
        try:
            process = run_contained(command, work, timeout, cancelled)
        except TimedOut:
            raise KkrError(f"LibreOffice blev ikke færdig med indholdsfortegnelsen på {timeout:.0f} sekunder "
                           "og er stoppet.", file=source,
                           hint="Prøv igen; ellers åbn filen i Word og opdatér felterne (F9).") from None
        if process.returncode != 0 or not Path(docx_out).is_file():
            reason = _EXIT_REASONS.get(process.returncode, "LibreOffice fejlede")
            errors = process.stderr
            if process.returncode not in _EXIT_REASONS:   # the script itself failed: its traceback is ours
                log.error("the UNO script ended with exit code %s:\n%s", process.returncode,
                          (errors or b"").decode("utf-8", "replace").strip())
            detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] if errors else []
            raise KkrError(f"{reason}{' (' + detail[0] + ')' if detail else ''}.", file=source,
                           hint="Indholdsfortegnelsen udfyldes i stedet, når filen åbnes i Word.")
