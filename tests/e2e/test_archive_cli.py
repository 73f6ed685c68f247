"""`kkrdesk archive DIR ...` end to end on archives the tests write: list, search, related, followup, bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.archive_factory import MeetingSpec, write_archive, write_meeting


@pytest.fixture
def archive(tmp_path):
    root = tmp_path / "arkiv"
    write_archive(root, kkrs=("KKR Sjælland", "KKR Nordjylland"), years=(2024, 2025), meetings_per_year=1,
                  one_offs=0)
    return root


@pytest.mark.slow
def test_list_search_and_related_as_json(cli, archive):
    listed = cli("archive", archive, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    meetings = json.loads(listed.stdout)["meetings"]
    assert [(m["kkr"], m["date"]) for m in meetings] == [
        ("KKR Nordjylland", "2025-02-11"), ("KKR Sjælland", "2025-02-10"),
        ("KKR Nordjylland", "2024-02-11"), ("KKR Sjælland", "2024-02-10")]
    assert [i["number"] for i in meetings[0]["items"]] == ["2.1", "2.2", "2.3"]

    found = cli("archive", archive, "search", "resultatkontrakten", "--kkr", "KKR Nordjylland", "--json")
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert [group["meeting"] for group in data["meetings"]] == ["nordjylland-2025-02-11", "nordjylland-2024-02-11"]
    pages = [(hit["item_number"], hit["bilag_number"], hit["page"]) for hit in data["meetings"][1]["hits"]]
    assert pages == [("2.1", None, None), ("2.1", 1, 1), ("2.1", 1, 2)]      # 3 shown per meeting
    assert data["meetings"][1]["total"] == 4
    alone = json.loads(cli("archive", archive, "search", "resultatkontrakten", "--meeting",
                           "nordjylland-2024-02-11", "--json").stdout)["meetings"]
    assert [(hit["bilag_number"], hit["page"]) for hit in alone[0]["hits"]] == [(None, None), (1, 1), (1, 2), (1, 3)]

    typed = json.loads(cli("archive", archive, "search", "notat", "--type", "Orienteringssag", "--year",
                           "2024", "--json").stdout)
    assert {hit["item_number"] for g in typed["meetings"] for hit in g["hits"]} == {"2.2"}
    assert {g["date"][:4] for g in typed["meetings"]} == {"2024"}

    related = json.loads(cli("archive", archive, "related", "--meeting", "sjælland-2025-02-10", "--item",
                             "2.2", "--json").stdout)["related"]
    assert related[0]["meeting"] == "sjælland-2024-02-10" and related[0]["item"] == "2.2"


def test_search_as_text_names_meeting_item_bilag_and_page(cli, archive):
    result = cli("archive", archive, "search", "udpegninger", "--year", "2025")
    assert result.returncode == 0, result.stderr
    assert "KKR Sjælland, 10. februar 2025 (sjælland-2025-02-10): 4 sider" in result.stdout
    assert "Punkt 2.3, bilag 1, side 2 – Notat om udpegninger til råd og nævn" in result.stdout


def test_a_damaged_meeting_is_named_and_the_others_still_answer(cli, archive):
    damaged = archive / "sjælland-2024-02-10" / "meeting.toml"
    damaged.write_bytes(b"format = 1\n[meeting]\nkkr = \"KKR Sj\xe6lland\"\n")     # Latin-1, not UTF-8
    result = cli("archive", archive, "list")
    assert result.returncode == 0
    assert "sjælland-2024-02-10" in result.stderr and "udeladt af arkivet" in result.stderr
    assert "3 møder i" in result.stdout and "(1 kan ikke læses)" in result.stdout
    assert cli("archive", archive, "search", "landstal", "--json").returncode == 0


def test_followup_lists_flagged_decisions_by_date(cli, tmp_path):
    root = tmp_path / "arkiv"
    for name, date, due in (("a", dt.date(2024, 5, 1), dt.date(2025, 4, 1)), ("b", dt.date(2025, 1, 1),
                                                                              dt.date(2025, 2, 1))):
        spec = MeetingSpec(root / name, "KKR Sjælland", date, [
            {"number": "2.1", "title": f"Busplan {name}", "type": "Beslutningssag", "text": "Tekst.", "bilag": []}])
        write_meeting(spec, decisions={"2.1": {"beslutning": f"Godkendt ({name}).", "opfoelgning": True,
                                               "opfoelgning_dato": due}})
    result = cli("archive", root, "followup")
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.index("1. februar 2025"), result.stdout.index("1. april 2025")
    assert first < second
    assert "punkt 2.1 Busplan b" in result.stdout and "Beslutning: Godkendt (b)." in result.stdout
    data = json.loads(cli("archive", root, "followup", "--json").stdout)["followups"]
    assert [(f["meeting"], f["opfoelgning_dato"]) for f in data] == [("b", "2025-02-01"), ("a", "2025-04-01")]


def test_a_folder_that_is_not_there_is_a_usage_error(cli, tmp_path):
    result = cli("archive", tmp_path / "ingen", "list")
    assert result.returncode == 2
    assert "er ikke en mappe" in result.stderr


def test_notes_from_all_meetings(cli, archive):
    from kkrdesk.core.archive.index import ArchiveIndex
    from kkrdesk.core.notes.model import Anchor, Note
    from kkrdesk.core.notes.store import NotesStore

    index = ArchiveIndex(archive)
    index.refresh()
    anchor = Anchor(quote="landstal", prefix="", suffix="", item_number="2.2", item_title="Landstal",
                    bilag_number=1, bilag_title="Notat", bilag_sha256="0" * 64, file_name="2.2-1.pdf", page=2)
    NotesStore(index.meeting("nordjylland-2025-02-11").pack_id).add(Note(anchor=anchor, text="Tjek tallet"))
    result = cli("archive", archive, "notes")
    assert result.returncode == 0, result.stderr
    assert "KKR Nordjylland, 11. februar 2025, Punkt 2.2, bilag 1, side 2: »landstal« – Tjek tallet" in result.stdout
