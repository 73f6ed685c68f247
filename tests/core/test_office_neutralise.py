"""The copy LibreOffice sees has no way out of the file: no external relationship, including field,
VML or SVG URL, template, sub-document, Excel link or fetching formula; the content stays."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from lxml import etree

from kkrdesk.core.office.neutralise import neutralised_copy
from tests.hostile_office import PKG, R, Targets, W, hostile_docx, write_secrets

HTTP, FTP = "http://127.0.0.1:9", "ftp://127.0.0.1:9"


def parts_of(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def external_targets(parts: dict[str, bytes]) -> list[tuple[str, str]]:
    found = []
    for name, data in parts.items():
        if name.endswith(".rels"):
            for rel in etree.fromstring(data).iter(f"{{{PKG}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    found.append((rel.get("Type").rsplit("/", 1)[-1], rel.get("Target")))
    return found


def test_every_way_out_of_a_word_file_is_cut_and_the_text_stays(tmp_path):
    picture, text = write_secrets(tmp_path / "privat")
    source = hostile_docx(tmp_path / "notat.docx", Targets(HTTP, FTP, picture, text))
    assert len(external_targets(parts_of(source))) == 9
    found = neutralised_copy(source, tmp_path / "ren.docx")
    parts = parts_of(tmp_path / "ren.docx")
    assert external_targets(parts) == [("hyperlink", "https://www.kl.dk/")]   # only the clickable link
    assert found.relationships == 8 and found.fields == 5
    everything = b"".join(parts.values()).decode("utf-8", "replace")
    for gone in ("127.0.0.1", "hemmelig", "INCLUDEPICTURE", "INCLUDETEXT", " LINK ", "attachedTemplate",
                 "altChunk", "subDoc", "OLEObject", "imagedata", "linkStyles"):
        assert gone not in everything, gone
    document = docx.Document(tmp_path / "ren.docx")      # still a Word file python-docx reads
    shown = [p.text for p in document.paragraphs]
    assert "Notat om samarbejdet i KKR – et bilag med eksterne henvisninger." in shown
    assert shown.count("feltresultat") == 4 and "KL" in shown
    assert b"simpelt felt" in parts["word/document.xml"]
    body = etree.fromstring(parts["word/document.xml"])
    link = body.find(f".//{{{W}}}hyperlink")
    assert link.get(f"{{{R}}}id") == "rIdLink"


def test_internal_pictures_and_fields_that_include_nothing_are_kept(tmp_path):
    document = docx.Document()
    document.add_picture(io.BytesIO(_png()))
    paragraph = document.add_paragraph()._p
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = etree.SubElement(paragraph, f"{{{W}}}r")
        if kind:
            etree.SubElement(run, f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": kind})
        else:
            element = etree.SubElement(run, f"{{{W}}}instrText" if text.strip() == "PAGE" else f"{{{W}}}t")
            element.text = text
    document.save(tmp_path / "plain.docx")
    found = neutralised_copy(tmp_path / "plain.docx", tmp_path / "ren.docx")
    assert found.total == 0
    parts = parts_of(tmp_path / "ren.docx")
    assert b"r:embed=" in parts["word/document.xml"] and b" PAGE " in parts["word/document.xml"]
    assert any(name.startswith("word/media/") for name in parts)


def test_a_field_split_over_runs_and_nested_is_still_recognised(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()._p
    # { INCLUDE{ QUOTE "" }PICTURE "http://…" } is no trick either: the outer instruction is judged whole
    sequence = [("begin", None), (None, " INCLUDEPIC"), (None, 'TURE "' + HTTP + '/x.png" '), ("begin", None),
                (None, " PAGE "), ("end", None), ("separate", None), ("end", None)]
    for kind, text in sequence:
        run = etree.SubElement(paragraph, f"{{{W}}}r")
        if kind:
            etree.SubElement(run, f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": kind})
        else:
            etree.SubElement(run, f"{{{W}}}instrText").text = text
    document.save(tmp_path / "nested.docx")
    found = neutralised_copy(tmp_path / "nested.docx", tmp_path / "ren.docx")
    xml = parts_of(tmp_path / "ren.docx")["word/document.xml"]
    assert found.fields == 1 and b"INCLUDEPIC" not in xml and b"127.0.0.1" not in xml
    assert b" PAGE " in xml


def test_a_hyperlink_field_whose_address_says_link_stays_clickable(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph()._p
    for kind, text in (("begin", None), (None, ' HYPERLINK "https://www.kl.dk/link/til/notat" '),
                       ("separate", None), ("end", None)):
        run = etree.SubElement(paragraph, f"{{{W}}}r")
        if kind:
            etree.SubElement(run, f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": kind})
        else:
            etree.SubElement(run, f"{{{W}}}instrText").text = text
    document.save(tmp_path / "link.docx")
    assert neutralised_copy(tmp_path / "link.docx", tmp_path / "ren.docx").fields == 0
    assert b"https://www.kl.dk/link/til/notat" in parts_of(tmp_path / "ren.docx")["word/document.xml"]


def test_excel_links_connections_and_fetching_formulas_are_cut(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = 'hej'
    sheet["A2"] = f'=WEBSERVICE("{HTTP}/data")'
    sheet["A3"] = "=SUM(1,2)"
    book.save(tmp_path / "ark.xlsx")
    parts = parts_of(tmp_path / "ark.xlsx")
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts["xl/connections.xml"] = (b'<connections xmlns="' + main + b'">'
                                   b'<connection id="1" name="web" type="4"><webPr url="' + HTTP.encode()
                                   + b'/q"/></connection></connections>')
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<ddeLink ddeService="cmd" ddeTopic="/c calc"/></externalLink>')
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{R}/externalLinkPath" '
        f'Target="file:///etc/passwd" TargetMode="External"/></Relationships>').encode()
    with zipfile.ZipFile(tmp_path / "fjendtlig.xlsx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    found = neutralised_copy(tmp_path / "fjendtlig.xlsx", tmp_path / "ren.xlsx")
    cleaned = parts_of(tmp_path / "ren.xlsx")
    everything = b"".join(cleaned.values())
    assert found.formulas == 1 and found.relationships == 1
    for gone in (b"WEBSERVICE", b"127.0.0.1", b"ddeLink", b"/etc/passwd", b"webPr"):
        assert gone not in everything, gone
    assert b"SUM(1,2)" in everything
    assert openpyxl.load_workbook(tmp_path / "ren.xlsx")["Sheet"]["A1"].value == "hej"


def test_a_workbook_embedded_in_a_word_file_is_neutralised_too(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = f'=WEBSERVICE("{HTTP}/data")'
    inner = io.BytesIO()
    book.save(inner)
    document = docx.Document()
    document.add_paragraph("Med et indlejret regneark.")
    document.save(tmp_path / "med.docx")
    parts = parts_of(tmp_path / "med.docx")
    parts["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = inner.getvalue()
    with zipfile.ZipFile(tmp_path / "med.docx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    found = neutralised_copy(tmp_path / "med.docx", tmp_path / "ren.docx")
    embedded = parts_of(tmp_path / "ren.docx")["word/embeddings/Microsoft_Excel_Worksheet.xlsx"]
    assert found.formulas == 1
    assert b"WEBSERVICE" not in b"".join(parts_of(io.BytesIO(embedded)).values())


def test_svg_pictures_lose_their_links_to_other_files(tmp_path):
    document = docx.Document()
    document.add_paragraph("SVG")
    document.save(tmp_path / "svg.docx")
    parts = parts_of(tmp_path / "svg.docx")
    parts["word/media/image9.svg"] = (b'<svg xmlns="http://www.w3.org/2000/svg" '
                                      b'xmlns:xlink="http://www.w3.org/1999/xlink">'
                                      b'<image xlink:href="file:///etc/passwd" width="5" height="5"/>'
                                      b'<use xlink:href="#own"/></svg>')
    with zipfile.ZipFile(tmp_path / "svg.docx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    neutralised_copy(tmp_path / "svg.docx", tmp_path / "ren.docx")
    svg = parts_of(tmp_path / "ren.docx")["word/media/image9.svg"]
    assert b"/etc/passwd" not in svg and b'href="#own"' in svg


def test_an_internal_html_chunk_and_upper_case_relationship_names_do_not_slip_through(tmp_path):
    document = docx.Document()
    document.add_paragraph("Før")
    document.save(tmp_path / "chunk.docx")
    parts = parts_of(tmp_path / "chunk.docx")
    rels = parts.pop("word/_rels/document.xml.rels").replace(
        b"</Relationships>", f'<Relationship Id="rIdH" Type="{R}/aFChunk" Target="chunk.html"/>'
        f'<Relationship Id="rIdX" Type="{R}/image" Target="{HTTP}/x.png" TargetMode="EXTERNAL"/>'
        "</Relationships>".encode())
    parts["word/_rels/DOCUMENT.xml.rels"] = rels
    parts["word/chunk.html"] = f'<html><body><img src="{HTTP}/y.png"><p>ikke lukket</body></html>'.encode()
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"</w:body>", f'<w:altChunk xmlns:r="{R}" r:id="rIdH"/><w:p><w:r><w:drawing><a:blip xmlns:a='
        f'"http://schemas.openxmlformats.org/drawingml/2006/main" r:link="rIdX" xmlns:r="{R}"/></w:drawing>'
        "</w:r></w:p></w:body>".encode())
    with zipfile.ZipFile(tmp_path / "chunk.docx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    neutralised_copy(tmp_path / "chunk.docx", tmp_path / "ren.docx")
    cleaned = parts_of(tmp_path / "ren.docx")
    assert b"altChunk" not in cleaned["word/document.xml"] and b"rIdX" not in cleaned["word/document.xml"]
    assert "word/chunk.html" not in cleaned          # markup no XML parser can read goes
    assert b"127.0.0.1" not in b"".join(cleaned.values())
    assert "Før".encode() in cleaned["word/document.xml"]


def _png() -> bytes:
    from tests.hostile_office import png
    return png(8, 8)


def test_every_entry_of_the_copy_is_a_regular_file_anyone_may_read(tmp_path):
    book = openpyxl.Workbook()
    book.active["A1"] = "Budget 2026"
    inner = io.BytesIO()
    book.save(inner)
    document = docx.Document()
    document.add_paragraph("Notat med et indlejret regneark og et billede.")
    document.add_picture(io.BytesIO(_png()))
    document.save(tmp_path / "notat.docx")
    parts = parts_of(tmp_path / "notat.docx")
    parts["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = inner.getvalue()
    with zipfile.ZipFile(tmp_path / "notat.docx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    neutralised_copy(tmp_path / "notat.docx", tmp_path / "ren.docx")
    with zipfile.ZipFile(tmp_path / "ren.docx") as copy:
        entries = copy.infolist()
        embedded = copy.read("word/embeddings/Microsoft_Excel_Worksheet.xlsx")
    with zipfile.ZipFile(io.BytesIO(embedded)) as workbook:
        entries += workbook.infolist()
    kinds = {name.rsplit(".", 1)[-1] for name in (e.filename for e in entries)}
    assert {"xml", "rels", "png", "xlsx"} <= kinds       # rewritten parts, copied parts, a nested package
    modes = {e.filename: (e.create_system, oct(e.external_attr >> 16)) for e in entries}
    assert modes == {e.filename: (3, "0o100644") for e in entries}
