"""The import boundary: admission rules per use, the XML prolog check, PDF screening limits, and how library errors are told."""

from __future__ import annotations

import csv
import errno
import zipfile

import pytest

from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files import boundary
from kkrdesk.core.files.boundary import REASONS, Use, admit, check_cell, classify
from kkrdesk.core.files.ooxml import check_xml_parts
from kkrdesk.core.files.pdf_screen import screen_pdf
from tests.corpus.make_corpus import good_docx, good_pdf, text_pdf
from tests.factories import make_docx


def refused(path, use=Use.BILAG) -> BadFileError:
    with pytest.raises(BadFileError) as caught:
        admit(path, use)
    assert caught.value.file == str(path) and caught.value.hint
    return caught.value


def test_a_good_file_is_admitted_with_its_kind_pages_and_fingerprint(tmp_path):
    pdf = tmp_path / "bilag.pdf"
    pdf.write_bytes(good_pdf())
    admitted = admit(pdf, Use.BILAG, fingerprint=True)
    assert (admitted.kind, admitted.pdf.pages, admitted.pdf.needs_repair) == ("pdf", 3, False)
    assert len(admitted.sha256) == 64


def test_each_use_has_its_own_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "stor.csv"
    path.write_bytes(b"a;b\n1;2\n" * 100_000)
    monkeypatch.setitem(boundary._RULES, Use.RESULTS, boundary._RULES[Use.RESULTS].__class__(
        100_000, "Mindre.", boundary._RULES[Use.RESULTS].kinds, boundary._RULES[Use.RESULTS].wrong_kind))
    assert admit(path, Use.BILAG).kind == "csv"
    error = refused(path, Use.RESULTS)
    assert error.reason == "too-large" and "højst" in error.message


@pytest.mark.parametrize(("use", "reason"), [(Use.SURVEY, "not-survey"), (Use.CONTRACT, "unsupported"),
                                             (Use.RESULTS, "unsupported"), (Use.READER, "unsupported")])
def test_a_kind_the_use_cannot_read_is_refused_with_the_use_s_reason(tmp_path, use, reason):
    path = tmp_path / "data.bin"
    path.write_bytes(bytes(range(256)) * 8)
    assert refused(path, use).reason == reason


def test_a_name_promising_a_format_the_content_lacks(tmp_path):
    text = tmp_path / "referat.docx"
    text.write_text("Et referat i ren tekst.\n" * 3, encoding="utf-8")
    assert refused(text).reason == "not-a-zip"
    zip_without_word = tmp_path / "tom.xlsx"
    with zipfile.ZipFile(zip_without_word, "w") as archive:
        archive.writestr("noget.txt", "hej")
    assert refused(zip_without_word).reason == "damaged"
    docx_named_pdf = make_docx(tmp_path / "rapport.pdf")
    assert admit(docx_named_pdf, Use.BILAG).kind == "docx"   # the content decides when it has a format


def test_an_admitted_file_is_checked_again_once_it_changes(tmp_path):
    path = tmp_path / "noter.txt"
    path.write_text("Første udgave\nanden linje\n", encoding="utf-8")
    first = admit(path, Use.BILAG)
    assert admit(path, Use.BILAG) is first
    path.write_bytes(b"")
    assert refused(path).reason == "empty"


def _docx_with_document(tmp_path, body: bytes):
    path = tmp_path / "d.docx"
    path.write_bytes(good_docx())
    with zipfile.ZipFile(path) as archive:
        entries = [(i.filename, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries:
            archive.writestr(name, body if name == "word/document.xml" else data)
    with zipfile.ZipFile(path) as archive:
        return path, archive.infolist()


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><d/>',
    b'<?xml version="1.0"?>\n<!-- en kommentar -->\n<!DOCTYPE d SYSTEM "http://x.invalid/d.dtd"><d/>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d><d/>'.encode("utf-16"),
    b'<?xml version="1.0" encoding="ISO-8859-1"?><d/>',
    '<?xml version="1.0" encoding="UTF-32"?><d/>'.encode("utf-32"),
    b'<?xml version="1.0"?><!--' + b"x" * 70_000 + b"--><d/>",
])
def test_xml_parts_with_a_dtd_or_a_foreign_encoding_are_hostile(tmp_path, body):
    path, entries = _docx_with_document(tmp_path, body)
    with pytest.raises(BadFileError) as caught:
        check_xml_parts(path, entries, what="dokumentet")
    assert caught.value.reason == "hostile" and "word/document.xml" in caught.value.message


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document/>',
    '<?xml version="1.0" encoding="UTF-16"?><w:document/>'.encode("utf-16"),
    b"\xef\xbb\xbf<w:document><w:t>&lt;!DOCTYPE er tekst her</w:t></w:document>",
])
def test_ordinary_xml_parts_pass(tmp_path, body):
    path, entries = _docx_with_document(tmp_path, body)
    check_xml_parts(path, entries, what="dokumentet")


def test_pdf_screening_stops_at_its_time_limit_and_tries_again_later(tmp_path):
    pdf = tmp_path / "langsom.pdf"
    pdf.write_bytes(text_pdf([f"Ny PDF, som ingen har kontrolleret: {tmp_path.name}"]))  # no cached verdict
    with pytest.raises(BadFileError) as caught:
        screen_pdf(pdf, seconds=0.001)
    assert caught.value.reason == "timeout" and "sekunder" in caught.value.message
    assert screen_pdf(pdf).pages == 1       # a timeout is not remembered as the file's verdict


def test_pdf_screening_runs_under_its_memory_limit(tmp_path):
    pdf = tmp_path / "tung.pdf"
    pdf.write_bytes(text_pdf([f"Ny PDF, som ingen har kontrolleret: {tmp_path.name}"]))
    with pytest.raises(BadFileError) as caught:
        screen_pdf(pdf, memory_bytes=40 * 1024 * 1024)   # too little to even load qpdf
    assert caught.value.reason == "too-large" and "hukommelse" in caught.value.message


@pytest.mark.parametrize(("exception", "reason"), [
    (MemoryError(), "too-large"), (RecursionError(), "hostile"), (EOFError(), "truncated"),
    (zipfile.BadZipFile("File is not a zip file"), "truncated"),
    (csv.Error("field larger than field limit (131072)"), "too-large"),
    (csv.Error("line contains NUL"), "damaged"), (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "x"), "damaged"),
    (OSError(errno.EACCES, "Permission denied"), "missing"), (OSError("Truncated File Read"), "damaged"),
    (KeyError("word/document.xml"), "damaged"),
])
def test_library_errors_become_one_danish_message(tmp_path, exception, reason):
    error = classify(exception, tmp_path / "fil.xlsx", "regnearket")
    assert error.reason == reason and error.reason in REASONS
    assert error.message.startswith("regnearket") and error.hint


def test_a_cell_longer_than_excel_allows_is_refused(tmp_path):
    check_cell("x" * 32_767, tmp_path / "a.xlsx", "regnearket")
    with pytest.raises(BadFileError) as caught:
        check_cell("x" * 32_768, tmp_path / "a.xlsx", "regnearket")
    assert caught.value.reason == "too-large" and "32.767" in caught.value.message
