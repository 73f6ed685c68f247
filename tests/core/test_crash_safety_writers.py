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
# Each kill lands in the first or the second write of a fresh writer, anywhere from its start to a
# little past the time a write takes now (the tail, where the file is renamed into place, included).
KILL_IN_WRITES = (1, 2)
LATEST_KILL = 1.2       # in writes
TIMING_WRITES = 3       # writes the first kill lets finish, to time them


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


def _kill(process, writer: str, write: int, fraction: float) -> None:
    """Have the zygote fork ``writer`` and kill it ``fraction`` of a write after its ``write``-th write began."""
    process.stdin.write(f"{writer} {write} {fraction:.4f}\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "killed", f"{writer}: the writer stopped before it was killed"


def kill_loop(zygote, writer: str, check) -> None:
    process, folder = zygote
    rng = random.Random(f"{writer}-20250227")
    _kill(process, writer, TIMING_WRITES + 1, 0.0)
    interrupted = 0
    for _ in range(KILLS[writer]):
        _kill(process, writer, rng.choice(KILL_IN_WRITES), rng.uniform(0, LATEST_KILL))
        started, done = logged(folder, writer, "started"), logged(folder, writer, "done")
        interrupted += started[-1] not in done
        found = check(folder)
        if found is None:
            assert not done, f"{writer}: version {done[-1]} was written, and the file is gone"
            continue
        # Old or new: a version some write began, no older than the last write that finished.
        assert found in started and found >= (done[-1] if done else 0), (writer, found, started[-3:], done[-3:])
    # the kills land inside writes, not between them (where there is nothing to break)
    assert interrupted > 0.8 * KILLS[writer], (writer, interrupted)


def test_a_pack_killed_while_written_is_the_old_or_the_new_pack_and_verifies(zygote):
    def check(folder):
        pack = folder / "ud" / "møde.kkrpack"
        return verify_pack(pack).version if pack.exists() else None   # verify_pack reads every file

    kill_loop(zygote, "pack", check)


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

    kill_loop(zygote, "export", check)


def test_notes_killed_while_saved_load_with_every_finished_note(zygote):
    def check(folder):
        store = NotesStore(NOTES_PACK_ID, folder / "noter")     # raises if the file were broken
        texts = [note.text for note in store.notes]
        assert texts == [f"Note nummer {n}" for n in range(1, len(texts) + 1)]
        return len(texts) or None

    kill_loop(zygote, "notes", check)
