"""Annullér (or closing the window) half-way through adding files: bilag/ holds what it held before, and nothing is said."""

from __future__ import annotations

import shutil
import threading

import pytest
from PySide6.QtCore import QThreadPool

from kkrdesk.core.meeting import importing
from tests.reader_helpers import write_pdf

PAUSE_LIMIT_SECONDS = 60


def contents(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (folder / "bilag").rglob("*") if path.is_file()}


@pytest.mark.parametrize("stop", ["Annullér", "luk vinduet"])
def test_a_batch_stopped_half_way_takes_its_copies_out_again(window, opened_meeting, qtbot, tmp_path, stub_dialogs,
                                                             monkeypatch, stop):
    session = opened_meeting
    folder = session.folder.path
    before = contents(folder)
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    empty = inbox / "tom.pdf"
    empty.write_bytes(b"")
    files = [write_pdf(inbox / "budget.pdf", ["Budget 2026"]),
             empty,                                                        # refused
             shutil.copy(folder / "bilag" / "erhvervsfremme.pdf", inbox),    # already there: used as it is
             write_pdf(inbox / "referat.pdf", ["Referat fra sidste møde"]),
             write_pdf(inbox / "aldrig.pdf", ["Kommer aldrig ind"])]
    paused, release = threading.Event(), threading.Event()
    inspect = importing.inspect_file

    def pausing_at_the_fourth(path, **options):     # the first three are copied or refused by then
        if path.name == "referat.pdf":
            paused.set()
            release.wait(PAUSE_LIMIT_SECONDS)
        return inspect(path, **options)

    monkeypatch.setattr(importing, "inspect_file", pausing_at_the_fourth)
    failures = []
    session.importFailed.connect(failures.append)
    item = session.meeting.items[0]
    had = [(bilag.title, bilag.file) for bilag in item.bilag]

    op = session.add_files(item, len(item.bilag), files)
    qtbot.waitUntil(paused.is_set, timeout=60_000)
    assert (folder / "bilag" / "budget.pdf").is_file()
    if stop == "Annullér":
        op.cancel()
    else:
        window.close()
    release.set()
    assert QThreadPool.globalInstance().waitForDone(60_000)
    qtbot.wait(50)                                       # what the worker said on its way out arrives

    assert contents(folder) == before
    assert [(bilag.title, bilag.file) for bilag in item.bilag] == had
    assert failures == [] and stub_dialogs.shown == []     # the refused file is not named: nothing was added


@pytest.mark.parametrize("answer", ["discard", "undo, then close"])
def test_bilag_added_and_not_saved_leave_no_files_when_the_meeting_closes(window, opened_meeting, qtbot, tmp_path,
                                                                         stub_dialogs, answer):
    session = opened_meeting
    folder = session.folder.path
    before = contents(folder)
    inbox = tmp_path / "indbakke"
    inbox.mkdir()
    files = [write_pdf(inbox / "budget.pdf", ["Budget 2026"]),
             shutil.copy(folder / "bilag" / "erhvervsfremme.pdf", inbox)]     # already there: used as it is
    item = session.meeting.items[0]
    op = session.add_files(item, len(item.bilag), files)
    qtbot.waitUntil(lambda: not op.running, timeout=60_000)
    assert (folder / "bilag" / "budget.pdf").is_file()
    if answer == "discard":
        stub_dialogs.answers["save_discard_cancel"] = "discard"
    else:
        session.stack.undo()
        assert not session.modified
    assert window.close_meeting()
    assert contents(folder) == before                    # erhvervsfremme.pdf, named by the manifest, stays


def test_bilag_added_and_saved_keep_their_files_when_the_meeting_closes(window, opened_meeting, qtbot, tmp_path,
                                                                       stub_dialogs):
    session = opened_meeting
    folder = session.folder.path
    item = session.meeting.items[0]
    op = session.add_files(item, len(item.bilag), [write_pdf(tmp_path / "budget.pdf", ["Budget 2026"])])
    qtbot.waitUntil(lambda: not op.running, timeout=60_000)
    stub_dialogs.answers["save_discard_cancel"] = "save"
    assert window.close_meeting()
    assert (folder / "bilag" / "budget.pdf").is_file()
    assert 'file = "bilag/budget.pdf"' in (folder / "meeting.toml").read_text("utf-8")


def test_a_meeting_saved_under_a_new_name_leaves_the_old_folder_as_it_was(window, opened_meeting, qtbot, tmp_path):
    session = opened_meeting
    old = session.folder.path
    before = contents(old)
    item = session.meeting.items[0]
    op = session.add_files(item, len(item.bilag), [write_pdf(tmp_path / "budget.pdf", ["Budget 2026"])])
    qtbot.waitUntil(lambda: not op.running, timeout=60_000)
    session.save_as(tmp_path / "ny udgave")
    assert contents(old) == before
    assert (tmp_path / "ny udgave" / "bilag" / "budget.pdf").is_file()
