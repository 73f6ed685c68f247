"""The meeting archive: discovery, one search across meetings, incremental refresh, earlier items, bad input."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from kkrdesk.core.archive.index import ArchiveIndex
from kkrdesk.core.archive.related import related_items
from kkrdesk.core.archive.search import Filters, search_archive
from kkrdesk.core.archive.sources import FOLDER, PACK, discover
from kkrdesk.core.errors import KkrError
from kkrdesk.core.pack.writer import write_pack
from tests.archive_factory import (
    MeetingSpec,
    pdf_with_pages,
    write_archive,
    write_meeting,
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """An archive of 2 KKR x 3 years x 2 meetings, indexed once; tests that change it copy it first."""
    base = tmp_path_factory.mktemp("archive")
    specs = write_archive(base / "arkiv", one_offs=1)
    index = ArchiveIndex(base / "arkiv", base / "index.sqlite")
    report = index.refresh()
    return base, specs, index, report


def copied(built, tmp_path: Path) -> ArchiveIndex:
    base = built[0]
    shutil.copytree(base / "arkiv", tmp_path / "arkiv", copy_function=shutil.copy2)
    # the stamps name the files' paths, so a copy of the archive is a new archive: index it afresh
    copy = ArchiveIndex(tmp_path / "arkiv", tmp_path / "index.sqlite")
    copy.refresh()
    return copy


def test_every_meeting_is_found_with_kkr_date_and_items(built):
    _, specs, index, report = built
    assert sorted(report.added) == sorted(spec.folder.name for spec in specs)
    assert report.problems == []
    meetings = index.meetings()
    assert len(meetings) == 12
    assert [m.date for m in meetings] == sorted((m.date for m in meetings), reverse=True)
    first = meetings[0]
    assert (first.kkr, first.date) == ("KKR Syddanmark", dt.date(2025, 6, 11))
    items = index.items_by_meeting()[first.id]
    assert [item.number for item in items] == ["2.1", "2.2", "2.3", "2.4"]
    assert items[0].title == "Resultatkontrakt med Erhvervshus Syddanmark 2025"


def test_search_finds_a_recurring_item_in_every_year_with_meeting_item_bilag_and_page(built):
    _, _, index, _ = built
    results = search_archive(index, "landstal", Filters(kkr="KKR Sjælland"), limit=100, per_meeting=10)
    years = sorted({group.meeting.date.year for group in results.groups})
    assert years == [2023, 2024, 2025]
    for group in results.groups:
        assert group.meeting.kkr == "KKR Sjælland"
        assert {hit.item_number for hit in group.hits} == {"2.2"}
        pages = sorted(hit.page for hit in group.hits if hit.bilag_number == 1)
        assert pages == [1, 2, 3]        # every page of the bilag carries its title line
    # a word only on one page, written into the factory's PDF: found on exactly that page
    hit = search_archive(index, "flygtninge 2024 side 2").groups
    assert {(g.meeting.date.year, h.item_number, h.bilag_number, h.page) for g in hit for h in g.hits} == \
        {(2024, "2.2", 1, 2)}


def test_search_is_danish_aware_and_filters_by_year_and_item_type(built):
    _, _, index, _ = built
    # "resultatkontrakten" (definite form) finds "Resultatkontrakt" by its stem
    stemmed = search_archive(index, "resultatkontrakten")
    assert stemmed.total > 0
    in_2024 = search_archive(index, "resultatkontrakt", Filters(year=2024))
    assert {group.meeting.date.year for group in in_2024.groups} == {2024}
    assert len(in_2024.groups) == 4
    orientations = search_archive(index, "notat", Filters(item_type="Orienteringssag"))
    titles = {hit.item_title for group in orientations.groups for hit in group.hits}
    assert titles and all("Landstal" in title or "Praktikpladser" in title for title in titles)


def test_results_are_grouped_newest_meeting_first_and_limited(built):
    _, _, index, _ = built
    results = search_archive(index, "notat", limit=5)
    dates = [group.meeting.date for group in results.groups]
    assert dates == sorted(dates, reverse=True)
    assert sum(len(group.hits) for group in results.groups) == 5
    assert results.total == sum(group.total for group in results.groups) > 5


def test_earlier_items_on_the_same_subject_are_the_recurring_ones(built):
    index = built[2]
    newest_sjaelland = index.meeting("sjælland-2025-06-10")
    related = related_items(index, newest_sjaelland, "2.1")
    assert related, "the resultatkontrakt comes back every year"
    top = related[:5]
    assert all("Resultatkontrakt" in entry.item_title for entry in top)
    assert all(entry.meeting.date < newest_sjaelland.date for entry in related)
    # the same KKR's own contracts are closer than the other KKR's (the region's name is in the title)
    assert top[0].meeting.kkr == "KKR Sjælland"


def test_an_unchanged_archive_reads_nothing_again(built):
    _, _, index, _ = built
    report = index.refresh()
    assert (report.added, report.changed, report.removed) == ([], [], [])
    assert report.unchanged == 12 and report.documents_read == 0


@pytest.mark.slow
def test_a_changed_bilag_reindexes_only_its_meeting(built, tmp_path):
    index = copied(built, tmp_path)
    bilag = index.root / "syddanmark-2024-02-11" / "bilag" / "2.1-1.pdf"
    bilag.write_bytes(pdf_with_pages([["Tillæg til resultatkontrakten om grøn omstilling"]]))
    report = index.refresh()
    assert report.changed == ["syddanmark-2024-02-11"]
    assert (report.added, report.removed, report.unchanged) == ([], [], 11)
    assert (report.documents_read, report.pages_read) == (1, 1)    # the one new bilag, nothing else
    hits = search_archive(index, "omstilling").groups
    assert [(g.meeting.source, h.item_number, h.page) for g in hits for h in g.hits] == \
        [("syddanmark-2024-02-11", "2.1", 1)]
    assert search_archive(index, '"notat om resultatkontrakt med erhvervshus syddanmark 2024"',
                          Filters(year=2024)).total == 3          # the other 2024 meeting's 3 pages


@pytest.mark.slow
def test_added_and_removed_meetings(built, tmp_path):
    index = copied(built, tmp_path)
    shutil.rmtree(index.root / "sjælland-2023-02-10")
    spec = MeetingSpec(index.root / "2026" / "nordjylland-2026-01-15", "KKR Nordjylland", dt.date(2026, 1, 15),
                       [{"number": "3", "title": "Ny sag om vindmøller", "type": "Temadrøftelse",
                         "text": "Vindmøller på land.", "bilag": [("Kort over vindmøller", 2)]}])
    write_meeting(spec)
    report = index.refresh()
    assert report.added == ["2026/nordjylland-2026-01-15"]
    assert report.removed == ["sjælland-2023-02-10"]
    assert report.documents_read == 2           # the new item's text and its bilag
    assert index.meetings()[0].kkr == "KKR Nordjylland"
    assert not [g for g in search_archive(index, "resultatkontrakt", Filters(year=2023)).groups
                if g.meeting.source == "sjælland-2023-02-10"]


def test_a_damaged_meeting_toml_is_reported_by_name_and_the_rest_still_indexed(built, tmp_path):
    index = copied(built, tmp_path)
    damaged = index.root / "sjælland-2024-06-10" / "meeting.toml"
    damaged.write_text('format = 1\n[meeting\nkkr = "KKR Sjælland"\n', encoding="utf-8")
    report = index.refresh()
    assert report.changed == ["sjælland-2024-06-10"]
    assert [p.file for p in report.problems] == [str(damaged.parent)]
    assert "ikke gyldig TOML" in report.problems[0].message
    years = {g.meeting.source for g in search_archive(index, "landstal", Filters(year=2024)).groups}
    assert "sjælland-2024-06-10" not in years and len(years) == 3
    # the problem is told again on the next opening, without reading the file again
    again = index.refresh()
    assert again.changed == [] and [p.file for p in again.problems] == [str(damaged.parent)]


def test_a_damaged_pack_is_reported_and_skipped(built, tmp_path):
    index = copied(built, tmp_path)
    (index.root / "modtaget.kkrpack").write_bytes(b"PK\x03\x04 not really a zip")
    report = index.refresh()
    assert report.added == ["modtaget.kkrpack"]
    assert len(report.problems) == 1 and report.problems[0].file.endswith("modtaget.kkrpack")
    assert len([m for m in index.meetings() if m.problem is None]) == 12


def test_a_received_member_pack_is_searched_from_its_own_index_without_writing_into_it(tmp_path):
    spec = MeetingSpec(tmp_path / "kilde", "KKR Midtjylland", dt.date(2024, 9, 5),
                       [{"number": "4", "title": "Erhvervsfremme og turisme", "type": "Orienteringssag",
                         "text": "Turismen i Midtjylland.", "bilag": [("Turismeanalyse", 2)]}])
    write_meeting(spec)
    root = tmp_path / "arkiv"
    root.mkdir()
    pack = root / "midtjylland.kkrpack"
    write_pack(spec.folder, pack)
    before = (pack.stat().st_mtime_ns, pack.read_bytes())
    index = ArchiveIndex(root, tmp_path / "index.sqlite", pack_root=tmp_path / "packs")
    report = index.refresh()
    assert report.problems == [] and report.added == ["midtjylland.kkrpack"]
    [meeting] = index.meetings()
    assert (meeting.kind, meeting.kkr, meeting.date) == (PACK, "KKR Midtjylland", dt.date(2024, 9, 5))
    hits = [(h.item_number, h.bilag_number, h.page) for g in search_archive(index, "turismeanalyse side 2").groups
            for h in g.hits]
    assert hits == [("4", 1, 2)]
    assert (pack.stat().st_mtime_ns, pack.read_bytes()) == before
    assert not any(path.name.startswith(".") for path in root.iterdir())
    assert index.refresh().unchanged == 1


def test_discovery_walks_year_folders_and_passes_hidden_ones_by(tmp_path):
    (tmp_path / "2025" / "møde").mkdir(parents=True)
    (tmp_path / "2025" / "møde" / "meeting.toml").write_text("")
    (tmp_path / ".skjult" / "møde").mkdir(parents=True)
    (tmp_path / ".skjult" / "møde" / "meeting.toml").write_text("")
    (tmp_path / "pakke.KKRPACK").write_bytes(b"")
    (tmp_path / "noter.txt").write_text("")
    found = [(s.key, s.kind) for s in discover(tmp_path)]
    assert found == [("2025/møde", FOLDER), ("pakke.KKRPACK", PACK)]


def test_a_meeting_is_named_by_folder_or_date_and_an_unknown_name_is_explained(built):
    _, _, index, _ = built
    assert index.meeting("sjælland-2025-02-10").date == dt.date(2025, 2, 10)
    assert index.meeting("2025-02-10").kkr == "KKR Sjælland"
    with pytest.raises(KkrError, match="intet møde"):
        index.meeting("findes-ikke")


def test_the_index_is_kept_outside_the_archive_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "arkiv"
    root.mkdir()
    index = ArchiveIndex(root)
    index.refresh()
    assert index.path.is_file() and tmp_path / "cache" in index.path.parents
    assert os.listdir(root) == []


def test_a_meeting_folder_chosen_as_the_archive_is_explained(built, tmp_path):
    meeting = built[1][0].folder
    with pytest.raises(KkrError, match="mappen er et møde, ikke et arkiv"):
        ArchiveIndex(meeting, tmp_path / "index.sqlite").refresh()


def test_a_missing_archive_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KkrError, match="arkivet findes ikke"):
        ArchiveIndex(tmp_path / "ingen", tmp_path / "index.sqlite").refresh()


def test_each_meeting_shows_a_few_hits_and_one_meeting_can_show_them_all(built):
    _, _, index, _ = built
    capped = search_archive(index, "notat", limit=100, per_meeting=2)
    assert all(len(group.hits) == 2 < group.total for group in capped.groups)
    source = capped.groups[0].meeting.source
    alone = search_archive(index, "notat", Filters(meeting=source), per_meeting=100)
    assert [group.meeting.source for group in alone.groups] == [source]
    assert len(alone.groups[0].hits) == alone.total == capped.groups[0].total


@pytest.mark.slow
def test_two_refreshes_of_one_archive_at_once_leave_one_consistent_index(built, tmp_path):
    """Another window (or the CLI) may refresh the same archive while this refresh is between reading and storing."""
    index = copied(built, tmp_path)
    other = ArchiveIndex(index.root, index.path)
    bilag = index.root / "sjælland-2025-02-10" / "bilag" / "2.1-1.pdf"
    bilag.write_bytes(pdf_with_pages([["Samtidig ændring af kontrakten"]]))
    interrupted = []

    def meanwhile(done: int, total: int, _label: str) -> None:
        if done == 0 and total and not interrupted:
            interrupted.append(other.refresh())

    report = index.refresh(progress=meanwhile)
    assert interrupted[0].changed == ["sjælland-2025-02-10"] and report.changed == ["sjælland-2025-02-10"]
    assert len(index.meetings()) == 12
    hits = [(g.meeting.source, h.item_number, h.page) for g in search_archive(index, "samtidig").groups
            for h in g.hits]
    assert hits == [("sjælland-2025-02-10", "2.1", 1)]
    assert index.refresh().unchanged == 12


def test_notes_from_every_meeting_are_gathered_by_pack_id(built, tmp_path):
    from kkrdesk.core.archive.notes import archive_notes
    from kkrdesk.core.notes.model import Anchor, Note
    from kkrdesk.core.notes.store import NotesStore

    index = built[2]
    older, newer = index.meeting("sjælland-2024-02-10"), index.meeting("syddanmark-2025-06-11")
    for meeting, text in ((older, "Spørg til måltallene"), (newer, "Sammenlign med sidste år")):
        anchor = Anchor(quote="landstal", prefix="", suffix="", item_number="2.2", item_title="Landstal",
                        bilag_number=1, bilag_title="Notat", bilag_sha256="0" * 64, file_name="2.2-1.pdf", page=2)
        NotesStore(meeting.pack_id, tmp_path).add(Note(anchor=anchor, text=text))
    damaged = NotesStore(index.meeting("sjælland-2025-06-10").pack_id, tmp_path).path
    damaged.write_text("{", encoding="utf-8")
    found, problems = archive_notes(index, notes_folder=tmp_path)
    assert [(entry.meeting.source, entry.note.text) for entry in found] == [
        ("syddanmark-2025-06-11", "Sammenlign med sidste år"), ("sjælland-2024-02-10", "Spørg til måltallene")]
    assert [problem.file for problem in problems] == [str(damaged)]


@pytest.mark.slow
def test_texts_of_a_meeting_already_searched_are_copied_not_read_again(tmp_path, monkeypatch):
    from kkrdesk.core.archive import index as archive_index
    from kkrdesk.core.meeting.store import read_meeting
    from kkrdesk.core.search.index import SearchIndex, default_index_path

    monkeypatch.setenv("KKRDESK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "arkiv"
    [searched, fresh] = write_archive(root, kkrs=("KKR Sjælland",), years=(2025,), one_offs=0)
    meeting, _ = read_meeting(searched.folder)
    SearchIndex(default_index_path(searched.folder)).update(searched.folder, meeting)
    extracted = []
    real = archive_index.extract_text
    monkeypatch.setattr(archive_index, "extract_text", lambda path, **kw: extracted.append(path) or real(path, **kw))
    report = ArchiveIndex(root, tmp_path / "index.sqlite").refresh()
    # 3 item texts (the same in both meetings, stored once) and 6 bilag, 3 of them copied
    assert (report.documents_read, report.documents_copied) == (9, 3)
    assert sorted(path.parent.parent.name for path in extracted) == [fresh.folder.name] * 3
    hits = search_archive(ArchiveIndex(root, tmp_path / "index.sqlite"), "udpegninger side 3").groups
    assert {(g.meeting.source, h.page) for g in hits for h in g.hits} == {(searched.folder.name, 3),
                                                                        (fresh.folder.name, 3)}


@pytest.mark.slow
def test_a_damaged_bilag_is_reported_and_its_meeting_still_searched(built, tmp_path):
    index = copied(built, tmp_path)
    bilag = index.root / "syddanmark-2025-02-11" / "bilag" / "2.2-1.pdf"
    bilag.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ngarbage")
    report = index.refresh()
    assert report.changed == ["syddanmark-2025-02-11"]
    assert [p.file for p in report.problems] == [str(bilag)]
    groups = search_archive(index, "landstal", Filters(year=2025, kkr="KKR Syddanmark"), limit=100).groups
    found = {(g.meeting.source, h.bilag_number) for g in groups for h in g.hits}
    assert ("syddanmark-2025-02-11", None) in found             # the item's own text
    assert ("syddanmark-2025-02-11", 1) not in found            # the damaged bilag has no pages
    assert ("syddanmark-2025-06-11", 1) in found


@pytest.mark.slow
def test_a_bilag_that_cannot_be_opened_is_reported_and_the_rest_indexed(built, tmp_path):
    index = copied(built, tmp_path)
    bilag = index.root / "sjælland-2023-06-10" / "bilag" / "2.1-1.pdf"
    bilag.unlink()
    bilag.mkdir()                      # a folder where the file should be: stat works, reading fails
    gone = index.root / "sjælland-2023-06-10" / "bilag" / "2.2-1.pdf"
    gone.unlink()
    report = index.refresh()
    assert report.changed == ["sjælland-2023-06-10"]
    assert sorted((p.code, p.file) for p in report.problems) == [("missing-file", str(gone)),
                                                                   ("unreadable-file", str(bilag))]
    assert search_archive(index, "udpegninger", Filters(meeting="sjælland-2023-06-10")).total == 4


@pytest.mark.slow
def test_a_bilag_gone_while_it_is_read_is_reported_and_read_again_next_time(built, tmp_path, monkeypatch):
    from kkrdesk.core.archive import index as archive_index

    index = copied(built, tmp_path)
    bilag = index.root / "syddanmark-2023-02-11" / "bilag" / "2.1-1.pdf"
    bilag.write_bytes(pdf_with_pages([["Flyttet imens"]]))
    real = archive_index.extract_text

    def vanishing(path, **options):
        if Path(path) == bilag:
            raise FileNotFoundError(2, "No such file or directory", str(bilag))
        return real(path, **options)

    monkeypatch.setattr(archive_index, "extract_text", vanishing)
    report = index.refresh()
    assert [(p.code, p.file) for p in report.problems] == [("missing-file", str(bilag))]
    monkeypatch.setattr(archive_index, "extract_text", real)
    again = index.refresh()
    assert again.changed == ["syddanmark-2023-02-11"] and again.documents_read == 1
    assert search_archive(index, '"flyttet imens"').total == 1


@pytest.mark.slow
def test_a_meeting_in_the_archive_as_folder_and_packs_is_listed_and_searched_once(tmp_path):
    root = tmp_path / "arkiv"
    folder = MeetingSpec(root / "møde", "KKR Midtjylland", dt.date(2024, 9, 5), [
        {"number": "4", "title": "Turisme", "type": "Orienteringssag", "text": "Turismen.", "bilag": [("Analyse", 2)]}])
    write_meeting(folder)
    write_pack(folder.folder, root / "møde.kkrpack", version=1)
    other = MeetingSpec(tmp_path / "kilde", "KKR Nordjylland", dt.date(2024, 3, 1), [
        {"number": "5", "title": "Havne", "type": "Temadrøftelse", "text": "Havnene, første udgave.", "bilag": []}])
    write_meeting(other)
    write_pack(other.folder, root / "havne-v1.kkrpack", version=1)
    other.items[0]["text"] = "Havnene, anden udgave."
    write_meeting(other)
    write_pack(other.folder, root / "havne-v2.kkrpack", version=2)
    index = ArchiveIndex(root, tmp_path / "index.sqlite", pack_root=tmp_path / "packs")
    assert index.refresh().problems == []
    assert sorted(m.source for m in index.meetings()) == ["havne-v2.kkrpack", "møde"]
    assert [g.meeting.source for g in search_archive(index, "turismen").groups] == ["møde"]
    assert [g.meeting.source for g in search_archive(index, "havnene").groups] == ["havne-v2.kkrpack"]
    assert search_archive(index, "første").total == 0


def test_earlier_items_follow_a_change_in_the_archive(built, tmp_path):
    index = copied(built, tmp_path)
    newest = index.meeting("sjælland-2025-06-10")
    before = {r.meeting.source for r in related_items(index, newest, "2.1", limit=20)}
    assert "sjælland-2024-02-10" in before
    manifest = index.root / "sjælland-2024-02-10" / "meeting.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("Resultatkontrakt med Erhvervshus Sjælland 2024", "Vintertjeneste på vejene")
                        .replace("Erhvervshuset og kommunerne indgår hvert år en resultatkontrakt om vejledning af "
                                 "virksomheder.", "Snerydning.")
                        .replace("resultatkontrakt med erhvervshus sjælland 2024", "saltning"), encoding="utf-8")
    assert index.refresh().changed == ["sjælland-2024-02-10"]
    after = {(r.meeting.source, r.item_number) for r in related_items(index, newest, "2.1", limit=20)}
    assert ("sjælland-2024-02-10", "2.1") not in after and ("sjælland-2024-06-10", "2.1") in after
