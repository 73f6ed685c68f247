"""The bilag pack built in a child process, so the caller never holds its documents.

pikepdf holds the GIL while it copies pages, writes the pack and frees it: in the window's
process that stopped painting for up to a few hundred milliseconds. The window spawns
``kkrdesk _build-pack JOB`` (the planned pack pickled: it is kkrdesk's own process, started by
this one); the command line forks, so its child starts with everything imported, and draws the
pack's own pages (index, separators) while the child opens the bilag. The child tells
each step as a line of JSON and writes into a temporary file beside the target, which the parent
renames over the target once the child has said it is done. Cancelling kills the child; the
temporary file is then removed and the old pack stays as it was.
"""
from __future__ import annotations

import json
import os
import pickle
import queue
import subprocess
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from kkrdesk.core import atomic
from kkrdesk.core.errors import InternalError, KkrError
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.forked import ForkedProcess
from kkrdesk.core.process import child_environment, kkrdesk_command, without_console_window

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from kkrdesk.core.export.pdf_pack import OwnPages, PackResult
    from kkrdesk.core.export.selection import Selection
    from kkrdesk.core.export.sources import ResolvedBilag
    from kkrdesk.core.meeting.model import Meeting

PACK_COMMAND = "_build-pack"
Start = Literal["spawn", "fork"]
POLL_SECONDS = 0.1          # how soon the parent notices a cancel while the child works on one step
HINT_RETRY = ("Prøv igen. Sker det igen, så eksportér fra kommandolinjen (kkrdesk export MAPPE --pdf FIL) "
              "og send fejlteksten til den, der vedligeholder kkrdesk.")


@dataclass(frozen=True)
class PackJob:
    """What the child needs to build one pack: it writes ``target`` (the temporary file), names
    ``shown_as`` (the real target) in messages, and pickles its PackResult into ``result``."""

    meeting: Meeting
    selection: Selection
    resolved: tuple[ResolvedBilag, ...]
    target: Path
    shown_as: Path
    result: Path


def build_pack_in_child(meeting: Meeting, selection: Selection, resolved: Sequence[ResolvedBilag],
                        target: Path, steps: Steps | None = None, *, start: Start = "spawn",
                        while_waiting: Callable[[], None] | None = None) -> PackResult:
    """``build_pack`` run by a child process: the same pack, written atomically to ``target``.

    ``start="fork"`` forks this process where the platform can (the command line: no Qt, no
    other threads), so the child begins with kkrdesk already imported; "spawn" starts
    ``kkrdesk _build-pack`` (the window). ``while_waiting`` runs in this thread while the child
    works (the preflight, on the other core); if it raises, the child is stopped and nothing is
    written."""
    steps = steps or Steps(None, 1)
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="kkrdesk-pack-") as work:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic.replacing(target) as temporary:
                job = PackJob(meeting, selection, tuple(resolved), temporary, target, Path(work) / "result.pickle")
                _run_child(job, Path(work), start, steps, while_waiting)
                result: PackResult = pickle.loads(job.result.read_bytes())
        except OSError as exc:
            raise KkrError(f"bilagspakken kunne ikke gemmes ({exc.strerror or exc}).", file=target,
                           hint="Kontrollér, at mappen findes, og at der er plads på disken.") from None
    return replace(result, path=target)


def _run_child(job: PackJob, work: Path, start: Start, steps: Steps,
               while_waiting: Callable[[], None] | None) -> None:
    """Start the child on ``job``, run ``while_waiting``, and follow its steps until it says it is done."""
    with tempfile.TemporaryFile() as errors:
        child = _Forked(job, work, errors) if start == "fork" and hasattr(os, "fork") else _spawned(job, work, errors)
        lines: queue.Queue[bytes | None] = queue.Queue()
        reader = threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True)
        reader.start()
        try:
            if isinstance(child, _Forked):
                child.hand_over_own_pages(job)
            if while_waiting is not None:
                while_waiting()
            ended = _follow(lines, steps)
        finally:
            if child.poll() is None:
                child.kill()
            child.wait()
            reader.join(timeout=5)
        if ended == "done":
            return
        errors.seek(0)
        told = errors.read().decode("utf-8", "replace").strip()
    if ended == "internal":
        error = InternalError("der skete en uventet fejl i kkrdesk, mens bilagspakken blev lavet; den gamle "
                              "bilagspakke er uændret.", hint="Det skyldes ikke dine filer eller det, du gjorde.")
        error.__cause__ = ChildFailed(told)
        raise error
    reason = told.splitlines()[-1] if told else f"afslutningskode {child.returncode}"
    raise KkrError(f"bilagspakken blev ikke lavet: den proces, der fletter bilagene, stoppede uventet ({reason}). "
                   "Den gamle bilagspakke er uændret.", file=job.shown_as, hint=HINT_RETRY)


