"""Stripping active PDF content: action chains, cycles, addresses, forms, and what is kept."""

from __future__ import annotations

import warnings

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from kkrdesk.core.files.pdf_active import find_active_content, ready_for_pack, strip_active_content
from tests.hostile_pdfs import active_leftovers, hostile_pdf


def _one_link(action) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 10, 10]), A=action))
    pdf.pages[0].obj.Annots = Array([link])
    return pdf


def _copied(pdf: pikepdf.Pdf) -> pikepdf.Pdf:
    """The pages as a pack copies them (the catalogue stays behind)."""
    out = pikepdf.new()
    out.pages.extend(pdf.pages)
    return out


def test_a_chain_that_loops_through_next_ends_and_loses_only_its_script(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    first = pdf.make_indirect(Dictionary(S=Name.URI, URI=String("https://kl.dk/")))
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("x()"), Next=first))
    first.Next = Array([script, Dictionary(S=Name.Named, N=Name.NextPage)])
    link = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]), A=first))
    pdf.pages[0].obj.Annots = Array([link])
    found = strip_active_content(pdf)
    assert found.removed == {"javascript": 1} and found.kept_links == ("https://kl.dk/",)
    kept = pdf.pages[0].obj.Annots[0].A
    assert kept.URI == "https://kl.dk/" and kept.Next.N == Name.NextPage and "/Next" not in kept.Next
    assert active_leftovers(_copied(pdf)) == []


@pytest.mark.parametrize("address, kept", [
    ("https://www.kl.dk/", True), ("HTTP://example.org/x?a=1", True), ("file:///C:/Windows/win.ini", False),
    ("javascript:alert(1)", False), ("smb://server/share", False), ("//server/share", False),
    ("mailto:a@b.dk", False), ("https://kl.dk/\x1b]0;title\x07", False), ("https://kl.dk/æøå", False),
])
def test_only_plain_web_addresses_are_kept(address, kept):
    pdf = _one_link(Dictionary(S=Name.URI, URI=String(address)))
    found = strip_active_content(pdf)
    assert (found.kept_links == (address,)) is kept
    assert ("/Annots" in pdf.pages[0].obj and len(pdf.pages[0].obj.Annots) == 1) is kept


def test_a_link_that_ran_a_program_is_removed_but_one_with_a_destination_stays():
    pdf = _one_link(Dictionary(S=Name.Launch, F=String("cmd.exe")))
    pdf.add_blank_page()
    other = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]),
                                         Dest=Array([pdf.pages[1].obj, Name.Fit]),
                                         A=Dictionary(S=Name.GoToR, F=String("x.pdf"))))
    pdf.pages[0].obj.Annots.append(other)
    assert strip_active_content(pdf).removed == {"launch": 1, "remote-goto": 1}
    [left] = pdf.pages[0].obj.Annots
    assert "/A" not in left and left.Dest[0].objgen == pdf.pages[1].objgen


def test_an_action_hidden_under_an_unknown_key_is_emptied():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.PieceInfo = Dictionary(Hidden=Dictionary(S=Name.Launch, F=String("cmd.exe")))
    assert strip_active_content(pdf).removed == {"launch": 1}
    assert active_leftovers(_copied(pdf)) == []


def test_finding_changes_nothing_and_agrees_with_stripping(tmp_path):
    path = hostile_pdf(tmp_path / "h.pdf")
    with pikepdf.open(path) as pdf:
        before = len(active_leftovers(pdf))
        found = find_active_content(pdf)
        assert len(active_leftovers(pdf)) == before
        assert strip_active_content(pdf) == found
        assert find_active_content(pdf).removed == {}


def test_a_filled_form_is_printed_into_the_page_without_warnings(tmp_path):
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(tmp_path / "form.pdf"))
    drawing.drawString(72, 800, "Ansøgning")
    drawing.acroForm.textfield(name="navn", value="Jens Hansen", x=72, y=700, width=200, height=20)
    drawing.showPage()
    drawing.save()
    with pikepdf.open(tmp_path / "form.pdf") as pdf, warnings.catch_warnings():
        warnings.simplefilter("error")
        found = ready_for_pack(pdf)
        out = _copied(pdf)
        out.save(tmp_path / "out.pdf")
    assert found.form_fields == 1 and found.removed == {}
    import pypdfium2

    document = pypdfium2.PdfDocument(str(tmp_path / "out.pdf"))
    assert "Jens Hansen" in document[0].get_textpage().get_text_range()
    document.close()


def test_keeping_active_content_keeps_it_but_still_says_what_it_is(tmp_path):
    with pikepdf.open(hostile_pdf(tmp_path / "h.pdf")) as pdf:
        found = ready_for_pack(pdf, keep_active_content=True)
        assert found.removed["javascript"] == 10
        assert "action /Launch" in active_leftovers(_copied(pdf))


