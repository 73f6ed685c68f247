"""Writes kkrdesk's own robustness corpus: broken, encrypted, absurd and hostile files, made by code.

Run ``python -m tests.corpus.make_corpus FOLDER`` to look at the files; the corpus test
writes them into a temporary folder. Nothing generated is committed. The same cases come
out every run (a fixed seed; encryption alone draws fresh random salts). The one case too
big to keep on disk, a 2 GB sparse file, is made by ``make_sparse`` at test time.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.pack_builders import HOSTILE_PACKS, build_pack

SEED = 20250227
FIXED_TIME = (2025, 1, 1, 0, 0, 0)
PAGE_TEXTS = (
    "Bilag til punkt 2.2. KKR drøfter samarbejdet om den kollektive trafik i regionen.",
    "Side to beskriver budgettet for 2025 og de næste skridt for erhvervsfremme.",
    "Sidste side: spørgsmål til drøftelse, og hvad sekretariatet anbefaler.",
)
SPARSE_BYTES = 2 * 1024 ** 3

CASES: dict[str, Callable[[], bytes]] = {}


def case(name: str):
    """Register a generator of one corpus file, by its relative name."""
    def register(function: Callable[[], bytes]) -> Callable[[], bytes]:
        CASES[name] = function
        return function
    return register


def make_corpus(folder: Path) -> list[Path]:
    """Write every case into ``folder``; returns the paths written."""
    folder = Path(folder)
    written = []
    for name, make in CASES.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())
        written.append(target)
    written += _survey_export(folder / "survey")
    return written


def make_sparse(path: Path, size: int = SPARSE_BYTES) -> Path:
    """A file of ``size`` bytes that takes no disk space (a hole), starting like a PDF."""
    with open(path, "wb") as handle:
        handle.write(b"%PDF-1.7\n")
        handle.truncate(size)
    return path


# -- PDF ---------------------------------------------------------------------------------------

def _pdf(objects: list[bytes], root: int = 1, *, xref: bool = True) -> bytes:
    """A PDF file from numbered objects (1-based, in order) with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe6\xf8\xe5\xc6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()


def _text_stream(text: str) -> bytes:
    escaped = text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    content = b"BT /F1 12 Tf 56 780 Td (" + escaped + b") Tj ET"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def text_pdf(texts=PAGE_TEXTS) -> bytes:
    """A plain text PDF, one page per text: 1 catalog, 2 pages, 3 font, then page+content pairs."""
    count = len(texts)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    for index, text in enumerate(texts):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * index))
        objects.append(_text_stream(text))
    return _pdf(objects)


@case("pdf/god-tre-sider.pdf")
def good_pdf() -> bytes:
    return text_pdf()


@case("pdf/afkortet-halvdelen.pdf")
def truncated_half() -> bytes:
    data = text_pdf()
    return data[: len(data) // 2]


@case("pdf/afkortet-kun-hovedet.pdf")
def truncated_head() -> bytes:
    return text_pdf()[:40]


def _bit_flipped(seed: int, flips: int) -> bytes:
    data = bytearray(text_pdf())
    rng = random.Random(SEED + seed)
    for _ in range(flips):
        at = rng.randrange(16, len(data))
        data[at] ^= 1 << rng.randrange(8)
    return bytes(data)


for _number in range(1, 9):
    case(f"pdf/bitflip-{_number}.pdf")(lambda n=_number: _bit_flipped(n, 4 * n))


@case("pdf/xref-forkerte-adresser.pdf")
def wrong_xref_offsets() -> bytes:
    data = text_pdf()
    head, _, tail = data.partition(b"xref\n")
    lines = tail.split(b"\n")
    for index in range(2, len(lines)):
        if lines[index].endswith(b" n "):
            lines[index] = b"%010d 00000 n " % (17 * index)
    return head + b"xref\n" + b"\n".join(lines)


@case("pdf/xref-mangler.pdf")
def missing_xref() -> bytes:
    data = text_pdf()
    return data[: data.index(b"xref\n")] + b"%%EOF\n"


@case("pdf/startxref-peger-forkert.pdf")
def wrong_startxref() -> bytes:
    data = text_pdf()
    head, _, _ = data.rpartition(b"startxref\n")
    return head + b"startxref\n999999999\n%%EOF\n"


@case("pdf/dybt-sidetrae.pdf")
def deep_page_tree() -> bytes:
    """1,000 nested /Pages nodes above a single page: pdfium spins on trees like this."""
    depth = 1000
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = 2 + level
        parent = b" /Parent %d 0 R" % (number - 1) if level else b""
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (number + 1, parent))
    page = 2 + depth
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R >>"
                   % (page - 1, page + 1))
    objects.append(_text_stream("Bunden af et dybt sidetræ."))
    return _pdf(objects)


