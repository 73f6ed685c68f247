"""Fuzzing the readers of files from outside: the meeting manifest, survey exports (CSV and XLSX) and contracts (DOCX and PDF).

Whatever the bytes, a reader either reads them or raises kkrdesk's own error (ManifestError,
BadFileError) with a Danish message naming the file; nothing else escapes. Runs are
derandomised, so CI explores the same inputs every time (about a minute on two cores), and
the inputs worth keeping are kept as ``@example`` seeds; those marked "found" reproduce
what fuzzing found. For a deeper search, raise max_examples and turn derandomize off.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kkrdesk.core.contracts.document_text import read_document
from kkrdesk.core.errors import BadFileError, KkrError, ManifestError
from kkrdesk.core.meeting.manifest import dump_manifest, read_manifest_bytes
from kkrdesk.core.survey.export_reader import open_export
from tests.corpus.make_corpus import good_docx, text_pdf
from tests.factories import small_meeting

pytestmark = pytest.mark.slow
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
GOOD_MANIFEST = dump_manifest(small_meeting()).encode("utf-8")
GOOD_DOCX = good_docx()
TOML_PIECES = ["[meeting]", "[[items]]", "[[items.bilag]]", 'kkr = "KKR Sjælland"', "date = 2025-02-27",
               'number = "2.2"', 'file = "../x.pdf"', 'file = "/etc/passwd"', "pages = -1",
               "pages = 99999999999999999999", 'kind = "exe"', 'type = "Ukendt"', "format = 2",
               'title = """', "closed = 1", "[meeting.extra]", "= 1", "\x00", "\ufeff", "æøå", "\n"]


def refused_in_danish(error: KkrError, name: str) -> None:
    assert (error.message and error.hint) or error.problems
    assert name in error.format() or any(name in (p.file or "") for p in error.problems)


