"""Contract files to located text, and the one door that turns every bad file into a Danish message."""

import struct
import zipfile

import docx
import pytest
from docx.oxml import parse_xml

from kkrdesk.core.contracts import document_text
from kkrdesk.core.contracts.reading import read_document
from kkrdesk.core.contracts.review import review_contract
from kkrdesk.core.errors import BadFileError
from tests.contract_factory import CLEAN_SPECS, write_pdf

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path, build):
    document = docx.Document()
    build(document)
    document.save(path)
    return path


def test_paragraphs_and_cells_come_in_document_order_with_places(tmp_path):
    def build(document):
        document.add_heading("Resultatkontrakt 2025", level=0)
        document.add_paragraph("Første afsnit.")
        document.add_paragraph("")
        table = document.add_table(rows=3, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Mål", "Målværdi"
        table.cell(1, 0).text, table.cell(1, 1).text = "Mål 2: Kendskab", "50 %"
        table.cell(1, 0).merge(table.cell(2, 0))
        table.cell(2, 1).text = "55 %"
        document.add_paragraph("Efter tabellen.")

    read = read_document(make_docx(tmp_path / "a.docx", build))
    assert [b.text for b in read.blocks] == ["Resultatkontrakt 2025", "Første afsnit.", "Mål",
                                             "Målværdi", "Mål 2: Kendskab", "50 %", "55 %",
                                             "Efter tabellen."]
    places = [b.location.describe() for b in read.blocks]
    assert places[:2] == ["afsnit 1", "afsnit 2"]
    assert places[5] == "tabel 1, række 2, kolonne 2"
    assert places[-1] == "afsnit 3"
    assert read.blocks[0].heading and not read.blocks[1].heading
    merged = read.tables[0].rows[2][0]
    assert merged is read.tables[0].rows[1][0], "a merged cell is the same block in every row"


def test_content_controls_and_tracked_changes(tmp_path):
    def build(document):
        body = document.element.body
        body.insert(0, parse_xml(
            f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>Inde i et indholdsfelt</w:t></w:r></w:p>'
            '</w:sdtContent></w:sdt>'))
        body.insert(1, parse_xml(
            f'<w:p {W_NS}><w:r><w:t xml:space="preserve">NPS på mindst </w:t></w:r>'
            '<w:del w:id="1" w:author="x"><w:r><w:delText>65</w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="x"><w:r><w:t>70</w:t></w:r></w:ins></w:p>'))

    read = read_document(make_docx(tmp_path / "b.docx", build))
    assert [b.text for b in read.blocks] == ["Inde i et indholdsfelt", "NPS på mindst 70"]


def test_word_page_breaks_give_page_numbers(shared):
    read = read_document(shared / "corpus" / "python-docx" / "par-rendered-page-breaks.docx")
    assert read.pages is not None and read.pages > 1
    assert read.blocks[0].location.page == 1


def test_a_pdf_gives_paragraphs_and_cells_with_pages(tmp_path):
    read = read_document(write_pdf(CLEAN_SPECS["mixed"], tmp_path / "c.pdf"))
    texts = [b.text for b in read.blocks]
    assert texts[0] == "Resultatkontrakt 2025 mellem KKR Sjælland og Erhvervshus Sjælland"
    wrapped = next(t for t in texts if t.startswith("Kendskabsgraden"))
    assert wrapped.endswith("mindst 50 procent. Blandt de virksomheder, der kender huset, skal "
                            "mindst 55 procent kende husets tilbud i 2025, og i 2027 skal "
                            "andelen være mindst 65 procent.")
    assert "Målværdi 2025" in texts
    assert read.blocks[0].location.describe() == "side 1, afsnit 1"
    assert read.pages == max(b.location.page for b in read.blocks)


def assert_refused(path, reason):
    with pytest.raises(BadFileError) as caught:
        read_document(path)
    assert caught.value.reason == reason, caught.value.format()
    assert caught.value.file == str(path)
    return caught.value


@pytest.mark.parametrize(("name", "reason"), [
    ("apache-poi/bug53475-password-is-pass.docx", "encrypted"),
    ("apache-poi/truncated62886.docx", "truncated"),
    ("apache-poi/ContentTypeHasEntities.ooxml", "hostile"),
    ("apache-poi/PackageRelsHasEntities.ooxml", "hostile"),
    ("apache-poi/OPCCompliance_DerivedPartNameFAIL.docx", "damaged"),
    ("mammoth/strict-format.docx", "damaged"),
    ("mammoth/empty.docx", "empty"),
    ("pikepdf/graph-encrypted.pdf", "encrypted"),
    ("pikepdf/congress.pdf", "empty"),
    ("qpdf/deep-pages.pdf", "hostile"),
    ("apache-poi/54764.xlsx", "hostile"),         # an entity bomb is refused whatever it is used for
])
@pytest.mark.slow
def test_third_party_bad_files_get_a_reason(shared, name, reason):
    error = assert_refused(shared / "corpus" / name, reason)
    assert error.hint


@pytest.mark.parametrize("name", ["mammoth/tables.docx", "python-docx/test.docx",
                                  "apache-poi/delins.docx", "pikepdf/fourpages.pdf"])
@pytest.mark.slow
def test_documents_that_are_no_contract_say_so(shared, name):
    with pytest.raises(BadFileError) as caught:
        review_contract(shared / "corpus" / name)
    assert caught.value.reason == "not-a-contract"
    assert "ligner ikke en resultatkontrakt" in caught.value.message


def test_empty_and_foreign_files(tmp_path):
    empty = tmp_path / "tom.docx"
    empty.write_bytes(b"")
    assert_refused(empty, "empty")
    text = tmp_path / "noter.txt"
    text.write_text("Resultatkontrakt 2025\nMål 1: noget\n", encoding="utf-8")
    assert_refused(text, "unsupported")
    old_word = tmp_path / "gammel.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert_refused(old_word, "unsupported")
    assert_refused(tmp_path / "findes-ikke.docx", "missing")


def test_a_doctype_in_any_part_is_refused(tmp_path):
    path = make_docx(tmp_path / "dtd.docx", lambda d: d.add_paragraph("Resultatkontrakt"))
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(hostile, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaa">]>', 1)
            target.writestr(info, data)
    error = assert_refused(hostile, "hostile")
    assert "DOCTYPE" in error.message


def test_duplicate_and_overlapping_entries_are_refused(tmp_path):
    path = make_docx(tmp_path / "ok.docx", lambda d: d.add_paragraph("Resultatkontrakt"))
    overlapping = tmp_path / "overlap.docx"
    overlapping.write_bytes(_with_overlapping_entry(path.read_bytes()))
    assert "overlapper" in assert_refused(overlapping, "hostile").message
    duplicate = tmp_path / "duplicate.docx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(duplicate, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            target.writestr("word/document.xml", source.read("word/document.xml"))
    assert "samme navn" in assert_refused(duplicate, "hostile").message


def _with_overlapping_entry(data: bytes) -> bytes:
    """The package plus one more central-directory entry pointing into an existing entry's data."""
    eocd = data.rindex(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack("<HII", data[eocd + 10:eocd + 20])
    first = data[cd_offset:cd_offset + 46]
    name_length, extra_length, comment_length = struct.unpack("<HHH", first[28:34])
    record = data[cd_offset:cd_offset + 46 + name_length + extra_length + comment_length]
    name = b"z" * name_length
    offset = struct.unpack("<I", record[42:46])[0] + 10
    copy = record[:42] + struct.pack("<I", offset) + name + record[46 + name_length:]
    directory = data[cd_offset:cd_offset + cd_size] + copy
    end = (data[eocd:eocd + 8] + struct.pack("<HHII", entries + 1, entries + 1, len(directory),
                                             cd_offset) + data[eocd + 20:])
    return data[:cd_offset] + directory + end


def test_a_document_far_too_long_for_a_contract_is_refused(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "long.docx",
                     lambda d: [d.add_paragraph(f"Afsnit {i}") for i in range(50)])
    monkeypatch.setattr(document_text, "CONTRACT_MAX_BLOCKS", 20)
    assert_refused(path, "too-large")
