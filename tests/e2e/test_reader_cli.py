"""search, pack, open and notes through the command line, on meetings the tests make."""

from __future__ import annotations

import json
import zipfile

import pytest

from tests.reader_helpers import (  # noqa: F401  (fixtures used by name)
    make_meeting,
    new_version_with_page_inserted,
    own_user_folders,
    shared_cache,
)


@pytest.fixture
def meeting(tmp_path):
    return make_meeting(tmp_path)


def _json(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_search_a_meeting_folder_as_json(cli, meeting):
    data = _json(cli("search", meeting, "kommunalbestyrelsens", "--json"))
    assert [(h["item_number"], h["bilag_number"], h["page"]) for h in data["hits"]] == \
        [("2.2", 1, 6), ("2.4", 1, 2)]
    first = data["hits"][0]
    start, end = first["marks"][0]
    assert first["snippet"][start:end] == "kommunalbestyrelsen"


@pytest.mark.slow
def test_search_prints_danish_results(cli, meeting):
    result = cli("search", meeting, "iværksættere")
    assert result.returncode == 0, result.stderr
    assert "2 steder indeholder" in result.stdout
    assert "Punkt 2.2, bilag 1, side 3" in result.stdout and "»iværksættere«" in result.stdout


@pytest.mark.slow
def test_pack_open_and_search_the_pack(cli, meeting, tmp_path):
    target = tmp_path / "møde.kkrpack"
    made = _json(cli("pack", meeting, "-o", target, "--json"))
    assert made["version"] >= 1 and not made["includes_closed"]
    opened = _json(cli("open", target, "--json"))
    assert opened["read_only"] and opened["verified_files"] == len(made["files"])
    assert [i["number"] for i in opened["items"]] == ["2.2", "2.4"]
    hits = _json(cli("search", target, "erhvervshus", "--json"))["hits"]
    assert [(h["item_number"], h["page"]) for h in hits] == [("2.2", 3), ("2.4", 2)]
    text = cli("open", target, "--no-window")
    assert "Pakken er kontrolleret" in text.stdout and "skrivebeskyttet" in text.stdout


@pytest.mark.slow
def test_a_note_follows_the_text_into_the_next_version(cli, meeting, tmp_path):
    cli("pack", meeting, "-o", tmp_path / "v1.kkrpack", "--version", "1")
    added = cli("notes", tmp_path / "v1.kkrpack", "--add", "--item", "2.2", "--bilag", "1",
                "--page", "6", "--quote", "godkendte aftalen", "--text", "Spørg til økonomien")
    assert added.returncode == 0, added.stderr
    new_version_with_page_inserted(meeting, "2.2", 1, before_page=2, new_item_number="2.3")
    cli("pack", meeting, "-o", tmp_path / "v2.kkrpack", "--version", "2")
    opened = cli("open", tmp_path / "v2.kkrpack", "--no-window")
    assert opened.returncode == 0, opened.stderr
    assert "Ændret siden version 1" in opened.stdout
    assert "Punkt 2.2 er nu punkt 2.3" in opened.stdout
    assert "punkt 2.2, bilag 1, side 6 → Punkt 2.3, bilag 1, side 7".lower() in opened.stdout.lower()
    export = tmp_path / "noter.md"
    assert cli("notes", tmp_path / "v2.kkrpack", "--export", export).returncode == 0
    assert "**Side 7**" in export.read_text("utf-8") and "Spørg til økonomien" in export.read_text("utf-8")


@pytest.mark.slow
def test_a_hostile_pack_is_refused_with_a_message_and_nothing_written(cli, meeting, tmp_path):
    target = tmp_path / "ond.kkrpack"
    cli("pack", meeting, "-o", target)
    with zipfile.ZipFile(target, "a") as archive:
        info = zipfile.ZipInfo("placeholder")
        info.filename = "../ud.txt"
        archive.writestr(info, b"x")
    result = cli("open", target, "--no-window")
    assert result.returncode == 1
    assert "../ud.txt" in result.stderr and "uden for mappen" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ud.txt").exists()


def test_usage_errors_are_danish(cli, tmp_path):
    result = cli("search", tmp_path / "findes-ikke", "ord")
    assert result.returncode == 2 and "hverken en mødemappe" in result.stderr
