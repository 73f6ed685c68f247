"""Starting the batch screening child (PDFs and images): light enough to run before the rest of kkrdesk is imported."""

from __future__ import annotations

import subprocess

from kkrdesk.core.process import child_environment, kkrdesk_command, without_console_window

TYPE_CHECKING = False    # typing.TYPE_CHECKING, without importing typing before the child starts
if TYPE_CHECKING:
    from typing import IO, Protocol

    class BatchChild(Protocol):
        """What core/files/pdf_screen.py uses of a batch child: a subprocess.Popen, or the command
        line's forked child (cli/screen_fork.py)."""

        stdin: IO[bytes] | None
        stdout: IO[bytes] | None

        def poll(self) -> int | None: ...

        def kill(self) -> None: ...

        def wait(self) -> int: ...

SCREEN_COMMAND = "_screen-pdf"


def start_batch_child(memory_bytes: int | None = None) -> subprocess.Popen[bytes] | None:
    """``kkrdesk _screen-pdf --batch -`` under ``memory_bytes`` (None: the child's own default,
    PDF_SCREEN_MEMORY_BYTES, so that the limits need not be imported first), its list still to be
    written to its stdin (core/files/pdf_screen.py does that), or None when no process can be started."""
    memory = [] if memory_bytes is None else ["--memory", str(int(memory_bytes))]
    command = [*kkrdesk_command(), SCREEN_COMMAND, "--batch", "-", *memory]
    try:
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, env=child_environment(), **without_console_window())
    except OSError:
        return None
