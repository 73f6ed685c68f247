"""The corpus test's judge catches each way an answer can be wrong (so its pass means something)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.corpus.cases import Case, good_pdf, refused
from tests.corpus.test_corpus import judge, snapshot, stray_writes

CASE = Case(label="x/bilag.pdf", path=Path("/in/bilag.pdf"), expect=refused("damaged"))
ERROR = {"ok": False, "error": {"code": "bad-file", "reason": "damaged", "file": "/in/bilag.pdf",
                                "message": "PDF-filen er ødelagt og kan ikke læses.",
                                "hint": "Hent filen igen."}}


def record(entry="reader", stdout=ERROR, stderr="", **extra) -> dict:
    return {"id": 0, "entry": entry, "file": "/in/bilag.pdf", "stdout": json.dumps(stdout),
            "stderr": stderr, "open_meeting_changed": False, **extra}


def verdict(rec: dict, case: Case = CASE) -> tuple[list[str], dict]:
    return judge([rec], {0: (case, {"entry": rec["entry"]})})


def test_the_expected_danish_refusal_passes():
    failures, figures = verdict(record())
    assert failures == [] and figures["refused"] == 1


def test_a_hang_a_crash_and_a_traceback_are_counted():
    assert verdict(record(hang=True))[1]["hangs"] == 1
    assert verdict(record(**{"crash (exit -11)": True}))[1]["crashes"] == 1
    failures, figures = verdict(record(stderr="Traceback (most recent call last):"))
    assert figures["tracebacks"] == 1 and failures


def test_a_wrong_reason_or_an_acceptance_is_a_failure():
    assert verdict(record(), Case("x", Path("/in/bilag.pdf"), good_pdf()))[0]
    hostile = {**ERROR, "error": {**ERROR["error"], "reason": "hostile"}}
    assert verdict(record(stdout=hostile))[0]


def test_an_english_or_anonymous_message_is_a_failure():
    english = {**ERROR, "error": {**ERROR["error"], "message": "Could not read the file."}}
    assert "not Danish" in verdict(record(stdout=english))[0][0]
    anonymous = {**ERROR, "error": {**ERROR["error"], "file": None}}
    assert verdict(record(stdout=anonymous))[0]


def test_a_changed_meeting_is_data_lost():
    assert verdict(record(open_meeting_changed=True))[1]["data lost"] == 1
    refusal = record(entry="add-bilag", meeting_changes=["meeting.toml"])
    assert verdict(refusal)[1]["data lost"] == 1


def test_a_file_left_outside_the_allowed_folders_is_reported(tmp_path):
    (tmp_path / "xdg").mkdir()
    (tmp_path / "tmp").mkdir()
    before = snapshot(tmp_path)
    (tmp_path / "xdg" / "cache.json").write_text("{}")
    (tmp_path / "tmp" / "left-behind.tmp").write_text("x")
    assert stray_writes(tmp_path, before, tmp_path / "none") == ["wrote tmp/left-behind.tmp"]