@case("pdf/paastaar-en-million-sider.pdf")
def claims_a_million_pages() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               _text_stream("En side, der siger, den er en million.")]
    return _pdf(objects)


@case("pdf/en-million-delte-sider.pdf")
def a_million_shared_pages() -> bytes:
    """1,000 references to one node of 1,000 references to one page: 10^6 pages in 1 KB."""
    fan = b" ".join([b"3 0 R"] * 1000)
    leaves = b" ".join([b"4 0 R"] * 1000)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + fan + b"] /Count 1000000 >>",
               b"<< /Type /Pages /Parent 2 0 R /Kids [" + leaves + b"] /Count 1000 >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
               _text_stream("Samme side igen og igen.")]
    return _pdf(objects)


@case("pdf/sidetrae-i-ring.pdf")
def page_tree_loop() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
               b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
               b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
               _text_stream("En side i et sidetræ, der peger på sig selv.")]
    return _pdf(objects)


@case("pdf/ingen-sider.pdf")
def no_pages() -> bytes:
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


@case("pdf/tekst-med-pdf-navn.pdf")
def text_named_pdf() -> bytes:
    return b"Dette er en tekstfil, som nogen har kaldt .pdf.\n" * 20


def _encrypted(user: str, owner: str, revision: int, aes: bool) -> bytes:
    import pikepdf

    source = pikepdf.open(io.BytesIO(text_pdf()))
    out = io.BytesIO()
    source.save(out, encryption=pikepdf.Encryption(user=user, owner=owner, R=revision, aes=aes,
                                                         metadata=revision >= 4))
    return out.getvalue()


for _name, _user, _revision, _aes in (
        ("aes256-bruger", "bruger", 6, True), ("aes128-bruger", "bruger", 4, True),
        ("rc4-128-bruger", "bruger", 3, False), ("rc4-40-bruger", "bruger", 2, False),
        ("aes256-kun-ejer", "", 6, True), ("aes128-kun-ejer", "", 4, True),
        ("rc4-128-kun-ejer", "", 3, False)):
    case(f"pdf/krypteret-{_name}.pdf")(
        lambda u=_user, r=_revision, a=_aes: _encrypted(u, "ejer", r, a))


# -- Office files (ZIP packages) ---------------------------------------------------------------

def _active_content(name: str) -> bytes:
    from tests.hostile_pdfs import one_class_pdfs

    return one_class_pdfs()[name]


# PDFs with active content (scripts, launches, attachments): admitted everywhere, stripped from packs
ACTIVE_CONTENT = ("javascript-ved-sideaabning", "javascript-link", "launch-cmd-exe", "submitform", "gotor-smb",
                  "uri-file", "javascript-bag-next", "vedhaeftet-exe", "formularfelt-med-javascript-og-xfa",
                  "richmedia")
for _name in ACTIVE_CONTENT:
    case(f"pdf/aktivt-indhold-{_name}.pdf")(lambda name=_name: _active_content(name))


