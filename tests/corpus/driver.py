"""Runs corpus jobs (one entry point, one file) through kkrdesk's command line inside one child process.

Started by the corpus test as ``python -m tests.corpus.driver JOBS.json``, under an address-
space limit it sets itself. Each job calls ``kkrdesk.cli.main`` exactly as a user's command
line would, with stdout and stderr captured, and prints one JSON line before ("start") and
one after ("done"), so the test can tell a hang or a crash from an answer and start a new
driver after the job that failed. The meeting a secretary "has open" is held under its lock
the whole time and fingerprinted before and after every job.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

ENTRY_POINTS = ("add-bilag", "validate", "search", "reader", "survey", "contract", "results", "pack")
KIND_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".csv": "csv", ".png": "image",
                  ".tif": "image", ".txt": "text"}
SEARCH_WORD = "kommune"
MAX_KEPT = 2_000_000          # characters of a job's output kept for the test to read


def fingerprint(folder: Path) -> dict[str, str]:
    """sha256 of every file of a meeting that holds its content: the manifest and the bilag."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and (relative.startswith("bilag/") or relative == "meeting.toml"):
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    from kkrdesk.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:       # argparse's own exits
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


class Driver:
    def __init__(self, work: Path, template: Path, contract: Path):
        from kkrdesk.core.meeting.store import MeetingFolder

        self.work, self.template, self.contract = work, template, contract
        self.open_path = work / f"open-meeting-{os.getpid()}"
        shutil.copytree(template, self.open_path)
        self.open_meeting = MeetingFolder.open(self.open_path)   # the meeting the user has open

    def fresh_meeting(self, job: int) -> Path:
        target = self.work / "meetings" / f"job-{job}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.template, target)
        return target

    def meeting_holding(self, job: int, source: Path) -> tuple[Path, str]:
        """A meeting whose item 2.2 has ``source`` as its bilag (as if it came in before the checks)."""
        from kkrdesk.core.files.kinds import FileKind
        from kkrdesk.core.files.names import safe_file_name
        from kkrdesk.core.meeting.model import Bilag
        from kkrdesk.core.meeting.store import MeetingFolder

        folder = self.fresh_meeting(job)
        relative = f"bilag/{safe_file_name(source.name)}"
        _copy(source, folder / relative)
        with MeetingFolder.open(folder) as meeting:
            kind = FileKind(KIND_BY_SUFFIX.get(source.suffix.lower(), "other"))
            meeting.meeting.item("2.2").bilag.append(Bilag(
                title="Bilag fra korpus", file=relative, kind=kind,
                sha256=hashlib.sha256((folder / relative).read_bytes()).hexdigest()))
            meeting.save()
        return folder, relative

    def run(self, job: dict) -> dict:
        entry, source = job["entry"], Path(job["file"])
        meeting = None
        before_open = fingerprint(self.open_path)
        if entry == "add-bilag":
            meeting = self.fresh_meeting(job["id"])
            argv = ["add-bilag", str(meeting), str(source), "--item", "2.2", "--json"]
        elif entry in ("validate", "search"):
            meeting, relative = self.meeting_holding(job["id"], source)
            argv = (["validate", str(meeting), "--json"] if entry == "validate"
                    else ["search", str(meeting), SEARCH_WORD, "--json"])
        elif entry == "reader":
            argv = ["check-file", str(source), "--json"]
        elif entry == "survey":
            argv = ["survey", "summarize", str(source), "--json"]
            if job.get("mapping"):
                argv[3:3] = ["--mapping", job["mapping"]]
        elif entry == "contract":
            argv = ["check-contract", str(source), "--json"]
        elif entry == "results":
            argv = ["check-contract", str(self.contract), "--results", str(source), "--json"]
        else:
            argv = ["open", str(source), "--no-window", "--json"]
        before = fingerprint(meeting) if meeting is not None else {}
        started = time.monotonic()
        code, out, err = run_cli(argv)
        record = {"id": job["id"], "entry": entry, "file": str(source), "code": code,
                  "seconds": round(time.monotonic() - started, 3), "stdout": out[:MAX_KEPT],
                  "stderr": err[:MAX_KEPT], "open_meeting_changed": fingerprint(self.open_path) != before_open}
        if meeting is not None:
            after = fingerprint(meeting)
            record["meeting_changes"] = sorted(name for name in set(before) | set(after)
                                               if before.get(name) != after.get(name))
            if entry in ("validate", "search"):
                record["bilag_file"] = str(meeting / relative)
        return record


def _copy(source: Path, target: Path) -> None:
    """A copy; a sparse file (the 2 GB case) stays sparse instead of filling the disk."""
    size = source.stat().st_size
    if source.stat().st_blocks * 512 >= size // 2:
        shutil.copyfile(source, target)
        return
    with open(source, "rb") as handle, open(target, "wb") as out:
        out.write(handle.read(64 * 1024))
        out.truncate(size)


def main() -> int:
    jobs_file = Path(sys.argv[1])
    spec = json.loads(jobs_file.read_text("utf-8"))
    _limit_memory(spec["memory_bytes"])
    driver = Driver(Path(spec["work"]), Path(spec["template"]), Path(spec["contract"]))
    start = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    for job in spec["jobs"][start:]:
        print(json.dumps({"start": job["id"]}), flush=True)
        print(json.dumps({"done": driver.run(job)}), flush=True)
    driver.open_meeting.close()
    return 0


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


if __name__ == "__main__":
    sys.exit(main())
