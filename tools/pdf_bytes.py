"""PDF files written object by object, by hand: test and benchmark inputs made without any PDF library."""

from __future__ import annotations


def pdf_from_objects(objects: list[bytes], header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF whose object N is ``objects[N - 1]`` (object 1 the catalog), with a correct xref table."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
