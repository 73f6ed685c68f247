"""Office files are written with regular 0644 zip entries, whatever the library that made them wrote."""

from __future__ import annotations

import io
import stat
import zipfile

import docx

from kkrdesk.core.office.package_entries import docx_bytes, with_regular_entries

REGULAR_0644 = stat.S_IFREG | 0o644


def package(entries: dict[str, bytes]) -> bytes:
    """A zip as zipfile writes one from names: every entry 0600 and dated now."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def infos(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.infolist()


def contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_entries_become_regular_0644_files_with_their_content_order_and_dates():
    original = package({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 50,
                        "word/media/image1.png": bytes(range(256)) * 8})
    assert {info.external_attr >> 16 for info in infos(original)} == {0o600}
    again = with_regular_entries(original)
    assert [(i.create_system, i.external_attr >> 16) for i in infos(again)] == [(3, REGULAR_0644)] * 3
    assert list(contents(again).items()) == list(contents(original).items())
    assert [i.date_time for i in infos(again)] == [i.date_time for i in infos(original)]
    assert {i.compress_type for i in infos(again)} == {zipfile.ZIP_DEFLATED}


def test_a_fixed_date_makes_the_same_bytes_and_an_edit_changes_or_drops_a_part():
    original = package({"a.xml": b"<a/>", "docProps/thumbnail.jpeg": b"jpeg", "docProps/app.xml": b"<Pages>1</Pages>"})

    def edit(name: str, data: bytes) -> bytes | None:
        if name.endswith(".jpeg"):
            return None
        return data.replace(b"1", b"3") if name == "docProps/app.xml" else data

    first = with_regular_entries(original, date_time=(2025, 1, 1, 0, 0, 0), edit=edit)
    assert contents(first) == {"a.xml": b"<a/>", "docProps/app.xml": b"<Pages>3</Pages>"}
    assert {i.date_time for i in infos(first)} == {(2025, 1, 1, 0, 0, 0)}
    assert with_regular_entries(package(contents(original)), date_time=(2025, 1, 1, 0, 0, 0), edit=edit) == first


def test_a_python_docx_document_saves_with_regular_0644_entries_and_opens_again():
    document = docx.Document()
    document.add_paragraph("Dagsorden for mødet i KKR Sjælland")
    data = docx_bytes(document)
    assert {(i.create_system, i.external_attr >> 16) for i in infos(data)} == {(3, REGULAR_0644)}
    assert docx.Document(io.BytesIO(data)).paragraphs[-1].text == "Dagsorden for mødet i KKR Sjælland"
