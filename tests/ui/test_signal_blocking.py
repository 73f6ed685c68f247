"""Signals blocked while a form fills itself are unblocked again, also when filling fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kkrdesk.core.meeting.store import MeetingFolder
from kkrdesk.ui.agenda.meeting_form import MeetingForm
from kkrdesk.ui.agenda.session import MeetingSession
from tests.factories import small_meeting

UI = Path(__file__).resolve().parents[2] / "kkrdesk" / "ui"


def test_a_failure_while_the_meeting_form_fills_leaves_no_widget_deaf(qtbot, tmp_path, monkeypatch):
    session = MeetingSession(MeetingFolder.create(tmp_path / "m", small_meeting()), data_dir=tmp_path / "data")
    form = MeetingForm(session)
    qtbot.addWidget(form)

    def broken(*args):
        raise RuntimeError("the start time could not be set")

    monkeypatch.setattr(form.start, "setTime", broken)
    with pytest.raises(RuntimeError):
        form.refresh()
    deaf = [name for name in ("kkr", "date", "start", "continuous") if getattr(form, name).signalsBlocked()]
    assert deaf == []


def test_signals_are_blocked_only_through_qsignalblocker():
    by_hand = [f"{path.relative_to(UI)}:{number}" for path in UI.rglob("*.py")
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if re.search(r"\.blockSignals\(", line)]
    assert by_hand == []
