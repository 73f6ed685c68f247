"""Killing kkrdesk at random moments while it writes a pack, exports, or saves notes leaves each file old or new, and it opens."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys

import pikepdf
import pytest

from kkrdesk.core.notes.store import NotesStore
from kkrdesk.core.pack.reader import verify_pack
from tests.conftest import ROOT
from tests.crash_writers import NOTES_PACK_ID, logged
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork"), reason="the writers are forked (POSIX)")]

KILLS = {"pack": 70, "export": 50, "notes": 100}
# Delays spread over one write: a pack takes about 0.3 s here, an export 0.5 s, notes 10 ms, on a
# quiet machine; under load a write takes longer, and the delays grow with it (see _longest_delay).
LONGEST_DELAY = {"pack": 0.5, "export": 0.8, "notes": 0.03}


@pytest.fixture(scope="module")
def zygote(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill")
    make_meeting(folder / "møde", [ItemSpec("2.2", "Rammer for KKR", bilag=[BilagSpec("Opsamling", 3)]),
                                   ItemSpec("2.4", "Trafik", bilag=[BilagSpec("Udspil", 2)])])
    (folder / "ud").mkdir()
    process = subprocess.Popen([sys.executable, "-m", "tests.crash_writers", str(folder)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert process.stdout.readline().strip() == "ready"
    yield process, folder
    process.stdin.close()
    process.wait(timeout=30)


def _run_for(process, writer: str, seconds: float) -> None:
    process.stdin.write(f"{writer} {seconds:.4f}\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "killed"


def _longest_delay(zygote, writer: str) -> float:
    """The quiet machine's longest delay, or 1.7 writes as long as they take now if that is longer."""
    process, folder = zygote
    seconds = 2 * LONGEST_DELAY[writer]
    while True:
        before = len(logged(folder, writer, "done"))
        _run_for(process, writer, seconds)
        finished = len(logged(folder, writer, "done")) - before
        if finished >= 2 or seconds >= 30:
            return max(LONGEST_DELAY[writer], 1.7 * seconds / max(finished, 1))
        seconds *= 2


def kill_loop(zygote, writer: str, check) -> set[int]:
    process, folder = zygote
    rng = random.Random(f"{writer}-20250227")
    longest = _longest_delay(zygote, writer)
    seen = set()
    for _ in range(KILLS[writer]):
        _run_for(process, writer, rng.uniform(0, longest))
        started, done = logged(folder, writer, "started"), logged(folder, writer, "done")
        found = check(folder)
        if found is None:
            assert not done, f"{writer}: version {done[-1]} was written, and the file is gone"
            continue
        # Old or new: a version some write began, no older than the last write that finished.
        assert found in started and found >= (done[-1] if done else 0), (writer, found, started[-3:], done[-3:])
        seen.add(found)
    return seen


def test_a_pack_killed_while_written_is_the_old_or_the_new_pack_and_verifies(zygote):
    def check(folder):
        pack = folder / "ud" / "møde.kkrpack"
        return verify_pack(pack).version if pack.exists() else None   # verify_pack reads every file

    seen = kill_loop(zygote, "pack", check)
    assert len(seen) > KILLS["pack"] // 3, "kills should land in many different writes"


def test_an_export_killed_midway_leaves_a_pdf_and_a_docx_that_open(zygote):
    import docx

    def check(folder):
        pdf, word = folder / "ud" / "bilag.pdf", folder / "ud" / "dagsorden.docx"
        if not pdf.exists():
            return None
        with pikepdf.open(pdf) as opened:
            pdf_version = int(re.search(r"Version (\d+)", str(opened.docinfo["/Title"])).group(1))
            assert len(opened.pages) > 5
        if word.exists():
            text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
            assert f"Version {pdf_version}" in text or f"Version {pdf_version - 1}" in text
        return pdf_version

    seen = kill_loop(zygote, "export", check)
    assert len(seen) > KILLS["export"] // 4


def test_notes_killed_while_saved_load_with_every_finished_note(zygote):
    def check(folder):
        store = NotesStore(NOTES_PACK_ID, folder / "noter")     # raises if the file were broken
        texts = [note.text for note in store.notes]
        assert texts == [f"Note nummer {n}" for n in range(1, len(texts) + 1)]
        return len(texts) or None

    seen = kill_loop(zygote, "notes", check)
    # a notes save is ~10 ms: under load more kills land before the forked writer starts
    assert len(seen) > KILLS["notes"] // 4
