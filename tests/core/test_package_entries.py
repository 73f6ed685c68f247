"""Office files are written with regular 0644 zip entries, whatever the library that made them wrote."""

from __future__ import annotations

import io
import stat
import struct
import zipfile

import docx
import pytest

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


def central_directory_start(data: bytes) -> int:
    end = data.rfind(b"PK\x05\x06")
    return struct.unpack_from("<L", data, end + 16)[0]


def local_dates(data: bytes) -> set[tuple[int, int]]:
    """Each entry's (time, date) as its local header stores it (zipfile reads only the central one)."""
    return {struct.unpack_from("<2H", data, info.header_offset + 10) for info in infos(data)}


def mixed_package() -> bytes:
    """Entries compressed at level 1, one stored and one named with æøå, and an archive comment."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b"KKR Sj\xc3\xa6lland " * 400 + b"</w:document>")
        archive.writestr("word/media/billede.png", bytes(range(256)) * 4, compress_type=zipfile.ZIP_STORED)
        archive.writestr("bilag/Ærø og Læsø.xml", "<t>Ærø</t>".encode())
        archive.comment = b"kkrdesk"
    return buffer.getvalue()


def test_without_an_edit_the_compressed_data_is_kept_and_only_the_central_directory_changes():
    original = mixed_package()
    again = with_regular_entries(original)
    start = central_directory_start(original)
    assert len(again) == len(original) and again[:start] == original[:start]   # every entry's bytes as they were
    assert [(i.create_system, i.external_attr >> 16) for i in infos(again)] == [(3, REGULAR_0644)] * 3
    assert [(i.compress_type, i.compress_size) for i in infos(again)] == \
        [(i.compress_type, i.compress_size) for i in infos(original)]
    assert contents(again) == contents(original)
    with zipfile.ZipFile(io.BytesIO(again)) as archive:
        assert archive.testzip() is None and archive.comment == b"kkrdesk"


def test_a_fixed_date_is_written_into_both_headers_of_every_entry():
    original = mixed_package()
    dated = with_regular_entries(original, date_time=(2025, 2, 27, 10, 30, 14))
    assert {i.date_time for i in infos(dated)} == {(2025, 2, 27, 10, 30, 14)}
    assert local_dates(dated) == {((10 << 11) | (30 << 5) | 7, (45 << 9) | (2 << 5) | 27)}
    assert contents(dated) == contents(original)
    with zipfile.ZipFile(io.BytesIO(dated)) as archive:
        assert archive.testzip() is None


def test_a_package_that_is_no_zip_is_kkrdesks_own_error():
    from kkrdesk.core.errors import InternalError

    with pytest.raises(InternalError, match="indholdsfortegnelsen mangler"):
        with_regular_entries(b"PK\x03\x04 no central directory")
