"""A file's kind comes from its content; files kkrdesk must refuse say why in Danish."""

from __future__ import annotations

import zipfile

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.inspect import inspect_file
from kkrdesk.core.files.sniff import sniff_kind
from tests.factories import make_docx, make_pdf


def test_kinds(tmp_path):
    assert sniff_kind(make_pdf(tmp_path / "a.bin")) == "pdf"
    assert sniff_kind(make_docx(tmp_path / "a.xlsx")) == "docx"
    (tmp_path / "data.txt").write_text("KKR;Svar\nKKR Sjælland;22\nKKR Fyn;3\n", encoding="cp1252")
    assert sniff_kind(tmp_path / "data.txt") == "csv"
    (tmp_path / "note.csv").write_text("Bare en sætning uden struktur.\n", encoding="utf-8")
    assert sniff_kind(tmp_path / "note.csv") == "text"
    (tmp_path / "x.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20))
    assert sniff_kind(tmp_path / "x.png") == "image"


def test_xlsx_is_recognised(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Svar"
    book.save(tmp_path / "svar.dat")
    assert sniff_kind(tmp_path / "svar.dat") == "xlsx"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"),
    (b"PK\x03\x04" + bytes(30), "truncated"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600) + "EncryptedPackage".encode("utf-16-le"), "encrypted"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "unsupported"),
])
def test_refused_files(tmp_path, content, reason):
    path = tmp_path / "bilag.docx"
    path.write_bytes(content)
    with pytest.raises(BadFileError) as caught:
        sniff_kind(path)
    assert caught.value.reason == reason
    assert caught.value.file == str(path) and caught.value.hint


def test_macro_document_renamed_docx_is_refused(tmp_path):
    path = tmp_path / "makro.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         '<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00")
    with pytest.raises(BadFileError) as caught:
        sniff_kind(path)
    assert caught.value.reason == "macro"


@pytest.mark.parametrize("content_type, encoding", [
    ("application/vnd.ms-word.document.macroEnabled.main+xml", "utf-8"),
    ("APPLICATION/VND.MS-WORD.DOCUMENT.MACROENABLED.MAIN+XML", "utf-8"),
    ("application/vnd.ms-word.document.macroenabled.main+xml", "utf-8"),
    ("application/vnd.ms-excel.sheet.MacroEnabled.main+xml", "utf-16"),
    ("application/vnd.ms-office.VBAProject", "utf-8"),
])
def test_macro_content_type_is_found_in_any_casing(tmp_path, content_type, encoding):
    path = tmp_path / "makro.docx"
    types = f'<?xml version="1.0" encoding="{encoding.upper()}"?><Types><Override PartName="/word/document.xml" ' \
            f'ContentType="{content_type}"/></Types>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", types.encode(encoding))
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/VBAPROJECT.BIN.renamed", b"\x00")
    with pytest.raises(BadFileError) as caught:
        sniff_kind(path)
    assert caught.value.reason == "macro"


def test_a_macro_project_named_in_other_casing_is_found(tmp_path):
    path = tmp_path / "makro.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/VbaProject.BIN", b"\x00")
    with pytest.raises(BadFileError) as caught:
        sniff_kind(path)
    assert caught.value.reason == "macro"


def test_encrypted_pdf_is_refused_with_password_hint(shared):
    with pytest.raises(BadFileError) as caught:
        inspect_file(shared / "corpus" / "pikepdf" / "graph-encrypted.pdf")
    assert caught.value.reason == "encrypted"
    assert "adgangskode" in caught.value.message


def test_damaged_pdf_is_refused_not_crashing(tmp_path):
    good = make_pdf(tmp_path / "god.pdf", 2).read_bytes()
    broken = tmp_path / "skadet.pdf"
    broken.write_bytes(good[:200])
    try:
        facts = inspect_file(broken)
    except BadFileError as exc:
        assert exc.reason == "damaged"
    else:  # qpdf may repair what is left; then the count must be sane
        assert facts.pages is not None and facts.pages >= 0
