"""The Danish search index: stems, substrings, phrases, exclusions, page numbers and incremental updates."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkrdesk.core.meeting.model import AgendaItem, Meeting
from kkrdesk.core.meeting.store import read_meeting
from kkrdesk.core.search import index as search_index
from kkrdesk.core.search.index import SearchIndex
from kkrdesk.core.search.query import parse_query
from kkrdesk.core.search.snippet import marked
from kkrdesk.core.search.words import stem
from tests.reader_helpers import make_meeting, page_texts_for, write_pdf


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    root = tmp_path_factory.mktemp("search")
    folder = make_meeting(root)
    meeting, _ = read_meeting(folder)
    index = SearchIndex(root / "index.sqlite")
    report = index.update(folder, meeting)
    assert report.problems == []
    return folder, meeting, index


def _places(index, query):
    return [(h.item_number, h.bilag_number, h.page) for h in index.search(query).hits]


def test_danish_stemming_joins_inflections():
    assert stem("kommunalbestyrelsens") == stem("kommunalbestyrelse") == stem("Kommunalbestyrelsen")
    assert stem("år") != stem("ar")


def test_the_three_words_of_the_issue_are_found_on_their_pages(indexed):
    _, _, index = indexed
    assert _places(index, "erhvervshus") == [("2.2", 1, 3), ("2.4", 2, 2)]
    assert _places(index, "iværksættere") == [("2.2", 1, 3), ("2.4", 1, 4)]
    assert _places(index, "kommunalbestyrelsens") == [("2.2", 1, 6), ("2.4", 1, 2)]


def test_substrings_find_compound_words_and_mark_the_whole_word(indexed):
    _, _, index = indexed
    hits = index.search("opfølgning").hits
    assert [(h.item_number, h.page) for h in hits] == [("2.2", 7)]
    assert hits[0].highlight == "Budgetopfølgningen"
    assert "»Budgetopfølgningen«" in marked(hits[0].snippet, hits[0].marks)


def test_danish_letters_are_not_folded_and_case_is_ignored(indexed):
    _, _, index = indexed
    assert _places(index, "ÆRØ") == [("2.4", 1, 5)]
    assert _places(index, "aero") == []


def test_phrases_exclusions_and_alternatives(indexed):
    _, _, index = indexed
    assert _places(index, '"godkendte aftalen"') == [("2.2", 1, 6)]
    assert _places(index, '"aftalen godkendte"') == []
    assert _places(index, "erhvervshus -iværksættere") == [("2.4", 2, 2)]
    assert _places(index, "praktikpladser ELLER budgetopfølgningen") == [("2.2", 1, 7), ("2.4", 2, 1)]


def test_a_phrase_reaches_into_the_words_around_it(indexed):
    _, _, index = indexed
    assert _places(index, '"opfølgningen viser"') == [("2.2", 1, 7)]
    assert _places(index, '"erhvervshus sjæl"') == [("2.2", 1, 3)]
    assert _places(index, '"opfølgningen ser"') == []


def test_pieces_found_in_many_words_are_looked_for_by_scanning_with_the_same_results(indexed, monkeypatch):
    _, _, index = indexed
    queries = ["opfølgning", "erhvervshus", "iværksættere -erhvervshus", "kommun", "ÆRØ", "praktik*",
               '"opfølgningen viser"', '"godkendte aftalen"']
    listed = {query: _places(index, query) for query in queries}
    assert listed["kommun"] == [("2.2", 1, 6), ("2.4", 1, 2), ("2.4", 2, 1)]  # the DOCX table says "Kommune"
    monkeypatch.setattr(search_index, "MAX_EXPANDED_WORDS", 0)
    assert {query: _places(index, query) for query in queries} == listed


def test_item_texts_are_searched_too(indexed):
    _, _, index = indexed
    hits = index.search("fordelingen").hits
    assert [(h.item_number, h.bilag_number, h.page) for h in hits] == [("2.4", None, None)]
    assert hits[0].location() == "Punkt 2.4 (punktets tekst)"


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list('abcæøå "*-()^:+{}[]\\\'.,;|') + ["OR", "AND", "NEAR",
                                                                       "ELLER", "IKKE", "NOT"]),
                max_size=25).map("".join))
def test_any_user_input_searches_without_errors(indexed, text):
    _, _, index = indexed
    results = index.search(text)
    assert results.total >= len(results.hits)


def test_operators_only_make_an_empty_query():
    assert parse_query('AND OR ( " : ^').empty
    assert parse_query("og").clauses[0][0].words == ("og",)


@pytest.mark.slow
def test_updates_are_incremental_by_sha256(tmp_path):
    folder = make_meeting(tmp_path, docx=False, closed_item=False)
    meeting, _ = read_meeting(folder)
    index = SearchIndex(tmp_path / "index.sqlite")
    first = index.update(folder, meeting)
    assert first.indexed == 4  # two item texts, two PDFs
    assert index.update(folder, meeting).indexed == 0
    target = folder / meeting.items[0].bilag[0].file
    write_pdf(target, page_texts_for({2: "Et helt nyt ord: vindmøllepark."}, 3))
    report = index.update(folder, meeting)
    assert (report.indexed, report.removed) == (1, 1)
    assert _places(index, "vindmøllepark") == [("2.2", 1, 2)]
    assert _places(index, "erhvervshus") == []


@pytest.mark.slow
def test_a_broken_bilag_is_reported_not_fatal(tmp_path):
    folder = make_meeting(tmp_path, docx=False, closed_item=False)
    meeting, _ = read_meeting(folder)
    shutil.copyfile(folder / meeting.items[0].bilag[0].file, tmp_path / "spare.pdf")
    (folder / meeting.items[0].bilag[0].file).write_bytes(b"%PDF-1.7\nikke en rigtig pdf")
    report = SearchIndex(tmp_path / "index.sqlite").update(folder, meeting)
    assert len(report.problems) == 1 and "kunne ikke læses" in report.problems[0].message


def test_a_decision_is_searched_and_the_index_follows_when_it_changes_or_goes(tmp_path):
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem(number="2.2", title="Vækstplan", indstilling="Det indstilles, at KKR drøfter planen."),
        AgendaItem(number="2.3", title="Praktikpladser", beslutning="KKR **tiltrådte** fordelingen.")])
    index = SearchIndex(tmp_path / "index.sqlite")
    index.update(tmp_path, meeting)
    hits = index.search("tiltrådte").hits
    assert [(h.item_number, h.bilag_number, h.page) for h in hits] == [("2.3", None, None)]
    assert "Beslutning: KKR »tiltrådte« fordelingen" in marked(hits[0].snippet, hits[0].marks)
    assert hits[0].location() == "Punkt 2.3 (beslutning)"

    meeting.items[0].beslutning = "Godkendt med bemærkninger om busruter."
    meeting.items[1].beslutning = "Udsat til næste møde."
    index.update(tmp_path, meeting)
    assert _places(index, "busruter") == [("2.2", None, None)]
    assert _places(index, "udsat") == [("2.3", None, None)]
    assert _places(index, "tiltrådte") == []

    meeting.items[0].beslutning = ""
    index.update(tmp_path, meeting)
    assert _places(index, "busruter") == [] and _places(index, "bemærkninger") == []
    assert _places(index, "planen") == [("2.2", None, None)]      # the item's own text stays


def test_a_hit_in_the_decision_is_labelled_as_one_and_the_items_own_text_apart(tmp_path):
    meeting = Meeting(kkr="KKR Sjælland", date=dt.date(2025, 2, 27), items=[
        AgendaItem(number="2.2", title="Vækstplan for busruter", indstilling="Det indstilles, at KKR drøfter planen.",
                   beslutning="KKR godkendte planen.\n\nBeslutning: busruterne prioriteres.")])
    index = SearchIndex(tmp_path / "index.sqlite")
    index.update(tmp_path, meeting)
    assert [h.location() for h in index.search("godkendte").hits] == ["Punkt 2.2 (beslutning)"]
    assert [h.location() for h in index.search("indstilles").hits] == ["Punkt 2.2 (punktets tekst)"]
    assert [h.location() for h in index.search("planen").hits] == ["Punkt 2.2 (punktets tekst)",
                                                                     "Punkt 2.2 (beslutning)"]
    assert [h.location() for h in index.search("busruter*").hits] == ["Punkt 2.2 (punktets tekst)",
                                                                        "Punkt 2.2 (beslutning)"]
    assert [h.to_dict()["in_decision"] for h in index.search("planen").hits] == [False, True]
    meeting.items[0].beslutning = ""
    index.update(tmp_path, meeting)
    assert [h.location() for h in index.search("planen").hits] == ["Punkt 2.2 (punktets tekst)"]
