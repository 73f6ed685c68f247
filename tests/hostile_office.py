"""Word and Excel files that point LibreOffice outside the input, and listeners that notice if it goes there.

The files are made by python-docx/openpyxl and then edited at the XML level by hand (lxml on the
ZIP parts), a different route from kkrdesk's own writer and from its neutraliser.
"""

from __future__ import annotations

import http.server
import io
import shutil
import socket
import struct
import subprocess
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
import pikepdf
from lxml import etree

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
REL_IMAGE = R + "/image"
SECRET_TEXT = "KKRDESK-HEMMELIG-7f3a9c"
SECRET_IMAGE_SIZE = (37, 23)   # no other picture in these tests has this size


def png(width: int, height: int, rgb=(200, 30, 30), text: str = "") -> bytes:
    """A plain RGB PNG written by hand (optionally with a tEXt chunk carrying ``text``)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    extra = chunk(b"tEXt", b"Comment\x00" + text.encode()) if text else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def write_secrets(folder: Path) -> tuple[Path, Path]:
    """A private picture and a private text file that must never reach any output."""
    folder.mkdir(parents=True, exist_ok=True)
    picture = folder / "hemmelig.png"
    picture.write_bytes(png(*SECRET_IMAGE_SIZE, rgb=(10, 200, 10), text=SECRET_TEXT))
    text = folder / "hemmelig.txt"
    text.write_text(f"{SECRET_TEXT}\n", encoding="utf-8")
    return picture, text


@dataclass
class Targets:
    """Where a hostile file points: an HTTP server, an FTP port and local secret files."""

    http: str
    ftp: str
    secret_picture: Path
    secret_text: Path


def _field_runs(paragraph, instruction: str, result: str = "") -> None:
    """A complex field (begin · instrText · separate · result · end) appended to ``paragraph``."""
    def run(child):
        element = etree.SubElement(paragraph, f"{{{W}}}r")
        element.append(child)
        return child
    run(etree.Element(f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": "begin"}))
    half = len(instruction) // 2   # split the instruction over two runs, as Word often does
    for part in (instruction[:half], instruction[half:]):
        text = run(etree.Element(f"{{{W}}}instrText"))
        text.text = part
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run(etree.Element(f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": "separate"}))
    shown = run(etree.Element(f"{{{W}}}t"))
    shown.text = result or "feltresultat"
    run(etree.Element(f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": "end"}))


def hostile_docx(path: Path, targets: Targets) -> Path:
    """A Word file whose pictures, fields, template, sub-document and VML all reach outside the file."""
    document = docx.Document()
    document.add_paragraph("Notat om samarbejdet i KKR – et bilag med eksterne henvisninger.")
    picture = io.BytesIO(png(12, 12))
    for _ in range(3):
        document.add_picture(picture)
        picture.seek(0)
    document.add_paragraph("Et almindeligt link: https://www.kl.dk bliver stående.")
    buffer = io.BytesIO()
    document.save(buffer)
    parts = _parts(buffer.getvalue())

    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    external = {"rIdHttpPic": (REL_IMAGE, f"{targets.http}/billede.png"),
                "rIdFtpPic": (REL_IMAGE, f"{targets.ftp}/billede.png"),
                "rIdFilePic": (REL_IMAGE, targets.secret_picture.resolve().as_uri()),
                "rIdVml": (REL_IMAGE, f"{targets.http}/vml.png"),
                "rIdSub": (R + "/subDocument", f"{targets.http}/under.docx"),
                "rIdChunk": (R + "/aFChunk", targets.secret_text.resolve().as_uri()),
                "rIdOle": (R + "/oleObject", f"{targets.http}/objekt.xlsx"),
                "rIdLink": (R + "/hyperlink", "https://www.kl.dk/")}
    for rid, (kind, target) in external.items():
        etree.SubElement(rels, f"{{{PKG}}}Relationship", Id=rid, Type=kind, Target=target,
                         TargetMode="External")
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                          standalone=True)

    body_xml = etree.fromstring(parts["word/document.xml"])
    body = body_xml.find(f"{{{W}}}body")
    for blip, rid in zip(body_xml.iter(f"{{{A}}}blip"), ("rIdHttpPic", "rIdFtpPic", "rIdFilePic")):
        del blip.attrib[f"{{{R}}}embed"]          # "insert picture, link to file" in Word
        blip.set(f"{{{R}}}link", rid)
    section = body[-1]
    paragraphs = []
    for instruction in (f' INCLUDEPICTURE "{targets.http}/felt.png" \\d ',
                        f' INCLUDETEXT "{targets.secret_text.resolve()}" ',
                        f' LINK Excel.Sheet.12 "{targets.http}/ark.xlsx" "Ark1!R1C1" \\a \\t ',
                        f' INCLUDEPICTURE "{targets.secret_picture.resolve().as_uri()}" \\d '):
        paragraph = etree.Element(f"{{{W}}}p")
        _field_runs(paragraph, instruction)
        paragraphs.append(paragraph)
    simple = etree.fromstring(f'<w:p xmlns:w="{W}"><w:fldSimple w:instr=" INCLUDEPICTURE &quot;{targets.ftp}'
                              f'/simpel.png&quot; \\d "><w:r><w:t>simpelt felt</w:t></w:r></w:fldSimple></w:p>')
    vml = etree.fromstring(
        f'<w:p xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml" '
        f'xmlns:o="urn:schemas-microsoft-com:office:office" '
        f'xmlns:r="{R}"><w:r><w:pict><v:shape id="_x0000_i1025" style="width:40pt;height:40pt">'
        f'<v:imagedata r:id="rIdVml" o:title=""/></v:shape></w:pict></w:r>'
        f'<w:r><w:object><v:shape id="_x0000_i1026" style="width:40pt;height:40pt">'
        f'<v:imagedata src="{targets.http}/vmlsrc.png" o:title=""/></v:shape>'
        f'<o:OLEObject Type="Link" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1026" DrawAspect="Content" '
        f'r:id="rIdOle" UpdateMode="Always"/></w:object></w:r></w:p>')
    linked = etree.fromstring(f'<w:p xmlns:w="{W}" xmlns:r="{R}"><w:hyperlink r:id="rIdLink"><w:r>'
                              f'<w:t>KL</w:t></w:r></w:hyperlink></w:p>')
    sub = etree.fromstring(f'<w:p xmlns:w="{W}" xmlns:r="{R}"><w:subDoc r:id="rIdSub"/></w:p>')
    chunk = etree.fromstring(f'<w:altChunk xmlns:w="{W}" xmlns:r="{R}" r:id="rIdChunk"/>')
    for element in (*paragraphs, simple, vml, linked, sub, chunk):
        section.addprevious(element)
    parts["word/document.xml"] = etree.tostring(body_xml, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)

    settings_rels = etree.Element(f"{{{PKG}}}Relationships", nsmap={None: PKG})
    etree.SubElement(settings_rels, f"{{{PKG}}}Relationship", Id="rIdTpl", Type=R + "/attachedTemplate",
                     Target=f"{targets.http}/skabelon.dotx", TargetMode="External")
    parts["word/_rels/settings.xml.rels"] = etree.tostring(settings_rels, xml_declaration=True,
                                                          encoding="UTF-8", standalone=True)
    settings = etree.fromstring(parts["word/settings.xml"])
    template = etree.Element(f"{{{W}}}attachedTemplate", nsmap={"r": R})
    template.set(f"{{{R}}}id", "rIdTpl")
    settings.insert(0, template)
    settings.insert(0, etree.Element(f"{{{W}}}linkStyles"))
    parts["word/settings.xml"] = etree.tostring(settings, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    _write(path, parts)
    return path


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, parts: dict[str, bytes]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


class _Listener:
    """A server on 127.0.0.1 (random port) that records every connection it accepts."""

    def __init__(self):
        self.connections: list[str] = []

    @property
    def seen(self) -> int:
        return len(self.connections)


class HttpListener(_Listener):
    def __init__(self):
        super().__init__()
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def setup(self):
                listener.connections.append("connect")
                super().setup()

            def _answer(self):
                listener.connections.append(f"{self.command} {self.path}")
                body = png(20, 20)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class TcpListener(_Listener):
    """A bare TCP listener standing in for an FTP server: any accepted connection counts."""

    def __init__(self):
        super().__init__()
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.socket.settimeout(0.2)
        self.url = f"ftp://127.0.0.1:{self.socket.getsockname()[1]}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append("connect")
            try:
                connection.sendall(b"220 ready\r\n")
            finally:
                connection.close()

    def close(self):
        self._stop.set()
        self.thread.join(2)
        self.socket.close()


def secret_traces(path: Path, name: str = "") -> list[str]:
    """Every place in ``path`` (a PDF, a ZIP such as a DOCX or a pack, or any file) holding a secret:
    the secret text in bytes, inflated streams or page text, or a picture of the secret's size."""
    name = name or str(path)
    data = path.read_bytes()
    return _traces(data, name)


