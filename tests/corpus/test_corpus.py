"""Every entry point against every corpus file: no crash, hang or traceback, the expected Danish answer, no meeting changed.

Nothing is written where it must not be.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.corpus.cases import (
    ENTRY_POINTS,
    OK,
    SAMPLE,
    SPARSE,
    SPARSE_NAME,
    Case,
    generated_cases,
    sample_cases,
    third_party_cases,
)
from tests.corpus.make_corpus import make_sparse
from tests.corpus.outcomes import is_danish, message, names_the_file, outcome
from tests.corpus.runner import corpus_environment, run_jobs
from tests.factories import small_meeting
from tests.survey_exports import READSX_MAPPING

CONTRACT = "resultatkontrakt-2025-kkr-sjaelland-erhvervshus-sjaelland.docx"
# Folders under the test's root where kkrdesk may write: meeting folders and the user's own
# data, cache and config folders. The temporary folder must be empty again at the end.
MAY_WRITE = ("work/meetings/", "work/open-meeting-", "xdg/")
RUNNER_FILES = ("work/shard-",)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


@pytest.mark.slow
def test_every_entry_point_answers_every_corpus_file_safely(tmp_path, shared):
    root = tmp_path
    inputs = root / "inputs"
    readsx_mapping = inputs / "readsx.survey.toml"
    inputs.mkdir()
    readsx_mapping.write_text(READSX_MAPPING, encoding="utf-8")
    cases: list[Case] = generated_cases(inputs / "kkrdesk")
    sparse = make_sparse(inputs / "kkrdesk" / SPARSE_NAME)
    cases.append(Case(label=f"kkrdesk/{SPARSE_NAME}", path=sparse, expect=SPARSE))
    cases += sample_cases()
    cases += third_party_cases(shared / "corpus", inputs / "qpdf-fuzz-as-pdf", readsx_mapping)
    template = root / "template"
    from kkrdesk.core.meeting.store import MeetingFolder

    MeetingFolder.create(template, small_meeting()).close()
    env = corpus_environment(root)
    before = {"root": snapshot(root), "shared": snapshot(shared / "corpus")}
    jobs = [{"id": number * len(ENTRY_POINTS) + index, "entry": entry, "file": str(case.path),
             **({"mapping": str(case.mapping)} if case.mapping and entry == "survey" else {})}
            for number, case in enumerate(cases) for index, entry in enumerate(ENTRY_POINTS)]
    (root / "work").mkdir()
    try:
        records = run_jobs(jobs, work=root / "work", template=template,
                           contract=SAMPLE / "bilag" / CONTRACT, env=env)
    finally:
        sparse.unlink()
    by_id = {job["id"]: (cases[job["id"] // len(ENTRY_POINTS)], job) for job in jobs}
    failures, figures = judge(records, by_id)
    failures += stray_writes(root, before["root"], sparse)
    if snapshot(shared / "corpus") != before["shared"]:
        failures.append("../shared/corpus changed")
    figures["files"] = len(cases)
    figures["stray writes"] = len([f for f in failures if f.startswith("wrote ")])
    report = os.environ.get("KKRDESK_CORPUS_REPORT")
    if report:
        Path(report).write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    assert len(records) == len(jobs)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:80])


def judge(records: list[dict], by_id: dict) -> tuple[list[str], dict]:
    failures: list[str] = []
    figures = {"jobs": len(records), "accepted": 0, "refused": 0, "crashes": 0, "hangs": 0,
               "tracebacks": 0, "data lost": 0}
    for record in records:
        case, job = by_id[record["id"]]
        where = f"{case.label} [{job['entry']}]"
        if record.get("hang"):
            figures["hangs"] += 1
            failures.append(f"{where}: hung (no answer in the time limit)")
            continue
        if any(key.startswith("crash") for key in record):
            figures["crashes"] += 1
            failures.append(f"{where}: crashed the process")
            continue
        text = record["stdout"] + record["stderr"]
        if "Traceback" in text or "uventet fejl" in text:
            figures["tracebacks"] += 1
            failures.append(f"{where}: a traceback or an unexpected error: {record['stderr'][-300:]}")
        answer = outcome(record)
        figures["accepted" if answer == OK else "refused"] += 1
        if answer not in case.expect[job["entry"]]:
            failures.append(f"{where}: answered {answer}, expected {sorted(case.expect[job['entry']])}")
        if answer != OK:
            told = message(record)
            if not (is_danish(told) and names_the_file(record, told)):
                failures.append(f"{where}: the message is not Danish or does not name the file: {told[:200]}")
        changes = record.get("meeting_changes", [])
        added = job["entry"] == "add-bilag" and answer == OK
        if record["open_meeting_changed"] or (changes and not _only_the_new_bilag(changes, added)):
            figures["data lost"] += 1
            failures.append(f"{where}: a meeting changed: {changes}")
    return failures, figures


def _only_the_new_bilag(changes: list[str], added: bool) -> bool:
    bilag = [name for name in changes if name.startswith("bilag/")]
    return added and set(changes) - set(bilag) <= {"meeting.toml"} and len(bilag) == 1


def stray_writes(root: Path, before: dict, sparse: Path) -> list[str]:
    """Files that appeared or changed outside the meeting and user folders, or stayed in the temporary folder."""
    after = snapshot(root)
    stray = []
    for name in sorted(set(after) | set(before)):
        if name.startswith(MAY_WRITE + RUNNER_FILES) or name == str(sparse.relative_to(root)):
            continue
        if before.get(name) != after.get(name):
            stray.append(f"wrote {name}")
    return stray