def mutated(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (position, length to cut, bytes to insert) applied in turn."""
    buffer = bytearray(data)
    for position, cut, insert in edits:
        at = position % (len(buffer) + 1)
        buffer[at:at + cut] = insert
    return bytes(buffer)


edits = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 64), st.binary(max_size=16)),
                 min_size=1, max_size=6)


# -- the meeting manifest ----------------------------------------------------------------------

@settings(FUZZ, max_examples=1000)
@given(raw=st.binary(max_size=2048))
@example(raw=b"\xef\xbb\xbf[meeting]\nkkr = 1\n")
@example(raw=GOOD_MANIFEST.replace(b"2.2", b"2.2\x00"))
def test_any_bytes_as_a_manifest(raw):
    try:
        read_manifest_bytes(raw, file="meeting.toml")
    except ManifestError as error:
        refused_in_danish(error, "meeting.toml")


@settings(FUZZ, max_examples=800)
@given(edits=edits, pieces=st.lists(st.sampled_from(TOML_PIECES), max_size=8))
@example(edits=[(0, 0, b"")], pieces=['file = "../x.pdf"'])
def test_a_damaged_manifest(edits, pieces):
    raw = mutated(GOOD_MANIFEST, edits) + "\n".join(pieces).encode("utf-8")
    try:
        read_manifest_bytes(raw, file="meeting.toml")
    except ManifestError as error:
        refused_in_danish(error, "meeting.toml")


# -- survey exports ----------------------------------------------------------------------------

cell = st.one_of(st.text(max_size=12), st.sampled_from(["", "1", "-3", "=1+1", '"', ";", "\t", "\r\n",
                                                          "Ved ikke", "questionName", "variableName"]))
table = st.lists(st.lists(cell, max_size=8), max_size=8)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le", "latin-1"])
separators = st.sampled_from([";", ",", "\t", "|"])


def _csv(rows, separator: str) -> str:
    return "\r\n".join(separator.join(row) for row in rows)


@settings(FUZZ, max_examples=400)
@given(tables=st.tuples(table, table, table), separator=separators, encoding=encodings,
       noise=st.binary(max_size=64))
@example(tables=([["a", "b"], ["1", "2"]], [["a", "1", "x"]],
                 [["questionName", "variableName", "questionType", "subType", "questionText",
                   "choiceValue", "choiceText"], ["a", "a", "Closed", "Single", "A", "1", "x"]]),
         separator=";", encoding="utf-16-le", noise=b"")
@example(tables=([], [], []), separator=";", encoding="utf-8", noise=b"\r\x01")   # found: csv.Error escaped
def test_three_csv_files_as_a_survey_export(tmp_path_factory, tables, separator, encoding, noise):
    folder = tmp_path_factory.mktemp("csv")
    for role, rows in zip(("dataset", "labels", "structure"), tables):
        data = _csv(rows, separator).encode(encoding, errors="replace") + noise
        (folder / f"u_{role}.csv").write_bytes(data)
    try:
        export = open_export(folder / "u_dataset.csv")
        export.read_dataset(list(export.variables))
    except BadFileError as error:
        assert error.message and error.hint and error.file


@settings(FUZZ, max_examples=150)
@given(sheets=st.dictionaries(st.sampled_from(["Dataset", "Labels", "Structure", "dataset", "Ark1"]),
                              st.lists(st.lists(st.one_of(st.none(), st.integers(), cell), max_size=6),
                                       max_size=6), min_size=1, max_size=3))
def test_a_workbook_as_a_survey_export(tmp_path_factory, sheets):
    import openpyxl

    path = tmp_path_factory.mktemp("xlsx") / "eksport.xlsx"
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([_cell_value(value) for value in row])
    workbook.save(path)
    try:
        export = open_export(path)
        export.read_dataset(list(export.variables))
    except BadFileError as error:
        assert error.message and error.hint and error.file == str(path)


def _cell_value(value):
    """openpyxl refuses control characters in cells; a real workbook cannot hold them either."""
    return "".join(ch for ch in value if ch >= " ") if isinstance(value, str) else value


@settings(FUZZ, max_examples=300)
@given(edits=edits)
@example(edits=[(30, 4, b"")])                       # the local header's name length
def test_a_damaged_workbook_as_a_survey_export(tmp_path_factory, edits):
    from tests.survey_exports import write_export

    folder = tmp_path_factory.mktemp("skadet")
    source = write_export(folder, "xlsx")
    source.write_bytes(mutated(source.read_bytes(), edits))
    try:
        open_export(source)
    except BadFileError as error:
        assert error.message and error.hint and error.file == str(source)


# -- contracts ---------------------------------------------------------------------------------

paragraphs = st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=12)


@settings(FUZZ, max_examples=150)
@given(texts=paragraphs, cells=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=3), max_size=4))
@example(texts=["Resultatkontrakt 2025", "Mål 1: 1.200 virksomheder"], cells=[["Mål", "Målværdi"]])
def test_a_word_document_of_any_text_as_a_contract(tmp_path_factory, texts, cells):
    import docx

    path = tmp_path_factory.mktemp("docx") / "kontrakt.docx"
    document = docx.Document()
    for text in texts:
        document.add_paragraph(_xml_text(text))
    if cells:
        table = document.add_table(rows=len(cells), cols=max(len(row) for row in cells))
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                table.cell(r, c).text = _xml_text(text)
    document.save(str(path))
    try:
        read_document(path)
    except BadFileError as error:
        assert error.reason in {"empty", "too-large"} and error.file == str(path)


def _xml_text(text: str) -> str:
    """XML 1.0 cannot carry most control characters or lone surrogates; Word cannot either."""
    return "".join(ch for ch in text if ch in "\t\n" or (ch >= " " and not 0xD800 <= ord(ch) <= 0xDFFF
                                                          and ch not in "\ufffe\uffff"))


@settings(FUZZ, max_examples=400)
@given(edits=edits)
@example(edits=[(0, 2, b"PK")])
@example(edits=[(10, 0, b"<!DOCTYPE x>")])
def test_a_damaged_word_document_as_a_contract(tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("skadet") / "kontrakt.docx"
    path.write_bytes(mutated(GOOD_DOCX, edits))
    try:
        read_document(path)
    except BadFileError as error:
        assert error.file == str(path) and error.hint


@settings(FUZZ, max_examples=40)
@given(texts=st.lists(st.text(alphabet=st.characters(codec="cp1252", exclude_categories=["Cc", "Cs"]),
                              max_size=80), min_size=1, max_size=3),
       edits=st.one_of(st.just([]), edits))
@example(texts=["Resultatkontrakt 2025 (Mål 1)"], edits=[])
def test_a_pdf_of_any_text_or_damaged_bytes_as_a_contract(tmp_path_factory, texts, edits):
    path = tmp_path_factory.mktemp("pdf") / "kontrakt.pdf"
    path.write_bytes(mutated(text_pdf(texts), edits) if edits else text_pdf(texts))
    try:
        read_document(path)
    except BadFileError as error:
        assert error.file == str(path) and error.hint


def test_mutation_helper_changes_bytes_where_asked():
    assert mutated(b"abcdef", [(2, 2, b"XY")]) == b"abXYef"
    assert mutated(b"abc", [(10, 0, b"!")]) == b"ab!c"                   # positions wrap around
    with zipfile.ZipFile(io.BytesIO(GOOD_DOCX)) as archive:
        assert "word/document.xml" in archive.namelist()