def _traces(data: bytes, name: str) -> list[str]:
    found = []
    needle = SECRET_TEXT.encode()
    if needle in data or SECRET_TEXT.encode("utf-16-le") in data:
        found.append(f"{name}: secret text in the bytes")
    if data.startswith(b"%PDF-"):
        found += _pdf_traces(data, name)
    elif data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.infolist():
                found += _traces(archive.read(entry), f"{name}!{entry.filename}")
    elif data.startswith(b"\x89PNG") and data[16:24] == struct.pack(">II", *SECRET_IMAGE_SIZE):
        found.append(f"{name}: the secret picture")
    return found


def _pdf_traces(data: bytes, name: str) -> list[str]:
    found = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, obj in enumerate(pdf.objects):
            if not isinstance(obj, pikepdf.Stream):
                continue
            if obj.get("/Subtype") == "/Image" and (int(obj.get("/Width", 0)),
                                                     int(obj.get("/Height", 0))) == SECRET_IMAGE_SIZE:
                found.append(f"{name}: object {number} is the secret picture")
            try:
                content = obj.read_bytes()
            except pikepdf.PdfError:
                continue
            if SECRET_TEXT.encode() in content:
                found.append(f"{name}: object {number} holds the secret text")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, timeout=120).stdout
        if SECRET_TEXT.encode() in text:
            found.append(f"{name}: the secret text on a page")
    return found