def _zip(entries: list[tuple[str, bytes]], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = method
            archive.writestr(info, data)
    return out.getvalue()


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _replaced(data: bytes, name: str, content: bytes) -> bytes:
    return _zip([(n, content if n == name else d) for n, d in _entries(data)])


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Notat til KKR"
    document.add_heading("Notat om samarbejdet", level=1)
    for text in PAGE_TEXTS:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Kommune", "Tilskud"
    table.cell(1, 0).text, table.cell(1, 1).text = "Ringsted", "1.200"
    buffer = io.BytesIO()
    document.save(buffer)
    return _zip(_entries(buffer.getvalue()))   # fixed times in the ZIP


def _xlsx(rows: list[list]) -> bytes:
    import datetime as dt

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.properties.created = workbook.properties.modified = dt.datetime(2025, 1, 1)
    sheet = workbook.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _zip(_entries(buffer.getvalue()))


TABLE = [["Kommune", "Indbyggere", "Andel"], ["Ringsted", 35000, 0.42], ["Køge", 62000, 0.58]]


@case("office/god.docx")
def good_docx() -> bytes:
    return _docx()


@case("office/god.xlsx")
def good_xlsx() -> bytes:
    return _xlsx(TABLE)


@case("office/tekst-med-docx-navn.docx")
def text_named_docx() -> bytes:
    return b"Et referat skrevet i Notesblok og gemt som .docx.\n" * 10


@case("office/tilfaeldige-bytes.xlsx")
def random_named_xlsx() -> bytes:
    return random.Random(SEED).randbytes(4096)


@case("office/afkortet.docx")
def truncated_docx() -> bytes:
    data = _docx()
    return data[: int(len(data) * 0.6)]


@case("office/afkortet.xlsx")
def truncated_xlsx() -> bytes:
    data = _xlsx(TABLE)
    return data[: int(len(data) * 0.6)]


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>\n")
EXTERNAL = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>\n'


@case("office/milliard-latter.docx")
def billion_laughs_docx() -> bytes:
    body = LAUGHS + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' \
        b"<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    return _replaced(_docx(), "word/document.xml", body)


SHEET = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         b'<row r="1"><c r="A1" t="inlineStr"><is><t>%s</t></is></c></row></sheetData></worksheet>')


@case("office/milliard-latter.xlsx")
def billion_laughs_xlsx() -> bytes:
    return _replaced(_xlsx([["x"]]), "xl/worksheets/sheet1.xml", LAUGHS + SHEET % b"&lol9;")


@case("office/ekstern-entitet.docx")
def external_entity_docx() -> bytes:
    body = EXTERNAL + b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' \
        b"<w:body><w:p><w:r><w:t>&ext;</w:t></w:r></w:p></w:body></w:document>"
    return _replaced(_docx(), "word/document.xml", body)


@case("office/ekstern-entitet.xlsx")
def external_entity_xlsx() -> bytes:
    return _replaced(_xlsx([["x"]]), "xl/worksheets/sheet1.xml", EXTERNAL + SHEET % b"&ext;")


@case("office/dtd-bag-lang-kommentar.docx")
def doctype_after_a_long_comment() -> bytes:
    entries = _entries(_docx())
    original = dict(entries)["word/document.xml"]
    declaration, _, rest = original.partition(b"?>")
    body = declaration + b"?>\n<!--" + b" fyld" * 20_000 + b" -->\n" + EXTERNAL.split(b"\n", 1)[1] + rest
    return _zip([(n, body if n == "word/document.xml" else d) for n, d in entries])


@case("office/dtd-i-utf16.docx")
def doctype_in_utf16() -> bytes:
    text = EXTERNAL.decode() + ('<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                'wordprocessingml/2006/main"><w:body/></w:document>')
    return _replaced(_docx(), "word/document.xml", text.replace('"1.0"?>', '"1.0" encoding="UTF-16"?>')
                     .encode("utf-16"))


@case("office/dtd-i-del-med-andet-navn.docx")
def doctype_in_an_oddly_named_part() -> bytes:
    return _zip(_entries(_docx()) + [("word/afsnit.dat", LAUGHS + b"<x>&lol9;</x>")])


@case("office/utf32-del.docx")
def utf32_part() -> bytes:
    text = '<?xml version="1.0" encoding="UTF-32"?><x/>'
    return _zip(_entries(_docx()) + [("customXml/item9.xml", text.encode("utf-32"))])


@case("office/makro-omdoebt.docx")
def macro_renamed() -> bytes:
    entries = _entries(_docx())
    types = dict(entries)["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    return _zip([(n, types if n == "[Content_Types].xml" else d) for n, d in entries]
                + [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(508))])


