"""Killing kkrdesk at random moments while it saves never loses the meeting or a bilag."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
import time

import pytest

from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.meeting.manifest import read_manifest_bytes
from kkrdesk.core.meeting.store import MeetingFolder, read_meeting
from tests.conftest import ROOT
from tests.factories import small_meeting

KILLS = 200

# Saves version after version: each imports a new bilag file and drops the previous one, so a
# save touches bilag files, the backup, the manifest, and deletes retired files.
SAVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from kkrdesk.core.files.kinds import FileKind
    from kkrdesk.core.meeting import Bilag
    from kkrdesk.core.meeting.importing import import_file
    from kkrdesk.core.meeting.store import MeetingFolder

    folder_path, scratch = Path(sys.argv[1]), Path(sys.argv[2])
    folder = MeetingFolder.open(folder_path)
    version = int(folder.meeting.title or 0)
    print("ready", flush=True)
    while True:
        version += 1
        source = scratch / f"v{version}.txt"
        source.write_text(f"Bilag i version {version}\\n" * 50, encoding="utf-8")
        imported = import_file(folder, source)
        item = folder.meeting.item("2.2")
        item.bilag = [Bilag(title=f"v{version}", file=imported.file, kind=FileKind.TEXT,
                            sha256=imported.facts.sha256)]
        folder.meeting.title = str(version)
        folder.save()
        with open(scratch / "done", "a") as done:
            done.write(f"{version}\\n")
""")


def last_done(scratch) -> int:
    done = scratch / "done"
    if not done.exists():
        return 0
    lines = done.read_text().split()
    return int(lines[-1]) if lines else 0


def save_time(folder_path, scratch, env) -> float:
    """Seconds one save takes on this machine now (a loaded CI machine is slower than a laptop),
    so the random kills land inside saves however fast the machine is."""
    child = subprocess.Popen([sys.executable, "-c", SAVER, str(folder_path), str(scratch)],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout.readline().strip() == "ready"
    start = time.monotonic()
    while last_done(scratch) < 20 and time.monotonic() - start < 60:
        time.sleep(0.01)
    saves = last_done(scratch)
    child.kill()
    child.wait()
    child.stdout.close()
    assert saves, "the saver made no save in a minute"
    return (time.monotonic() - start) / saves


@pytest.mark.slow
def test_random_kills_during_saves_leave_old_or_new_meeting_with_all_bilag(tmp_path):
    folder_path, scratch = tmp_path / "m", tmp_path / "scratch"
    scratch.mkdir()
    MeetingFolder.create(folder_path, small_meeting()).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(20250227)
    window = save_time(folder_path, scratch, env) * 3   # kills spread over about three saves
    versions_seen, before = set(), int(read_meeting(folder_path)[0].title or 0)
    for _ in range(KILLS):
        (scratch / "done").unlink(missing_ok=True)
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(folder_path), str(scratch)],
                                 stdout=subprocess.PIPE, text=True, env=env)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0, window))
        child.kill()
        child.wait()
        child.stdout.close()

        meeting, _ = read_meeting(folder_path)
        version = int(meeting.title or 0)
        completed = last_done(scratch) or before
        assert version in (completed, completed + 1), (version, completed)
        before = version
        versions_seen.add(version)
        for _, bilag in meeting.all_bilag():
            path = folder_path / bilag.file
            assert path.is_file(), f"version {version} lost {bilag.file}"
            assert sha256_of(path) == bilag.sha256
        backup = folder_path / "meeting.toml.bak"
        if backup.exists():
            read_manifest_bytes(backup.read_bytes())
    assert len(versions_seen) > KILLS // 2, "kills should land across many different saves"