def _spawned(job: PackJob, work: Path, errors: IO[bytes]) -> subprocess.Popen[bytes]:
    """``kkrdesk _build-pack JOB``: a new interpreter, given the job pickled."""
    job_file = work / "job.pickle"
    job_file.write_bytes(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
    return subprocess.Popen([*kkrdesk_command(), PACK_COMMAND, str(job_file)], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=errors, env=child_environment(),
                            **without_console_window())


class _Forked(ForkedProcess):
    """A forked copy of this process building ``job``, with the few Popen calls the parent uses."""

    def __init__(self, job: PackJob, work: Path, errors: IO[bytes]):
        read, write = os.pipe()
        drawn_ready, self._drawn_written = os.pipe()    # the parent says "1" once the own pages are drawn
        self._drawn = work / "own-pages.pickle"
        pid = os.fork()
        if pid == 0:   # the child: it never returns into the caller's code
            code = 1
            try:
                os.close(read)
                os.close(self._drawn_written)
                os.dup2(errors.fileno(), 2)
                code = _build(job, os.fdopen(write, "w", encoding="ascii"),
                              lambda: _drawn_by_parent(drawn_ready, self._drawn))
            finally:
                os._exit(code)
        super().__init__(pid)
        os.close(write)
        os.close(drawn_ready)
        self.stdout = os.fdopen(read, "rb")

    def hand_over_own_pages(self, job: PackJob) -> None:
        """Draw the pack's own pages here, while the child opens the bilag, and hand them over.
        The child draws them itself if this fails (the pipe closes without a word)."""
        from kkrdesk.core.export.pdf_pack import grouped, own_pages

        try:
            drawn = own_pages(job.meeting, grouped(job.selection, job.resolved))
            self._drawn.write_bytes(pickle.dumps(drawn, protocol=pickle.HIGHEST_PROTOCOL))
            os.write(self._drawn_written, b"1")
        except OSError:
            pass    # the child has ended (or the file could not be written): _follow tells what happened
        finally:
            os.close(self._drawn_written)


class ChildFailed(Exception):
    """kkrdesk's own failure in the child; its text is the child's traceback."""


def _follow(lines: queue.Queue[bytes | None], steps: Steps) -> str:
    """Replay the child's steps on ``steps`` until it ends: "done", "internal" (kkrdesk failed in
    it) or "ended" (it stopped without a word); the user's own errors are raised here."""
    while True:
        try:
            line = lines.get(timeout=POLL_SECONDS)
        except queue.Empty:
            steps.check()
            continue
        if line is None:
            return "ended"
        try:
            message = json.loads(line)
        except ValueError:
            continue    # not one of the child's lines (a library writing to stdout)
        if "begin" in message:
            steps.begin(message["begin"])
        elif "advance" in message:
            steps.advance(message["advance"])
        elif "error" in message:
            error = message["error"]
            raise KkrError(error["message"], file=error["file"], hint=error["hint"])
        elif "internal" in message:
            return "internal"
        elif message.get("done"):
            return "done"


def _read_lines(stream: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    for raw in stream:
        lines.put(raw)
    lines.put(None)


class _StepsToParent(Steps):
    """The child's steps: each one a line of JSON on stdout for the parent to replay."""

    def __init__(self, out: IO[str]):
        super().__init__(None, 1)
        self.out = out

    def begin(self, text: str) -> None:
        _tell(self.out, {"begin": text})

    def advance(self, count: int = 1) -> None:
        _tell(self.out, {"advance": count})


def _tell(out: IO[str], message: dict[str, object]) -> None:
    out.write(json.dumps(message) + "\n")    # ASCII: the pipe's encoding is the locale's
    out.flush()


def run_pack_job(job_file: str | Path, out: IO[str] | None = None) -> int:
    """The spawned child's side: build the pack ``job_file`` describes."""
    return _build(pickle.loads(Path(job_file).read_bytes()), out or sys.stdout)


def _drawn_by_parent(ready: int, drawn: Path) -> OwnPages | None:
    """The own pages the parent drew, once it says they are there; None if it could not draw them."""
    with os.fdopen(ready, "rb") as pipe:
        said = pipe.read(1)
    if said != b"1":
        return None
    own: OwnPages = pickle.loads(drawn.read_bytes())
    return own


def _build(job: PackJob, out: IO[str], drawn_beside: Callable[[], OwnPages | None] | None = None) -> int:
    """Build the job's pack, telling each step on ``out``, and end as soon as it is written;
    ``drawn_beside`` gives the own pages the parent drew meanwhile."""
    from kkrdesk.core.export.pdf_pack import build_pack  # pikepdf and reportlab: a spawned child's own imports

    def saved(result: PackResult) -> None:
        job.result.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        _tell(out, {"done": True})
        os._exit(0)   # freeing the merged document takes a while, and nothing is left to do with it

    try:
        build_pack(job.meeting, job.selection, job.resolved, job.target, _StepsToParent(out),
                   in_place=True, saved=saved, drawn_beside=drawn_beside)
    except KkrError as exc:
        file = str(job.shown_as) if exc.file == str(job.target) else exc.file
        _tell(out, {"error": {"message": exc.message, "file": file, "hint": exc.hint}})
        return 1
    except Exception:  # kkrdesk's own failure: the parent reports it as one, with this traceback
        traceback.print_exc()
        _tell(out, {"internal": True})
        return 1
    return 0
