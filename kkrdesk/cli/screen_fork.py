"""add-bilag's batch screening child forked from the command's own process, so that it needs no Python start of its own."""

from __future__ import annotations

import os
import sys

from kkrdesk.core.files import screen_start
from kkrdesk.core.forked import ForkedProcess

TYPE_CHECKING = False    # typing.TYPE_CHECKING, without importing typing before the child is forked
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO


class ForkedChild(ForkedProcess):
    """The forked screening child, with the pipes pdf_screen writes the list to and reads verdicts from."""

    def __init__(self, pid: int, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        super().__init__(pid)
        self.stdin: IO[bytes] | None = stdin
        self.stdout: IO[bytes] | None = stdout


def start_batch_child(command: Callable[[list[str]], int]) -> ForkedChild | screen_start.BatchChild | None:
    """``kkrdesk _screen-pdf --batch -`` as a fork of this process, which has imported next to
    nothing yet: ``command`` (the command line's main) runs it in the child. A child is started the
    usual way where there is no fork (Windows), or where threads run already (a fork would copy
    their locks, held)."""
    if not hasattr(os, "fork") or ("threading" in sys.modules and sys.modules["threading"].active_count() > 1):
        return screen_start.start_batch_child()
    child_reads, parent_writes = os.pipe()
    parent_reads, child_writes = os.pipe()
    sys.stdout.flush()    # nothing the command wrote may be written again by the child
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        for fd in (child_reads, parent_writes, parent_reads, child_writes):
            os.close(fd)
        return screen_start.start_batch_child()
    if pid == 0:
        _be_the_child(command, child_reads, child_writes, (parent_writes, parent_reads))
    os.close(child_reads)
    os.close(child_writes)
    return ForkedChild(pid, os.fdopen(parent_writes, "wb"), os.fdopen(parent_reads, "rb"))


def _be_the_child(command: Callable[[list[str]], int], stdin: int, stdout: int, parents: tuple[int, int]) -> None:
    """Run the screening child's command on these pipes, then leave without running anything of
    the parent's (no atexit, no buffers flushed twice)."""
    code = 1
    try:
        os.dup2(stdin, 0)
        os.dup2(stdout, 1)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)         # as the spawned child's stderr: nothing a library says reaches the user
        for fd in (stdin, stdout, quiet, *parents):
            os.close(fd)
        code = command([screen_start.SCREEN_COMMAND, "--batch", "-"])
        sys.stdout.flush()
    except BaseException:    # the child always ends in os._exit; its parent reads what it wrote
        code = 1
    finally:
        os._exit(code)
