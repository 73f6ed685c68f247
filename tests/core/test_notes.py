"""Personal notes: anchoring, surviving a new pack version (page inserted, item renumbered), orphans, export."""

from __future__ import annotations

import zipfile

import pytest

from kkrdesk.core.notes.anchoring import anchor_quote, locate
from kkrdesk.core.notes.documents import bilag_texts
from kkrdesk.core.notes.export import notes_markdown, write_notes_docx
from kkrdesk.core.notes.model import ORPHAN, BilagText, Note
from kkrdesk.core.notes.reattach import reattach
from kkrdesk.core.pack.diff import compare_pages
from kkrdesk.core.pack.opening import open_for_reading
from kkrdesk.core.pack.writer import write_pack
from tests.reader_helpers import make_meeting, new_version_with_page_inserted


def _bilag(pages, **overrides) -> BilagText:
    values = dict(item_number="2.2", item_title="Erhverv", bilag_number=1, bilag_title="Notat",
                  sha256="a" * 64, file_name="bilag/notat.pdf", pages=pages)
    values.update(overrides)
    return BilagText(**values)


PAGE = "Indledning.\nRådet anbefaler, at\nkommunerne styrker vejledningen af iværksættere.\nSlut."


def test_an_anchor_keeps_quote_context_and_hints():
    anchor = anchor_quote(_bilag(["Forside", PAGE]), 2, "styrker vejledningen")
    assert anchor.quote == "styrker vejledningen" and anchor.page == 2
    assert anchor.prefix.endswith("kommunerne ") and anchor.suffix.startswith(" af iværksættere")


def test_the_quote_is_found_exactly_then_with_other_line_breaks_then_fuzzily():
    anchor = anchor_quote(_bilag(["Forside", PAGE]), 2, "Rådet anbefaler, at kommunerne styrker")
    assert anchor is not None  # found across the line break
    moved = _bilag(["Ny forside", "Forside", PAGE], sha256="b" * 64)
    assert (locate(anchor, [moved]).page, locate(anchor, [moved]).method) == (3, "exact")
    reflowed = _bilag(["Rådet anbefaler,\n  at kommunerne\nstyrker vejledningen."], sha256="c" * 64)
    assert locate(anchor, [reflowed]).method == "normalised"
    edited = _bilag(["Rådet anbefaler, at kommunerne styrkede vejledningen."], sha256="d" * 64)
    assert locate(anchor, [edited]).method == "fuzzy"
    unrelated = _bilag(["Et helt andet emne om vejnettet."], sha256="e" * 64, bilag_title="Andet",
                       file_name="bilag/andet.pdf", item_title="Andet")
    assert locate(anchor, [unrelated]) is None


def test_context_picks_the_right_one_of_repeated_quotes():
    page = "Punkt A: kommunen godkender. Punkt B: regionen godkender. Punkt C: staten godkender."
    anchor = anchor_quote(_bilag([page]), 1, "godkender")
    anchor.prefix, anchor.suffix = "Punkt B: regionen ", ". Punkt C"
    found = locate(anchor, [_bilag([page])])
    assert page[found.start - 9:found.start] == "regionen "


def test_notes_that_cannot_be_found_are_orphans_never_dropped():
    note = Note(anchor=anchor_quote(_bilag([PAGE]), 1, "styrker vejledningen"), text="Husk!")
    report = reattach([note], [_bilag(["Teksten er skrevet helt om."], sha256="f" * 64)], version=2)
    assert report.orphans == [note] and note.status == ORPHAN and note.text == "Husk!"
    text = notes_markdown([note], "Møde")
    assert "ikke kunne genfindes" in text and "styrker vejledningen" in text and "Husk!" in text


def test_page_comparison_shows_one_inserted_page_not_a_cascade():
    old = [f"Side {n} tekst om emne {n}." for n in range(1, 6)]
    new = old[:2] + ["Helt ny side."] + old[2:]
    new[4] = new[4].replace("emne 4", "emne fire")
    changes = compare_pages(old, new)
    assert [(c.status, c.old_page, c.new_page) for c in changes] == \
        [("inserted", None, 3), ("changed", 4, 5)]
    assert changes[1].lines == ["-Side 4 tekst om emne 4.", "+Side 4 tekst om emne fire."]


@pytest.fixture
def homes(tmp_path):
    return {"extract_root": tmp_path / "cache", "history": tmp_path / "history",
            "notes_folder": tmp_path / "notes"}


@pytest.mark.slow
def test_a_note_survives_a_new_version_with_a_page_inserted_and_the_item_renumbered(tmp_path, homes):
    folder = make_meeting(tmp_path / "sekretariat")
    write_pack(folder, tmp_path / "v1.kkrpack", version=1)
    first = open_for_reading(tmp_path / "v1.kkrpack", **homes)
    assert first.changes is None
    target = next(b for b in bilag_texts(first.pack.index) if (b.item_number, b.bilag_number) == ("2.2", 1))
    anchor = anchor_quote(target, 6, "godkendte aftalen")
    first.notes.add(Note(anchor=anchor, text="Spørg til økonomien", pack_version=1))
    later = first.notes.add(Note(anchor=anchor_quote(target, 7, "mindre forbrug"), text="Følg op"))

    new_version_with_page_inserted(folder, "2.2", 1, before_page=4, new_item_number="2.3")
    with_change = (folder / "bilag" / "erhvervsfremme.pdf")
    assert with_change.is_file()
    write_pack(folder, tmp_path / "v2.kkrpack", version=2)
    second = open_for_reading(tmp_path / "v2.kkrpack", **homes)

    note = second.notes.get(first.notes.notes[0].id)
    assert (note.anchor.item_number, note.anchor.bilag_number, note.anchor.page) == ("2.3", 1, 7)
    assert note.status == "attached" and note.text == "Spørg til økonomien"
    page_text = second.pack.index.page_texts(note.anchor.bilag_sha256)[6]
    assert "godkendte aftalen" in page_text
    assert {n.id for n, _ in second.reattached.moved} == {note.id, later.id}
    lines = second.changes.lines()
    assert "Punkt 2.2 er nu punkt 2.3: Erhvervsfremme og iværksætteri" in lines
    bilag_change = next(c for c in second.changes.bilag if c.status == "changed")
    assert [p.describe() for p in bilag_change.pages] == ["ny side 4"]
    assert second.previous.version == 1
    reopened = open_for_reading(tmp_path / "v2.kkrpack", **homes)
    assert reopened.previous.version == 1 and not reopened.reattached.moved


def test_notes_export_to_word(tmp_path):
    note = Note(anchor=anchor_quote(_bilag(["Forside", PAGE]), 2, "styrker vejledningen"),
                text="Tag det op i KKR.")
    target = tmp_path / "noter.docx"
    write_notes_docx([note], "Møde i KKR Sjælland", target)
    body = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    assert "Mine noter – Møde i KKR Sjælland" in body and "Tag det op i KKR." in body
    assert "Side 2" in body
