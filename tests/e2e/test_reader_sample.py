"""The issue's "Done when" on the sample meeting: search with checked page numbers, a read-only pack, a note across versions."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.search.words import WORD, fold, stem
from tests.reader_helpers import (  # noqa: F401  (fixtures used by name)
    insert_pdf_page,
    own_user_folders,
    renumber_and_refresh,
    shared_cache,
)

WORDS = ("erhvervshus", "iværksættere", "kommunalbestyrelsens")


@pytest.fixture
def sample(sample_dir, tmp_path):
    if not (sample_dir / "meeting.toml").is_file():
        pytest.skip("the sample meeting is not in this checkout")
    copy = tmp_path / "sample"
    shutil.copytree(sample_dir, copy, ignore=shutil.ignore_patterns(".kkrdesk.lock", "*.bak"))
    return copy


def _poppler_page(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-q", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _matches(word: str, text: str) -> bool:
    wanted = stem(word)
    return any(word in fold(token) or stem(token) == wanted for token in WORD.findall(text))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
@pytest.mark.parametrize("word", WORDS)
@pytest.mark.slow
def test_search_finds_the_words_on_the_pages_poppler_sees_them(cli, sample, word):
    result = cli("search", sample, word, "--json", "--limit", "500")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["hits"]
    assert hits, f"{word} must be found in the sample"
    meeting, _ = read_meeting(sample)
    for item in meeting.items:
        for number, bilag in enumerate(item.bilag, start=1):
            if bilag.kind != "pdf":
                continue
            found = {h["page"] for h in hits if h["item_number"] == item.number and h["bilag_number"] == number}
            expected = {page for page in range(1, bilag.pages + 1)
                        if _matches(word, _poppler_page(sample / bilag.file, page))}
            assert found == expected, (word, item.number, number)
    for hit in hits:
        start, end = hit["marks"][0]
        marked = hit["snippet"][start:end]
        assert _matches(word, marked), (word, marked)


@pytest.mark.slow
def test_a_pack_of_the_sample_opens_read_only(cli, sample, tmp_path):
    target = tmp_path / "møde.kkrpack"
    made = cli("pack", sample, "-o", target, "--json")
    assert made.returncode == 0, made.stderr
    opened = json.loads(cli("open", target, "--json").stdout)
    assert opened["read_only"] and [i["number"] for i in opened["items"]] == \
        [item.number for item in read_meeting(sample)[0].items if not item.closed]
    folder = opened["folder"]
    for directory, _, names in os.walk(folder):
        for name in names:
            if name.endswith((".pdf", ".docx", ".toml", ".sqlite")):
                assert not os.stat(os.path.join(directory, name)).st_mode & 0o222
    hits = json.loads(cli("search", target, "kommunalbestyrelsens", "--json").stdout)["hits"]
    assert any(h["item_number"] == "2.7" for h in hits)


@pytest.mark.slow
def test_a_note_on_the_sample_survives_an_inserted_page_and_a_renumbered_item(cli, sample, tmp_path):
    meeting, _ = read_meeting(sample)
    item = meeting.item("2.7")
    bilag_file = sample / item.bilag[0].file
    page = 11
    text = _poppler_page(bilag_file, page)
    match = re.search(r"[Kk]ommunalbestyr\w*(?:[ \t]+\w+){2}", text)
    assert match, "the sample's page 11 of bilag 2.7/1 mentions the municipal councils"
    quote = " ".join(match.group(0).split())
    assert cli("pack", sample, "-o", tmp_path / "v1.kkrpack", "--version", "1").returncode == 0
    added = cli("notes", tmp_path / "v1.kkrpack", "--add", "--item", "2.7", "--bilag", "1",
                "--page", str(page), "--quote", quote, "--text", "Hvordan påvirker det os?")
    assert added.returncode == 0, added.stderr

    insert_pdf_page(bilag_file, 5, "Tillæg: en ny side indsat i den reviderede udgave.")
    renumber_and_refresh(sample, "2.7", "2.6")
    assert cli("pack", sample, "-o", tmp_path / "v2.kkrpack", "--version", "2").returncode == 0
    opened = cli("open", tmp_path / "v2.kkrpack", "--json")
    assert opened.returncode == 0, opened.stderr
    data = json.loads(opened.stdout)
    assert data["previous_version"] == 1
    assert any("Punkt 2.7 er nu punkt 2.6" in line for line in data["changes"])
    assert any("ny side 5" in line for line in data["changes"])
    assert data["notes"]["orphans"] == []
    assert [m["now"] for m in data["notes"]["moved"]] == [f"Punkt 2.6, bilag 1, side {page + 1}"]
    notes = json.loads(cli("notes", tmp_path / "v2.kkrpack", "--json").stdout)["notes"]
    assert notes[0]["text"] == "Hvordan påvirker det os?" and notes[0]["anchor"]["quote"] == quote
