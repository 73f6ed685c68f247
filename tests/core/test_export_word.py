"""The Word agenda without LibreOffice: template, TOC field, headings, bilag pages, properties, extras."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from kkrdesk.core.errors import KkrError
from kkrdesk.core.export.blocks import (
    Paragraph,
    Picture,
    Subheading,
    Table,
)
from kkrdesk.core.export.exporter import FIELDS_NOTE, ExportOptions, export_meeting
from kkrdesk.core.meeting.model import ItemType
from kkrdesk.core.meeting.store import read_meeting
from tests.export_fixtures import BilagSpec, ItemSpec, make_meeting, seed_like_items


def export_docx(folder: Path, target: Path):
    meeting, _ = read_meeting(folder)
    return export_meeting(folder, meeting, ExportOptions(docx=target, use_libreoffice=False), extras=[])


def instructions(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [node.text.strip() for node in document.element.body.iter()
            if node.tag.endswith("}instrText")]


@pytest.fixture(scope="module")
def agenda(tmp_path_factory):
    root = tmp_path_factory.mktemp("agenda")
    items = seed_like_items()
    items.append(ItemSpec("2.9", "Data fra undersøgelsen", ItemType.ORIENTERINGSSAG,
                          [BilagSpec("Besvarelser", kind="csv")]))
    items.append(ItemSpec("3.1", "Lukket personsag", bilag=[BilagSpec("Fortroligt", 2)], closed=True))
    folder = make_meeting(root / "møde", items)
    result = export_docx(folder, root / "dagsorden.docx")
    return result, docx.Document(str(result.docx))


def test_the_agenda_is_danish_a4_from_the_template(agenda):
    _, document = agenda
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    styles = document.styles.element.xml
    assert 'w:val="da-DK"' in styles


def test_it_has_a_toc_field_over_the_item_headings(agenda):
    result, _ = agenda
    assert instructions(result.docx)[0] == 'TOC \\o "1-1" \\h \\z \\u'


def test_each_open_item_is_a_heading_with_its_sections(agenda):
    _, document = agenda
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["2.1 Beslutningssag: Godkendelse af dagsorden",
                        "2.2 Temadrøftelse: Rammerne for det fremtidige samarbejde i KKR",
                        "2.4 Temadrøftelse: Den kollektive trafik i fremtiden",
                        "2.7 Orienteringssag: Rammeaftale for erhvervshusene",
                        "2.8 Meddelelser: Eventuelt",
                        "2.9 Orienteringssag: Data fra undersøgelsen"]
    subheadings = [p.text for p in document.paragraphs if p.style.name == "Underoverskrift"]
    assert subheadings[:3] == ["Resumé", "Indstilling", "Sagsfremstilling"]
    assert "Fortroligt" not in "\n".join(p.text for p in document.paragraphs)


def test_bilag_are_listed_with_their_page_in_the_pack(agenda):
    _, document = agenda
    listed = [p.text for p in document.paragraphs if p.style.name == "Bilagsliste"]
    assert listed == ["Bilag 1: Opsamling på undersøgelsen – bilagspakken side 2",
                      "Bilag 2: Evaluering 2025 – bilagspakken side 11",
                      "Bilag 1: Udspil om kollektiv trafik – bilagspakken side 29",
                      "Bilag 1: Rammeaftale 2024-2027 – bilagspakken side 39",
                      "Bilag 1: Besvarelser – vedlagt som fil; trykkes ikke i bilagspakken"]


def test_footer_counts_pages_and_properties_are_set(agenda):
    _result, document = agenda
    footer_xml = document.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml and "Side " in footer_xml
    properties = document.core_properties
    assert properties.title == "Dagsorden – Møde i KKR Sjælland, 27. februar 2025"
    assert properties.author == "KKR Sjælland"
    assert properties.language == "da-DK"
    assert properties.identifier == "25/00123"


def test_without_libreoffice_word_is_told_to_update_fields(agenda):
    result, _ = agenda
    with zipfile.ZipFile(result.docx) as archive:
        settings = archive.read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings
    assert settings.index("w:updateFields") < settings.index("w:compat")  # schema order
    assert not result.toc_updated and len(result.notes) == 1 and result.notes[0].startswith(FIELDS_NOTE)


def _png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(data, format="PNG")
    return data.getvalue()


def test_item_extras_are_inserted_and_a_failing_one_costs_only_itself(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Undersøgelse", bilag=[BilagSpec("Rapport", 1)]),
                                              ItemSpec("2", "Kontrakt", bilag=[])])
    seen = []

    def charts(context):
        seen.append((context.item.number, [b.key for b in context.bilag]))
        if context.item.number != "1":
            return []
        return [Subheading("Udvalgte resultater"), Paragraph("Svarprocent 80 %."),
                Table(("Spørgsmål", "Andel"), (("Enig", "62 %"),), caption="Tabel 1"),
                Picture(_png(), width_cm=30, caption="Figur 1")]

    def broken(context):
        raise KkrError("kunne ikke læse kontrakten")

    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False),
                            extras=[charts, broken])
    assert seen == [("1", ["1/1"]), ("2", [])]
    document = docx.Document(str(result.docx))
    texts = [p.text for p in document.paragraphs]
    assert "Udvalgte resultater" in texts and "Svarprocent 80 %." in texts and "Figur 1" in texts
    assert document.tables[0].cell(1, 1).text == "62 %"
    assert document.inline_shapes[0].width <= Cm(16.5)
    assert [p.code for p in result.problems] == ["extra-failed", "extra-failed"]
    assert "kunne ikke læse kontrakten" in result.problems[0].message


def test_agenda_pack_puts_bilag_after_their_item(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Trafik", bilag=[BilagSpec("Udspil", 2), BilagSpec("Notat om høring", 2, kind="docx")]),
        ItemSpec("2", "Budget", bilag=[BilagSpec("Budgetnotat", 1)])])
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False,
                                                           agenda_pack=True), extras=[])
    document = docx.Document(str(result.docx))
    assert instructions(result.docx)[0] == 'TOC \\o "1-2" \\h \\z \\u'
    order = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert order == [("Heading 1", "1 Beslutningssag: Trafik"), ("Heading 2", "Bilag 1: Udspil"),
                     ("Heading 2", "Bilag 2: Notat om høring"), ("Heading 1", "2 Beslutningssag: Budget"),
                     ("Heading 2", "Bilag 1: Budgetnotat")]
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("Afsnit 2: kommunerne drøfter") for t in texts)  # the DOCX bilag, merged
    merged_heading = next(p for p in document.paragraphs if p.text == "Notat om høring")
    assert merged_heading.style.name == "Bilagets overskrift 1"   # its own look, kept out of the TOC
    assert len(document.inline_shapes) == 2 + 1                 # PDF pages as images
    # Without LibreOffice the Word bilag has no pack pages; only a warning, as no pack was written.
    assert [(p.code, p.severity) for p in result.problems] == [("bilag-not-converted", "warning")]
    assert result.complete


def test_extra_providers_passed_to_the_export_are_used(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[])])

    def note(context):
        return [Paragraph(f"Tilføjet til punkt {context.item.number}.", italic=True)]

    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False),
                            extras=[note])
    assert "Tilføjet til punkt 1." in [p.text for p in docx.Document(str(result.docx)).paragraphs]


def test_a_failing_libreoffice_step_falls_back_to_updating_fields_on_open(tmp_path, monkeypatch):
    from kkrdesk.core.errors import KkrError
    from kkrdesk.core.export import exporter

    def broken_update(source, target, pdf=None, **_options):
        raise KkrError("LibreOffice blev ikke færdig med indholdsfortegnelsen på 240 sekunder.", file=source)

    monkeypatch.setattr(exporter, "can_update_indexes", lambda: True)
    monkeypatch.setattr(exporter, "update_indexes", broken_update)
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[])])
    meeting, _ = read_meeting(folder)
    result = exporter.export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx"), extras=[])
    assert not result.toc_updated and len(result.notes) == 1 and result.notes[0].startswith(FIELDS_NOTE)
    assert [(p.code, p.severity) for p in result.problems] == [("toc-not-updated", "warning")]
    with zipfile.ZipFile(result.docx) as archive:
        assert b"<w:updateFields" in archive.read("word/settings.xml")
    assert not list(tmp_path.glob(".d.*"))  # no temporary files left beside the agenda


def test_case_texts_keep_paragraphs_and_bullets(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Punkt", bilag=[])])
    meeting, _ = read_meeting(folder)
    meeting.items[0].sagsfremstilling = "Første afsnit.\n\nTo ting:\n- den ene\n- den anden\n\nSidste afsnit."
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False))
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(result.docx)).paragraphs]
    start = paragraphs.index(("Normal", "Første afsnit."))
    assert paragraphs[start:start + 5] == [("Normal", "Første afsnit."), ("Normal", "To ting:"),
                                           ("List Bullet", "den ene"), ("List Bullet", "den anden"),
                                           ("Normal", "Sidste afsnit.")]


def _drawing_descriptions(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode()
    import re

    return re.findall(r'<wp:docPr [^>]*?descr="([^"]*)"', document) + \
        ["" for _ in re.findall(r"<wp:docPr (?![^>]*descr=)[^>]*>", document)]


def _compatibility_modes(path: Path) -> list[int]:
    import re

    with zipfile.ZipFile(path) as archive:
        settings = archive.read("word/settings.xml").decode()
    return [int(v) for v in re.findall(r'w:name="compatibilityMode"[^>]*w:val="(\d+)"', settings)]


def test_every_drawing_has_alt_text_and_word_opens_it_in_modern_mode(tmp_path):
    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Trafik", bilag=[BilagSpec("Udspil", 2)]), ItemSpec("2", "Budget", bilag=[])])

    def charts(context):
        if context.item.number != "1":
            return []
        return [Picture(_png(), width_cm=16, caption="Figur 1", alt_text="Søjlediagram: Sorø 5, Ringsted 4."),
                Picture(_png(), width_cm=16, caption="Figur 2")]

    meeting, _ = read_meeting(folder)
    for agenda_pack in (False, True):
        target = tmp_path / f"d{agenda_pack}.docx"
        export_meeting(folder, meeting, ExportOptions(docx=target, use_libreoffice=False, agenda_pack=agenda_pack),
                       extras=[charts])
        descriptions = _drawing_descriptions(target)
        assert len(descriptions) == (2 + 2 if agenda_pack else 2)   # + the PDF bilag's two pages
        assert all(d.strip() for d in descriptions), descriptions
        assert descriptions[:2] == ["Søjlediagram: Sorø 5, Ringsted 4.", "Figur 2"]
        assert _compatibility_modes(target) and min(_compatibility_modes(target)) >= 15
    # the agenda pack's page images carry the page's text, so search and screen readers reach it
    assert "Udspil side 2 af 2" in descriptions[3] and descriptions[3].startswith("Bilag 1: Udspil, side 2 af 2:")


def test_tables_fit_the_text_block_and_repeat_their_header_row(tmp_path):
    folder = make_meeting(tmp_path / "møde", [ItemSpec("1", "Kontrakt", bilag=[])])
    rows = tuple(("Fejl", str(n), "Målet for kendskab er sat lavere end rammeaftalens mindstekrav " * 2, "8.1")
                 for n in range(40))

    def findings(context):
        return [Table(("Alvor", "Mål", "Fund", "Afsnit"), rows, caption="Fund")]

    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False),
                            extras=[findings])
    document = docx.Document(str(result.docx))
    table = document.tables[0]
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    grid = table._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
    twips = sum(int(col.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) for col in grid)
    indent = 108
    assert twips + indent <= text_width // 635      # EMU -> twips
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_official_text_names_no_tool(agenda):
    _result, document = agenda
    text = "\n".join(p.text for p in document.paragraphs)
    assert "kkrdesk" not in text.lower()
    assert "kkrdesk" not in (document.core_properties.comments or "").lower()
    assert document.core_properties.author == "KKR Sjælland"
    assert document.core_properties.title.startswith("Dagsorden – Møde i KKR Sjælland")


def test_agenda_pack_bilag_lists_point_at_the_bilag_headings_in_the_same_document(tmp_path):
    import re

    folder = make_meeting(tmp_path / "møde", [
        ItemSpec("1", "Trafik", bilag=[BilagSpec("Udspil", 2), BilagSpec("Data", kind="csv")]),
        ItemSpec("2.3", "Budget", bilag=[BilagSpec("Budgetnotat", 1)])])
    meeting, _ = read_meeting(folder)
    result = export_meeting(folder, meeting, ExportOptions(docx=tmp_path / "d.docx", use_libreoffice=False,
                                                           agenda_pack=True), extras=[])
    document = docx.Document(str(result.docx))
    body = document.element.body
    marks = {m.get(qn("w:name")): m.getparent() for m in body.iter(qn("w:bookmarkStart"))}
    references = [re.match(r"PAGEREF (\S+) \\h", text).group(1) for text in instructions(result.docx)
                  if text.startswith("PAGEREF")]
    assert references == ["kkr_bilag_1_1", "kkr_bilag_2_3_1"]      # the CSV is attached, not printed
    for name, heading in zip(references, ("Bilag 1: Udspil", "Bilag 1: Budgetnotat")):
        paragraph = marks[name]
        assert "".join(t.text for t in paragraph.iter(qn("w:t"))) == heading
    lists = [p.text for p in document.paragraphs if p.style.name == "Bilagsliste"]
    assert lists[0].startswith("Bilag 1: Udspil – side ") and "bilagspakken" not in lists[0]
    assert "bilagspakken" in lists[1]             # the attached CSV keeps its own wording


def test_alt_text_leaves_out_what_xml_cannot_hold():
    from kkrdesk.core.export.word_shapes import set_alt_text

    document = docx.Document()
    shape = document.add_paragraph().add_run().add_picture(io.BytesIO(_png()))
    set_alt_text(shape, "Side 1:\x02 Erhvervs\x00huse \ufffe i\n  Sjælland")
    assert shape._inline.docPr.get("descr") == "Side 1: Erhvervshuse i Sjælland"
