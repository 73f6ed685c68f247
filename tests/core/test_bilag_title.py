"""A new bilag's title: the document's own title when it is a real one, else a readable file name."""

from __future__ import annotations

import pikepdf
import pytest

from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.title import suggested_title, title_from_file_name
from tests.factories import make_docx, make_pdf


@pytest.mark.parametrize(("name", "title"), [
    ("2.4-bilag-1-udspil-kollektiv-trafik.pdf", "Udspil kollektiv trafik"),
    ("03_Opsamling_på_KKR_undersøgelse_2025.pdf", "Opsamling på KKR undersøgelse 2025"),
    ("Bilag 2 - KKR-evaluering 2025.docx", "KKR-evaluering 2025"),
    ("KKR-evaluering 2025.docx", "KKR-evaluering 2025"),
    ("rammeaftale.pdf", "Rammeaftale"),
    ("2025.pdf", "2025"),
])
def test_file_names_are_made_readable(name, title):
    assert title_from_file_name(name) == title


def _with_pdf_title(path, title):
    make_pdf(path, 2)
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Title"] = title
        pdf.save(path)
    return path


def test_a_pdf_with_a_real_title_gets_it(tmp_path):
    path = _with_pdf_title(tmp_path / "2.7-bilag-1-x.pdf", "Rammeaftale for erhvervshusene 2024-2027")
    assert suggested_title(path, FileKind.PDF, path.name) == "Rammeaftale for erhvervshusene 2024-2027"


@pytest.mark.parametrize("machine", ["Microsoft Word - udkast.docx", "untitled", "Dokument1", "  ", "x.pdf"])
def test_titles_programs_write_by_themselves_are_ignored(tmp_path, machine):
    path = _with_pdf_title(tmp_path / "03_Opsamling.pdf", machine)
    assert suggested_title(path, FileKind.PDF, path.name) == "Opsamling"


def test_a_word_document_title_from_its_properties(tmp_path):
    import docx

    path = make_docx(tmp_path / "bilag_2.docx")
    document = docx.Document(str(path))
    document.core_properties.title = "Evaluering af KKR-samarbejdet"
    document.save(str(path))
    assert suggested_title(path, FileKind.DOCX, path.name) == "Evaluering af KKR-samarbejdet"


def test_a_damaged_file_falls_back_to_its_name(tmp_path):
    path = tmp_path / "Notat om praktik.pdf"
    path.write_bytes(b"%PDF-1.7\nnot really")
    assert suggested_title(path, FileKind.PDF, path.name) == "Notat om praktik"
