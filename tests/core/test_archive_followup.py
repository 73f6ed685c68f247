"""The follow-up list: decisions flagged "opfølgning" with a date, across the archive's meetings, soonest first."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core.archive.followup import followups
from kkrdesk.core.archive.index import ArchiveIndex
from tests.archive_factory import MeetingSpec, write_meeting


def _meeting(root, name, kkr, date, decisions):
    spec = MeetingSpec(root / name, kkr, date, [
        {"number": number, "title": f"Sag {number} i {kkr}", "type": "Beslutningssag", "text": "Tekst.",
         "bilag": []} for number in ("2.1", "2.2", "2.3")])
    write_meeting(spec, decisions=decisions)


def test_flagged_decisions_from_all_meetings_are_listed_by_date(tmp_path):
    root = tmp_path / "arkiv"
    _meeting(root, "sjaelland-2024", "KKR Sjælland", dt.date(2024, 9, 1), {
        "2.1": {"beslutning": "Godkendt; sekretariatet vender tilbage med økonomien.", "opfoelgning": True,
                "opfoelgning_dato": dt.date(2025, 3, 1)},
        "2.2": {"beslutning": "Taget til efterretning."},
        "2.3": {"beslutning": "Udsat.", "opfoelgning": True}})
    _meeting(root, "syddanmark-2025", "KKR Syddanmark", dt.date(2025, 1, 20), {
        "2.2": {"beslutning": "Godkendt med bemærkninger.", "opfoelgning": True,
                "opfoelgning_dato": dt.date(2025, 2, 15)}})
    index = ArchiveIndex(root, tmp_path / "index.sqlite")
    assert index.refresh().problems == []
    found = followups(index)
    assert [(f.meeting.source, f.item_number, f.due) for f in found] == [
        ("syddanmark-2025", "2.2", dt.date(2025, 2, 15)),
        ("sjaelland-2024", "2.1", dt.date(2025, 3, 1)),
        ("sjaelland-2024", "2.3", None)]                       # flagged without a date: last
    assert found[1].beslutning == "Godkendt; sekretariatet vender tilbage med økonomien."
    assert found[1].item_title == "Sag 2.1 i KKR Sjælland"
    assert [f.item_number for f in followups(index, kkr="KKR Syddanmark")] == ["2.2"]


def test_a_decision_changed_in_one_meeting_changes_the_list(tmp_path):
    root = tmp_path / "arkiv"
    _meeting(root, "m1", "KKR Sjælland", dt.date(2024, 9, 1), {"2.1": {"beslutning": "Godkendt."}})
    index = ArchiveIndex(root, tmp_path / "index.sqlite")
    index.refresh()
    assert followups(index) == []
    _meeting(root, "m1", "KKR Sjælland", dt.date(2024, 9, 1), {
        "2.1": {"beslutning": "Godkendt.", "opfoelgning": True, "opfoelgning_dato": dt.date(2024, 12, 1)}})
    report = index.refresh()
    assert report.changed == ["m1"]
    assert [(f.item_number, f.due) for f in followups(index)] == [("2.1", dt.date(2024, 12, 1))]


def test_earlier_items_carry_what_was_decided_then(tmp_path):
    from kkrdesk.core.archive.related import related_items

    root = tmp_path / "arkiv"
    _meeting(root, "m2024", "KKR Sjælland", dt.date(2024, 9, 1), {"2.1": {"beslutning": "Godkendt som indstillet."}})
    _meeting(root, "m2025", "KKR Sjælland", dt.date(2025, 9, 1), {})
    index = ArchiveIndex(root, tmp_path / "index.sqlite")
    index.refresh()
    [earlier, *_] = related_items(index, index.meeting("m2025"), "2.1")
    assert (earlier.meeting.source, earlier.item_number, earlier.beslutning) == ("m2024", "2.1",
                                                                               "Godkendt som indstillet.")


def test_the_decisions_are_searched_with_their_item(tmp_path):
    from kkrdesk.core.archive.search import search_archive

    root = tmp_path / "arkiv"
    _meeting(root, "m2024", "KKR Sjælland", dt.date(2024, 9, 1),
             {"2.2": {"beslutning": "Udsat til næste møde; forvaltningen undersøger finansieringen."}})
    index = ArchiveIndex(root, tmp_path / "index.sqlite")
    index.refresh()
    hits = [(g.meeting.source, h.item_number, h.bilag_number) for g in search_archive(index, "finansieringen").groups
            for h in g.hits]
    assert hits == [("m2024", "2.2", None)]