@case("office/million-raekker.xlsx")
def million_rows() -> bytes:
    """A real cell on row 1,048,576 and the dimension to match: Excel's largest sheet, claimed."""
    entries = _entries(_xlsx(TABLE))
    sheet = dict(entries)["xl/worksheets/sheet1.xml"]
    sheet = sheet.replace(b'<dimension ref="A1:C3"/>', b'<dimension ref="A1:XFD1048576"/>')
    sheet = sheet.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                          b"</sheetData>")
    return _zip([(n, sheet if n == "xl/worksheets/sheet1.xml" else d) for n, d in entries])


@case("office/krypteret.docx")
def encrypted_office() -> bytes:
    """An OLE compound file holding an EncryptedPackage stream, as Word saves with a password."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptedPackage".encode("utf-16-le") \
        + bytes(4096)


@case("office/gammelt-format.doc")
def legacy_doc() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4600)


# -- ZIP attacks -------------------------------------------------------------------------------

@case("zip/zipbombe.docx")
def zip_bomb() -> bytes:
    """A Word document carrying 300 MB of zeros packed into about 300 KB."""
    entries = _entries(_docx())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data,
                             compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("word/media/nuller.bin", date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            block = bytes(1024 * 1024)
            for _ in range(300):
                handle.write(block)
    return out.getvalue()


@case("zip/mange-dele.docx")
def too_many_entries() -> bytes:
    return _zip(_entries(_docx()) + [(f"word/media/del{i}.bin", b"x") for i in range(6000)],
                method=zipfile.ZIP_STORED)


@case("zip/overlappende-dele.docx")
def overlapping_entries() -> bytes:
    """One more central-directory record pointing into an existing entry's data (CVE-2024-0450)."""
    data = _docx()
    eocd = data.rindex(b"PK\x05\x06")
    entries, _directory_size, directory_offset = struct.unpack("<HII", data[eocd + 10:eocd + 20])
    first = data[directory_offset:directory_offset + 46]
    name_length, extra_length, comment_length = struct.unpack("<HHH", first[28:34])
    record = bytearray(data[directory_offset:directory_offset + 46 + name_length + extra_length
                            + comment_length])
    record[46:46 + name_length] = b"z" * name_length
    local_offset = struct.unpack("<I", record[42:46])[0]
    record[42:46] = struct.pack("<I", local_offset + 10)
    directory = data[directory_offset:eocd] + bytes(record)
    end = bytearray(data[eocd:])
    end[8:16] = struct.pack("<HHI", entries + 1, entries + 1, len(directory))
    return data[:directory_offset] + directory + bytes(end)


