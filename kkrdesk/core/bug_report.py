"""The fejlrapport a user can send: a traceback and versions, with no file contents and no paths of theirs."""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterator

from kkrdesk import __version__
from kkrdesk.core.redaction import traceback_lines

# Libraries whose versions matter when a reader or writer fails.
LIBRARIES = ("pikepdf", "pypdf", "pypdfium2", "openpyxl", "python-docx", "lxml", "pandas", "Pillow")


def bug_report(error: BaseException, extra_versions: dict[str, str] | None = None) -> str:
    """The report for ``error`` and the exceptions behind it: versions, then the tracebacks."""
    lines = [f"kkrdesk {__version__}", f"Python {platform.python_version()} ({sys.implementation.name})"]
    lines += [f"{name} {version}" for name, version in (extra_versions or {}).items()]
    lines.append(f"System {platform.system()} {platform.release()} ({platform.machine()})")
    lines += [f"{name} {version}" for name, version in _library_versions()]
    lines.append("")
    lines += traceback_lines(error)
    return "\n".join(lines) + "\n"


def _library_versions() -> Iterator[tuple[str, str]]:
    from importlib import metadata  # with the email package it loads, ~15 ms: only when a report is made

    for name in LIBRARIES:
        try:
            yield name, metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
