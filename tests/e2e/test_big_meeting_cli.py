"""A meeting with more printed bilag than one export can take is refused at once, by name, before any file is read."""

from __future__ import annotations

import json

import pytest

from benchmarks.big_export import many_bilag_meeting
from kkrdesk.core.files.limits import EXPORT_MAX_PRINTED_BILAG


@pytest.mark.slow
def test_too_many_printed_bilag_are_refused_before_anything_is_read(tmp_path, cli):
    per_item = 455
    items = EXPORT_MAX_PRINTED_BILAG // per_item + 1
    assert items * per_item > EXPORT_MAX_PRINTED_BILAG
    folder = many_bilag_meeting(tmp_path / "møde", items, per_item)
    done = cli("preflight", folder, "--json")
    assert done.returncode == 1, done.stderr
    [problem] = json.loads(done.stdout)["problems"]
    assert problem["code"] == "too-many-bilag" and "5.000" in problem["message"]
    done = cli("export", folder, "--pdf", tmp_path / "bilag.pdf", "--override", "--no-libreoffice")
    assert done.returncode != 0 and "kkrdesk samler højst 5.000 i én eksport" in done.stderr
    assert not (tmp_path / "bilag.pdf").exists()