def _with_name(data: bytes, name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, content in _entries(data):
            archive.writestr(zipfile.ZipInfo(entry, date_time=FIXED_TIME), content,
                             compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("placeholder", date_time=FIXED_TIME)
        info.filename = name        # zipfile would clean the name up itself
        archive.writestr(info, b"ud af mappen")
    return out.getvalue()


@case("zip/sti-ud-af-mappen.docx")
def dot_dot_entry() -> bytes:
    return _with_name(_docx(), "../x")


@case("zip/absolut-sti.docx")
def absolute_entry() -> bytes:
    return _with_name(_docx(), "/tmp/kkrdesk-x")


@case("zip/sti-ud-af-mappen.kkrpack")
def dot_dot_pack() -> bytes:
    return _with_name(_zip([("pack.json", b"{}")]), "../../x")


@case("zip/ikke-zip.kkrpack")
def not_a_zip_pack() -> bytes:
    return b"Dette er ikke en pakke.\n"


@case("zip/afkortet.kkrpack")
def truncated_pack() -> bytes:
    data = _zip([("pack.json", b"{}"), ("meeting.toml", b"x" * 5000)])
    return data[: len(data) // 2]


# -- member packs made to hurt, built with zipfile and sqlite3 by tests/pack_builders.py --------
def _built_pack(make: Callable[[Path], Path]) -> Callable[[], bytes]:
    def bytes_of_pack() -> bytes:
        with tempfile.TemporaryDirectory() as work:
            return make(Path(work) / "pakke.kkrpack").read_bytes()
    return bytes_of_pack


case("pakker/god-fra-bunden.kkrpack")(_built_pack(build_pack))
for _hostile in HOSTILE_PACKS:
    case(f"pakker/{_hostile.name}.kkrpack")(_built_pack(_hostile.make))


# -- member packs whose meeting file was written by someone else -------------------------------

HOSTILE_HEAD = 'format = 1\n[meeting]\nkkr = "KKR Sjælland"\ndate = 2025-02-27\n'


def _pack(manifest: str) -> bytes:
    """A pack whose pack.json lists its files correctly (written here, not by kkrdesk's pack
    writer), so only the meeting file inside can be at fault."""
    import hashlib
    import json

    files = [("meeting.toml", manifest.encode("utf-8"), "manifest"),
             ("index.sqlite", b"ingen soegning i denne pakke", "index")]
    listing = [{"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
                "role": role} for name, data, role in files]
    info = {"format": "kkrdesk-pack", "format_version": 1, "pack_id": "6f1c0c9e-3d7a-4b8e-9a41-2f0e5c7d8b13", "version": 1,
            "created": "2025-02-20T10:00:00", "title": "Korpus", "kkr": "KKR Sjælland",
            "date": "2025-02-27", "includes_closed": False, "files": listing}
    return _zip([("pack.json", json.dumps(info).encode("utf-8"))] + [(n, d) for n, d, _ in files])


@case("pakke/punktnummer-er-en-sti.kkrpack")
def pack_number_as_path() -> bytes:
    return _pack(HOSTILE_HEAD + '[[items]]\nnumber = "../../offer"\ntitle = "Ondt"\n')


@case("pakke/dyb-moedefil.kkrpack")
def pack_deep_manifest() -> bytes:
    return _pack(HOSTILE_HEAD + "x = " + "[" * 100_000 + "]" * 100_000 + "\n")


@case("pakke/dato-findes-ikke.kkrpack")
def pack_impossible_date() -> bytes:
    return _pack(HOSTILE_HEAD.replace("2025-02-27", "2025-02-30"))


# -- CSV and text ------------------------------------------------------------------------------

ROWS_DA = [["Kommune", "Beløb", "Bemærkning"], ["Ringsted", "1.200,50", "Godkendt"],
           ["Køge", "980,00", "Afventer svar"], ["Næstved", "2.000,00", "Ændret budget"]]


def _csv(rows, separator: str) -> str:
    return "\r\n".join(separator.join(row) for row in rows) + "\r\n"


@case("csv/god-semikolon-utf8.csv")
def good_csv() -> bytes:
    return _csv(ROWS_DA, ";").encode("utf-8")


@case("csv/windows-1252.csv")
def cp1252_csv() -> bytes:
    return _csv(ROWS_DA, ";").encode("cp1252")


@case("csv/utf16-uden-bom.csv")
def utf16_without_bom() -> bytes:
    return _csv(ROWS_DA, "\t").encode("utf-16-le")


@case("csv/utf32.csv")
def utf32_csv() -> bytes:
    return _csv(ROWS_DA, ";").encode("utf-32")


@case("csv/forkert-separator-lodret-streg.csv")
def pipe_separated() -> bytes:
    return _csv(ROWS_DA, "|").encode("utf-8")


@case("csv/formler.csv")
def formula_injection() -> bytes:
    rows = [["Kommune", "Beløb", "Link"], ["=1+1", "+45 1234", '=HYPERLINK("http://eksempel.invalid","klik")'],
            ["@SUM(A1:A2)", "-2+3", "\tTAB"]]
    return _csv(rows, ";").encode("utf-8")


@case("csv/kaempe-felt.csv")
def huge_field() -> bytes:
    return b"Kommune;Tekst\r\nRingsted;" + b"x" * (2 * 1024 * 1024) + b"\r\n"


@case("csv/kun-mellemrum.csv")
def only_whitespace() -> bytes:
    return b" \r\n\t\r\n  \r\n"


@case("diverse/nul-byte.pdf")
def empty_pdf() -> bytes:
    return b""


@case("diverse/nul-byte.docx")
def empty_docx() -> bytes:
    return b""


@case("diverse/nul-byte.csv")
def empty_csv() -> bytes:
    return b""


@case("diverse/tilfaeldige-bytes.bin")
def random_bytes() -> bytes:
    return random.Random(SEED + 1).randbytes(8192)


@case("diverse/billede-afkortet.png")
def truncated_png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 60000, 60000) + b"\x08\x02"


def _scan_tiff() -> bytes:
    """A three-page bilevel scan, Group 4 as scanners write it, by ImageMagick (not the Pillow kkrdesk reads with)."""
    from tests.broken_images import tiff_by_imagemagick

    with tempfile.TemporaryDirectory() as work:
        return tiff_by_imagemagick(Path(work) / "scan.tif", ("scan",) * 3, "Group4").read_bytes()


@case("billede/scanning-tre-sider.tif")
def scan_tiff() -> bytes:
    return _scan_tiff()


@case("billede/scanning-afkortet.tif")
def truncated_scan_tiff() -> bytes:
    whole = _scan_tiff()
    return whole[:len(whole) // 2]


@case("billede/scanning-bombe.tif")
def bomb_tiff() -> bytes:
    """A TIFF page claiming 100,000 × 100,000 pixels, after a sound one."""
    from tests.broken_images import tiff_claiming

    return tiff_claiming((16, 8), (100_000, 100_000))


UNREACHABLE = "127.0.0.1:9"   # the discard port: nothing listens; the office tests use real listeners


@case("office/eksterne-links.docx")
def external_links_docx() -> bytes:
    """Linked pictures (http, ftp, file), INCLUDEPICTURE/INCLUDETEXT/LINK fields, a template, a
    sub-document, an altChunk, a linked OLE object and VML sources (issue 18, item 3)."""
    import tempfile

    from tests.hostile_office import Targets, hostile_docx

    with tempfile.TemporaryDirectory() as work:
        missing = Path("/nonexistent/kkrdesk")
        path = hostile_docx(Path(work) / "x.docx", Targets(f"http://{UNREACHABLE}", f"ftp://{UNREACHABLE}",
                                                           missing / "hemmelig.png", missing / "hemmelig.txt"))
        return _zip(_entries(path.read_bytes()))


@case("office/eksterne-links.xlsx")
def external_links_xlsx() -> bytes:
    """A WEBSERVICE formula, a web-query connection and a DDE external link."""
    data = _xlsx(TABLE + [["Hentet", f'=WEBSERVICE("http://{UNREACHABLE}/data")', 0]])
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return _zip(_entries(data) + [
        ("xl/connections.xml", f'<connections xmlns="{main}"><connection id="1" name="web" type="4">'
                               f'<webPr url="http://{UNREACHABLE}/q"/></connection></connections>'.encode()),
        ("xl/externalLinks/externalLink1.xml", f'<externalLink xmlns="{main}"><ddeLink ddeService="cmd" '
                                               'ddeTopic="/c calc"/></externalLink>'.encode())])


FORMULA_LABELS = {"Borgmester": "=Borgmester", "Øvrigt medlem": "@Øvrigt medlem",
                  "Distribueret": '=HYPERLINK("http://x.invalid";"Distribueret")'}


def _survey_export(folder: Path) -> list[Path]:
    """A small valid SurveyXact export (three CSVs and its mapping) and one whose labels look like
    spreadsheet formulas (they end up as table cells a user may copy into Excel)."""
    from tests.survey_exports import LABELS, MAPPING, write_export

    write_export(folder, "semicolon", stem="mini")
    labels = [[variable, code, FORMULA_LABELS.get(text, text)] for variable, code, text in LABELS]
    mapping = MAPPING.replace("Borgmester =", '"=Borgmester" =').replace('"Øvrigt medlem"',
                                                                        '"@Øvrigt medlem"')
    write_export(folder, "semicolon", stem="formler", labels=labels, mapping=mapping)
    return sorted(p for p in folder.iterdir() if p.is_file())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("brug: python -m tests.corpus.make_corpus MAPPE")
    for written in make_corpus(Path(sys.argv[1])):
        print(written)