@pytest.mark.parametrize("name", sorted(__import__("tests.hostile_pdfs", fromlist=["x"]).one_class_pdfs()))
def test_every_class_of_the_corpus_is_found_and_none_of_it_is_copied(name):
    import io

    from tests.hostile_pdfs import one_class_pdfs

    with pikepdf.open(io.BytesIO(one_class_pdfs()[name])) as pdf:
        assert active_leftovers(pdf)
        assert ready_for_pack(pdf).total >= 1
        assert active_leftovers(_copied(pdf)) == []


def test_an_open_action_that_only_sets_the_first_view_is_not_reported():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
    assert find_active_content(pdf).removed == {}
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]),
                                     Next=Dictionary(S=Name.JavaScript, JS=String("x()")))
    assert find_active_content(pdf).removed == {"javascript": 1}


def test_a_page_without_type_reached_through_a_link_still_loses_its_attachment():
    pdf = _one_link(Dictionary(S=Name.URI, URI=String("https://kl.dk/")))
    pdf.add_blank_page()
    second = pdf.pages[1].obj
    del second["/Type"]
    pdf.pages[0].obj.Annots[0].Dest = Array([second, Name.Fit])
    second.Annots = Array([pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment,
                                                        Rect=Array([0, 0, 9, 9])))])
    assert strip_active_content(pdf).removed == {"file-attachment": 1}
    assert len(second.Annots) == 0


def test_flattening_the_form_leaves_comments_and_links_on_other_pages_alone(tmp_path):
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(tmp_path / "form.pdf"))
    drawing.acroForm.textfield(name="navn", value="Jens Hansen", x=72, y=700, width=200, height=20)
    drawing.showPage()
    drawing.drawString(72, 800, "Side 2")
    drawing.showPage()
    drawing.save()
    with pikepdf.open(tmp_path / "form.pdf") as pdf:
        look = pdf.make_stream(b"0 0 1 rg 0 0 10 10 re f")
        look.Type, look.Subtype, look.BBox = Name.XObject, Name.Form, Array([0, 0, 10, 10])
        comment = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=Array([0, 0, 10, 10]),
                                               AP=Dictionary(N=look), Contents=String("Se her")))
        pdf.pages[1].obj.Annots = Array([comment])
        ready_for_pack(pdf)
        assert [str(a.Subtype) for a in pdf.pages[1].obj.Annots] == ["/Square"]
        assert "/Annots" not in pdf.pages[0].obj or len(pdf.pages[0].obj.Annots) == 0


def test_a_form_that_asks_for_appearances_gets_them_before_it_is_printed_in(tmp_path):
    from reportlab.pdfgen import canvas

    drawing = canvas.Canvas(str(tmp_path / "form.pdf"))
    drawing.acroForm.textfield(name="navn", value="Jens Hansen", x=72, y=700, width=200, height=20)
    drawing.showPage()
    drawing.save()
    with pikepdf.open(tmp_path / "form.pdf") as pdf, warnings.catch_warnings():
        warnings.simplefilter("error")
        pdf.Root.AcroForm.NeedAppearances = True
        for annotation in pdf.pages[0].Annots:
            del annotation["/AP"]
        ready_for_pack(pdf)
        _copied(pdf).save(tmp_path / "out.pdf")
    import pypdfium2

    document = pypdfium2.PdfDocument(str(tmp_path / "out.pdf"))
    assert "Jens Hansen" in document[0].get_textpage().get_text_range()
    document.close()


def test_links_to_named_destinations_point_at_the_page_itself_after_copying():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    second = pdf.pages[1].obj
    pdf.Root.Names = Dictionary(Dests=Dictionary(Names=Array([String("bilag-side-2"), Array([second, Name.Fit])])))
    pdf.Root.Dests = Dictionary(Afsnit=Dictionary(D=Array([second, Name.FitH, 800])))
    links = [Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]), Dest=String("bilag-side-2")),
             Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]),
                        A=Dictionary(S=Name.GoTo, D=Name("/Afsnit")))]
    pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link) for link in links])
    ready_for_pack(pdf)
    out = _copied(pdf)
    first, target = out.pages[0].obj, out.pages[1].obj
    assert first.Annots[0].Dest[0].objgen == target.objgen
    assert first.Annots[1].A.D[0].objgen == target.objgen and first.Annots[1].A.D[1] == Name.FitH


def test_a_fuzzed_pdf_whose_keys_are_not_text_is_walked_not_called_damaged(shared):
    """qpdf's fuzz file 57639 has dictionary keys pikepdf's get() refuses; walking its objects
    must not turn kkrdesk's own TypeError into "the file is damaged"."""
    from kkrdesk.core.files.pdf_active import active_content_of

    found = active_content_of(shared / "corpus" / "qpdf" / "57639.fuzz")
    assert found is not None
